//! The whole evaluation in memory: dataset → period → metrics → scores (Y and Y−1) → trends.
//! `run`, `trends` and `explain` all start from an [`Evaluation`].

use crate::error::Error;
use crate::metrics::{self, ComplaintFrame, MetricTable, Period};
use crate::model::{Action, Dataset, Scope, Warning};
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
    /// Conditions that can change a ranking (SPEC §1.8), from ingest and from here.
    pub warnings: Vec<Warning>,
    /// Run on the bundled sample: every title says （示例数据）.
    pub sample: bool,
    /// Rank stability, reasons for rank changes, figures that need a second look (SPEC §8).
    pub analysis: crate::analysis::Analysis,
    /// 制表日期: the day the table is made (see [`made_on`]).
    pub made_on: NaiveDate,
    /// Where each kind's accepted rows went (SPEC §1.10), for 运行信息.
    pub accounts: Vec<crate::join::Account>,
}

/// 制表日期 (SPEC §5): `--date`, else the rubric's `[report] date`, else `SOURCE_DATE_EPOCH`
/// (the reproducible-build convention), else today's local date.
pub fn made_on(cli: Option<NaiveDate>, rubric: &Rubric) -> NaiveDate {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.date_naive());
    cli.or(rubric.report.date)
        .or(epoch)
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

impl Evaluation {
    /// `（示例数据）` on a sample run, else nothing.
    pub fn title_suffix(&self) -> &'static str {
        if self.sample {
            "（示例数据）"
        } else {
            ""
        }
    }
    /// The warnings shown on the ranked sheet of `kind` (its own and the whole report's).
    pub fn warnings_for(&self, kind: metrics::AssessmentKind) -> Vec<&Warning> {
        let scope = scope_of(kind);
        self.warnings
            .iter()
            .filter(|w| w.scope == scope || w.scope == Scope::All)
            .collect()
    }
}

/// The ranked sheet of an assessment kind.
pub fn scope_of(kind: metrics::AssessmentKind) -> Scope {
    kind.scope()
}

/// Load a rubric file or the default.
///
/// # Errors
/// [`Error::RubricRead`], [`Error::RubricBook`] or [`Error::Rubric`], naming the file and
/// the key and line or cell.
pub fn load_rubric(path: Option<&std::path::Path>) -> Result<(Rubric, RubricSource), Error> {
    let Some(p) = path else {
        return Ok((Rubric::default_rubric(), RubricSource::Default));
    };
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let r = if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
        // a rubric workbook: `redeval rubric --out 考核细则.xlsx`, or any report's 考核细则 sheet
        let (sheet, rows) =
            crate::ingest::grid::read_sheet(p, score::sheet::SHEET).map_err(|source| {
                Error::RubricBook {
                    path: p.to_path_buf(),
                    source,
                }
            })?;
        score::grid::from_grid(&rows, &sheet).map_err(|source| Error::Rubric {
            path: p.to_path_buf(),
            source,
        })?
    } else {
        let text = std::fs::read_to_string(p).map_err(|source| Error::RubricRead {
            path: p.to_path_buf(),
            source,
        })?;
        Rubric::parse(&text).map_err(|source| Error::Rubric {
            path: p.to_path_buf(),
            source,
        })?
    };
    Ok((r, RubricSource::File(p.to_path_buf())))
}

/// The years with complaints and, per year, in how many different months.
fn complaint_months(ds: &Dataset) -> std::collections::BTreeMap<i32, u32> {
    // (year, months seen as bits): a few years, so a short list beats a map per complaint
    let mut months: Vec<(i32, u16)> = Vec::new();
    for c in &ds.records.complaints {
        let (y, bit) = (c.received.year(), 1 << c.received.month0());
        match months.iter_mut().find(|e| e.0 == y) {
            Some(e) => e.1 |= bit,
            None => months.push((y, bit)),
        }
    }
    months
        .into_iter()
        .map(|(y, m)| (y, m.count_ones()))
        .collect()
}

