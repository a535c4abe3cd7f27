//! The rubric as a sheet (SPEC §5): one row per indicator, adjust item, veto and setting, in a
//! grid that staff edit in Excel. [`to_rows`] lays a [`Rubric`] out; `score::grid::from_grid`
//! reads a grid back by turning it into the rubric's TOML and handing that to [`Rubric::parse`] — one
//! rubric model and one set of checks for both readers. An error names the cell
//! (`考核细则!E7`), found through the TOML line each cell became.
//!
//! No workbook crate here: report writes these rows, ingest reads the cells.

use super::rubric::{Assessment, Method, Normalize, RankStyle, Rubric};
use crate::metrics::AssessmentKind;
use crate::vocab::fmt_num;

/// The sheet's name in a report and in `redeval rubric --out 考核细则.xlsx`.
pub const SHEET: &str = "考核细则";

/// The columns; 实际权重 and 说明 are written for readers and ignored when read.
pub const HEADERS: [&str; 17] = [
    "考核类别",
    "类型",
    "指标",
    "指标代码",
    "权重",
    "方向",
    "标准化方式",
    "好值",
    "差值",
    "保底",
    "分值",
    "上限",
    "阈值",
    "最高等次",
    "设置值",
    "实际权重",
    "说明",
];

/// Closed lists offered as dropdowns: (column, values).
pub const CHOICES: [(&str, &[&str]); 3] = [
    (
        "类型",
        &["设置", "指标", "人工打分指标", "加减分", "否决项"],
    ),
    ("方向", &["越高越好", "越低越好"]),
    ("标准化方式", &["目标值", "最小最大", "名次"]),
];

/// The 考核类别 of the settings that hold for every assessment.
pub const COMMON: &str = "通用";

/// One cell of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum RCell {
    Empty,
    Text(String),
    Num(f64),
}

fn t(s: impl Into<String>) -> RCell {
    RCell::Text(s.into())
}

pub(super) fn col(name: &str) -> usize {
    HEADERS.iter().position(|h| *h == name).unwrap_or(0)
}

/// Common settings: (name in the sheet, TOML table, key, kind).
pub(super) const COMMON_KEYS: [(&str, &str, &str, Kind); 20] = [
    ("办理时限（天）", "", "handling_days", Kind::Int),
    ("制表单位", "report", "org", Kind::Text),
    ("标题前缀", "report", "org_short", Kind::Text),
    ("制表日期", "report", "date", Kind::Text),
    ("通报文号", "report", "doc_no", Kind::Text),
    ("通报主送", "report", "to", Kind::Text),
    ("通报依据", "report", "basis", Kind::Text),
    ("通报抄送", "report", "cc", Kind::Text),
    ("通报印发机关", "report", "printer", Kind::Text),
    (
        "名次区间权重浮动",
        "analysis",
        "weight_tolerance",
        Kind::Num,
    ),
    ("笔记雷同最少记录数", "analysis", "notes_min", Kind::Num),
    ("笔记雷同比例", "analysis", "notes_same_share", Kind::Num),
    ("同日多地组织数", "analysis", "same_day_orgs", Kind::Num),
    ("信访骤降比例", "analysis", "drop_share", Kind::Num),
    ("信访骤降上年最少件数", "analysis", "drop_from", Kind::Num),
    (
        "当日办结最少件数",
        "analysis",
        "close_same_day_min",
        Kind::Num,
    ),
    (
        "当日办结比例",
        "analysis",
        "close_same_day_share",
        Kind::Num,
    ),
    (
        "完成日期雷同任务数",
        "analysis",
        "same_done_date_tasks",
        Kind::Num,
    ),
    ("评委去掉最高最低分各几个", "manual", "trim", Kind::Int),
    ("评委几人起去分", "manual", "trim_min_raters", Kind::Int),
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Int,
    Num,
    Text,
}

fn kind_words(k: AssessmentKind) -> &'static str {
    match k {
        AssessmentKind::Company => "红色物业企业",
        AssessmentKind::Unit => "成员单位",
        AssessmentKind::Instructor => "党建指导员",
    }
}

