//! Metrics (SPEC §2), computed with polars from the ingested records.
//!
//! Each assessment gets a [`MetricTable`]: one [`Entity`] per company, member unit or
//! instructor, with its raw metric values by [`Metric`] (described once in [`table`]).
//! Scoring reads only these tables.

pub mod company;
pub(crate) mod frame;
pub(crate) mod instructor;
pub mod table;
pub(crate) mod unit;

use chrono::{Datelike, NaiveDate};

pub use frame::ComplaintFrame;
pub use table::{Metric, Values};

/// Which assessment a table belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AssessmentKind {
    Company,
    Unit,
    Instructor,
}

impl AssessmentKind {
    /// Parses `company | unit | instructor`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "company" => Some(AssessmentKind::Company),
            "unit" => Some(AssessmentKind::Unit),
            "instructor" => Some(AssessmentKind::Instructor),
            _ => None,
        }
    }
    /// The ranked sheet of this assessment.
    pub fn scope(self) -> crate::model::Scope {
        match self {
            AssessmentKind::Company => crate::model::Scope::Company,
            AssessmentKind::Unit => crate::model::Scope::Unit,
            AssessmentKind::Instructor => crate::model::Scope::Instructor,
        }
    }
    /// Column header of the entity's name.
    pub fn name_header(self) -> &'static str {
        match self {
            AssessmentKind::Company => "企业名称",
            AssessmentKind::Unit => "成员单位",
            AssessmentKind::Instructor => "指导员",
        }
    }
    /// Column header of the entity's group.
    pub fn group_header(self) -> &'static str {
        match self {
            AssessmentKind::Company => "所属街道",
            AssessmentKind::Unit => "单位类别",
            AssessmentKind::Instructor => "派出单位",
        }
    }
}

/// One scored entity and its raw metric values (a missing key = no value).
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub name: String,
    /// 所属街道 / 单位类别 / 派出单位.
    pub group: String,
    /// False: no rows for this assessment at all (listed as 无考核数据, never ranked).
    pub has_data: bool,
    /// Listed after the ranked rows as 不参评, with the reason (a company that left, SPEC
    /// §1.10): no part in min/max or entropy weights.
    pub excluded: Option<String>,
    /// 备注 the metrics add (an annualised count).
    pub notes: Vec<String>,
    pub values: Values,
}

impl Entity {
    pub fn new(name: &str, group: &str) -> Self {
        Entity {
            name: name.to_string(),
            group: group.to_string(),
            has_data: true,
            excluded: None,
            notes: Vec::new(),
            values: Values::default(),
        }
    }
    pub fn get(&self, metric: Metric) -> Option<f64> {
        self.values.get(metric)
    }
    pub fn set(&mut self, metric: Metric, v: Option<f64>) {
        self.values.set(metric, v);
    }
}

/// The metrics of one assessment for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricTable {
    pub kind: AssessmentKind,
    pub entities: Vec<Entity>,
}

/// The evaluation period: year `Y` and the data cut-off `as_of` inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub year: i32,
    /// Effective cut-off: never after Dec 31 of `year`.
    pub as_of: NaiveDate,
    /// `handling_days` of the rubric.
    pub handling_days: i64,
    /// The evaluation year and its `as_of`, which Y−1 keeps: a company not ranked in Y (it
    /// left) is left out of Y−1's ranking too, so 上年排名 compares the same field (SPEC §1.10).
    pub cohort: (i32, NaiveDate),
}

