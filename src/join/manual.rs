//! Manual scores meet their entities (SPEC §1.10 "Unmatched rows"): a 考核对象 is compared
//! without whitespace and may be a company's alias; a score for a name that matches no entity
//! of the assessment that has its indicator, or for an indicator that no assessment of the
//! rubric rates by hand, is listed with its place and counted in a red line — on the ranked
//! sheet it would have affected, or on 总览 when no sheet can be named.

use crate::metrics::MetricTable;
use crate::model::{Action, Dataset, Scope, Warning};
use crate::score::manual::{name_key, ManualValue};
use crate::score::Rubric;
use std::collections::{BTreeMap, HashSet};

/// A 考核对象 written as a company's alias becomes the company's full name.
pub fn canonical_targets(ds: &mut Dataset) {
    let mut alias: std::collections::HashMap<String, String> = Default::default();
    let names: HashSet<String> = ds
        .records
        .companies
        .iter()
        .map(|c| name_key(&c.name))
        .collect();
    for c in &ds.records.companies {
        for a in &c.aliases {
            let k = name_key(a);
            if !names.contains(&k) {
                alias.entry(k).or_insert_with(|| c.name.clone());
            }
        }
    }
    for m in &mut ds.records.manual {
        if let Some(full) = alias.get(&name_key(&m.target)) {
            m.target = full.clone();
        }
    }
}

/// Lists every pooled manual score that reaches no entity; the red lines.
pub fn unmatched(
    ds: &mut Dataset,
    manual: &[ManualValue],
    rubric: &Rubric,
    tables: &[MetricTable],
) -> (Vec<Warning>, u64) {
    // per scope: (rows, the names or indicators involved)
    let mut counts: BTreeMap<Scope, (usize, Vec<String>)> = BTreeMap::new();
    for m in manual {
        let owners: Vec<usize> = rubric
            .assessments
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.indicators
                    .iter()
                    .any(|i| i.manual() && i.metric.code() == m.indicator)
            })
            .map(|(k, _)| k)
            .collect();
        let (scope, problem, what) = if owners.is_empty() {
            (
                Scope::All,
                format!(
                    "考核细则中没有“{}”这个人工打分指标（source = \"manual\"），这条打分未计入任何考核",
                    m.indicator
                ),
                format!("指标“{}”", m.indicator),
            )
        } else {
            let known = owners.iter().any(|&k| {
                let kind = rubric.assessments[k].kind;
                tables
                    .iter()
                    .filter(|t| t.kind == kind)
                    .flat_map(|t| &t.entities)
                    .any(|e| name_key(&e.name) == name_key(&m.target))
            });
            if known {
                continue;
            }
            let a = &rubric.assessments[owners[0]];
            (
                a.kind.scope(),
                format!(
                    "考核对象「{}」不是{}中的对象（名称与名录、名册都对不上），这条打分未计入",
                    m.target, a.title
                ),
                format!("「{}」", m.target),
            )
        };
        let e = counts.entry(scope).or_default();
        e.0 += m.places.len();
        if !e.1.contains(&what) {
            e.1.push(what);
        }
        for &p in &m.places {
            let issue = ds.issue_at(p, "考核对象", &m.target, problem.clone(), Action::Kept);
            ds.issues.push(issue);
        }
    }
    let rows = counts.values().map(|c| c.0 as u64).sum();
    let w = counts
        .into_iter()
        .map(|(scope, (n, what))| {
            let shown: Vec<&str> = what.iter().take(5).map(String::as_str).collect();
            let more = if what.len() > 5 { " 等" } else { "" };
            Warning {
                scope,
                strict: true,
                text: format!(
                    "考评打分中有 {n} 行没有对上考核对象或考核指标（{}{more}），未计入任何得分（见数据问题）",
                    shown.join("、")
                ),
            }
        })
        .collect();
    (w, rows)
}
