//! The report's content as plain tables, built once from an [`Evaluation`] and then written
//! as xlsx (styled) and, on request, as CSV / JSON. No rust_xlsxwriter types here.

pub use super::words::{indicator_label, tr, Lang, Sheet, SHEETS_ZH};
use crate::evaluate::Evaluation;
use crate::metrics::table::Kind;
use crate::score::rubric::Source;
use crate::score::ScoreResult;
use crate::trend::{Trends, YoyRow};

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number shown with two decimals.
    Num(f64),
    /// A count shown without decimals.
    Int(f64),
    /// A ratio shown as a percentage.
    Pct(f64),
    /// A rank change shown with ↑ / ↓.
    Change(f64),
    /// A statistic shown with four decimals (p, z, Tau).
    Fine(f64),
    /// Short text shown centred (名次区间).
    Center(String),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    fn opt(v: Option<f64>, f: fn(f64) -> Cell) -> Cell {
        v.map_or(Cell::Empty, f)
    }
    /// The text the cell shows in the workbook — its number format with Excel's rounding
    /// (SPEC §5.1 "One number, one text"): what a sentence quoting it writes.
    pub fn shown(&self) -> String {
        use crate::vocab::fmt_fixed;
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Center(s) => s.clone(),
            Cell::Num(n) => fmt_fixed(*n, 2),
            Cell::Int(n) => fmt_fixed(*n, 0),
            Cell::Pct(n) => format!("{}%", fmt_fixed(n * 100.0, 1)),
            Cell::Fine(n) => fmt_fixed(*n, 4),
            Cell::Change(n) if *n > 0.0 => format!("↑{}", fmt_fixed(*n, 0)),
            Cell::Change(n) if *n < 0.0 => format!("↓{}", fmt_fixed(-n, 0)),
            Cell::Change(_) => "－".into(),
        }
    }
    /// Plain text form (CSV).
    pub fn plain(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Center(s) => s.clone(),
            Cell::Num(n) | Cell::Int(n) | Cell::Pct(n) | Cell::Change(n) | Cell::Fine(n) => {
                format!("{n}")
            }
        }
    }
}

/// A titled table with one header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File stem for CSV / JSON.
    pub id: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A raw value's cell, as the metric table says it is shown: categories as their words (not
/// 1.00 / 0.60 / 0.00, SPEC §5), ratios as percentages, counts without decimals; a manual
/// score with two decimals.
fn value_cell(source: &Source, v: Option<f64>) -> Cell {
    let Some(x) = v else {
        return Cell::Empty;
    };
    let Source::Metric(m) = source else {
        return Cell::Num(x);
    };
    match m.kind() {
        Kind::Category(_) => Cell::text(m.show(x)),
        Kind::Ratio => Cell::Pct(x),
        Kind::Count => Cell::Int(x),
        Kind::Number => Cell::Num(x),
    }
}

