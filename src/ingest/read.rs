//! calamine lives here: open a workbook, walk its worksheets, hand each row to a [`RowSink`]
//! as a slice of [`Val`] indexed by 0-based column, with its 0-based absolute row index.
//!
//! `.xlsx`/`.xlsm` stream through calamine's cell reader (shared strings are borrowed, memory
//! stays flat); `.xls`, `.xlsb` and `.ods` are read sheet by sheet as ranges.

use super::cell::Val;
use super::error::open_error;
pub use super::error::ReadError;
pub use super::layout::Merge;
use crate::vocab::parse_iso;
use calamine::{Data, DataRef, Reader, SheetType, SheetVisible, Sheets};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::io::Cursor;
use std::path::Path;

/// How many times merged ranges were read from an `.xlsx` sheet (a second pass over its
/// XML), for `REDEVAL_TIMING`.
pub static MERGE_READS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many `.xlsx` sheets were read again because their merged ranges mattered.
pub static MERGE_REREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Columns beyond this are ignored (Excel's own limit is 16,384).
pub const MAX_COLS: usize = 16_384;

/// Receives the rows of each worksheet.
pub trait RowSink {
    /// A new worksheet begins; `merges` are its merged ranges when the format keeps them at
    /// hand (`.xls`), or when the sheet is read a second time to fill them (`.xlsx`).
    fn begin_sheet(&mut self, name: &str, is_1904: bool, hidden: bool, merges: Option<Vec<Merge>>);
    /// One non-empty row: `row` is 0-based absolute, `cells[c]` is column `c`. The sink may
    /// fill cells of merged ranges in place.
    fn row(&mut self, row: u32, cells: &mut Vec<Val<'_>>);
    /// No more rows of this sheet are wanted (past a footer, or no header found).
    fn done(&self) -> bool {
        false
    }
    /// Columns of interest now: cells at or beyond this column are not delivered.
    fn width(&self) -> usize {
        MAX_COLS
    }
    /// After the last row, when merges were not given: the sheet's merged ranges could matter.
    fn wants_merges(&self) -> bool {
        false
    }
    /// The merged ranges change what was read: the sheet must be read again with them.
    fn merges_matter(&self, _merges: &[Merge]) -> bool {
        false
    }
    /// After the last row: formula cells without a cached value could matter (empty cells
    /// in read columns were seen).
    fn wants_formula_holes(&self) -> bool {
        false
    }
    /// Those cells change what was read: the sheet must be read again knowing them.
    fn holes_matter(&self, _holes: &[(u32, u32)]) -> bool {
        false
    }
    /// The formula cells without a cached value of the sheet being read (0-based row, col).
    fn set_formula_holes(&mut self, _holes: Vec<(u32, u32)>) {}
    /// Something about the whole file that can change figures (a damaged text encoding).
    fn warn(&mut self, _text: String) {}
    /// Forget everything this sheet produced (it is about to be read again).
    fn rollback_sheet(&mut self) {}
    /// The worksheet ended; `merges_available` is false for formats that keep no merges.
    fn end_sheet(&mut self, merges_available: bool);
}

fn date_of(v: f64, is_1904: bool) -> Val<'static> {
    match super::cell::serial_to_date(v, is_1904) {
        Some(d) => Val::Date(d),
        None => Val::Num(v),
    }
}

/// 1899-12-30, day 0 of Excel's serial numbers, as days from CE.
const SERIAL_EPOCH_CE: i32 = 693_594;
/// 2000-01-01 (`cell::MIN_DATE`) as a 1900-system serial; 1904-system serials are 1462 less.
const SERIAL_2000: f64 = 36_526.0;

fn from_dt(dt: &calamine::ExcelDateTime, is_1904: bool) -> Val<'static> {
    if dt.is_duration() {
        return Val::Num(dt.as_f64());
    }
    // Fast path for dates from 2000 to Excel's last day, nearly every date cell: the day is
    // the epoch plus the serial's whole part (what `to_ymd_hms_milli` gives there).
    let v = dt.as_f64();
    let shift = if is_1904 { 1462.0 } else { 0.0 };
    if (SERIAL_2000 - shift..=2_958_465.0 - shift).contains(&v) {
        let days = SERIAL_EPOCH_CE + (v.floor() + shift) as i32;
        if let Some(d) = NaiveDate::from_num_days_from_ce_opt(days) {
            debug_assert_eq!(Val::Date(d), slow_dt(dt, is_1904));
            return Val::Date(d);
        }
    }
    slow_dt(dt, is_1904)
}

