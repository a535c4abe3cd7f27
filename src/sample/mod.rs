//! `redeval sample`: a deterministic synthetic data set shaped like a real district.
//!
//! About ten red property companies and two non-red ones of different sizes, the member units
//! of the working committee (departments and street party working committees), 45 instructors
//! serving 60 organisations, complaints for every year with winter heating-season peaks and
//! company-specific trends, duty rows and visit notes for the last two years — and the mess of
//! real ledgers: a title row, alias headers, text dates, and a handful of deliberately bad rows
//! (listed by [`bad_rows`] so tests and the manual can name them).

mod district;

use crate::fields::{self, Key, SheetKind};
use crate::model::{Satisfaction, Status};
use crate::report::input::{write_ledger, InCell, InSheet};
use chrono::{Datelike, Duration, NaiveDate};
use district::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// Sample options.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    pub seed: u64,
    pub first_year: i32,
    pub last_year: i32,
    pub scale: u32,
}

/// The deliberately bad complaint rows, by the problem they carry (all in the last year).
pub fn bad_rows() -> Vec<String> {
    let closed = Status::Closed.label();
    vec![
        "信访编号为空".into(),
        "受理日期不是有效日期".into(),
        format!("办理状态应为 {}", fields::STATUS.listing()),
        "办结日期早于受理日期".into(),
        "信访编号重复且内容不同".into(),
        format!("状态为{closed}但办结日期为空"),
        "满意度应为".into(),
        "未在名录中的物业企业".into(),
        "完全相同，按一条计".into(),
    ]
}

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        d(y + 1, 1, 1)
    } else {
        d(y, m + 1, 1)
    };
    (next - d(y, m, 1)).num_days() as u32
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.gen_range(0..xs.len())]
}

fn yes(b: bool) -> InCell {
    InCell::Text(if b { "是" } else { "否" }.into())
}

/// Parse `A-B` (or a single year).
///
/// # Errors
/// A message when the text is not a year range.
pub fn parse_years(s: &str) -> Result<(i32, i32), String> {
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (s.trim(), s.trim()),
    };
    let a: i32 = a
        .parse()
        .map_err(|_| format!("年份范围 `{s}` 无效，应如 2022-2024"))?;
    let b: i32 = b
        .parse()
        .map_err(|_| format!("年份范围 `{s}` 无效，应如 2022-2024"))?;
    if !(1990..=2100).contains(&a) || b < a || b - a > 20 {
        return Err(format!("年份范围 `{s}` 无效，应如 2022-2024"));
    }
    Ok((a, b))
}

/// One generated complaint (before it becomes ledger cells).
struct Row {
    id: String,
    received: NaiveDate,
    company: String,
    community: String,
    street: String,
    category: &'static str,
    channel: &'static str,
    status: &'static str,
    closed: Option<NaiveDate>,
    satisfaction: &'static str,
    repeat: bool,
    escalated: bool,
    collective: bool,
}

