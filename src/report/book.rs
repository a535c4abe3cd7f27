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

/// 宋体, the font of tables (SPEC §5.1: CJK fonts named everywhere, never Calibri).
pub const SONG: &str = "宋体";
/// 黑体, the font of titles and headers.
pub const HEI: &str = "黑体";
/// Size of table text: 10 pt, so a block printed at 90 % or more stays at 9 pt or more.
pub const TABLE_PT: f64 = 10.0;

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
    /// Reading notes under a table (wrapped).
    pub(super) note: Format,
    /// Plain text outside tables (制表单位 …).
    pub(super) plain: Format,
}

/// The workbook's default format: 宋体 (the document default, SPEC §5.1).
pub fn default_format() -> Format {
    Format::new().set_font_name(SONG).set_font_size(11)
}

impl Styles {
    pub(super) fn new() -> Styles {
        let song = || Format::new().set_font_name(SONG).set_font_size(TABLE_PT);
        let hei = || Format::new().set_font_name(HEI);
        let border = |f: Format| {
            f.set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
        };
        Styles {
            title: hei().set_font_size(16).set_align(FormatAlign::Center),
            subtitle: song().set_font_color("#595959"),
            header: border(
                hei()
                    .set_font_size(TABLE_PT)
                    .set_background_color("#DDEBF7")
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_text_wrap(),
            ),
            text: border(song()),
            wrap: border(song().set_text_wrap()),
            num: border(song().set_num_format("0.00")),
            int: border(song().set_num_format("0")),
            pct: border(song().set_num_format("0.0%")),
            change: border(
                song()
                    .set_bold()
                    .set_align(FormatAlign::Center)
                    .set_num_format("\"↑\"0;[Red]\"↓\"0;\"－\""),
            ),
            fine: border(song().set_num_format("0.0000")),
            section: hei().set_font_size(12),
            center: border(song().set_align(FormatAlign::Center)),
            warn: song()
                .set_bold()
                .set_font_color("#C00000")
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            note: song().set_text_wrap().set_align(FormatAlign::Top),
            plain: song(),
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

/// Column widths that fit Chinese text (wide characters count double), capped; returns them.
pub(super) fn widths(
    ws: &mut Worksheet,
    tables: &[&Table],
    cap: usize,
) -> Result<Vec<f64>, XlsxError> {
    let n = tables.iter().map(|t| t.headers.len()).max().unwrap_or(0);
    let mut out = Vec::with_capacity(n);
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
        let w = (w.min(cap) + 2) as f64;
        ws.set_column_width(c as u16, w)?;
        out.push(w);
    }
    Ok(out)
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
            ws.set_row_height(first + i as u32, 13.5 * lines.min(12.0) + 4.0)?;
        }
    }
    Ok(())
}

/// Printable width of A4 landscape within the margins below (11.69 in − 2 × 0.4 in), in
/// pixels at 96 dpi.
const A4_LANDSCAPE_PX: f64 = 1045.0;

/// The print scale (per cent) at which columns of `widths` (character units of the default
/// font: 7 px a character and 5 px padding) fill one A4 landscape width, at most 100.
pub fn fit_scale(widths: &[f64]) -> f64 {
    let px: f64 = widths.iter().map(|w| w * 7.0 + 5.0).sum();
    (A4_LANDSCAPE_PX / px.max(1.0) * 100.0).min(100.0)
}

/// The lowest print scale: 10-pt table text never prints below 9 pt (SPEC §5.1).
pub const MIN_SCALE: f64 = 90.0;

/// A4 landscape, page numbers, the header row repeated; fit to one page wide only when that
/// keeps the scale at 90 % or more (10-pt text at 9 pt or more) — otherwise 90 %, and a wide
/// sheet runs on to a second page across.
pub(super) fn print_setup(
    ws: &mut Worksheet,
    header_row: Option<u32>,
    widths: &[f64],
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    if fit_scale(widths) >= MIN_SCALE {
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_print_scale(MIN_SCALE as u16);
    }
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
