//! The rubric's `[analysis]` table (SPEC §8): the tolerance for rank stability and the
//! thresholds of the 异常提示 rules, with their defaults.

use super::error::RubricError;
use serde::Deserialize;
use toml::Spanned;

/// Every number of a rubric (issue 23): finite and of a sane size, checked where TOML is read,
/// so `scale = nan` or `weight = inf` is an error naming its line, never a ranking.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "f64")]
pub(super) struct Num(pub(super) f64);

/// Larger than any figure a rubric needs (points, thresholds, scales).
const MAX_NUM: f64 = 1e9;

impl TryFrom<f64> for Num {
    type Error = String;
    fn try_from(x: f64) -> Result<Self, String> {
        if x.is_finite() && x.abs() <= MAX_NUM {
            Ok(Num(x))
        } else {
            Err(format!(
                "数值 {x} 无效：应为有限的数（不能是 nan、inf，绝对值不超过 {MAX_NUM:e}）"
            ))
        }
    }
}

/// The `[analysis]` table (SPEC §8): tolerance for rank stability and the thresholds of the
/// 异常提示 rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnalysisFile {
    weight_tolerance: Option<Spanned<f64>>,
    notes_min: Option<Spanned<f64>>,
    notes_same_share: Option<Spanned<f64>>,
    same_day_orgs: Option<Spanned<f64>>,
    drop_share: Option<Spanned<f64>>,
    drop_from: Option<Spanned<f64>>,
    close_same_day_min: Option<Spanned<f64>>,
    close_same_day_share: Option<Spanned<f64>>,
    same_done_date_tasks: Option<Spanned<f64>>,
}

/// The `[analysis]` settings (SPEC §8), with their defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisSettings {
    /// Every weight may move within ±this share (名次稳定性).
    pub weight_tolerance: f64,
    /// 笔记雷同: at least this many notes in Y …
    pub notes_min: f64,
    /// … of which at least this share repeat another note's 内容摘要.
    pub notes_same_share: f64,
    /// 同日多地: 实地走访 at this many organisations on one day.
    pub same_day_orgs: f64,
    /// 信访骤降: a fall of at least this share …
    pub drop_share: f64,
    /// … from at least this many complaints in the same period of Y−1.
    pub drop_from: f64,
    /// 当日办结集中: at least this many closed complaints …
    pub close_same_day_min: f64,
    /// … of which at least this share closed on the day received.
    pub close_same_day_share: f64,
    /// 完成日期雷同: at least this many tasks sharing one 实际完成日期.
    pub same_done_date_tasks: f64,
}

impl Default for AnalysisSettings {
    fn default() -> Self {
        AnalysisSettings {
            weight_tolerance: 0.2,
            notes_min: 6.0,
            notes_same_share: 0.5,
            same_day_orgs: 4.0,
            drop_share: 0.6,
            drop_from: 10.0,
            close_same_day_min: 10.0,
            close_same_day_share: 0.8,
            same_done_date_tasks: 4.0,
        }
    }
}

/// The `[manual]` table (SPEC §1.10): how several raters' scores are combined.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ManualFile {
    trim: Option<Spanned<i64>>,
    trim_min_raters: Option<Spanned<i64>>,
}

/// The checked `[manual]` settings; `err` builds an error naming the key and line.
pub(super) fn manual(
    file: Option<&ManualFile>,
    err: &dyn Fn(std::ops::Range<usize>, &str, String) -> RubricError,
) -> Result<super::manual::ManualSettings, RubricError> {
    let mut m = super::manual::ManualSettings::default();
    if let Some(f) = file {
        if let Some(t) = &f.trim {
            match usize::try_from(*t.get_ref()) {
                Ok(v) if v <= 10 => m.trim = v,
                _ => {
                    return Err(err(
                        t.span(),
                        "manual.trim",
                        "应为 0 到 10 之间的整数".into(),
                    ))
                }
            }
        }
        if let Some(t) = &f.trim_min_raters {
            match usize::try_from(*t.get_ref()) {
                Ok(v) if (1..=100).contains(&v) => m.trim_min_raters = v,
                _ => {
                    return Err(err(
                        t.span(),
                        "manual.trim_min_raters",
                        "应为 1 到 100 之间的整数".into(),
                    ))
                }
            }
        }
    }
    Ok(m)
}

/// The checked `[analysis]` settings; `err` builds an error naming the key and line.
pub(super) fn analysis(
    file: Option<&AnalysisFile>,
    err: &dyn Fn(std::ops::Range<usize>, &str, String) -> RubricError,
) -> Result<AnalysisSettings, RubricError> {
    let mut analysis = AnalysisSettings::default();
    if let Some(f) = file {
        let share = |v: &Option<Spanned<f64>>, key: &str, slot: &mut f64, max: f64| {
            if let Some(x) = v {
                let x_ = *x.get_ref();
                if !(0.0..=max).contains(&x_) {
                    return Err(err(
                        x.span(),
                        key,
                        format!("应在 0 到 {} 之间", crate::vocab::fmt_num(max)),
                    ));
                }
                *slot = x_;
            }
            Ok(())
        };
        let a = &mut analysis;
        share(
            &f.weight_tolerance,
            "analysis.weight_tolerance",
            &mut a.weight_tolerance,
            0.99,
        )?;
        share(
            &f.notes_same_share,
            "analysis.notes_same_share",
            &mut a.notes_same_share,
            1.0,
        )?;
        share(&f.drop_share, "analysis.drop_share", &mut a.drop_share, 1.0)?;
        share(
            &f.close_same_day_share,
            "analysis.close_same_day_share",
            &mut a.close_same_day_share,
            1.0,
        )?;
        let big = 1e9;
        share(&f.notes_min, "analysis.notes_min", &mut a.notes_min, big)?;
        share(
            &f.same_day_orgs,
            "analysis.same_day_orgs",
            &mut a.same_day_orgs,
            big,
        )?;
        share(&f.drop_from, "analysis.drop_from", &mut a.drop_from, big)?;
        share(
            &f.close_same_day_min,
            "analysis.close_same_day_min",
            &mut a.close_same_day_min,
            big,
        )?;
        share(
            &f.same_done_date_tasks,
            "analysis.same_done_date_tasks",
            &mut a.same_done_date_tasks,
            big,
        )?;
    }
    Ok(analysis)
}
