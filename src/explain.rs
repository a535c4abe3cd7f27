//! `redeval explain NAME`: every step of one entity's score in plain text — the answer a unit
//! gets when it disputes its grade.

use crate::evaluate::Evaluation;
use crate::score::{Method, Normalize, ScoreResult, Scored};
use crate::vocab::fmt_num;
use std::fmt::Write;

/// Entities matching `name`: exact names first, then register aliases, then a unique
/// substring match.
pub fn find<'a>(ev: &'a Evaluation, name: &str) -> Vec<(&'a ScoreResult, &'a Scored)> {
    let name = crate::vocab::norm(name).to_string();
    let mut exact = Vec::new();
    let mut partial = Vec::new();
    let full = ev
        .ds
        .records
        .companies
        .iter()
        .find(|c| c.aliases.contains(&name))
        .map(|c| c.name.clone());
    for r in &ev.results {
        for e in &r.entities {
            if e.name == name || full.as_deref() == Some(e.name.as_str()) {
                exact.push((r, e));
            } else if e.name.contains(&name) {
                partial.push((r, e));
            }
        }
    }
    if exact.is_empty() {
        partial
    } else {
        exact
    }
}

fn pct_or(x: f64, ratio: bool) -> String {
    if ratio {
        format!("{:.2}%", x * 100.0)
    } else {
        format!("{x:.4}")
    }
}

/// The explanation of one entity.
pub fn explain(ev: &Evaluation, r: &ScoreResult, e: &Scored) -> String {
    let a = &r.assessment;
    let mut s = String::new();
    let group = if e.group.is_empty() { "—" } else { &e.group };
    let _ = writeln!(s, "{} · {}（{group}）", a.title, e.name);
    let _ = writeln!(
        s,
        "{} 年度，数据截至 {}；细则：{}",
        ev.period.year,
        ev.period.as_of,
        ev.rubric_source.describe()
    );
    if !e.has_data {
        let _ = writeln!(
            s,
            "\n{}：本年度没有该对象的考核记录，因此不评分、不排名。",
            crate::score::NO_DATA
        );
        return s;
    }
    standing(&mut s, r, e);
    indicators(&mut s, r, e);
    adjusts_and_grade(&mut s, a, e);
    analysis_part(&mut s, ev, r, e);
    s
}

/// 排名, 总分, 等次 and the change against Y−1.
fn standing(s: &mut String, r: &ScoreResult, e: &Scored) {
    let ranked = r.entities.iter().filter(|x| x.has_data).count();
    let rank = e.rank.map_or("—".into(), |x| x.to_string());
    let _ = writeln!(
        s,
        "\n排名 {rank} / {ranked}　总分 {:.2}　等次 {}",
        e.total, e.grade
    );
    if let Some(p) = e.prev_rank {
        let ch = e.change.unwrap_or(0);
        let how = match ch.signum() {
            1 => format!("上升 {ch} 名"),
            -1 => format!("下降 {} 名", -ch),
            _ => "名次不变".into(),
        };
        let _ = writeln!(s, "上年排名 {p}（{how}）");
    }
}

