//! What the 通报 says, part by part in GB/T 9704's order: 发文机关标志, 发文字号, the red line,
//! 标题, 主送机关, 正文 (opening, 一、考评结果, 二、基本情况, 三、存在的问题, 四、有关要求), 附件说明,
//! 署名, 成文日期, the 附件 tables, and the 版记 (抄送, 印发). Every figure is the workbook's:
//! the same values, written as their cells show them.

use crate::evaluate::Evaluation;
use crate::metrics::Metric;
use crate::report::tables::{self, Cell, Lang, Table};
use crate::score::ScoreResult;
use chrono::Datelike;

/// What the engine does not know, for the clerk to fill in.
pub const TO_FILL: &str = "【请填写】";

/// One part of the 通报.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// 发文机关标志 (`{org}文件`, red).
    Mark(String),
    /// 发文字号.
    DocNo(String),
    /// The red separator line under the 发文字号.
    RedLine,
    Title(String),
    /// 主送机关.
    To(String),
    Body(String),
    /// 一级标题 (黑体): `一、考评结果`.
    H1(String),
    /// 二级标题 (楷体): `（一）红色物业考评`.
    H2(String),
    /// 附件说明: the first line `附件：1. …`, then the others.
    Attachments(Vec<String>),
    /// 发文机关署名.
    Sign(String),
    /// 成文日期.
    Date(String),
    /// One 附件 on a new page: its number, title and the 公示表.
    Annex(usize, String, Table),
    /// 版记: 抄送, 印发机关 and 印发日期.
    Imprint {
        cc: String,
        printer: String,
        date: String,
    },
}

fn or_fill(s: &str) -> String {
    if s.trim().is_empty() {
        TO_FILL.to_string()
    } else {
        s.trim().to_string()
    }
}

