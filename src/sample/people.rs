//! The sample's register, member units' duty ledgers and the instructors' roster and notes,
//! with the SPEC §8.3 cases planted in the last year.

use super::district::*;
use super::{d, days_in_month, headers, pick, werr, yes, SampleOptions};
use crate::error::Error;
use crate::fields::List;
use crate::fields::{self, Key, SheetKind};
use crate::report::input::{write_ledger, InCell, InSheet};
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// 物业企业名录.
pub(super) fn write_register(out: &Path, o: &SampleOptions) -> Result<(), Error> {
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

    Ok(())
}

/// The 60 organisations served: (name, 组织类型).
fn orgs() -> Vec<(String, &'static str)> {
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
    orgs
}

/// 45 instructors from the units: (name, unit, diligence).
fn instructors(rng: &mut ChaCha8Rng) -> Vec<(String, &'static str, f64)> {
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
    instructors
}

/// 指导员名册, and the (instructor, organisation) pairs it assigns.
fn write_roster(
    out: &Path,
    instructors: &[(String, &'static str, f64)],
    orgs: &[(String, &'static str)],
) -> Result<Vec<(usize, usize)>, Error> {
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
    Ok(pairs)
}

/// Visit notes of `year`: each instructor visits each organisation in a quarter with its
/// diligence, sometimes twice; (date, cells).
fn note_rows(
    rng: &mut ChaCha8Rng,
    year: i32,
    pairs: &[(usize, usize)],
    instructors: &[(String, &'static str, f64)],
    orgs: &[(String, &'static str)],
) -> Vec<(NaiveDate, Vec<InCell>)> {
    let methods = fields::METHOD.words();
    let mut rows = Vec::new();
    for &(ii, oi) in pairs {
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
                        (*pick(rng, &methods)).into(),
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
    rows
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

/// 指导员名册 and the last two years' 指导员工作记录.
pub(super) fn write_instructors(
    out: &Path,
    o: &SampleOptions,
    rng: &mut ChaCha8Rng,
) -> Result<(), Error> {
    let orgs = orgs();
    let instructors = instructors(rng);
    let pairs = write_roster(out, &instructors, &orgs)?;
    let first_notes = (o.last_year - 1).max(o.first_year);
    for year in first_notes..=o.last_year {
        let mut rows = note_rows(rng, year, &pairs, &instructors, &orgs);
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
    Ok(())
}

/// Duty rows of `year`: every unit × task, completion and inspection following its quality
/// (the last unit sends nothing in the last year).
fn duty_rows(rng: &mut ChaCha8Rng, year: i32, last_year: i32) -> Vec<Vec<InCell>> {
    let mut rows = Vec::new();
    for (ui, &(unit, group, q)) in UNITS.iter().enumerate() {
        if year == last_year && ui == UNITS.len() - 1 {
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
            let insp = inspection(rng, q);
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
                fields::HAS
                    .word(usize::from(rng.gen::<f64>() >= q + 0.1))
                    .into(),
                insp.into(),
            ]);
        }
    }
    rows
}

/// 督查评价: good units are rated 好 or 较好, the others 一般 or 差.
fn inspection(rng: &mut ChaCha8Rng, q: f64) -> &'static str {
    let i = if rng.gen::<f64>() < q {
        usize::from(rng.gen::<f64>() >= q)
    } else if rng.gen::<f64>() < 0.7 {
        2
    } else {
        3
    };
    fields::INSPECTION.word(i)
}

/// 成员单位履职 for the last two years.
pub(super) fn write_duty(out: &Path, o: &SampleOptions, rng: &mut ChaCha8Rng) -> Result<(), Error> {
    let first_notes = (o.last_year - 1).max(o.first_year);
    for year in first_notes..=o.last_year {
        let mut rows = duty_rows(rng, year, o.last_year);
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
    Ok(())
}