fn complaint_rows(
    rng: &mut ChaCha8Rng,
    o: &SampleOptions,
    year: i32,
    month: u32,
    seq: &mut u32,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let year_end = d(o.last_year, 12, 31);
    for (ci, co) in COMPANIES.iter().enumerate() {
        let k = year - o.first_year;
        let mean = co.households / 1000.0 * co.rate / 12.0
            * SEASON[month as usize - 1]
            * co.trend.powi(k)
            * o.scale as f64;
        let n = (mean * rng.gen_range(0.75..1.25) + rng.gen::<f64>()).floor() as u32;
        for _ in 0..n {
            *seq += 1;
            let day = rng.gen_range(1..=days_in_month(year, month));
            let received = d(year, month, day);
            let q = co.quality;
            let handling = if rng.gen::<f64>() < q.max(0.6) {
                rng.gen_range(1..=13)
            } else {
                rng.gen_range(10..=35)
            };
            let closed_on = received + Duration::days(handling);
            let open = closed_on > year_end || rng.gen::<f64>() < 0.02;
            let (status, closed) = if open {
                (
                    if rng.gen::<f64>() < 0.7 {
                        Status::InProgress.label()
                    } else {
                        Status::NotStarted.label()
                    },
                    None,
                )
            } else {
                (Status::Closed.label(), Some(closed_on))
            };
            let u = rng.gen::<f64>();
            let satisfaction = if open || u < 0.08 {
                Satisfaction::NotVisited.label()
            } else if u < 0.08 + 0.6 * q + 0.2 {
                Satisfaction::Satisfied.label()
            } else if u < 0.08 + 0.6 * q + 0.35 {
                Satisfaction::Basic.label()
            } else {
                Satisfaction::Unsatisfied.label()
            };
            let name = if rng.gen::<f64>() < 0.3 {
                co.alias
            } else {
                co.name
            };
            let last = year == o.last_year;
            // SPEC §8.3 cases, decided after every random draw so the stream stays the same:
            // one company's complaints collapse in the last year (possible under-recording) …
            if last && ci == DROP_COMPANY && *seq % 10 < 7 {
                continue;
            }
            // … and another closes nearly everything on the day it was received
            let closed = match closed {
                Some(_) if last && ci == SAME_DAY_COMPANY && !(*seq).is_multiple_of(10) => {
                    Some(received)
                }
                c => c,
            };
            rows.push(Row {
                id: format!("XF{year}{:06}", *seq),
                received,
                company: name.to_string(),
                community: format!(
                    "{}{}小区",
                    COMMUNITIES[(ci + rng.gen_range(0..3)) % COMMUNITIES.len()],
                    ci + 1
                ),
                street: co.street.to_string(),
                category: if SEASON[month as usize - 1] > 1.0 && rng.gen::<f64>() < 0.45 {
                    "供暖"
                } else {
                    CATEGORIES[rng.gen_range(0..CATEGORIES.len())]
                },
                channel: CHANNELS[rng.gen_range(0..CHANNELS.len())],
                status,
                closed,
                satisfaction,
                repeat: rng.gen::<f64>() < 0.12 * (1.2 - q),
                escalated: rng.gen::<f64>() < 0.02 * (1.2 - q),
                collective: false,
            });
        }
    }
    rows.sort_by(|a, b| a.received.cmp(&b.received).then(a.id.cmp(&b.id)));
    rows
}

/// The company whose complaints fall by about 70 % in the last year (信访骤降).
const DROP_COMPANY: usize = 7;
/// The company that closes 90 % of its complaints on the day received (当日办结集中).
const SAME_DAY_COMPANY: usize = 9;

/// The headers of `kind` in the order of `keys`, as the field table names them: the
/// canonical name, or another of its names (`(Key::Date, 1)` is 走访日期).
fn headers(kind: SheetKind, keys: &[(Key, usize)]) -> Vec<String> {
    keys.iter()
        .map(|&(k, alias)| {
            let f = kind.fields().iter().find(|f| f.key == k);
            f.map_or("", |f| f.names[alias.min(f.names.len() - 1)])
                .to_string()
        })
        .collect()
}

/// The complaint ledger's headers: canonical, or (a messy office) the first alias of each,
/// with stray spaces around the id's.
fn complaint_headers(mess: bool) -> Vec<String> {
    SheetKind::Complaints
        .fields()
        .iter()
        .map(|f| match (mess, f.key) {
            (false, _) => f.names[0].to_string(),
            (true, Key::Id) => format!(" {} ", f.names[1]),
            (true, _) => f.names[1].to_string(),
        })
        .collect()
}

fn text_date(dt: NaiveDate, style: u32) -> InCell {
    InCell::Text(match style % 3 {
        0 => format!("{}年{}月{}日", dt.year(), dt.month(), dt.day()),
        1 => format!("{}/{}/{}", dt.year(), dt.month(), dt.day()),
        _ => format!("{}.{}.{}", dt.year(), dt.month(), dt.day()),
    })
}

fn to_cells(r: &Row, text_dates: bool, k: u32) -> Vec<InCell> {
    let date = |x: Option<NaiveDate>| match x {
        Some(x) if text_dates => text_date(x, k),
        other => InCell::from(other),
    };
    vec![
        r.id.clone().into(),
        date(Some(r.received)),
        r.company.clone().into(),
        r.community.clone().into(),
        r.street.clone().into(),
        r.category.into(),
        r.channel.into(),
        r.status.into(),
        date(r.closed),
        r.satisfaction.into(),
        yes(r.repeat),
        yes(r.escalated),
        yes(r.collective),
    ]
}

