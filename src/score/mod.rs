//! Scoring (SPEC §3): metric tables × rubric → normalised values, weights, points, adjust
//! items, vetoes, grades, quota and ranks — every step kept so `explain` and 评分明细 can show
//! how a score came about.

pub(crate) mod assessment;
pub(crate) mod error;
pub(crate) mod grid;
pub(crate) mod manual;
pub(crate) mod normalize;
pub(crate) mod rank;
pub(crate) mod rubric;
pub(crate) mod settings;
pub(crate) mod sheet;

use crate::metrics::{Entity, MetricTable, Values};
use crate::model::{Action, Issue};
use manual::ManualValue;
pub use rubric::{Assessment, Method, Normalize, RankStyle, Rubric, RubricError};
use std::collections::HashMap;

/// One indicator of one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorScore {
    pub raw: Option<f64>,
    /// Normalised value in [0, 1] (for TOPSIS: the vector-normalised r_ij).
    pub v: f64,
    /// Weight used, as a share of 1.
    pub weight: f64,
    /// Points on the assessment's scale.
    pub points: f64,
    /// How a manual score came about (raters, dropped scores, mean); empty otherwise.
    pub detail: String,
}

/// One adjust item of one entity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdjustScore {
    pub raw: f64,
    pub points: f64,
    /// The limit was hit.
    pub capped: bool,
}

/// One entity's complete result.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub name: String,
    pub group: String,
    pub has_data: bool,
    /// Σ indicator points (before adjust items).
    pub base: f64,
    /// Final total in [0, scale].
    pub total: f64,
    pub grade: String,
    /// Grade from the thresholds alone, before veto caps and the quota.
    pub threshold_grade: String,
    pub rank: Option<u32>,
    pub indicators: Vec<IndicatorScore>,
    pub adjusts: Vec<AdjustScore>,
    /// 备注: vetoes, quota, tie-breaks, missing values.
    pub remarks: Vec<String>,
    pub prev_rank: Option<u32>,
    /// 上年排名 − 排名 (positive: moved up).
    pub change: Option<i64>,
    /// The raw metric values (for tie-breaks and explain).
    pub metrics: Values,
}

/// The result of one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreResult {
    pub assessment: Assessment,
    /// Weights used per indicator, as shares of 1 (entropy-derived when so configured).
    pub weights: Vec<f64>,
    /// Ranked entities in rank order (per group when ranking within groups), then the
    /// entities without data (无考核数据).
    pub entities: Vec<Scored>,
    pub issues: Vec<Issue>,
}

impl ScoreResult {
    /// Count of entities per grade, in grade order (ranked entities only).
    pub fn grade_counts(&self) -> Vec<(String, usize)> {
        self.assessment
            .grades
            .iter()
            .map(|(g, _)| {
                (
                    g.clone(),
                    self.entities
                        .iter()
                        .filter(|e| e.has_data && &e.grade == g)
                        .count(),
                )
            })
            .collect()
    }
    /// The entity called `name`.
    pub fn find(&self, name: &str) -> Option<&Scored> {
        self.entities.iter().find(|e| e.name == name)
    }
}

/// Text of 无考核数据.
pub const NO_DATA: &str = "无考核数据";

/// Manual values by (name without whitespace, indicator).
type ManualMap<'a> = HashMap<(String, &'a str), &'a ManualValue>;

fn manual_values(manual: &[ManualValue]) -> ManualMap<'_> {
    manual
        .iter()
        .map(|m| ((manual::name_key(&m.target), m.indicator.as_str()), m))
        .collect()
}

/// The first grade whose threshold ≤ total (the last grade when none is).
pub fn grade_for(grades: &[(String, f64)], total: f64) -> usize {
    grades
        .iter()
        .position(|(_, t)| *t <= total + 1e-9)
        .unwrap_or(grades.len().saturating_sub(1))
}

/// Score one assessment.
pub fn score(a: &Assessment, table: &MetricTable, manual: &[ManualValue]) -> ScoreResult {
    let ranked: Vec<&Entity> = table
        .entities
        .iter()
        .filter(|e| e.has_data && e.excluded.is_none())
        .collect();
    let manual = manual_values(manual);
    let (raw, issues) = raw_values(a, &ranked, &manual);
    let v = normalised(a, &raw);
    let weights = weights_used(a, &raw);
    let (mut indicator_scores, bases) = combine(a, &raw, &v, &weights);
    for (e, row) in ranked.iter().zip(indicator_scores.iter_mut()) {
        for (i, x) in a.indicators.iter().zip(row.iter_mut()) {
            if let Some(m) = manual.get(&(manual::name_key(&e.name), i.metric.code())) {
                x.detail = m.describe();
            }
        }
    }
    let mut scored: Vec<Scored> = Vec::with_capacity(table.entities.len());
    for ((e, ind), base) in ranked.iter().zip(indicator_scores).zip(bases) {
        scored.push(adjust_and_grade(a, e, ind, base));
    }
    rank::rank_and_grade(a, &mut scored);
    for e in &table.entities {
        if let Some(why) = e.excluded.as_ref().filter(|_| e.has_data) {
            scored.push(not_ranked(e, why));
        }
    }
    for e in table.entities.iter().filter(|e| !e.has_data) {
        scored.push(no_data(e));
    }
    ScoreResult {
        assessment: a.clone(),
        weights,
        entities: scored,
        issues,
    }
}

