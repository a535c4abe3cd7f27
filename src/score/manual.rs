//! Manual scores (考评打分, SPEC §1.6, §1.10 "Manual scores from several raters"): the rows of
//! one (对象, 指标) — one row with a column per rater, one row per rater with a 评委 column, or
//! plain rows — pooled into one score: with at least `trim_min_raters` raters, the `trim`
//! highest and `trim` lowest are dropped, then the rest averaged (the trimmed mean offices
//! use: 去掉一个最高分和一个最低分); fewer raters, the plain mean. A 得分 / 最后得分 written beside
//! the raters' columns must agree with the row's own computed score to 0.01.

use crate::model::{ManualScore, Place};
use crate::vocab::fmt_fixed;

/// The `[manual]` settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ManualSettings {
    /// Scores dropped at each end.
    pub trim: usize,
    /// Raters needed before any score is dropped.
    pub trim_min_raters: usize,
}

impl Default for ManualSettings {
    fn default() -> Self {
        ManualSettings {
            trim: 1,
            trim_min_raters: 5,
        }
    }
}

/// The mean of `xs` after dropping the `trim` highest and lowest when there are at least
/// `min` values (and more than 2 × trim); the dropped positions, lowest first.
pub fn trimmed_mean(xs: &[f64], s: &ManualSettings) -> (f64, Vec<usize>) {
    if xs.is_empty() {
        return (0.0, Vec::new());
    }
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(a.cmp(&b)));
    let drop = if xs.len() >= s.trim_min_raters.max(1) && xs.len() > 2 * s.trim {
        s.trim
    } else {
        0
    };
    let kept = &order[drop..order.len() - drop];
    let mean = kept.iter().map(|&i| xs[i]).sum::<f64>() / kept.len() as f64;
    let mut dropped: Vec<usize> = order[..drop].to_vec();
    dropped.extend_from_slice(&order[order.len() - drop..]);
    (mean, dropped)
}

/// One (对象, 指标)'s score from every rater.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualValue {
    pub target: String,
    pub indicator: String,
    /// The value the indicator uses: the trimmed mean of score / 满分.
    pub v: f64,
    /// Every rater's (name, score, 满分), in reading order.
    pub raters: Vec<(String, f64, f64)>,
    /// Positions in `raters` of the dropped scores.
    pub dropped: Vec<usize>,
    /// Where its rows were read.
    pub places: Vec<Place>,
}

impl ManualValue {
    /// 评分明细's 说明: `5 位评委：85、88、90、92、95；去掉最高分 95、最低分 85；平均 90.00`.
    pub fn describe(&self) -> String {
        let n = self.raters.len();
        if n <= 1 {
            return String::new();
        }
        let same_full = self.raters.iter().all(|r| r.2 == self.raters[0].2);
        let show = |r: &(String, f64, f64)| {
            if same_full {
                crate::vocab::fmt_num(r.1)
            } else {
                format!(
                    "{}/{}",
                    crate::vocab::fmt_num(r.1),
                    crate::vocab::fmt_num(r.2)
                )
            }
        };
        let all: Vec<String> = self.raters.iter().map(show).collect();
        let mut text = format!("{n} 位评委：{}", all.join("、"));
        if !self.dropped.is_empty() {
            let half = self.dropped.len() / 2;
            let low: Vec<String> = self.dropped[..half]
                .iter()
                .map(|&i| show(&self.raters[i]))
                .collect();
            let high: Vec<String> = self.dropped[half..]
                .iter()
                .map(|&i| show(&self.raters[i]))
                .collect();
            text.push_str(&format!(
                "；去掉最高分 {}、最低分 {}",
                high.join("、"),
                low.join("、")
            ));
        }
        let mean = if same_full {
            fmt_fixed(self.v * self.raters[0].2, 2)
        } else {
            format!("{}%", fmt_fixed(self.v * 100.0, 2))
        };
        text.push_str(&format!("；平均 {mean}"));
        text
    }
}

/// A name as manual scores are matched to entities: without any whitespace.
pub fn name_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A row whose stated 得分 disagrees with its raters: (where, the problem).
pub type Disagreement = (Place, String, f64);