/// The ranked table of one assessment (without its title lines), in SPEC §5's order so the
/// 公示表 that prints is one block: 排名, name, group, 总分, 等次, (上年排名, 名次变化), 名次区间,
/// (变化原因), 备注 — then per indicator raw value and points, then the adjust items.
pub fn ranked(
    r: &ScoreResult,
    lang: Lang,
    with_prev: bool,
    an: Option<&crate::analysis::AssessmentAnalysis>,
) -> Table {
    let a = &r.assessment;
    let mut headers = vec![
        tr(lang, "排名"),
        tr(lang, a.kind.name_header()),
        tr(lang, a.kind.group_header()),
        tr(lang, "总分"),
        tr(lang, "等次"),
    ];
    if with_prev {
        headers.push(tr(lang, "上年排名"));
        headers.push(tr(lang, "名次变化"));
    }
    headers.push(tr(lang, "名次区间"));
    if with_prev {
        headers.push(tr(lang, "变化原因"));
    }
    headers.push(tr(lang, "备注"));
    for i in &a.indicators {
        headers.push(indicator_label(lang, &i.header(), i.metric.code()));
        let l = indicator_label(lang, &i.label, i.metric.code());
        headers.push(match lang {
            Lang::Zh => format!("{l}得分"),
            Lang::En => format!("{l} points"),
        });
    }
    for j in &a.adjusts {
        headers.push(indicator_label(lang, &j.label, j.metric.code()));
    }
    let mut rows = Vec::new();
    for e in &r.entities {
        let mut row = vec![
            rank_cell(e),
            Cell::text(&e.name),
            Cell::text(&e.group),
            if e.has_data {
                Cell::Num(e.total)
            } else {
                Cell::Empty
            },
            Cell::text(&e.grade),
        ];
        if with_prev {
            row.push(Cell::opt(e.prev_rank.map(|x| x as f64), Cell::Int));
            row.push(Cell::opt(e.change.map(|x| x as f64), Cell::Change));
        }
        let interval = an
            .and_then(|a| a.intervals.get(&e.name))
            .filter(|_| e.has_data);
        row.push(interval.map_or(Cell::Empty, |i| Cell::Center(i.text())));
        if with_prev {
            let why = an.and_then(|a| a.changes.get(&e.name));
            row.push(why.map_or(Cell::Empty, |c| Cell::text(one_item_a_line(&c.text))));
        }
        row.push(Cell::text(one_item_a_line(&e.remarks.join("；"))));
        if e.has_data {
            for (i, x) in a.indicators.iter().zip(&e.indicators) {
                row.push(value_cell(&i.metric, x.raw));
                row.push(Cell::Num(x.points));
            }
            for x in &e.adjusts {
                row.push(Cell::Num(x.points + 0.0));
            }
        } else {
            row.extend((0..a.indicators.len() * 2 + a.adjusts.len()).map(|_| Cell::Empty));
        }
        rows.push(row);
    }
    Table {
        id: format!("{:?}", a.kind).to_lowercase(),
        headers,
        rows,
    }
}

/// SPEC §5.1: 变化原因 and 备注 put one item per line — a line break after each `；`, so no
/// item wraps inside a number.
pub fn one_item_a_line(s: &str) -> String {
    s.replace('；', "；\n")
}

/// The number of columns of a ranked table that print (the 公示表, 排名 … 备注).
pub fn printed_columns(with_prev: bool) -> usize {
    if with_prev {
        10
    } else {
        7
    }
}

/// 排名: the rank, `不参评` (SPEC §1.10) or `—` (无考核数据).
fn rank_cell(e: &crate::score::Scored) -> Cell {
    match e.rank {
        Some(x) => Cell::Int(x as f64),
        None if e.grade == crate::score::NOT_RANKED => Cell::text(&e.grade),
        None => Cell::text("—"),
    }
}

/// 评分明细: one line per entity × indicator (and adjust item).
pub fn details(results: &[ScoreResult], analysis: &crate::analysis::Analysis, lang: Lang) -> Table {
    let headers = [
        "考核类别",
        "对象",
        "指标",
        "原始值",
        "标准化值",
        "权重",
        "得分",
        "上年得分",
        "得分变化",
        "说明",
    ]
    .iter()
    .map(|h| tr(lang, h))
    .collect();
    let mut rows = Vec::new();
    for (k, r) in results.iter().enumerate() {
        let a = &r.assessment;
        let changes = analysis.per.get(k).map(|x| &x.changes);
        for e in r.entities.iter().filter(|e| e.has_data) {
            // 上年得分 / 得分变化 per indicator, then per adjust item (SPEC §8.2)
            let prev = |j: usize| -> (Cell, Cell) {
                match changes
                    .and_then(|c| c.get(&e.name))
                    .and_then(|c| c.deltas.get(j))
                {
                    Some(d) => (Cell::Num(d.prev_points + 0.0), Cell::Num(d.delta + 0.0)),
                    None => (Cell::Empty, Cell::Empty),
                }
            };
            for (j, (i, x)) in a.indicators.iter().zip(&e.indicators).enumerate() {
                let (p, d) = prev(j);
                rows.push(vec![
                    Cell::text(&a.title),
                    Cell::text(&e.name),
                    Cell::text(indicator_label(lang, &i.header(), i.metric.code())),
                    value_cell(&i.metric, x.raw),
                    Cell::Num(x.v),
                    Cell::Pct(x.weight),
                    Cell::Num(x.points),
                    p,
                    d,
                    Cell::text(&x.detail),
                ]);
            }
            for (j, (adj, x)) in a.adjusts.iter().zip(&e.adjusts).enumerate() {
                let (p, d) = prev(a.indicators.len() + j);
                rows.push(vec![
                    Cell::text(&a.title),
                    Cell::text(&e.name),
                    Cell::text(indicator_label(lang, &adj.label, adj.metric.code())),
                    Cell::Num(x.raw),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Num(x.points + 0.0),
                    p,
                    d,
                    Cell::Empty,
                ]);
            }
        }
    }
    Table {
        id: "details".into(),
        headers,
        rows,
    }
}