fn setting(title: &str, name: &str, value: RCell, note: &str) -> Vec<RCell> {
    let mut r = vec![RCell::Empty; HEADERS.len()];
    r[0] = t(title);
    r[1] = t("设置");
    r[2] = t(name);
    r[col("设置值")] = value;
    if !note.is_empty() {
        r[col("说明")] = t(note);
    }
    r
}

fn assessment_rows(a: &Assessment, used: Option<&[f64]>, rows: &mut Vec<Vec<RCell>>) {
    let title = a.title.as_str();
    for (name, v, note) in settings(a) {
        rows.push(setting(title, name, v, &note));
    }
    let item = |kind: &str, label: &str, metric: &str| {
        let mut r = vec![RCell::Empty; HEADERS.len()];
        r[0] = t(title);
        r[1] = t(kind);
        r[2] = t(label);
        r[3] = t(metric);
        r
    };
    for (j, i) in a.indicators.iter().enumerate() {
        let kind = if i.manual() {
            "人工打分指标"
        } else {
            "指标"
        };
        let mut r = item(kind, &i.label, i.metric.code());
        r[4] = RCell::Num(i.weight);
        r[5] = t(if i.higher {
            "越高越好"
        } else {
            "越低越好"
        });
        match i.normalize {
            Normalize::Target { good, bad } => {
                r[6] = t("目标值");
                r[7] = RCell::Num(good);
                r[8] = RCell::Num(bad);
            }
            Normalize::MinMax => r[6] = t("最小最大"),
            Normalize::Rank => r[6] = t("名次"),
        }
        if let Some(f) = i.floor {
            r[9] = RCell::Num(f);
        }
        if let Some(w) = used.and_then(|u| u.get(j)) {
            r[col("实际权重")] = RCell::Num(*w);
        }
        rows.push(r);
    }
    for j in &a.adjusts {
        let mut r = item("加减分", &j.label, j.metric.code());
        r[col("分值")] = RCell::Num(j.points);
        if let Some(l) = j.limit {
            r[col("上限")] = RCell::Num(l);
        }
        r[col("说明")] = t("每单位加（正）或扣（负）的分数，合计不超过上限");
        rows.push(r);
    }
    for v in &a.vetoes {
        let mut r = item("否决项", &v.label, v.metric.code());
        r[col("阈值")] = RCell::Num(v.above);
        r[col("最高等次")] = t(&v.cap_grade);
        r[col("说明")] = t("指标值大于阈值时，等次最高为“最高等次”");
        rows.push(r);
    }
}

/// An assessment's 设置 rows: (name, value, note).
fn settings(a: &Assessment) -> Vec<(&'static str, RCell, String)> {
    let grades: Vec<String> = a
        .grades
        .iter()
        .map(|(g, x)| format!("{g}≥{}", fmt_num(*x)))
        .collect();
    let label_of = |m: &super::rubric::Source| {
        a.indicators.iter().find(|i| &i.metric == m).map_or_else(
            || m.metric().map_or(m.code(), |x| x.label()).to_string(),
            |i| i.label.clone(),
        )
    };
    let ties: Vec<String> = a.tie_break.iter().map(label_of).collect();
    let sum: f64 = a.indicators.iter().map(|i| i.weight).sum();
    let sum_note = if !a.entropy && (sum - a.scale).abs() > 1e-9 && (sum - 1.0).abs() > 1e-9 {
        format!("细则权重合计 {}，已按比例换算为满分", fmt_num(sum))
    } else {
        String::new()
    };
    let method = match a.method {
        Method::WeightedSum => "加权求和",
        Method::Topsis => "逼近理想解法（TOPSIS）",
    };
    let weighting = if a.entropy {
        "熵权法"
    } else {
        "固定权重"
    };
    let style = match a.rank_style {
        RankStyle::Dense => "中国式排名",
        RankStyle::Competition => "竞争排名",
    };
    let within = crate::fields::yes_no(a.rank_within_group);
    vec![
        (
            "考核对象",
            t(kind_words(a.kind)),
            "红色物业企业 / 成员单位 / 党建指导员".into(),
        ),
        (
            "计分方法",
            t(method),
            "加权求和 / 逼近理想解法（TOPSIS）".into(),
        ),
        (
            "权重方式",
            t(weighting),
            "固定权重 / 熵权法（熵权法时“实际权重”列为算出的权重）".into(),
        ),
        ("满分", RCell::Num(a.scale), sum_note),
        (
            "等次",
            t(grades.join("，")),
            "从高到低：等次≥分数线，用逗号分开".into(),
        ),
        (
            "优秀比例上限",
            a.top_grade_quota.map_or(RCell::Empty, RCell::Num),
            "如 0.2 表示至多 20% 评为最高等次；空白为不限".into(),
        ),
        (
            "同分比较",
            t(ties.join("、")),
            "总分相同时依次比较的指标（写指标名称），用顿号分开".into(),
        ),
        (
            "排名方式",
            t(style),
            "中国式排名（1,2,2,3）/ 竞争排名（1,2,2,4）".into(),
        ),
        (
            "分组排名",
            t(within),
            "是：按所属街道（企业）或单位类别分组排名".into(),
        ),
    ]
}

