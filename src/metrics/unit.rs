//! Member-unit metrics (SPEC §2, "Per member unit").

use super::frame::{c, column, Col};
use super::instructor::quarter_visits;
use super::{Entity, Metric, MetricTable, MetricsError, Period};
use crate::metrics::AssessmentKind;
use crate::model::{Dataset, DutyRow, Mark};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// The metrics aggregated from duty rows, in the order of the polars aggregation.
const AGGREGATED: [Metric; 5] = [
    Metric::TaskCompletion,
    Metric::OnTimeTasks,
    Metric::EvidenceRate,
    Metric::InspectionScore,
    Metric::Tasks,
];

/// The metrics of every member unit (units with duty rows in any year, and units that send
/// instructors); a unit without duty rows in `period.year` has `has_data = false`.
///
/// # Errors
/// [`MetricsError`] from polars.
pub fn unit_metrics(ds: &Dataset, period: &Period) -> Result<MetricTable, MetricsError> {
    let by_unit = duty_rates(ds, period)?;
    let pairs = coverage(ds, period);
    let (order, group) = units(ds);
    let mut entities = Vec::new();
    for u in order {
        let mut e = Entity::new(&u, &group[&u]);
        match by_unit.get(&u) {
            Some(v) => {
                for (j, m) in AGGREGATED.iter().enumerate() {
                    e.set(*m, v[j]);
                }
                if e.get(Metric::InspectionScore).is_none() {
                    e.set(Metric::InspectionScore, Some(0.0));
                }
            }
            None => e.has_data = false,
        }
        let cov = match pairs.get(u.as_str()) {
            Some(&(hit, all)) if all > 0.0 => hit / all,
            _ => 1.0,
        };
        e.set(Metric::InstructorCoverage, Some(cov));
        entities.push(e);
    }
    Ok(MetricTable {
        kind: AssessmentKind::Unit,
        entities,
    })
}

/// A task's completion: actual / target capped at 1, or done (a date or an actual) without
/// a target.
fn completion(r: &DutyRow) -> f64 {
    if let Some(m) = r.mark {
        return m.value(); // SPEC §1.10: the mark decides
    }
    match r.target {
        Some(t) if t > 0.0 => (r.actual.unwrap_or(0.0) / t).min(1.0),
        _ if r.done_on.is_some() || r.actual.unwrap_or(0.0) > 0.0 => 1.0,
        _ => 0.0,
    }
}

/// Per unit, the weighted duty rates of Y and the mean inspection (polars), in the order of
/// [`AGGREGATED`].
fn duty_rates(
    ds: &Dataset,
    period: &Period,
) -> Result<HashMap<String, [Option<f64>; 5]>, MetricsError> {
    let rows: Vec<_> = ds
        .records
        .duty
        .iter()
        .filter(|r| r.year == period.year)
        .collect();
    let df = duty_frame(&rows)?;
    // Σ w·x / Σ w of a column, as metric `m`
    let share = |x: &str, m: Metric| {
        ((c(Col::Weight) * col(x).cast(DataType::Float64)).sum() / c(Col::Weight).sum())
            .alias(m.code())
    };
    let out = df
        .lazy()
        .group_by([c(Col::Unit)])
        .agg([
            share("completion", Metric::TaskCompletion),
            share("on_time", Metric::OnTimeTasks),
            share("evidence", Metric::EvidenceRate),
            c(Col::Inspection)
                .mean()
                .alias(Metric::InspectionScore.code()),
            len().cast(DataType::Float64).alias(Metric::Tasks.code()),
        ])
        .collect()?;
    let names = out.column(Col::Unit.name())?.str()?;
    let mut by_unit: HashMap<String, [Option<f64>; 5]> = HashMap::new();
    let cols: Vec<_> = AGGREGATED
        .iter()
        .map(|m| out.column(m.code()).and_then(|c| c.f64().cloned()))
        .collect::<PolarsResult<_>>()?;
    for (i, n) in names.iter().enumerate() {
        if let Some(n) = n {
            let mut v = [None; 5];
            for (j, c) in cols.iter().enumerate() {
                v[j] = c.get(i);
            }
            by_unit.insert(n.to_string(), v);
        }
    }
    Ok(by_unit)
}