/// 异常提示: one line per prompt (SPEC §8.3).
pub fn flags(ev: &Evaluation, lang: Lang) -> Table {
    Table {
        id: "flags".into(),
        headers: ["类型", "对象", "依据", "建议"]
            .iter()
            .map(|h| tr(lang, h))
            .collect(),
        rows: ev
            .analysis
            .flags
            .iter()
            .map(|f| {
                vec![
                    Cell::text(f.kind.label()),
                    Cell::text(&f.target),
                    Cell::text(&f.basis),
                    Cell::text(f.kind.advice()),
                ]
            })
            .collect(),
    }
}

/// 数据问题: one line per problem.
pub fn issues(ev: &Evaluation, lang: Lang) -> Table {
    let headers = ["文件", "工作表", "行号", "列", "值", "问题", "处理"]
        .iter()
        .map(|h| tr(lang, h))
        .collect();
    let all = ev
        .ds
        .issues
        .iter()
        .chain(ev.results.iter().flat_map(|r| r.issues.iter()));
    let rows = all
        .map(|i| {
            vec![
                Cell::text(&i.file),
                Cell::text(&i.sheet),
                if i.row > 0 {
                    Cell::Int(i.row as f64)
                } else {
                    Cell::Empty
                },
                Cell::text(&i.column),
                Cell::text(&i.value),
                Cell::text(&i.problem),
                Cell::text(i.action.label()),
            ]
        })
        .collect();
    Table {
        id: "issues".into(),
        headers,
        rows,
    }
}

/// 运行信息: where each kind's accepted rows went (SPEC §1.10: accepted = used + merged +
/// unmatched).
pub fn accounts(ev: &Evaluation, lang: Lang) -> Table {
    let headers = [
        "台账类别",
        "接受行数",
        "计入",
        "已合并",
        "未对上（见数据问题）",
        "核对",
    ]
    .iter()
    .map(|h| tr(lang, h))
    .collect();
    let rows = ev
        .accounts
        .iter()
        .map(|a| {
            vec![
                Cell::text(a.kind.label()),
                Cell::Int(a.accepted as f64),
                Cell::Int(a.used as f64),
                Cell::Int(a.merged as f64),
                Cell::Int(a.unmatched as f64),
                Cell::text(if a.balances() {
                    "相符"
                } else {
                    "不符，请报告维护人员"
                }),
            ]
        })
        .collect();
    Table {
        id: "accounts".into(),
        headers,
        rows,
    }
}

/// 运行信息: files with SHA-256 and row counts.
pub fn files(ev: &Evaluation, lang: Lang) -> Table {
    let headers = [
        "文件",
        "SHA-256",
        "识别的工作表",
        "读取行数",
        "接受行数",
        "剔除行数",
        "备注",
    ]
    .iter()
    .map(|h| tr(lang, h))
    .collect();
    let rows = ev
        .ds
        .files
        .iter()
        .map(|f| {
            let sheets: Vec<String> = f
                .sheets
                .iter()
                .map(|s| match s.kind {
                    Some(k) => format!(
                        "{}（{}，表头在{}）",
                        s.display_name(),
                        k.label(),
                        s.header_rows()
                    ),
                    None => format!("{}（未识别）", s.display_name()),
                })
                .collect();
            vec![
                Cell::text(&f.path),
                Cell::text(&f.sha256),
                Cell::text(sheets.join("；")),
                Cell::Int(f.rows_read as f64),
                Cell::Int(f.accepted() as f64),
                Cell::Int(f.rejected as f64),
                Cell::text(f.error.clone().unwrap_or_default()),
            ]
        })
        .collect();
    Table {
        id: "files".into(),
        headers,
        rows,
    }
}

