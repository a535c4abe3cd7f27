//! rust_xlsxwriter lives here: the leadership workbook, the trend workbook, and input-shaped
//! ledgers for `sample` / `template`.

pub mod input;

use unicode_width::UnicodeWidthStr;

/// Display width of text in Excel character units: East-Asian wide characters count 2.
pub fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}
