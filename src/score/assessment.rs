//! The rubric as the scoring uses it (SPEC §3): assessments, their indicators, vetoes and
//! adjust items, resolved from the TOML or the workbook by [`super::rubric`].

use crate::metrics::{AssessmentKind, Metric};

/// How values become v ∈ [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Normalize {
    MinMax,
    Target { good: f64, bad: f64 },
    Rank,
}

/// How indicators combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    WeightedSum,
    Topsis,
}

/// Dense (1,2,2,3) or competition (1,2,2,4) ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankStyle {
    Dense,
    Competition,
}

/// Where an indicator's value comes from: a metric, or (`source = "manual"`) the 考评打分
/// sheet's 指标 of that name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    Metric(Metric),
    Manual(String),
}

impl Source {
    /// The rubric's word for it: the metric's code, or the manual indicator's name.
    pub fn code(&self) -> &str {
        match self {
            Source::Metric(m) => m.code(),
            Source::Manual(s) => s,
        }
    }
    /// The metric, unless manual.
    pub fn metric(&self) -> Option<Metric> {
        match self {
            Source::Metric(m) => Some(*m),
            Source::Manual(_) => None,
        }
    }
    /// `label` with the unit the cell does not show (`千户信访量（件/千户）`); a manual score
    /// as it is.
    pub fn header(&self, label: &str) -> String {
        match self {
            Source::Metric(m) => m.header(label),
            Source::Manual(_) => label.to_string(),
        }
    }
}

/// One scored indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub metric: Source,
    pub label: String,
    pub weight: f64,
    /// True: higher is better.
    pub higher: bool,
    pub normalize: Normalize,
    pub floor: Option<f64>,
}

impl Indicator {
    /// True for `source = "manual"`: the value comes from 考评打分.
    pub fn manual(&self) -> bool {
        matches!(self.metric, Source::Manual(_))
    }
    /// The column header: the label with its unit where the cell does not show it.
    pub fn header(&self) -> String {
        self.metric.header(&self.label)
    }
}

/// A veto: value > `above` caps the grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Veto {
    pub metric: Metric,
    pub above: f64,
    pub cap_grade: String,
    pub label: String,
}

/// A bonus / deduction item.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjust {
    pub metric: Metric,
    pub label: String,
    pub points: f64,
    pub limit: Option<f64>,
}

/// One assessment of the rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub kind: AssessmentKind,
    pub title: String,
    pub method: Method,
    pub entropy: bool,
    pub scale: f64,
    /// Grades, best first, with descending thresholds.
    pub grades: Vec<(String, f64)>,
    pub top_grade_quota: Option<f64>,
    /// Tie-break keys: metrics, or manual indicators of this assessment.
    pub tie_break: Vec<Source>,
    pub rank_style: RankStyle,
    /// Rank within each entity group (street / 单位类别 / 派出单位).
    pub rank_within_group: bool,
    pub indicators: Vec<Indicator>,
    pub vetoes: Vec<Veto>,
    pub adjusts: Vec<Adjust>,
}

/// The `[report]` table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportSettings {
    pub org: String,
    pub org_short: String,
    pub date: Option<chrono::NaiveDate>,
    /// 发文字号 of the 通报 (SPEC §5.1); empty: `〔年〕【请填写】号`.
    pub doc_no: String,
    /// 主送机关; empty: the default addressees.
    pub to: String,
    /// The basis the opening paragraph cites; empty: `【请填写】`.
    pub basis: String,
    /// 抄送 and 印发 of the 版记; empty: `【请填写】`.
    pub cc: String,
    pub printer: String,
}

/// A checked rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub handling_days: i64,
    pub report: ReportSettings,
    pub analysis: super::settings::AnalysisSettings,
    /// `[manual]`: several raters' scores (SPEC §1.10).
    pub manual: super::manual::ManualSettings,
    pub assessments: Vec<Assessment>,
    /// The TOML text it was read from (for 考核细则 and its SHA-256).
    pub source: String,
}
