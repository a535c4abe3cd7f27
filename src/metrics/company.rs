//! Red property company metrics (SPEC §2, "Per company").

use super::frame::{c, day, Col, ComplaintFrame};
use super::{rate, Entity, Metric, MetricTable, MetricsError, Period};
use crate::metrics::AssessmentKind;
use crate::model::{Dataset, Standing};
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::HashMap;

/// Complaint counts of one group (company, street, category …) over one window.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Agg {
    pub n: f64,
    pub closed: f64,
    pub on_time: f64,
    /// Open complaints whose deadline is after `as_of` (not yet due).
    pub not_due: f64,
    pub sat_pos: f64,
    pub sat_den: f64,
    pub repeat: f64,
    pub escalated: f64,
    pub collective: f64,
    /// Σ (closed − received) in days over closed complaints.
    pub handling_sum: f64,
}

impl Agg {
    pub fn closure_rate(&self) -> f64 {
        rate(self.closed, self.n, 1.0)
    }
    pub fn on_time_rate(&self) -> f64 {
        rate(self.on_time, self.n - self.not_due, 1.0)
    }
    pub fn satisfaction_rate(&self) -> f64 {
        rate(self.sat_pos, self.sat_den, 1.0)
    }
    pub fn repeat_rate(&self) -> f64 {
        rate(self.repeat, self.n, 0.0)
    }
    pub fn avg_handling_days(&self) -> Option<f64> {
        (self.closed > 0.0).then(|| self.handling_sum / self.closed)
    }
}

/// YoY change with the SPEC's zero-base rule: prev = 0 → 0 if cur = 0, else 1.0.
pub fn yoy(cur: f64, prev: f64) -> f64 {
    if prev == 0.0 {
        if cur == 0.0 {
            0.0
        } else {
            1.0
        }
    } else {
        (cur - prev) / prev
    }
}

/// Complaints received in `[start, end]`, grouped by the integer column `key` (as `key`).
fn by_key_in(frame: &ComplaintFrame, key: Col, start: NaiveDate, end: NaiveDate) -> LazyGroupBy {
    frame
        .df
        .clone()
        .lazy()
        .filter(
            c(Col::Received)
                .gt_eq(lit(day(start)))
                .and(c(Col::Received).lt_eq(lit(day(end)))),
        )
        .group_by([c(key).cast(DataType::UInt32).alias(Col::Key.name())])
}

/// Aggregate complaints received in `[start, end]` by the integer column `key`; an open complaint
/// whose deadline (received + `handling_days`) is after `as_of` counts as not yet due.
///
/// # Errors
/// Polars errors.
pub fn aggregate(
    frame: &ComplaintFrame,
    key: Col,
    start: NaiveDate,
    end: NaiveDate,
    as_of: NaiveDate,
    handling_days: i64,
) -> PolarsResult<HashMap<u32, Agg>> {
    let hd = handling_days as i32;
    // booleans are summed as counts and only the sums become floats (exact either way)
    let f = |e: Expr| e.sum().cast(DataType::Float64);
    let handling = c(Col::Closed) - c(Col::Received);
    let out = by_key_in(frame, key, start, end)
        .agg([
            len().cast(DataType::Float64).alias(Col::N.name()),
            f(c(Col::IsClosed)).alias(Col::Closed.name()),
            f(c(Col::IsClosed).and(handling.clone().lt_eq(lit(hd)))).alias(Col::OnTime.name()),
            f(c(Col::IsClosed)
                .not()
                .and((c(Col::Received) + lit(hd)).gt(lit(day(as_of)))))
            .alias(Col::NotDue.name()),
            f(c(Col::SatPos)).alias(Col::SatPos.name()),
            f(c(Col::SatDen)).alias(Col::SatDen.name()),
            f(c(Col::Repeat)).alias(Col::Repeat.name()),
            f(c(Col::Escalated)).alias(Col::Escalated.name()),
            f(c(Col::Collective)).alias(Col::Collective.name()),
            handling
                .cast(DataType::Float64)
                .sum()
                .alias(Col::HandlingSum.name()),
        ])
        .collect()?;
    let keys = out.column(Col::Key.name())?.u32()?;
    let get = |name: Col| -> PolarsResult<Vec<f64>> {
        Ok(out
            .column(name.name())?
            .f64()?
            .iter()
            .map(|v| v.unwrap_or(0.0))
            .collect())
    };
    let (n, closed, on_time, not_due) = (
        get(Col::N)?,
        get(Col::Closed)?,
        get(Col::OnTime)?,
        get(Col::NotDue)?,
    );
    let (sp, sd, rp) = (get(Col::SatPos)?, get(Col::SatDen)?, get(Col::Repeat)?);
    let (es, co, hs) = (
        get(Col::Escalated)?,
        get(Col::Collective)?,
        get(Col::HandlingSum)?,
    );
    let mut map = HashMap::with_capacity(out.height());
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            map.insert(
                k,
                Agg {
                    n: n[i],
                    closed: closed[i],
                    on_time: on_time[i],
                    not_due: not_due[i],
                    sat_pos: sp[i],
                    sat_den: sd[i],
                    repeat: rp[i],
                    escalated: es[i],
                    collective: co[i],
                    handling_sum: hs[i],
                },
            );
        }
    }
    Ok(map)
}

