//! One worksheet as a [`FileReader`] sees it (SPEC §1, §1.7): the header searched in the first
//! 20 rows (blocks of one to three rows), merged cells filled, summary and footer rows skipped
//! with one `已跳过` line, data rows handed to the validators, near-miss sheets reported.
//!
//! Merged ranges cost nothing when a format keeps them in memory (`.xls`). In `.xlsx` they sit
//! after the sheet data and reading them is a second pass over the sheet, so they are asked for
//! only when they can matter: the header was not found, a sheet is small, or a cell came back
//! empty in a column offices merge (required and grouping columns). If they then change what
//! was read, the sheet is forgotten and read again with them filled; a tidy ledger pays nothing.

use super::cell::{header_key, Val};
use super::file::{FileReader, Marks, SheetState, HEADER_SEARCH_COLS, HEADER_SEARCH_ROWS};
use super::layout::{self, BlockColumn, Merge, MergeFill, RowRole};
use super::read::RowSink;
use crate::model::*;

/// A sheet with at most this many data rows has its merged ranges checked when any used cell
/// is empty (not only one in a column offices usually merge).
pub const SMALL_SHEET_ROWS: u32 = 10_000;

/// The non-blank text cells of a row, with their columns.
fn text_cells(cells: &[Val<'_>]) -> Vec<(u32, String)> {
    cells
        .iter()
        .enumerate()
        .filter_map(|(c, v)| match v {
            Val::Text(t) if !v.is_blank() => Some((c as u32, t.to_string())),
            _ => None,
        })
        .collect()
}

impl FileReader {
    fn marks(&self) -> Marks {
        let o = &self.out;
        Marks {
            records: o.records.lens(),
            issues: o.issues.len(),
            notices: o.notices.len(),
            warnings: o.warnings.len(),
            rows_read: o.rows_read,
            rejected: o.rejected,
        }
    }

    /// Try the header blocks ending at `row` (depth 1, 2, 3), SPEC §1.7.
    fn try_header(&mut self, row: u32) {
        let st = &mut self.st;
        for depth in 1..=3u32 {
            if depth > row + 1 {
                break;
            }
            let top = row + 1 - depth;
            let rows: Vec<&[(u32, String)]> = st
                .window
                .iter()
                .filter(|(r, _)| *r >= top && *r <= row)
                .map(|(_, c)| c.as_slice())
                .collect();
            // a block needs its lowest row; shallower blocks were tried already
            if depth > 1 && rows.len() < 2 {
                continue;
            }
            let cols: Vec<BlockColumn> = layout::block_columns(&rows);
            let recognised = layout::recognise_block(&cols);
            let summary = match &recognised {
                Ok(_) => layout::summary_columns(&cols),
                Err(_) => Vec::new(),
            };
            match recognised {
                Ok(map) if !summary.is_empty() => {
                    // SPEC §1.10: a summary sheet beside the records is not a ledger
                    let what = summary.join("、");
                    st.searching = false;
                    st.summary_sheet = true;
                    let kind = map.kind.label();
                    let problem = format!(
                        "汇总表：表头有统计列（{what}），不是逐条记录的{kind}，整张表未读取"
                    );
                    self.sheet_issue(row + 1, what, problem);
                    return;
                }
                Ok(map) => {
                    let found = map.cols.iter().flatten().count();
                    let info = &mut self.out.sheets[self.sheet as usize];
                    info.kind = Some(map.kind);
                    info.header_row = row + 1;
                    // a header merged down from above (序号, 信访编号) belongs to the block
                    let merged_top = st.merges.as_ref().and_then(|m| m.block_top(row));
                    info.header_top = merged_top.map_or(top, |t| t.min(top)) + 1;
                    st.header_width = cols.last().map_or(0, |c| c.col as usize + 1);
                    st.merge_fields = (map.kind.fields().iter().enumerate())
                        .filter_map(|(i, f)| f.merged.then_some(i))
                        .collect();
                    st.data_width = (map.width() as usize).max(st.header_width);
                    st.map = Some(map);
                    st.data_start = row + 1;
                    st.searching = false;
                    st.pending = (row + 1 - top < 3).then_some((top, found));
                    return;
                }
                Err(Some(fit)) => {
                    let better = st.near.as_ref().is_none_or(|(_, n)| {
                        fit.required_found * n.required > n.required_found * fit.required
                    });
                    if better {
                        st.near = Some((row, *fit));
                    }
                }
                Err(None) => {}
            }
        }
    }

    /// The row right below a header that was just found: when the block including it fits the
    /// same kind with more recognised headers, the header extends over it (SPEC §1.7: a
    /// parent row that already holds every required name, above a row of child names).
    fn extends_header(&mut self, row: u32, cells: &[Val<'_>]) -> bool {
        let Some((top, found)) = self.st.pending.take() else {
            return false;
        };
        let Some(kind) = self.st.map.as_ref().map(|m| m.kind) else {
            return false;
        };
        if row != self.st.data_start || row >= HEADER_SEARCH_ROWS {
            return false;
        }
        let texts: Vec<(u32, String)> = text_cells(cells);
        self.st.window.push((row, texts));
        let rows: Vec<&[(u32, String)]> = self
            .st
            .window
            .iter()
            .filter(|(r, _)| *r >= top && *r <= row)
            .map(|(_, c)| c.as_slice())
            .collect();
        let cols = layout::block_columns(&rows);
        let fit = layout::fit(kind, &cols);
        let more = fit.map.cols.iter().flatten().count();
        if !fit.complete() || more <= found {
            return false;
        }
        let info = &mut self.out.sheets[self.sheet as usize];
        info.header_row = row + 1;
        self.st.header_width = self
            .st
            .header_width
            .max(cols.last().map_or(0, |c| c.col as usize + 1));
        self.st.data_width = (fit.map.width() as usize).max(self.st.header_width);
        self.st.map = Some(fit.map);
        self.st.data_start = row + 1;
        self.st.pending = (row + 1 - top < 3).then_some((top, more));
        true
    }

    fn data_row(&mut self, row: u32, cells: &[Val<'_>]) {
        let Some(map) = self.st.map.take() else {
            return;
        };
        self.out.rows_read += 1;
        self.st.data_rows += 1;
        if !self.st.holes.is_empty() && self.formula_hole(row, &map) {
            self.st.map = Some(map);
            return;
        }
        if !self.st.any_empty && self.st.data_rows <= SMALL_SHEET_ROWS {
            self.st.any_empty = map
                .cols
                .iter()
                .flatten()
                .any(|&c| cells.get(c as usize).is_none_or(Val::is_blank));
        }
        if !self.st.required_empty {
            // One pass over the columns offices merge: an empty one makes the sheet's merged
            // ranges worth reading; an empty required one is worth a word for formats without.
            let fl = map.kind.fields();
            for &i in &self.st.merge_fields {
                let c = map.cols[i];
                if c.is_some_and(|c| cells.get(c as usize).is_none_or(Val::is_blank)) {
                    self.st.suspect = true;
                    if fl[i].required {
                        self.st.required_empty = true;
                        break;
                    }
                }
            }
        }
        match map.kind {
            SheetKind::Complaints => self.complaint(row, cells, &map),
            SheetKind::Register => self.company(row, cells, &map),
            SheetKind::Duty => self.duty(row, cells, &map),
            SheetKind::Roster => self.roster(row, cells, &map),
            SheetKind::Notes => self.note(row, cells, &map),
            SheetKind::Manual => self.manual(row, cells, &map),
        }
        self.st.map = Some(map);
    }

    /// SPEC §1.10: a formula cell without a cached value in a column the layout reads rejects
    /// the row, with the hint to open and save the file once.
    fn formula_hole(&mut self, row: u32, map: &super::kinds::ColumnMap) -> bool {
        let cols = map.cols.iter().zip(&map.headers);
        let Some((c, h)) = cols
            .filter_map(|(c, h)| c.map(|c| (c, h)))
            .find(|(c, _)| self.st.holes.contains(&(row, *c)))
        else {
            return false;
        };
        let sheet = self.sheet_name();
        self.out.issues.push(Issue {
            place: Some(self.place(row)),
            file: self.path.clone(),
            sheet,
            row: row + 1,
            column: format!("{} {h}", crate::vocab::col_letter(c)),
            value: String::new(),
            problem: "这一格是公式，但文件里没有它的计算结果（文件由程序生成、没有在 Excel 中计算过）：请用 Excel 或 WPS 打开该文件、保存一次后重新运行".into(),
            action: Action::Rejected,
        });
        self.out.rejected += 1;
        true
    }

    /// The header pasted again (print titles copied as rows), or a `续表` title above it
    /// (SPEC §1.10): skipped, listed in the sheet's `已跳过` line.
    fn repeats_header(&self, cells: &[Val<'_>]) -> bool {
        let Some(map) = &self.st.map else {
            return false;
        };
        let mut filled = cells.iter().filter(|v| !v.is_blank());
        if let (Some(Val::Text(t)), None) = (filled.next(), filled.next()) {
            return t.contains("续表") || t.contains("（续）");
        }
        // cheap first: the first used column repeats its header exactly (a pasted copy)
        let first = map
            .cols
            .iter()
            .zip(&map.headers)
            .find_map(|(c, h)| c.map(|c| (c, h)));
        let Some((c0, h0)) = first else {
            return false;
        };
        if !matches!(cells.get(c0 as usize), Some(Val::Text(t)) if t.trim() == h0.as_str()) {
            return false;
        }
        let mut same = 0;
        for (c, h) in map.cols.iter().zip(&map.headers) {
            let Some(c) = c else { continue };
            match cells.get(*c as usize) {
                Some(Val::Text(t)) if header_key(t) == header_key(h) => same += 1,
                Some(v) if !v.is_blank() => return false,
                _ => {}
            }
        }
        same >= 2
    }

    /// Every used column is blank and the row holds only numbers elsewhere: a 序号 typed
    /// ahead on an empty printed form, not a record.
    fn only_numbered(&self, cells: &[Val<'_>]) -> bool {
        let Some(map) = &self.st.map else {
            return false;
        };
        map.cols
            .iter()
            .flatten()
            .all(|&c| cells.get(c as usize).is_none_or(Val::is_blank))
            && cells
                .iter()
                .all(|v| v.is_blank() || matches!(v, Val::Num(_)))
    }

    fn sheet_issue(&mut self, row: u32, value: String, problem: String) {
        let sheet = self.sheet_name();
        self.out.issues.push(Issue {
            place: Some(Place {
                row,
                ..self.place(0)
            }),
            file: self.path.clone(),
            sheet,
            row,
            column: String::new(),
            value,
            problem,
            action: Action::Skipped,
        });
    }

    /// The one `已跳过` line of a sheet for its summary, numbered-only and footer rows.
    fn skipped_line(&mut self) {
        let st = &self.st;
        if st.summary_rows.is_empty()
            && st.footer.is_none()
            && st.numbered_rows.is_empty()
            && st.header_again.is_empty()
        {
            return;
        }
        let list = |rows: &[u32]| {
            let mut t: Vec<String> = rows.iter().take(20).map(u32::to_string).collect();
            if rows.len() > 20 {
                t.push("…".into());
            }
            t.join("、")
        };
        let mut parts = Vec::new();
        if !st.summary_rows.is_empty() {
            parts.push(format!(
                "跳过合计/小计行 {} 行（第 {} 行），不计入数据",
                st.summary_rows.len(),
                list(&st.summary_rows)
            ));
        }
        if !st.header_again.is_empty() {
            parts.push(format!(
                "跳过重复的表头行（含续表标题）{} 行（第 {} 行）",
                st.header_again.len(),
                list(&st.header_again)
            ));
        }
        if !st.numbered_rows.is_empty() {
            parts.push(format!(
                "跳过只有序号、其余为空的行 {} 行（第 {} 行）",
                st.numbered_rows.len(),
                list(&st.numbered_rows)
            ));
        }
        let mut value = String::new();
        if let Some((r, t)) = &st.footer {
            parts.push(format!("表尾从第 {r} 行起（填表人、审核人、注释等）未读取"));
            value = t.clone();
        }
        let row = [
            st.summary_rows.first().copied(),
            st.numbered_rows.first().copied(),
            st.header_again.first().copied(),
            st.footer.as_ref().map(|f| f.0),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
        self.sheet_issue(row, value, parts.join("；"));
    }

    fn near_miss_line(&mut self) {
        let Some((row, fit)) = self.st.near.take() else {
            return;
        };
        let kind = fit.map.kind;
        let problem = format!(
            "表头不完整，未能识别为「{}」：缺少 {}；整张表未读取，请补全或改正表头后重新运行",
            kind.label(),
            fit.missing.join("、")
        );
        let name = self.sheet_name();
        self.sheet_issue(row + 1, String::new(), problem);
        self.out.warnings.push(Warning {
            scope: kind.scope(),
            strict: true,
            text: format!(
                "{} › {} 像是{}，但表头缺少 {}，整张表未读取（见数据问题）",
                self.path,
                name,
                kind.label(),
                fit.missing.join("、")
            ),
        });
    }
}

impl RowSink for FileReader {
    fn begin_sheet(&mut self, name: &str, is_1904: bool, hidden: bool, merges: Option<Vec<Merge>>) {
        self.sheet = self.out.sheets.len() as u32;
        self.out.sheets.push(SheetInfo {
            name: name.to_string(),
            kind: None,
            header_row: 0,
            header_top: 0,
            hidden,
            rows_read: 0,
            rejected: 0,
        });
        self.is_1904 = is_1904;
        self.st = SheetState {
            marks: self.marks(),
            merges_known: merges.is_some(),
            merges: merges.map(MergeFill::new),
            searching: true,
            ..Default::default()
        };
    }

    fn row(&mut self, row: u32, cells: &mut Vec<Val<'_>>) {
        if self.done() {
            return;
        }
        // A row blank in itself stays blank: a merged range reaching into it adds nothing.
        if cells.iter().all(Val::is_blank) {
            return;
        }
        let width = self.width();
        if let Some(mf) = &mut self.st.merges {
            mf.apply(row, cells, width);
        }
        if self.st.searching {
            if row >= HEADER_SEARCH_ROWS {
                self.st.searching = false;
                return;
            }
            let texts = text_cells(cells);
            if !texts.is_empty() {
                self.st.window.push((row, texts));
                self.try_header(row);
            }
            return;
        }
        if self.st.map.is_none() {
            return;
        }
        if self.st.pending.is_some() && self.extends_header(row, cells) {
            return;
        }
        self.st.pending = None;
        if self.repeats_header(cells) {
            self.st.header_again.push(row + 1);
            return;
        }
        match layout::row_role(cells) {
            RowRole::Data if self.only_numbered(cells) => self.st.numbered_rows.push(row + 1),
            RowRole::Data => self.data_row(row, cells),
            RowRole::Summary => self.st.summary_rows.push(row + 1),
            RowRole::Footer(t) => self.st.footer = Some((row + 1, t)),
        }
    }

    fn done(&self) -> bool {
        let st = &self.st;
        st.footer.is_some() || (!st.searching && st.map.is_none())
    }

    fn width(&self) -> usize {
        match &self.st.map {
            Some(_) => self.st.data_width,
            None if self.st.searching => HEADER_SEARCH_COLS,
            None => 0,
        }
    }

    fn wants_merges(&self) -> bool {
        let st = &self.st;
        if st.merges_known {
            return false;
        }
        match &st.map {
            None => !st.window.is_empty(),
            Some(_) => {
                st.data_rows > 0
                    && (st.suspect || (st.any_empty && st.data_rows <= SMALL_SHEET_ROWS))
            }
        }
    }

    fn wants_formula_holes(&self) -> bool {
        let st = &self.st;
        st.map.is_some()
            && st.data_rows > 0
            && (st.required_empty || (st.any_empty && st.data_rows <= SMALL_SHEET_ROWS))
    }

    fn holes_matter(&self, holes: &[(u32, u32)]) -> bool {
        let Some(map) = &self.st.map else {
            return false;
        };
        let start = self.st.data_start;
        holes
            .iter()
            .any(|(r, c)| *r >= start && map.cols.iter().flatten().any(|x| x == c))
    }

    fn warn(&mut self, text: String) {
        self.out.warnings.push(Warning {
            scope: Scope::All,
            strict: true,
            text: format!("{}：{text}", self.path),
        });
    }

    fn set_formula_holes(&mut self, holes: Vec<(u32, u32)>) {
        self.st.holes = holes.into_iter().collect();
    }

    fn merges_matter(&self, merges: &[Merge]) -> bool {
        let st = &self.st;
        match &st.map {
            None => merges.iter().any(|m| {
                m.spans() && m.r1 < HEADER_SEARCH_ROWS && (m.c1 as usize) < HEADER_SEARCH_COLS
            }),
            Some(map) => {
                let cols: Vec<u32> = map.cols.iter().flatten().copied().collect();
                merges
                    .iter()
                    .any(|m| cols.iter().any(|&c| m.fills(c, st.data_start)))
            }
        }
    }

    fn rollback_sheet(&mut self) {
        let m = self.st.marks;
        let o = &mut self.out;
        o.records.truncate(m.records);
        o.issues.truncate(m.issues);
        o.notices.truncate(m.notices);
        o.warnings.truncate(m.warnings);
        o.rows_read = m.rows_read;
        o.rejected = m.rejected;
        o.sheets.pop();
    }

    fn end_sheet(&mut self, merges_available: bool) {
        let (read, rejected) = (
            self.out.rows_read - self.st.marks.rows_read,
            self.out.rejected - self.st.marks.rejected,
        );
        let info = &mut self.out.sheets[self.sheet as usize];
        info.rows_read = read;
        info.rejected = rejected;
        let info = &self.out.sheets[self.sheet as usize];
        let name = info.name.clone();
        if info.kind.is_none() {
            if self.st.near.is_some() {
                self.near_miss_line();
            } else if !self.st.summary_sheet {
                self.out.notices.push(format!(
                    "{} › {}: 前 {} 行中没有可识别的表头，不是台账，已跳过",
                    self.path, name, HEADER_SEARCH_ROWS
                ));
            }
        } else {
            self.skipped_line();
            let rejected = self.out.rejected > self.st.marks.rejected;
            if !merges_available && self.st.required_empty && rejected {
                let kind = self.out.sheets[self.sheet as usize].kind;
                self.out.warnings.push(Warning {
                    scope: kind.map_or(Scope::All, SheetKind::scope),
                    strict: true,
                    text: format!(
                        "{} › {} 有行因必填格为空被剔除；这种文件格式（.ods / .xlsb / .csv）不保存合并单元格，若这些格子是合并单元格，请在 Excel 或 WPS 中另存为 .xlsx 后重新运行",
                        self.path, name
                    ),
                });
            }
        }
        self.st.searching = false;
        self.st.map = None;
    }
}
