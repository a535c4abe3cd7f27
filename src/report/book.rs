//! The workbook toolbox every sheet uses: styles, writing a [`Table`] (text stays text,
//! Excel's limits respected), column widths and row heights, red warning lines, section
//! headings and A4 print set-up. It knows no sheet; the sheets (`xlsx.rs`, `overview.rs`,
//! `trends_sheet.rs`, `rubric_book.rs`) know it.

use super::tables::{Cell, Lang, Table};
use crate::evaluate::Evaluation;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// Display width of text in Excel character units: East-Asian wide characters count 2.
pub fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Longest string Excel keeps in a cell (UTF-16 units).
pub const MAX_CELL_CHARS: usize = 32_767;

/// Data rows under one header row on one sheet.
pub const MAX_DATA_ROWS: usize = 1_048_575;

/// Everything the writer adds beyond the evaluation.
#[derive(Debug, Clone)]
pub struct WriteInfo {
    pub lang: Lang,
    /// `(label, value)` lines for 运行信息 (version, duration …).
    pub run_lines: Vec<(String, String)>,
    /// Issue rows that did not fit on 数据问题 go here (written by the caller as CSV).
    pub overflow_note: Option<String>,
}

pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    pub(super) wrap: Format,
    pub(super) num: Format,
    pub(super) int: Format,
    pub(super) pct: Format,
    pub(super) change: Format,
    pub(super) fine: Format,
    pub(super) section: Format,
    /// The red warning lines under a title (SPEC §1.8).
    pub(super) warn: Format,
    pub(super) center: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let border = |f: Format| {
            f.set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
        };
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            subtitle: Format::new().set_font_size(10).set_font_color("#595959"),
            header: border(
                Format::new()
                    .set_bold()
                    .set_background_color("#DDEBF7")
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_text_wrap(),
            ),
            text: border(Format::new()),
            wrap: border(Format::new().set_text_wrap()),
            num: border(Format::new().set_num_format("0.00")),
            int: border(Format::new().set_num_format("0")),
            pct: border(Format::new().set_num_format("0.0%")),
            change: border(
                Format::new()
                    .set_bold()
                    .set_align(FormatAlign::Center)
                    .set_num_format("\"↑\"0;[Red]\"↓\"0;\"－\""),
            ),
            fine: border(Format::new().set_num_format("0.0000")),
            section: Format::new().set_bold().set_font_size(12),
            center: border(Format::new().set_align(FormatAlign::Center)),
            warn: Format::new()
                .set_bold()
                .set_font_color("#C00000")
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// Text for a cell: truncated to Excel's limit (the caller reports truncations).
fn fit(s: &str) -> (&str, bool) {
    if s.encode_utf16().count() <= MAX_CELL_CHARS {
        return (s, false);
    }
    let mut units = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS - 1 {
            break;
        }
        end = i + c.len_utf8();
    }
    (&s[..end], true)
}

/// Write `t` with its header at `row`; returns the row after the table and the number of
/// truncated cells. Text is always written as a string, never as a formula.
pub(super) fn write_table(
    ws: &mut Worksheet,
    row: u32,
    t: &Table,
    st: &Styles,
    wrap_cols: &[usize],
) -> Result<(u32, usize), XlsxError> {
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &st.header)?;
    }
    let mut r = row + 1;
    let mut truncated = 0;
    for cells in &t.rows {
        for (c, v) in cells.iter().enumerate() {
            let col = c as u16;
            match v {
                Cell::Empty => {
                    ws.write_blank(r, col, &st.text)?;
                }
                Cell::Text(s) => {
                    let (s, cut) = fit(s);
                    truncated += cut as usize;
                    let f = if wrap_cols.contains(&c) {
                        &st.wrap
                    } else {
                        &st.text
                    };
                    ws.write_string_with_format(r, col, s, f)?;
                }
                Cell::Num(n) => {
                    ws.write_number_with_format(r, col, *n, &st.num)?;
                }
                Cell::Int(n) => {
                    ws.write_number_with_format(r, col, *n, &st.int)?;
                }
                Cell::Pct(n) => {
                    ws.write_number_with_format(r, col, *n, &st.pct)?;
                }
                Cell::Change(n) => {
                    ws.write_number_with_format(r, col, *n, &st.change)?;
                }
                Cell::Fine(n) => {
                    ws.write_number_with_format(r, col, *n, &st.fine)?;
                }
                Cell::Center(s) => {
                    ws.write_string_with_format(r, col, s, &st.center)?;
                }
            }
        }
        r += 1;
    }
    Ok((r, truncated))
}

