//! Writing input-shaped workbooks (ledgers): used by `redeval sample`, `redeval template` and
//! tests that need real workbooks. Kept in `report` so rust_xlsxwriter stays in one stage.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign, Note, Workbook,
    XlsxError,
};
use std::path::Path;

/// One cell of an input ledger.
#[derive(Debug, Clone, PartialEq)]
pub enum InCell {
    Empty,
    Text(String),
    Num(f64),
    /// A real Excel date cell (format `yyyy-mm-dd`).
    Date(NaiveDate),
}

impl From<&str> for InCell {
    fn from(s: &str) -> Self {
        InCell::Text(s.to_string())
    }
}
impl From<String> for InCell {
    fn from(s: String) -> Self {
        InCell::Text(s)
    }
}
impl From<f64> for InCell {
    fn from(n: f64) -> Self {
        InCell::Num(n)
    }
}
impl From<NaiveDate> for InCell {
    fn from(d: NaiveDate) -> Self {
        InCell::Date(d)
    }
}
impl From<Option<NaiveDate>> for InCell {
    fn from(d: Option<NaiveDate>) -> Self {
        d.map_or(InCell::Empty, InCell::Date)
    }
}

/// One sheet of an input ledger.
#[derive(Debug, Clone, Default)]
pub struct InSheet {
    pub name: String,
    /// Rows above the header (a title, a note …); the first is merged across the table.
    pub title_rows: Vec<String>,
    pub headers: Vec<String>,
    /// Per header: an explanatory note (template) — empty for none.
    pub notes: Vec<String>,
    /// Per header: a closed list for dropdown validation — empty for none.
    pub lists: Vec<Vec<String>>,
    pub rows: Vec<Vec<InCell>>,
}

impl InSheet {
    /// A sheet with one header row and data rows (no title rows, notes or dropdowns).
    pub fn new(name: &str, headers: &[&str], rows: Vec<Vec<InCell>>) -> InSheet {
        InSheet {
            name: name.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows,
            ..Default::default()
        }
    }
}

/// A row of text cells.
pub fn text_row(cells: &[&str]) -> Vec<InCell> {
    cells.iter().map(|&c| InCell::from(c)).collect()
}

fn xdate(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Write `sheets` as one workbook at `path`.
///
/// # Errors
/// Any rust_xlsxwriter error (bad sheet name, I/O).
pub fn write_ledger(path: &Path, sheets: &[InSheet]) -> Result<(), XlsxError> {
    write_ledger_as(path, sheets, false)
}

/// [`write_ledger`] as streaming writers write a large export (issue 25): constant-memory
/// worksheets, so every string is inline in its cell (`t="inlineStr"`) and there is no
/// shared-string table; no notes or dropdowns.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn write_ledger_inline(path: &Path, sheets: &[InSheet]) -> Result<(), XlsxError> {
    write_ledger_as(path, sheets, true)
}

fn write_ledger_as(path: &Path, sheets: &[InSheet], inline: bool) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let head = Format::new().set_bold().set_background_color("#D9E1F2");
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    for s in sheets {
        let ws = if inline {
            wb.add_worksheet_with_constant_memory()?
        } else {
            wb.add_worksheet()
        };
        ws.set_name(&s.name)?;
        let ncol = s.headers.len().max(1) as u16;
        let mut r: u32 = 0;
        for (i, t) in s.title_rows.iter().enumerate() {
            if i == 0 && ncol > 1 {
                ws.merge_range(0, 0, 0, ncol - 1, t, &title)?;
            } else {
                ws.write_string(r, 0, t)?;
            }
            r += 1;
        }
        let header_row = r;
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, h, &head)?;
            let w = super::book::text_width(h) as f64 + 4.0;
            ws.set_column_width(c as u16, w.max(10.0))?;
            if inline {
                continue;
            }
            if let Some(n) = s.notes.get(c).filter(|n| !n.is_empty()) {
                ws.insert_note(r, c as u16, &Note::new(n).add_author_prefix(false))?;
            }
            if let Some(list) = s.lists.get(c).filter(|l| !l.is_empty()) {
                let dv = DataValidation::new()
                    .allow_list_strings(list)?
                    .set_error_style(DataValidationErrorStyle::Stop);
                ws.add_data_validation(r + 1, c as u16, 10_000, c as u16, &dv)?;
            }
        }
        ws.set_freeze_panes(header_row + 1, 0)?;
        r += 1;
        for row in &s.rows {
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    InCell::Empty => {}
                    InCell::Text(t) => {
                        ws.write_string(r, c, t)?;
                    }
                    InCell::Num(n) => {
                        ws.write_number(r, c, *n)?;
                    }
                    InCell::Date(d) => {
                        ws.write_datetime_with_format(r, c, xdate(*d)?, &date_fmt)?;
                    }
                }
            }
            r += 1;
        }
    }
    let props = rust_xlsxwriter::DocProperties::new()
        .set_author("redeval")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 1, 1)?);
    wb.set_properties(&props);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(XlsxError::IoError)?;
    }
    wb.save(path)
}

