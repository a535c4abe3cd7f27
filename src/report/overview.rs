//! The 总览 sheet: headline figures, grade counts, top and bottom three, and two charts.

use super::book::{print_setup, section, table_date, write_table, Styles, WriteInfo};
use super::tables::{tr, Cell, Lang, Sheet, Table};
use crate::evaluate::Evaluation;
use rust_xlsxwriter::{Chart, ChartType, Workbook, Worksheet, XlsxError};

pub(super) fn overview_sheet(
    wb: &mut Workbook,
    ev: &Evaluation,
    info: &WriteInfo,
    st: &Styles,
) -> Result<(), XlsxError> {
    let lang = info.lang;
    let name = Sheet::Overview.name(lang).to_string();
    let ws = wb.add_worksheet();
    let title = super::book::sheet_title(ev, "考评结果总览");
    let subtitle = format!("数据截至 {}", ev.period.as_of);
    super::book::title_rows(ws, (&name, &title, &subtitle), 8, st)?;
    ws.set_row_height(0, 28)?;
    let texts: Vec<&str> = ev.warnings.iter().map(|w| w.text.as_str()).collect();
    let first = super::book::warning_lines(ws, 2, 3, 105, &texts, st)?;
    let top_row = first + 1;
    section(ws, top_row, "一、信访总体情况", st)?;
    let (mut row, _) = write_table(ws, top_row + 1, &headline(ev, lang), st, &[])?;
    row += 1;
    section(ws, row, "二、各项考核等次分布", st)?;
    let grades: Vec<String> = ev
        .results
        .first()
        .map(|r| r.assessment.grades.iter().map(|g| g.0.clone()).collect())
        .unwrap_or_default();
    let gstart = row + 1;
    let (end, _) = write_table(ws, gstart, &grade_table(ev, lang, &grades), st, &[])?;
    row = end + 1;
    section(ws, row, "三、各项考核前三名与后三名", st)?;
    let top = top_bottom(ev, lang);
    // multi-line cells: rows as tall as their lines, so print does not overlap them
    super::book::fit_rows(ws, row + 2, &top.rows, &[(1, 44.0), (2, 44.0)])?;
    let (end, _) = write_table(ws, row + 1, &top, st, &[1, 2])?;
    row = end + 1;
    section(ws, row, "四、名次稳定性与需要复核的情况", st)?;
    let stable = stability(ev, lang);
    super::book::fit_rows(ws, row + 2, &stable.rows, &[(2, 44.0)])?;
    let (end, _) = write_table(ws, row + 1, &stable, st, &[1, 2])?;
    let counts: Vec<String> = ev
        .analysis
        .counts()
        .iter()
        .map(|(k, c)| format!("{} {c} 条", k.label()))
        .collect();
    let flags_sheet = Sheet::Flags.name(lang);
    let line = format!(
        "异常提示（只作复核提示，不影响得分，详见“{flags_sheet}”表）：{}",
        counts.join("，")
    );
    ws.write_string(end, 0, line)?;
    row = end + 2;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 44)?;
    ws.set_column_width(2, 44)?;
    for c in 3..9 {
        ws.set_column_width(c, 11)?;
    }
    charts(ws, ev, lang, (row, gstart), grades.len() as u16)?;
    let made = format!(
        "制表单位：{}　　制表日期：{}",
        ev.rubric.report.org,
        table_date(ev)
    );
    ws.write_string(row + 17, 0, made)?;
    print_setup(ws, None, &[22.0, 44.0, 44.0, 11.0, 11.0, 11.0])?;
    Ok(())
}

/// 一、信访总体情况: volume, YoY, the three rates and the seasonal trend test.
pub(crate) fn headline(ev: &Evaluation, lang: Lang) -> Table {
    let t = &ev.trends;
    let cur = t.monthly.last();
    let q = t.quality.last();
    let rate = |f: fn(&crate::trend::QualityRow) -> f64| q.map_or(Cell::Empty, |q| Cell::Pct(f(q)));
    let yoy = if t.same_period_note.is_some() {
        "同比（同期）"
    } else {
        "同比"
    };
    let test = t.seasonal.map_or_else(
        || t.mk_note.clone().unwrap_or_default(),
        |r| format!("{}（p = {:.4}）", r.trend.label(), r.p),
    );
    Table {
        id: "headline".into(),
        headers: vec![tr(lang, "项目"), tr(lang, "内容")],
        rows: vec![
            vec![
                Cell::text(format!("{}年信访量（件）", ev.period.year)),
                cur.map_or(Cell::Empty, |m| Cell::Int(m.total)),
            ],
            vec![
                Cell::text(yoy),
                cur.and_then(|m| m.yoy).map_or(Cell::text("—"), Cell::Pct),
            ],
            vec![Cell::text("办结率"), rate(|q| q.closure_rate)],
            vec![Cell::text("按期办结率"), rate(|q| q.on_time_rate)],
            vec![Cell::text("满意率"), rate(|q| q.satisfaction_rate)],
            vec![Cell::text("趋势检验（季节性）"), Cell::text(test)],
        ],
    }
}

