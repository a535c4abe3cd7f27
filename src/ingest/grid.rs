//! One sheet of a workbook as a grid of cell texts, for the rubric workbook (SPEC §5): the
//! sheet named `考核细则` (a report's, or one `redeval rubric --out` wrote), else the first sheet.
//! Numbers come as a person writes them, dates as `2024-12-31`.

use super::cell::Val;
use super::read::{Merge, ReadError, RowSink};
use crate::vocab::fmt_num;
use std::path::Path;

/// Rows of cell texts with their 1-based Excel row numbers.
pub type Rows = Vec<(u32, Vec<String>)>;

struct Grid {
    want: String,
    sheet: Option<String>,
    active: bool,
    rows: Rows,
    first: Rows,
    first_name: Option<String>,
    in_first: bool,
}

fn text(v: &Val<'_>) -> String {
    match v {
        Val::Empty => String::new(),
        Val::Text(s) => s.trim().to_string(),
        Val::Num(n) => fmt_num(*n),
        Val::Bool(b) => crate::fields::yes_no(*b).into(),
        Val::Date(d) => d.format("%Y-%m-%d").to_string(),
        Val::Error(e) => e.clone(),
    }
}

impl RowSink for Grid {
    fn begin_sheet(&mut self, name: &str, _: bool, _: bool, _: Option<Vec<Merge>>) {
        // the report in English names the sheet "Rubric"
        self.active = (name == self.want || name == "Rubric") && self.sheet.is_none();
        self.in_first = self.first_name.is_none();
        if self.in_first {
            self.first_name = Some(name.to_string());
        }
    }
    fn row(&mut self, row: u32, cells: &mut Vec<Val<'_>>) {
        let r: Vec<String> = cells.iter().map(text).collect();
        if self.active {
            self.rows.push((row + 1, r));
        } else if self.in_first {
            self.first.push((row + 1, r));
        }
    }
    fn end_sheet(&mut self, _: bool) {
        if self.active {
            self.sheet = Some(self.want.clone());
            self.active = false;
        }
        self.active = false;
        self.in_first = false;
    }
}

/// The rows of sheet `name` (or, if the workbook has none, of its first sheet) and the name of
/// the sheet read.
///
/// # Errors
/// [`ReadError`] when the file is not a readable workbook.
pub fn read_sheet(path: &Path, name: &str) -> Result<(String, Rows), ReadError> {
    let mut g = Grid {
        want: name.to_string(),
        sheet: None,
        active: false,
        rows: Vec::new(),
        first: Vec::new(),
        first_name: None,
        in_first: false,
    };
    // the same guarded path as every ledger (resource limits first, panics caught)
    super::guarded(|| super::read::read_workbook(path, &mut g))?;
    match g.sheet {
        Some(s) => Ok((s, g.rows)),
        None => Ok((g.first_name.unwrap_or_default(), g.first)),
    }
}
