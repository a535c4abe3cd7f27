//! Instructors: a note finds its person (SPEC §1.10 "People's names", "Unmatched rows").
//!
//! Names are already compared without whitespace (ingest). Two roster entries with the same
//! name and different 派出单位 are two people: both get the key `姓名（派出单位）`, which the
//! ranked sheet shows, and a note naming that name is matched by its 派出单位 — without one
//! (or with another) it is ambiguous: rejected, and a red line on 指导员履职. Without a roster,
//! notes of one name under different 派出单位 are told apart the same way. A note whose
//! instructor is not on the roster (when there is one) is listed and counted in a red line.

use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// The key of one of several people sharing a name.
pub fn split_key(name: &str, unit: &str) -> String {
    format!("{name}（{unit}）")
}

/// What the join found, for the warnings and 运行信息.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PeopleJoin {
    /// Notes whose instructor is not on the roster: (name, rows).
    pub not_on_roster: BTreeMap<String, usize>,
    /// Notes rejected as ambiguous: (name, rows).
    pub ambiguous: BTreeMap<String, usize>,
    /// Names shared by several people.
    pub shared_names: Vec<String>,
}

/// Units per name, in first-seen order.
fn units_by_name<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, unit) in pairs {
        let e = m.entry(name.to_string()).or_default();
        if !unit.is_empty() && !e.iter().any(|u| u == unit) {
            e.push(unit.to_string());
        }
    }
    m
}

/// Matches every note to its instructor; see the module documentation.
pub fn join_instructors(ds: &mut Dataset) -> PeopleJoin {
    let mut out = PeopleJoin::default();
    let has_roster = !ds.records.roster.is_empty();
    let units = if has_roster {
        units_by_name(
            ds.records
                .roster
                .iter()
                .map(|r| (r.instructor.as_str(), r.unit.as_str())),
        )
    } else {
        units_by_name(
            ds.records
                .notes
                .iter()
                .map(|n| (n.instructor.as_str(), n.unit.as_str())),
        )
    };
    let shared: BTreeSet<&String> = units
        .iter()
        .filter(|(_, u)| u.len() > 1)
        .map(|(n, _)| n)
        .collect();
    out.shared_names = shared.iter().map(|s| s.to_string()).collect();
    for r in &mut ds.records.roster {
        if shared.contains(&r.instructor) {
            r.instructor = split_key(&r.instructor, &r.unit);
        }
    }
    let mut rejected = Vec::new();
    let mut kept = Vec::with_capacity(ds.records.notes.len());
    for mut n in std::mem::take(&mut ds.records.notes) {
        if shared.contains(&n.instructor) {
            if units[&n.instructor].contains(&n.unit) {
                n.instructor = split_key(&n.instructor, &n.unit);
            } else {
                *out.ambiguous.entry(n.instructor.clone()).or_default() += 1;
                rejected.push(n);
                continue;
            }
        } else if has_roster && !units.contains_key(&n.instructor) {
            *out.not_on_roster.entry(n.instructor.clone()).or_default() += 1;
            let issue = ds.issue_at(
                n.place,
                "指导员",
                &n.instructor,
                "指导员不在指导员名册中：这条记录不计入任何指导员的考评，请核对姓名或补入名册"
                    .into(),
                Action::Kept,
            );
            ds.issues.push(issue);
        }
        kept.push(n);
    }
    ds.records.notes = kept;
    for n in rejected {
        let list = units[&n.instructor].join("、");
        let problem = if n.unit.is_empty() {
            format!("名册中有 {} 位同名的「{}」（{list}），这条记录没有填派出单位，无法确定是哪一位，已剔除", units[&n.instructor].len(), n.instructor)
        } else {
            format!("名册中同名的「{}」派出单位为 {list}，与这条记录的「{}」都不一致，无法确定是哪一位，已剔除", n.instructor, n.unit)
        };
        let issue = ds.issue_at(n.place, "派出单位", &n.unit, problem, Action::Rejected);
        ds.reject_at(n.place, issue);
    }
    out
}

/// The red lines of the instructor join, on 指导员履职.
pub fn warnings(j: &PeopleJoin) -> Vec<Warning> {
    let mut w = Vec::new();
    let list = |m: &BTreeMap<String, usize>| {
        m.iter()
            .take(5)
            .map(|(n, k)| format!("{n} {k} 条"))
            .collect::<Vec<_>>()
            .join("、")
            + if m.len() > 5 { " 等" } else { "" }
    };
    let total = |m: &BTreeMap<String, usize>| m.values().sum::<usize>();
    if !j.not_on_roster.is_empty() {
        w.push(Warning {
            scope: Scope::Instructor,
            strict: true,
            text: format!(
                "指导员工作记录中有 {} 条记录的指导员不在指导员名册中（{}），未计入任何指导员的考评（见数据问题）",
                total(&j.not_on_roster),
                list(&j.not_on_roster)
            ),
        });
    }
    if !j.ambiguous.is_empty() {
        w.push(Warning {
            scope: Scope::Instructor,
            strict: true,
            text: format!(
                "指导员工作记录中有 {} 条记录属于同名的几位指导员之一，但派出单位缺少或不符，无法确定是谁，已剔除（{}；见数据问题）",
                total(&j.ambiguous),
                list(&j.ambiguous)
            ),
        });
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{note, roster};

    fn ds_with_files() -> Dataset {
        let mut ds = Dataset::default();
        ds.files.push(FileStat {
            path: "名册.xlsx".into(),
            sha256: String::new(),
            sheets: vec![SheetInfo {
                name: "Sheet1".into(),
                kind: Some(SheetKind::Notes),
                header_row: 1,
                header_top: 1,
                hidden: false,
                rows_read: 10,
                rejected: 0,
            }],
            rows_read: 10,
            rejected: 0,
            error: None,
        });
        ds
    }

    #[test]
    fn same_names_are_told_apart_by_unit_and_strangers_are_listed() {
        let mut ds = ds_with_files();
        ds.records.roster = vec![
            roster("王伟", "住建局", "O1"),
            roster("王伟", "民政局", "O2"),
            roster("李娜", "住建局", "O3"),
        ];
        let d = crate::metrics::ymd(2024, 3, 1);
        let n = |who: &str, unit: &str, org: &str| Note {
            unit: unit.into(),
            ..note(who, org, d, "实地走访", "")
        };
        ds.records.notes = vec![
            n("王伟", "住建局", "O1"),
            n("王伟", "民政局", "O2"),
            n("王伟", "", "O2"),
            n("李娜", "", "O3"),
            n("张三", "住建局", "O9"),
        ];
        let j = join_instructors(&mut ds);
        let who: Vec<&str> = ds
            .records
            .notes
            .iter()
            .map(|n| n.instructor.as_str())
            .collect();
        assert_eq!(who, ["王伟（住建局）", "王伟（民政局）", "李娜", "张三"]);
        assert_eq!(ds.records.roster[1].instructor, "王伟（民政局）");
        assert_eq!(j.ambiguous.get("王伟"), Some(&1));
        assert_eq!(j.not_on_roster.get("张三"), Some(&1));
        assert_eq!(ds.files[0].rejected, 1);
        let w = warnings(&j);
        assert_eq!(w.len(), 2);
        assert!(w[0].text.contains("张三 1 条"), "{}", w[0].text);
        assert!(w.iter().all(|w| w.scope == Scope::Instructor && w.strict));
    }
}
