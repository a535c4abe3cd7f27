//! rust_xlsxwriter lives here: the leadership workbook, the trend workbook, and input-shaped
//! ledgers for `sample` / `template`.

pub mod input;

pub mod book;
pub(crate) mod notice;
mod overview;
pub(crate) mod rubric_book;
pub mod tables;
pub(crate) mod template;
mod trends_sheet;
pub(crate) mod words;
pub mod xlsx;

use crate::error::Error;
use crate::evaluate::Evaluation;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then a rename, so a
/// failed run never leaves a half-written report and an earlier report stays intact.
///
/// # Errors
/// [`Error::Write`] naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let werr = |msg: String| Error::Write {
        path: path.to_path_buf(),
        msg,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| werr(crate::vocab::io_words(&e)))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".redeval-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| werr(crate::vocab::io_words(&e)))?;
    tmp.write_all(bytes)
        .map_err(|e| werr(crate::vocab::io_words(&e)))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| werr(crate::vocab::io_words(&e)))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile creates 0600; a report is an ordinary document.
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path)
        .map_err(|e| werr(crate::vocab::io_words(&e.error)))?;
    Ok(())
}

/// Write the leadership workbook (and CSV / JSON tables if asked).
///
/// # Errors
/// [`Error::Write`] when the workbook cannot be built or written.
pub fn write_report(
    ev: &Evaluation,
    out: &Path,
    mut info: book::WriteInfo,
    extra: Option<export::Export>,
) -> Result<Vec<PathBuf>, Error> {
    let werr = |e: rust_xlsxwriter::XlsxError| Error::Write {
        path: out.to_path_buf(),
        msg: e.to_string(),
    };
    let mut issue_table = tables::issues(ev, info.lang);
    // Text longer than Excel keeps is truncated in the cell; say so on its own line.
    let too_long: Vec<Vec<tables::Cell>> = issue_table
        .rows
        .iter()
        .filter(|r| r.iter().any(|c| matches!(c, tables::Cell::Text(s) if s.encode_utf16().count() > book::MAX_CELL_CHARS)))
        .map(|r| {
            let mut line = r[..4].to_vec();
            line.push(tables::Cell::Empty);
            line.push(tables::Cell::text("单元格内容超过 Excel 上限 32767 字符，工作簿中已截断（CSV/JSON 中为全文）"));
            line.push(tables::Cell::text(crate::model::Action::Kept.label()));
            line
        })
        .collect();
    issue_table.rows.extend(too_long);
    let mut written = Vec::new();
    if issue_table.rows.len() > book::MAX_DATA_ROWS {
        let rest = tables::Table {
            id: "issues_overflow".into(),
            headers: issue_table.headers.clone(),
            rows: issue_table.rows.split_off(book::MAX_DATA_ROWS),
        };
        let p = out.with_extension("数据问题续.csv");
        export::write_csv(&p, &rest)?;
        info.overflow_note = Some(format!(
            "数据问题共 {} 条，超过一个工作表的上限，其余 {} 条写入 {}",
            issue_table.rows.len() + rest.rows.len(),
            rest.rows.len(),
            p.display()
        ));
        written.push(p);
    }
    let bytes = xlsx::build(ev, &info, &issue_table).map_err(werr)?;
    write_atomic(out, &bytes)?;
    written.insert(0, out.to_path_buf());
    if let Some(f) = extra {
        written.extend(export::write_all(ev, out, info.lang, f)?);
    }
    Ok(written)
}

pub(crate) mod export;
