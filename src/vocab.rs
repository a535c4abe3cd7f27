//! Shared vocabulary of every stage: how numbers and dates are written and read back, how
//! text is normalised, how a column is named. No stage owns these;
//! ingest, score, analysis, explain and report all speak them.

use chrono::{Datelike, NaiveDate};
use std::borrow::Cow;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// A number as a person writes it: integers without `.0`.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// `x` with `decimals` decimals as Excel shows it (SPEC §5.1 "One number, one text"): the value
/// taken to 15 significant digits, then rounded half away from zero — done on the decimal
/// digits, so `1.005` shows `1.01` as in Excel (binary rounding would give `1.00`).
pub fn fmt_fixed(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    // d.dddddddddddddde±N: 15 significant digits
    let sci = format!("{:.14e}", x.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mant
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // value = 0.d1d2d3… × 10^(exp+1): the integer part has exp+1 digits
    let int_len = exp + 1;
    let keep = int_len + decimals as i64; // digits kept from the first one
    let mut kept: Vec<u8> = if keep <= 0 {
        Vec::new()
    } else {
        (0..keep as usize)
            .map(|i| digits.get(i).copied().unwrap_or(0))
            .collect()
    };
    let next = if keep < 0 {
        0
    } else {
        digits.get(keep as usize).copied().unwrap_or(0)
    };
    let mut lead = int_len.max(0) as usize; // digits before the point in `kept`
    let mut pad = 0usize; // zeros between the point and `kept` when the value is below 1
    if int_len < 0 {
        pad = (-int_len) as usize;
    }
    if next >= 5 {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                if pad > 0 {
                    pad -= 1;
                } else {
                    lead += 1;
                }
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    digits_text(x < 0.0, kept, pad, lead, decimals)
}

/// The sign, `pad` zeros after the point, then `kept` digits of which `lead` stand before the
/// point, written with `decimals` decimals.
fn digits_text(negative: bool, kept: Vec<u8>, pad: usize, lead: usize, decimals: usize) -> String {
    let mut all: Vec<u8> = vec![0; pad];
    all.extend(kept);
    let (int_part, frac_part) = if lead >= all.len() {
        let mut a = all.clone();
        a.resize(lead, 0);
        (a, Vec::new())
    } else {
        (all[..lead].to_vec(), all[lead..].to_vec())
    };
    let mut frac_part = frac_part;
    frac_part.resize(decimals, 0);
    let int_s: String = if int_part.is_empty() {
        "0".into()
    } else {
        int_part
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect::<String>()
    };
    let int_s = match int_s.trim_start_matches('0') {
        "" => "0".to_string(),
        t => t.to_string(),
    };
    let frac_s: String = frac_part.iter().map(|d| char::from(b'0' + d)).collect();
    let zero = int_s == "0" && frac_s.bytes().all(|b| b == b'0');
    let sign = if negative && !zero { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{int_s}")
    } else {
        format!("{sign}{int_s}.{frac_s}")
    }
}

/// Text normalisation (SPEC §1): NFKC (full-width letters and digits become half-width, the
/// ideographic space a plain space), trimmed, inner runs of whitespace collapsed to one space.
/// Borrows when nothing changes, which is the common case.
pub fn norm(s: &str) -> Cow<'_, str> {
    if plain(s) {
        return Cow::Borrowed(s);
    }
    let simple = stable(s)
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !has_odd_space(s);
    if simple {
        return Cow::Borrowed(s);
    }
    let nf: String = s.nfkc().collect();
    let mut out = String::with_capacity(nf.len());
    for w in nf.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

/// Line breaks a cell can hold (Alt+Enter in Excel, pasted paragraphs).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Company, unit and organisation names (SPEC §1.10): line breaks removed — not turned into a
/// space (`阜新市万家物业⏎管理有限公司` is one name) — then [`norm`].
pub fn entity_name(s: &str) -> Cow<'_, str> {
    // byte pre-check: every line break starts with one of these bytes (U+0085 with C2,
    // U+2028/9 with E2), so most names are passed on after one cheap scan
    let maybe = s
        .bytes()
        .any(|b| matches!(b, b'\n' | b'\r' | 0x0B | 0x0C | 0xC2 | 0xE2));
    if !maybe || !s.contains(is_line_break) {
        return norm(s);
    }
    let joined: String = s.chars().filter(|&c| !is_line_break(c)).collect();
    Cow::Owned(norm(&joined).into_owned())
}

/// People's names (SPEC §1.10): NFKC with every whitespace removed — full-width spaces and
/// line breaks included (`王　伟` = `王伟`): Chinese personal names have no spaces.
pub fn person_name(s: &str) -> Cow<'_, str> {
    let n = norm(s);
    if !n.contains(char::is_whitespace) {
        return n;
    }
    Cow::Owned(n.chars().filter(|c| !c.is_whitespace()).collect())
}

