//! One description of each metric (issue 24), as `fields` is for the input columns: its code
//! (the rubric's word), label, unit, kind, the assessment it belongs to, its default direction,
//! and from these how a value is shown and worded. Every stage that names, shows or words a
//! metric asks this table; the codes are written nowhere else.

use super::AssessmentKind;
use crate::fields::{List, PARTY_ORG};
use crate::vocab::fmt_fixed;

/// A metric (SPEC §2). The key of [`Values`]; its description is [`Metric::info`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    Complaints,
    ComplaintsPrev,
    ComplaintsPer1k,
    ComplaintYoy,
    ClosureRate,
    OnTimeRate,
    SatisfactionRate,
    RepeatRate,
    Escalated,
    Collective,
    AvgHandlingDays,
    PartyOrg,
    Households,
    Members,
    TaskCompletion,
    OnTimeTasks,
    EvidenceRate,
    InspectionScore,
    InstructorCoverage,
    Tasks,
    Visits,
    OrgsAssigned,
    OrgsVisited,
    Coverage,
    VisitsPerOrg,
    SolveRate,
    OrgsEstablished,
}

/// What kind of number a metric is: decides its cell format, decimals and wording.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A whole number of things (件, 次, 个, 项, 户, 人): no decimals.
    Count,
    /// A share of 1, shown as a percentage with one decimal.
    Ratio,
    /// Any other number (a rate per 1,000, days, a score): two decimals.
    Number,
    /// A value standing for a word of a closed list (党组织建设: 单独组建 1, 联合组建 0.6 …).
    Category(&'static dyn List),
}

/// The description of one metric.
#[derive(Debug)]
pub struct Info {
    pub metric: Metric,
    /// The rubric's word (`complaints_per_1k`).
    pub code: &'static str,
    /// The label a rubric without `label` gets, and the metric's name in sentences.
    pub label: &'static str,
    /// Unit of the value (`件/千户`); empty for ratios and categories, whose cells show them.
    pub unit: &'static str,
    pub kind: Kind,
    /// The assessment whose entities carry it.
    pub of: AssessmentKind,
    /// Default direction: true when higher is better.
    pub higher: bool,
}

const fn m(
    metric: Metric,
    code: &'static str,
    label: &'static str,
    unit: &'static str,
    kind: Kind,
    of: AssessmentKind,
    higher: bool,
) -> Info {
    Info {
        metric,
        code,
        label,
        unit,
        kind,
        of,
        higher,
    }
}

use AssessmentKind::{Company as C, Instructor as I, Unit as U};
use Kind::{Count, Number, Ratio};
use Metric as X;

/// Every metric, in [`Metric`] order (a test ties the two): code, label, unit, kind,
/// assessment, higher is better.
#[rustfmt::skip]
pub static TABLE: [Info; Metric::COUNT] = [
    m(X::Complaints, "complaints", "信访量", "件", Count, C, false),
    m(X::ComplaintsPrev, "complaints_prev", "上年同期信访量", "件", Count, C, false),
    m(X::ComplaintsPer1k, "complaints_per_1k", "千户信访量", "件/千户", Number, C, false),
    m(X::ComplaintYoy, "complaint_yoy", "信访量同比", "", Ratio, C, false),
    m(X::ClosureRate, "closure_rate", "办结率", "", Ratio, C, true),
    m(X::OnTimeRate, "on_time_rate", "按期办结率", "", Ratio, C, true),
    m(X::SatisfactionRate, "satisfaction_rate", "满意率", "", Ratio, C, true),
    m(X::RepeatRate, "repeat_rate", "重复信访率", "", Ratio, C, false),
    m(X::Escalated, "escalated", "越级信访", "次", Count, C, false),
    m(X::Collective, "collective", "集体访", "次", Count, C, false),
    m(X::AvgHandlingDays, "avg_handling_days", "平均办理天数", "天", Number, C, false),
    m(X::PartyOrg, "party_org", "党组织建设", "", Kind::Category(&PARTY_ORG), C, true),
    m(X::Households, "households", "管理户数", "户", Count, C, true),
    m(X::Members, "members", "党员人数", "人", Count, C, true),
    m(X::TaskCompletion, "task_completion", "任务完成率", "", Ratio, U, true),
    m(X::OnTimeTasks, "on_time_tasks", "按时完成率", "", Ratio, U, true),
    m(X::EvidenceRate, "evidence_rate", "佐证材料完备率", "", Ratio, U, true),
    m(X::InspectionScore, "inspection_score", "督查评价", "分", Number, U, true),
    m(X::InstructorCoverage, "instructor_coverage", "指导员走访覆盖率", "", Ratio, U, true),
    m(X::Tasks, "tasks", "任务数", "项", Count, U, true),
    m(X::Visits, "visits", "走访次数", "次", Count, I, true),
    m(X::OrgsAssigned, "orgs_assigned", "联系组织数", "个", Count, I, true),
    m(X::OrgsVisited, "orgs_visited", "走访组织数", "个", Count, I, true),
    m(X::Coverage, "coverage", "季度走访覆盖率", "", Ratio, I, true),
    m(X::VisitsPerOrg, "visits_per_org", "组均走访次数", "次", Number, I, true),
    m(X::SolveRate, "solve_rate", "问题解决率", "", Ratio, I, true),
    m(X::OrgsEstablished, "orgs_established", "推动组建数", "个", Count, I, true),
];

