//! The leadership workbook (SPEC §5) written with rust_xlsxwriter: sheet order, formats,
//! conditional grade colours, charts, print setup, and the safety rules (text stays text,
//! Excel's limits respected, fixed document time).

use super::book::*;
use super::tables::{self, tr, Cell, Lang, Sheet, Table};
use crate::evaluate::Evaluation;
use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format,
    Workbook, Worksheet, XlsxError,
};

/// (fill, font) for the best, second, third … grade; the last grade always gets the last.
const GRADE_COLOURS: [(&str, &str); 4] = [
    ("#C6EFCE", "#006100"),
    ("#DDEBF7", "#1F4E78"),
    ("#FFEB9C", "#9C5700"),
    ("#FFC7CE", "#9C0006"),
];

/// The colours of a rubric's grades, best first: green for the best, red for the last, blue
/// and yellow between (three grades: green, yellow, red).
fn grade_palette(n: usize) -> Vec<(&'static str, &'static str)> {
    let last = GRADE_COLOURS.len() - 1;
    (0..n)
        .map(|i| {
            let k = match (i, n) {
                (0, _) => 0,
                (i, n) if i + 1 == n => last,
                (_, 3) => 2,
                (i, _) => i.min(last - 1),
            };
            GRADE_COLOURS[k]
        })
        .collect()
}

