//! Workbooks that are really markup (SPEC §1.10 "Formats, recognised by content"): an HTML
//! table saved as `.xls` (what many platforms' 导出Excel writes, and Excel's own "save as web
//! page"), and SpreadsheetML 2003 (Excel 2003's XML, also saved as `.xls`). Each is one more
//! source of rows for the same [`RowSink`](super::read::RowSink) as calamine's formats, so
//! header blocks, footers and validators work on them unchanged. Both stream: a row is handed
//! on when it closes; only cells spanning down (`rowspan`, `ss:MergeDown`) wait for the rows
//! they cover.

pub(crate) mod html;
pub(crate) mod spans;
pub(crate) mod xmlss;

/// What the bytes of a file are, by content (the first bytes), not by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// An HTML page with at least one `<table>`.
    Html,
    /// An HTML or text page without a table.
    PageWithoutTable,
    /// SpreadsheetML 2003.
    SpreadsheetMl,
    /// Some other XML.
    OtherXml,
}

/// The markup in `bytes`, or `None` when it does not start like markup (after a byte-order
/// mark and white space).
pub fn sniff(bytes: &[u8]) -> Option<Markup> {
    // a zip package (.xlsx, .ods …) or a compound file (.xls, .et): no markup, no decoding
    if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return None;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = html::decode(head).0;
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('<') {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") && lower.contains("<workbook")
    {
        return Some(Markup::SpreadsheetMl);
    }
    let table = lower.contains("<table") || contains_ci(bytes, b"<table");
    if table {
        return Some(Markup::Html);
    }
    if lower.starts_with("<?xml") && !lower.contains("<html") {
        return Some(Markup::OtherXml);
    }
    Some(Markup::PageWithoutTable)
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_by_content() {
        let ss = br#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">"#;
        assert_eq!(sniff(ss), Some(Markup::SpreadsheetMl));
        assert_eq!(
            sniff(b"\xef\xbb\xbf  <html><body><TABLE><tr><td>1</td></tr></TABLE>"),
            Some(Markup::Html)
        );
        assert_eq!(
            sniff(b"<html><body>no data</body></html>"),
            Some(Markup::PageWithoutTable)
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss/>"),
            Some(Markup::OtherXml)
        );
        assert_eq!(sniff(b"PK\x03\x04"), None);
        assert_eq!(sniff(b"\xd0\xcf\x11\xe0"), None);
    }
}
