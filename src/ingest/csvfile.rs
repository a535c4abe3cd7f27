//! `.csv` exports (12345 platforms and other systems export CSV), read as one sheet each
//! (SPEC §1.7): UTF-8 with or without a byte-order mark, UTF-16 with one, otherwise GB18030
//! (a superset of GBK, which Chinese Windows writes). Decoding is `encoding_rs`, parsing the
//! `csv` crate; every field arrives as text and goes through the same cell parsers as a
//! workbook's text cells. A file whose first line has tabs but no commas is tab-separated.

use super::cell::Val;
use super::read::{ReadError, RowSink};
use std::borrow::Cow;
use std::path::Path;

/// The text of a CSV file and the encoding it was read in.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text, enc.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (text, "GB18030")
        }
    }
}

/// Read the CSV file at `path` into `sink` as one sheet with an empty name.
///
/// # Errors
/// [`ReadError::Open`] when the file cannot be read or a record is malformed.
pub fn read_csv(path: &Path, sink: &mut dyn RowSink) -> Result<(), ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Open(e.to_string()))?;
    read_csv_bytes(&bytes, sink)
}

/// [`read_csv`] on the file's bytes, already read by the caller.
///
/// # Errors
/// As [`read_csv`].
pub fn read_csv_bytes(bytes: &[u8], sink: &mut dyn RowSink) -> Result<(), ReadError> {
    let (text, _) = decode(bytes);
    let first = text.lines().next().unwrap_or("");
    let delim = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    sink.begin_sheet("", false, false, None);
    let mut rec = csv::StringRecord::new();
    let mut row = 0u32;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                sink.end_sheet(false);
                return Err(ReadError::Open(format!(
                    "CSV 第 {} 行格式错误：{e}",
                    row + 1
                )));
            }
        }
        let mut buf: Vec<Val<'_>> = Vec::with_capacity(rec.len());
        let width = sink.width();
        for f in rec.iter().take(width) {
            buf.push(if f.trim().is_empty() {
                Val::Empty
            } else {
                Val::Text(Cow::Borrowed(f))
            });
        }
        while matches!(buf.last(), Some(Val::Empty)) {
            buf.pop();
        }
        if !buf.is_empty() {
            sink.row(row, &mut buf);
            if sink.done() {
                break;
            }
        }
        row += 1;
    }
    sink.end_sheet(false);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let (t, e) = decode("\u{feff}信访编号,受理日期".as_bytes());
        assert_eq!((t.as_ref(), e), ("信访编号,受理日期", "UTF-8"));
        let (t, e) = decode("信访编号".as_bytes());
        assert_eq!((t.as_ref(), e), ("信访编号", "UTF-8"));
        // 信访编号 in GBK
        let (gbk, _, _) = encoding_rs::GBK.encode("信访编号,和谐家园");
        let (t, e) = decode(&gbk);
        assert_eq!((t.as_ref(), e), ("信访编号,和谐家园", "GB18030"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "编号".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).0, "编号");
    }
}
