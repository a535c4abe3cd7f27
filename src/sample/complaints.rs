//! The sample's 物业信访台账: one workbook per month, the heating-season peaks, company trends,
//! the messy March ledger and the documented bad rows.

use super::district::*;
use super::{d, days_in_month, werr, yes, SampleOptions};
use crate::error::Error;
use crate::fields::{Key, SheetKind};
use crate::model::{Satisfaction, Status};
use crate::report::input::{write_ledger, InCell, InSheet};
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

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

/// The company whose complaints fall by about 70 % in the last year (信访骤降).
const DROP_COMPANY: usize = 7;

/// The company that closes 90 % of its complaints on the day received (当日办结集中).
const SAME_DAY_COMPANY: usize = 9;

fn complaint_rows(
    rng: &mut ChaCha8Rng,
    o: &SampleOptions,
    year: i32,
    month: u32,
    seq: &mut u32,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for (ci, co) in COMPANIES.iter().enumerate() {
        let k = year - o.first_year;
        let mean = co.households / 1000.0 * co.rate / 12.0
            * SEASON[month as usize - 1]
            * co.trend.powi(k)
            * o.scale as f64;
        let n = (mean * rng.gen_range(0.75..1.25) + rng.gen::<f64>()).floor() as u32;
        for _ in 0..n {
            rows.extend(draw(rng, o, (ci, co), (year, month), seq));
        }
    }
    rows.sort_by(|a, b| a.received.cmp(&b.received).then(a.id.cmp(&b.id)));
    rows
}

/// One complaint of company `ci` in (year, month), or `None` when the 信访骤降 case drops it.
/// Every random draw happens in the same order whatever is kept.
fn draw(
    rng: &mut ChaCha8Rng,
    o: &SampleOptions,
    (ci, co): (usize, &Co),
    (year, month): (i32, u32),
    seq: &mut u32,
) -> Option<Row> {
    let year_end = d(o.last_year, 12, 31);
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
    let satisfaction = satisfaction(rng.gen::<f64>(), open, q);
    let name = if rng.gen::<f64>() < 0.3 {
        co.alias
    } else {
        co.name
    };
    let last = year == o.last_year;
    // SPEC §8.3 cases, decided after every random draw so the stream stays the same:
    // one company's complaints collapse in the last year (possible under-recording) …
    if last && ci == DROP_COMPANY && *seq % 10 < 7 {
        return None;
    }
    // … and another closes nearly everything on the day it was received
    let closed = match closed {
        Some(_) if last && ci == SAME_DAY_COMPANY && !(*seq).is_multiple_of(10) => Some(received),
        c => c,
    };
    Some(Row {
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
    })
}

/// 回访结果 for a uniform draw `u`: open complaints are not visited; better companies
/// satisfy more.
fn satisfaction(u: f64, open: bool, q: f64) -> &'static str {
    let s = if open || u < 0.08 {
        Satisfaction::NotVisited
    } else if u < 0.08 + 0.6 * q + 0.2 {
        Satisfaction::Satisfied
    } else if u < 0.08 + 0.6 * q + 0.35 {
        Satisfaction::Basic
    } else {
        Satisfaction::Unsatisfied
    };
    s.label()
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
            // Same id as the first row of the month, another 问题类别 and 信访渠道: one complaint
            // (SPEC §1.10: descriptive fields from the first row), with an 已合并 line.
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

/// One complaint workbook per month; returns the rows written.
pub(super) fn write(out: &Path, o: &SampleOptions, rng: &mut ChaCha8Rng) -> Result<u64, Error> {
    let mut total = 0u64;
    for year in o.first_year..=o.last_year {
        let mut seq = 0u32;
        for month in 1..=12u32 {
            let raw = complaint_rows(rng, o, year, month, &mut seq);
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
    Ok(total)
}