/// `2025年1月6日`.
fn chinese_date(d: chrono::NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// An assessment's name in a sentence: its title without 年度.
fn short_title(r: &ScoreResult) -> String {
    r.assessment.title.replacen("年度", "", 1)
}

/// Every part of the 通报, in order.
pub fn parts(ev: &Evaluation) -> Vec<Part> {
    let rep = &ev.rubric.report;
    let y = ev.period.year;
    let scored: Vec<&ScoreResult> = ev
        .results
        .iter()
        .filter(|r| !r.entities.is_empty())
        .collect();
    let names: Vec<String> = scored.iter().map(|r| short_title(r)).collect();
    let mut p = vec![
        Part::Mark(format!("{}文件", or_fill(&rep.org))),
        Part::DocNo(if rep.doc_no.trim().is_empty() {
            format!("〔{}〕{TO_FILL}号", ev.made_on.year())
        } else {
            rep.doc_no.trim().to_string()
        }),
        Part::RedLine,
        Part::Title(format!(
            "关于{}{y}年度{}结果的通报{}",
            rep.org_short,
            names.join("、"),
            ev.title_suffix()
        )),
        Part::To(if rep.to.trim().is_empty() {
            "各成员单位，各物业企业党组织，各党建工作指导员：".into()
        } else {
            rep.to.trim().to_string()
        }),
        Part::Body(opening(ev)),
        Part::H1("一、考评结果".into()),
    ];
    for (k, r) in scored.iter().enumerate() {
        p.push(Part::H2(format!(
            "（{}）{}",
            chinese_number(k + 1),
            short_title(r)
        )));
        p.push(Part::Body(results_sentence(r)));
    }
    p.push(Part::H1("二、基本情况".into()));
    p.extend(basics(ev).into_iter().map(Part::Body));
    p.push(Part::H1("三、存在的问题".into()));
    p.extend(matters(ev).into_iter().map(Part::Body));
    p.push(Part::H1("四、有关要求".into()));
    p.push(Part::Body(TO_FILL.into()));
    let annexes: Vec<String> = scored
        .iter()
        .map(|r| crate::report::xlsx::ranked_title(ev, &r.assessment.title))
        .collect();
    p.push(Part::Attachments(
        annexes
            .iter()
            .enumerate()
            .map(|(k, t)| format!("{}. {t}", k + 1))
            .collect(),
    ));
    p.push(Part::Sign(or_fill(&rep.org)));
    p.push(Part::Date(chinese_date(ev.made_on)));
    for (k, (r, t)) in scored.iter().zip(&annexes).enumerate() {
        let i = ev.results.iter().position(|x| std::ptr::eq(x, *r));
        let an = i.and_then(|i| ev.analysis.per.get(i));
        p.push(Part::Annex(
            k + 1,
            t.clone(),
            annex_table(r, ev.previous.is_some(), an),
        ));
    }
    p.push(Part::Imprint {
        cc: or_fill(&rep.cc),
        printer: or_fill(&rep.printer),
        date: chinese_date(ev.made_on),
    });
    p
}

fn chinese_number(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or("十")
}

/// The opening paragraph: the basis, how the evaluation was made.
fn opening(ev: &Evaluation) -> String {
    let rep = &ev.rubric.report;
    let files = ev.ds.files.iter().filter(|f| f.error.is_none()).count();
    let complaints = ev
        .trends
        .monthly
        .last()
        .map_or_else(|| "0".to_string(), |m| Cell::Int(m.total).shown());
    format!(
        "根据{}，{}组织开展了{}{}年度考评工作。本次考评依据各单位报送的 {files} 个台账文件，其中 {} 年物业信访 {complaints} 件（数据截至 {}），按照《考核细则》（{}）逐项计分、排名。现将考评结果通报如下：",
        or_fill(&rep.basis),
        or_fill(&rep.org),
        rep.org_short,
        ev.period.year,
        ev.period.year,
        chinese_date(ev.period.as_of),
        ev.rubric_source.describe()
    )
}

/// `共 10 个对象参加排名。优秀：甲、乙；良好：……`, then those not ranked.
fn results_sentence(r: &ScoreResult) -> String {
    let ranked: Vec<_> = r.entities.iter().filter(|e| e.has_data).collect();
    let mut parts = Vec::new();
    for (g, _) in &r.assessment.grades {
        let names: Vec<&str> = ranked
            .iter()
            .filter(|e| &e.grade == g)
            .map(|e| e.name.as_str())
            .collect();
        if !names.is_empty() {
            parts.push(format!("{g}（{} 个）：{}", names.len(), names.join("、")));
        }
    }
    let mut text = format!("共 {} 个对象参加排名。{}。", ranked.len(), parts.join("；"));
    let out: Vec<String> = r
        .entities
        .iter()
        .filter(|e| !e.has_data)
        .map(|e| format!("{}（{}）", e.name, e.remarks.join("；")))
        .collect();
    if !out.is_empty() {
        text.push_str(&format!("未参加排名：{}。", out.join("、")));
    }
    text
}

/// 二、基本情况: complaints from 总览's headline figures, then each assessment's mean figures.
fn basics(ev: &Evaluation) -> Vec<String> {
    let mut out = Vec::new();
    let head = crate::report::overview::headline(ev, Lang::Zh);
    let get = |k: usize| head.rows.get(k).map_or(String::new(), |r| r[1].shown());
    let yoy_word = head.rows.get(1).map_or(String::new(), |r| r[0].shown());
    let conclusion = crate::report::trends_sheet::conclusion(&ev.trends);
    let conclusion = conclusion.trim_start_matches("结论：");
    out.push(format!(
        "（一）物业信访。{} 年全区受理物业信访 {} 件，{yoy_word} {}；办结率 {}，按期办结率 {}，满意率 {}。{}",
        ev.period.year,
        get(0),
        get(1),
        get(2),
        get(3),
        get(4),
        conclusion
    ));
    let mut k = 2;
    for (r, metric) in [
        (crate::metrics::AssessmentKind::Unit, Metric::TaskCompletion),
        (crate::metrics::AssessmentKind::Instructor, Metric::Coverage),
    ] {
        let Some(res) = ev.results.iter().find(|x| x.assessment.kind == r) else {
            continue;
        };
        let vals: Vec<f64> = res
            .entities
            .iter()
            .filter(|e| e.has_data)
            .filter_map(|e| e.metrics.get(metric))
            .collect();
        if vals.is_empty() {
            continue;
        }
        let mean = vals.iter().sum::<f64>() / vals.len() as f64;
        out.push(format!(
            "（{}）{}。{} 个对象参加考评，平均{} {}。",
            chinese_number(k),
            short_title(res),
            vals.len(),
            metric.label(),
            metric.show_with_unit(mean)
        ));
        k += 1;
    }
    out
}

/// 三、存在的问题, worded as matters to verify: the lowest grade, vetoes, 异常提示.
fn matters(ev: &Evaluation) -> Vec<String> {
    let mut out = Vec::new();
    for r in ev.results.iter().filter(|r| !r.entities.is_empty()) {
        let Some((last, _)) = r.assessment.grades.last() else {
            continue;
        };
        let low: Vec<&str> = r
            .entities
            .iter()
            .filter(|e| e.has_data && &e.grade == last)
            .map(|e| e.name.as_str())
            .collect();
        if !low.is_empty() {
            out.push(format!(
                "{}中，{} 等 {} 个对象等次为{last}，请相关单位对照评分明细逐项核实、查找原因。",
                short_title(r),
                low.iter().take(5).copied().collect::<Vec<_>>().join("、"),
                low.len()
            ));
        }
        for e in r.entities.iter().filter(|e| e.has_data) {
            if let Some(v) = e.remarks.iter().find(|m| m.contains("等次最高为")) {
                out.push(format!("{}：{v}，请核实相关情况。", e.name));
            }
        }
    }
    let counts: Vec<String> = ev
        .analysis
        .counts()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{} {n} 条", k.label()))
        .collect();
    if !counts.is_empty() {
        out.push(format!(
            "数据复核中发现异常提示 {}，仅作复核线索、不影响得分，请相关单位核实。",
            counts.join("、")
        ));
    }
    if out.is_empty() {
        out.push(TO_FILL.into());
    }
    out
}

/// A 附件's table: the 公示表 columns that fit a portrait page.
fn annex_table(
    r: &ScoreResult,
    with_prev: bool,
    an: Option<&crate::analysis::AssessmentAnalysis>,
) -> Table {
    let t = tables::ranked(r, Lang::Zh, with_prev, an);
    let keep: Vec<usize> = [
        "排名",
        r.assessment.kind.name_header(),
        r.assessment.kind.group_header(),
        "总分",
        "等次",
        "名次区间",
        "备注",
    ]
    .iter()
    .filter_map(|h| t.headers.iter().position(|x| x == h))
    .collect();
    Table {
        id: t.id.clone(),
        headers: keep.iter().map(|&c| t.headers[c].clone()).collect(),
        rows: t
            .rows
            .iter()
            .map(|row| keep.iter().map(|&c| row[c].clone()).collect())
            .collect(),
    }
}
