//! Ranking, grades after veto caps, and the top-grade quota (SPEC §3 "rank", "grades").

use super::rubric::{Assessment, RankStyle, Source};
use super::Scored;
use std::cmp::Ordering;

/// Totals closer than this are equal.
pub const EPS: f64 = 1e-9;

/// True when higher is better for tie-break key `t`: the indicator's direction, else the
/// metric's default.
fn direction(a: &Assessment, t: &Source) -> bool {
    match a.indicators.iter().find(|i| &i.metric == t) {
        Some(i) => i.higher,
        None => t.metric().is_none_or(|m| m.info().higher),
    }
}

/// The value of tie-break key `t` for `x`: its metric, or a manual indicator's raw score.
fn tie_value(a: &Assessment, x: &Scored, t: &Source) -> Option<f64> {
    match t {
        Source::Metric(m) => x.metrics.get(*m),
        Source::Manual(_) => a
            .indicators
            .iter()
            .position(|i| &i.metric == t)
            .and_then(|j| x.indicators.get(j))
            .and_then(|s| s.raw),
    }
}

/// A value on the grid of [`EPS`]: totals and tie-break values equal "to 1e-9" compare equal,
/// and comparing the keys is a total order (issue 23: an EPS-window equality is not
/// transitive, so a sort's result could depend on the input order).
pub fn key(x: f64) -> i64 {
    (x / EPS).round() as i64
}

/// The order of 排名 for two totals (higher first), on the EPS grid.
pub fn total_cmp(x: f64, y: f64) -> Ordering {
    key(y).cmp(&key(x))
}

/// Compare two entities by the tie-break metrics (better first); a missing value is worse.
pub fn tie_cmp(a: &Assessment, x: &Scored, y: &Scored) -> (Ordering, Option<String>) {
    for t in &a.tie_break {
        let higher = direction(a, t);
        let (vx, vy) = (tie_value(a, x, t), tie_value(a, y, t));
        let o = match (vx, vy) {
            (Some(p), Some(q)) => {
                if higher {
                    key(q).cmp(&key(p))
                } else {
                    key(p).cmp(&key(q))
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            let label = a.indicators.iter().find(|i| &i.metric == t).map_or_else(
                || t.metric().map_or(t.code(), |m| m.label()).to_string(),
                |i| i.label.clone(),
            );
            return (o, Some(label));
        }
    }
    (Ordering::Equal, None)
}

/// Order, rank, and apply the quota to the ranked entities in `s` (all have data).
pub fn rank_and_grade(a: &Assessment, s: &mut Vec<Scored>) {
    // Stable order: total descending, then the input order (name order is not meaningful).
    let mut groups: Vec<String> = Vec::new();
    if a.rank_within_group {
        for e in s.iter() {
            if !groups.contains(&e.group) {
                groups.push(e.group.clone());
            }
        }
    } else {
        groups.push(String::new());
    }
    let mut out = Vec::with_capacity(s.len());
    for g in &groups {
        let mut part: Vec<Scored> = s
            .iter()
            .filter(|e| !a.rank_within_group || &e.group == g)
            .cloned()
            .collect();
        rank_part(a, &mut part);
        out.extend(part);
    }
    *s = out;
}

fn rank_part(a: &Assessment, part: &mut [Scored]) {
    // A total order: total, the tie-break metrics, then the name (so the result never
    // depends on the order the entities came in).
    part.sort_by(|x, y| {
        total_cmp(x.total, y.total)
            .then_with(|| tie_cmp(a, x, y).0)
            .then_with(|| x.name.cmp(&y.name))
    });
    // Blocks of equal totals, for the 备注 of how they were ordered.
    let mut i = 0;
    while i < part.len() {
        let mut j = i + 1;
        while j < part.len() && key(part[i].total) == key(part[j].total) {
            j += 1;
        }
        if j - i > 1 {
            for k in i..j {
                let others: Vec<String> = (i..j)
                    .filter(|&o| o != k)
                    .filter_map(|o| tie_cmp(a, &part[k], &part[o]).1)
                    .collect();
                if let Some(l) = others.first() {
                    let note = format!("同分，按{l}排序");
                    part[k].remarks.push(note);
                } else {
                    part[k].remarks.push("同分且比较指标相同，名次并列".into());
                }
            }
        }
        i = j;
    }
    // Ranks.
    let mut rank = 0u32;
    for k in 0..part.len() {
        let tied = k > 0
            && key(part[k].total) == key(part[k - 1].total)
            && tie_cmp(a, &part[k - 1], &part[k]).0 == Ordering::Equal;
        if !tied {
            rank = match a.rank_style {
                RankStyle::Dense => rank + 1,
                RankStyle::Competition => k as u32 + 1,
            };
        }
        part[k].rank = Some(rank);
    }
    // Quota: at most floor(n × quota) keep the top grade, in rank order; entities tied at the
    // cut-off all fall, so the quota is never exceeded and equal ranks keep equal grades.
    if let (Some(q), Some((top, _))) = (a.top_grade_quota, a.grades.first()) {
        let allowed = (part.len() as f64 * q + 1e-9).floor() as usize;
        let next = a.grades.get(1).map(|g| g.0.clone());
        let tops: Vec<usize> = (0..part.len()).filter(|&k| &part[k].grade == top).collect();
        let mut kept = 0usize;
        let mut idx = 0;
        while idx < tops.len() {
            let r = part[tops[idx]].rank;
            let same: Vec<usize> = tops[idx..]
                .iter()
                .copied()
                .take_while(|&k| part[k].rank == r)
                .collect();
            let fits = kept + same.len() <= allowed;
            for &k in &same {
                if fits {
                    kept += 1;
                } else if let Some(nx) = &next {
                    part[k].grade = nx.clone();
                    part[k].remarks.push(format!(
                        "{top}名额已满（比例 {:.0}%，{} 个中至多 {} 个），降为{nx}",
                        q * 100.0,
                        part.len(),
                        allowed
                    ));
                }
            }
            idx += same.len();
        }
    }
}