fn slow_dt(dt: &calamine::ExcelDateTime, is_1904: bool) -> Val<'static> {
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        // Before 2000 a "date" cell is almost always a typing slip (`3.5` for March 5th in a
        // date-formatted column): hand on the number so the date parser can say so.
        Some(x) if x < super::cell::MIN_DATE => Val::Num(dt.as_f64()),
        Some(x) if dt.as_f64() >= 1.0 => Val::Date(x),
        _ => date_of(dt.as_f64(), is_1904),
    }
}

fn iso(s: &str) -> Val<'static> {
    match parse_iso(s) {
        Some(d) => Val::Date(d),
        None => Val::Text(Cow::Owned(s.to_string())),
    }
}

fn from_data(d: &Data, is_1904: bool) -> Val<'_> {
    match d {
        Data::Empty => Val::Empty,
        Data::String(s) => Val::Text(Cow::Borrowed(s)),
        Data::Float(f) => Val::Num(*f),
        Data::Int(i) => Val::Num(*i as f64),
        Data::Bool(b) => Val::Bool(*b),
        Data::DateTime(dt) => from_dt(dt, is_1904),
        Data::DateTimeIso(s) => iso(s),
        Data::DurationIso(s) => Val::Text(Cow::Borrowed(s)),
        Data::Error(e) => Val::Error(e.to_string()),
    }
}

fn from_ref<'a>(d: &DataRef<'a>, is_1904: bool) -> Val<'a> {
    match d {
        DataRef::Empty => Val::Empty,
        DataRef::SharedString(s) => Val::Text(Cow::Borrowed(s)),
        DataRef::String(s) => Val::Text(Cow::Owned(s.clone())), // streamed: see RowBuf
        DataRef::Float(f) => Val::Num(*f),
        DataRef::Int(i) => Val::Num(*i as f64),
        DataRef::Bool(b) => Val::Bool(*b),
        DataRef::DateTime(dt) => from_dt(dt, is_1904),
        DataRef::DateTimeIso(s) => iso(s),
        DataRef::DurationIso(s) => Val::Text(Cow::Owned(s.clone())),
        DataRef::Error(e) => Val::Error(e.to_string()),
    }
}

/// Read every worksheet of the workbook at `path` into `sink`.
///
/// # Errors
/// [`ReadError`] when the file is not a readable workbook, is encrypted, or a sheet fails.
pub fn read_workbook(path: &Path, sink: &mut dyn RowSink) -> Result<(), ReadError> {
    let bytes = std::fs::read(path).map_err(|e| open_error(calamine::Error::Io(e)))?;
    read_workbook_bytes(path, bytes, sink)
}

/// [`read_workbook`] on the file's bytes, already read (and hashed) by the caller: the guards
/// and calamine see the same bytes, and the file is read once.
///
/// # Errors
/// As [`read_workbook`].
pub fn read_workbook_bytes(
    path: &Path,
    bytes: Vec<u8>,
    sink: &mut dyn RowSink,
) -> Result<(), ReadError> {
    super::guard::check(path, &bytes)?;
    let mut wb = open_bytes(path, &bytes).map_err(open_error)?;
    let names: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let is_1904 = match &wb {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        Sheets::Xls(x) => x.has_1904_epoch(),
        Sheets::Xlsb(x) => x.has_1904_epoch(),
        Sheets::Ods(_) => false,
    };
    // where each .xlsx sheet's part is, for reading its merged ranges cheaply (on demand)
    let mut parts: Option<Option<std::collections::HashMap<String, String>>> = None;
    for (name, hidden) in &names {
        match &mut wb {
            Sheets::Xlsx(x) => {
                // the sheet's part inflated once for both second looks (merged ranges and
                // formula holes), when it is small enough to keep (issue 25)
                let mut xml: Option<Option<Vec<u8>>> = None;
                let mut fetch = |x: &mut calamine::Xlsx<_>, holes: bool| -> Fetched {
                    let part = parts
                        .get_or_insert_with(|| super::xlsxmerge::sheet_parts(&bytes))
                        .as_ref()
                        .and_then(|p| p.get(name));
                    let max = super::formulas::MAX_SCANNED_BYTES;
                    let whole = xml.get_or_insert_with(|| {
                        part.and_then(|p| super::xlsxmerge::part_xml(&bytes, p, max))
                    });
                    if holes {
                        let h = whole.as_deref().and_then(super::formulas::holes_in);
                        return Fetched::Holes(h.unwrap_or_default());
                    }
                    let m = match whole {
                        Some(w) => super::xlsxmerge::merges_in(w),
                        None => part.and_then(|p| super::xlsxmerge::merges(&bytes, p)),
                    };
                    if let Some(m) = m {
                        return Fetched::Merges(m);
                    }
                    // A malformed <mergeCells> is read as none: the cells themselves were
                    // readable.
                    Fetched::Merges(
                        x.merge_cells_by_sheet_name(name)
                            .unwrap_or_default()
                            .iter()
                            .map(merge_of)
                            .collect(),
                    )
                };
                xlsx_sheet(x, name, is_1904, *hidden, sink, &mut fetch)?
            }
            other => {
                let merges = match other {
                    Sheets::Xls(x) => Some(
                        x.merge_cells_by_sheet_name(name)
                            .unwrap_or_default()
                            .iter()
                            .map(merge_of)
                            .collect(),
                    ),
                    _ => None,
                };
                let available = merges.is_some();
                sink.begin_sheet(name, is_1904, *hidden, merges);
                let res = range_sheet(other, name, is_1904, sink);
                sink.end_sheet(available);
                res?;
            }
        }
    }
    Ok(())
}

