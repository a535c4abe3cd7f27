//! 名次稳定性 (SPEC §8.1): the best and worst rank of every ranked entity when each weight moves
//! independently within ±`weight_tolerance` of the weight used.
//!
//! Weighted sums use the pairwise rule — each rival judged on its own, computed exactly, not
//! sampled: an outer bound. TOPSIS uses the weights used and the 2^m vertices of the box. Both
//! number the interval the way 排名 is numbered (dense or competition), so 排名 lies inside it.

use crate::score::rank::{tie_cmp, EPS};
use crate::score::{normalize, topsis_matrix, Method, RankStyle, ScoreResult, Scored};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

/// TOPSIS assessments with more indicators than this are not analysed (2^m vertices).
pub const MAX_TOPSIS_INDICATORS: usize = 12;

/// One entity's rank interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Range {
        best: u32,
        worst: u32,
    },
    /// TOPSIS with more than [`MAX_TOPSIS_INDICATORS`] indicators.
    TooMany,
}

impl Interval {
    /// `2–5`, `3`, or `指标过多，未计算`.
    pub fn text(&self) -> String {
        match self {
            Interval::Range { best, worst } if best == worst => best.to_string(),
            Interval::Range { best, worst } => format!("{best}–{worst}"),
            Interval::TooMany => "指标过多，未计算".into(),
        }
    }
}

/// The ranked entities of `r` grouped as 排名 groups them (one group unless ranking within
/// groups), as indexes into `r.entities`.
fn groups(r: &ScoreResult) -> Vec<Vec<usize>> {
    let mut g: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, e) in r.entities.iter().enumerate().filter(|(_, e)| e.has_data) {
        let key = if r.assessment.rank_within_group {
            e.group.clone()
        } else {
            String::new()
        };
        match g.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(i),
            None => g.push((key, vec![i])),
        }
    }
    g.into_iter().map(|(_, v)| v).collect()
}

fn adjust_total(e: &Scored) -> f64 {
    e.adjusts.iter().map(|x| x.points).sum()
}

/// How rival `k` stands against `i` over the weight box: (can be ahead, always ahead).
pub fn pairwise(c: &[f64], w: &[f64], tol: f64) -> (bool, bool) {
    let (mut max, mut min) = (0.0, 0.0);
    for (cj, wj) in c.iter().zip(w) {
        let (lo, hi) = (wj * (1.0 - tol), wj * (1.0 + tol));
        if *cj > 0.0 {
            max += hi * cj;
            min += lo * cj;
        } else {
            max += lo * cj;
            min += hi * cj;
        }
    }
    (max > EPS, min > EPS)
}

/// Intervals of a weighted-sum assessment, by entity name.
fn weighted_sum(r: &ScoreResult, tol: f64) -> HashMap<String, Interval> {
    let a = &r.assessment;
    let mut out = HashMap::new();
    for g in groups(r) {
        for &i in &g {
            let ei = &r.entities[i];
            let (mut can, mut always): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
            for &k in g.iter().filter(|&&k| k != i) {
                let ek = &r.entities[k];
                let dadj = adjust_total(ek) - adjust_total(ei);
                let c: Vec<f64> = ek
                    .indicators
                    .iter()
                    .zip(&ei.indicators)
                    .map(|(xk, xi)| a.scale * (xk.v - xi.v) + dadj)
                    .collect();
                let (can_k, always_k) = if c.iter().all(|x| x.abs() <= EPS) {
                    let wins = tie_cmp(a, ek, ei).0 == Ordering::Less;
                    (wins, wins)
                } else {
                    pairwise(&c, &r.weights, tol)
                };
                if can_k {
                    can.push(k);
                }
                if always_k {
                    always.push(k);
                }
            }
            out.insert(ei.name.clone(), number(r, a.rank_style, &always, &can));
        }
    }
    out
}