/// 一、指标得分: per indicator its raw value, normalisation, weight and points.
fn indicators(s: &mut String, r: &ScoreResult, e: &Scored) {
    let a = &r.assessment;
    let method = match (a.method, a.entropy) {
        (Method::WeightedSum, false) => "加权求和，固定权重".to_string(),
        (Method::WeightedSum, true) => "加权求和，熵权法赋权".to_string(),
        (Method::Topsis, e) => {
            let w = if e { "熵权法赋权" } else { "固定权重" };
            format!("TOPSIS 贴近度法，{w}")
        }
    };
    let _ = writeln!(s, "\n一、指标得分（{method}）");
    for (j, (ind, x)) in a.indicators.iter().zip(&e.indicators).enumerate() {
        let ratio = ind.metric.metric().is_some_and(|m| m.is_ratio());
        let raw = x.raw.map_or("无".into(), |v| pct_or(v, ratio));
        let how = normalisation(r, j, ratio);
        let floor = ind.floor.map(|f| format!("，保底 {f}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "  {}：原始值 {raw}；标准化值 {:.4}（{how}{floor}）；权重 {:.2}%；得分 {:.2}",
            ind.header(),
            x.v,
            x.weight * 100.0,
            x.points
        );
    }
    let topsis = if a.method == Method::Topsis {
        "（= 满分 × 贴近度）"
    } else {
        ""
    };
    let _ = writeln!(s, "  指标合计 {:.2}{topsis}", e.base);
}

/// How indicator `j` was normalised, with the group's range for min-max.
fn normalisation(r: &ScoreResult, j: usize, ratio: bool) -> String {
    let a = &r.assessment;
    let ind = &a.indicators[j];
    let col: Vec<f64> = r
        .entities
        .iter()
        .filter(|o| o.has_data)
        .filter_map(|o| o.indicators[j].raw)
        .collect();
    let (lo, hi) = col
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    match (a.method, ind.normalize) {
        (Method::Topsis, _) => "向量标准化 x/√Σx²".to_string(),
        (_, Normalize::MinMax) => format!(
            "最小-最大标准化（{}），本组最小 {}，最大 {}",
            if ind.higher {
                "越高越好"
            } else {
                "越低越好"
            },
            pct_or(lo, ratio),
            pct_or(hi, ratio)
        ),
        (_, Normalize::Target { good, bad }) => format!(
            "目标值法：{} 得 0，{} 得满分，之间按比例",
            pct_or(bad, ratio),
            pct_or(good, ratio)
        ),
        (_, Normalize::Rank) => "按名次标准化 (n−r)/(n−1)".to_string(),
    }
}

/// 二、加减分, 三、总分, 四、等次 and the remarks.
fn adjusts_and_grade(s: &mut String, a: &crate::score::Assessment, e: &Scored) {
    if !a.adjusts.is_empty() {
        let _ = writeln!(s, "\n二、加减分");
        for (j, x) in a.adjusts.iter().zip(&e.adjusts) {
            let cap = if x.capped {
                format!("（已按上限 {} 分封顶）", fmt_num(j.limit.unwrap_or(0.0)))
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "  {}：{} × {} = {:.2}{cap}",
                j.label,
                fmt_num(x.raw),
                fmt_num(j.points),
                x.points + 0.0
            );
        }
    }
    let _ = writeln!(
        s,
        "\n三、总分 {:.2}（限定在 0 到 {} 之间）",
        e.total,
        fmt_num(a.scale)
    );
    let th: Vec<String> = a
        .grades
        .iter()
        .map(|(g, t)| format!("{g} ≥ {}", fmt_num(*t)))
        .collect();
    let _ = writeln!(
        s,
        "\n四、等次：分数线 {}；按分数线为{}，最终为{}",
        th.join("，"),
        e.threshold_grade,
        e.grade
    );
    if !e.remarks.is_empty() {
        let _ = writeln!(s, "\n备注：");
        for m in &e.remarks {
            let _ = writeln!(s, "  · {m}");
        }
    }
}

/// 五–七: rank stability, why the rank moved, prompts (SPEC §8).
fn analysis_part(s: &mut String, ev: &Evaluation, r: &ScoreResult, e: &Scored) {
    let k = ev
        .results
        .iter()
        .position(|x| x.assessment.kind == r.assessment.kind);
    let an = k.and_then(|k| ev.analysis.per.get(k));
    let tol = ev.analysis.tolerance * 100.0;
    if let Some(iv) = an.and_then(|a| a.intervals.get(&e.name)) {
        let _ = writeln!(
            s,
            "\n五、名次稳定性：在权重±{tol:.0}%范围内：第{}名（每项权重各自在 ±{tol:.0}% 内变动时可能的最好和最差名次；逐个对手分别判断，是一个外包范围）",
            iv.text()
        );
    }
    if let Some(c) = an.and_then(|a| a.changes.get(&e.name)) {
        let _ = writeln!(s, "\n六、与上年相比：{}", c.text);
        for d in c.deltas.iter().filter(|d| d.delta.abs() >= 0.005) {
            let _ = writeln!(
                s,
                "  {}：上年 {:.2} → 本年 {:.2}（{:+.2}）",
                d.label,
                d.prev_points,
                d.prev_points + d.delta,
                d.delta
            );
        }
    }
    let flags = ev.analysis.flags_for(&e.name);
    if !flags.is_empty() {
        let _ = writeln!(s, "\n七、需要复核（只是提示，不影响得分）：");
        for f in flags {
            let _ = writeln!(
                s,
                "  · {}：{}。建议：{}",
                f.kind.label(),
                f.basis,
                f.kind.advice()
            );
        }
    }
}

/// The names `explain` knows that come closest to `query` (SPEC §6: `你要找的是不是：…`):
/// names containing the query's core (without a company suffix), then by normalised edit
/// distance over names and company aliases; at most three.
pub fn closest(ev: &Evaluation, query: &str) -> Vec<String> {
    let q = crate::vocab::norm(query).into_owned();
    let core = crate::ingest::names::name_core(&q)
        .unwrap_or(&q)
        .to_string();
    let mut cands: Vec<(String, Vec<String>)> = Vec::new();
    for r in &ev.results {
        for e in &r.entities {
            if !cands.iter().any(|c| c.0 == e.name) {
                let aliases = ev
                    .ds
                    .records
                    .companies
                    .iter()
                    .find(|c| c.name == e.name)
                    .map(|c| c.aliases.clone())
                    .unwrap_or_default();
                cands.push((e.name.clone(), aliases));
            }
        }
    }
    let mut scored: Vec<(f64, String)> = cands
        .into_iter()
        .map(|(name, aliases)| {
            let contains = name.contains(&core) || aliases.iter().any(|a| a.contains(&core));
            let sim = std::iter::once(&name)
                .chain(&aliases)
                .map(|n| {
                    let nc = crate::ingest::names::name_core(n).unwrap_or(n);
                    strsim::normalized_levenshtein(&core, nc)
                })
                .fold(0.0, f64::max);
            (if contains { 1.0 + sim } else { sim }, name)
        })
        .filter(|(s, _)| *s >= 0.34)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}
