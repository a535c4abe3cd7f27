//! The Mann-Kendall trend test and Sen's slope, plain and seasonal, exactly as
//! pyMannKendall 1.4.3 computes them (`original_test`, `seasonal_test`, `sens_slope`,
//! `seasonal_sens_slope`), at alpha = 0.05.

/// Direction found by the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Increasing,
    Decreasing,
    /// No trend at the chosen significance (pyMannKendall's `no trend`).
    Flat,
}

impl Trend {
    /// pyMannKendall's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Increasing => "increasing",
            Trend::Decreasing => "decreasing",
            Trend::Flat => "no trend",
        }
    }
    /// In Chinese, for the report.
    pub fn label(self) -> &'static str {
        match self {
            Trend::Increasing => "上升",
            Trend::Decreasing => "下降",
            Trend::Flat => "无显著趋势",
        }
    }
}

/// A test result with pyMannKendall's fields.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MkResult {
    pub trend: Trend,
    /// Significant at alpha = 0.05.
    pub h: bool,
    pub p: f64,
    pub z: f64,
    pub tau: f64,
    pub s: f64,
    pub var_s: f64,
    pub slope: f64,
    pub intercept: f64,
}

/// z for alpha = 0.05, two-sided: norm.ppf(0.975).
pub const Z_CRIT: f64 = 1.959_963_984_540_054;

fn mk_score(x: &[f64]) -> f64 {
    let mut s = 0i64;
    for k in 0..x.len() {
        for j in k + 1..x.len() {
            if x[j] > x[k] {
                s += 1;
            } else if x[j] < x[k] {
                s -= 1;
            }
        }
    }
    s as f64
}

fn variance_s(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut ties = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i + 1;
        while j < sorted.len() && sorted[j] == sorted[i] {
            j += 1;
        }
        let t = (j - i) as f64;
        ties += t * (t - 1.0) * (2.0 * t + 5.0);
        i = j;
    }
    (n * (n - 1.0) * (2.0 * n + 5.0) - ties) / 18.0
}

fn z_score(s: f64, var_s: f64) -> f64 {
    if s > 0.0 {
        (s - 1.0) / var_s.sqrt()
    } else if s < 0.0 {
        (s + 1.0) / var_s.sqrt()
    } else {
        0.0
    }
}

/// Two-sided p = 2(1 − Φ(|z|)) = erfc(|z|/√2).
pub fn p_value(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2)
}

fn decide(z: f64) -> (Trend, bool) {
    let h = z.abs() > Z_CRIT;
    let t = if z < 0.0 && h {
        Trend::Decreasing
    } else if z > 0.0 && h {
        Trend::Increasing
    } else {
        Trend::Flat
    };
    (t, h)
}

/// numpy's median (mean of the two middle values for an even count); NaN when empty.
pub fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Sen's slope and intercept (`sens_slope`).
pub fn sens_slope(x: &[f64]) -> (f64, f64) {
    let n = x.len();
    let mut d = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            d.push((x[j] - x[i]) / (j - i) as f64);
        }
    }
    let slope = median(&mut d);
    let mut xs = x.to_vec();
    let mid = (n as f64 - 1.0) / 2.0;
    (slope, median(&mut xs) - mid * slope)
}

/// Seasonal Sen's slope and intercept (`seasonal_sens_slope`).
pub fn seasonal_sens_slope(x: &[f64], period: usize) -> (f64, f64) {
    let mut d = Vec::new();
    for season in 0..period {
        let col: Vec<f64> = x.iter().skip(season).step_by(period).copied().collect();
        for j in 0..col.len() {
            for k in j + 1..col.len() {
                d.push((col[k] - col[j]) / (k - j) as f64);
            }
        }
    }
    let slope = median(&mut d);
    let mut xs = x.to_vec();
    let mid = (x.len() as f64 - 1.0) / 2.0;
    (slope, median(&mut xs) - mid / period as f64 * slope)
}

/// `original_test`.
pub fn original_test(x: &[f64]) -> MkResult {
    let n = x.len() as f64;
    let s = mk_score(x);
    let var_s = variance_s(x);
    let z = z_score(s, var_s);
    let (trend, h) = decide(z);
    let (slope, intercept) = sens_slope(x);
    MkResult {
        trend,
        h,
        p: p_value(z),
        z,
        tau: s / (0.5 * n * (n - 1.0)),
        s,
        var_s,
        slope,
        intercept,
    }
}