/// The rubric as rows under [`HEADERS`]; `used` are the weights used per assessment (shares),
/// shown in 实际权重.
pub fn to_rows(r: &Rubric, used: &[Option<Vec<f64>>]) -> Vec<Vec<RCell>> {
    let mut rows = Vec::new();
    for (name, table, key, _) in COMMON_KEYS {
        let v = match (table, key) {
            ("", "handling_days") => RCell::Num(r.handling_days as f64),
            ("report", "org") => t(&r.report.org),
            ("report", "org_short") => t(&r.report.org_short),
            ("report", "doc_no") => t(&r.report.doc_no),
            ("report", "to") => t(&r.report.to),
            ("report", "basis") => t(&r.report.basis),
            ("report", "cc") => t(&r.report.cc),
            ("report", "printer") => t(&r.report.printer),
            ("report", "date") => r
                .report
                .date
                .map_or(RCell::Empty, |d| t(d.format("%Y-%m-%d").to_string())),
            ("manual", "trim") => RCell::Num(r.manual.trim as f64),
            ("manual", "trim_min_raters") => RCell::Num(r.manual.trim_min_raters as f64),
            (_, k) => RCell::Num(analysis_value(r, k)),
        };
        rows.push(setting(COMMON, name, v, ""));
    }
    for (k, a) in r.assessments.iter().enumerate() {
        assessment_rows(a, used.get(k).and_then(|u| u.as_deref()), &mut rows);
    }
    rows
}

fn analysis_value(r: &Rubric, key: &str) -> f64 {
    let a = &r.analysis;
    match key {
        "weight_tolerance" => a.weight_tolerance,
        "notes_min" => a.notes_min,
        "notes_same_share" => a.notes_same_share,
        "same_day_orgs" => a.same_day_orgs,
        "drop_share" => a.drop_share,
        "drop_from" => a.drop_from,
        "close_same_day_min" => a.close_same_day_min,
        "close_same_day_share" => a.close_same_day_share,
        _ => a.same_done_date_tasks,
    }
}

#[cfg(test)]
mod tests {
    use super::super::grid::from_grid;
    use super::*;

    fn texts(rows: &[Vec<RCell>]) -> Vec<(u32, Vec<String>)> {
        let mut out = vec![(1, HEADERS.iter().map(|h| h.to_string()).collect())];
        for (i, r) in rows.iter().enumerate() {
            out.push((
                i as u32 + 2,
                r.iter()
                    .map(|c| match c {
                        RCell::Empty => String::new(),
                        RCell::Text(s) => s.clone(),
                        RCell::Num(x) => fmt_num(*x),
                    })
                    .collect(),
            ));
        }
        out
    }