/// The workbook in `bytes`, its format chosen by the extension of `path` exactly as
/// `calamine::open_workbook_auto` chooses it (each format tried for another extension).
fn open_bytes<'b>(
    path: &Path,
    bytes: &'b [u8],
) -> Result<Sheets<Cursor<&'b [u8]>>, calamine::Error> {
    use calamine::{open_workbook_from_rs as open, Error, Ods, Xls, Xlsb, Xlsx};
    let rs = Cursor::new(bytes);
    Ok(match path.extension().and_then(|e| e.to_str()) {
        Some("xls" | "xla") => Sheets::Xls(open(rs).map_err(Error::Xls)?),
        // WPS: usually a BIFF8 compound file like .xls (SPEC §1.10), sometimes OOXML
        Some("et" | "ett" | "ET" | "ETT") if bytes.starts_with(b"PK") => {
            Sheets::Xlsx(open(rs).map_err(Error::Xlsx)?)
        }
        Some("et" | "ett" | "ET" | "ETT") => Sheets::Xls(open(rs).map_err(Error::Xls)?),
        Some("xlsx" | "xlsm" | "xlam") => Sheets::Xlsx(open(rs).map_err(Error::Xlsx)?),
        Some("xlsb") => Sheets::Xlsb(open(rs).map_err(Error::Xlsb)?),
        Some("ods") => Sheets::Ods(open(rs).map_err(Error::Ods)?),
        _ => {
            if let Ok(x) = open::<Xls<_>, _>(rs.clone()) {
                Sheets::Xls(x)
            } else if let Ok(x) = open::<Xlsx<_>, _>(rs.clone()) {
                Sheets::Xlsx(x)
            } else if let Ok(x) = open::<Xlsb<_>, _>(rs.clone()) {
                Sheets::Xlsb(x)
            } else if let Ok(x) = open::<Ods<_>, _>(rs) {
                Sheets::Ods(x)
            } else {
                return Err(Error::Msg("Cannot detect file format"));
            }
        }
    })
}

fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge {
        r1: d.start.0,
        c1: d.start.1,
        r2: d.end.0,
        c2: d.end.1,
    }
}

/// What a second look at an `.xlsx` sheet's XML found.
enum Fetched {
    Merges(Vec<Merge>),
    /// Formula cells without a cached value (`formulas.rs`).
    Holes(Vec<(u32, u32)>),
}

/// One `.xlsx` sheet: streamed without merges; when the sink says they could matter, they
/// are read (a second pass over the sheet's XML) and, if they change anything, the sheet is
/// streamed again with them. Formula cells without a cached value are looked for the same
/// way, when the sink saw empty cells it reads.
fn xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
    is_1904: bool,
    hidden: bool,
    sink: &mut dyn RowSink,
    fetch: &mut dyn FnMut(&mut calamine::Xlsx<RS>, bool) -> Fetched,
) -> Result<(), ReadError> {
    let mut known: Option<Vec<Merge>> = None;
    let mut holes: Option<Vec<(u32, u32)>> = None;
    loop {
        let second = known.is_some() || holes.is_some();
        sink.begin_sheet(name, is_1904, hidden, known.take());
        if let Some(h) = holes.take() {
            sink.set_formula_holes(h);
        }
        if let Err(e) = stream_xlsx(x, name, is_1904, sink) {
            sink.end_sheet(true);
            return Err(e);
        }
        if !second {
            let mut again = false;
            if sink.wants_merges() {
                MERGE_READS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if let Fetched::Merges(m) = fetch(x, false) {
                    if sink.merges_matter(&m) {
                        MERGE_REREADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        known = Some(m);
                        again = true;
                    }
                }
            }
            if sink.wants_formula_holes() {
                if let Fetched::Holes(h) = fetch(x, true) {
                    if sink.holes_matter(&h) {
                        holes = Some(h);
                        again = true;
                    }
                }
            }
            if again {
                sink.rollback_sheet();
                continue;
            }
        }
        sink.end_sheet(true);
        return Ok(());
    }
}