/// Best and worst from the rivals always / possibly ahead, numbered as 排名 is.
fn number(r: &ScoreResult, style: RankStyle, always: &[usize], can: &[usize]) -> Interval {
    let count = |set: &[usize]| -> u32 {
        match style {
            RankStyle::Competition => set.len() as u32,
            RankStyle::Dense => set
                .iter()
                .filter_map(|&k| r.entities[k].rank)
                .collect::<BTreeSet<u32>>()
                .len() as u32,
        }
    };
    Interval::Range {
        best: 1 + count(always),
        worst: 1 + count(can),
    }
}

/// Ranks of the entities `idx` for the totals `t` (indexed like `r.entities`), numbered as
/// 排名 is: total descending, equal totals (within EPS) broken by the tie-break metrics.
fn ranks_at(r: &ScoreResult, idx: &[usize], t: &[f64]) -> Vec<(usize, u32)> {
    let a = &r.assessment;
    let mut order: Vec<usize> = idx.to_vec();
    // a total order (issue 23): the EPS grid, then the tie-break, then the position
    let cmp = |x: usize, y: usize| {
        crate::score::rank::total_cmp(t[x], t[y])
            .then_with(|| tie_cmp(a, &r.entities[x], &r.entities[y]).0)
    };
    order.sort_by(|&x, &y| cmp(x, y).then(x.cmp(&y)));
    let mut out = Vec::with_capacity(order.len());
    let mut rank = 0u32;
    for (pos, &k) in order.iter().enumerate() {
        let tied = pos > 0 && cmp(order[pos - 1], k) == Ordering::Equal;
        if !tied {
            rank = match a.rank_style {
                RankStyle::Dense => rank + 1,
                RankStyle::Competition => pos as u32 + 1,
            };
        }
        out.push((k, rank));
    }
    out
}

/// Intervals of a TOPSIS assessment: the extremes of each rank over the weights used and the
/// vertices of the box (each weight at its lower or upper bound), totals unclamped.
fn topsis(r: &ScoreResult, tol: f64) -> HashMap<String, Interval> {
    let a = &r.assessment;
    let m = a.indicators.len();
    let ranked: Vec<usize> = (0..r.entities.len())
        .filter(|&i| r.entities[i].has_data)
        .collect();
    if m > MAX_TOPSIS_INDICATORS {
        return ranked
            .iter()
            .map(|&i| (r.entities[i].name.clone(), Interval::TooMany))
            .collect();
    }
    let higher: Vec<bool> = a.indicators.iter().map(|i| i.higher).collect();
    let raw: Vec<Vec<Option<f64>>> = ranked
        .iter()
        .map(|&i| r.entities[i].indicators.iter().map(|x| x.raw).collect())
        .collect();
    let x = topsis_matrix(&raw, &higher);
    let adj: Vec<f64> = ranked
        .iter()
        .map(|&i| adjust_total(&r.entities[i]))
        .collect();
    let mut best: HashMap<usize, u32> = HashMap::new();
    let mut worst: HashMap<usize, u32> = HashMap::new();
    // the weights used, then every vertex: bit j of `mask` puts weight j at its upper bound
    // (normalize::topsis rescales the weights to a sum of 1 itself)
    let mut weight_sets = vec![r.weights.clone()];
    for mask in 0u32..(1u32 << m) {
        let w: Vec<f64> = (0..m)
            .map(|j| {
                let f = if mask & (1 << j) != 0 {
                    1.0 + tol
                } else {
                    1.0 - tol
                };
                r.weights[j] * f
            })
            .collect();
        weight_sets.push(w);
    }
    let mut totals = vec![0.0; r.entities.len()];
    for w in &weight_sets {
        let t = normalize::topsis(&x, w, &higher);
        for (p, &i) in ranked.iter().enumerate() {
            totals[i] = a.scale * t.closeness[p] + adj[p];
        }
        for g in groups(r) {
            for (k, rank) in ranks_at(r, &g, &totals) {
                let b = best.entry(k).or_insert(rank);
                *b = (*b).min(rank);
                let wst = worst.entry(k).or_insert(rank);
                *wst = (*wst).max(rank);
            }
        }
    }
    ranked
        .iter()
        .map(|&i| {
            (
                r.entities[i].name.clone(),
                Interval::Range {
                    best: best[&i],
                    worst: worst[&i],
                },
            )
        })
        .collect()
}