    fn same(a: &Rubric, b: &Rubric) {
        assert_eq!(a.handling_days, b.handling_days);
        assert_eq!(a.report, b.report);
        assert_eq!(a.analysis, b.analysis);
        assert_eq!(a.assessments, b.assessments);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, .. Default::default() })]

        /// Issue 23: any one cell of the default 考核细则 grid replaced by hostile text (nan,
        /// inf, huge, negative, empty, words): the grid is read back with an error naming a
        /// cell, or as a rubric whose every number is finite and within its bounds.
        #[test]
        fn a_hostile_cell_is_an_error_or_a_sound_rubric(
            row in 0usize..64,
            col in 0usize..16,
            v in proptest::prop_oneof![
                proptest::prelude::Just("nan".to_string()),
                proptest::prelude::Just("inf".to_string()),
                proptest::prelude::Just("-inf".to_string()),
                proptest::prelude::Just("1e400".to_string()),
                proptest::prelude::Just("99999999999".to_string()),
                proptest::prelude::Just(String::new()),
                "-?[0-9]{1,4}(\\.[0-9]{1,3})?%?",
                "[a-z_]{1,12}",
                "[优良合格不]{1,3}",
            ],
        ) {
            let mut g = texts(&to_rows(&Rubric::default_rubric(), &[]));
            let r = row % g.len();
            if let Some(c) = g[r].1.get_mut(col % HEADERS.len()) {
                *c = v;
            }
            match from_grid(&g, SHEET) {
                Ok(rb) => proptest::prop_assert!(rb.numbers_in_bounds()),
                Err(e) => proptest::prop_assert!(e.line == 0 && !e.key.is_empty(), "{e:?}"),
            }
        }
    }

    #[test]
    fn the_default_rubric_round_trips() {
        let r = Rubric::default_rubric();
        let back = from_grid(&texts(&to_rows(&r, &[])), SHEET).unwrap();
        same(&r, &back);
    }

    #[test]
    fn topsis_entropy_rank_quota_groups_and_report_round_trip() {
        let src = r#"
handling_days = 10
[report]
org = "中共某区委组织部"
org_short = "某区"
date = "2025-01-10"
[analysis]
weight_tolerance = 0.1
drop_from = 20
[[assessment]]
id = "company"
title = "红色物业考评"
method = "topsis"
weighting = "entropy"
scale = 120
grades = [["A", 100], ["B", 70], ["C", 0]]
top_grade_quota = 0.3
tie_break = ["satisfaction_rate", "complaints_per_1k"]
rank_style = "competition"
rank_within = "street"
[[assessment.indicator]]
metric = "complaints_per_1k"
label = "千户信访量"
weight = 3
direction = "lower"
normalize = "rank"
[[assessment.indicator]]
metric = "satisfaction_rate"
label = "满意率"
weight = 2
normalize = "target"
good = 0.98
bad = 0.5
floor = 0.2
[[assessment.indicator]]
metric = "现场检查"
label = "现场检查"
weight = 1
source = "manual"
[[assessment.veto]]
metric = "collective"
label = "发生集体访"
above = 0
cap_grade = "B"
[[assessment.adjust]]
metric = "escalated"
label = "越级"
points = -1.5
limit = 6
"#;
        let r = Rubric::parse(src).unwrap();
        let back = from_grid(&texts(&to_rows(&r, &[])), SHEET).unwrap();
        same(&r, &back);
    }

    #[test]
    fn errors_name_the_cell() {
        let r = Rubric::default_rubric();
        let mut rows = to_rows(&r, &[]);
        // the first indicator's weight → negative: the rubric's own check, reported at its cell
        let k = rows.iter().position(|x| x[1] == t("指标")).unwrap();
        rows[k][4] = RCell::Num(-5.0);
        let e = from_grid(&texts(&rows), SHEET).unwrap_err();
        assert_eq!(e.key, format!("考核细则!E{}", k + 2), "{e}");
        // an unknown direction
        let mut rows = to_rows(&r, &[]);
        rows[k][5] = t("越大越好");
        let e = from_grid(&texts(&rows), SHEET).unwrap_err();
        assert_eq!(e.key, format!("考核细则!F{}", k + 2));
        assert!(e.msg.contains("越高越好"));
        // grades out of order
        let mut rows = to_rows(&r, &[]);
        let g = rows.iter().position(|x| x[2] == t("等次")).unwrap();
        rows[g][col("设置值")] = t("优秀≥60，良好≥80");
        let e = from_grid(&texts(&rows), SHEET).unwrap_err();
        assert_eq!(e.key, format!("考核细则!O{}", g + 2));
    }
}
