//! Trends (SPEC §4): monthly complaint counts for every year, yearly totals, YoY per month and
//! per year (同期 when the evaluation year is incomplete), per company / street / category /
//! channel comparisons of Y−1 and Y, handling quality by year, and the Mann-Kendall test with
//! Sen's slope over the whole monthly series.

pub(crate) mod mk;

use crate::metrics::company::{aggregate, count_by, Agg};
use crate::metrics::frame::{c, Col};
use crate::metrics::{ymd, ComplaintFrame, Period};
use crate::model::Dataset;
use chrono::Datelike;
use polars::prelude::*;
use std::collections::BTreeMap;

/// One year of the monthly table.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyRow {
    pub year: i32,
    /// `None` for months after `as_of` (not yet happened).
    pub counts: [Option<f64>; 12],
    pub total: f64,
    /// YoY of the year's total (same period when the year is the incomplete evaluation year);
    /// `None` for the first year or a zero base.
    pub yoy: Option<f64>,
    /// YoY per month (`None`: no base or no data).
    pub month_yoy: [Option<f64>; 12],
}

/// One line of a Y−1 / Y comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct YoyRow {
    pub key: String,
    pub prev: f64,
    pub cur: f64,
    pub change: f64,
    /// `None` when the base is 0.
    pub yoy: Option<f64>,
}

/// Handling quality of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityRow {
    pub year: i32,
    pub complaints: f64,
    pub closure_rate: f64,
    pub on_time_rate: f64,
    pub satisfaction_rate: f64,
}

/// Everything on the 信访趋势 sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    pub period: Period,
    /// Set when Y is incomplete: the yearly YoY compares Jan 1 – as_of with the same days a
    /// year earlier.
    pub same_period_note: Option<String>,
    pub monthly: Vec<MonthlyRow>,
    pub by_company: Vec<YoyRow>,
    pub by_street: Vec<YoyRow>,
    pub by_category: Vec<YoyRow>,
    pub by_channel: Vec<YoyRow>,
    pub quality: Vec<QualityRow>,
    /// The monthly series tested, from January of the first year to the month of `as_of`.
    pub series: Vec<f64>,
    pub plain: Option<mk::MkResult>,
    pub seasonal: Option<mk::MkResult>,
    /// Why the test was not run, if it was not.
    pub mk_note: Option<String>,
}

/// Growth rate; `None` on a zero base.
pub fn growth(cur: f64, prev: f64) -> Option<f64> {
    (prev != 0.0).then(|| (cur - prev) / prev)
}