/// Complaints received in `[start, end]` per value of the integer column `key` (the `n` of
/// [`aggregate`] alone: where only counts are read, the other nine sums are not computed).
///
/// # Errors
/// Polars errors.
pub fn count_by(
    frame: &ComplaintFrame,
    key: Col,
    start: NaiveDate,
    end: NaiveDate,
) -> PolarsResult<HashMap<u32, f64>> {
    let out = by_key_in(frame, key, start, end)
        .agg([len().cast(DataType::Float64).alias(Col::N.name())])
        .collect()?;
    let (keys, n) = (
        out.column(Col::Key.name())?.u32()?,
        out.column(Col::N.name())?.f64()?,
    );
    Ok(keys
        .iter()
        .zip(n.iter())
        .filter_map(|(k, n)| Some((k?, n.unwrap_or(0.0))))
        .collect())
}

/// The metrics of every red company of the register for `period`.
///
/// # Errors
/// [`MetricsError`] from polars.
pub fn company_metrics(
    ds: &Dataset,
    frame: &ComplaintFrame,
    period: &Period,
) -> Result<MetricTable, MetricsError> {
    let hd = period.handling_days;
    let cur = aggregate(
        frame,
        Col::Company,
        period.start(),
        period.as_of,
        period.as_of,
        hd,
    )?;
    let (ps, pe) = period.same_period_prev();
    let prev = count_by(frame, Col::Company, ps, pe)?;
    let mut entities = Vec::new();
    for (i, c) in ds.records.companies.iter().enumerate() {
        if !c.red {
            continue;
        }
        let a = cur.get(&(i as u32)).copied().unwrap_or_default();
        let p = prev.get(&(i as u32)).copied().unwrap_or_default();
        let mut e = Entity::new(&c.name, &c.street);
        // SPEC §1.10: a company that joined in Y has its counts annualised; one that left
        // (or is not there yet) is listed as 不参评
        let own = c.standing(period.year, period.as_of);
        let own = match c.standing(period.cohort.0, period.cohort.1) {
            Standing::Excluded(why) if period.year < period.cohort.0 => {
                Standing::Excluded(format!("{}年度不参评：{why}", period.cohort.0))
            }
            _ => own,
        };
        let n = match own {
            Standing::Ranked => a.n,
            Standing::Annualised { factor, remark } => {
                e.notes.push(remark);
                a.n * factor
            }
            Standing::Excluded(why) => {
                e.excluded = Some(why);
                a.n
            }
        };
        e.set(Metric::Complaints, Some(n));
        e.set(Metric::ComplaintsPrev, Some(p));
        e.set(
            Metric::ComplaintsPer1k,
            c.households.map(|h| n / h * 1000.0),
        );
        e.set(Metric::ComplaintYoy, Some(yoy(a.n, p)));
        e.set(Metric::ClosureRate, Some(a.closure_rate()));
        e.set(Metric::OnTimeRate, Some(a.on_time_rate()));
        e.set(Metric::SatisfactionRate, Some(a.satisfaction_rate()));
        e.set(Metric::RepeatRate, Some(a.repeat_rate()));
        e.set(Metric::Escalated, Some(a.escalated));
        e.set(Metric::Collective, Some(a.collective));
        e.set(Metric::AvgHandlingDays, a.avg_handling_days());
        e.set(Metric::PartyOrg, Some(c.party_org.value()));
        e.set(Metric::Households, c.households);
        e.set(Metric::Members, c.members);
        entities.push(e);
    }
    Ok(MetricTable {
        kind: AssessmentKind::Company,
        entities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ymd;
    use crate::model::{PartyOrg, Satisfaction, Status};
    use crate::testkit::{company, complaint};

    #[test]
    fn yoy_with_the_zero_base_rule() {
        assert_eq!(yoy(3.0, 2.0), 0.5);
        assert_eq!(yoy(1.0, 4.0), -0.75);
        assert_eq!(yoy(0.0, 0.0), 0.0);
        assert_eq!(yoy(5.0, 0.0), 1.0);
    }

    /// Hand-worked SPEC §2 company metrics for Y = 2024 (as of Dec 31, 15 days to handle).
    #[test]
    fn company_metrics_by_hand() {
        let mut ds = Dataset::default();
        let a = company(&mut ds, "甲物业");
        let b = company(&mut ds, "乙物业");
        company(&mut ds, "丙物业"); // no complaints at all
        let c = company(&mut ds, "丁物业");
        ds.records.companies[0].households = Some(2000.0);
        ds.records.companies[0].party_org = PartyOrg::Own;
        ds.records.companies[0].members = Some(12.0);
        ds.records.companies[1].households = None;
        ds.records.companies[3].red = false;
        // 甲, 2024: closed in 10 days (satisfied, repeat); closed in 30 days (unsatisfied,
        // escalated); open since Jun 1 (overdue; 基本满意); open since Dec 25 (not yet due)
        let x = complaint(&mut ds, a, ymd(2024, 3, 1), Some(ymd(2024, 3, 11)));
        (x.satisfaction, x.repeat) = (Satisfaction::Satisfied, true);
        let x = complaint(&mut ds, a, ymd(2024, 5, 1), Some(ymd(2024, 5, 31)));
        (x.satisfaction, x.escalated) = (Satisfaction::Unsatisfied, true);
        complaint(&mut ds, a, ymd(2024, 6, 1), None).satisfaction = Satisfaction::Basic;
        complaint(&mut ds, a, ymd(2024, 12, 25), None).status = Status::NotStarted;
        // 甲, 2023: two; 乙, 2024: one collective, closed in 5 days; 丁 is not red
        complaint(&mut ds, a, ymd(2023, 2, 1), Some(ymd(2023, 2, 3)));
        complaint(&mut ds, a, ymd(2023, 7, 1), None);
        complaint(&mut ds, b, ymd(2024, 8, 1), Some(ymd(2024, 8, 6))).collective = true;
        complaint(&mut ds, c, ymd(2024, 8, 1), None);
        let frame = ComplaintFrame::new(&ds).unwrap();
        let t = company_metrics(&ds, &frame, &Period::new(2024, ymd(2024, 12, 31), 15)).unwrap();
        let names: Vec<&str> = t.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["甲物业", "乙物业", "丙物业"]);
        let get = |i: usize, m: Metric| t.entities[i].get(m);
        let close = |x: Option<f64>, y: f64| assert!((x.unwrap() - y).abs() < 1e-12, "{x:?} ≠ {y}");
        // 甲: 4 complaints, 2 the year before; 4 / 2000 households × 1000 = 2; YoY (4 − 2) / 2
        close(get(0, Metric::Complaints), 4.0);
        close(get(0, Metric::ComplaintsPrev), 2.0);
        close(get(0, Metric::ComplaintsPer1k), 2.0);
        close(get(0, Metric::ComplaintYoy), 1.0);
        // closed 2 of 4; on time 1 of the 3 that are due; satisfied or basic 2 of 3 visited
        close(get(0, Metric::ClosureRate), 0.5);
        close(get(0, Metric::OnTimeRate), 1.0 / 3.0);
        close(get(0, Metric::SatisfactionRate), 2.0 / 3.0);
        close(get(0, Metric::RepeatRate), 0.25);
        close(get(0, Metric::Escalated), 1.0);
        close(get(0, Metric::Collective), 0.0);
        close(get(0, Metric::AvgHandlingDays), 20.0); // (10 + 30) / 2
        close(get(0, Metric::PartyOrg), 1.0);
        close(get(0, Metric::Households), 2000.0);
        close(get(0, Metric::Members), 12.0);
        // 乙: no households → no rate per 1,000; prev 0 → YoY 100 %; no visits → 100 %
        assert_eq!(get(1, Metric::ComplaintsPer1k), None);
        close(get(1, Metric::ComplaintYoy), 1.0);
        close(get(1, Metric::SatisfactionRate), 1.0);
        close(get(1, Metric::OnTimeRate), 1.0);
        close(get(1, Metric::Collective), 1.0);
        close(get(1, Metric::AvgHandlingDays), 5.0);
        // 丙: nothing at all → YoY 0, rates of an empty set, no handling time
        close(get(2, Metric::ComplaintYoy), 0.0);
        close(get(2, Metric::ClosureRate), 1.0);
        close(get(2, Metric::RepeatRate), 0.0);
        assert_eq!(get(2, Metric::AvgHandlingDays), None);
    }
}
