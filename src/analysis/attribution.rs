//! 名次变化原因 (SPEC §8.2): for every entity with 上年排名, what changed its score — per indicator
//! Δ = points(Y) − points(Y−1) and per adjust item Δ = adjust(Y) − adjust(Y−1), Y−1 scored as
//! for 上年排名 (its own derived weights and min/max). For weighted sums Σ Δ is the change of the
//! unclamped total; TOPSIS compares the weighted normalised values w_j·r_ij.

use crate::score::rubric::Source;
use crate::score::{Method, ScoreResult, Scored};

/// Changes smaller than this are not named.
pub const MIN_NAMED: f64 = 0.005;

/// One indicator's or adjust item's change.
#[derive(Debug, Clone, PartialEq)]
pub struct Delta {
    pub label: String,
    pub metric: Source,
    /// points(Y) − points(Y−1) (TOPSIS: Δ of w_j·r_ij).
    pub delta: f64,
    pub prev_points: f64,
    pub prev_raw: Option<f64>,
    pub raw: Option<f64>,
}

/// One entity's change against the previous year.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Indicators in rubric order, then adjust items.
    pub deltas: Vec<Delta>,
    /// 变化原因: the two largest |Δ| with sign and raw values, or 无明显变化.
    pub text: String,
}

/// A raw value as the tables show it: rates in per cent with one decimal, else a number.
pub fn show_raw(metric: &Source, v: Option<f64>) -> String {
    match (v, metric) {
        (None, _) => "无".into(),
        (Some(x), Source::Metric(m)) => m.show(x),
        (Some(x), Source::Manual(_)) => crate::vocab::fmt_fixed(x, 2),
    }
}

/// `+4.10` / `−2.30`: the sign, then the magnitude as a cell with `decimals` shows it.
fn signed(x: f64, decimals: usize) -> String {
    let s = if x < 0.0 { '−' } else { '+' };
    format!("{s}{}", crate::vocab::fmt_fixed(x.abs(), decimals))
}

/// SPEC §5.1: a raw value that improved while its points fell — scoring is relative.
fn relative_note(higher: Option<bool>, d: &Delta) -> &'static str {
    match (higher, d.prev_raw, d.raw) {
        (Some(h), Some(p), Some(x)) if d.delta < 0.0 && ((h && x > p) || (!h && x < p)) => {
            "（相对全区）"
        }
        _ => "",
    }
}

