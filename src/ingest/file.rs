//! What one workbook's reader holds: its output so far, where it is (sheet, date system) and
//! the state of the sheet being read. The sheet layout (`sheet.rs`) and the row validators
//! (`validate/`) work on this one struct.

use super::kinds::ColumnMap;
use super::layout::{Fit, MergeFill};
use crate::model::*;

/// Rows at the top of a sheet searched for the header (SPEC §1).
pub const HEADER_SEARCH_ROWS: u32 = 20;
/// Columns searched for the header (real ledgers have a few dozen).
pub const HEADER_SEARCH_COLS: usize = 512;

/// What one workbook yielded; symbols refer to the file's own [`Pool`].
#[derive(Debug, Default)]
pub struct FileOut {
    pub pool: Pool,
    /// Complaint ids (a complaint's `id` indexes them until the merge appends them to the
    /// dataset's).
    pub ids: Ids,
    pub records: Records,
    pub issues: Vec<Issue>,
    pub sheets: Vec<SheetInfo>,
    pub notices: Vec<String>,
    pub warnings: Vec<Warning>,
    pub rows_read: u64,
    pub rejected: u64,
}

/// A [`RowSink`](super::read::RowSink) for one file: `sheet.rs` finds each sheet's header
/// and layout, `validate/` turns its data rows into records or issues.
pub struct FileReader {
    pub(super) file: u32,
    pub(super) path: String,
    pub out: FileOut,
    pub(super) sheet: u32,
    pub(super) is_1904: bool,
    pub(super) st: SheetState,
}

impl FileReader {
    pub fn new(file: u32, path: String) -> Self {
        FileReader {
            file,
            path,
            out: FileOut::default(),
            sheet: 0,
            is_1904: false,
            st: Default::default(),
        }
    }

    pub(super) fn place(&self, row: u32) -> Place {
        Place {
            file: self.file,
            sheet: self.sheet,
            row: row + 1,
        }
    }

    pub(super) fn sheet_name(&self) -> String {
        self.out.sheets[self.sheet as usize].name.clone()
    }
}

/// Lengths of a file's outputs when a sheet began, to forget the sheet if it is read again.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Marks {
    pub records: [usize; 6],
    pub issues: usize,
    pub notices: usize,
    pub warnings: usize,
    pub rows_read: u64,
    pub rejected: u64,
}

/// Per-sheet state (read and written by `sheet.rs`).
#[derive(Debug, Default)]
pub(super) struct SheetState {
    pub marks: Marks,
    pub merges: Option<MergeFill>,
    pub merges_known: bool,
    /// Rows of the search window (text cells), while the header is not found.
    pub window: Vec<(u32, Vec<(u32, String)>)>,
    pub searching: bool,
    pub map: Option<ColumnMap>,
    /// Last non-empty header column + 1: cells right of the header are ignored.
    pub header_width: usize,
    /// Columns delivered once the header is known (asked for every cell: kept, not computed).
    pub data_width: usize,
    /// First data row (0-based).
    pub data_start: u32,
    /// The header just found, which the next row may still extend (a child row of column
    /// names under merged group titles): (first row of its block, recognised headers).
    pub pending: Option<(u32, usize)>,
    pub near: Option<(u32, Fit)>,
    pub summary_rows: Vec<u32>,
    /// Rows with nothing but numbers in unused columns (序号 typed ahead on an empty form).
    pub numbered_rows: Vec<u32>,
    /// Formula cells without a cached value (0-based row, col), when they were looked for.
    pub holes: rustc_hash::FxHashSet<(u32, u32)>,
    /// A summary sheet (count or rate columns beside a kind's names), SPEC §1.10: not read.
    pub summary_sheet: bool,
    /// Rows repeating the header (or a 续表 title above it), SPEC §1.10.
    pub header_again: Vec<u32>,
    pub footer: Option<(u32, String)>,
    pub data_rows: u32,
    /// A cell came back empty in a column offices merge.
    pub suspect: bool,
    /// ... in a required column (the row is rejected unless a merge fills it).
    pub required_empty: bool,
    /// Some used column was empty in some row among the first `SMALL_SHEET_ROWS`.
    pub any_empty: bool,
    /// Field indexes of the columns offices merge, for the current kind.
    pub merge_fields: Vec<usize>,
}