impl Metric {
    pub const COUNT: usize = 27;

    /// Its description.
    pub fn info(self) -> &'static Info {
        &TABLE[self as usize]
    }
    pub fn code(self) -> &'static str {
        self.info().code
    }
    pub fn label(self) -> &'static str {
        self.info().label
    }
    pub fn unit(self) -> &'static str {
        self.info().unit
    }
    pub fn kind(self) -> Kind {
        self.info().kind
    }
    /// The metric whose rubric word is `code`.
    pub fn parse(code: &str) -> Option<Metric> {
        TABLE.iter().find(|i| i.code == code).map(|i| i.metric)
    }
    /// The metrics of one assessment, in table order.
    pub fn of(kind: AssessmentKind) -> impl Iterator<Item = Metric> {
        TABLE.iter().filter(move |i| i.of == kind).map(|i| i.metric)
    }
    /// `complaints_per_1k（千户信访量）, …`: the codes of an assessment with their labels, for
    /// the message about an unknown code.
    pub fn listing(kind: AssessmentKind) -> String {
        Metric::of(kind)
            .map(|m| format!("{}（{}）", m.code(), m.label()))
            .collect::<Vec<_>>()
            .join("、")
    }
    pub fn is_ratio(self) -> bool {
        matches!(self.kind(), Kind::Ratio)
    }
    /// Decimals its cells show (a percentage: decimals of the per-cent figure).
    pub fn decimals(self) -> usize {
        match self.kind() {
            Kind::Count => 0,
            Kind::Ratio => 1,
            Kind::Number | Kind::Category(_) => 2,
        }
    }
    /// The word a category value stands for (the closest value of its list).
    pub fn word(self, x: f64) -> Option<&'static str> {
        match self.kind() {
            Kind::Category(list) => list.word_near(x),
            _ => None,
        }
    }
    /// The value exactly as its cell shows it (SPEC §5.1 "One number, one text"): a ratio as
    /// `0.0%`, a count as `0`, a category as its word, anything else as `0.00`, with Excel's
    /// rounding ([`fmt_fixed`]).
    pub fn show(self, x: f64) -> String {
        if let Some(w) = self.word(x) {
            return w.to_string();
        }
        match self.kind() {
            Kind::Ratio => format!("{}%", fmt_fixed(x * 100.0, 1)),
            _ => fmt_fixed(x, self.decimals()),
        }
    }
    /// The value with its unit for a sentence: `6.55 件/千户`, `85.7%`, `单独组建`.
    pub fn show_with_unit(self, x: f64) -> String {
        match self.unit() {
            "" => self.show(x),
            u => format!("{} {u}", self.show(x)),
        }
    }
    /// A column header: `label` with the unit in brackets where the cell does not show it
    /// (`千户信访量（件/千户）`; `满意率` stays as it is). A label that already ends in a
    /// bracket keeps its own.
    pub fn header(self, label: &str) -> String {
        match self.unit() {
            "" => label.to_string(),
            _ if label.ends_with('）') || label.ends_with(')') => label.to_string(),
            u => format!("{label}（{u}）"),
        }
    }
    /// A veto or adjust condition in words for leaders (SPEC §5): `发生集体访 1 次`, a ratio
    /// as `（12.5%）`, anything else with its value in brackets — never the code.
    pub fn words(self, label: &str, x: f64) -> String {
        let v = crate::vocab::fmt_num(x);
        match self.kind() {
            Kind::Count => format!("{label} {v} {}", self.unit()),
            Kind::Ratio => format!("{label}（{:.1}%）", x * 100.0),
            _ => format!("{label}（{v}）"),
        }
    }
}

/// One entity's metric values, indexed by [`Metric`] (a missing value is `None`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Values([Option<f64>; Metric::COUNT]);

