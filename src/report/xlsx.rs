//! The leadership workbook (SPEC §5) written with rust_xlsxwriter: sheet order, formats,
//! conditional grade colours, charts, print setup, and the safety rules (text stays text,
//! Excel's limits respected, fixed document time).

use super::tables::{self, sheet_name, tr, Cell, Lang, Table};
use super::text_width;
use crate::evaluate::Evaluation;
use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

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

fn grade_colours(ws: &mut Worksheet, first: u32, last: u32, col: u16) -> Result<(), XlsxError> {
    if last < first {
        return Ok(());
    }
    for (g, fill, font) in [
        ("优秀", "#C6EFCE", "#006100"),
        ("良好", "#DDEBF7", "#1F4E78"),
        ("合格", "#FFEB9C", "#9C5700"),
        ("不合格", "#FFC7CE", "#9C0006"),
        ("无考核数据", "#EDEDED", "#595959"),
    ] {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(g.to_string()))
            .set_format(
                Format::new()
                    .set_background_color(fill)
                    .set_font_color(font),
            );
        ws.add_conditional_format(first, col, last, col, &cf)?;
    }
    Ok(())
}

/// `{org_short}{Y}年度{title}结果`, without a doubled 年度.
pub fn ranked_title(ev: &Evaluation, title: &str) -> String {
    let t = title.replacen("年度", "", 1);
    format!(
        "{}{}年度{}结果{}",
        ev.rubric.report.org_short,
        ev.period.year,
        t,
        ev.title_suffix()
    )
}

/// 制表日期 (SPEC §5): the day the table is made — the run's local date unless `--date`,
/// `[report] date` or `SOURCE_DATE_EPOCH` pinned it (resolved into `ev.made_on`).
pub(super) fn table_date(ev: &Evaluation) -> String {
    ev.made_on.format("%Y年%-m月%-d日").to_string()
}