/// `seasonal_test` (a series not a whole number of periods long is padded, as pyMannKendall
/// does, by leaving the missing seasons out).
pub fn seasonal_test(x: &[f64], period: usize) -> MkResult {
    let (mut s, mut var_s, mut denom) = (0.0, 0.0, 0.0);
    for season in 0..period {
        let col: Vec<f64> = x.iter().skip(season).step_by(period).copied().collect();
        let n = col.len() as f64;
        s += mk_score(&col);
        var_s += variance_s(&col);
        denom += n * (n - 1.0) / 2.0;
    }
    let z = z_score(s, var_s);
    let (trend, h) = decide(z);
    let (slope, intercept) = seasonal_sens_slope(x, period);
    MkResult {
        trend,
        h,
        p: p_value(z),
        z,
        tau: s / denom,
        s,
        var_s,
        slope,
        intercept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERIES: [f64; 36] = [
        31.0, 29.0, 25.0, 14.0, 12.0, 11.0, 9.0, 10.0, 12.0, 13.0, 27.0, 33.0, 30.0, 26.0, 22.0,
        13.0, 10.0, 12.0, 8.0, 9.0, 11.0, 12.0, 25.0, 29.0, 26.0, 24.0, 20.0, 12.0, 9.0, 9.0, 8.0,
        7.0, 10.0, 11.0, 22.0, 27.0,
    ];

    fn near(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b}");
    }

    #[test]
    fn pymannkendall_range_360() {
        let x: Vec<f64> = (0..360).map(f64::from).collect();
        assert_eq!(original_test(&x).s, 64620.0);
        let r = seasonal_test(&x, 12);
        assert_eq!(r.s, 5220.0);
        assert_eq!(seasonal_sens_slope(&x, 12).0, 12.0);
        assert_eq!(r.slope, 12.0);
    }

    #[test]
    fn pymannkendall_original_test_36_months() {
        let r = original_test(&SERIES);
        assert_eq!(r.trend, Trend::Flat);
        assert_eq!(r.s, -135.0);
        near(r.var_s, 5350.333333333333, 1e-9);
        near(r.z, -1.8319532151213962, 1e-9);
        near(r.p, 0.06695839119819702, 1e-9);
        near(r.tau, -0.21428571428571427, 1e-12);
        near(r.slope, -0.14285714285714285, 1e-12);
        near(r.intercept, 15.0, 1e-12);
    }

    #[test]
    fn pymannkendall_seasonal_test_36_months() {
        let r = seasonal_test(&SERIES, 12);
        assert_eq!(r.trend, Trend::Decreasing);
        assert_eq!(r.s, -33.0);
        near(r.var_s, 43.0, 1e-9);
        near(r.z, -4.879954250643349, 1e-9);
        near(r.p, 1.0611045233588356e-06, 1e-12);
        near(r.tau, -0.9166666666666666, 1e-12);
        near(r.slope, -1.5, 1e-12);
        near(r.intercept, 14.6875, 1e-12);
    }

    /// Issue 23 (mutation testing): a rising series, against pyMannKendall 1.4.3 — the
    /// reversed 36 months (z for S > 0) and a significant rise with no ties.
    #[test]
    fn pymannkendall_rising_series() {
        let rev: Vec<f64> = SERIES.iter().rev().copied().collect();
        let r = original_test(&rev);
        assert_eq!((r.trend, r.h, r.s), (Trend::Flat, false, 135.0));
        near(r.var_s, 5350.333333333333, 1e-9);
        near(r.z, 1.8319532151213962, 1e-9);
        near(r.p, 0.06695839119819702, 1e-9);
        near(r.tau, 0.21428571428571427, 1e-12);
        near(r.slope, 0.14285714285714285, 1e-12);
        near(r.intercept, 10.0, 1e-12);
        let x: Vec<f64> = (0..40)
            .map(|i| f64::from(i % 7) + f64::from(i) * 0.5)
            .collect();
        let r = original_test(&x);
        assert_eq!((r.trend, r.h, r.s), (Trend::Increasing, true, 656.0));
        near(r.var_s, 7366.666666666667, 1e-9);
        near(r.z, 7.631427637264565, 1e-9);
        // pyMannKendall's 2(1 − Φ(z)) loses digits to cancellation this far out; erfc does not
        // (the exact value is 2.3217e-14): equal to 1e-16, far below any decision
        near(r.p, 2.3314683517128287e-14, 1e-16);
        near(r.tau, 0.841025641025641, 1e-12);
        near(r.slope, 0.5, 1e-12);
        near(r.intercept, 3.0, 1e-12);
    }

    /// numpy's median: the middle value, the mean of the two middle ones, NaN for none.
    #[test]
    fn medians_as_numpy() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut [7.0, 9.0]), 8.0);
        assert_eq!(median(&mut [5.0]), 5.0);
        assert!(median(&mut []).is_nan());
    }

    #[test]
    fn words_for_each_direction() {
        let all = [Trend::Increasing, Trend::Decreasing, Trend::Flat];
        assert_eq!(
            all.map(Trend::as_str),
            ["increasing", "decreasing", "no trend"]
        );
        assert_eq!(all.map(Trend::label), ["上升", "下降", "无显著趋势"]);
    }

    #[test]
    fn flat_series_has_no_trend() {
        let r = original_test(&[5.0; 30]);
        assert_eq!((r.s, r.z, r.trend), (0.0, 0.0, Trend::Flat));
        assert_eq!(r.p, 1.0);
    }
}