impl Values {
    pub fn get(&self, m: Metric) -> Option<f64> {
        self.0[m as usize]
    }
    pub fn set(&mut self, m: Metric, v: Option<f64>) {
        self.0[m as usize] = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_enum_order_and_every_code_reads_back() {
        for (k, i) in TABLE.iter().enumerate() {
            assert_eq!(i.metric as usize, k, "{}", i.code);
            assert_eq!(Metric::parse(i.code), Some(i.metric));
            assert!(!i.label.is_empty());
        }
        assert_eq!(Metric::parse("nonsense"), None);
        let mut codes: Vec<&str> = TABLE.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Metric::COUNT);
        // every assessment provides metrics, and the listing names each with its label
        for k in [
            AssessmentKind::Company,
            AssessmentKind::Unit,
            AssessmentKind::Instructor,
        ] {
            assert!(Metric::of(k).count() >= 6);
        }
        assert!(Metric::listing(AssessmentKind::Unit).contains("inspection_score（督查评价）"));
    }

    /// The kinds are those the report showed before the table (issue 24: outputs unchanged):
    /// `_rate`, `_yoy` and four named metrics as percentages; five counts without decimals.
    #[test]
    fn kinds_keep_the_formats_the_report_had() {
        for i in &TABLE {
            let ratio = i.code.ends_with("_rate")
                || i.code.ends_with("_yoy")
                || [
                    "task_completion",
                    "on_time_tasks",
                    "instructor_coverage",
                    "coverage",
                ]
                .contains(&i.code);
            assert_eq!(i.metric.is_ratio(), ratio, "{}", i.code);
        }
        for m in [
            Metric::Escalated,
            Metric::Collective,
            Metric::Complaints,
            Metric::Visits,
            Metric::OrgsEstablished,
        ] {
            assert!(matches!(m.kind(), Kind::Count), "{m:?}");
        }
    }

    #[test]
    fn values_are_shown_as_their_cells_show_them() {
        assert_eq!(Metric::SatisfactionRate.show(0.8567), "85.7%");
        assert_eq!(Metric::ComplaintYoy.show(-0.125), "-12.5%");
        assert_eq!(Metric::Collective.show(2.0), "2");
        assert_eq!(Metric::ComplaintsPer1k.show(6.545), "6.55");
        assert_eq!(Metric::InspectionScore.show(0.8667), "0.87");
        assert_eq!(Metric::PartyOrg.show(1.0), "单独组建");
        assert_eq!(Metric::PartyOrg.show(0.6), "联合组建");
        assert_eq!(Metric::PartyOrg.show(0.0), "未组建");
        assert_eq!(
            Metric::ComplaintsPer1k.show_with_unit(6.545),
            "6.55 件/千户"
        );
        assert_eq!(Metric::OnTimeRate.show_with_unit(0.5), "50.0%");
        assert_eq!(Metric::Visits.decimals(), 0);
    }

    #[test]
    fn headers_carry_the_unit_the_cell_does_not_show() {
        assert_eq!(
            Metric::ComplaintsPer1k.header("千户信访量"),
            "千户信访量（件/千户）"
        );
        assert_eq!(
            Metric::VisitsPerOrg.header("组均走访次数"),
            "组均走访次数（次）"
        );
        assert_eq!(Metric::InspectionScore.header("督查评价"), "督查评价（分）");
        assert_eq!(Metric::SatisfactionRate.header("满意率"), "满意率");
        assert_eq!(Metric::PartyOrg.header("党组织建设"), "党组织建设");
        assert_eq!(
            Metric::AvgHandlingDays.header("办理用时（天）"),
            "办理用时（天）"
        );
    }

    #[test]
    fn conditions_in_words() {
        assert_eq!(
            Metric::Collective.words("发生集体访", 1.0),
            "发生集体访 1 次"
        );
        assert_eq!(Metric::Complaints.words("信访量", 3.0), "信访量 3 件");
        assert_eq!(
            Metric::RepeatRate.words("重复信访率", 0.125),
            "重复信访率（12.5%）"
        );
        assert_eq!(
            Metric::AvgHandlingDays.words("平均办理天数", 2.5),
            "平均办理天数（2.5）"
        );
    }

    #[test]
    fn values_by_metric() {
        let mut v = Values::default();
        assert_eq!(v.get(Metric::Tasks), None);
        v.set(Metric::Tasks, Some(3.0));
        v.set(Metric::Coverage, Some(0.5));
        v.set(Metric::Coverage, None);
        assert_eq!(
            (v.get(Metric::Tasks), v.get(Metric::Coverage)),
            (Some(3.0), None)
        );
        assert_eq!(v.get(Metric::Visits), None);
    }
}