/// Column widths that fit Chinese text (wide characters count double), capped.
pub(super) fn widths(ws: &mut Worksheet, tables: &[&Table], cap: usize) -> Result<(), XlsxError> {
    let n = tables.iter().map(|t| t.headers.len()).max().unwrap_or(0);
    for c in 0..n {
        let mut w = 6;
        for t in tables {
            if let Some(h) = t.headers.get(c) {
                w = w.max(text_width(h).min(24));
            }
            for row in t.rows.iter().take(5000) {
                let len = match row.get(c) {
                    Some(Cell::Text(s)) => text_width(s),
                    Some(Cell::Empty) | None => 0,
                    Some(_) => 9,
                };
                w = w.max(len);
            }
        }
        ws.set_column_width(c as u16, (w.min(cap) + 2) as f64)?;
    }
    Ok(())
}

/// Row heights for wrapped columns: rust_xlsxwriter does not size rows, and LibreOffice keeps
/// the default height, hiding all but one line. `wrap` pairs a column with its width.
pub(super) fn fit_rows(
    ws: &mut Worksheet,
    first: u32,
    rows: &[Vec<Cell>],
    wrap: &[(usize, f64)],
) -> Result<(), XlsxError> {
    for (i, r) in rows.iter().enumerate() {
        let lines = wrap
            .iter()
            .map(|&(c, w)| match r.get(c) {
                Some(Cell::Text(s)) => s
                    .lines()
                    .map(|l| (text_width(l) as f64 / (w - 1.0).max(1.0)).ceil().max(1.0))
                    .sum::<f64>(),
                _ => 1.0,
            })
            .fold(1.0, f64::max);
        if lines > 1.0 {
            ws.set_row_height(first + i as u32, 15.0 * lines.min(12.0) + 3.0)?;
        }
    }
    Ok(())
}

pub(super) fn print_setup(ws: &mut Worksheet, header_row: Option<u32>) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    if let Some(h) = header_row {
        ws.set_repeat_rows(h, h)?;
    }
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

/// A sheet title: `{org_short}{Y}年度{what}`, with `（示例数据）` on a sample run.
pub(super) fn sheet_title(ev: &Evaluation, what: &str) -> String {
    format!(
        "{}{}年度{what}{}",
        ev.rubric.report.org_short,
        ev.period.year,
        ev.title_suffix()
    )
}

/// A sheet's name, its title merged over `cols` columns in row 0, and its subtitle in row 1.
pub(super) fn title_rows(
    ws: &mut Worksheet,
    (name, title, subtitle): (&str, &str, &str),
    cols: u16,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    ws.merge_range(0, 0, 0, cols - 1, title, &st.title)?;
    ws.write_string_with_format(1, 0, subtitle, &st.subtitle)?;
    Ok(())
}

/// 制表日期 (SPEC §5): the day the table is made — the run's local date unless `--date`,
/// `[report] date` or `SOURCE_DATE_EPOCH` pinned it (resolved into `ev.made_on`).
pub(super) fn table_date(ev: &Evaluation) -> String {
    ev.made_on.format("%Y年%-m月%-d日").to_string()
}

/// Red warning lines (SPEC §1.8) from `row` on, each merged over `ncol` columns (about
/// `width` character units wide) and tall enough for its text; returns the first row after.
pub(super) fn warning_lines(
    ws: &mut Worksheet,
    row: u32,
    ncol: u16,
    width: usize,
    texts: &[&str],
    st: &Styles,
) -> Result<u32, XlsxError> {
    let mut r = row;
    for t in texts {
        let line = format!("【注意】{t}");
        ws.merge_range(r, 0, r, ncol - 1, &line, &st.warn)?;
        let per_line = width.max(40);
        let lines = text_width(&line).div_ceil(per_line).max(1);
        ws.set_row_height(r, 16.0 * lines as f64 + 2.0)?;
        r += 1;
    }
    Ok(r)
}

pub(super) fn section(
    ws: &mut Worksheet,
    row: u32,
    text: &str,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, 0, text, &st.section)?;
    Ok(())
}