fn sheet_err(sheet: &str, e: impl std::fmt::Display) -> ReadError {
    let msg = e.to_string();
    if msg.to_lowercase().contains("password") {
        return ReadError::Encrypted;
    }
    ReadError::Sheet {
        sheet: sheet.to_string(),
        msg,
    }
}

fn stream_xlsx<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
    is_1904: bool,
    sink: &mut dyn RowSink,
) -> Result<(), ReadError> {
    let mut reader = x
        .worksheet_cells_reader(name)
        .map_err(|e| sheet_err(name, e))?;
    // Streaming: the declared dimension costs nothing, so it is not checked.
    let mut row = RowBuf::default();
    let mut cur: Option<u32> = None;
    // the sink's width changes only while it takes a row
    let mut width = sink.width();
    loop {
        // matched in place: `map_err(..)?` moved calamine's large result once more per cell
        // (issue 25: the largest share of this loop's own time in the profile)
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => return Err(sheet_err(name, e)),
        };
        let (r, c) = cell.get_position();
        if cur != Some(r) {
            if let Some(rr) = cur {
                row.send(rr, sink);
                if sink.done() {
                    return Ok(());
                }
                width = sink.width();
            }
            cur = Some(r);
        }
        let c = c as usize;
        if c >= width {
            continue;
        }
        row.push(c, cell.get_value(), is_1904);
    }
    if let Some(rr) = cur {
        row.send(rr, sink);
    }
    Ok(())
}

/// The cells of one streamed row (issue 25). An inline string (`t="inlineStr"`, what
/// streaming writers — xlsxwriter's constant_memory, POI's SXSSF — write instead of a
/// shared-string table) arrives as a `String` calamine owns for one cell only; its bytes are
/// copied into one buffer reused row after row, and the row hands the sink borrowed text,
/// instead of allocating a `String` per cell. Everything else (numbers, dates, shared strings
/// borrowed from the workbook) goes straight to its column.
#[derive(Default)]
struct RowBuf<'s> {
    vals: Vec<Val<'s>>,
    /// (column, start, end) of each inline string in `arena`, in reading order.
    inline: Vec<(usize, usize, usize)>,
    arena: String,
}

impl<'s> RowBuf<'s> {
    fn push(&mut self, c: usize, d: &DataRef<'s>, is_1904: bool) {
        let v = match d {
            DataRef::String(t) | DataRef::DurationIso(t) => {
                let start = self.arena.len();
                self.arena.push_str(t);
                self.inline.push((c, start, self.arena.len()));
                Val::Empty // a place held; filled when the row is sent
            }
            d => match from_ref(d, is_1904) {
                Val::Empty => return,
                v => {
                    if c < self.vals.len() {
                        // the same column again (cells nearly always come left to right):
                        // the later cell wins, an earlier inline string included
                        self.inline.retain(|x| x.0 != c);
                    }
                    v
                }
            },
        };
        if c >= self.vals.len() {
            self.vals.resize(c, Val::Empty);
            self.vals.push(v);
        } else if !matches!(v, Val::Empty) {
            self.vals[c] = v;
        }
    }

    /// The row to the sink, then everything cleared for the next row.
    fn send(&mut self, r: u32, sink: &mut dyn RowSink) {
        // the row's values borrow the arena for this call only (a shorter lifetime: `Vec` is
        // covariant, so the shared strings' values move over as they are)
        let mut row: Vec<Val<'_>> = std::mem::take(&mut self.vals);
        for &(c, a, b) in &self.inline {
            row[c] = Val::Text(Cow::Borrowed(&self.arena[a..b]));
        }
        sink.row(r, &mut row);
        self.vals = recycle(row);
        self.inline.clear();
        self.arena.clear();
    }
}