/// The evaluation year (SPEC §1.8): `--year`; else the latest year in which complaints were
/// received in at least three different months (one mistyped year cannot choose it), or when
/// no year has three, the year with the most such months (the later on a tie); without
/// complaints, the latest year of duty rows or notes.
pub fn pick_year(ds: &Dataset, year: Option<i32>) -> Option<i32> {
    if year.is_some() {
        return year;
    }
    let months = complaint_months(ds);
    if let Some((&y, _)) = months.iter().rev().find(|(_, &n)| n >= 3) {
        return Some(y);
    }
    if let Some((&y, _)) = months.iter().max_by_key(|(&y, &n)| (n, y)) {
        return Some(y);
    }
    ds.records
        .duty
        .iter()
        .map(|d| d.year)
        .max()
        .or_else(|| ds.records.notes.iter().map(|n| n.date.year()).max())
}

/// The latest 受理日期, 办结日期 or note 日期 in the inputs that is not after `limit`.
pub fn latest_date(ds: &Dataset, limit: NaiveDate) -> Option<NaiveDate> {
    let a = ds.records.complaints.iter().map(|c| c.received);
    let b = ds.records.complaints.iter().filter_map(|c| c.closed);
    let n = ds.records.notes.iter().map(|n| n.date);
    a.chain(b).chain(n).filter(|d| *d <= limit).max()
}

/// SPEC §1.8: once Y is known, a row whose 受理日期, 办结日期, note date or 实际完成日期 is after
/// Dec 31 of Y+1 is rejected (`日期不合理`); it moves from accepted to rejected.
pub fn reject_future_dates(ds: &mut Dataset, y: i32) {
    let limit = metrics::ymd(y + 1, 12, 31);
    let why = |what: &str, d: NaiveDate| {
        format!(
            "{what}不合理（{}，晚于 {} 年底；考评年度为 {y} 年）",
            d.format("%Y-%m-%d"),
            y + 1
        )
    };
    let mut out: Vec<(crate::model::Place, &'static str, NaiveDate)> = Vec::new();
    ds.records.complaints.retain(|c| {
        let bad = if c.received > limit {
            Some(("受理日期", c.received))
        } else {
            c.closed.filter(|d| *d > limit).map(|d| ("办结日期", d))
        };
        if let Some((col, d)) = bad {
            out.push((c.place, col, d));
        }
        bad.is_none()
    });
    ds.records.notes.retain(|n| {
        let bad = n.date > limit;
        if bad {
            out.push((n.place, "日期", n.date));
        }
        !bad
    });
    ds.records.duty.retain(|r| match r.done_on {
        Some(d) if d > limit => {
            out.push((r.place, "实际完成日期", d));
            false
        }
        _ => true,
    });
    for (p, col, d) in out {
        let problem = match col {
            "日期" => why("走访日期", d),
            c => why(c, d),
        };
        let value = d.format("%Y-%m-%d").to_string();
        let issue = ds.issue_at(p, col, &value, problem, Action::Rejected);
        ds.reject_at(p, issue);
    }
}

/// `2022–2024` for the years a kind has rows in, or `None` when it has none.
fn years_text(mut years: Vec<i32>) -> Option<String> {
    years.sort_unstable();
    years.dedup();
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a == b => Some(format!("{a} 年")),
        (Some(a), Some(b)) => Some(format!("{a}–{b} 年")),
        _ => None,
    }
}