impl Period {
    /// The period for year `year` with cut-off `as_of` (clamped into the year).
    pub fn new(year: i32, as_of: NaiveDate, handling_days: i64) -> Self {
        let end = ymd(year, 12, 31);
        let start = ymd(year, 1, 1);
        let as_of = as_of.clamp(start, end);
        Period {
            year,
            as_of,
            handling_days,
            cohort: (year, as_of),
        }
    }
    /// Y−1 as a complete year (SPEC §3 "Previous year").
    pub fn previous(&self) -> Self {
        Period {
            cohort: self.cohort,
            ..Period::new(
                self.year - 1,
                ymd(self.year - 1, 12, 31),
                self.handling_days,
            )
        }
    }
    pub fn start(&self) -> NaiveDate {
        ymd(self.year, 1, 1)
    }
    /// True when `as_of` is Dec 31.
    pub fn complete(&self) -> bool {
        self.as_of == ymd(self.year, 12, 31)
    }
    /// The same period (同期) one year earlier: Jan 1 to the month and day of `as_of`, with
    /// Feb 29 read as Feb 28.
    pub fn same_period_prev(&self) -> (NaiveDate, NaiveDate) {
        let y = self.year - 1;
        let (m, mut d) = (self.as_of.month(), self.as_of.day());
        if m == 2 && d == 29 {
            d = 28;
        }
        (
            ymd(y, 1, 1),
            NaiveDate::from_ymd_opt(y, m, d).unwrap_or(ymd(y, m, 28)),
        )
    }
    /// Quarters of the year that have begun by `as_of` (1–4).
    pub fn quarters(&self) -> u32 {
        (self.as_of.month() - 1) / 3 + 1
    }
}

/// A date from parts known to be valid.
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Share with the SPEC's empty-denominator rule: `empty` when `den` is 0.
pub fn rate(num: f64, den: f64, empty: f64) -> f64 {
    if den == 0.0 {
        empty
    } else {
        num / den
    }
}

/// A company table with entities `E0`, `E1` …, entity `i` having `metrics[j]` = `rows[i][j]`
/// (for the scoring and analysis tests).
#[cfg(test)]
pub(crate) fn company_table(metrics: &[Metric], rows: &[Vec<f64>]) -> MetricTable {
    let entities = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut e = Entity::new(&format!("E{i}"), "");
            for (m, x) in metrics.iter().zip(r) {
                e.set(*m, Some(*x));
            }
            e
        })
        .collect();
    MetricTable {
        kind: AssessmentKind::Company,
        entities,
    }
}

/// Everything metrics need from polars, as one error type.
#[derive(Debug, thiserror::Error)]
#[error("指标计算失败：{0}")]
pub struct MetricsError(#[from] pub polars::prelude::PolarsError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_period_handles_leap_day() {
        let p = Period::new(2024, ymd(2024, 2, 29), 15);
        assert_eq!(p.same_period_prev(), (ymd(2023, 1, 1), ymd(2023, 2, 28)));
        let p = Period::new(2024, ymd(2024, 12, 31), 15);
        assert_eq!(p.same_period_prev(), (ymd(2023, 1, 1), ymd(2023, 12, 31)));
        assert!(p.complete());
        assert_eq!(p.quarters(), 4);
        let p = Period::new(2024, ymd(2025, 1, 10), 15);
        assert_eq!(p.as_of, ymd(2024, 12, 31));
        assert_eq!(Period::new(2024, ymd(2024, 4, 1), 15).quarters(), 2);
        // only Feb 29 moves: other days of February and other 29ths stay
        let same = |m, d| Period::new(2024, ymd(2024, m, d), 15).same_period_prev().1;
        assert_eq!(same(2, 10), ymd(2023, 2, 10));
        assert_eq!(same(3, 29), ymd(2023, 3, 29));
        assert!(!Period::new(2024, ymd(2024, 12, 30), 15).complete());
    }

    #[test]
    fn previous_year_is_complete_and_headers_name_the_entities() {
        let p = Period::new(2024, ymd(2024, 6, 30), 20).previous();
        assert_eq!(
            p,
            Period {
                cohort: (2024, ymd(2024, 6, 30)),
                ..Period::new(2023, ymd(2023, 12, 31), 20)
            }
        );
        assert!(p.complete());
        assert_eq!(p.start(), ymd(2023, 1, 1));
        let heads: Vec<(&str, &str)> = [
            AssessmentKind::Company,
            AssessmentKind::Unit,
            AssessmentKind::Instructor,
        ]
        .map(|k| (k.name_header(), k.group_header()))
        .to_vec();
        assert_eq!(
            heads,
            [
                ("企业名称", "所属街道"),
                ("成员单位", "单位类别"),
                ("指导员", "派出单位")
            ]
        );
    }

    #[test]
    fn empty_denominators() {
        assert_eq!(rate(0.0, 0.0, 1.0), 1.0);
        assert_eq!(rate(0.0, 0.0, 0.0), 0.0);
        assert_eq!(rate(1.0, 4.0, 1.0), 0.25);
    }
}