/// An empty vector of values keeping `v`'s allocation, with any lifetime: emptied first, so the
/// in-place collect moves no value (the standard library reuses the allocation when the
/// element types have the same layout, as these do).
fn recycle<'b>(mut v: Vec<Val<'_>>) -> Vec<Val<'b>> {
    v.clear();
    v.into_iter().map(|_| Val::Empty).collect()
}

fn range_sheet<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
    is_1904: bool,
    sink: &mut dyn RowSink,
) -> Result<(), ReadError> {
    let range = wb.worksheet_range(name).map_err(|e| sheet_err(name, e))?;
    let Some((r0, c0)) = range.start() else {
        return Ok(());
    };
    let mut buf: Vec<Val<'_>> = Vec::new();
    for (i, row) in range.rows().enumerate() {
        buf.clear();
        let width = sink.width();
        let lead = (c0 as usize).min(width);
        buf.resize(lead, Val::Empty);
        for d in row.iter().take(width - lead) {
            buf.push(from_data(d, is_1904));
        }
        while matches!(buf.last(), Some(Val::Empty)) {
            buf.pop();
        }
        if !buf.is_empty() {
            sink.row(r0 + i as u32, &mut buf);
            if sink.done() {
                break;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    /// Keeps each row as text.
    struct Rows(Vec<(u32, Vec<String>)>);
    impl RowSink for Rows {
        fn begin_sheet(&mut self, _: &str, _: bool, _: bool, _: Option<Vec<Merge>>) {}
        fn row(&mut self, row: u32, cells: &mut Vec<Val<'_>>) {
            self.0.push((row, cells.iter().map(Val::show).collect()));
        }
        fn end_sheet(&mut self, _: bool) {}
    }

    /// Issue 25: inline strings (borrowed from the row buffer), shared strings and numbers land
    /// in their columns; a gap stays empty; the same column twice keeps the later cell,
    /// whichever kinds the two are; nothing carries over to the next row.
    #[test]
    fn a_streamed_row_puts_every_kind_of_cell_in_its_column() {
        let mut rb = RowBuf::default();
        let mut sink = Rows(Vec::new());
        let s = |t: &str| DataRef::String(t.to_string());
        rb.push(0, &s("内联"), false);
        rb.push(1, &DataRef::SharedString("共享"), false);
        rb.push(3, &DataRef::Float(2.5), false);
        rb.push(4, &s("先"), false);
        rb.push(4, &DataRef::Int(7), false); // a number after an inline string
        rb.push(5, &DataRef::Int(1), false);
        rb.push(5, &s("后"), false); // an inline string after a number
        rb.push(6, &DataRef::Empty, false);
        rb.send(3, &mut sink);
        rb.push(1, &s("下一行"), false);
        rb.send(4, &mut sink);
        let want = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            sink.0,
            [
                (3, want(&["内联", "共享", "", "2.5", "7", "后"])),
                (4, want(&["", "下一行"]))
            ]
        );
    }

    /// The fast path gives what calamine's own conversion gives, in both date systems, on
    /// both sides of 2000-01-01 and of 9999-12-31, with and without a time of day.
    #[test]
    fn date_cells_fast_and_slow_agree() {
        let mut serials: Vec<f64> = vec![0.5, 1.0, 59.0, 60.0, 61.0, 35_063.9, 35_064.0];
        serials.extend([36_525.0, 36_525.99, 36_526.0, 45_000.0, 45_000.999_999]);
        serials.extend([
            2_957_003.0,
            2_957_003.5,
            2_957_004.0,
            2_958_465.0,
            2_958_465.7,
        ]);
        serials.extend((0..4000).map(|i| 36_000.0 + i as f64 * 7.25));
        for is_1904 in [false, true] {
            for &v in &serials {
                let dt = ExcelDateTime::new(v, ExcelDateTimeType::DateTime, is_1904);
                assert_eq!(
                    from_dt(&dt, is_1904),
                    slow_dt(&dt, is_1904),
                    "{v} {is_1904}"
                );
            }
        }
        let d = |y, m, dd| Val::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        let dt = |v| ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false);
        assert_eq!(from_dt(&dt(36_526.0), false), d(2000, 1, 1));
        assert_eq!(from_dt(&dt(45_366.75), false), d(2024, 3, 15));
        assert_eq!(from_dt(&dt(36_525.5), false), Val::Num(36_525.5));
        let dt04 = ExcelDateTime::new(35_064.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(from_dt(&dt04, true), d(2000, 1, 1));
    }
}