/// SPEC §1.8: an assessment whose kind has no rows in Y is not scored; the reason.
/// With it, whether the kind was provided at all (in another year).
fn missing_reason(ds: &Dataset, kind: metrics::AssessmentKind, y: i32) -> Option<(String, bool)> {
    let (years, what): (Vec<i32>, &str) = match kind {
        metrics::AssessmentKind::Company => (
            ds.records
                .complaints
                .iter()
                .map(|c| c.received.year())
                .collect(),
            "物业信访数据",
        ),
        metrics::AssessmentKind::Unit => (
            ds.records.duty.iter().map(|d| d.year).collect(),
            "成员单位履职数据",
        ),
        metrics::AssessmentKind::Instructor => (
            ds.records.notes.iter().map(|n| n.date.year()).collect(),
            "指导员工作记录",
        ),
    };
    if years.contains(&y) {
        return None;
    }
    Some(match years_text(years) {
        Some(have) => (
            format!("{y} 年没有{what}（数据中只有 {have}的），本项考核未计算"),
            true,
        ),
        None => (format!("没有读到{what}，本项考核未计算"), false),
    })
}

/// What `check` warns about (SPEC §1.8): ingest's warnings, and once a year can be chosen,
/// dates after Y+1 rejected, unmatched complaints and rejected rows.
pub fn check_warnings(ds: &mut Dataset, year: Option<i32>, rubric: &Rubric) -> Vec<Warning> {
    let joined = crate::join::join(ds);
    pool_manual(ds, rubric);
    let mut w = std::mem::take(&mut ds.warnings);
    w.extend(joined);
    if let Some(y) = pick_year(ds, year) {
        reject_future_dates(ds, y);
        w.extend(data_warnings(ds, y));
    }
    w
}

/// Warnings known once Y is: unmatched complaints, rejected rows per ledger kind.
fn data_warnings(ds: &Dataset, y: i32) -> Vec<Warning> {
    let mut w = Vec::new();
    let in_y: Vec<&crate::model::Complaint> = ds
        .records
        .complaints
        .iter()
        .filter(|c| c.received.year() == y)
        .collect();
    let unmatched = in_y.iter().filter(|c| ds.company_of(c).is_none()).count();
    if unmatched > 0 && !ds.records.companies.is_empty() {
        w.push(Warning {
            scope: Scope::Company,
            strict: true,
            text: format!(
                "{y} 年有 {unmatched} 条信访记录（占全年 {:.1}%）的物业企业不在企业名录中，未计入任何企业的考评（见数据问题「未在名录中的物业企业」）",
                unmatched as f64 * 100.0 / in_y.len() as f64
            ),
        });
    }
    // SPEC §1.10: tasks marked done without 实际完成日期 count as done but not on time
    let undated = ds
        .records
        .duty
        .iter()
        .filter(|r| r.year == y && r.mark == Some(crate::model::Mark::Done) && r.done_on.is_none())
        .count();
    if undated > 0 {
        w.push(Warning {
            scope: Scope::Unit,
            strict: true,
            text: format!(
                "{y} 年有 {undated} 项任务的完成情况为已完成，但没有实际完成日期：按已完成计，不算按时完成（见数据问题，补填日期后重新运行）"
            ),
        });
    }
    // rejected rows, counted once per row, by the kind of ledger they came from
    let mut rows: std::collections::BTreeMap<
        crate::model::SheetKind,
        std::collections::BTreeSet<crate::model::Place>,
    > = Default::default();
    for i in ds.issues.iter().filter(|i| i.action == Action::Rejected) {
        let Some(p) = i.place else { continue };
        let kind = ds
            .files
            .get(p.file as usize)
            .and_then(|f| f.sheets.get(p.sheet as usize))
            .and_then(|s| s.kind);
        if let Some(k) = kind {
            rows.entry(k).or_default().insert(p);
        }
    }
    for (k, set) in rows {
        w.push(Warning {
            scope: k.scope(),
            strict: true,
            text: format!(
                "「{}」中有 {} 行因数据问题被剔除，未参与计算（见数据问题「已剔除」）",
                k.label(),
                set.len()
            ),
        });
    }
    w
}

fn has_year(ds: &Dataset, y: i32) -> bool {
    ds.records.complaints.iter().any(|c| c.received.year() == y)
        || ds.records.duty.iter().any(|d| d.year == y)
        || ds.records.notes.iter().any(|n| n.date.year() == y)
}