/// Pools the rows per (对象, 指标) in reading order; rows whose stated 得分 disagrees with their
/// raters' computed score are returned apart (to be rejected) and not pooled.
pub fn combine(rows: &[ManualScore], s: &ManualSettings) -> (Vec<ManualValue>, Vec<Disagreement>) {
    let mut out: Vec<ManualValue> = Vec::new();
    let mut index: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut bad = Vec::new();
    for r in rows {
        if let Some(stated) = r.stated {
            let xs: Vec<f64> = r.scores.iter().map(|x| x.1).collect();
            let (mean, _) = trimmed_mean(&xs, s);
            if (stated - mean).abs() > 0.01 + 1e-9 {
                let problem = format!(
                    "写明的得分 {} 与按评分规则（{}）算得的 {} 不一致",
                    crate::vocab::fmt_num(stated),
                    rule_words(xs.len(), s),
                    fmt_fixed(mean, 2)
                );
                bad.push((r.place, problem, stated));
                continue;
            }
        }
        let key = (name_key(&r.target), r.indicator.clone());
        let k = *index.entry(key).or_insert_with(|| {
            out.push(ManualValue {
                target: r.target.clone(),
                indicator: r.indicator.clone(),
                v: 0.0,
                raters: Vec::new(),
                dropped: Vec::new(),
                places: Vec::new(),
            });
            out.len() - 1
        });
        let m = &mut out[k];
        m.places.push(r.place);
        m.raters
            .extend(r.scores.iter().map(|(who, x)| (who.clone(), *x, r.full)));
    }
    for m in &mut out {
        // one 满分 for all: the mean of the scores over it (as a clerk computes it); else the
        // mean of each score's share of its own 满分
        let full = m.raters[0].2;
        let (v, dropped) = if m.raters.iter().all(|r| r.2 == full) {
            let xs: Vec<f64> = m.raters.iter().map(|r| r.1).collect();
            let (mean, d) = trimmed_mean(&xs, s);
            (mean / full, d)
        } else {
            let shares: Vec<f64> = m.raters.iter().map(|r| r.1 / r.2).collect();
            trimmed_mean(&shares, s)
        };
        m.v = v;
        m.dropped = dropped;
    }
    (out, bad)
}

/// `去掉一个最高分和一个最低分后平均` or `直接平均`, for `n` raters.
fn rule_words(n: usize, s: &ManualSettings) -> String {
    if n >= s.trim_min_raters.max(1) && n > 2 * s.trim && s.trim > 0 {
        format!("去掉 {} 个最高分和 {} 个最低分后平均", s.trim, s.trim)
    } else {
        "直接平均".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(target: &str, scores: &[f64], stated: Option<f64>) -> ManualScore {
        ManualScore {
            target: target.into(),
            indicator: "现场检查".into(),
            scores: scores
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("评委{}", i + 1), *x))
                .collect(),
            stated,
            full: 100.0,
            place: crate::testkit::place(),
        }
    }

    /// Hand-checked: 85, 88, 90, 92, 95 → drop 95 and 85 → (88 + 90 + 92) / 3 = 90.
    #[test]
    fn five_raters_drop_the_highest_and_lowest() {
        let s = ManualSettings::default();
        let (m, d) = trimmed_mean(&[90.0, 85.0, 95.0, 88.0, 92.0], &s);
        assert_eq!(m, 90.0);
        assert_eq!(d, vec![1, 2]);
        // four raters: the plain mean (355 / 4)
        assert_eq!(trimmed_mean(&[90.0, 85.0, 95.0, 85.0], &s).0, 88.75);
        // trim 2 with six raters: 70, 80 | 85, 90 | 95, 99 → 87.5
        let s2 = ManualSettings {
            trim: 2,
            trim_min_raters: 5,
        };
        assert_eq!(
            trimmed_mean(&[99.0, 70.0, 85.0, 95.0, 80.0, 90.0], &s2).0,
            87.5
        );
        // equal extremes: one of each dropped, by position
        assert_eq!(
            trimmed_mean(&[80.0, 80.0, 90.0, 90.0, 85.0], &s),
            (85.0, vec![0, 3])
        );
    }

    #[test]
    fn wide_long_and_stated_scores() {
        let s = ManualSettings::default();
        // wide: one row, five raters, 最后得分 90 agrees; long: five rows of one rater each
        let mut long: Vec<ManualScore> = [85.0, 88.0, 90.0, 92.0, 95.0]
            .iter()
            .map(|x| row("乙 公司", &[*x], None))
            .collect();
        long.insert(
            0,
            row("甲公司", &[85.0, 88.0, 90.0, 92.0, 95.0], Some(90.0)),
        );
        long.push(row("丙公司", &[85.0, 88.0, 90.0, 92.0, 95.0], Some(90.2)));
        let (vals, bad) = combine(&long, &s);
        assert_eq!(vals.len(), 2);
        assert_eq!((vals[0].target.as_str(), vals[0].v), ("甲公司", 0.9));
        assert_eq!((vals[1].target.as_str(), vals[1].v), ("乙 公司", 0.9));
        assert_eq!(vals[1].raters.len(), 5);
        assert_eq!(bad.len(), 1);
        assert!(
            bad[0].1.contains("90.2") && bad[0].1.contains("90.00"),
            "{}",
            bad[0].1
        );
        assert_eq!(
            vals[0].describe(),
            "5 位评委：85、88、90、92、95；去掉最高分 95、最低分 85；平均 90.00"
        );
        assert_eq!(name_key(" 乙　公司\n"), "乙公司");
    }
}
