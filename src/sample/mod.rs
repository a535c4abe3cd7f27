//! `redeval sample`: a deterministic synthetic data set shaped like a real district.
//!
//! About ten red property companies and two non-red ones of different sizes, the member units
//! of the working committee (departments and street party working committees), 45 instructors
//! serving 60 organisations, complaints for every year with winter heating-season peaks and
//! company-specific trends, duty rows and visit notes for the last two years — and the mess of
//! real ledgers: a title row, alias headers, text dates, and a handful of deliberately bad rows
//! (listed by [`bad_rows`] so tests and the manual can name them).

mod complaints;
mod district;
mod people;

use crate::error::Error;
use crate::fields::List;
use crate::fields::{self, Key, SheetKind};
use crate::model::Status;
use crate::report::input::InCell;
use chrono::NaiveDate;
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
        // the same id with another 问题类别 and 信访渠道: one complaint (SPEC §1.10)
        "为同一信访编号，按一条计".into(),
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
    InCell::Text(fields::yes_no(b).into())
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

fn werr(p: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Write {
        path: p.to_path_buf(),
        msg: e.to_string(),
    }
}

/// Write the sample data set into `out`. Returns the number of complaint rows written.
///
/// # Errors
/// A message naming the file that could not be written.
pub fn generate(out: &Path, o: &SampleOptions) -> Result<u64, Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let total = complaints::write(out, o, &mut rng)?;
    people::write_register(out, o)?;
    people::write_instructors(out, o, &mut rng)?;
    people::write_duty(out, o, &mut rng)?;
    Ok(total)
}