/// 二、各项考核等次分布: per assessment, entities per grade and without data.
fn grade_table(ev: &Evaluation, lang: Lang, grades: &[String]) -> Table {
    let mut gh = vec![tr(lang, "考核类别")];
    gh.extend(grades.iter().cloned());
    gh.push(crate::score::NO_DATA.into());
    let rows = ev
        .results
        .iter()
        .map(|r| {
            let counts = r.grade_counts();
            let mut row = vec![Cell::text(&r.assessment.title)];
            for g in grades {
                let n = counts.iter().find(|c| &c.0 == g).map_or(0, |c| c.1);
                row.push(Cell::Int(n as f64));
            }
            let none = r
                .entities
                .iter()
                .filter(|e| e.grade == crate::score::NO_DATA)
                .count();
            row.push(Cell::Int(none as f64));
            row
        })
        .collect();
    Table {
        id: "grades".into(),
        headers: gh,
        rows,
    }
}

/// 三、各项考核前三名与后三名 (SPEC §5.1): every entity whose 排名 is among the first three
/// ranks as numbered, ties included (`第1名（并列5个）：…`); the bottom likewise from the last
/// rank up.
fn top_bottom(ev: &Evaluation, lang: Lang) -> Table {
    let rows = ev
        .results
        .iter()
        .map(|r| {
            let ranked: Vec<&crate::score::Scored> =
                r.entities.iter().filter(|e| e.has_data).collect();
            let ranks: Vec<u32> = {
                let mut v: Vec<u32> = ranked.iter().filter_map(|e| e.rank).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let top_ranks: Vec<u32> = ranks.iter().copied().take(3).filter(|&x| x <= 3).collect();
            let bottom_ranks: Vec<u32> = ranks.iter().rev().take(3).rev().copied().collect();
            vec![
                Cell::text(&r.assessment.title),
                Cell::text(rank_lines(&ranked, &top_ranks)),
                Cell::text(rank_lines(&ranked, &bottom_ranks)),
            ]
        })
        .collect();
    Table {
        id: "top_bottom".into(),
        headers: vec![tr(lang, "考核类别"), "前三名".into(), "后三名".into()],
        rows,
    }
}

/// One line per rank: `第1名：甲（92.35，优秀）` or `第2名（并列3个）：乙、丙、丁（88.00，良好）`.
fn rank_lines(ranked: &[&crate::score::Scored], ranks: &[u32]) -> String {
    let fixed = crate::vocab::fmt_fixed;
    ranks
        .iter()
        .map(|&k| {
            let at: Vec<&&crate::score::Scored> =
                ranked.iter().filter(|e| e.rank == Some(k)).collect();
            let names: Vec<&str> = at.iter().map(|e| e.name.as_str()).collect();
            let (total, grade) = (fixed(at[0].total, 2), &at[0].grade);
            if at.len() > 1 {
                format!(
                    "第{k}名（并列{}个）：{}（{total}，{grade}）",
                    at.len(),
                    names.join("、")
                )
            } else {
                format!("第{k}名：{}（{total}，{grade}）", names[0])
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// 四、名次稳定性: ranks fixed within the weight tolerance, and the widest intervals.
fn stability(ev: &Evaluation, lang: Lang) -> Table {
    let tol = ev.analysis.tolerance * 100.0;
    let rows = ev
        .results
        .iter()
        .zip(&ev.analysis.per)
        .map(|(r, a)| {
            let (fixed, wide) = a.summary(r);
            let n = r.entities.iter().filter(|e| e.has_data).count();
            let mut lines: Vec<String> = wide
                .iter()
                .take(6)
                .map(|(name, iv)| format!("{name}（第{}名）", iv.text()))
                .collect();
            if wide.len() > 6 {
                lines.push(format!("等共 {} 个，见排名表“名次区间”列", wide.len()));
            }
            if wide.is_empty() {
                lines.push("无".to_string());
            }
            vec![
                Cell::text(&r.assessment.title),
                Cell::text(format!("{n} 个中 {fixed} 个")),
                Cell::text(lines.join("\n")),
            ]
        })
        .collect();
    Table {
        id: "stability".into(),
        headers: vec![
            tr(lang, "考核类别"),
            format!("权重±{tol:.0}%内名次不变"),
            "名次区间跨三个及以上名次".into(),
        ],
        rows,
    }
}

/// Charts: grade distribution (from the table at `gstart`) and monthly volume (from 信访趋势).
fn charts(
    ws: &mut Worksheet,
    ev: &Evaluation,
    lang: Lang,
    (row, gstart): (u32, u32),
    ngrades: u16,
) -> Result<(), XlsxError> {
    let name = Sheet::Overview.name(lang);
    let trend_sheet = Sheet::Trends.name(lang);
    if ngrades > 0 && !ev.results.is_empty() {
        let mut col = Chart::new(ChartType::Column);
        for (i, _) in ev.results.iter().enumerate() {
            let r = gstart + 1 + i as u32;
            col.add_series()
                .set_name((name, r, 0))
                .set_categories((name, gstart, 1, gstart, ngrades))
                .set_values((name, r, 1, r, ngrades));
        }
        col.title().set_name("等次分布");
        ws.insert_chart(row, 0, &col)?;
    }
    let years = ev.trends.monthly.len() as u32;
    if years > 0 {
        let mut line = Chart::new(ChartType::Line);
        for r in 3..3 + years {
            line.add_series()
                .set_name((trend_sheet, r, 0))
                .set_categories((trend_sheet, 2, 1, 2, 12))
                .set_values((trend_sheet, r, 1, r, 12));
        }
        line.title().set_name("月度信访量");
        ws.insert_chart(row, 2, &line)?;
    }
    Ok(())
}
