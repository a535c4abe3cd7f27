//! Instructor metrics (SPEC §2, "Per instructor").

use super::frame::{c, column, Col};
use super::{rate, Entity, Metric, MetricTable, MetricsError, Period};
use crate::metrics::AssessmentKind;
use crate::model::{Dataset, Note, Progress};
use chrono::Datelike;
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// For each (instructor, organisation), a bit mask of the quarters (bits 1–4) of
/// `period.year` up to `as_of` in which it was visited.
pub fn quarter_visits<'a>(ds: &'a Dataset, period: &Period) -> HashMap<(&'a str, &'a str), u8> {
    let mut m: HashMap<(&str, &str), u8> = HashMap::new();
    for n in &ds.records.notes {
        if n.date.year() == period.year && n.date <= period.as_of {
            let q = (n.date.month() - 1) / 3 + 1;
            *m.entry((n.instructor.as_str(), n.org.as_str()))
                .or_default() |= 1 << q;
        }
    }
    m
}

/// The metrics of every instructor of the roster (or, without a roster, of the notes).
///
/// # Errors
/// [`MetricsError`] from polars.
pub fn instructor_metrics(ds: &Dataset, period: &Period) -> Result<MetricTable, MetricsError> {
    let notes: Vec<&Note> = ds
        .records
        .notes
        .iter()
        .filter(|n| n.date.year() == period.year && n.date <= period.as_of)
        .collect();
    let agg = note_totals(&notes)?;
    let (order, assigned) = assignments(ds, &notes);
    let visits = quarter_visits(ds, period);
    let need = period.quarters();
    // Latest note in Y per (instructor, organisation), for 组建进展.
    let mut latest: HashMap<(&str, &str), (chrono::NaiveDate, Option<Progress>)> = HashMap::new();
    for n in &notes {
        let k = (n.instructor.as_str(), n.org.as_str());
        match latest.get(&k) {
            Some((d, _)) if *d > n.date => {}
            _ => {
                latest.insert(k, (n.date, n.progress));
            }
        }
    }
    let mut entities = Vec::new();
    for who in order {
        let (unit, orgs) = &assigned[&who];
        let mut e = Entity::new(&who, unit);
        let (nv, found, solved) = agg.get(&who).copied().unwrap_or_default();
        let assigned_n = orgs.len() as f64;
        let (mut visited, mut covered, mut established) = (0.0, 0.0, 0.0);
        for o in orgs {
            let k = (who.as_str(), o.as_str());
            let mask = visits.get(&k).copied().unwrap_or(0);
            if mask != 0 {
                visited += 1.0;
            }
            if (1..=need).all(|q| mask & (1 << q) != 0) {
                covered += 1.0;
            }
            if let Some((_, Some(Progress::Established))) = latest.get(&k) {
                established += 1.0;
            }
        }
        e.set(Metric::Visits, Some(nv));
        e.set(Metric::OrgsAssigned, Some(assigned_n));
        e.set(Metric::OrgsVisited, Some(visited));
        e.set(Metric::Coverage, Some(rate(covered, assigned_n, 0.0)));
        e.set(Metric::VisitsPerOrg, Some(rate(nv, assigned_n, 0.0)));
        // SPEC §1.8: no visits, nothing solved — 0, not a perfect rate
        let solve = if nv == 0.0 {
            0.0
        } else {
            rate(solved, found, 1.0)
        };
        e.set(Metric::SolveRate, Some(solve));
        e.set(Metric::OrgsEstablished, Some(established));
        entities.push(e);
    }
    Ok(MetricTable {
        kind: AssessmentKind::Instructor,
        entities,
    })
}

