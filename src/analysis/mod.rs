//! What leadership asks after a ranking (SPEC §8), computed after scoring and never changing
//! a score: how stable each rank is under weight uncertainty ([`stability`]), why a rank moved
//! since last year ([`attribution`]), and which figures need a second look ([`flags`]).

pub(crate) mod attribution;
pub(crate) mod flags;
pub mod stability;

use crate::metrics::Period;
use crate::model::Dataset;
use crate::score::settings::AnalysisSettings;
use crate::score::ScoreResult;
use std::collections::HashMap;

pub use attribution::Change;
pub use flags::{Flag, FlagKind};
pub use stability::Interval;

/// The analysis of one assessment (same order as the evaluation's results).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssessmentAnalysis {
    /// 名次区间 of every ranked entity, by name.
    pub intervals: HashMap<String, Interval>,
    /// 名次变化原因 of every entity with 上年排名, by name.
    pub changes: HashMap<String, Change>,
}

impl AssessmentAnalysis {
    /// How many ranks are fixed (best = worst), and the entities whose interval spans three
    /// places or more (with their interval), in rank order.
    pub fn summary(&self, r: &ScoreResult) -> (usize, Vec<(String, Interval)>) {
        let mut fixed = 0;
        let mut wide = Vec::new();
        for e in r.entities.iter().filter(|e| e.has_data) {
            if let Some(iv) = self.intervals.get(&e.name) {
                match iv {
                    Interval::Range { best, worst } if best == worst => fixed += 1,
                    Interval::Range { best, worst } if worst - best >= 2 => {
                        wide.push((e.name.clone(), *iv))
                    }
                    _ => {}
                }
            }
        }
        (fixed, wide)
    }
}

/// Everything §8 adds to an evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    pub tolerance: f64,
    pub per: Vec<AssessmentAnalysis>,
    pub flags: Vec<Flag>,
}

impl Analysis {
    /// The flags about `name`.
    pub fn flags_for(&self, name: &str) -> Vec<&Flag> {
        self.flags.iter().filter(|f| f.target == name).collect()
    }
    /// Count per rule, in rule order.
    pub fn counts(&self) -> Vec<(FlagKind, usize)> {
        FlagKind::ALL
            .iter()
            .map(|&k| (k, self.flags.iter().filter(|f| f.kind == k).count()))
            .collect()
    }
}

/// Analyse the results of year Y (and Y−1 when scored) over the records.
pub fn analyse(
    ds: &Dataset,
    results: &[ScoreResult],
    previous: Option<&[ScoreResult]>,
    period: &Period,
    s: &AnalysisSettings,
) -> Analysis {
    let per = results
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let intervals = stability::intervals(r, s.weight_tolerance);
            let mut changes = HashMap::new();
            if let Some(p) = previous.and_then(|p| p.get(k)) {
                for e in r
                    .entities
                    .iter()
                    .filter(|e| e.has_data && e.prev_rank.is_some())
                {
                    if let Some(pe) = p.find(&e.name).filter(|pe| pe.has_data) {
                        changes.insert(e.name.clone(), attribution::change(r, e, pe));
                    }
                }
            }
            AssessmentAnalysis { intervals, changes }
        })
        .collect();
    Analysis {
        tolerance: s.weight_tolerance,
        per,
        flags: flags::flags(ds, period, s),
    }
}
