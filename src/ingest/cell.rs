//! Cell values as redeval sees them, and the parsers that turn them into typed fields.
//!
//! The reader maps calamine's cells to [`Val`] (borrowing shared strings where it can); the
//! validators call [`date`], [`number`], [`boolean`] and [`text`] on them. Every parser returns
//! `Err(problem)` with a Chinese message for the 数据问题 sheet instead of guessing.

use crate::fields;
use crate::vocab::{fmt_num, norm, parse_date_text};
use chrono::NaiveDate;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// One cell, independent of the workbook format.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Empty,
    Text(Cow<'a, str>),
    Num(f64),
    Bool(bool),
    /// A date cell (date-times have their time dropped).
    Date(NaiveDate),
    /// An error cell such as `#N/A`.
    Error(String),
}

impl Val<'_> {
    /// True for empty cells and whitespace-only text.
    pub fn is_blank(&self) -> bool {
        match self {
            Val::Empty => true,
            Val::Text(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }
    /// The raw value as shown in 数据问题.
    pub fn show(&self) -> String {
        match self {
            Val::Empty => String::new(),
            Val::Text(s) => s.to_string(),
            Val::Num(n) => fmt_num(*n),
            Val::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Val::Date(d) => d.format("%Y-%m-%d").to_string(),
            Val::Error(e) => e.clone(),
        }
    }
}

/// Header matching key: normalised, without any whitespace, lower case, without a trailing
/// bracketed unit (`管理户数（户）` → `管理户数`) and without required-field stars.
pub fn header_key(s: &str) -> String {
    // ASCII and CJK unified ideographs (nearly every header) are their own NFKC and lower
    // case only in ASCII: no Unicode tables for them (issue 25: a tenth of the time of 2,000
    // small workbooks went to normalising their headers)
    let simple = s
        .chars()
        .all(|c| c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c));
    let n: String = if simple {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    } else {
        s.nfkc()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    let mut n = n.trim_matches('*').to_string();
    if n.ends_with(')') {
        if let Some(open) = n.rfind('(') {
            if open > 0 {
                n.truncate(open);
            }
        }
    }
    n
}

/// The cell as normalised text; numbers are written as a person would. `None` when blank.
pub fn text<'a>(v: &'a Val<'_>) -> Option<Cow<'a, str>> {
    match v {
        Val::Empty => None,
        Val::Text(s) => {
            let n = norm(s);
            if n.is_empty() {
                None
            } else {
                Some(n)
            }
        }
        Val::Num(n) => Some(Cow::Owned(fmt_num(*n))),
        Val::Bool(b) => Some(Cow::Borrowed(fields::yes_no(*b))),
        Val::Date(d) => Some(Cow::Owned(d.format("%Y-%m-%d").to_string())),
        Val::Error(e) => Some(Cow::Owned(e.clone())),
    }
}

/// The cell as a company, unit or organisation name ([`crate::vocab::entity_name`]).
pub fn entity_text<'a>(v: &'a Val<'_>) -> Option<Cow<'a, str>> {
    match v {
        Val::Text(s) => Some(crate::vocab::entity_name(s)).filter(|n| !n.is_empty()),
        _ => text(v),
    }
}

/// The cell as a person's name ([`crate::vocab::person_name`]).
pub fn person_text<'a>(v: &'a Val<'_>) -> Option<Cow<'a, str>> {
    match v {
        Val::Text(s) => Some(crate::vocab::person_name(s)).filter(|n| !n.is_empty()),
        _ => text(v),
    }
}

/// A number: numeric cells, or text like `1,234`, `85%` (= 0.85), `１２`.
pub fn number(v: &Val<'_>) -> Result<Option<f64>, String> {
    match v {
        Val::Empty => Ok(None),
        Val::Num(n) if n.is_finite() => Ok(Some(*n)),
        Val::Num(_) => Err("不是有效数字".into()),
        Val::Bool(b) => Ok(Some(if *b { 1.0 } else { 0.0 })),
        Val::Text(s) => {
            let t = norm(s);
            if t.is_empty() {
                return Ok(None);
            }
            parse_number_text(&t)
                .map(Some)
                .ok_or_else(|| "不是有效数字".into())
        }
        Val::Date(_) => Err("应为数字，却是日期".into()),
        Val::Error(_) => Err("单元格为错误值".into()),
    }
}

fn parse_number_text(t: &str) -> Option<f64> {
    let t = t.trim();
    let (body, pct) = match t.strip_suffix('%') {
        Some(b) => (b.trim(), true),
        None => (t, false),
    };
    let cleaned: String = body.chars().filter(|&c| c != ',' && c != ' ').collect();
    if cleaned.is_empty() {
        return None;
    }
    let n: f64 = cleaned.parse().ok()?;
    if !n.is_finite() {
        return None;
    }
    Some(if pct { n / 100.0 } else { n })
}

/// Words that make a written figure an approximation (SPEC §1.10): `约800`, `800左右`, `800余`.
const ABOUT_BEFORE: &[&str] = &["约", "大约", "近", "将近", "接近", "超过", "不到"];
const ABOUT_AFTER: &[&str] = &["左右", "余", "多", "上下", "以上", "以下", "许"];

/// A number that may carry the column's unit (`1200户`, `1,200 户`, `85分`; SPEC §1.10): the
/// unit is dropped when it is one of `units` (the header's bracket, the field's own unit).
/// Approximations (`约800`, `800左右`, `800余`, `八百`) are an error with a hint: the row's figure
/// decides a ranking.
pub fn number_in(v: &Val<'_>, units: &[&str]) -> Result<Option<f64>, String> {
    let Val::Text(s) = v else {
        return number(v);
    };
    let first = number(v);
    if first.is_ok() {
        return first;
    }
    let t = norm(s);
    let t = t.trim();
    for u in units.iter().filter(|u| !u.is_empty()) {
        if let Some(body) = t.strip_suffix(u) {
            if let Some(n) = parse_number_text(body.trim()) {
                return Ok(Some(n));
            }
        }
    }
    let about = ABOUT_BEFORE.iter().any(|w| t.starts_with(w))
        || ABOUT_AFTER.iter().any(|w| {
            let core = units.iter().fold(t, |acc, u| {
                if u.is_empty() {
                    acc
                } else {
                    acc.strip_suffix(u).unwrap_or(acc)
                }
            });
            core.ends_with(w)
        })
        || t.chars()
            .any(|c| "一二三四五六七八九十百千万两".contains(c));
    if about {
        return Err(format!(
            "是约数，不是确切的数字：这个数会影响排名，请填写确切的数字（如 {}）",
            if units.iter().any(|u| !u.is_empty()) {
                format!(
                    "800 或 800{}",
                    units.iter().find(|u| !u.is_empty()).unwrap_or(&"")
                )
            } else {
                "800".into()
            }
        ));
    }
    first
}

/// The unit in a header's trailing bracket: `管理户数（户）` → `户`.
pub fn header_unit(header: &str) -> String {
    let h: String = norm(header).into_owned();
    let h = h.trim_end();
    let Some(body) = h.strip_suffix(')').or_else(|| h.strip_suffix('）')) else {
        return String::new();
    };
    match body.rfind(['(', '（']) {
        Some(i) => body[i..].trim_start_matches(['(', '（']).trim().to_string(),
        None => String::new(),
    }
}

/// A boolean: `是 否 Y N yes no true false 1 0 √ ×` (and `有 / 无`, `对 / 错`); empty is false.
pub fn boolean(v: &Val<'_>) -> Result<bool, String> {
    match v {
        Val::Empty => Ok(false),
        Val::Bool(b) => Ok(*b),
        Val::Num(n) if *n == 1.0 => Ok(true),
        Val::Num(n) if *n == 0.0 => Ok(false),
        Val::Text(s) => {
            let t = norm(s);
            // lower case only when there is an upper-case letter (`YES`): 是/否 borrow
            // (after NFKC only ASCII capitals can lower-case into a word of the lists)
            let t = if t.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(t.to_lowercase())
            } else {
                t
            };
            if t.is_empty() {
                return Ok(false);
            }
            // 是 / 否 and the other ways people write them, or 有 / 无
            match fields::YES_NO.find(&t).or_else(|| fields::HAS.find(&t)) {
                Some(b) => Ok(b),
                _ => Err("不是有效的是/否值".into()),
            }
        }
        _ => Err("不是有效的是/否值".into()),
    }
}