/// Per instructor: visits, problems found and problems solved in Y (polars).
fn note_totals(notes: &[&Note]) -> Result<HashMap<String, (f64, f64, f64)>, MetricsError> {
    let df = DataFrame::new(
        notes.len(),
        vec![
            column(
                Col::Instructor,
                notes
                    .iter()
                    .map(|n| n.instructor.as_str())
                    .collect::<Vec<_>>(),
            ),
            column(
                Col::Found,
                notes.iter().map(|n| n.found).collect::<Vec<_>>(),
            ),
            column(
                Col::Solved,
                notes.iter().map(|n| n.solved).collect::<Vec<_>>(),
            ),
        ],
    )?;
    let out = df
        .lazy()
        .group_by([c(Col::Instructor)])
        .agg([
            len().cast(DataType::Float64).alias(Col::Visits.name()),
            c(Col::Found).sum().alias(Col::Found.name()),
            c(Col::Solved).sum().alias(Col::Solved.name()),
        ])
        .collect()?;
    let mut agg: HashMap<String, (f64, f64, f64)> = HashMap::new();
    let names = out.column(Col::Instructor.name())?.str()?;
    let (v, fo, so) = (
        out.column(Col::Visits.name())?.f64()?,
        out.column(Col::Found.name())?.f64()?,
        out.column(Col::Solved.name())?.f64()?,
    );
    for (i, n) in names.iter().enumerate() {
        if let Some(n) = n {
            let x = |c: &Float64Chunked| c.get(i).unwrap_or(0.0);
            agg.insert(n.to_string(), (x(v), x(fo), x(so)));
        }
    }
    Ok(agg)
}

type Assigned = BTreeMap<String, (String, Vec<String>)>;