/// SPEC §8.3 cases in the last year's notes: the instructor with most notes copies one
/// summary into all of them (笔记雷同); the second-busiest logs field visits at five
/// organisations on one day (同日多地).
fn notes_cases(
    rows: &mut Vec<(NaiveDate, Vec<InCell>)>,
    instructors: &[(String, &str, f64)],
    orgs: &[(String, &str)],
    year: i32,
) {
    let mut count: Vec<(usize, usize)> = instructors
        .iter()
        .enumerate()
        .map(|(i, (name, ..))| {
            let n = rows
                .iter()
                .filter(|r| matches!(&r.1[0], InCell::Text(t) if t == name))
                .count();
            (n, i)
        })
        .collect();
    count.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let copier = &instructors[count[0].1].0;
    for r in rows.iter_mut() {
        if matches!(&r.1[0], InCell::Text(t) if t == copier) {
            r.1[5] = "深入联系组织，了解党建工作开展情况，宣讲有关政策".into();
        }
    }
    let (name, unit, _) = &instructors[count[1].1];
    let day = d(year, 6, 18);
    for (k, org) in orgs.iter().skip(1).step_by(9).take(5).enumerate() {
        rows.push((
            day,
            vec![
                name.clone().into(),
                (*unit).into(),
                org.0.clone().into(),
                InCell::Date(day),
                fields::ON_SITE.into(),
                format!("6月18日到{}，第{}站", org.0, k + 1).into(),
                0.0.into(),
                0.0.into(),
                fields::PROGRESS.word(1).into(),
            ],
        ));
    }
}

/// Inject the documented bad rows into the last year's monthly ledgers.
fn spoil(month: u32, rows: &mut Vec<Vec<InCell>>, raw: &[Row]) {
    if rows.len() < 4 {
        return;
    }
    match month {
        1 => rows[1][0] = InCell::Empty,
        2 => rows[2][1] = InCell::Text(format!("{}-02-30", raw[2].received.year())),
        4 => rows[1][7] = "已结案".into(),
        5 => {
            let r = &raw[3];
            rows[3][7] = Status::Closed.label().into();
            rows[3][8] = InCell::Date(r.received - Duration::days(3));
        }
        6 => {
            // Same id as the first row of the month, different content: both rows rejected.
            let mut dup = rows[0].clone();
            dup[5] = "电梯".into();
            dup[6] = "来信".into();
            rows.push(dup);
        }
        7 => {
            rows[2][7] = Status::Closed.label().into();
            rows[2][8] = InCell::Empty;
        }
        8 => rows[1][9] = "很满意".into(),
        9 => rows[2][2] = "宏达物业".into(),
        10 => {
            // An identical duplicate (copied twice into the ledger): merged.
            let dup = rows[1].clone();
            rows.push(dup);
        }
        _ => {}
    }
}

