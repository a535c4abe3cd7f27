//! `--format csv|json`: every table of the report as machine-readable files in a folder beside
//! the workbook (`{stem}_tables/`), with the same rows as the workbook.

use super::tables::{self, Cell, Lang, Table};
use crate::error::Error;
use crate::evaluate::Evaluation;
use std::path::{Path, PathBuf};

fn err(p: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: p.to_path_buf(),
        msg: e.to_string(),
    }
}

/// Write one table as CSV (UTF-8 with BOM so Excel opens Chinese text correctly).
///
/// # Errors
/// [`Error::Write`].
pub fn write_csv(p: &Path, t: &Table) -> Result<(), Error> {
    let mut buf: Vec<u8> = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut buf);
        w.write_record(t.headers.iter().map(|h| defused(h)))
            .map_err(|e| err(p, e))?;
        for r in &t.rows {
            w.write_record(r.iter().map(csv_field))
                .map_err(|e| err(p, e))?;
        }
        w.flush().map_err(|e| err(p, e))?;
    }
    super::write_atomic(p, &buf)
}

/// A CSV field: text that Excel would run as a formula (it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return — OWASP "CSV injection") gets a leading `'`; numbers stay numbers.
fn csv_field(c: &Cell) -> String {
    match c {
        Cell::Text(s) | Cell::Center(s) => defused(s),
        other => other.plain(),
    }
}

fn defused(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn json_value(c: &Cell) -> serde_json::Value {
    match c {
        Cell::Empty => serde_json::Value::Null,
        Cell::Text(s) | Cell::Center(s) => serde_json::Value::String(s.clone()),
        Cell::Num(n) | Cell::Int(n) | Cell::Pct(n) | Cell::Change(n) | Cell::Fine(n) => {
            serde_json::Number::from_f64(*n)
                .map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
    }
}

fn write_json(p: &Path, t: &Table) -> Result<(), Error> {
    let rows: Vec<serde_json::Value> = t
        .rows
        .iter()
        .map(|r| {
            let mut m = serde_json::Map::new();
            for (h, c) in t.headers.iter().zip(r) {
                m.insert(h.clone(), json_value(c));
            }
            serde_json::Value::Object(m)
        })
        .collect();
    let text = serde_json::to_string_pretty(&rows).map_err(|e| err(p, e))?;
    super::write_atomic(p, text.as_bytes())
}

/// Every table of the evaluation.
pub fn all_tables(ev: &Evaluation, lang: Lang) -> Vec<Table> {
    let mut v: Vec<Table> = ev
        .results
        .iter()
        .enumerate()
        .map(|(k, r)| tables::ranked(r, lang, ev.previous.is_some(), ev.analysis.per.get(k)))
        .collect();
    let t = &ev.trends;
    v.push(tables::monthly(t, lang));
    v.push(tables::monthly_yoy(t, lang));
    v.push(tables::yoy_table(
        "by_company",
        "物业企业",
        &t.by_company,
        lang,
    ));
    v.push(tables::yoy_table("by_street", "街道", &t.by_street, lang));
    v.push(tables::yoy_table(
        "by_category",
        "问题类别",
        &t.by_category,
        lang,
    ));
    v.push(tables::yoy_table(
        "by_channel",
        "信访渠道",
        &t.by_channel,
        lang,
    ));
    v.push(tables::quality(t, lang));
    v.push(tables::mann_kendall(t, lang));
    v.push(tables::details(&ev.results, &ev.analysis, lang));
    v.push(tables::flags(ev, lang));
    let used: Vec<Option<Vec<f64>>> = ev.results.iter().map(|r| Some(r.weights.clone())).collect();
    v.push(super::rubric_book::table(&ev.rubric, &used));
    v.push(tables::issues(ev, lang));
    v.push(tables::files(ev, lang));
    v
}

/// The machine-readable tables written beside the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Csv,
    Json,
}

/// Write every table into `{stem}_tables/` beside `out`.
///
/// # Errors
/// [`Error::Write`].
pub fn write_all(
    ev: &Evaluation,
    out: &Path,
    lang: Lang,
    f: Export,
) -> Result<Vec<PathBuf>, Error> {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = out.with_file_name(format!("{stem}_tables"));
    let mut written = Vec::new();
    for t in all_tables(ev, lang) {
        let p = match f {
            Export::Json => dir.join(format!("{}.json", t.id)),
            Export::Csv => dir.join(format!("{}.csv", t.id)),
        };
        match f {
            Export::Json => write_json(&p, &t)?,
            Export::Csv => write_csv(&p, &t)?,
        }
        written.push(p);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OWASP: text that starts like a formula is written with a leading `'`; numbers are not.
    #[test]
    fn csv_text_never_runs_as_a_formula() {
        for t in [
            "=HYPERLINK(\"http://x\",\"点我\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_field(&Cell::text(t)), format!("'{t}"));
        }
        assert_eq!(csv_field(&Cell::text("阜新市万家物业")), "阜新市万家物业");
        assert_eq!(csv_field(&Cell::Num(-2.5)), "-2.5");
        assert_eq!(csv_field(&Cell::Change(-1.0)), "-1");
    }
}