fn grade_colours(
    ws: &mut Worksheet,
    (first, last): (u32, u32),
    col: u16,
    grades: &[(String, f64)],
) -> Result<(), XlsxError> {
    if last < first {
        return Ok(());
    }
    let palette = grade_palette(grades.len());
    let grey = ("#EDEDED", "#595959");
    let unranked = [
        (crate::score::NO_DATA, grey),
        (crate::score::NOT_RANKED, grey),
    ];
    let rules = grades.iter().map(|g| g.0.as_str()).zip(palette);
    for (g, (fill, font)) in rules.chain(unranked) {
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
    sheet_title(ev, &format!("{}结果", title.replacen("年度", "", 1)))
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
    sheet: Sheet,
    info: &WriteInfo,
    st: &Styles,
) -> Result<usize, XlsxError> {
    let kind = match sheet {
        Sheet::Unit => crate::metrics::AssessmentKind::Unit,
        Sheet::Instructor => crate::metrics::AssessmentKind::Instructor,
        _ => crate::metrics::AssessmentKind::Company,
    };
    let ws = wb.add_worksheet();
    let Some(r) = ev.results.iter().find(|r| r.assessment.kind == kind) else {
        ws.set_name(sheet.name(info.lang))?;
        ws.write_string(0, 0, "细则中没有这项考核 (not in the rubric)")?;
        return Ok(0);
    };
    let k = ev.results.iter().position(|x| x.assessment.kind == kind);
    let an = k.and_then(|k| ev.analysis.per.get(k));
    let with_prev = ev.previous.is_some();
    let t = tables::ranked(r, info.lang, with_prev, an);
    let ncol = t.headers.len() as u16;
    let printed = tables::printed_columns(with_prev) as u16;
    let title = ranked_title(ev, &r.assessment.title);
    let subtitle = format!("数据截至 {}", ev.period.as_of);
    title_rows(ws, (sheet.name(info.lang), &title, &subtitle), printed, st)?;
    ws.set_row_height(0, 28)?;
    let texts: Vec<&str> = ev
        .warnings_for(kind)
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    let widths = ranked_widths(&t, printed as usize);
    let block: f64 = widths.iter().take(printed as usize).sum();
    let h = warning_lines(ws, 2, printed, block as usize, &texts, st)?;
    let col = |name: &str| t.headers.iter().position(|x| x == name);
    let wrap: Vec<usize> = [
        Some(1),
        col("变化原因"),
        col("备注"),
        col("Why it moved"),
        col("Remarks"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (end, cut) = write_table(ws, h, &t, st, &wrap)?;
    let below = lines_below(ws, ev, info.lang, (end + 1, printed), st)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let fits: Vec<(usize, f64)> = wrap.iter().map(|&c| (c, widths[c])).collect();
    ws.set_row_height(h, 32)?;
    fit_rows(ws, h + 1, &t.rows, &fits)?;
    ws.set_freeze_panes(h + 1, 2)?;
    if !t.rows.is_empty() {
        ws.autofilter(h, 0, end - 1, ncol - 1)?;
    }
    let rows = (h + 1, end.saturating_sub(1));
    grade_colours(ws, rows, 4, &r.assessment.grades)?;
    // SPEC §5.1: the 公示表 prints (排名 … 备注, the title, the table, the lines under it);
    // the indicator columns stay right of it, grouped, outside the print
    ws.set_print_area(0, 0, below, printed - 1)?;
    if ncol > printed {
        ws.group_columns(printed, ncol - 1)?;
    }
    print_setup(ws, Some(h), &widths[..printed as usize])?;
    ws.set_header(format!("&L&\"黑体\"&10{title}"));
    Ok(cut)
}

/// Under a ranked table from `row`: the two reading lines and 制表单位 / 制表日期; returns
/// the last row written.
fn lines_below(
    ws: &mut rust_xlsxwriter::Worksheet,
    ev: &Evaluation,
    lang: tables::Lang,
    (row, printed): (u32, u16),
    st: &Styles,
) -> Result<u32, XlsxError> {
    let mut below = row;
    for line in reading_lines(lang) {
        ws.merge_range(below, 0, below, printed - 1, line, &st.note)?;
        ws.set_row_height(below, 30)?;
        below += 1;
    }
    let made = format!(
        "制表单位：{}　　制表日期：{}",
        ev.rubric.report.org,
        table_date(ev)
    );
    ws.write_string_with_format(below, 0, made, &st.plain)?;
    Ok(below)
}

/// The two lines a leader needs under each ranked table (SPEC §5.1).
fn reading_lines(lang: tables::Lang) -> [&'static str; 2] {
    match lang {
        tables::Lang::Zh => [
            "说明：各指标按全区同类对象相对计分，某项指标比上年改善、但仍落后于其他对象时，该项得分也可能下降（变化原因中注“相对全区”）。",
            "名次区间：各指标权重在细则规定的浮动范围内变化时，该对象可能的最好和最差名次；只有一个数的表示名次稳定。",
        ],
        tables::Lang::En => [
            "Scoring is relative to the district: an indicator that improved but stays behind the others can lose points.",
            "Rank range: the best and worst rank the entity could take if every weight moved within the rubric's tolerance.",
        ],
    }
}

/// Column widths of a ranked sheet: the printed block (排名 … 备注) sized so it fits one A4
/// landscape width at 100 % (10-pt text, never below 9 pt), the indicator columns after it.
fn ranked_widths(t: &Table, printed: usize) -> Vec<f64> {
    let longest = |c: usize, cap: usize| {
        t.rows
            .iter()
            .map(|r| match &r[c] {
                Cell::Text(s) => text_width(s),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
            .max(text_width(&t.headers[c]))
            .clamp(6, cap) as f64
            + 2.0
    };
    (0..t.headers.len())
        .map(|c| {
            let h = t.headers[c].as_str();
            if c >= printed {
                return 10.0;
            }
            match (c, h) {
                (0, _) => 6.0,
                (1, _) => longest(1, 24),
                (2, _) => longest(2, 14),
                (_, "变化原因" | "Why it moved") => 36.0,
                (_, "备注" | "Remarks") => 24.0,
                (_, "名次区间" | "Rank range") => 9.0,
                _ => 8.0,
            }
        })
        .collect()
}

/// A long table under a title row (SPEC §5.1: every sheet has a title): the sheet's name with
/// the year, and the subtitle line; the header row repeats on every printed page.
fn plain_sheet(
    wb: &mut Workbook,
    (name, title): (&str, &str),
    t: &Table,
    st: &Styles,
    wrap: &[usize],
    cap: usize,
) -> Result<usize, XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    let w = widths(ws, &[t], cap)?;
    let ncol = t.headers.len().max(2) as u16;
    // Constant-memory sheets flush rows as they are written: rows in order, heights first.
    ws.set_row_height(0, 24)?;
    ws.merge_range(0, 0, 0, ncol - 1, title, &st.title)?;
    if t.rows.len() <= 100_000 {
        let w: Vec<(usize, f64)> = wrap.iter().map(|&c| (c, cap as f64 + 2.0)).collect();
        fit_rows(ws, 2, &t.rows, &w)?;
    }
    let (end, cut) = write_table(ws, 1, t, st, wrap)?;
    ws.set_freeze_panes(2, 0)?;
    if end > 2 {
        ws.autofilter(1, 0, end - 1, t.headers.len().saturating_sub(1) as u16)?;
    }
    print_setup(ws, Some(1), &w)?;
    Ok(cut)
}

/// 运行信息: the run's lines, every file read, and the notices.
fn run_info_sheet(
    wb: &mut Workbook,
    ev: &Evaluation,
    info: &WriteInfo,
    truncated: usize,
    st: &Styles,
) -> Result<(), XlsxError> {
    let lang = info.lang;
    let ws = wb.add_worksheet();
    ws.set_name(Sheet::RunInfo.name(lang))?;
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
    let title = sheet_title(ev, Sheet::RunInfo.name(lang));
    ws.merge_range(0, 0, 0, 6, &title, &st.title)?;
    ws.set_row_height(0, 24)?;
    let (end, _) = write_table(ws, 1, &info_table, st, &[1])?;
    let accounts = tables::accounts(ev, lang);
    let (aend, _) = write_table(ws, end + 1, &accounts, st, &[])?;
    let files = tables::files(ev, lang);
    let (fend, _) = write_table(ws, aend + 1, &files, st, &[2])?;
    for (r, n) in (fend + 1..).zip(&ev.ds.notices) {
        ws.write_string(r, 0, n)?;
    }
    let mut w = widths(ws, &[&files], 40)?;
    ws.set_column_width(1, 66)?;
    if let Some(x) = w.get_mut(1) {
        *x = 66.0;
    }
    print_setup(ws, None, &w)?;

    Ok(())
}

/// Build the complete workbook in memory.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn build(ev: &Evaluation, info: &WriteInfo, issue_table: &Table) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_default_format(&super::book::default_format(), 20, 64)?;
    let lang = info.lang;
    super::overview::overview_sheet(&mut wb, ev, info, &st)?;
    let mut truncated = 0;
    for sheet in [Sheet::Company, Sheet::Unit, Sheet::Instructor] {
        truncated += ranked_sheet(&mut wb, ev, sheet, info, &st)?;
    }
    super::trends_sheet::trends_sheet(&mut wb, ev, info, &st)?;
    truncated += plain_sheet(
        &mut wb,
        (
            Sheet::Details.name(lang),
            &sheet_title(ev, Sheet::Details.name(lang)),
        ),
        &tables::details(&ev.results, &ev.analysis, lang),
        &st,
        &[],
        30,
    )?;
    let used: Vec<Option<Vec<f64>>> = ev.results.iter().map(|r| Some(r.weights.clone())).collect();
    super::rubric_book::sheet(
        &mut wb,
        (
            Sheet::Rubric.name(lang),
            &sheet_title(ev, Sheet::Rubric.name(lang)),
        ),
        &super::rubric_book::table(&ev.rubric, &used),
        &st,
    )?;
    truncated += plain_sheet(
        &mut wb,
        (
            Sheet::Issues.name(lang),
            &sheet_title(ev, Sheet::Issues.name(lang)),
        ),
        issue_table,
        &st,
        &[5],
        60,
    )?;
    truncated += plain_sheet(
        &mut wb,
        (
            Sheet::Flags.name(lang),
            &sheet_title(ev, Sheet::Flags.name(lang)),
        ),
        &tables::flags(ev, lang),
        &st,
        &[2, 3],
        40,
    )?;
    run_info_sheet(&mut wb, ev, info, truncated, &st)?;

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
    wb.set_default_format(&super::book::default_format(), 20, 64)?;
    let info = WriteInfo {
        lang,
        run_lines: Vec::new(),
        overflow_note: None,
    };
    super::trends_sheet::trends_sheet(&mut wb, ev, &info, &st)?;
    let created = doc_time(ev.made_on)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("redeval")
            .set_creation_datetime(&created),
    );
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_colours_follow_the_rubric_grades() {
        let c = GRADE_COLOURS;
        assert_eq!(grade_palette(4), c.to_vec());
        assert_eq!(grade_palette(3), vec![c[0], c[2], c[3]]);
        assert_eq!(grade_palette(2), vec![c[0], c[3]]);
        assert_eq!(grade_palette(5), vec![c[0], c[1], c[2], c[2], c[3]]);
        assert_eq!(grade_palette(1), vec![c[0]]);
    }
}