/// Write the sample data set into `out`. Returns the number of complaint rows written.
///
/// # Errors
/// A message naming the file that could not be written.
pub fn generate(out: &Path, o: &SampleOptions) -> Result<u64, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let werr = |p: &Path, e: rust_xlsxwriter::XlsxError| format!("无法写入 `{}`: {e}", p.display());
    let mut total = 0u64;
    // Complaints: one workbook per month.
    for year in o.first_year..=o.last_year {
        let mut seq = 0u32;
        for month in 1..=12u32 {
            let raw = complaint_rows(&mut rng, o, year, month, &mut seq);
            let mess = year == o.last_year && month == 3;
            let mut rows: Vec<Vec<InCell>> = raw
                .iter()
                .enumerate()
                .map(|(k, r)| to_cells(r, mess, k as u32))
                .collect();
            if year == o.last_year {
                if month == 11 && !rows.is_empty() {
                    // A collective petition against the best-run company: its grade is capped.
                    if let Some(i) = raw.iter().position(|r| r.company.contains("金城")) {
                        rows[i][12] = yes(true);
                    }
                }
                spoil(month, &mut rows, &raw);
            }
            total += rows.len() as u64;
            let sheet = InSheet {
                name: format!("{month}月"),
                title_rows: if mess {
                    vec![
                        format!("{year}年{month}月物业信访台账"),
                        format!("填报单位：区信访局　　填报日期：{year}年{}月2日", month + 1),
                        String::new(),
                    ]
                } else {
                    Vec::new()
                },
                headers: complaint_headers(mess),
                rows,
                ..Default::default()
            };
            let p = out.join(format!(
                "信访台账/{year}/{year}年{month:02}月物业信访台账.xlsx"
            ));
            write_ledger(&p, &[sheet]).map_err(|e| werr(&p, e))?;
        }
    }
    // Register.
    let reg_rows = COMPANIES
        .iter()
        .map(|c| {
            vec![
                c.name.into(),
                match c.alias.strip_suffix("物业") {
                    Some(short) => format!("{}、{short}", c.alias).into(),
                    None => c.alias.into(),
                },
                c.street.into(),
                if c.households == 2400.0 {
                    "2,400".into()
                } else {
                    c.households.into()
                },
                yes(c.red),
                c.party.label().into(),
                c.members.into(),
            ]
        })
        .collect();
    let p = out.join("物业企业名录.xlsx");
    write_ledger(
        &p,
        &[InSheet {
            title_rows: vec![format!("太平区物业企业名录（{}年）", o.last_year)],
            headers: {
                use Key::*;
                let mut h = headers(
                    SheetKind::Register,
                    &[(Company, 0), (Aliases, 0), (Street, 0), (Households, 0)],
                );
                h[3].push_str("（户）");
                h.extend(headers(
                    SheetKind::Register,
                    &[(Red, 0), (PartyOrg, 0), (Members, 0)],
                ));
                h
            },
            ..InSheet::new("名录", &[], reg_rows)
        }],
    )
    .map_err(|e| werr(&p, e))?;

    // Instructors: 45 people from the units, serving 60 organisations.
    let mut orgs = Vec::new();
    for i in 0..60 {
        let (name, ty) = match i % 3 {
            0 => (
                format!(
                    "太平区{}科技有限公司",
                    [
                        "启航", "星火", "智联", "恒信", "博远", "鼎盛", "华创", "腾飞", "天成",
                        "卓越"
                    ][i / 3 % 10]
                ),
                fields::ORG_TYPE.word(0),
            ),
            1 => (
                format!(
                    "太平区{}社会工作服务中心",
                    [
                        "阳光", "爱心", "和美", "益民", "同心", "暖阳", "春晖", "善行", "明德",
                        "惠民"
                    ][i / 3 % 10]
                ),
                fields::ORG_TYPE.word(1),
            ),
            _ => (
                format!(
                    "{}{}站",
                    [
                        "城南", "城北", "东风", "新华", "海州", "细河", "清河", "彰武", "阜蒙",
                        "站前"
                    ][i / 3 % 10],
                    ["快递服务", "外卖骑手"][i / 30 % 2]
                ),
                fields::ORG_TYPE.word(2),
            ),
        };
        orgs.push((
            if i >= 30 {
                format!("{name}（二）")
            } else {
                name
            },
            ty,
        ));
    }
    let mut instructors = Vec::new();
    for i in 0..45usize {
        let name = format!(
            "{}{}",
            SURNAMES[i % SURNAMES.len()],
            GIVEN[(i * 7 + i / SURNAMES.len()) % GIVEN.len()]
        );
        let unit = UNITS[i % UNITS.len()].0;
        let diligence = 0.4 + 0.6 * rng.gen::<f64>();
        instructors.push((name, unit, diligence));
    }
    let mut pairs = Vec::new();
    for (oi, _) in orgs.iter().enumerate() {
        pairs.push((oi % 45, oi));
    }
    let roster_rows = pairs
        .iter()
        .map(|&(ii, oi)| {
            vec![
                instructors[ii].0.clone().into(),
                instructors[ii].1.into(),
                orgs[oi].0.clone().into(),
                orgs[oi].1.into(),
            ]
        })
        .collect();
    let p = out.join("指导员/指导员名册.xlsx");
    write_ledger(
        &p,
        &[InSheet {
            headers: headers(
                SheetKind::Roster,
                &[
                    (Key::Instructor, 0),
                    (Key::Unit, 0),
                    (Key::Org, 0),
                    (Key::OrgType, 0),
                ],
            ),
            ..InSheet::new("名册", &[], roster_rows)
        }],
    )
    .map_err(|e| werr(&p, e))?;
    let methods = fields::METHOD.words();
    let first_notes = (o.last_year - 1).max(o.first_year);
    for year in first_notes..=o.last_year {
        let mut rows = Vec::new();
        for &(ii, oi) in &pairs {
            let (name, unit, dil) = &instructors[ii];
            let mut progress = 0;
            for q in 0..4u32 {
                if rng.gen::<f64>() > *dil {
                    continue;
                }
                let visits = if rng.gen::<f64>() < 0.25 { 2 } else { 1 };
                for _ in 0..visits {
                    let m = q * 3 + rng.gen_range(1..=3);
                    let day = rng.gen_range(1..=days_in_month(year, m));
                    let found = rng.gen_range(0..=4u32);
                    let solved = (0..found).filter(|_| rng.gen::<f64>() < *dil).count();
                    if rng.gen::<f64>() < *dil * 0.5 {
                        progress = (progress + 1).min(2);
                    }
                    rows.push((
                        d(year, m, day),
                        vec![
                            name.clone().into(),
                            (*unit).into(),
                            orgs[oi].0.clone().into(),
                            InCell::Date(d(year, m, day)),
                            (*pick(&mut rng, &methods)).into(),
                            format!(
                                "{m}月{day}日到{}，了解{}党建工作情况，宣讲政策",
                                orgs[oi].0,
                                ["组织生活", "党员发展", "阵地建设", "群团工作"][m as usize % 4]
                            )
                            .into(),
                            (found as f64).into(),
                            (solved as f64).into(),
                            fields::PROGRESS.word(2 - progress).into(),
                        ],
                    ));
                }
            }
        }
        if year == o.last_year {
            notes_cases(&mut rows, &instructors, &orgs, year);
        }
        rows.sort_by_key(|r| r.0);
        let mut rows: Vec<Vec<InCell>> = rows.into_iter().map(|(_, r)| r).collect();
        if year == o.last_year && rows.len() > 5 {
            // Text from the field that looks like a formula must stay text in the report.
            rows[5][5] = "=3名党员亮身份，+1 项承诺践诺".into();
        }
        let p = out.join(format!("指导员/{year}年指导员工作记录.xlsx"));
        write_ledger(
            &p,
            &[InSheet {
                title_rows: vec![format!("{year}年度党建指导员工作记录")],
                headers: {
                    use Key::*;
                    let keys = [
                        Instructor, Unit, Org, Date, Method, Summary, Found, Solved, Progress,
                    ];
                    let keys: Vec<(Key, usize)> =
                        keys.iter().map(|&k| (k, usize::from(k == Date))).collect();
                    headers(SheetKind::Notes, &keys)
                },
                ..InSheet::new("工作记录", &[], rows)
            }],
        )
        .map_err(|e| werr(&p, e))?;
    }

    // Member units' duty rows for the last two years.
    for year in first_notes..=o.last_year {
        let mut rows = Vec::new();
        for (ui, &(unit, group, q)) in UNITS.iter().enumerate() {
            if year == o.last_year && ui == UNITS.len() - 1 {
                continue;
            }
            for (ti, &(dim, task)) in TASKS.iter().enumerate() {
                let weight = [20.0, 15.0, 20.0, 15.0, 15.0, 15.0][ti];
                let target = rng.gen_range(4..=12) as f64;
                let actual = (target * (q + rng.gen_range(-0.15..0.25))).round().max(0.0);
                let deadline = d(
                    year,
                    [3, 6, 9, 12, 10, 11][ti],
                    [31, 30, 30, 15, 31, 30][ti],
                );
                let late = rng.gen::<f64>() > q;
                let done = if actual <= 0.0 || rng.gen::<f64>() > q + 0.2 {
                    None
                } else if late {
                    Some(deadline + Duration::days(rng.gen_range(3..30)))
                } else {
                    Some(deadline - Duration::days(rng.gen_range(0..40)))
                };
                let insp = if rng.gen::<f64>() < q {
                    if rng.gen::<f64>() < q {
                        fields::INSPECTION.word(0)
                    } else {
                        fields::INSPECTION.word(1)
                    }
                } else if rng.gen::<f64>() < 0.7 {
                    fields::INSPECTION.word(2)
                } else {
                    fields::INSPECTION.word(3)
                };
                rows.push(vec![
                    unit.into(),
                    group.into(),
                    (year as f64).into(),
                    task.into(),
                    dim.into(),
                    weight.into(),
                    target.into(),
                    actual.into(),
                    InCell::Date(deadline),
                    InCell::from(done.map(|x| x.min(d(year, 12, 31)))),
                    (if rng.gen::<f64>() < q + 0.1 {
                        "有"
                    } else {
                        "无"
                    })
                    .into(),
                    insp.into(),
                ]);
            }
        }
        if year == o.last_year {
            // 完成日期雷同: the first unit "completed" every finished task on one day
            for r in rows.iter_mut().take(TASKS.len()) {
                if !matches!(r[9], InCell::Empty) {
                    r[9] = InCell::Date(d(year, 12, 20));
                }
            }
        }
        let p = out.join(format!("成员单位履职/{year}年度成员单位履职情况.xlsx"));
        write_ledger(
            &p,
            &[InSheet {
                headers: {
                    use Key::*;
                    let keys = [
                        Unit, Group, Year, Task, Dimension, Weight, Target, Actual, Deadline,
                        DoneOn, Evidence, Inspection,
                    ];
                    let keys: Vec<(Key, usize)> = keys.iter().map(|&k| (k, 0)).collect();
                    headers(SheetKind::Duty, &keys)
                },
                ..InSheet::new("履职情况", &[], rows)
            }],
        )
        .map_err(|e| werr(&p, e))?;
    }
    Ok(total)
}