/// 信访趋势 monthly table: 年份, 1月 … 12月, 合计, 同比.
pub fn monthly(t: &Trends, lang: Lang) -> Table {
    let mut headers = vec![tr(lang, "年份")];
    headers.extend((1..=12).map(|m| match lang {
        Lang::Zh => format!("{m}月"),
        Lang::En => format!("M{m}"),
    }));
    headers.push(tr(lang, "合计"));
    headers.push(tr(lang, "同比"));
    let rows = t
        .monthly
        .iter()
        .map(|r| {
            let mut row = vec![Cell::Int(r.year as f64)];
            row.extend(r.counts.iter().map(|c| Cell::opt(*c, Cell::Int)));
            row.push(Cell::Int(r.total));
            row.push(Cell::opt(r.yoy, Cell::Pct));
            row
        })
        .collect();
    Table {
        id: "monthly".into(),
        headers,
        rows,
    }
}

/// The month-by-month YoY table (same layout as [`monthly`]).
pub fn monthly_yoy(t: &Trends, lang: Lang) -> Table {
    let mut tab = monthly(t, lang);
    tab.id = "monthly_yoy".into();
    tab.headers.truncate(13);
    tab.rows = t
        .monthly
        .iter()
        .skip(1)
        .map(|r| {
            let mut row = vec![Cell::Int(r.year as f64)];
            row.extend(r.month_yoy.iter().map(|c| Cell::opt(*c, Cell::Pct)));
            row
        })
        .collect();
    tab
}

/// A Y−1 / Y comparison table.
pub fn yoy_table(id: &str, first: &str, rows: &[YoyRow], lang: Lang) -> Table {
    Table {
        id: id.into(),
        headers: [first, "上年同期", "本年", "增减", "同比"]
            .iter()
            .map(|h| tr(lang, h))
            .collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(&r.key),
                    Cell::Int(r.prev),
                    Cell::Int(r.cur),
                    Cell::Int(r.change),
                    Cell::opt(r.yoy, Cell::Pct),
                ]
            })
            .collect(),
    }
}

/// Handling quality by year.
pub fn quality(t: &Trends, lang: Lang) -> Table {
    Table {
        id: "quality".into(),
        headers: ["年份", "信访量", "办结率", "按期办结率", "满意率"]
            .iter()
            .map(|h| tr(lang, h))
            .collect(),
        rows: t
            .quality
            .iter()
            .map(|q| {
                vec![
                    Cell::Int(q.year as f64),
                    Cell::Int(q.complaints),
                    Cell::Pct(q.closure_rate),
                    Cell::Pct(q.on_time_rate),
                    Cell::Pct(q.satisfaction_rate),
                ]
            })
            .collect(),
    }
}

/// The Mann-Kendall results.
pub fn mann_kendall(t: &Trends, lang: Lang) -> Table {
    let headers = [
        "检验",
        "趋势",
        "p 值",
        "Z 值",
        "Kendall τ",
        "检验统计量 S",
        "方差",
        "Sen 斜率（件/月）",
        "截距",
    ]
    .iter()
    .map(|h| tr(lang, h))
    .collect();
    let mut rows = Vec::new();
    for (name, r) in [
        ("逐月序列检验（Mann-Kendall）", &t.plain),
        ("同月比较检验（季节性 Mann-Kendall，周期 12）", &t.seasonal),
    ] {
        if let Some(r) = r {
            rows.push(vec![
                Cell::text(name),
                Cell::text(match lang {
                    Lang::Zh => r.trend.label(),
                    Lang::En => r.trend.as_str(),
                }),
                Cell::Fine(r.p),
                Cell::Fine(r.z),
                Cell::Fine(r.tau),
                Cell::Int(r.s),
                Cell::Num(r.var_s),
                Cell::Fine(r.slope),
                Cell::Fine(r.intercept),
            ]);
        }
    }
    Table {
        id: "mann_kendall".into(),
        headers,
        rows,
    }
}
