//! Normalisation (minmax / target / rank), the entropy weight method and TOPSIS — the maths of
//! SPEC §3 on plain vectors, so each formula is testable against published vectors.

/// `minmax`: higher → (x−min)/(max−min), lower → (max−x)/(max−min); all equal → 1.
/// A missing value gets 0.
pub fn minmax(xs: &[Option<f64>], higher: bool) -> Vec<f64> {
    let present = xs.iter().flatten();
    let min = present.clone().fold(f64::INFINITY, |a, &b| a.min(b));
    let max = present.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    xs.iter()
        .map(|x| match x {
            None => 0.0,
            Some(_) if max - min == 0.0 => 1.0,
            Some(x) if higher => (x - min) / (max - min),
            Some(x) => (max - x) / (max - min),
        })
        .collect()
}

/// `target`: linear from `bad` (0) to `good` (1), clamped; the order of good and bad gives
/// the direction.
pub fn target(x: f64, good: f64, bad: f64) -> f64 {
    ((x - bad) / (good - bad)).clamp(0.0, 1.0)
}

/// `rank`: (n−r)/(n−1) where r = 1 + the number of entities strictly better; a single entity
/// gets 1. A missing value gets 0 and does not count as better than anyone.
pub fn rank(xs: &[Option<f64>], higher: bool) -> Vec<f64> {
    let present: Vec<f64> = xs.iter().flatten().copied().collect();
    let n = present.len();
    xs.iter()
        .map(|x| match x {
            None => 0.0,
            Some(_) if n <= 1 => 1.0,
            Some(x) => {
                let better = present
                    .iter()
                    .filter(|&&y| if higher { y > *x } else { y < *x })
                    .count();
                (n - 1 - better) as f64 / (n - 1) as f64
            }
        })
        .collect()
}

/// The entropy weights of the columns of `v` (rows = entities, values in [0, 1]):
/// p_ij = v_ij / Σ_i v_ij, e_j = −Σ p ln p / ln n (0·ln 0 = 0), d_j = 1 − e_j, w = d / Σ d.
/// A column whose values are all 0 has e_j = 1; when every d_j is 0 the weights are equal.
pub fn entropy_weights(v: &[Vec<f64>]) -> Vec<f64> {
    let n = v.len();
    let m = v.first().map_or(0, Vec::len);
    if m == 0 {
        return Vec::new();
    }
    let mut d = vec![0.0; m];
    if n > 1 {
        let ln_n = (n as f64).ln();
        for (j, dj) in d.iter_mut().enumerate() {
            let sum: f64 = v.iter().map(|r| r[j]).sum();
            let e = if sum == 0.0 {
                1.0
            } else {
                -v.iter()
                    .map(|r| r[j] / sum)
                    .filter(|&p| p > 0.0)
                    .map(|p| p * p.ln())
                    .sum::<f64>()
                    / ln_n
            };
            *dj = 1.0 - e;
        }
    }
    let total: f64 = d.iter().sum();
    if total <= 0.0 {
        return vec![1.0 / m as f64; m];
    }
    d.iter().map(|x| x / total).collect()
}

/// The result of TOPSIS for each entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Topsis {
    /// Closeness C = D⁻ / (D⁺ + D⁻), 1 when D⁺ + D⁻ = 0.
    pub closeness: Vec<f64>,
    /// Weighted normalised values w_j·r_ij (weights scaled to sum 1).
    pub weighted: Vec<Vec<f64>>,
}