/// Words that stand for "no id" in a 信访编号 cell.
const NO_ID: &[&str] = &["无", "/", "—", "-", "--", "——", "暂无", "无编号"];

/// A 信访编号 as it is compared (SPEC §1.10): NFKC, every space removed, a leading `'` (Excel's
/// text marker, kept as a character by many exports) removed. `None` when nothing is left or
/// the cell says there is no id (`无`, `/`, `—`, `-`, `暂无`).
pub fn complaint_id(s: &str) -> Option<Cow<'_, str>> {
    // nearly every id: ASCII letters, digits and dashes, already in its compared form
    let plain_id = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && s.bytes().any(|b| b.is_ascii_alphanumeric());
    if plain_id {
        return Some(Cow::Borrowed(s));
    }
    let n = person_name(s);
    let n = match n {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim_start_matches(['\'', '‘', '’', '`'])),
        Cow::Owned(o) => Cow::Owned(o.trim_start_matches(['\'', '‘', '’', '`']).to_string()),
    };
    if n.is_empty() || NO_ID.contains(&n.as_ref()) {
        None
    } else {
        Some(n)
    }
}

/// One pass for nearly all ledger text: ASCII and CJK unified ideographs only, no whitespace
/// but single spaces between words. Such text is its own normal form.
fn plain(s: &str) -> bool {
    // Byte by byte (the text is valid UTF-8): printable ASCII, or a three-byte sequence of
    // U+4E00..=U+9FFF, which is E4 B8 80 ..= E9 BF BF.
    let b = s.as_bytes();
    let mut prev_space = true; // a leading space is not plain
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x == b' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
            i += 1;
        } else if x.is_ascii_graphic() {
            prev_space = false;
            i += 1;
        } else if (0xE5..=0xE9).contains(&x) || (x == 0xE4 && b[i + 1] >= 0xB8) {
            prev_space = false;
            i += 3;
        } else {
            return false;
        }
    }
    !prev_space || s.is_empty()
}

/// NFKC leaves `s` unchanged: checked cheaply for ASCII and CJK unified ideographs (nearly
/// all ledger text), with the Unicode quick check for everything else.
fn stable(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    if s.chars()
        .all(|c| c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        return true;
    }
    is_nfkc_quick(s.chars()) == IsNormalized::Yes
}

fn has_odd_space(s: &str) -> bool {
    let mut prev_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if prev_space || c != ' ' {
                return true;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
    }
    false
}