/// Days between 1899-12-30 and 1904-01-01.
const EPOCH_1904_SHIFT: f64 = 1462.0;

/// An Excel serial number as a date in the workbook's date system.
pub fn serial_to_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let s = if is_1904 {
        serial + EPOCH_1904_SHIFT
    } else {
        serial
    };
    // Excel's 1900 system counts the fictitious 1900-02-29 as serial 60.
    let s = if !is_1904 && s < 61.0 { s + 1.0 } else { s };
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_signed(chrono::Duration::days(s.floor() as i64))
}

/// The earliest date accepted anywhere (SPEC §1.8): nothing in these ledgers is older.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The hint for a number or text that looks like month.day typed into a date column.
pub const MONTH_DAY_HINT: &str = "疑似“月.日”写法，请写完整日期，如 2024-03-05";

/// A number with an integer part 1–12 and a fractional part: what Excel keeps when someone
/// types `3.5` or `1.11` for a date.
fn looks_month_day(n: f64) -> bool {
    n.fract() != 0.0 && (1.0..13.0).contains(&n.trunc())
}

/// Text such as `3.5`, `3月5日`, `3/5`: a date without its year.
fn looks_month_day_text(t: &str) -> bool {
    let t = t.trim().trim_end_matches('日');
    let parts: Vec<&str> = t.split(['.', '月', '/', '-']).collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

fn plausible(d: NaiveDate) -> Result<Option<NaiveDate>, String> {
    if d < MIN_DATE {
        Err(format!(
            "日期不合理（{}，早于 2000 年）",
            d.format("%Y-%m-%d")
        ))
    } else {
        Ok(Some(d))
    }
}

/// A date (SPEC §1, §1.8): date cells, a plain number (an Excel serial in the workbook's date
/// system from 2000-01-01 on, or `20240305` written as a number), and text in the forms
/// `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日`, `20240305`, optionally followed by a
/// time. Anything before 2000-01-01 is `日期不合理`; a month.day number or text gets a hint.
pub fn date(v: &Val<'_>, is_1904: bool) -> Result<Option<NaiveDate>, String> {
    match v {
        Val::Empty => Ok(None),
        Val::Date(d) => plausible(*d),
        Val::Num(n) => {
            if (19_000_101.0..=21_001_231.0).contains(n) && n.fract() == 0.0 {
                return match parse_date_text(&fmt_num(*n)) {
                    Some(d) => plausible(d),
                    None => Err("不是有效日期".into()),
                };
            }
            if looks_month_day(*n) {
                return Err(format!("日期不合理：{MONTH_DAY_HINT}"));
            }
            match serial_to_date(*n, is_1904) {
                Some(d) if d >= MIN_DATE => Ok(Some(d)),
                _ => Err(format!(
                    "日期不合理（数字 {} 不是 2000 年以后的日期）",
                    fmt_num(*n)
                )),
            }
        }
        Val::Text(s) => {
            let t = norm(s);
            if t.is_empty() {
                return Ok(None);
            }
            match parse_date_text(&t) {
                Some(d) => plausible(d),
                None if looks_month_day_text(&t) => Err(format!("日期不合理：{MONTH_DAY_HINT}")),
                // a number written as text (HTML and CSV exports have only text) reads as the
                // number would
                None => match parse_number_text(&t) {
                    Some(n) => date(&Val::Num(n), is_1904),
                    None => Err("不是有效日期".into()),
                },
            }
        }
        Val::Bool(_) => Err("不是有效日期".into()),
        Val::Error(_) => Err("单元格为错误值".into()),
    }
}

/// A date as [`date`] reads it, but from 1980 on (a register's 进驻日期 / 撤出日期, SPEC §1.10:
/// the 2000 floor is for the ledgers' event dates).
pub fn date_since_1980(v: &Val<'_>, is_1904: bool) -> Result<Option<NaiveDate>, String> {
    date(v, is_1904).or_else(|p| {
        let d = match v {
            Val::Date(d) => Some(*d),
            Val::Num(n) if n.fract() == 0.0 && *n >= 1.0 => serial_to_date(*n, is_1904),
            Val::Text(s) => parse_date_text(&norm(s)),
            _ => None,
        };
        let floor = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default();
        match d {
            Some(d) if d >= floor => Ok(Some(d)),
            _ => Err(p),
        }
    })
}

/// The 数据问题 text for a date problem `p` of the field called `what`: `受理日期不合理（…）`,
/// `完成时限：日期不合理（…）`, `受理日期不是有效日期`.
pub fn date_problem(what: &str, p: &str) -> String {
    match p.strip_prefix("日期") {
        Some(rest) if what.ends_with("日期") => format!("{what}{rest}"),
        Some(_) => format!("{what}：{p}"),
        None => format!("{what}{p}"),
    }
}

/// An integer year: `2024`, `2024.0`, `2024年`.
pub fn year(v: &Val<'_>) -> Result<Option<i32>, String> {
    let n = match v {
        Val::Text(s) => {
            let t = norm(s);
            let t = t.trim_end_matches('年').trim_end_matches("年度");
            if t.is_empty() {
                return Ok(None);
            }
            parse_number_text(t).ok_or_else(|| "不是有效年度".to_string())?
        }
        other => match number(other) {
            Ok(Some(n)) => n,
            Ok(None) => return Ok(None),
            Err(_) => return Err("不是有效年度".into()),
        },
    };
    if n.fract() != 0.0 || !(1900.0..=2200.0).contains(&n) {
        return Err("不是有效年度".into());
    }
    Ok(Some(n as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SPEC §1.10: numbers as people type them.
    #[test]
    fn numbers_with_units_and_approximations() {
        let t = |s: &str| Val::Text(Cow::Owned(s.to_string()));
        let hh = ["户"];
        assert_eq!(number_in(&t("1200户"), &hh), Ok(Some(1200.0)));
        assert_eq!(number_in(&t("1,200 户"), &hh), Ok(Some(1200.0)));
        assert_eq!(number_in(&t("１２００户"), &hh), Ok(Some(1200.0)));
        assert_eq!(number_in(&t("85分"), &["分"]), Ok(Some(85.0)));
        assert_eq!(number_in(&t("3 人"), &["", "人"]), Ok(Some(3.0)));
        assert_eq!(number_in(&Val::Num(7.0), &hh), Ok(Some(7.0)));
        assert!(number_in(&t("1200人"), &hh)
            .unwrap_err()
            .contains("不是有效数字"));
        for about in ["约800", "800左右", "800余户", "八百", "800多"] {
            let e = number_in(&t(about), &hh).unwrap_err();
            assert!(e.contains("约数"), "{about}: {e}");
        }
        assert_eq!(header_unit("管理户数（户）"), "户");
        assert_eq!(header_unit("党员人数(人)"), "人");
        assert_eq!(header_unit("管理户数"), "");
    }
    use crate::vocab::{col_letter, parse_iso};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn t(s: &str) -> Val<'static> {
        Val::Text(Cow::Owned(s.to_string()))
    }

    #[test]
    fn text_dates_in_every_form() {
        for (s, want) in [
            ("2024-03-05", d(2024, 3, 5)),
            ("2024/3/5", d(2024, 3, 5)),
            ("2024.3.5", d(2024, 3, 5)),
            ("2024年3月5日", d(2024, 3, 5)),
            ("20240305", d(2024, 3, 5)),
            ("２０２４年３月５日", d(2024, 3, 5)),
            ("2024-03-05 14:30:00", d(2024, 3, 5)),
            ("2024-02-29", d(2024, 2, 29)),
        ] {
            assert_eq!(date(&t(s), false), Ok(Some(want)), "{s}");
        }
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "03/05/2024",
            "明天",
            "2024-3",
            "2024年3月",
        ] {
            assert!(date(&t(bad), false).is_err(), "{bad}");
        }
        assert_eq!(date(&t("  "), false), Ok(None));
    }

    #[test]
    fn serials_in_both_date_systems() {
        // 2023-01-09 is serial 44935 in the 1900 system and 43473 in the 1904 system.
        assert_eq!(date(&Val::Num(44935.0), false), Ok(Some(d(2023, 1, 9))));
        assert_eq!(date(&Val::Num(43473.0), true), Ok(Some(d(2023, 1, 9))));
        assert_eq!(date(&Val::Num(44935.6), false), Ok(Some(d(2023, 1, 9))));
        // SPEC §1.8: a serial is a date only from 2000-01-01 on; month.day gets a hint
        assert_eq!(date(&Val::Num(36526.0), false), Ok(Some(d(2000, 1, 1))));
        assert!(date(&Val::Num(36525.0), false)
            .unwrap_err()
            .contains("日期不合理"));
        assert!(date(&Val::Num(61.0), false)
            .unwrap_err()
            .contains("日期不合理"));
        for md in [3.5, 1.11, 12.31] {
            let e = date(&Val::Num(md), false).unwrap_err();
            assert!(e.contains("疑似“月.日”写法"), "{md}: {e}");
        }
        assert!(!date(&Val::Num(13.5), false).unwrap_err().contains("月.日"));
        for md in ["3.5", "3月5日", "12/31"] {
            assert!(date(&t(md), false).unwrap_err().contains("月.日"), "{md}");
        }
        assert!(date(&t("1999-12-31"), false)
            .unwrap_err()
            .contains("日期不合理"));
        assert!(date(&Val::Date(d(1900, 1, 3)), false).is_err());
        assert_eq!(
            date(&t("2024/3/5 14:23:00"), false),
            Ok(Some(d(2024, 3, 5)))
        );
        assert_eq!(date(&t("2024-03-05 14:23"), false), Ok(Some(d(2024, 3, 5))));
        assert_eq!(
            date_problem("受理日期", "日期不合理（x）"),
            "受理日期不合理（x）"
        );
        assert_eq!(
            date_problem("完成时限", "日期不合理（x）"),
            "完成时限：日期不合理（x）"
        );
        assert_eq!(date_problem("日期", "不是有效日期"), "日期不是有效日期");
        assert_eq!(serial_to_date(1.0, false), Some(d(1900, 1, 1)));
        assert_eq!(serial_to_date(61.0, false), Some(d(1900, 3, 1)));
        assert_eq!(date(&Val::Num(20240305.0), false), Ok(Some(d(2024, 3, 5))));
        assert!(date(&Val::Num(-3.0), false).is_err());
        assert_eq!(parse_iso("2023-01-09T00:00:00"), Some(d(2023, 1, 9)));
    }

    #[test]
    fn numbers_as_text() {
        assert_eq!(number(&t("2,400")), Ok(Some(2400.0)));
        assert_eq!(number(&t("85%")), Ok(Some(0.85)));
        assert_eq!(number(&t("１２")), Ok(Some(12.0)));
        assert_eq!(number(&t(" ")), Ok(None));
        assert_eq!(number(&Val::Num(3.5)), Ok(Some(3.5)));
        assert!(number(&t("约100")).is_err());
        assert!(number(&t("NaN")).is_err());
    }

    #[test]
    fn booleans() {
        for s in ["是", "Y", "yes", "TRUE", "1", "√", "有"] {
            assert_eq!(boolean(&t(s)), Ok(true), "{s}");
        }
        for s in ["否", "n", "No", "false", "0", "×", "无", ""] {
            assert_eq!(boolean(&t(s)), Ok(false), "{s}");
        }
        assert_eq!(boolean(&Val::Empty), Ok(false));
        assert_eq!(boolean(&Val::Num(1.0)), Ok(true));
        assert!(boolean(&t("也许")).is_err());
    }

    #[test]
    fn text_normalisation() {
        assert_eq!(norm("Ｔ－０１０１"), "T-0101");
        assert_eq!(norm("\u{3000}示例物业\u{3000}"), "示例物业");
        assert_eq!(norm(" a  b\tc "), "a b c");
        assert!(matches!(norm("示例物业"), Cow::Borrowed(_)));
    }

    /// Issue 23 (mutation testing): the text of every kind of cell, names as the join
    /// compares them, blanks.
    #[test]
    fn cells_as_text_and_names() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(text(&t("　示例  物业 ")).as_deref(), Some("示例 物业"));
        assert_eq!(text(&t(" \u{3000} ")), None);
        assert_eq!(text(&Val::Empty), None);
        assert_eq!(text(&Val::Num(12.0)).as_deref(), Some("12"));
        assert_eq!(text(&Val::Num(1.5)).as_deref(), Some("1.5"));
        assert_eq!(text(&Val::Bool(true)).as_deref(), Some("是"));
        assert_eq!(
            text(&Val::Date(ymd(2024, 3, 5))).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(text(&Val::Error("#N/A".into())).as_deref(), Some("#N/A"));
        // an entity keeps its inner space but loses a line break; a person loses both
        assert_eq!(
            entity_text(&t("阜新市\n金城 物业")).as_deref(),
            Some("阜新市金城 物业")
        );
        assert_eq!(entity_text(&t("\n")), None);
        assert_eq!(entity_text(&Val::Num(7.0)).as_deref(), Some("7"));
        assert_eq!(person_text(&t("王　伟")).as_deref(), Some("王伟"));
        assert_eq!(person_text(&t("王\n伟 ")).as_deref(), Some("王伟"));
        assert_eq!(person_text(&t("　")), None);
        assert_eq!(person_text(&Val::Num(3.0)).as_deref(), Some("3"));
        // blank: empty or whitespace only; any other text, number or date is not
        assert!(Val::Empty.is_blank() && t(" \u{3000}\t").is_blank());
        assert!(!t(" x ").is_blank() && !Val::Num(0.0).is_blank());
        assert!(!Val::Date(ymd(2024, 1, 1)).is_blank());
        assert_eq!(Val::Bool(false).show(), "FALSE");
        assert_eq!(Val::Num(2.5).show(), "2.5");
    }

    proptest::proptest! {
        /// The ASCII/CJK path of `header_key` gives what NFKC + lower case give.
        #[test]
        fn header_key_fast_path_is_the_normal_form(
            s in "[ a-zA-Z0-9*()\t\u{3000}\u{4E00}-\u{4E20}\u{9FF0}-\u{9FFF}\u{FF08}\u{FF09}\u{FF21}]{0,12}"
        ) {
            let slow: String = s.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
            let mut slow = slow.trim_matches('*').to_string();
            if slow.ends_with(')') {
                if let Some(open) = slow.rfind('(') {
                    if open > 0 {
                        slow.truncate(open);
                    }
                }
            }
            proptest::prop_assert_eq!(header_key(&s), slow);
        }
    }

    /// Issue 23 (mutation testing): numbers that are not finite, booleans from cells of every
    /// kind, serials outside Excel's range, month-day text, the 2000 and 1980 floors exactly.
    #[test]
    fn edges_of_numbers_booleans_and_dates() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(number(&Val::Num(f64::NAN)).is_err());
        assert!(number(&Val::Num(f64::INFINITY)).is_err());
        assert_eq!(boolean(&Val::Bool(true)), Ok(true));
        assert_eq!(boolean(&Val::Bool(false)), Ok(false));
        assert_eq!(boolean(&Val::Num(1.0)), Ok(true));
        assert_eq!(boolean(&Val::Num(0.0)), Ok(false));
        assert!(boolean(&Val::Num(2.0)).is_err());
        assert!(boolean(&Val::Date(ymd(2024, 1, 1))).is_err());
        for bad in [0.5, 0.0, 2_958_466.0, f64::NAN] {
            assert_eq!(serial_to_date(bad, false), None, "{bad}");
        }
        assert_eq!(serial_to_date(1.0, false), Some(ymd(1900, 1, 1)));
        // text that is a month and a day gets the hint; other text does not
        for md in ["3-5", "12/31", "3月5日", "3.5"] {
            assert!(
                date(&t(md), false).unwrap_err().contains(MONTH_DAY_HINT),
                "{md}"
            );
        }
        for other in ["13-5", "3-555", "-5", "3-5-7x", "a-5", "abc"] {
            let e = date(&t(other), false).unwrap_err();
            assert!(!e.contains(MONTH_DAY_HINT), "{other}: {e}");
        }
        // the floors are inclusive
        assert_eq!(date(&Val::Date(MIN_DATE), false), Ok(Some(MIN_DATE)));
        assert!(date(&Val::Date(ymd(1999, 12, 31)), false).is_err());
        let since = |v: Val<'_>| date_since_1980(&v, false);
        assert_eq!(since(Val::Date(ymd(1980, 1, 1))), Ok(Some(ymd(1980, 1, 1))));
        assert_eq!(since(Val::Date(ymd(1985, 6, 1))), Ok(Some(ymd(1985, 6, 1))));
        assert_eq!(since(Val::Num(31_199.0)), Ok(Some(ymd(1985, 6, 1)))); // its serial
        assert_eq!(since(t("1985-06-01")), Ok(Some(ymd(1985, 6, 1))));
        assert_eq!(since(Val::Date(ymd(2024, 3, 5))), Ok(Some(ymd(2024, 3, 5))));
        assert!(since(Val::Date(ymd(1979, 12, 31))).is_err());
        assert!(since(Val::Num(31_199.5)).is_err());
        assert!(since(Val::Num(0.0)).is_err());
        assert!(since(t("1979-12-31")).is_err());
        assert!(since(Val::Bool(true)).is_err());
    }

    #[test]
    fn header_keys() {
        // a bracket at the very start is the header itself, not a unit after it
        assert_eq!(header_key("(户)"), "(户)");
        assert_eq!(header_key("管理户数（户）"), "管理户数");
        assert_eq!(header_key(" 工单编号 "), "工单编号");
        assert_eq!(header_key("*受理日期"), "受理日期");
        assert_eq!(header_key("ID"), "id");
    }

    #[test]
    fn years_and_letters() {
        assert_eq!(year(&t("2024年")), Ok(Some(2024)));
        assert_eq!(year(&Val::Num(2024.0)), Ok(Some(2024)));
        assert!(year(&Val::Num(2024.5)).is_err());
        assert_eq!(col_letter(0), "A");
        assert_eq!(col_letter(25), "Z");
        assert_eq!(col_letter(27), "AB");
    }
}
