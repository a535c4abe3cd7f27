//! Ledgers as offices keep them (SPEC §1.7), between the raw rows and the row validators:
//! merged cells filled from their top-left cell, a header block of one to three rows found
//! with the parent/child name rule, summary (合计, 小计 …) and footer (填表人, 注： …) rows
//! recognised, and near-miss sheets described. Nothing here knows calamine: merges arrive as
//! plain [`Merge`] rectangles from `read.rs` (or from nowhere, for formats without them).

use super::cell::{header_key, Val};
use super::kinds::ColumnMap;
use crate::fields::Key;
use crate::model::SheetKind;
use std::borrow::Cow;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// A merged range, 0-based and inclusive: rows `r1..=r2`, columns `c1..=c2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Merge {
    pub r1: u32,
    pub c1: u32,
    pub r2: u32,
    pub c2: u32,
}

impl Merge {
    /// More than one cell.
    pub fn spans(&self) -> bool {
        self.r2 > self.r1 || self.c2 > self.c1
    }
    /// Covers column `c` at some cell other than the top-left one, in rows `from..`.
    pub fn fills(&self, c: u32, from: u32) -> bool {
        c >= self.c1 && c <= self.c2 && self.r2 >= from && (c != self.c1 || self.r2 > self.r1)
    }
}

/// Fills the cells of merged ranges as rows arrive in order (SPEC §1.7: a merged range's value
/// holds for every cell of the range). Overlapping ranges (not valid in Excel, possible in a
/// hostile file) are ignored after the first, so the work per row is bounded by the width.
#[derive(Debug, Default)]
pub struct MergeFill {
    /// Not yet started, sorted so the next to start is last.
    pending: Vec<Merge>,
    /// Started and still covering rows: the range and its top-left value.
    active: Vec<(Merge, Val<'static>)>,
    /// Columns held by an active range.
    owned: Vec<bool>,
}

impl MergeFill {
    /// From the merged ranges of one sheet (single cells are dropped).
    pub fn new(mut merges: Vec<Merge>) -> Self {
        merges.retain(Merge::spans);
        merges.sort_unstable_by(|a, b| b.cmp(a));
        MergeFill {
            pending: merges,
            active: Vec::new(),
            owned: Vec::new(),
        }
    }

    /// Fill the empty cells of row `row` (0-based) covered by a merged range, up to `width`
    /// columns.
    pub fn apply<'a>(&mut self, row: u32, cells: &mut Vec<Val<'a>>, width: usize) {
        let owned = &mut self.owned;
        self.active.retain(|(m, _)| {
            let keep = m.r2 >= row;
            if !keep {
                for c in m.c1..=m.c2 {
                    if let Some(o) = owned.get_mut(c as usize) {
                        *o = false;
                    }
                }
            }
            keep
        });
        while self.pending.last().is_some_and(|m| m.r1 <= row) {
            let Some(m) = self.pending.pop() else { break };
            if m.r2 < row || m.c1 as usize >= width {
                continue;
            }
            let hi = (m.c2 as usize).min(width - 1);
            if owned.len() <= hi {
                owned.resize(hi + 1, false);
            }
            if (m.c1 as usize..=hi).any(|c| owned[c]) {
                continue;
            }
            // The value lives in the top-left cell; a range starting on a row that never
            // arrived (blank) or above the sheet's first delivered row has no value to give.
            let v = if m.r1 == row {
                cells.get(m.c1 as usize).cloned().unwrap_or(Val::Empty)
            } else {
                Val::Empty
            };
            if v.is_blank() {
                continue;
            }
            for o in &mut owned[m.c1 as usize..=hi] {
                *o = true;
            }
            self.active
                .push((Merge { c2: hi as u32, ..m }, owned_val(&v)));
        }
        for (m, v) in &self.active {
            for c in m.c1..=m.c2 {
                if row == m.r1 && c == m.c1 {
                    continue;
                }
                let c = c as usize;
                if cells.len() <= c {
                    cells.resize(c + 1, Val::Empty);
                }
                if cells[c].is_blank() {
                    cells[c] = v.clone();
                }
            }
        }
    }
}

impl MergeFill {
    /// The first row of the merged ranges that reach row `row` from up to two rows above
    /// (a header merged down through its block), if any.
    pub fn block_top(&self, row: u32) -> Option<u32> {
        self.active
            .iter()
            .filter(|(m, _)| m.r1 < row && m.r2 >= row && m.r1 + 2 >= row)
            .map(|(m, _)| m.r1)
            .min()
    }
}

