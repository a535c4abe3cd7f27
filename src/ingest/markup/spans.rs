//! Cells that span rows and columns (`rowspan`/`colspan`, `ss:MergeDown`/`ss:MergeAcross`):
//! a merged range's value holds for every cell of the range (SPEC §1.7), so the value is
//! written into each covered cell as its row is built, and a cell of a later row goes into the
//! next column not covered from above (the HTML table model).

/// Columns a markup row is built over (a ledger uses a few dozen; the header search 512).
pub const MAX_MARKUP_COLS: u32 = 1024;

/// Cells spanning down into rows not yet read: (first column, last column, last row, text).
#[derive(Debug, Default)]
pub struct Spans {
    down: Vec<(u32, u32, u32, String)>,
}

/// One row being built: (column, text) pairs in any order, and which columns are taken.
#[derive(Debug, Default)]
pub struct RowCells {
    pub cells: Vec<(u32, String)>,
    used: Vec<bool>,
}

impl Spans {
    /// Starts row `row`: the cells covered from above, placed.
    pub fn begin_row(&mut self, row: u32) -> RowCells {
        self.down.retain(|d| d.2 >= row);
        let mut r = RowCells::default();
        for (c1, c2, _, text) in &self.down {
            for c in *c1..=*c2 {
                r.push(c, text.clone());
            }
        }
        r
    }

    /// The next column at or after `from` that no cell of `r` holds.
    pub fn free_col(r: &RowCells, mut from: u32) -> u32 {
        while r.used.get(from as usize).copied().unwrap_or(false) {
            from += 1;
        }
        from
    }

    /// Places a cell at `col` spanning `across` more columns and `down` more rows; returns the
    /// column after it.
    pub fn place(
        &mut self,
        r: &mut RowCells,
        row: u32,
        col: u32,
        across: u32,
        down: u32,
        text: String,
    ) -> u32 {
        // a span is filled cell by cell: bounded by the columns a ledger can use, so a hostile
        // `colspan="65535"` on every row cannot ask for millions of cells
        if col >= MAX_MARKUP_COLS {
            return col.saturating_add(1);
        }
        let last = col.saturating_add(across).min(MAX_MARKUP_COLS - 1);
        for c in col..=last {
            r.push(c, text.clone());
        }
        if down > 0 {
            self.down.push((col, last, row.saturating_add(down), text));
        }
        last + 1
    }
}

impl RowCells {
    fn push(&mut self, c: u32, text: String) {
        let i = c as usize;
        if self.used.len() <= i {
            self.used.resize(i + 1, false);
        }
        self.used[i] = true;
        self.cells.push((c, text));
    }
    /// The row as cells indexed by column (text cells; empty text is an empty cell).
    pub fn into_vals(mut self) -> Vec<super::super::cell::Val<'static>> {
        use super::super::cell::Val;
        self.cells.sort_by_key(|c| c.0);
        let width = self.cells.last().map_or(0, |c| c.0 as usize + 1);
        let mut out = vec![Val::Empty; width];
        for (c, t) in self.cells {
            if !t.trim().is_empty() {
                out[c as usize] = Val::Text(std::borrow::Cow::Owned(t));
            }
        }
        while matches!(out.last(), Some(Val::Empty)) {
            out.pop();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 序号 / 编号 spanning two rows, 受理信息 across two columns: the second row's cells go
    /// to the columns not covered from above.
    #[test]
    fn spans_fill_the_covered_cells() {
        let mut s = Spans::default();
        let mut r = s.begin_row(0);
        let mut c = 0;
        c = s.place(&mut r, 0, c, 0, 1, "序号".into());
        c = s.place(&mut r, 0, c, 1, 0, "受理信息".into());
        s.place(&mut r, 0, c, 0, 1, "状态".into());
        let texts =
            |r: RowCells| -> Vec<String> { r.into_vals().iter().map(|v| v.show()).collect() };
        assert_eq!(texts(r), ["序号", "受理信息", "受理信息", "状态"]);
        let mut r = s.begin_row(1);
        let c = Spans::free_col(&r, 0);
        let c = s.place(&mut r, 1, c, 0, 0, "日期".into());
        let c = Spans::free_col(&r, c);
        s.place(&mut r, 1, c, 0, 0, "企业".into());
        assert_eq!(texts(r), ["序号", "日期", "企业", "状态"]);
        // the spans end: row 2 starts empty
        assert!(s.begin_row(2).cells.is_empty());
    }
}
