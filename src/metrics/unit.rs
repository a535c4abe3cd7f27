//! Member-unit metrics (SPEC §2, "Per member unit").

use super::instructor::quarter_visits;
use super::{Entity, MetricTable, MetricsError, Period};
use crate::metrics::AssessmentKind;
use crate::model::{Dataset, DutyRow};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Metrics provided for the `unit` assessment.
pub const METRICS: &[&str] = &[
    "task_completion",
    "on_time_tasks",
    "evidence_rate",
    "inspection_score",
    "instructor_coverage",
    "tasks",
];

/// The metrics aggregated from duty rows, in the order of the polars aggregation.
const AGGREGATED: [&str; 5] = [
    "task_completion",
    "on_time_tasks",
    "evidence_rate",
    "inspection_score",
    "tasks",
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
                    e.set(m, v[j]);
                }
                if e.get("inspection_score").is_none() {
                    e.set("inspection_score", Some(0.0));
                }
            }
            None => e.has_data = false,
        }
        let cov = match pairs.get(u.as_str()) {
            Some(&(hit, all)) if all > 0.0 => hit / all,
            _ => 1.0,
        };
        e.set("instructor_coverage", Some(cov));
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
    let on_time = |r: &DutyRow| match (r.done_on, r.deadline) {
        (Some(done), Some(dl)) => done <= dl,
        (Some(_), None) => true,
        _ => false,
    };
    let df = DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                "unit".into(),
                rows.iter().map(|r| r.unit.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "w".into(),
                rows.iter().map(|r| r.weight).collect::<Vec<_>>(),
            ),
            Column::new(
                "completion".into(),
                rows.iter().map(|r| completion(r)).collect::<Vec<_>>(),
            ),
            Column::new(
                "on_time".into(),
                rows.iter().map(|r| on_time(r)).collect::<Vec<_>>(),
            ),
            Column::new(
                "evidence".into(),
                rows.iter().map(|r| r.evidence).collect::<Vec<_>>(),
            ),
            Column::new(
                "inspection".into(),
                rows.iter()
                    .map(|r| r.inspection.map(|i| i.value()))
                    .collect::<Vec<_>>(),
            ),
        ],
    )?;
    let f = |e: Expr| e.cast(DataType::Float64);
    let out = df
        .lazy()
        .group_by([col("unit")])
        .agg([
            ((col("w") * col("completion")).sum() / col("w").sum()).alias("task_completion"),
            ((col("w") * f(col("on_time"))).sum() / col("w").sum()).alias("on_time_tasks"),
            ((col("w") * f(col("evidence"))).sum() / col("w").sum()).alias("evidence_rate"),
            col("inspection").mean().alias("inspection_score"),
            len().cast(DataType::Float64).alias("tasks"),
        ])
        .collect()?;
    let names = out.column("unit")?.str()?;
    let mut by_unit: HashMap<String, [Option<f64>; 5]> = HashMap::new();
    let cols: Vec<_> = AGGREGATED
        .iter()
        .map(|c| out.column(c).and_then(|c| c.f64().cloned()))
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