/// SPEC §1.10: several raters' scores pooled per (对象, 指标); a row whose written 得分
/// disagrees with its raters is rejected.
fn pool_manual(ds: &mut Dataset, rubric: &Rubric) -> Vec<score::manual::ManualValue> {
    let (manual, bad) = score::manual::combine(&ds.records.manual, &rubric.manual);
    if !bad.is_empty() {
        let places: std::collections::HashSet<_> = bad.iter().map(|b| b.0).collect();
        ds.records.manual.retain(|m| !places.contains(&m.place));
        for (p, problem, stated) in bad {
            let value = crate::vocab::fmt_num(stated);
            let issue = ds.issue_at(p, "得分", &value, problem, Action::Rejected);
            ds.reject_at(p, issue);
        }
    }
    manual
}

fn score_all(
    ds: &Dataset,
    rubric: &Rubric,
    manual: &[score::manual::ManualValue],
    frame: &ComplaintFrame,
    period: &Period,
) -> Result<(Vec<MetricTable>, Vec<ScoreResult>), Error> {
    let mut tables = Vec::new();
    let mut results = Vec::new();
    for a in &rubric.assessments {
        let t = match a.kind {
            metrics::AssessmentKind::Company => {
                metrics::company::company_metrics(ds, frame, period)?
            }
            metrics::AssessmentKind::Unit => metrics::unit::unit_metrics(ds, period)?,
            metrics::AssessmentKind::Instructor => {
                metrics::instructor::instructor_metrics(ds, period)?
            }
        };
        results.push(score::score(a, &t, manual));
        tables.push(t);
    }
    Ok((tables, results))
}

/// 数据截至: `--as-of` (warned when after Y or far after the data) or the latest date in Y.
fn resolve_as_of(
    as_of: Option<&str>,
    y: i32,
    latest: Option<NaiveDate>,
    warnings: &mut Vec<Warning>,
) -> Result<NaiveDate, Error> {
    let year_end = metrics::ymd(y, 12, 31);
    let data_as_of = match as_of {
        Some(s) => {
            let d = crate::vocab::parse_date_text(s).ok_or_else(|| {
                Error::Usage(format!("--as-of `{s}` 不是有效日期（应如 2024-12-31）"))
            })?;
            if d > year_end {
                warnings.push(Warning {
                    scope: Scope::All,
                    strict: true,
                    text: format!("--as-of {d} 晚于考评年度 {y} 年底，按 {year_end} 计算"),
                });
            } else if let Some(l) = latest.filter(|l| (d - *l).num_days() > 31) {
                warnings.push(Warning {
                    scope: Scope::All,
                    strict: true,
                    text: format!(
                        "--as-of {d} 比数据中最晚的日期 {l} 晚 {} 天：之后的台账可能还没收齐",
                        (d - l).num_days()
                    ),
                });
            }
            d
        }
        None => latest.unwrap_or(year_end),
    };
    if data_as_of.year() < y {
        return Err(Error::Usage(format!(
            "数据截至日期 {data_as_of} 早于考评年度 {y} 的开始"
        )));
    }
    Ok(data_as_of)
}

/// Empties each assessment without data in Y, with a warning; an error when none has data.
fn drop_missing(
    ds: &Dataset,
    y: i32,
    results: &mut [ScoreResult],
    warnings: &mut Vec<Warning>,
) -> Result<(), Error> {
    let mut missing = 0;
    for r in results.iter_mut() {
        if let Some((why, provided)) = missing_reason(ds, r.assessment.kind, y) {
            r.entities.clear();
            missing += 1;
            warnings.push(Warning {
                scope: scope_of(r.assessment.kind),
                strict: provided,
                text: format!("{}：{why}", r.assessment.title),
            });
        }
    }
    if missing == results.len() && !results.is_empty() {
        let have = years_text(
            ds.records
                .complaints
                .iter()
                .map(|c| c.received.year())
                .chain(ds.records.duty.iter().map(|d| d.year))
                .chain(ds.records.notes.iter().map(|n| n.date.year()))
                .collect(),
        )
        .unwrap_or_default();
        return Err(Error::Usage(format!(
            "{y} 年没有物业信访、成员单位履职或指导员工作记录数据（数据中有 {have}的），没有可以考评的内容\n提示：检查 --year，或不加 --year 让程序自动选择年度"
        )));
    }
    Ok(())
}