/// Parses the text date forms; a time part after a space or `T` is ignored.
pub fn parse_date_text(t: &str) -> Option<NaiveDate> {
    let t = t.trim();
    let head = t.split([' ', 'T']).next().unwrap_or(t);
    if head.len() == 8 && head.bytes().all(|b| b.is_ascii_digit()) {
        let y = head[0..4].parse().ok()?;
        let m = head[4..6].parse().ok()?;
        let d = head[6..8].parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    let head = head.strip_suffix('日').unwrap_or(head);
    let parts: Vec<&str> = head.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    if parts[0].len() != 4 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// An ISO 8601 date or date-time (OpenDocument) as a date.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let head = s.get(0..10)?;
    let d = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    (d.year() > 0).then_some(d)
}

/// Excel column letters for a 0-based column index (0 → `A`, 27 → `AB`).
pub fn col_letter(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// An I/O error in words a clerk can act on (SPEC §6), with the system's text after it.
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "找不到这个文件或文件夹",
        K::PermissionDenied => {
            "没有权限：文件可能正在 Excel 或 WPS 中打开，或文件夹只读；请关闭文件后重试"
        }
        K::IsADirectory => "这是一个文件夹，这里需要一个文件名（如 reports/2024年度考评结果.xlsx）",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::InvalidData => "文件内容无法识别",
        _ => "系统报告了错误",
    };
    format!("{what}（{e}）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Excel's display rounding: 15 significant digits, then half away from zero.
    #[test]
    fn fixed_decimals_as_excel_shows_them() {
        assert_eq!(fmt_fixed(1.005, 2), "1.01");
        assert_eq!(fmt_fixed(-1.005, 2), "-1.01");
        assert_eq!(fmt_fixed(6.666666, 2), "6.67");
        assert_eq!(fmt_fixed(-0.8125, 3), "-0.813");
        assert_eq!(fmt_fixed(0.0004, 2), "0.00");
        assert_eq!(fmt_fixed(-0.0004, 2), "0.00");
        assert_eq!(fmt_fixed(9.995, 2), "10.00");
        assert_eq!(fmt_fixed(99.5, 0), "100");
        assert_eq!(fmt_fixed(0.0, 1), "0.0");
        assert_eq!(fmt_fixed(123456.789, 1), "123456.8");
        assert_eq!(fmt_fixed(0.05, 1), "0.1");
        assert_eq!(fmt_fixed(0.004, 2), "0.00");
        assert_eq!(fmt_fixed(0.005, 2), "0.01");
        assert_eq!(fmt_fixed(90.0, 2), "90.00");
        assert_eq!(fmt_fixed(1e-20, 2), "0.00");
    }

    /// SPEC §1.10: names and ids as senders write them.
    #[test]
    fn identity_of_names_and_ids() {
        assert_eq!(person_name("王　伟"), "王伟");
        assert_eq!(person_name(" 王 伟\n"), "王伟");
        assert_eq!(person_name("王伟"), "王伟");
        assert_eq!(
            entity_name("阜新市万家物业\n管理有限公司"),
            "阜新市万家物业管理有限公司"
        );
        assert_eq!(
            entity_name("万家物业\r\n管理 有限公司"),
            "万家物业管理 有限公司"
        );
        assert_eq!(
            entity_name("区 住建局"),
            "区 住建局",
            "spaces are not line breaks"
        );
        assert_eq!(
            complaint_id("'XF2024000270").as_deref(),
            Some("XF2024000270")
        );
        assert_eq!(
            complaint_id(" XF 2024 0001 ").as_deref(),
            Some("XF20240001")
        );
        assert_eq!(complaint_id("ＸＦ００１").as_deref(), Some("XF001"));
        for none in ["", "  ", "无", "/", "—", "-", "暂无", "'"] {
            assert_eq!(complaint_id(none), None, "{none:?}");
        }
        assert_eq!(complaint_id("无锡-01").as_deref(), Some("无锡-01"));
    }

    proptest! {
        /// The one-pass check only ever says "already normal" where the full check does.
        #[test]
        fn plain_text_is_already_normal(s in "[ a-zA-Z0-9\\t\u{3000}\u{4E00}-\u{4E20}\u{FF10}-\u{FF19}]{0,12}") {
            if plain(&s) {
                let simple = stable(&s)
                    && !s.starts_with(char::is_whitespace)
                    && !s.ends_with(char::is_whitespace)
                    && !has_odd_space(&s);
                prop_assert!(simple, "{s:?}");
            }
            let once = norm(&s).into_owned();
            prop_assert_eq!(norm(&once), once.as_str());
        }

        /// The byte-wise check is the rule it implements, on both sides of every boundary
        /// (U+4DFF / U+4E00, U+9FFF / U+A000, DEL, Latin-1, full-width, other scripts).
        #[test]
        fn plain_bytes_are_plain_chars(s in "[ a-z~!\\t\\n\\x00-\\x1F\\x7F\u{80}-\u{FF}\u{3000}\u{3400}\u{4DF0}-\u{4E10}\u{9FF0}-\u{A010}\u{FF01}-\u{FF0F}\u{1F600}]{0,10}") {
            let mut prev_space = true;
            let mut by_chars = true;
            for c in s.chars() {
                if c == ' ' {
                    by_chars &= !prev_space;
                    prev_space = true;
                } else if (c.is_ascii() && !c.is_ascii_whitespace() && !c.is_ascii_control())
                    || ('\u{4E00}'..='\u{9FFF}').contains(&c)
                {
                    prev_space = false;
                } else {
                    by_chars = false;
                }
            }
            by_chars &= !prev_space || s.is_empty();
            prop_assert_eq!(plain(&s), by_chars, "{:?}", s);
        }
    }

    #[test]
    fn numbers_and_spaces_as_people_write_them() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(-1234.0), "-1234");
        // ASCII text that is not plain goes through the full rule
        assert_eq!(norm(" a"), "a");
        assert_eq!(norm("a "), "a");
        assert_eq!(norm("a  b"), "a b");
        assert_eq!(norm("a\tb"), "a b");
        assert_eq!(norm("\u{3000}甲"), "甲");
        // a part longer than four digits is no date, even when it reads as a number
        assert_eq!(parse_date_text("2024-00003-05"), None);
        assert_eq!(
            parse_date_text("2024-3-5"),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(parse_iso("0000-03-05"), None); // year 0 is no ledger date
        assert_eq!(
            parse_iso("2024-03-05T08:00"),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(col_letter(26), "AA");
        assert_eq!(col_letter(701), "ZZ");
        assert_eq!(col_letter(702), "AAA");
    }

    #[test]
    fn plain_cases() {
        assert!(plain("示例物业 A-01"));
        assert!(plain(""));
        assert!(!plain(" 示例"));
        assert!(!plain("示例 "));
        assert!(!plain("a  b"));
        assert!(!plain("Ｔ１"));
        assert!(!plain("a\tb"));
    }
}
