//! The whole evaluation in memory: dataset → period → metrics → scores (Y and Y−1) → trends.
//! `run`, `trends` and `explain` all start from an [`Evaluation`].

use crate::error::Error;
use crate::metrics::{self, ComplaintFrame, MetricTable, Period};
use crate::model::Dataset;
use crate::score::{self, Rubric, ScoreResult};
use crate::trend::{self, Trends};
use chrono::{Datelike, NaiveDate};

/// Where the rubric came from.
#[derive(Debug, Clone, PartialEq)]
pub enum RubricSource {
    Default,
    File(std::path::PathBuf),
}

impl RubricSource {
    pub fn describe(&self) -> String {
        match self {
            RubricSource::Default => "内置默认细则".into(),
            RubricSource::File(p) => p.display().to_string(),
        }
    }
}

/// Everything a report needs.
#[derive(Debug)]
pub struct Evaluation {
    pub ds: Dataset,
    pub rubric: Rubric,
    pub rubric_source: RubricSource,
    pub period: Period,
    /// The latest date found in the inputs (before clamping into Y).
    pub data_as_of: NaiveDate,
    pub tables: Vec<MetricTable>,
    pub results: Vec<ScoreResult>,
    /// Y−1 scored as a complete year, when Y−1 has data.
    pub previous: Option<Vec<ScoreResult>>,
    pub trends: Trends,
}

/// Load a rubric file or the default.
///
/// # Errors
/// [`Error::Rubric`] naming the file, key and line.
pub fn load_rubric(path: Option<&std::path::Path>) -> Result<(Rubric, RubricSource), Error> {
    match path {
        None => Ok((Rubric::default_rubric(), RubricSource::Default)),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::Rubric(format!("`{}`: 无法读取 ({e})", p.display())))?;
            let r = Rubric::parse(&text)
                .map_err(|e| Error::Rubric(format!("`{}` {e}", p.display())))?;
            Ok((r, RubricSource::File(p.to_path_buf())))
        }
    }
}

/// The evaluation year: `--year`, else the latest year with complaints, else the latest year
/// of duty rows or notes.
pub fn pick_year(ds: &Dataset, year: Option<i32>) -> Option<i32> {
    year.or_else(|| ds.complaints.iter().map(|c| c.received.year()).max())
        .or_else(|| ds.duty.iter().map(|d| d.year).max())
        .or_else(|| ds.notes.iter().map(|n| n.date.year()).max())
}

/// The latest 受理日期, 办结日期 or note 日期 in the inputs.
pub fn latest_date(ds: &Dataset) -> Option<NaiveDate> {
    let a = ds.complaints.iter().map(|c| c.received);
    let b = ds.complaints.iter().filter_map(|c| c.closed);
    let n = ds.notes.iter().map(|n| n.date);
    a.chain(b).chain(n).max()
}

fn has_year(ds: &Dataset, y: i32) -> bool {
    ds.complaints.iter().any(|c| c.received.year() == y)
        || ds.duty.iter().any(|d| d.year == y)
        || ds.notes.iter().any(|n| n.date.year() == y)
}

fn score_all(
    ds: &Dataset,
    rubric: &Rubric,
    frame: &ComplaintFrame,
    period: &Period,
) -> Result<(Vec<MetricTable>, Vec<ScoreResult>), Error> {
    let mut tables = Vec::new();
    let mut results = Vec::new();
    let m = |e: metrics::MetricsError| Error::Other(e.to_string());
    for a in &rubric.assessments {
        let t = match a.kind {
            metrics::AssessmentKind::Company => {
                metrics::company::company_metrics(ds, frame, period).map_err(m)?
            }
            metrics::AssessmentKind::Unit => metrics::unit::unit_metrics(ds, period).map_err(m)?,
            metrics::AssessmentKind::Instructor => {
                metrics::instructor::instructor_metrics(ds, period).map_err(m)?
            }
        };
        results.push(score::score(a, &t, &ds.manual));
        tables.push(t);
    }
    Ok((tables, results))
}

/// Run every stage after ingest.
///
/// # Errors
/// [`Error::Usage`] for a bad `--as-of` or when no year can be found; metrics errors.
pub fn evaluate(
    ds: Dataset,
    rubric: Rubric,
    rubric_source: RubricSource,
    year: Option<i32>,
    as_of: Option<&str>,
) -> Result<Evaluation, Error> {
    let y = pick_year(&ds, year).ok_or_else(|| {
        Error::Usage("输入中没有任何信访、履职或走访记录，无法确定考评年度 (no data found)".into())
    })?;
    let data_as_of = match as_of {
        Some(s) => crate::ingest::cell::parse_date_text(s).ok_or_else(|| {
            Error::Usage(format!("--as-of `{s}` 不是有效日期（应如 2024-12-31）"))
        })?,
        None => latest_date(&ds).unwrap_or_else(|| metrics::ymd(y, 12, 31)),
    };
    if data_as_of.year() < y {
        return Err(Error::Usage(format!(
            "数据截至日期 {data_as_of} 早于考评年度 {y} 的开始"
        )));
    }
    let period = Period::new(y, data_as_of, rubric.handling_days);
    let frame = ComplaintFrame::new(&ds).map_err(|e| Error::Other(e.to_string()))?;
    let (tables, mut results) = score_all(&ds, &rubric, &frame, &period)?;
    let previous = if has_year(&ds, y - 1) {
        let (_, prev) = score_all(&ds, &rubric, &frame, &period.previous())?;
        for (c, p) in results.iter_mut().zip(&prev) {
            score::attach_previous(c, p);
        }
        Some(prev)
    } else {
        None
    };
    let trends = trend::trends(&ds, &frame, &period).map_err(|e| Error::Other(e.to_string()))?;
    Ok(Evaluation {
        ds,
        rubric,
        rubric_source,
        period,
        data_as_of,
        tables,
        results,
        previous,
        trends,
    })
}