/// Fixed weights that add up to neither the scale nor 1 are scaled; say so.
fn weight_warnings(results: &[ScoreResult]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for r in results {
        let a = &r.assessment;
        let sum: f64 = a.indicators.iter().map(|i| i.weight).sum();
        let fixed = !a.entropy;
        if fixed && (sum - a.scale).abs() > 1e-9 && (sum - 1.0).abs() > 1e-9 {
            warnings.push(Warning {
                scope: scope_of(a.kind),
                strict: true,
                text: format!(
                    "{}的指标权重合计为 {}，不等于满分 {}，已按比例换算（见考核细则）",
                    a.title,
                    crate::vocab::fmt_num(sum),
                    crate::vocab::fmt_num(a.scale)
                ),
            });
        }
    }
    warnings
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
    let t0 = std::time::Instant::now();
    let mut ds = ds;
    let joined = crate::join::join(&mut ds);
    ds.warnings.extend(joined);
    let manual = pool_manual(&mut ds, &rubric);
    let y = pick_year(&ds, year).ok_or_else(|| {
        Error::Usage("输入文件夹中没有读到任何信访、履职或走访记录，无法确定考评年度\n提示：用 redeval check --input 文件夹 查看每个文件识别成了什么".into())
    })?;
    reject_future_dates(&mut ds, y);
    let mut warnings = std::mem::take(&mut ds.warnings);
    let latest = latest_date(&ds, metrics::ymd(y, 12, 31));
    let data_as_of = resolve_as_of(as_of, y, latest, &mut warnings)?;
    let period = Period::new(y, data_as_of, rubric.handling_days);
    let t = crate::timing::stage("  year and dates checked", t0);
    let frame = ComplaintFrame::new(&ds).map_err(metrics::MetricsError::from)?;
    let t = crate::timing::stage("  complaint frame", t);
    // This year's scores, last year's and the trends are independent: computed side by side
    // (the errors are still raised in this order).
    let prev_period = has_year(&ds, y - 1).then(|| period.previous());
    let (cur, (prev, trends)) = rayon::join(
        || score_all(&ds, &rubric, &manual, &frame, &period),
        || {
            rayon::join(
                || prev_period.map(|p| score_all(&ds, &rubric, &manual, &frame, &p)),
                || trend::trends(&ds, &frame, &period),
            )
        },
    );
    let (tables, mut results) = cur?;
    let (w, manual_unmatched) = crate::join::manual::unmatched(&mut ds, &manual, &rubric, &tables);
    warnings.extend(w);
    let accounts = crate::join::accounts(&ds, manual_unmatched);
    drop_missing(&ds, y, &mut results, &mut warnings)?;
    warnings.extend(weight_warnings(&results));
    warnings.extend(data_warnings(&ds, y));
    let previous = match prev {
        Some(p) => {
            let (_, prev) = p?;
            for (c, p) in results.iter_mut().zip(&prev) {
                score::attach_previous(c, p);
            }
            Some(prev)
        }
        None => None,
    };
    let trends = trends.map_err(metrics::MetricsError::from)?;
    let t = crate::timing::stage("  metrics, scores (this year and last) and trends", t);
    let made_on = made_on(None, &rubric);
    let analysis = crate::analysis::analyse(
        &ds,
        &results,
        previous.as_deref(),
        &period,
        &rubric.analysis,
    );
    crate::timing::stage("  analysis", t);
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
        warnings,
        sample: false,
        analysis,
        made_on,
        accounts,
    })
}
