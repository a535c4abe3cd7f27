//! Fuzz the cell parsers: dates, numbers, booleans, years, header keys, text normalisation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redeval::ingest::cell::{self, Val};
use redeval::vocab;
use std::borrow::Cow;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let v = Val::Text(Cow::Borrowed(&s));
    let _ = cell::date(&v, false);
    let _ = cell::date(&v, true);
    let _ = cell::number(&v);
    let _ = cell::boolean(&v);
    let _ = cell::year(&v);
    let _ = cell::text(&v);
    let _ = vocab::parse_date_text(&s);
    let _ = vocab::parse_iso(&s);
    // normalising twice changes nothing
    let once = vocab::norm(&s).into_owned();
    assert_eq!(vocab::norm(&once), once.as_str());
    // header keys: no white space, no ASCII capitals, and a trailing bracketed unit never
    // changes the key (checked against the key of the text without it)
    let k = cell::header_key(&s);
    assert!(!k.chars().any(char::is_whitespace), "{k:?}");
    assert!(!k.chars().any(|c| c.is_ascii_uppercase()), "{k:?}");
    if !k.is_empty() && !s.contains(|c| "*()（）".contains(c)) {
        assert_eq!(cell::header_key(&format!("{s}（户）")), k);
    }
    if data.len() >= 8 {
        let f = f64::from_le_bytes(data[..8].try_into().unwrap());
        let n = Val::Num(f);
        let _ = cell::date(&n, data[0] & 1 == 1);
        let _ = cell::number(&n);
        let _ = cell::boolean(&n);
        let _ = cell::year(&n);
        let _ = cell::serial_to_date(f, false);
        let _ = vocab::fmt_num(f);
    }
});