fn cell_text(v: &InCell) -> String {
    match v {
        InCell::Empty => String::new(),
        InCell::Text(t) => t.clone(),
        InCell::Num(n) => crate::vocab::fmt_num(*n),
        InCell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

fn xml_escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The same ledger as a platform's 导出Excel writes it: an HTML page (to be saved as `.xls`),
/// one `<table>` per sheet named in Excel's `<x:Name>`, the first title row spanning the
/// table (`colspan`). Used by tests and benches of the HTML reader.
pub fn ledger_html(sheets: &[InSheet]) -> String {
    let mut out = String::from(
        "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta charset=\"utf-8\">\n<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>",
    );
    for s in sheets {
        out.push_str(&format!(
            "<x:ExcelWorksheet><x:Name>{}</x:Name></x:ExcelWorksheet>",
            xml_escape(&s.name)
        ));
    }
    out.push_str("</x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]--></head><body>\n");
    for s in sheets {
        out.push_str("<table>\n");
        let n = s.headers.len().max(1);
        for (i, t) in s.title_rows.iter().enumerate() {
            let span = if i == 0 { n } else { 1 };
            out.push_str(&format!(
                "<tr><td colspan=\"{span}\">{}</td></tr>\n",
                xml_escape(t)
            ));
        }
        out.push_str("<tr>");
        for h in &s.headers {
            out.push_str(&format!("<th>{}</th>", xml_escape(h)));
        }
        out.push_str("</tr>\n");
        for row in &s.rows {
            out.push_str("<tr>");
            for v in row {
                out.push_str(&format!("<td>{}</td>", xml_escape(&cell_text(v))));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// The same ledger as SpreadsheetML 2003 (Excel 2003's XML, saved as `.xls` by platforms):
/// numbers as `Number`, dates as `DateTime`, empty cells skipped with `ss:Index`, the first
/// title row merged across (`ss:MergeAcross`). Used by tests and benches of the reader.
pub fn ledger_xmlss(sheets: &[InSheet]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n",
    );
    for s in sheets {
        out.push_str(&format!(
            "<Worksheet ss:Name=\"{}\"><Table>\n",
            xml_escape(&s.name)
        ));
        let n = s.headers.len().max(1);
        for (i, t) in s.title_rows.iter().enumerate() {
            let across = if i == 0 { n - 1 } else { 0 };
            out.push_str(&format!(
                "<Row><Cell ss:MergeAcross=\"{across}\"><Data ss:Type=\"String\">{}</Data></Cell></Row>\n",
                xml_escape(t)
            ));
        }
        let header: Vec<InCell> = s.headers.iter().map(|h| InCell::Text(h.clone())).collect();
        for row in std::iter::once(&header).chain(&s.rows) {
            out.push_str("<Row>");
            for (c, v) in row.iter().enumerate() {
                let (ty, text) = match v {
                    InCell::Empty => continue,
                    InCell::Text(t) => ("String", xml_escape(t)),
                    InCell::Num(x) => ("Number", crate::vocab::fmt_num(*x)),
                    InCell::Date(d) => ("DateTime", d.format("%Y-%m-%dT00:00:00.000").to_string()),
                };
                out.push_str(&format!(
                    "<Cell ss:Index=\"{}\"><Data ss:Type=\"{ty}\">{text}</Data></Cell>",
                    c + 1
                ));
            }
            out.push_str("</Row>\n");
        }
        out.push_str("</Table></Worksheet>\n");
    }
    out.push_str("</Workbook>\n");
    out
}