fn compare(prev: &BTreeMap<String, f64>, cur: &BTreeMap<String, f64>) -> Vec<YoyRow> {
    let mut keys: Vec<&String> = prev.keys().chain(cur.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut rows: Vec<YoyRow> = keys
        .into_iter()
        .map(|k| {
            let p = prev.get(k).copied().unwrap_or(0.0);
            let c = cur.get(k).copied().unwrap_or(0.0);
            YoyRow {
                key: if k.is_empty() {
                    "（未填写）".into()
                } else {
                    k.clone()
                },
                prev: p,
                cur: c,
                change: c - p,
                yoy: growth(c, p),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.cur
            .partial_cmp(&a.cur)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.key.cmp(&b.key))
    });
    rows
}

/// Compute the trend tables.
///
/// # Errors
/// Polars errors.
pub fn trends(ds: &Dataset, frame: &ComplaintFrame, period: &Period) -> PolarsResult<Trends> {
    let by_month = month_counts(frame, period.as_of)?;
    let first = by_month.keys().next().map_or(period.year, |k| k.0);
    let monthly = monthly_rows(frame, period, &by_month, first)?;
    let (y, as_of) = (period.year, period.as_of);
    let (sp_start, sp_end) = period.same_period_prev();
    let same_period_note = (!period.complete()).then(|| {
        format!(
            "{y} 年数据截至 {as_of}，年度同比为同期比较：{y}-01-01 至 {as_of} 对比 {sp_start} 至 {sp_end}"
        )
    });
    let side = |key| by_key(ds, frame, period, key);
    let mut quality = Vec::new();
    for yy in first..=y {
        let end = if yy == y { as_of } else { ymd(yy, 12, 31) };
        let a: Agg = aggregate(
            frame,
            Col::Year,
            ymd(yy, 1, 1),
            end,
            end,
            period.handling_days,
        )?
        .values()
        .copied()
        .next()
        .unwrap_or_default();
        quality.push(QualityRow {
            year: yy,
            complaints: a.n,
            closure_rate: a.closure_rate(),
            on_time_rate: a.on_time_rate(),
            satisfaction_rate: a.satisfaction_rate(),
        });
    }
    let series: Vec<f64> = monthly
        .iter()
        .flat_map(|r| r.counts.iter().flatten().copied().collect::<Vec<_>>())
        .collect();
    let (plain, seasonal, mk_note) = if series.len() >= 24 {
        let tests = (mk::original_test(&series), mk::seasonal_test(&series, 12));
        (Some(tests.0), Some(tests.1), None)
    } else {
        let note = format!(
            "月度序列只有 {} 个月（少于 24 个月），不做 Mann-Kendall 趋势检验",
            series.len()
        );
        (None, None, Some(note))
    };
    Ok(Trends {
        period: *period,
        same_period_note,
        monthly,
        by_company: side(Col::Name)?,
        by_street: side(Col::Street)?,
        by_category: side(Col::Category)?,
        by_channel: side(Col::Channel)?,
        quality,
        series,
        plain,
        seasonal,
        mk_note,
    })
}

/// Complaints per (year, month) received up to `as_of`.
fn month_counts(
    frame: &ComplaintFrame,
    as_of: chrono::NaiveDate,
) -> PolarsResult<BTreeMap<(i32, u32), f64>> {
    let counts = frame
        .df
        .clone()
        .lazy()
        .filter(c(Col::Received).lt_eq(lit(crate::metrics::frame::day(as_of))))
        .group_by([c(Col::Year), c(Col::Month)])
        .agg([len().cast(DataType::Float64).alias(Col::N.name())])
        .collect()?;
    let mut by_month: BTreeMap<(i32, u32), f64> = BTreeMap::new();
    let (ys, ms, ns) = (
        counts.column(Col::Year.name())?.i32()?,
        counts.column(Col::Month.name())?.i32()?,
        counts.column(Col::N.name())?.f64()?,
    );
    for i in 0..counts.height() {
        if let (Some(yy), Some(mm), Some(n)) = (ys.get(i), ms.get(i), ns.get(i)) {
            by_month.insert((yy, mm as u32), n);
        }
    }
    Ok(by_month)
}

/// One row per year from `first` to Y: monthly counts (months after as_of blank), total,
/// YoY (same period for an incomplete Y) and month-on-same-month YoY.
fn monthly_rows(
    frame: &ComplaintFrame,
    period: &Period,
    by_month: &BTreeMap<(i32, u32), f64>,
    first: i32,
) -> PolarsResult<Vec<MonthlyRow>> {
    let (y, as_of) = (period.year, period.as_of);
    let (sp_start, sp_end) = period.same_period_prev();
    let total_in =
        |s, e| -> PolarsResult<f64> { Ok(count_by(frame, Col::Year, s, e)?.values().sum()) };
    let count = |yy: i32, m: u32| by_month.get(&(yy, m)).copied().unwrap_or(0.0);
    let mut monthly = Vec::new();
    for yy in first..=y {
        let mut counts = [None; 12];
        for m in 1..=12u32 {
            if yy < y || m <= as_of.month() {
                counts[m as usize - 1] = Some(count(yy, m));
            }
        }
        let total: f64 = counts.iter().flatten().sum();
        let mut month_yoy = [None; 12];
        if yy > first {
            for m in 1..=12u32 {
                let Some(c) = counts[m as usize - 1] else {
                    continue;
                };
                let base = if yy == y && m == as_of.month() && !period.complete() {
                    // the as_of month is partial: compare the same days
                    let s = ymd(y - 1, m, 1);
                    total_in(s, sp_end.max(s))?
                } else {
                    count(yy - 1, m)
                };
                month_yoy[m as usize - 1] = growth(c, base);
            }
        }
        let yoy = if yy == first {
            None
        } else if yy == y && !period.complete() {
            growth(total, total_in(sp_start, sp_end)?)
        } else {
            growth(total, (1..=12).map(|m| count(yy - 1, m)).sum())
        };
        monthly.push(MonthlyRow {
            year: yy,
            counts,
            total,
            yoy,
            month_yoy,
        });
    }
    Ok(monthly)
}

/// Y (to as_of) against the same period of Y−1 by company (register name, or the name as
/// written for unknown companies, `name`), street, category or channel.
fn by_key(
    ds: &Dataset,
    frame: &ComplaintFrame,
    period: &Period,
    key: Col,
) -> PolarsResult<Vec<YoyRow>> {
    let company = key == Col::Name;
    let named = |m: std::collections::HashMap<u32, f64>| -> BTreeMap<String, f64> {
        let mut out = BTreeMap::new();
        for (sym, n) in m {
            let sym = crate::model::Sym(sym);
            let name = if company {
                match ds.company_index.get(&sym) {
                    Some(&i) => ds.records.companies[i as usize].name.clone(),
                    None => format!("{}（未在名录）", ds.pool.get(sym)),
                }
            } else {
                ds.pool.get(sym).to_string()
            };
            *out.entry(name).or_insert(0.0) += n;
        }
        out
    };
    let (sp_start, sp_end) = period.same_period_prev();
    let cur = named(count_by(frame, key, period.start(), period.as_of)?);
    let prev = named(count_by(frame, key, sp_start, sp_end)?);
    Ok(compare(&prev, &cur))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_on_zero_base() {
        assert_eq!(growth(5.0, 0.0), None);
        assert_eq!(growth(0.0, 0.0), None);
        assert_eq!(growth(15.0, 10.0), Some(0.5));
        assert_eq!(growth(0.0, 4.0), Some(-1.0));
    }

    #[test]
    fn first_year_and_as_of_year() {
        let mut p = BTreeMap::new();
        p.insert("甲".to_string(), 4.0);
        let mut c = BTreeMap::new();
        c.insert("甲".to_string(), 6.0);
        c.insert("乙".to_string(), 2.0);
        let rows = compare(&p, &c);
        assert_eq!(rows[0].key, "甲");
        assert_eq!(rows[0].yoy, Some(0.5));
        assert_eq!(rows[1].key, "乙");
        assert_eq!((rows[1].prev, rows[1].yoy), (0.0, None));
    }
}