/// The change of `e` (year Y) against `p` (the same entity in Y−1).
pub fn change(r: &ScoreResult, e: &Scored, p: &Scored) -> Change {
    let a = &r.assessment;
    let mut deltas = Vec::new();
    for (j, ind) in a.indicators.iter().enumerate() {
        let (Some(x), Some(y)) = (e.indicators.get(j), p.indicators.get(j)) else {
            continue;
        };
        deltas.push(Delta {
            label: ind.label.clone(),
            metric: ind.metric.clone(),
            delta: x.points - y.points,
            prev_points: y.points,
            prev_raw: y.raw,
            raw: x.raw,
        });
    }
    for (j, adj) in a.adjusts.iter().enumerate() {
        let (Some(x), Some(y)) = (e.adjusts.get(j), p.adjusts.get(j)) else {
            continue;
        };
        deltas.push(Delta {
            label: adj.label.clone(),
            metric: Source::Metric(adj.metric),
            delta: x.points - y.points,
            prev_points: y.points,
            prev_raw: Some(y.raw),
            raw: Some(x.raw),
        });
    }
    let mut order: Vec<&Delta> = deltas
        .iter()
        .filter(|d| d.delta.abs() >= MIN_NAMED)
        .collect();
    order.sort_by(|x, y| y.delta.abs().total_cmp(&x.delta.abs()));
    let named: Vec<String> = order
        .iter()
        .take(2)
        .map(|d| {
            let higher = a
                .indicators
                .iter()
                .find(|i| i.label == d.label && i.metric == d.metric)
                .map(|i| i.higher);
            let raws = format!(
                "（{}→{}）{}",
                show_raw(&d.metric, d.prev_raw),
                show_raw(&d.metric, d.raw),
                relative_note(higher, d)
            );
            match a.method {
                Method::WeightedSum => format!("{} {} 分{raws}", d.label, signed(d.delta, 2)),
                Method::Topsis => format!("{} {}{raws}", d.label, signed(d.delta, 4)),
            }
        })
        .collect();
    let text = if named.is_empty() {
        "无明显变化".into()
    } else {
        named.join("；")
    };
    Change { deltas, text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;
    use crate::score::{score, Rubric};
    use proptest::prelude::*;

    fn result(rows: &[(f64, f64, f64)], method: &str) -> ScoreResult {
        let src = format!(
            "[[assessment]]\nid = \"company\"\ntitle = \"t\"\nmethod = \"{method}\"\ntie_break = []\n\
             [[assessment.indicator]]\nmetric = \"satisfaction_rate\"\nlabel = \"满意率\"\nweight = 1\nnormalize = \"target\"\ngood = 1\nbad = 0\n\
             [[assessment.indicator]]\nmetric = \"complaints_per_1k\"\nlabel = \"千户信访量\"\nweight = 1\ndirection = \"lower\"\nnormalize = \"target\"\ngood = 0\nbad = 20\n\
             [[assessment.adjust]]\nmetric = \"escalated\"\nlabel = \"越级信访扣分\"\npoints = -2\nlimit = 10\n"
        );
        let a = Rubric::parse(&src).unwrap().assessments.remove(0);
        let rows: Vec<Vec<f64>> = rows.iter().map(|&(s, c, x)| vec![s, c, x]).collect();
        let metrics = [
            Metric::SatisfactionRate,
            Metric::ComplaintsPer1k,
            Metric::Escalated,
        ];
        let table = crate::metrics::company_table(&metrics, &rows);
        score(&a, &table, &[])
    }

    #[test]
    fn two_largest_changes_with_raw_values() {
        // weights 1 : 1 → 50 points each. Y−1: 满意率 0.86 → 43.00, 千户信访量 9.1 →
        // (20 − 9.1)/20·50 = 27.25, 1 越级 → −2. Y: 0.95 → 47.50, 11.4 → 21.50, 0 越级 → 0.
        // Δ: 满意率 +4.50, 千户信访量 −5.75, 越级信访扣分 +2.00.
        let prev = result(&[(0.86, 9.1, 1.0)], "weighted_sum");
        let cur = result(&[(0.95, 11.4, 0.0)], "weighted_sum");
        let c = change(&cur, &cur.entities[0], &prev.entities[0]);
        let d: Vec<f64> = c
            .deltas
            .iter()
            .map(|d| (d.delta * 100.0).round() / 100.0)
            .collect();
        assert_eq!(d, vec![4.5, -5.75, 2.0]);
        assert_eq!(
            c.text,
            "千户信访量 −5.75 分（9.10→11.40）；满意率 +4.50 分（86.0%→95.0%）"
        );
        // nothing moved
        let c = change(&prev, &prev.entities[0], &prev.entities[0]);
        assert_eq!(c.text, "无明显变化");
    }

    #[test]
    fn signs_as_leaders_read_them() {
        assert_eq!(signed(0.0, 2), "+0.00");
        assert_eq!(signed(-1.234, 2), "−1.23");
        assert_eq!(signed(4.5, 1), "+4.5");
    }

    #[test]
    fn raw_values_as_leaders_read_them() {
        assert_eq!(
            show_raw(&Source::Metric(Metric::SatisfactionRate), Some(0.86)),
            "86.0%"
        );
        // SPEC §5.1: as the cell shows it — 0.00 for numbers, 0.0% for rates, Excel's rounding
        assert_eq!(
            show_raw(&Source::Metric(Metric::ComplaintsPer1k), Some(9.14)),
            "9.14"
        );
        assert_eq!(
            show_raw(&Source::Metric(Metric::ComplaintsPer1k), Some(6.665)),
            "6.67"
        );
        assert_eq!(
            show_raw(&Source::Metric(Metric::ComplaintYoy), Some(-0.8125)),
            "-81.3%"
        );
        assert_eq!(
            show_raw(&Source::Metric(Metric::ComplaintYoy), Some(0.13)),
            "13.0%"
        );
        assert_eq!(show_raw(&Source::Metric(Metric::Escalated), Some(2.0)), "2");
        assert_eq!(
            show_raw(&Source::Metric(Metric::PartyOrg), Some(0.6)),
            "联合组建"
        );
        assert_eq!(
            show_raw(&Source::Metric(Metric::PartyOrg), Some(1.0)),
            "单独组建"
        );
        assert_eq!(show_raw(&Source::Metric(Metric::OnTimeRate), None), "无");
    }

    #[test]
    fn topsis_names_weighted_values_without_points() {
        let prev = result(&[(0.86, 9.1, 0.0), (0.5, 3.0, 0.0)], "topsis");
        let cur = result(&[(0.95, 9.1, 0.0), (0.5, 3.0, 0.0)], "topsis");
        let c = change(
            &cur,
            cur.entities.iter().find(|e| e.name == "E0").unwrap(),
            prev.find("E0").unwrap(),
        );
        assert!(c.text.starts_with("满意率 +0."), "{}", c.text);
        assert!(!c.text.contains('分'), "{}", c.text);
    }

    proptest! {
        /// SPEC §8.2: for weighted sums Σ Δ equals the change of the unclamped total.
        #[test]
        fn deltas_add_up_to_the_change_of_the_unclamped_total(
            a in (0.0f64..1.0, 0.0f64..40.0, 0.0f64..9.0),
            b in (0.0f64..1.0, 0.0f64..40.0, 0.0f64..9.0),
        ) {
            let prev = result(&[a], "weighted_sum");
            let cur = result(&[b], "weighted_sum");
            let (e, p) = (&cur.entities[0], &prev.entities[0]);
            let c = change(&cur, e, p);
            let unclamped = |x: &Scored| x.base + x.adjusts.iter().map(|a| a.points).sum::<f64>();
            let sum: f64 = c.deltas.iter().map(|d| d.delta).sum();
            prop_assert!((sum - (unclamped(e) - unclamped(p))).abs() < 1e-9);
        }
    }
}