/// A copy of a cell that owns its text.
pub fn owned_val(v: &Val<'_>) -> Val<'static> {
    match v {
        Val::Empty => Val::Empty,
        Val::Text(s) => Val::Text(Cow::Owned(s.to_string())),
        Val::Num(n) => Val::Num(*n),
        Val::Bool(b) => Val::Bool(*b),
        Val::Date(d) => Val::Date(*d),
        Val::Error(e) => Val::Error(e.clone()),
    }
}

/// What a row below the header is.
#[derive(Debug, Clone, PartialEq)]
pub enum RowRole {
    Data,
    /// 合计, 小计, 总计, 共计: skipped wherever it stands.
    Summary,
    /// 填表人, 审核人, 注： …: this row and every row after it are not read. Holds the text.
    Footer(String),
}

const SUMMARY: &[&str] = &["合计", "小计", "总计", "共计"];
const FOOTER: &[&str] = &[
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "负责人",
    "填表日期",
    "制表日期",
    "注：",
    "注:",
    "说明：",
    "备注：",
];

/// The role of a row by its first non-empty cell (after NFKC; spaces typed to align the
/// characters, `合　计`, are ignored).
pub fn row_role(cells: &[Val<'_>]) -> RowRole {
    let Some(first) = cells.iter().find(|v| !v.is_blank()) else {
        return RowRole::Data;
    };
    let Val::Text(t) = first else {
        return RowRole::Data;
    };
    // Fast path for the million-row case: every summary and footer word is CJK and starts
    // with one of these characters, or (the `东街道小计` form) contains 计.
    const LEADS: [char; 11] = [
        '合', '小', '总', '共', '填', '制', '审', '负', '注', '说', '备',
    ];
    let lead = t.trim_start().chars().next().unwrap_or(' ');
    if t.is_ascii() || !(LEADS.contains(&lead) || t.trim_end().ends_with('计')) {
        return RowRole::Data;
    }
    // NFKC turns the full-width colon into ':'; the footer list is compared the same way.
    let key: String = t.nfkc().filter(|c| !c.is_whitespace()).collect();
    // `东街道小计`, `2024年合计`: a short label ending in a summary word is one too.
    let ends = SUMMARY.iter().any(|p| key.ends_with(p)) && key.chars().count() <= 12;
    if SUMMARY.iter().any(|p| key.starts_with(p)) || ends {
        return RowRole::Summary;
    }
    if FOOTER
        .iter()
        .any(|p| key.starts_with(&p.nfkc().collect::<String>()))
    {
        return RowRole::Footer(t.trim().to_string());
    }
    RowRole::Data
}

/// Header keys of every field of every kind, computed once.
fn field_keys() -> &'static [Vec<Vec<String>>; 6] {
    static KEYS: OnceLock<[Vec<Vec<String>>; 6]> = OnceLock::new();
    KEYS.get_or_init(|| {
        SheetKind::ALL.map(|k| {
            k.fields()
                .iter()
                .map(|f| f.names.iter().map(|n| header_key(n)).collect())
                .collect()
        })
    })
}

/// One column of a header block: its candidate names in the order they are tried (SPEC §1.7:
/// the lowest non-empty cell, then parent and child joined, then the parent).
#[derive(Debug, Clone)]
pub struct BlockColumn {
    pub col: u32,
    pub names: Vec<String>,
}

/// The columns of the header block made of `rows` (top to bottom, each `(column, text)`).
pub fn block_columns(rows: &[&[(u32, String)]]) -> Vec<BlockColumn> {
    let mut cols: std::collections::BTreeMap<u32, Vec<&str>> = Default::default();
    for r in rows {
        for (c, t) in r.iter() {
            cols.entry(*c).or_default().push(t);
        }
    }
    cols.into_iter()
        .map(|(col, stack)| {
            let lowest = stack[stack.len() - 1];
            let mut names = vec![lowest.to_string()];
            if stack.len() > 1 {
                let parent = stack[stack.len() - 2];
                if parent != lowest {
                    names.push(format!("{parent}{lowest}"));
                    names.push(parent.to_string());
                }
            }
            BlockColumn { col, names }
        })
        .collect()
}

/// How well a header block fits one kind.
#[derive(Debug, Clone)]
pub struct Fit {
    pub map: ColumnMap,
    /// Recognised headers.
    pub found: usize,
    /// Required headers present / required in all.
    pub required_found: usize,
    pub required: usize,
    /// Canonical names of the missing required headers.
    pub missing: Vec<&'static str>,
}

impl Fit {
    pub fn complete(&self) -> bool {
        self.required_found == self.required
    }
    /// At least half (rounded up) of the required headers: a near miss when not complete.
    pub fn near(&self) -> bool {
        self.required_found > 0 && 2 * self.required_found >= self.required
    }
}

/// Match a header block against one kind: each column takes the first of its candidate
/// names that is one of the kind's headers; each field then takes the leftmost column named
/// for it, a column serving one field only (the first in layout order).
pub fn fit(kind: SheetKind, cols: &[BlockColumn]) -> Fit {
    let fl = kind.fields();
    let keys = &field_keys()[kind as usize];
    // (column, chosen name as written, its key)
    let chosen: Vec<(u32, &str, String)> = cols
        .iter()
        .filter_map(|bc| {
            bc.names.iter().find_map(|n| {
                let k = header_key(n);
                keys.iter()
                    .any(|ks| ks.contains(&k))
                    .then_some((bc.col, n.as_str(), k))
            })
        })
        .collect();
    let mut cols_out = vec![None; fl.len()];
    let mut headers = vec![String::new(); fl.len()];
    let mut taken = vec![false; chosen.len()];
    let mut found = 0;
    for (i, ks) in keys.iter().enumerate() {
        if let Some(j) = (0..chosen.len()).find(|&j| !taken[j] && ks.contains(&chosen[j].2)) {
            taken[j] = true;
            cols_out[i] = Some(chosen[j].0);
            headers[i] = chosen[j].1.trim().to_string();
            found += 1;
        }
    }
    // 考评打分 with one column per rater: the raters stand in for 得分 (SPEC §1.10)
    let raters: Vec<(u32, String)> = if kind == SheetKind::Manual {
        cols.iter()
            .filter(|bc| !chosen.iter().any(|c| c.0 == bc.col))
            .filter(|bc| super::kinds::is_rater_header(&bc.names[0]))
            .map(|bc| (bc.col, bc.names[0].trim().to_string()))
            .collect()
    } else {
        Vec::new()
    };
    let required = fl.iter().filter(|f| f.required).count();
    let missing: Vec<&'static str> = fl
        .iter()
        .zip(&cols_out)
        .filter(|(f, c)| f.required && c.is_none())
        .filter(|(f, _)| f.key != Key::Score || raters.is_empty())
        .map(|(f, _)| f.names[0])
        .collect();
    found += raters.len().min(1);
    let mut map = ColumnMap::new(kind, cols_out, headers);
    map.raters = raters;
    Fit {
        map,
        found,
        required_found: required - missing.len(),
        required,
        missing,
    }
}

/// Count and rate columns that make a header a summary table (SPEC §1.10): 信访件数 beside
/// company names, 完成项数 beside units … They are no field of any ledger.
const SUMMARY_WORDS: &[&str] = &[
    "信访件数",
    "投诉件数",
    "办结件数",
    "信访量",
    "信访总量",
    "办结率",
    "满意率",
    "按期办结率",
    "千户信访量",
    "完成项数",
    "任务数",
    "完成率",
    "走访次数",
    "走访数",
];

/// The summary columns of a header block, as written.
pub fn summary_columns(cols: &[BlockColumn]) -> Vec<String> {
    let words: Vec<String> = SUMMARY_WORDS.iter().map(|w| header_key(w)).collect();
    cols.iter()
        .filter_map(|bc| {
            let k = header_key(&bc.names[0]);
            words.contains(&k).then(|| bc.names[0].trim().to_string())
        })
        .collect()
}

/// The kind a header block belongs to (every required header present; most recognised
/// headers wins), and otherwise the best near miss.
pub fn recognise_block(cols: &[BlockColumn]) -> Result<ColumnMap, Option<Box<Fit>>> {
    let fits: Vec<Fit> = SheetKind::ALL.iter().map(|&k| fit(k, cols)).collect();
    let mut best: Option<&Fit> = None;
    for f in fits.iter().filter(|f| f.complete()) {
        if best.is_none_or(|b| f.found > b.found) {
            best = Some(f);
        }
    }
    if let Some(b) = best {
        return Ok(b.map.clone());
    }
    let mut near: Option<&Fit> = None;
    for f in fits.iter().filter(|f| f.near()) {
        let better = near.is_none_or(|n| {
            (f.required_found * n.required, f.found) > (n.required_found * f.required, n.found)
        });
        if better {
            near = Some(f);
        }
    }
    Err(near.cloned().map(Box::new))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Val<'static> {
        Val::Text(Cow::Owned(s.to_string()))
    }
    fn row(h: &[&str]) -> Vec<(u32, String)> {
        h.iter()
            .enumerate()
            .filter(|(_, s)| !s.is_empty())
            .map(|(i, s)| (i as u32, s.to_string()))
            .collect()
    }

    #[test]
    fn two_row_block_with_groups_over_columns() {
        // 序号 and 信访编号 merged down (value only in the top row), 受理信息 / 办理情况
        // merged across their columns (value only in the first).
        let top = row(&["序号", "信访编号", "受理信息", "", "", "办理情况", ""]);
        let low = row(&[
            "",
            "",
            "受理日期",
            "物业企业",
            "街道",
            "办理状态",
            "办结日期",
        ]);
        let cols = block_columns(&[&top, &low]);
        let m = recognise_block(&cols).unwrap();
        assert_eq!(m.kind, SheetKind::Complaints);
        assert_eq!(m.col(crate::fields::Key::Id), Some(1));
        assert_eq!(m.col(crate::fields::Key::Received), Some(2));
        assert_eq!(m.col(crate::fields::Key::Closed), Some(6));
        // the top row alone is a near miss of the complaint layout? No: only 信访编号 of four.
        assert!(recognise_block(&block_columns(&[&top])).is_err());
    }

    #[test]
    fn parent_and_child_are_joined_when_the_child_alone_is_no_header() {
        // 受理 over 日期 → 受理日期; 办结 over 日期 → 办结日期; 状态 stands alone.
        let top = row(&["信访编号", "受理", "物业企业", "办结", "状态"]);
        let low = row(&["", "日期", "", "日期", ""]);
        let m = recognise_block(&block_columns(&[&top, &low])).unwrap();
        assert_eq!(m.kind, SheetKind::Complaints);
        assert_eq!(m.col(crate::fields::Key::Received), Some(1));
        assert_eq!(m.col(crate::fields::Key::Closed), Some(3));
        assert_eq!(m.col(crate::fields::Key::Status), Some(4));
        // and the parent alone when neither the child nor the join is a header
        let top = row(&["指导员", "联系组织", "走访日期"]);
        let low = row(&["（姓名）", "", "（年月日）"]);
        let m = recognise_block(&block_columns(&[&top, &low])).unwrap();
        assert_eq!(m.kind, SheetKind::Notes);
        assert_eq!(m.col(crate::fields::Key::Date), Some(2));
    }

    #[test]
    fn near_miss_names_the_missing_headers() {
        let r = row(&["信访编号", "受理日期", "物业名称", "办理状态"]);
        let near = recognise_block(&block_columns(&[&r])).unwrap_err().unwrap();
        assert_eq!(near.map.kind, SheetKind::Complaints);
        assert_eq!(near.missing, vec!["物业企业"]);
        // a title row is no near miss of anything
        let r = row(&["2024年物业信访台账"]);
        assert!(recognise_block(&block_columns(&[&r]))
            .unwrap_err()
            .is_none());
    }

    #[test]
    fn merged_ranges_fill_down_and_across() {
        // B2:B4 merged (company), C2:D2 merged across.
        let mut mf = MergeFill::new(vec![
            Merge {
                r1: 1,
                c1: 1,
                r2: 3,
                c2: 1,
            },
            Merge {
                r1: 1,
                c1: 2,
                r2: 1,
                c2: 3,
            },
        ]);
        let mut r1 = vec![t("1"), t("甲物业"), t("x")];
        mf.apply(1, &mut r1, 10);
        assert_eq!(r1, vec![t("1"), t("甲物业"), t("x"), t("x")]);
        let mut r2 = vec![t("2"), Val::Empty, t("y")];
        mf.apply(2, &mut r2, 10);
        assert_eq!(r2[1], t("甲物业"));
        let mut r4 = vec![t("4"), Val::Empty];
        mf.apply(4, &mut r4, 10);
        assert_eq!(r4[1], Val::Empty, "the range ended on row 3");
    }

    #[test]
    fn overlapping_ranges_are_bounded() {
        let many: Vec<Merge> = (0..100_000)
            .map(|i| Merge {
                r1: 0,
                c1: 0,
                r2: 1_000_000,
                c2: 16_000 + (i % 7),
            })
            .collect();
        let mut mf = MergeFill::new(many);
        let mut r = vec![t("标题")];
        mf.apply(0, &mut r, 20);
        assert_eq!(mf.active.len(), 1);
        assert_eq!(r.len(), 20);
    }

    #[test]
    fn summary_and_footer_rows() {
        assert_eq!(row_role(&[t("合　计"), Val::Num(3.0)]), RowRole::Summary);
        assert_eq!(row_role(&[Val::Empty, t("东街道小计")]), RowRole::Summary);
        assert_eq!(
            row_role(&[t("填表人：张三"), Val::Empty, t("审核人：李四")]),
            RowRole::Footer("填表人：张三".into())
        );
        assert!(matches!(
            row_role(&[t("注：本表按月填报")]),
            RowRole::Footer(_)
        ));
        assert_eq!(row_role(&[Val::Num(1.0), t("合计物业")]), RowRole::Data);
        assert_eq!(row_role(&[t("XF-001"), t("合计")]), RowRole::Data);
    }

    #[test]
    fn fills_reports_cells_other_than_top_left() {
        let m = Merge {
            r1: 3,
            c1: 1,
            r2: 5,
            c2: 1,
        };
        assert!(m.fills(1, 0));
        assert!(!m.fills(2, 0));
        assert!(!m.fills(1, 6));
        let across = Merge {
            r1: 3,
            c1: 1,
            r2: 3,
            c2: 4,
        };
        assert!(!across.fills(1, 0));
        assert!(across.fills(2, 0));
    }
}