type Matrix<T> = Vec<Vec<T>>;

/// Raw value per ranked entity and indicator (from the metrics, or 考评打分 for a manual
/// indicator), with a 数据问题 line for each missing one.
fn raw_values(
    a: &Assessment,
    ranked: &[&Entity],
    manual: &ManualMap<'_>,
) -> (Matrix<Option<f64>>, Vec<Issue>) {
    let raw_of = |e: &Entity, i: &rubric::Indicator| -> Option<f64> {
        match &i.metric {
            rubric::Source::Manual(name) => manual
                .get(&(manual::name_key(&e.name), name.as_str()))
                .map(|m| m.v),
            rubric::Source::Metric(m) => e.get(*m),
        }
    };
    let raw: Matrix<Option<f64>> = ranked
        .iter()
        .map(|e| a.indicators.iter().map(|i| raw_of(e, i)).collect())
        .collect();
    let mut issues = Vec::new();
    for (e, r) in ranked.iter().zip(&raw) {
        for (i, x) in a.indicators.iter().zip(r) {
            if x.is_none() {
                issues.push(Issue {
                    place: None,
                    file: String::new(),
                    sheet: a.title.clone(),
                    row: 0,
                    column: i.label.clone(),
                    value: e.name.clone(),
                    problem: format!("{}：{}无原始值，标准化值按 0 计", e.name, i.label),
                    action: Action::Kept,
                });
            }
        }
    }
    (raw, issues)
}

fn column(raw: &Matrix<Option<f64>>, j: usize) -> Vec<Option<f64>> {
    raw.iter().map(|r| r[j]).collect()
}

/// Each indicator's own normalisation, with its floor.
fn normalised(a: &Assessment, raw: &Matrix<Option<f64>>) -> Matrix<f64> {
    let mut v = vec![vec![0.0; a.indicators.len()]; raw.len()];
    for (j, ind) in a.indicators.iter().enumerate() {
        let col = column(raw, j);
        let vals = match ind.normalize {
            Normalize::MinMax => normalize::minmax(&col, ind.higher),
            Normalize::Rank => normalize::rank(&col, ind.higher),
            Normalize::Target { good, bad } => col
                .iter()
                .map(|x| x.map_or(0.0, |x| normalize::target(x, good, bad)))
                .collect(),
        };
        for (i, x) in vals.into_iter().enumerate() {
            v[i][j] = match (ind.floor, raw[i][j]) {
                (Some(f), Some(_)) => x.max(f),
                _ => x,
            };
        }
    }
    v
}

/// The weights used: the rubric's, scaled to sum 1, or entropy weights of the min-max
/// normalised values.
fn weights_used(a: &Assessment, raw: &Matrix<Option<f64>>) -> Vec<f64> {
    let m = a.indicators.len();
    if a.entropy {
        let cols: Vec<Vec<f64>> = (0..m)
            .map(|j| normalize::minmax(&column(raw, j), a.indicators[j].higher))
            .collect();
        let mm: Matrix<f64> = (0..raw.len())
            .map(|i| (0..m).map(|j| cols[j][i]).collect())
            .collect();
        normalize::entropy_weights(&mm)
    } else {
        let s: f64 = a.indicators.iter().map(|i| i.weight).sum();
        a.indicators.iter().map(|i| i.weight / s).collect()
    }
}

/// Per entity, its indicator scores and base total: weighted sum, or TOPSIS closeness.
fn combine(
    a: &Assessment,
    raw: &Matrix<Option<f64>>,
    v: &Matrix<f64>,
    weights: &[f64],
) -> (Matrix<IndicatorScore>, Vec<f64>) {
    let m = a.indicators.len();
    match a.method {
        Method::WeightedSum => (0..raw.len())
            .map(|i| {
                let s: Vec<IndicatorScore> = (0..m)
                    .map(|j| IndicatorScore {
                        raw: raw[i][j],
                        v: v[i][j],
                        weight: weights[j],
                        points: weights[j] * v[i][j] * a.scale,
                        detail: String::new(),
                    })
                    .collect();
                let base: f64 = s.iter().map(|x| x.points).sum();
                (s, base)
            })
            .unzip(),
        Method::Topsis => {
            let higher: Vec<bool> = a.indicators.iter().map(|i| i.higher).collect();
            let x = topsis_matrix(raw, &higher);
            let t = normalize::topsis(&x, weights, &higher);
            (0..raw.len())
                .map(|i| {
                    let s: Vec<IndicatorScore> = (0..m)
                        .map(|j| IndicatorScore {
                            raw: raw[i][j],
                            v: if weights[j] > 0.0 {
                                t.weighted[i][j] / weights[j]
                            } else {
                                0.0
                            },
                            weight: weights[j],
                            points: t.weighted[i][j],
                            detail: String::new(),
                        })
                        .collect();
                    (s, a.scale * t.closeness[i])
                })
                .unzip()
        }
    }
}