/// The document's creation time: midnight of the day the table is made, so reruns on one day
/// (or with the date pinned) are byte-identical.
fn doc_time(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn ranked_sheet(
    wb: &mut Workbook,
    ev: &Evaluation,
    idx: usize,
    info: &WriteInfo,
    st: &Styles,
) -> Result<usize, XlsxError> {
    let kind = [
        crate::metrics::AssessmentKind::Company,
        crate::metrics::AssessmentKind::Unit,
        crate::metrics::AssessmentKind::Instructor,
    ][idx - 1];
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(info.lang, idx))?;
    let Some(r) = ev.results.iter().find(|r| r.assessment.kind == kind) else {
        ws.write_string(0, 0, "细则中没有这项考核 (not in the rubric)")?;
        return Ok(0);
    };
    let k = ev.results.iter().position(|x| x.assessment.kind == kind);
    let an = k.and_then(|k| ev.analysis.per.get(k));
    let t = tables::ranked(r, info.lang, ev.previous.is_some(), an);
    let ncol = t.headers.len() as u16;
    ws.merge_range(
        0,
        0,
        0,
        ncol.saturating_sub(1),
        &ranked_title(ev, &r.assessment.title),
        &st.title,
    )?;
    ws.set_row_height(0, 28)?;
    ws.write_string_with_format(1, 0, format!("数据截至 {}", ev.period.as_of), &st.subtitle)?;
    let texts: Vec<&str> = ev
        .warnings_for(kind)
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    let h = warning_lines(ws, 2, ncol.max(8), ncol.max(8) as usize * 9, &texts, st)?;
    let why = t
        .headers
        .iter()
        .position(|x| x == "变化原因" || x == "Why it moved");
    let mut wrap = vec![1, 5];
    wrap.extend(why);
    let (end, cut) = write_table(ws, h, &t, st, &wrap)?;
    ws.write_string(
        end + 1,
        0,
        format!(
            "制表单位：{}　　制表日期：{}",
            ev.rubric.report.org,
            table_date(ev)
        ),
    )?;
    // Narrow, wrapping columns so a table of 20+ columns prints legibly on one A4 width.
    let longest = |c: usize, cap: usize| {
        t.rows
            .iter()
            .map(|r| match &r[c] {
                Cell::Text(s) => text_width(s),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
            .clamp(6, cap) as f64
            + 1.0
    };
    ws.set_column_width(0, 5)?;
    ws.set_column_width(1, longest(1, 18))?;
    ws.set_column_width(2, longest(2, 12))?;
    ws.set_column_width(3, 8)?;
    ws.set_column_width(4, 8)?;
    ws.set_column_width(5, 22)?;
    for c in 6..ncol {
        ws.set_column_width(c, 8.5)?;
    }
    let mut fits = vec![(1, longest(1, 18)), (5, 22.0)];
    if let Some(c) = why {
        ws.set_column_width(c as u16, 30)?;
        fits.push((c, 30.0));
    }
    ws.set_row_height(h, 46)?;
    fit_rows(ws, h + 1, &t.rows, &fits)?;
    ws.set_freeze_panes(h + 1, 2)?;
    if !t.rows.is_empty() {
        ws.autofilter(h, 0, end - 1, ncol - 1)?;
    }
    grade_colours(ws, h + 1, end.saturating_sub(1), 4)?;
    print_setup(ws, Some(h))?;
    Ok(cut)
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

fn plain_sheet(
    wb: &mut Workbook,
    name: &str,
    t: &Table,
    st: &Styles,
    wrap: &[usize],
    cap: usize,
) -> Result<usize, XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    widths(ws, &[t], cap)?;
    // Constant-memory sheets flush rows as they are written: set heights first.
    if t.rows.len() <= 100_000 {
        let w: Vec<(usize, f64)> = wrap.iter().map(|&c| (c, cap as f64 + 2.0)).collect();
        fit_rows(ws, 1, &t.rows, &w)?;
    }
    let (end, cut) = write_table(ws, 0, t, st, wrap)?;
    ws.set_freeze_panes(1, 0)?;
    if end > 1 {
        ws.autofilter(0, 0, end - 1, t.headers.len().saturating_sub(1) as u16)?;
    }
    print_setup(ws, Some(0))?;
    Ok(cut)
}

/// Build the complete workbook in memory.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn build(ev: &Evaluation, info: &WriteInfo, issue_table: &Table) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let lang = info.lang;
    super::overview::overview_sheet(&mut wb, ev, info, &st)?;
    let mut truncated = 0;
    for idx in 1..=3 {
        truncated += ranked_sheet(&mut wb, ev, idx, info, &st)?;
    }
    super::trends_sheet::trends_sheet(&mut wb, ev, info, &st, 4)?;
    truncated += plain_sheet(
        &mut wb,
        sheet_name(lang, 5),
        &tables::details(&ev.results, &ev.analysis, lang),
        &st,
        &[],
        30,
    )?;
    let used: Vec<Option<Vec<f64>>> = ev.results.iter().map(|r| Some(r.weights.clone())).collect();
    super::rubric_book::sheet(
        &mut wb,
        sheet_name(lang, 6),
        &super::rubric_book::table(&ev.rubric, &used),
        &st,
    )?;
    truncated += plain_sheet(&mut wb, sheet_name(lang, 7), issue_table, &st, &[5], 60)?;
    truncated += plain_sheet(
        &mut wb,
        sheet_name(lang, 8),
        &tables::flags(ev, lang),
        &st,
        &[2, 3],
        40,
    )?;
    // 运行信息
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(lang, 9))?;
    let mut lines = info.run_lines.clone();
    if truncated > 0 {
        lines.push((
            "截断".into(),
            format!("{truncated} 个单元格超过 Excel 的 32767 字符上限，已截断"),
        ));
    }
    if let Some(n) = &info.overflow_note {
        lines.push(("数据问题".into(), n.clone()));
    }
    let info_table = Table {
        id: "run".into(),
        headers: vec![tr(lang, "项目"), tr(lang, "内容")],
        rows: lines
            .iter()
            .map(|(a, b)| vec![Cell::text(a), Cell::text(b)])
            .collect(),
    };
    let (end, _) = write_table(ws, 0, &info_table, &st, &[1])?;
    let files = tables::files(ev, lang);
    let (fend, _) = write_table(ws, end + 1, &files, &st, &[2])?;
    for (r, n) in (fend + 1..).zip(&ev.ds.notices) {
        ws.write_string(r, 0, n)?;
    }
    widths(ws, &[&files], 40)?;
    ws.set_column_width(1, 66)?;
    print_setup(ws, Some(0))?;

    let created = doc_time(ev.made_on)?;
    let props = DocProperties::new()
        .set_title(format!(
            "{}{}年度考评结果",
            ev.rubric.report.org_short, ev.period.year
        ))
        .set_subject("红色物业、成员单位、党建指导员年度考评及物业信访趋势")
        .set_author("redeval")
        .set_company(&ev.rubric.report.org)
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    wb.save_to_buffer()
}

/// The trends-only workbook (`redeval trends`).
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn build_trends(ev: &Evaluation, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let info = WriteInfo {
        lang,
        run_lines: Vec::new(),
        overflow_note: None,
    };
    super::trends_sheet::trends_sheet(&mut wb, ev, &info, &st, 4)?;
    let created = doc_time(ev.made_on)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("redeval")
            .set_creation_datetime(&created),
    );
    wb.save_to_buffer()
}
