//! `.csv` exports (12345 platforms and other systems export CSV), read as one sheet each
//! (SPEC §1.7): UTF-8 with or without a byte-order mark, UTF-16 with one, otherwise GB18030
//! (a superset of GBK, which Chinese Windows writes). Decoding is `encoding_rs`, parsing the
//! `csv` crate; every field arrives as text and goes through the same cell parsers as a
//! workbook's text cells. A file whose first line has tabs but no commas is tab-separated.

use super::cell::Val;
use super::read::{ReadError, RowSink};
use std::borrow::Cow;

/// The text of a CSV file, the encoding it was read in, and whether some bytes could not be
/// decoded (replaced by U+FFFD). A byte-order mark decides; else valid UTF-8; else the
/// encoding `chardetng` detects (GBK read as its superset GB18030; Big5 and others as found).
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str, bool) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text, enc.name(), errors);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(s), "UTF-8", false);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    // Ledgers here are Chinese: a single-byte guess (windows-1252 and the like, which decode
    // any byte) only means the detector gave up on damaged bytes — read as GB18030 then, so
    // the damage shows (U+FFFD) and is said.
    use encoding_rs::{BIG5, EUC_JP, EUC_KR, GB18030, GBK, SHIFT_JIS};
    let enc = if guess == GBK {
        GB18030
    } else if [BIG5, SHIFT_JIS, EUC_KR, EUC_JP].contains(&guess) {
        guess
    } else {
        GB18030
    };
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    (text, enc.name(), errors)
}

/// A CSV file's bytes (read and hashed by the caller) into `sink` as one sheet with an empty
/// name.
///
/// # Errors
/// [`ReadError::Open`] when a record is malformed.
pub fn read_csv_bytes(bytes: &[u8], sink: &mut dyn RowSink) -> Result<(), ReadError> {
    let (text, enc, damaged) = decode(bytes);
    if damaged {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        sink.warn(format!(
            "文字编码无法完整识别：按 {enc} 读取时有 {bad} 处字符无法解码（显示为 �），相关记录的文字可能有误；请用 Excel 或 WPS 打开后另存为 .xlsx 或 UTF-8 编码的 CSV"
        ));
    }
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
        let (t, e, _) = decode("\u{feff}信访编号,受理日期".as_bytes());
        assert_eq!((t.as_ref(), e), ("信访编号,受理日期", "UTF-8"));
        let (t, e, _) = decode("信访编号".as_bytes());
        assert_eq!((t.as_ref(), e), ("信访编号", "UTF-8"));
        // 信访编号 in GBK
        let (gbk, _, _) =
            encoding_rs::GBK.encode("信访编号,受理日期,物业企业,和谐家园物业服务有限公司");
        let (t, e, bad) = decode(&gbk);
        assert_eq!(
            (t.as_ref(), e, bad),
            (
                "信访编号,受理日期,物业企业,和谐家园物业服务有限公司",
                "gb18030",
                false
            )
        );
        // Big5 (a Taiwanese export): detected, not read as GB18030 mojibake
        let (big5, _, _) =
            encoding_rs::BIG5.encode("信訪編號,受理日期,物業企業,和諧家園物業服務有限公司");
        let (t, e, bad) = decode(&big5);
        assert_eq!(
            (t.as_ref(), e, bad),
            (
                "信訪編號,受理日期,物業企業,和諧家園物業服務有限公司",
                "Big5",
                false
            )
        );
        // damaged bytes are said, never silent
        let mut broken = gbk.to_vec();
        broken.extend_from_slice(&[0x81, 0x20]); // a lead byte with no valid trail byte
        broken.extend_from_slice(&gbk);
        let (t, e, bad) = decode(&broken);
        assert_eq!((e, bad), ("gb18030", true));
        assert!(t.contains('\u{FFFD}'));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "编号".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).0, "编号");
    }
}