/// Adjust items (with their caps), the clamped total, the grade and its vetoes.
fn adjust_and_grade(a: &Assessment, e: &Entity, ind: Vec<IndicatorScore>, base: f64) -> Scored {
    let mut remarks = e.notes.clone();
    let adjusts: Vec<AdjustScore> = a
        .adjusts
        .iter()
        .map(|j| {
            let x = e.get(j.metric).unwrap_or(0.0);
            let p = j.points * x;
            let (p, capped) = match j.limit {
                Some(l) if p.abs() > l => (l.copysign(p), true),
                _ => (p, false),
            };
            if capped {
                let limit = crate::vocab::fmt_num(j.limit.unwrap_or(0.0));
                remarks.push(format!("{}已达上限 {limit} 分", j.label));
            }
            AdjustScore {
                raw: x,
                points: p,
                capped,
            }
        })
        .collect();
    let total = (base + adjusts.iter().map(|x| x.points).sum::<f64>()).clamp(0.0, a.scale);
    let g = grade_for(&a.grades, total);
    let mut gi = g;
    for veto in &a.vetoes {
        let x = e.get(veto.metric).unwrap_or(0.0);
        if x > veto.above {
            let cap = a
                .grades
                .iter()
                .position(|(n, _)| *n == veto.cap_grade)
                .unwrap_or(0);
            let words = veto.metric.words(&veto.label, x);
            remarks.push(format!("{words}，等次最高为{}", veto.cap_grade));
            gi = gi.max(cap);
        }
    }
    for (i, x) in a.indicators.iter().zip(&ind) {
        if x.raw.is_none() {
            remarks.push(format!("{}无原始值，按 0 分", i.label));
        }
    }
    Scored {
        name: e.name.clone(),
        group: e.group.clone(),
        has_data: true,
        base,
        total,
        grade: a.grades[gi].0.clone(),
        threshold_grade: a.grades[g].0.clone(),
        rank: None,
        indicators: ind,
        adjusts,
        remarks,
        prev_rank: None,
        change: None,
        metrics: e.values,
    }
}

/// Text of 不参评 (SPEC §1.10: a company that left in Y, or is not there yet).
pub const NOT_RANKED: &str = "不参评";

/// An entity that is not ranked this year (不参评): listed after the ranked ones.
fn not_ranked(e: &Entity, why: &str) -> Scored {
    Scored {
        grade: NOT_RANKED.into(),
        threshold_grade: NOT_RANKED.into(),
        remarks: vec![why.to_string()],
        ..no_data(e)
    }
}

/// An entity without records in Y: listed, not ranked.
fn no_data(e: &Entity) -> Scored {
    Scored {
        name: e.name.clone(),
        group: e.group.clone(),
        has_data: false,
        base: 0.0,
        total: 0.0,
        grade: NO_DATA.into(),
        threshold_grade: NO_DATA.into(),
        rank: None,
        indicators: Vec::new(),
        adjusts: Vec::new(),
        remarks: vec![format!("{NO_DATA}：本年度没有该对象的考核记录，不参与排名")],
        prev_rank: None,
        change: None,
        metrics: e.values,
    }
}

/// The TOPSIS decision matrix from raw values: a missing value is taken as the column's worst
/// value, anything not finite as 0.
pub fn topsis_matrix(raw: &[Vec<Option<f64>>], higher: &[bool]) -> Vec<Vec<f64>> {
    let m = higher.len();
    let worst: Vec<f64> = (0..m)
        .map(|j| {
            let c = raw.iter().filter_map(|r| r[j]);
            if higher[j] {
                c.fold(f64::INFINITY, f64::min)
            } else {
                c.fold(f64::NEG_INFINITY, f64::max)
            }
        })
        .collect();
    raw.iter()
        .map(|r| {
            (0..m)
                .map(|j| r[j].unwrap_or(worst[j]))
                .map(|x| if x.is_finite() { x } else { 0.0 })
                .collect()
        })
        .collect()
}