/// TOPSIS with vector normalisation (x / √Σx²; an all-zero column stays 0).
pub fn topsis(x: &[Vec<f64>], weights: &[f64], higher: &[bool]) -> Topsis {
    let n = x.len();
    let m = weights.len();
    let wsum: f64 = weights.iter().sum();
    let w: Vec<f64> = weights.iter().map(|w| w / wsum).collect();
    let norms: Vec<f64> = (0..m)
        .map(|j| x.iter().map(|r| r[j] * r[j]).sum::<f64>().sqrt())
        .collect();
    let weighted: Vec<Vec<f64>> = x
        .iter()
        .map(|r| {
            (0..m)
                .map(|j| {
                    if norms[j] == 0.0 {
                        0.0
                    } else {
                        w[j] * r[j] / norms[j]
                    }
                })
                .collect()
        })
        .collect();
    let mut ideal = vec![0.0; m];
    let mut anti = vec![0.0; m];
    for j in 0..m {
        let col = weighted.iter().map(|r| r[j]);
        let (lo, hi) = col.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let (lo, hi) = if n == 0 { (0.0, 0.0) } else { (lo, hi) };
        if higher[j] {
            ideal[j] = hi;
            anti[j] = lo;
        } else {
            ideal[j] = lo;
            anti[j] = hi;
        }
    }
    let closeness = weighted
        .iter()
        .map(|r| {
            let dp = (0..m)
                .map(|j| (r[j] - ideal[j]).powi(2))
                .sum::<f64>()
                .sqrt();
            let dm = (0..m).map(|j| (r[j] - anti[j]).powi(2)).sum::<f64>().sqrt();
            if dp + dm == 0.0 {
                1.0
            } else {
                dm / (dp + dm)
            }
        })
        .collect();
    Topsis {
        closeness,
        weighted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minmax_lower_is_better_by_hand() {
        // lower is better over 2, 4, 6: (max − x) / (max − min) = 4/4, 2/4, 0/4
        let v = minmax(&[Some(2.0), Some(4.0), Some(6.0), None], false);
        assert_eq!(v, vec![1.0, 0.5, 0.0, 0.0]);
        let v = minmax(&[Some(2.0), Some(4.0), Some(6.0)], true);
        assert_eq!(v, vec![0.0, 0.5, 1.0]);
    }

    fn close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn topsis_tzeng_2011_pymcdm_and_scikit_criteria() {
        // pymcdm TOPSIS(normalization_function=vector_normalization); scikit-criteria's
        // TOPSIS test (Tzeng & Huang 2011).
        let x = vec![
            vec![5.0, 8.0, 4.0],
            vec![7.0, 6.0, 8.0],
            vec![8.0, 8.0, 6.0],
            vec![7.0, 4.0, 6.0],
        ];
        let t = topsis(&x, &[0.3, 0.4, 0.3], &[true, true, true]);
        close(
            &t.closeness,
            &[
                0.5037196585795188,
                0.6580847719618138,
                0.7482486599406238,
                0.333997436943342,
            ],
            1e-9,
        );
    }

    #[test]
    fn topsis_mixed_directions() {
        let x = vec![vec![1.0, 3000.0], vec![2.0, 3750.0], vec![5.0, 4500.0]];
        let t = topsis(&x, &[0.5, 0.5], &[false, true]);
        close(
            &t.closeness,
            &[0.7621405801238009, 0.7221778332293296, 0.23785941987619905],
            1e-9,
        );
    }

    fn five_by_four() -> Vec<Vec<f64>> {
        vec![
            vec![12.5, 0.92, 0.88, 0.05],
            vec![8.1, 0.97, 0.95, 0.02],
            vec![20.3, 0.81, 0.70, 0.11],
            vec![15.0, 0.88, 0.91, 0.07],
            vec![9.9, 0.99, 0.85, 0.03],
        ]
    }

    #[test]
    fn topsis_five_by_four_unnormalised_weights() {
        let t = topsis(
            &five_by_four(),
            &[25.0, 20.0, 20.0, 10.0],
            &[false, true, true, false],
        );
        close(
            &t.closeness,
            &[
                0.6494850609867517,
                0.984062841333477,
                0.0,
                0.45610206749566173,
                0.8436377944205137,
            ],
            1e-9,
        );
        // weighted values sum per row ≤ 1 and the weights were scaled to sum 1
        assert!(
            (t.weighted[1][0]
                - 25.0 / 75.0 * 8.1
                    / (12.5f64.powi(2)
                        + 8.1f64.powi(2)
                        + 20.3f64.powi(2)
                        + 15.0f64.powi(2)
                        + 9.9f64.powi(2))
                    .sqrt())
            .abs()
                < 1e-12
        );
    }

    #[test]
    fn entropy_core_step_scikit_criteria() {
        // scikit-criteria's entropy test on the raw matrix [[1,2],[4,16]].
        let w = entropy_weights(&[vec![1.0, 2.0], vec![4.0, 16.0]]);
        close(&w, &[0.35888879048891087, 0.6411112095110891], 1e-12);
    }

    #[test]
    fn entropy_full_method_on_minmax_matrix() {
        let x = five_by_four();
        let higher = [false, true, true, false];
        let cols: Vec<Vec<f64>> = (0..4)
            .map(|j| minmax(&x.iter().map(|r| Some(r[j])).collect::<Vec<_>>(), higher[j]))
            .collect();
        let v: Vec<Vec<f64>> = (0..5)
            .map(|i| (0..4).map(|j| cols[j][i]).collect())
            .collect();
        let w = entropy_weights(&v);
        close(
            &w,
            &[
                0.25373625908261754,
                0.26633709918550874,
                0.2281120311199363,
                0.2518146106119374,
            ],
            1e-12,
        );
    }

    #[test]
    fn entropy_edges() {
        // an all-zero column has e = 1 (d = 0); all d = 0 → equal weights
        let w = entropy_weights(&[vec![0.0, 1.0], vec![0.0, 0.0]]);
        close(&w, &[0.0, 1.0], 1e-12);
        let w = entropy_weights(&[vec![1.0, 1.0], vec![1.0, 1.0]]);
        close(&w, &[0.5, 0.5], 1e-12);
        let w = entropy_weights(&[vec![0.3, 0.9]]);
        close(&w, &[0.5, 0.5], 1e-12);
    }

    #[test]
    fn minmax_at_its_edges() {
        close(
            &minmax(&[Some(2.0), Some(4.0), Some(3.0)], true),
            &[0.0, 1.0, 0.5],
            1e-12,
        );
        close(
            &minmax(&[Some(2.0), Some(4.0), Some(3.0)], false),
            &[1.0, 0.0, 0.5],
            1e-12,
        );
        close(&minmax(&[Some(7.0), Some(7.0)], false), &[1.0, 1.0], 1e-12);
        close(
            &minmax(&[Some(7.0), None, Some(9.0)], true),
            &[0.0, 0.0, 1.0],
            1e-12,
        );
        // normalising twice changes nothing
        let once = minmax(&[Some(2.0), Some(4.0), Some(3.0)], true);
        let twice = minmax(&once.iter().map(|v| Some(*v)).collect::<Vec<_>>(), true);
        close(&once, &twice, 1e-12);
    }

    #[test]
    fn target_both_directions_and_clamp() {
        assert_eq!(target(0.85, 0.95, 0.75), 0.5);
        assert_eq!(target(0.99, 0.95, 0.75), 1.0);
        assert_eq!(target(0.5, 0.95, 0.75), 0.0);
        // lower is better: good −0.2, bad 0.2
        assert!((target(0.1, -0.2, 0.2) - 0.25).abs() < 1e-12);
        assert_eq!(target(-0.5, -0.2, 0.2), 1.0);
        assert_eq!(target(0.0, 0.0, 0.3), 1.0);
        assert!((target(0.15, 0.0, 0.3) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn rank_normalisation_shares_the_better_rank() {
        close(
            &rank(&[Some(10.0), Some(20.0), Some(20.0), Some(5.0)], true),
            &[1.0 / 3.0, 1.0, 1.0, 0.0],
            1e-12,
        );
        close(
            &rank(&[Some(10.0), Some(20.0), Some(5.0)], false),
            &[0.5, 0.0, 1.0],
            1e-12,
        );
        close(&rank(&[Some(3.0)], true), &[1.0], 1e-12);
    }
}