/// Instructors in first-seen order, each with its unit and organisations: from the roster,
/// or (without one) every organisation named in the notes.
fn assignments(ds: &Dataset, notes: &[&Note]) -> (Vec<String>, Assigned) {
    let mut assigned: Assigned = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut add = |who: &str, unit: &str, org: &str| {
        let e = assigned.entry(who.to_string()).or_insert_with(|| {
            order.push(who.to_string());
            (unit.to_string(), Vec::new())
        });
        if e.0.is_empty() {
            e.0 = unit.to_string();
        }
        if !e.1.iter().any(|o| o == org) {
            e.1.push(org.to_string());
        }
    };
    if !ds.records.roster.is_empty() {
        for r in &ds.records.roster {
            add(&r.instructor, &r.unit, &r.org);
        }
    } else {
        for n in notes {
            add(&n.instructor, &n.unit, &n.org);
        }
    }
    (order, assigned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ymd;
    use crate::testkit::{note, roster};

    /// Hand-worked SPEC §2 instructor metrics for Y = 2024, as of Sep 30 (three quarters).
    #[test]
    fn instructor_metrics_by_hand() {
        let mut ds = Dataset::default();
        ds.records.roster = vec![
            roster("张", "甲", "O1"),
            roster("张", "甲", "O2"),
            roster("李", "乙", "O3"),
        ];
        // 张: O1 in Jan, May and Aug (every quarter so far, 已建立 last), O2 once in Feb
        // (推进中); 2 problems found and 1 solved; a note after as_of and one of 2023 not counted
        let mut v =
            |org: &str, d: chrono::NaiveDate, found: f64, solved: f64, p: Option<Progress>| {
                let mut n = note("张", org, d, "", "");
                (n.found, n.solved, n.progress) = (found, solved, p);
                ds.records.notes.push(n);
            };
        v("O1", ymd(2024, 1, 5), 2.0, 1.0, Some(Progress::InProgress));
        v("O1", ymd(2024, 5, 5), 0.0, 0.0, None);
        v("O1", ymd(2024, 8, 5), 0.0, 0.0, Some(Progress::Established));
        v("O2", ymd(2024, 2, 5), 0.0, 0.0, Some(Progress::InProgress));
        v(
            "O2",
            ymd(2024, 11, 5),
            3.0,
            0.0,
            Some(Progress::Established),
        );
        v("O2", ymd(2023, 3, 5), 1.0, 0.0, None);
        let t = instructor_metrics(&ds, &Period::new(2024, ymd(2024, 9, 30), 15)).unwrap();
        let names: Vec<&str> = t.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["张", "李"]);
        let close = |x: Option<f64>, y: f64| assert!((x.unwrap() - y).abs() < 1e-12, "{x:?} ≠ {y}");
        let (z, l) = (&t.entities[0], &t.entities[1]);
        assert_eq!(z.group, "甲");
        close(z.get(Metric::Visits), 4.0);
        close(z.get(Metric::OrgsAssigned), 2.0);
        close(z.get(Metric::OrgsVisited), 2.0);
        close(z.get(Metric::Coverage), 0.5); // O1 in Q1, Q2 and Q3; O2 only in Q1
        close(z.get(Metric::VisitsPerOrg), 2.0);
        close(z.get(Metric::SolveRate), 0.5);
        close(z.get(Metric::OrgsEstablished), 1.0); // O2's 已建立 came after as_of
                                                    // 李: assigned, never visited → 0 everywhere, and 0 (not 100 %) solved
        close(l.get(Metric::Visits), 0.0);
        close(l.get(Metric::OrgsAssigned), 1.0);
        close(l.get(Metric::Coverage), 0.0);
        close(l.get(Metric::VisitsPerOrg), 0.0);
        close(l.get(Metric::SolveRate), 0.0);
    }

    /// Mutants of `quarter_visits` and the latest-note rule (issue 23): a note of Y−1 in the
    /// quarter that matters, March in Q1 (not Q2), and 组建进展 from the latest note whatever
    /// the order the notes came in (on one day, the later row).
    #[test]
    fn quarters_years_and_the_latest_note() {
        let mut ds = Dataset::default();
        ds.records.roster = vec![roster("张", "甲", "O1"), roster("张", "甲", "O2")];
        let mut v = |org: &str, d: chrono::NaiveDate, p: Option<Progress>| {
            let mut n = note("张", org, d, "", "");
            n.progress = p;
            ds.records.notes.push(n);
        };
        // O1: March (Q1) and May (Q2) of 2024 → covered as of June; a 2023 June note is no
        // visit of 2024's Q2
        v("O1", ymd(2024, 3, 31), Some(Progress::Established));
        v("O1", ymd(2024, 5, 5), None);
        // O2: Q1 only in 2024; its Q2 "visit" is in 2023 → not covered; progress: the June 1
        // note comes first in the list but is the latest
        v("O2", ymd(2024, 6, 1), Some(Progress::Established));
        v("O2", ymd(2024, 2, 1), Some(Progress::InProgress));
        v("O2", ymd(2023, 6, 1), None);
        let t = instructor_metrics(&ds, &Period::new(2024, ymd(2024, 6, 30), 15)).unwrap();
        let z = &t.entities[0];
        // O1 covered (Q1 March + Q2 May); O2: Feb (Q1) and June 1 (Q2) → covered too.
        // 已建立: O2 only (its latest, June 1, says so; O1's latest, May, says nothing)
        assert_eq!(z.get(Metric::Coverage), Some(1.0));
        assert_eq!(z.get(Metric::OrgsEstablished), Some(1.0));
        // as of March 31 only Q1 counts; the 2023 note adds nothing
        let t = instructor_metrics(&ds, &Period::new(2024, ymd(2024, 3, 31), 15)).unwrap();
        assert_eq!(t.entities[0].get(Metric::Coverage), Some(1.0));
        assert_eq!(t.entities[0].get(Metric::Visits), Some(2.0));
        // O2 without its June note: only Feb in 2024 → not covered by June (2023's June
        // does not count)
        ds.records.notes.retain(|n| n.date != ymd(2024, 6, 1));
        let t = instructor_metrics(&ds, &Period::new(2024, ymd(2024, 6, 30), 15)).unwrap();
        assert_eq!(t.entities[0].get(Metric::Coverage), Some(0.5));
        assert_eq!(t.entities[0].get(Metric::OrgsEstablished), Some(0.0));
        // two notes on one day: the later row says where things stand
        let d = ymd(2024, 4, 2);
        let mut n = note("张", "O2", d, "", "");
        n.progress = Some(Progress::InProgress);
        ds.records.notes.push(n.clone());
        n.progress = Some(Progress::Established);
        ds.records.notes.push(n);
        let t = instructor_metrics(&ds, &Period::new(2024, ymd(2024, 6, 30), 15)).unwrap();
        assert_eq!(t.entities[0].get(Metric::OrgsEstablished), Some(1.0));
    }
}