/// The duty rows of Y as columns: unit, weight, completion, on time, evidence, inspection.
fn duty_frame(rows: &[&DutyRow]) -> PolarsResult<DataFrame> {
    let on_time = |r: &DutyRow| match (r.done_on, r.deadline) {
        // a half-done or not-done task is not on time, whatever its date
        _ if matches!(r.mark, Some(Mark::Half | Mark::NotDone)) => false,
        (Some(done), Some(dl)) => done <= dl,
        (Some(_), None) => true,
        _ => false,
    };
    DataFrame::new(
        rows.len(),
        vec![
            column(
                Col::Unit,
                rows.iter().map(|r| r.unit.as_str()).collect::<Vec<_>>(),
            ),
            column(
                Col::Weight,
                rows.iter().map(|r| r.weight).collect::<Vec<_>>(),
            ),
            column(
                Col::Completion,
                rows.iter().map(|r| completion(r)).collect::<Vec<_>>(),
            ),
            column(
                Col::OnTime,
                rows.iter().map(|r| on_time(r)).collect::<Vec<_>>(),
            ),
            column(
                Col::Evidence,
                rows.iter().map(|r| r.evidence).collect::<Vec<_>>(),
            ),
            column(
                Col::Inspection,
                rows.iter()
                    .map(|r| r.inspection.map(|i| i.value()))
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}

/// Instructor coverage per sending unit: (roster pairs visited in every quarter so far, pairs).
fn coverage<'d>(ds: &'d Dataset, period: &Period) -> BTreeMap<&'d str, (f64, f64)> {
    let visits = quarter_visits(ds, period);
    let need = period.quarters();
    let mut pairs: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for r in &ds.records.roster {
        let e = pairs.entry(r.unit.as_str()).or_default();
        e.1 += 1.0;
        let mask = visits
            .get(&(r.instructor.as_str(), r.org.as_str()))
            .copied()
            .unwrap_or(0);
        if (1..=need).all(|q| mask & (1 << q) != 0) {
            e.0 += 1.0;
        }
    }
    pairs
}

/// Every unit seen anywhere, in first-seen order, with its group from the latest duty row.
fn units(ds: &Dataset) -> (Vec<String>, HashMap<String, String>) {
    let mut order: Vec<String> = Vec::new();
    let mut group: HashMap<String, String> = HashMap::new();
    let mut years: Vec<&DutyRow> = ds.records.duty.iter().collect();
    years.sort_by_key(|r| r.year);
    for r in years {
        if !group.contains_key(&r.unit) {
            order.push(r.unit.clone());
        }
        if !r.group.is_empty() || !group.contains_key(&r.unit) {
            group.insert(r.unit.clone(), r.group.clone());
        }
    }
    for r in &ds.records.roster {
        if !group.contains_key(&r.unit) {
            order.push(r.unit.clone());
            group.insert(r.unit.clone(), String::new());
        }
    }
    (order, group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ymd;
    use crate::model::Inspection;
    use crate::testkit::{duty, note, roster};

    /// Issue 23 (mutation testing): a unit's group is the latest non-empty one; an empty
    /// 单位类别 in a later year keeps the earlier; units only on the roster come last.
    #[test]
    fn unit_groups_follow_the_latest_written_one() {
        let mut ds = Dataset::default();
        let row = |u: &str, y: i32, g: &str| {
            let mut r = duty(u, y, 1.0);
            r.group = g.into();
            r
        };
        ds.records.duty = vec![
            row("甲", 2024, ""),
            row("甲", 2023, "部门"),
            row("乙", 2023, "部门"),
            row("乙", 2024, "街道"),
        ];
        ds.records.roster = vec![roster("张", "丙", "O1")];
        let (order, group) = units(&ds);
        assert_eq!(order, ["甲", "乙", "丙"]);
        assert_eq!(
            (group["甲"].as_str(), group["乙"].as_str()),
            ("部门", "街道")
        );
        assert_eq!(group["丙"], "");
    }

    /// Hand-worked SPEC §2 member-unit metrics for Y = 2024.
    #[test]
    fn unit_metrics_by_hand() {
        let mut ds = Dataset::default();
        // 甲: 20 points, 8 of 10 done before the deadline, evidence, 好;
        //     30 points, no target but done (late), 一般;  50 points, 0 of 5, evidence
        let mut t1 = duty("甲", 2024, 20.0);
        (t1.target, t1.actual) = (Some(10.0), Some(8.0));
        (t1.deadline, t1.done_on) = (Some(ymd(2024, 6, 30)), Some(ymd(2024, 6, 20)));
        (t1.evidence, t1.inspection) = (true, Some(Inspection::Good));
        let mut t2 = duty("甲", 2024, 30.0);
        (t2.deadline, t2.done_on) = (Some(ymd(2024, 12, 15)), Some(ymd(2024, 12, 20)));
        t2.inspection = Some(Inspection::Average);
        let mut t3 = duty("甲", 2024, 50.0);
        (t3.target, t3.actual, t3.evidence) = (Some(5.0), Some(0.0), true);
        // 乙: 6 of 4 (capped at 1), done without a deadline (on time), no inspection
        let mut t4 = duty("乙", 2024, 10.0);
        (t4.target, t4.actual, t4.done_on) = (Some(4.0), Some(6.0), Some(ymd(2024, 3, 1)));
        t4.group = "部门".into();
        ds.records.duty = vec![t1, t2, t3, t4, duty("丙", 2023, 10.0)];
        // 甲's instructor visits 甲1 every quarter and 甲2 once: 1 of 2 pairs covered
        ds.records.roster = vec![roster("张", "甲", "甲1"), roster("张", "甲", "甲2")];
        for m in [2, 5, 8, 11] {
            ds.records
                .notes
                .push(note("张", "甲1", ymd(2024, m, 3), "", ""));
        }
        ds.records
            .notes
            .push(note("张", "甲2", ymd(2024, 1, 9), "", ""));
        let t = unit_metrics(&ds, &Period::new(2024, ymd(2024, 12, 31), 15)).unwrap();
        let names: Vec<&str> = t.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["丙", "甲", "乙"]);
        let e = |n: &str| t.entities.iter().find(|e| e.name == n).unwrap();
        let close = |x: Option<f64>, y: f64| assert!((x.unwrap() - y).abs() < 1e-12, "{x:?} ≠ {y}");
        // (20·0.8 + 30·1 + 50·0) / 100; on time 20 / 100; evidence 70 / 100; (1 + 0.6) / 2
        close(e("甲").get(Metric::TaskCompletion), 0.46);
        close(e("甲").get(Metric::OnTimeTasks), 0.2);
        close(e("甲").get(Metric::EvidenceRate), 0.7);
        close(e("甲").get(Metric::InspectionScore), 0.8);
        close(e("甲").get(Metric::Tasks), 3.0);
        close(e("甲").get(Metric::InstructorCoverage), 0.5);
        close(e("乙").get(Metric::TaskCompletion), 1.0);
        close(e("乙").get(Metric::OnTimeTasks), 1.0);
        close(e("乙").get(Metric::EvidenceRate), 0.0);
        close(e("乙").get(Metric::InspectionScore), 0.0); // none given → 0
        close(e("乙").get(Metric::InstructorCoverage), 1.0); // no instructors sent
        assert_eq!(e("乙").group, "部门");
        assert!(!e("丙").has_data); // duty rows only in 2023
        assert!(e("甲").has_data);
    }

    /// Mutants of `completion`, the marks and `coverage` (issue 23): tasks without a positive
    /// target, a half-done mark with an early date, and a pair visited in Q2 and Q3 but not Q1.
    #[test]
    fn completion_marks_and_coverage_edges() {
        let mut ds = Dataset::default();
        let task = |target: Option<f64>, actual: Option<f64>| {
            let mut t = duty("甲", 2024, 10.0);
            (t.target, t.actual) = (target, actual);
            t
        };
        // no target: done by an actual > 0 (1), not by 0 or nothing (0); target 0 is no target
        let mut half = task(None, None);
        (half.mark, half.deadline, half.done_on) = (
            Some(Mark::Half),
            Some(ymd(2024, 9, 30)),
            Some(ymd(2024, 3, 1)),
        );
        ds.records.duty = vec![
            task(None, None),
            task(None, Some(0.0)),
            task(None, Some(3.0)),
            task(Some(0.0), Some(2.0)),
            task(Some(0.0), None),
            half,
        ];
        // 甲's instructor: 甲1 visited in Q2 and Q3 but not Q1 → not covered as of Q3
        ds.records.roster = vec![roster("张", "甲", "甲1")];
        for m in [5, 8] {
            ds.records
                .notes
                .push(note("张", "甲1", ymd(2024, m, 3), "", ""));
        }
        let t = unit_metrics(&ds, &Period::new(2024, ymd(2024, 9, 30), 15)).unwrap();
        let e = &t.entities[0];
        // (0 + 0 + 1 + 1 + 0 + 0.5) / 6 tasks of equal weight
        assert_eq!(e.get(Metric::TaskCompletion), Some(2.5 / 6.0));
        // the half-done task has an early date but is not on time; no other task has a date
        assert_eq!(e.get(Metric::OnTimeTasks), Some(0.0));
        assert_eq!(e.get(Metric::InstructorCoverage), Some(0.0));
    }
}
