//! The 信访趋势 sheet: monthly table and line chart, YoY tables with the company bar chart,
//! handling quality, and the Mann-Kendall result with how to read it.

use super::book::{print_setup, section, write_table, Styles, WriteInfo};
use super::tables::{self, Lang, Sheet, Table};
use crate::evaluate::Evaluation;
use rust_xlsxwriter::{Chart, ChartType, Workbook, Worksheet, XlsxError};

pub(super) fn trends_sheet(
    wb: &mut Workbook,
    ev: &Evaluation,
    info: &WriteInfo,
    st: &Styles,
) -> Result<(), XlsxError> {
    let lang = info.lang;
    let name = Sheet::Trends.name(lang);
    let t = &ev.trends;
    let ws = wb.add_worksheet();
    let title = super::book::sheet_title(ev, "物业信访趋势分析");
    let note = t
        .same_period_note
        .clone()
        .unwrap_or_else(|| format!("数据截至 {}；同比为与上年全年比较", ev.period.as_of));
    super::book::title_rows(ws, (name, &title, &note), 15, st)?;
    let monthly = tables::monthly(t, lang);
    let (end, _) = write_table(ws, 2, &monthly, st, &[])?;
    let months_last_row = end - 1;
    // Line chart: one series per year over 1月–12月.
    let mut line = Chart::new(ChartType::Line);
    for r in 3..=months_last_row {
        line.add_series()
            .set_name((name, r, 0))
            .set_categories((name, 2, 1, 2, 12))
            .set_values((name, r, 1, r, 12));
    }
    line.title().set_name("各年度月度信访量");
    line.y_axis().set_name("件");
    ws.insert_chart(end + 1, 0, &line)?;
    let row = comparison_blocks(ws, ev, lang, st, end + 17)?;
    mann_kendall_block(ws, ev, lang, st, row)?;
    // SPEC §5.1: the monthly table (年份, 12 months, 合计, 同比) fits one A4 width at 100 %
    let mut w = vec![30.0];
    w.extend(std::iter::repeat_n(7.5, 14));
    for (c, x) in w.iter().enumerate() {
        ws.set_column_width(c as u16, *x)?;
    }
    ws.set_freeze_panes(3, 1)?;
    // Several different tables stack on this sheet: repeating the first header would mislead.
    print_setup(ws, None, &w)?;
    Ok(())
}

/// The YoY tables (by month, company, street, category, channel) and 办理质量 from `row`,
/// with the company bar chart; returns the row after them.
fn comparison_blocks(
    ws: &mut Worksheet,
    ev: &Evaluation,
    lang: Lang,
    st: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let t = &ev.trends;
    let name = ws.name();
    let blocks: Vec<(&str, Table)> = vec![
        ("月度同比", tables::monthly_yoy(t, lang)),
        (
            "按物业企业",
            tables::yoy_table("by_company", "物业企业", &t.by_company, lang),
        ),
        (
            "按街道",
            tables::yoy_table("by_street", "街道", &t.by_street, lang),
        ),
        (
            "按问题类别",
            tables::yoy_table("by_category", "问题类别", &t.by_category, lang),
        ),
        (
            "按信访渠道",
            tables::yoy_table("by_channel", "信访渠道", &t.by_channel, lang),
        ),
        (
            "办理质量（少了吗？办得更好了吗？）",
            tables::quality(t, lang),
        ),
    ];
    let mut company_rows = None;
    for (title, tab) in &blocks {
        section(ws, row, title, st)?;
        let (end, _) = write_table(ws, row + 1, tab, st, &[])?;
        if tab.id == "by_company" {
            company_rows = Some((row + 2, end - 1));
        }
        row = end + 1;
    }
    if let Some((a, b)) = company_rows.filter(|(a, b)| b >= a) {
        let mut bar = Chart::new(ChartType::Bar);
        for c in 1..=2 {
            bar.add_series()
                .set_name((name.as_str(), a - 1, c))
                .set_categories((name.as_str(), a, 0, b, 0))
                .set_values((name.as_str(), a, c, b, c));
        }
        bar.title().set_name("各物业企业信访量同比");
        ws.insert_chart(a - 1, 7, &bar)?;
    }
    Ok(row)
}

/// Mann-Kendall and Sen's slope (or why not), with the conclusion and how to read it.
fn mann_kendall_block(
    ws: &mut Worksheet,
    ev: &Evaluation,
    lang: Lang,
    st: &Styles,
    mut row: u32,
) -> Result<(), XlsxError> {
    let t = &ev.trends;
    section(
        ws,
        row,
        "信访量趋势检验（Mann-Kendall 检验与 Sen 斜率，月度序列）",
        st,
    )?;
    row += 1;
    if let Some(n) = &t.mk_note {
        ws.write_string(row, 0, n)?;
        return Ok(());
    }
    let mk = tables::mann_kendall(t, lang);
    ws.set_row_height(row, 32)?; // two-line headers such as Sen 斜率（件/月）
    let (end, _) = write_table(ws, row, &mk, st, &[])?;
    row = end;
    let first = t.monthly.first().map_or(ev.period.year, |m| m.year);
    for line in [
        conclusion(t),
        format!("检验序列：{first} 年 1 月至 {}，共 {} 个月，无信访的月份记 0。", ev.period.as_of.format("%Y 年 %-m 月"), t.series.len()),
        "读法：p < 0.05 且趋势为“下降”，表示信访量在统计上确实在减少，不是偶然波动；p ≥ 0.05 表示看不出确定的方向。".to_string(),
        "季节性检验逐月与往年同月比较（1 月比 1 月），不受冬季供暖高峰影响，比原始检验更能说明年际变化；斜率为每月平均变化件数（季节性为同月每年的变化）。".to_string(),
    ] {
        ws.write_string(row, 0, &line)?;
        row += 1;
    }
    Ok(())
}

/// One plain sentence for leaders from the seasonal test (the plain one when the seasonal is
/// missing).
pub(crate) fn conclusion(t: &crate::trend::Trends) -> String {
    use crate::trend::mk::Trend;
    let Some(r) = t.seasonal.as_ref().or(t.plain.as_ref()) else {
        return String::new();
    };
    let per = if t.seasonal.is_some() {
        "每年同月"
    } else {
        "每月"
    };
    match r.trend {
        Trend::Decreasing => format!(
            "结论：信访量呈显著下降趋势（p = {:.4}，小于 0.05），平均{per}减少约 {:.1} 件。",
            r.p,
            r.slope.abs()
        ),
        Trend::Increasing => format!(
            "结论：信访量呈显著上升趋势（p = {:.4}，小于 0.05），平均{per}增加约 {:.1} 件，需要关注。",
            r.p, r.slope
        ),
        Trend::Flat => format!(
            "结论：信访量没有显著的上升或下降趋势（p = {:.4}，不小于 0.05），各年变化可能只是正常波动。",
            r.p
        ),
    }
}