/// The rank interval of every ranked entity of `r`, by name. The [0, scale] clamp is ignored
/// (SPEC §8.1); where it made totals tie, the interval is widened to hold 排名 itself.
pub fn intervals(r: &ScoreResult, tol: f64) -> HashMap<String, Interval> {
    let mut out = match r.assessment.method {
        Method::WeightedSum => weighted_sum(r, tol),
        Method::Topsis => topsis(r, tol),
    };
    for e in &r.entities {
        if let (Some(rank), Some(Interval::Range { best, worst })) = (e.rank, out.get_mut(&e.name))
        {
            *best = (*best).min(rank);
            *worst = (*worst).max(rank);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;
    use crate::score::{score, Rubric};
    use proptest::prelude::*;

    const METRICS: [Metric; 4] = [
        Metric::SatisfactionRate,
        Metric::OnTimeRate,
        Metric::ClosureRate,
        Metric::RepeatRate,
    ];

    /// An assessment over `m` rate metrics with target normalisation good 1, bad 0 (so the
    /// normalised value is the raw value), the given weights, method and numbering.
    fn result(
        rows: &[Vec<f64>],
        weights: &[f64],
        method: &str,
        style: &str,
        adj: &[f64],
    ) -> ScoreResult {
        let mut src = format!(
            "[[assessment]]\nid = \"company\"\ntitle = \"t\"\nmethod = \"{method}\"\nrank_style = \"{style}\"\ntie_break = []\n"
        );
        for (j, w) in weights.iter().enumerate() {
            src.push_str(&format!(
                "[[assessment.indicator]]\nmetric = \"{}\"\nweight = {w}\nnormalize = \"target\"\ngood = 1\nbad = 0\n",
                METRICS[j].code()
            ));
        }
        if !adj.is_empty() {
            src.push_str(
                "[[assessment.adjust]]\nmetric = \"escalated\"\nlabel = \"扣分\"\npoints = 1\n",
            );
        }
        let a = Rubric::parse(&src).unwrap().assessments.remove(0);
        let mut metrics = METRICS[..weights.len()].to_vec();
        metrics.push(Metric::Escalated);
        let rows: Vec<Vec<f64>> = (rows.iter().enumerate())
            .map(|(i, r)| {
                let mut r = r[..weights.len()].to_vec();
                r.push(adj.get(i).copied().unwrap_or(0.0));
                r
            })
            .collect();
        let table = crate::metrics::company_table(&metrics, &rows);
        score(&a, &table, &[])
    }

    fn get(iv: &HashMap<String, Interval>, name: &str) -> (u32, u32) {
        match iv[name] {
            Interval::Range { best, worst } => (best, worst),
            Interval::TooMany => panic!("too many"),
        }
    }

    #[test]
    fn pairwise_rule_by_hand() {
        // weights 0.5 / 0.5, scale 100, ±20 % → each weight in [0.4, 0.6].
        // A (1.0, 0.0) = 50, B (0.0, 0.9) = 45, C (0.4, 0.4) = 40.
        // B vs A: c = (−100, 90): max = 0.4·−100 + 0.6·90 = 14 > 0 → B can be ahead of A;
        //         min = 0.6·−100 + 0.4·90 = −24 → not always.
        // C vs A: c = (−60, 40): max = 0.4·−60 + 0.6·40 = 0 → C can never pass A.
        // A vs B: c = (100, −90): max 24, min −14; C vs B: c = (40, −50): max = 24 − 20 = 4.
        // A vs C: c = (60, −40): max 20, min = 24 − 24 = 0 (not > 0); B vs C: c = (−40, 50):
        //         max = −16 + 30 = 14.
        let r = result(
            &[vec![1.0, 0.0], vec![0.0, 0.9], vec![0.4, 0.4]],
            &[1.0, 1.0],
            "weighted_sum",
            "competition",
            &[],
        );
        let iv = intervals(&r, 0.2);
        assert_eq!(get(&iv, "E0"), (1, 2));
        assert_eq!(get(&iv, "E1"), (1, 3));
        assert_eq!(get(&iv, "E2"), (1, 3));
        assert_eq!(iv["E0"].text(), "1–2");
        // with ±10 % (weights in [0.45, 0.55]):
        // C vs B (i = B): c = (40, −50): max = 0.55·40 − 0.45·50 = −0.5 → C stays behind B;
        //   A vs B: c = (100, −90): max = 55 − 40.5 = 14.5, min = 45 − 49.5 = −4.5 → B 1–2.
        // A vs C (i = C): c = (60, −40): min = 0.45·60 − 0.55·40 = 5 > 0 → always ahead;
        //   B vs C: c = (−40, 50): min = 0.55·−40 + 0.45·50 = 0.5 > 0 → always ahead → C 3.
        let iv = intervals(&r, 0.1);
        assert_eq!(get(&iv, "E1"), (1, 2));
        assert_eq!(get(&iv, "E2"), (3, 3));
        assert_eq!(iv["E2"].text(), "3");
        assert_eq!(Interval::Range { best: 3, worst: 3 }.text(), "3");
    }

    /// Equal totals at a vertex are ordered by the tie-break metrics, as 排名 is.
    #[test]
    fn equal_totals_follow_the_tie_break() {
        let mut r = result(
            &[vec![0.3], vec![0.6]],
            &[1.0],
            "weighted_sum",
            "competition",
            &[],
        );
        r.assessment.tie_break = vec![crate::score::rubric::Source::Metric(METRICS[0])];
        // entities come ranked: E1 (0.6) first; at equal totals the higher 0.6 still leads
        let mut ranks: Vec<(&str, u32)> = ranks_at(&r, &[0, 1], &[5.0, 5.0])
            .into_iter()
            .map(|(k, rank)| (r.entities[k].name.as_str(), rank))
            .collect();
        ranks.sort();
        assert_eq!(ranks, [("E0", 2), ("E1", 1)]);
    }

    /// A lead of exactly `EPS` points is a tie, not a lead: neither "can be" nor "always".
    #[test]
    fn pairwise_lead_of_eps_is_a_tie() {
        assert_eq!(pairwise(&[EPS], &[1.0], 0.0), (false, false));
        assert_eq!(pairwise(&[2.0 * EPS], &[1.0], 0.0), (true, true));
        assert_eq!(pairwise(&[0.0, -1.0], &[0.5, 0.5], 0.2), (false, false));
    }

    #[test]
    fn adjusts_count_in_points_and_dense_numbering_counts_distinct_ranks() {
        // one indicator: c_j = 100·Δv + Δadj; E0 0.50 + 0, E1 0.48 + 3 → 51 vs 50.
        // E0 vs E1: c = (2 − 3) = −1 < 0 → E0 can never pass E1 at any weight (one weight
        // rescales to 1); E1 is always ahead of E0.
        let r = result(
            &[vec![0.5], vec![0.48]],
            &[1.0],
            "weighted_sum",
            "dense",
            &[0.0, 3.0],
        );
        let iv = intervals(&r, 0.2);
        assert_eq!(get(&iv, "E1"), (1, 1));
        assert_eq!(get(&iv, "E0"), (2, 2));
    }

    /// `r` with its one indicator repeated to `m` indicators (equal weights).
    fn widened(mut r: ScoreResult, m: usize) -> ScoreResult {
        let ind = r.assessment.indicators[0].clone();
        r.assessment.indicators = vec![ind; m];
        r.weights = vec![1.0 / m as f64; m];
        for e in &mut r.entities {
            let x = e.indicators[0].clone();
            e.indicators = vec![x; m];
        }
        r
    }

    #[test]
    fn topsis_too_many_indicators_is_said() {
        let r = result(&[vec![0.5], vec![0.4]], &[1.0], "topsis", "dense", &[]);
        // at the limit the vertices are still walked (2^12 weight sets); one more is too many
        let iv = intervals(&widened(r.clone(), MAX_TOPSIS_INDICATORS), 0.2);
        assert_eq!((get(&iv, "E0"), get(&iv, "E1")), ((1, 1), (2, 2)));
        let iv = intervals(&widened(r, MAX_TOPSIS_INDICATORS + 1), 0.2);
        assert_eq!(iv["E0"], Interval::TooMany);
        assert_eq!(Interval::TooMany.text(), "指标过多，未计算");
    }

    /// Issue 23 (mutation testing): two entities equal in every indicator tie at every vertex,
    /// so each keeps rank 1 under TOPSIS, dense or competition.
    #[test]
    fn topsis_equal_entities_tie_at_every_vertex() {
        let rows = [vec![0.7, 0.2], vec![0.7, 0.2], vec![0.1, 0.1]];
        for style in ["dense", "competition"] {
            let r = result(&rows, &[1.0, 2.0], "topsis", style, &[]);
            let iv = intervals(&r, 0.3);
            assert_eq!(
                (get(&iv, "E0"), get(&iv, "E1")),
                ((1, 1), (1, 1)),
                "{style}"
            );
            let third = if style == "dense" { 2 } else { 3 };
            assert_eq!(get(&iv, "E2"), (third, third), "{style}");
        }
    }

    #[test]
    fn a_tie_made_by_the_clamp_keeps_the_rank_inside() {
        // found by the property test on CI before its values were kept below the scale:
        // one indicator; E2 = 98.7 + 2.9 and E3 = 99.3 + 0.7 both clamp to 100 and tie, so
        // 排名 (dense) is E2 1, E3 1, E0 2, E1 2; unclamped, E3 would be second.
        let r = result(
            &[vec![0.0], vec![0.0], vec![0.9873], vec![0.9929]],
            &[1.0],
            "weighted_sum",
            "dense",
            &[0.0, 0.0, 2.8774, 0.7309],
        );
        let iv = intervals(&r, 0.05);
        for e in &r.entities {
            let (b, w) = get(&iv, &e.name);
            assert!(b <= e.rank.unwrap() && e.rank.unwrap() <= w, "{}", e.name);
        }
        assert_eq!(get(&iv, "E0"), (2, 2));
    }

    /// Ranks for the totals at weights `w` (shares rescaled), numbered like 排名.
    fn brute(r: &ScoreResult, w: &[f64]) -> Vec<u32> {
        let s: f64 = w.iter().sum();
        let idx: Vec<usize> = (0..r.entities.len()).collect();
        let t: Vec<f64> = r
            .entities
            .iter()
            .map(|e| {
                let base: f64 = match r.assessment.method {
                    Method::WeightedSum => e
                        .indicators
                        .iter()
                        .zip(w)
                        .map(|(x, wj)| r.assessment.scale * wj / s * x.v)
                        .sum(),
                    Method::Topsis => unreachable!(),
                };
                base + adjust_total(e)
            })
            .collect();
        let mut out = vec![0; idx.len()];
        for (k, rank) in ranks_at(r, &idx, &t) {
            out[k] = rank;
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

        /// SPEC §8.1 against brute force: no weight vector in the box gives a rank outside the
        /// interval, and 排名 lies inside it.
        #[test]
        fn weighted_sum_intervals_hold_for_every_weight_in_the_box(
            n in 2usize..7,
            m in 1usize..5,
            // totals stay below the scale (v ≤ 0.9, adjusts ≤ 3 points): SPEC §8.1 ignores the
            // [0, scale] clamp, and a clamp that makes totals tie is a separate case below
            cells in proptest::collection::vec(0.0f64..0.9, 28),
            ws in proptest::collection::vec(0.5f64..5.0, 4),
            adj in proptest::collection::vec(0.0f64..3.0, 7),
            tol in 0.05f64..0.5,
            dense in proptest::bool::ANY,
            samples in proptest::collection::vec(proptest::collection::vec(-1.0f64..1.0, 4), 60),
        ) {
            let rows: Vec<Vec<f64>> = (0..n).map(|i| cells[i * 4..i * 4 + m].to_vec()).collect();
            let style = if dense { "dense" } else { "competition" };
            let r = result(&rows, &ws[..m], "weighted_sum", style, &adj[..n]);
            let iv = intervals(&r, tol);
            for e in &r.entities {
                let (b, w) = get(&iv, &e.name);
                prop_assert!(b <= e.rank.unwrap() && e.rank.unwrap() <= w);
            }
            // the corners and random points of the box
            let mut tries: Vec<Vec<f64>> = samples
                .iter()
                .map(|u| (0..m).map(|j| r.weights[j] * (1.0 + tol * u[j])).collect())
                .collect();
            for mask in 0..(1u32 << m) {
                tries.push((0..m).map(|j| r.weights[j] * if mask & (1 << j) != 0 { 1.0 + tol } else { 1.0 - tol }).collect());
            }
            for w in &tries {
                for (k, rank) in brute(&r, w).into_iter().enumerate() {
                    let (b, wst) = get(&iv, &r.entities[k].name);
                    prop_assert!(b <= rank && rank <= wst, "{} rank {} outside {}–{} at {:?}", r.entities[k].name, rank, b, wst, w);
                }
            }
        }

        /// TOPSIS: the interval is exactly the best and worst rank over the weights used and
        /// the vertices of the box, each vertex built here on its own (1 ± tol per weight) and
        /// ranked from scale × closeness + adjust points, widened to hold 排名.
        #[test]
        fn topsis_intervals_are_the_extremes_over_the_vertices(
            n in 2usize..6,
            m in 1usize..4,
            cells in proptest::collection::vec(0.01f64..1.0, 24),
            ws in proptest::collection::vec(0.5f64..5.0, 4),
            adj in proptest::collection::vec(0.0f64..3.0, 6),
            tol in 0.05f64..0.5,
        ) {
            let rows: Vec<Vec<f64>> = (0..n).map(|i| cells[i * 4..i * 4 + m].to_vec()).collect();
            let r = result(&rows, &ws[..m], "topsis", "competition", &adj[..n]);
            let iv = intervals(&r, tol);
            let raw: Vec<Vec<Option<f64>>> = r.entities.iter()
                .map(|e| e.indicators.iter().map(|x| x.raw).collect()).collect();
            let higher = vec![true; m];
            let x = crate::score::topsis_matrix(&raw, &higher);
            let mut sets = vec![r.weights.clone()];
            for k in 0..(1usize << m) {
                sets.push((0..m).map(|j| r.weights[j] * if (k >> j) % 2 == 1 { 1.0 + tol } else { 1.0 - tol }).collect());
            }
            let mut lo = vec![u32::MAX; n];
            let mut hi = vec![0; n];
            let idx: Vec<usize> = (0..n).collect();
            for w in &sets {
                let c = crate::score::normalize::topsis(&x, w, &higher).closeness;
                let t: Vec<f64> = (0..n).map(|i| r.assessment.scale * c[i] + adjust_total(&r.entities[i])).collect();
                for (k, rank) in ranks_at(&r, &idx, &t) {
                    lo[k] = lo[k].min(rank);
                    hi[k] = hi[k].max(rank);
                }
            }
            for (k, e) in r.entities.iter().enumerate() {
                // 排名 itself is held where the clamp made totals tie (see `intervals`)
                let rank = e.rank.unwrap();
                let (b, w) = get(&iv, &e.name);
                prop_assert_eq!((b, w), (lo[k].min(rank), hi[k].max(rank)), "{}", e.name);
                prop_assert!(b <= e.rank.unwrap() && e.rank.unwrap() <= w);
            }
        }
    }
}