/// Fill 上年排名 and 名次变化 from the previous year's result.
pub fn attach_previous(cur: &mut ScoreResult, prev: &ScoreResult) {
    for e in &mut cur.entities {
        if let Some(p) = prev.find(&e.name).and_then(|p| p.rank) {
            e.prev_rank = Some(p);
            e.change = e.rank.map(|r| p as i64 - r as i64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{AssessmentKind, Entity, Metric, MetricTable};

    fn rubric(extra: &str, indicators: &str) -> Assessment {
        let quota = if extra.contains("top_grade_quota") {
            ""
        } else {
            "top_grade_quota = 0.2"
        };
        let src = format!(
            "[[assessment]]\nid = \"company\"\ntitle = \"t\"\n{quota}\n{extra}\n{indicators}"
        );
        Rubric::parse(&src).unwrap().assessments.remove(0)
    }

    fn table(rows: &[(&str, &[(Metric, f64)])]) -> MetricTable {
        MetricTable {
            kind: AssessmentKind::Company,
            entities: rows
                .iter()
                .map(|(n, vals)| {
                    let mut e = Entity::new(n, "");
                    for (k, v) in *vals {
                        e.set(*k, Some(*v));
                    }
                    e
                })
                .collect(),
        }
    }

    const ONE: &str = "[[assessment.indicator]]\nmetric = \"satisfaction_rate\"\nweight = 1\nnormalize = \"target\"\ngood = 1\nbad = 0\n";

    /// (name, rank) in the result's order.
    fn ranks(r: &ScoreResult) -> Vec<(&str, Option<u32>)> {
        r.entities
            .iter()
            .map(|e| (e.name.as_str(), e.rank))
            .collect()
    }

    /// 考评打分 rows of indicator 现场检查 (one rater, full 10) for (name, score), pooled.
    fn site_checks(rows: &[(&str, f64)]) -> Vec<ManualValue> {
        let m = |&(t, s): &(&str, f64)| crate::model::ManualScore {
            target: t.into(),
            indicator: "现场检查".into(),
            scores: vec![(String::new(), s)],
            stated: None,
            full: 10.0,
            place: crate::model::Place {
                file: 0,
                sheet: 0,
                row: 2,
            },
        };
        let all: Vec<_> = rows.iter().map(m).collect();
        manual::combine(&all, &manual::ManualSettings::default()).0
    }

    fn totals(r: &ScoreResult) -> Vec<(String, Option<u32>, f64, String)> {
        r.entities
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.rank,
                    (e.total * 1e6).round() / 1e6,
                    e.grade.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn quota_pushes_the_third_best_down() {
        // ten entities, quota 0.2 → at most 2 优秀; three score ≥ 90
        let a = rubric("", ONE);
        let vals = [0.99, 0.95, 0.92, 0.85, 0.8, 0.7, 0.65, 0.6, 0.5, 0.3];
        let names: Vec<String> = (0..10).map(|i| format!("E{i}")).collect();
        let rows: Vec<(&str, Vec<(Metric, f64)>)> = names
            .iter()
            .zip(vals)
            .map(|(n, v)| (n.as_str(), vec![(Metric::SatisfactionRate, v)]))
            .collect();
        let refs: Vec<(&str, &[(Metric, f64)])> =
            rows.iter().map(|(n, v)| (*n, v.as_slice())).collect();
        let r = score(&a, &table(&refs), &[]);
        let g: Vec<&str> = r.entities.iter().map(|e| e.grade.as_str()).collect();
        assert_eq!(
            g,
            [
                "优秀",
                "优秀",
                "良好",
                "良好",
                "良好",
                "合格",
                "合格",
                "合格",
                "不合格",
                "不合格"
            ]
        );
        assert_eq!(r.entities[2].threshold_grade, "优秀");
        assert!(r.entities[2].remarks[0].contains("名额已满"));
        assert_eq!(r.grade_counts()[0], ("优秀".to_string(), 2));
    }

    #[test]
    fn veto_caps_an_otherwise_top_entity() {
        let veto = "[[assessment.veto]]\nmetric = \"collective\"\nabove = 0\ncap_grade = \"合格\"\nlabel = \"集体访\"\n";
        let a = rubric("top_grade_quota = 1.0", &format!("{ONE}{veto}"));
        let r = score(
            &a,
            &table(&[
                (
                    "甲",
                    &[(Metric::SatisfactionRate, 1.0), (Metric::Collective, 1.0)],
                ),
                (
                    "乙",
                    &[(Metric::SatisfactionRate, 0.85), (Metric::Collective, 0.0)],
                ),
            ]),
            &[],
        );
        assert_eq!(
            totals(&r),
            vec![
                ("甲".into(), Some(1), 100.0, "合格".into()),
                ("乙".into(), Some(2), 85.0, "良好".into())
            ]
        );
        assert!(r.entities[0].remarks[0].contains("集体访"));
    }

    #[test]
    fn adjust_hits_its_limit_and_total_is_clamped() {
        let adj = "[[assessment.adjust]]\nmetric = \"escalated\"\nlabel = \"越级\"\npoints = -2\nlimit = 10\n";
        let a = rubric("", &format!("{ONE}{adj}"));
        let r = score(
            &a,
            &table(&[
                (
                    "甲",
                    &[(Metric::SatisfactionRate, 0.9), (Metric::Escalated, 7.0)],
                ),
                (
                    "乙",
                    &[(Metric::SatisfactionRate, 0.05), (Metric::Escalated, 3.0)],
                ),
            ]),
            &[],
        );
        // 7 × −2 = −14 capped at −10 → 80; 5 − 6 = −1 clamped to 0
        assert_eq!(r.entities[0].adjusts[0].points, -10.0);
        assert!(r.entities[0].adjusts[0].capped);
        assert!((r.entities[0].total - 80.0).abs() < 1e-9);
        assert_eq!(r.entities[1].total, 0.0);
        assert_eq!(r.entities[1].adjusts[0].points, -6.0);
    }

    #[test]
    fn ties_broken_by_tie_break_then_left_equal() {
        let inds = format!("{ONE}[[assessment.indicator]]\nmetric = \"complaints_per_1k\"\nweight = 1\ndirection = \"lower\"\nnormalize = \"target\"\ngood = 0\nbad = 100\n");
        let rows: &[(&str, &[(Metric, f64)])] = &[
            (
                "甲",
                &[
                    (Metric::SatisfactionRate, 0.8),
                    (Metric::ComplaintsPer1k, 20.0),
                ],
            ),
            (
                "乙",
                &[
                    (Metric::SatisfactionRate, 0.9),
                    (Metric::ComplaintsPer1k, 30.0),
                ],
            ),
            (
                "丙",
                &[
                    (Metric::SatisfactionRate, 0.8),
                    (Metric::ComplaintsPer1k, 20.0),
                ],
            ),
            (
                "丁",
                &[
                    (Metric::SatisfactionRate, 0.5),
                    (Metric::ComplaintsPer1k, 50.0),
                ],
            ),
        ];
        // 甲 and 丙: (0.8 + 0.8) / 2 = 0.8; 乙: (0.9 + 0.7) / 2 = 0.8 — a three-way tie on 80
        let a = rubric("tie_break = [\"satisfaction_rate\"]", &inds);
        let r = score(&a, &table(rows), &[]);
        let ranks: Vec<(&str, Option<u32>)> = r
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.rank))
            .collect();
        assert_eq!(
            ranks,
            [
                ("乙", Some(1)),
                // tied: listed by name (issue 23: a total order, whatever the input order)
                ("丙", Some(2)),
                ("甲", Some(2)),
                ("丁", Some(3))
            ]
        );
        // an indicator without `label` takes the metric table's (issue 24: never the code)
        assert!(r.entities[0]
            .remarks
            .iter()
            .any(|m| m.contains("按满意率排序")));
        let a = rubric(
            "tie_break = [\"satisfaction_rate\"]\nrank_style = \"competition\"",
            &inds,
        );
        let r = score(&a, &table(rows), &[]);
        let ranks: Vec<Option<u32>> = r.entities.iter().map(|e| e.rank).collect();
        assert_eq!(ranks, [Some(1), Some(2), Some(2), Some(4)]);
    }

    #[test]
    fn entity_without_data_is_listed_not_ranked() {
        let a = rubric("", ONE);
        let mut t = table(&[("甲", &[(Metric::SatisfactionRate, 0.9)])]);
        let mut e = Entity::new("乙", "");
        e.has_data = false;
        t.entities.push(e);
        let r = score(&a, &t, &[]);
        assert_eq!(r.entities[1].grade, NO_DATA);
        assert_eq!(r.entities[1].rank, None);
        assert_eq!(r.grade_counts().iter().map(|g| g.1).sum::<usize>(), 1);
    }

    #[test]
    fn missing_raw_value_scores_zero_and_is_reported() {
        let inds = "[[assessment.indicator]]\nmetric = \"complaints_per_1k\"\nweight = 1\ndirection = \"lower\"\n";
        let a = rubric("", inds);
        let r = score(
            &a,
            &table(&[
                ("甲", &[]),
                ("乙", &[(Metric::ComplaintsPer1k, 3.0)]),
                ("丙", &[(Metric::ComplaintsPer1k, 5.0)]),
            ]),
            &[],
        );
        let jia = r.find("甲").unwrap();
        assert_eq!(jia.indicators[0].v, 0.0);
        assert_eq!(r.issues.len(), 1);
        assert_eq!(r.find("乙").unwrap().total, 100.0);
    }

    #[test]
    fn entropy_weights_replace_rubric_weights() {
        let inds = "[[assessment.indicator]]\nmetric = \"complaints_per_1k\"\nweight = 25\ndirection = \"lower\"\n[[assessment.indicator]]\nmetric = \"satisfaction_rate\"\nweight = 20\n";
        let a = rubric("weighting = \"entropy\"", inds);
        let rows: &[(&str, &[(Metric, f64)])] = &[
            (
                "a",
                &[
                    (Metric::ComplaintsPer1k, 12.5),
                    (Metric::SatisfactionRate, 0.92),
                ],
            ),
            (
                "b",
                &[
                    (Metric::ComplaintsPer1k, 8.1),
                    (Metric::SatisfactionRate, 0.97),
                ],
            ),
            (
                "c",
                &[
                    (Metric::ComplaintsPer1k, 20.3),
                    (Metric::SatisfactionRate, 0.81),
                ],
            ),
        ];
        let r = score(&a, &table(rows), &[]);
        let sum: f64 = r.weights.iter().sum();
        assert!((sum - 1.0).abs() < 1e-12);
        // points = w_j × v_ij × scale
        let b = r.find("b").unwrap();
        assert!((b.total - 100.0).abs() < 1e-9);
        assert_ne!(r.weights[0], 25.0 / 45.0);
    }

    #[test]
    fn topsis_method_matches_reference() {
        let inds = "[[assessment.indicator]]\nmetric = \"complaints_per_1k\"\nweight = 0.5\ndirection = \"lower\"\n[[assessment.indicator]]\nmetric = \"satisfaction_rate\"\nweight = 0.5\n";
        let a = rubric("method = \"topsis\"\ntop_grade_quota = 1", inds);
        let rows: &[(&str, &[(Metric, f64)])] = &[
            (
                "a",
                &[
                    (Metric::ComplaintsPer1k, 1.0),
                    (Metric::SatisfactionRate, 3000.0),
                ],
            ),
            (
                "b",
                &[
                    (Metric::ComplaintsPer1k, 2.0),
                    (Metric::SatisfactionRate, 3750.0),
                ],
            ),
            (
                "c",
                &[
                    (Metric::ComplaintsPer1k, 5.0),
                    (Metric::SatisfactionRate, 4500.0),
                ],
            ),
        ];
        let r = score(&a, &table(rows), &[]);
        assert!((r.find("a").unwrap().total - 100.0 * 0.7621405801238009).abs() < 1e-9);
        assert!((r.find("c").unwrap().total - 100.0 * 0.23785941987619905).abs() < 1e-9);
    }

    proptest::proptest! {
        /// Issue 23: ranks, grades and the listed order do not depend on the input order.
        #[test]
        fn ranks_do_not_depend_on_input_order(
            vals in proptest::collection::vec((0u8..4, 0u8..4), 2..12),
            seed in 0u64..1000,
        ) {
            use rand::seq::SliceRandom;
            use rand::SeedableRng;
            let inds = "[[assessment.indicator]]\nmetric = \"satisfaction_rate\"\nweight = 1\nnormalize = \"target\"\ngood = 1\nbad = 0\n";
            let a = rubric("tie_break = [\"complaints_per_1k\"]", inds);
            let names: Vec<String> = (0..vals.len()).map(|i| format!("E{i:02}")).collect();
            let rows: Vec<(&str, Vec<(Metric, f64)>)> = names
                .iter()
                .zip(&vals)
                .map(|(n, &(s, c))| {
                    (n.as_str(), vec![(Metric::SatisfactionRate, f64::from(s) / 4.0), (Metric::ComplaintsPer1k, f64::from(c))])
                })
                .collect();
            let as_table = |rows: &[(&str, Vec<(Metric, f64)>)]| {
                let r: Vec<(&str, &[(Metric, f64)])> = rows.iter().map(|(n, v)| (*n, v.as_slice())).collect();
                table(&r)
            };
            let first = score(&a, &as_table(&rows), &[]);
            let mut shuffled = rows.clone();
            shuffled.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
            let second = score(&a, &as_table(&shuffled), &[]);
            let view = |r: &ScoreResult| -> Vec<(String, Option<u32>, String)> {
                r.entities.iter().map(|e| (e.name.clone(), e.rank, e.grade.clone())).collect()
            };
            proptest::prop_assert_eq!(view(&first), view(&second));
        }
    }

    #[test]
    fn manual_indicator_uses_score_over_full() {
        let inds = "[[assessment.indicator]]\nmetric = \"现场检查\"\nsource = \"manual\"\nweight = 1\nnormalize = \"target\"\ngood = 1\nbad = 0\n";
        let a = rubric("", inds);
        let pooled = site_checks(&[("甲", 8.0), ("甲", 9.0), ("乙", 5.0)]);
        let r = score(&a, &table(&[("甲", &[]), ("乙", &[])]), &pooled);
        assert!((r.find("甲").unwrap().total - 85.0).abs() < 1e-9);
        assert!((r.find("乙").unwrap().total - 50.0).abs() < 1e-9);
    }

    /// A tie-break on a metric the assessment does not score takes the metric's own
    /// direction: fewer complaints first (before issue 24 it was read as higher-is-better).
    #[test]
    fn a_tie_break_outside_the_indicators_uses_the_metric_direction() {
        let a = rubric("tie_break = [\"complaints\"]", ONE);
        let t = table(&[
            (
                "甲",
                &[(Metric::SatisfactionRate, 0.9), (Metric::Complaints, 5.0)],
            ),
            (
                "乙",
                &[(Metric::SatisfactionRate, 0.9), (Metric::Complaints, 3.0)],
            ),
        ]);
        let r = score(&a, &t, &[]);
        assert_eq!(ranks(&r), [("乙", Some(1)), ("甲", Some(2))]);
        assert!(r.entities[0]
            .remarks
            .iter()
            .any(|x| x.contains("按信访量排序")));
    }

    /// Issue 24: a tie-break may name a manual indicator; its raw score orders equal totals
    /// (before, the key was looked up among the metrics and never found).
    #[test]
    fn a_manual_indicator_breaks_ties() {
        let inds = format!("{ONE}[[assessment.indicator]]\nmetric = \"现场检查\"\nsource = \"manual\"\nweight = 1\nnormalize = \"target\"\ngood = 1\nbad = 0\n");
        let a = rubric("tie_break = [\"现场检查\"]", &inds);
        assert_eq!(a.tie_break, [rubric::Source::Manual("现场检查".into())]);
        let pooled = site_checks(&[("甲", 5.0), ("乙", 10.0)]);
        // 甲 1.0 + 0.5, 乙 0.5 + 1.0: equal totals; 乙's higher manual score puts it first
        let t = table(&[
            ("甲", &[(Metric::SatisfactionRate, 1.0)]),
            ("乙", &[(Metric::SatisfactionRate, 0.5)]),
        ]);
        let r = score(&a, &t, &pooled);
        assert_eq!(ranks(&r), [("乙", Some(1)), ("甲", Some(2))]);
        assert!(r.entities[0]
            .remarks
            .iter()
            .any(|x| x.contains("按现场检查排序")));
    }

    #[test]
    fn ranks_and_quota_within_groups() {
        let a = rubric("rank_within = \"street\"\ntop_grade_quota = 0.5", ONE);
        let mut t = table(&[
            ("甲", &[(Metric::SatisfactionRate, 0.95)]),
            ("乙", &[(Metric::SatisfactionRate, 0.92)]),
            ("丙", &[(Metric::SatisfactionRate, 0.91)]),
            ("丁", &[(Metric::SatisfactionRate, 0.97)]),
        ]);
        for (e, g) in t.entities.iter_mut().zip(["东", "东", "西", "西"]) {
            e.group = g.into();
        }
        let r = score(&a, &t, &[]);
        let got: Vec<(&str, &str, Option<u32>, &str)> = r
            .entities
            .iter()
            .map(|e| (e.group.as_str(), e.name.as_str(), e.rank, e.grade.as_str()))
            .collect();
        // each street ranks from 1 and keeps floor(2 × 0.5) = 1 优秀
        assert_eq!(
            got,
            [
                ("东", "甲", Some(1), "优秀"),
                ("东", "乙", Some(2), "良好"),
                ("西", "丁", Some(1), "优秀"),
                ("西", "丙", Some(2), "良好")
            ]
        );
    }

    // Issue 15: rules that decide a ranking, each pinned with worked numbers.

    #[test]
    fn previous_ranks_give_changes() {
        // 甲 1, 乙 2 this year against 甲 2, 乙 1 last year → 名次变化 +1 and −1
        let a = rubric("tie_break = []", ONE);
        let cur = score(
            &a,
            &table(&[
                ("甲", &[(Metric::SatisfactionRate, 0.9)]),
                ("乙", &[(Metric::SatisfactionRate, 0.8)]),
            ]),
            &[],
        );
        let prev = score(
            &a,
            &table(&[
                ("甲", &[(Metric::SatisfactionRate, 0.7)]),
                ("乙", &[(Metric::SatisfactionRate, 0.8)]),
            ]),
            &[],
        );
        let mut cur = cur;
        attach_previous(&mut cur, &prev);
        let get = |n: &str| cur.find(n).unwrap();
        assert_eq!((get("甲").prev_rank, get("甲").change), (Some(2), Some(1)));
        assert_eq!((get("乙").prev_rank, get("乙").change), (Some(1), Some(-1)));
    }

    #[test]
    fn a_lower_is_better_tie_break_puts_the_lower_value_first() {
        // equal totals (satisfaction 0.9 both); complaints_per_1k 200 vs 150 → 乙 (150) first
        let ind = format!(
            "{ONE}[[assessment.indicator]]\nmetric = \"complaints_per_1k\"\nlabel = \"千户信访量\"\nweight = 0.000001\ndirection = \"lower\"\nnormalize = \"target\"\ngood = 0\nbad = 1000000\n"
        );
        let a = rubric("tie_break = [\"complaints_per_1k\"]", &ind);
        let mut a = a;
        // make the second indicator weightless in the total so only the tie-break separates them
        a.indicators[1].weight = 1e-12;
        let r = score(
            &a,
            &table(&[
                (
                    "甲",
                    &[
                        (Metric::SatisfactionRate, 0.9),
                        (Metric::ComplaintsPer1k, 200.0),
                    ],
                ),
                (
                    "乙",
                    &[
                        (Metric::SatisfactionRate, 0.9),
                        (Metric::ComplaintsPer1k, 150.0),
                    ],
                ),
            ]),
            &[],
        );
        assert_eq!(r.entities[0].name, "乙");
        assert_eq!(r.entities[0].rank, Some(1));
        assert_eq!(r.entities[1].rank, Some(2));
        assert!(
            r.entities[0]
                .remarks
                .iter()
                .any(|m| m == "同分，按千户信访量排序"),
            "{:?}",
            r.entities[0].remarks
        );
    }

    #[test]
    fn tie_break_values_equal_within_1e9_tie() {
        // 0.3 against 0.1 + 0.2 (= 0.30000000000000004): a tie, same rank
        let a = rubric("tie_break = [\"on_time_rate\"]", ONE);
        let r = score(
            &a,
            &table(&[
                (
                    "甲",
                    &[(Metric::SatisfactionRate, 0.9), (Metric::OnTimeRate, 0.3)],
                ),
                (
                    "乙",
                    &[
                        (Metric::SatisfactionRate, 0.9),
                        (Metric::OnTimeRate, 0.1 + 0.2),
                    ],
                ),
            ]),
            &[],
        );
        assert_eq!(r.entities[0].rank, r.entities[1].rank);
        assert!(r.entities[0].remarks.iter().any(|m| m.contains("名次并列")));
    }

    #[test]
    fn topsis_closeness_by_hand() {
        // one criterion, higher better: r = x / √5 → ideal 2/√5, anti 0 → C = x / 2
        let t = normalize::topsis(&[vec![0.0], vec![1.0], vec![2.0]], &[1.0], &[true]);
        for (c, want) in t.closeness.iter().zip([0.0, 0.5, 1.0]) {
            assert!((c - want).abs() < 1e-12, "{c} vs {want}");
        }
        // every alternative equal: D⁺ + D⁻ = 0 → C = 1
        let t = normalize::topsis(&[vec![3.0], vec![3.0]], &[1.0], &[true]);
        assert_eq!(t.closeness, vec![1.0, 1.0]);
    }

    #[test]
    fn topsis_shows_the_weighted_value_and_its_normalised_value() {
        let src = "[[assessment]]\nid = \"company\"\ntitle = \"t\"\nmethod = \"topsis\"\ntie_break = []\n\
                   [[assessment.indicator]]\nmetric = \"satisfaction_rate\"\nweight = 3\n\
                   [[assessment.indicator]]\nmetric = \"on_time_rate\"\nweight = 1\n";
        let a = Rubric::parse(src).unwrap().assessments.remove(0);
        let r = score(
            &a,
            &table(&[
                (
                    "甲",
                    &[(Metric::SatisfactionRate, 3.0), (Metric::OnTimeRate, 1.0)],
                ),
                (
                    "乙",
                    &[(Metric::SatisfactionRate, 4.0), (Metric::OnTimeRate, 1.0)],
                ),
            ]),
            &[],
        );
        // r(甲, satisfaction) = 3 / √(9 + 16) = 0.6, weight 0.75 → points 0.45, v shown 0.6
        let e = r.find("甲").unwrap();
        assert!((e.indicators[0].points - 0.45).abs() < 1e-12);
        assert!((e.indicators[0].v - 0.6).abs() < 1e-12);
        assert!((e.indicators[1].v - 1.0 / 2f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn an_adjust_exactly_at_its_limit_is_not_capped() {
        let adj = "[[assessment.adjust]]\nmetric = \"escalated\"\nlabel = \"越级信访扣分\"\npoints = -2\nlimit = 10\n";
        let a = rubric("tie_break = []", &format!("{ONE}{adj}"));
        let r = score(
            &a,
            &table(&[
                (
                    "甲",
                    &[(Metric::SatisfactionRate, 0.9), (Metric::Escalated, 5.0)],
                ),
                (
                    "乙",
                    &[(Metric::SatisfactionRate, 0.9), (Metric::Escalated, 6.0)],
                ),
            ]),
            &[],
        );
        // 5 × −2 = −10: exactly the limit, not capped; 6 × −2 = −12 → capped at −10 and said
        let (j, y) = (r.find("甲").unwrap(), r.find("乙").unwrap());
        assert_eq!((j.adjusts[0].points, j.adjusts[0].capped), (-10.0, false));
        assert!(!j.remarks.iter().any(|m| m.contains("已达上限")));
        assert_eq!((y.adjusts[0].points, y.adjusts[0].capped), (-10.0, true));
        assert!(y.remarks.iter().any(|m| m == "越级信访扣分已达上限 10 分"));
        assert!((j.total - 80.0).abs() < 1e-9, "{}", j.total);
    }

    #[test]
    fn the_floor_lifts_a_low_value_but_not_a_missing_one() {
        // target good 0.98, bad 0.5, floor 0.5: 0.3 → 0 → lifted to 0.5; missing stays 0
        let ind = "[[assessment.indicator]]\nmetric = \"satisfaction_rate\"\nweight = 1\nnormalize = \"target\"\ngood = 0.98\nbad = 0.5\nfloor = 0.5\n";
        let a = rubric("tie_break = []", ind);
        let r = score(
            &a,
            &table(&[("甲", &[(Metric::SatisfactionRate, 0.3)]), ("乙", &[])]),
            &[],
        );
        assert_eq!(r.find("甲").unwrap().indicators[0].v, 0.5);
        assert_eq!(r.find("甲").unwrap().total, 50.0);
        assert_eq!(r.find("乙").unwrap().indicators[0].v, 0.0);
    }

    #[test]
    fn topsis_with_a_zero_entropy_weight_shows_zero_not_nan() {
        // satisfaction is the same for all → entropy weight 0; its shown value is 0
        let src = "[[assessment]]\nid = \"company\"\ntitle = \"t\"\nmethod = \"topsis\"\nweighting = \"entropy\"\ntie_break = []\n\
                   [[assessment.indicator]]\nmetric = \"satisfaction_rate\"\nweight = 1\n\
                   [[assessment.indicator]]\nmetric = \"on_time_rate\"\nweight = 1\n";
        let a = Rubric::parse(src).unwrap().assessments.remove(0);
        let r = score(
            &a,
            &table(&[
                (
                    "甲",
                    &[(Metric::SatisfactionRate, 0.9), (Metric::OnTimeRate, 0.5)],
                ),
                (
                    "乙",
                    &[(Metric::SatisfactionRate, 0.9), (Metric::OnTimeRate, 0.8)],
                ),
            ]),
            &[],
        );
        assert_eq!(r.weights[0], 0.0);
        for e in &r.entities {
            assert_eq!(e.indicators[0].v, 0.0, "{}", e.name);
        }
    }
}
