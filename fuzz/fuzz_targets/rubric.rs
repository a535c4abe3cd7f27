//! Fuzz the rubric (issue 23): the TOML text and the 考核细则 grid. The first byte picks the
//! form; the rest is spliced into the default rubric at a position it chooses (so the fuzzer
//! starts from a valid rubric and reaches the checks behind the syntax), or read whole. A parse
//! may fail with an error naming a line or cell, never panic, and a rubric that parses has every
//! number finite and within its bounds (`Rubric::numbers_in_bounds`): a typo in a rubric must
//! never produce a ranking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redeval::score::Rubric;

const DEFAULT: &str = include_str!("../../src/score/default_rubric.toml");

fn check(r: Result<Rubric, redeval::score::RubricError>) {
    match r {
        Ok(r) => assert!(r.numbers_in_bounds(), "a rubric with a number out of bounds parsed"),
        Err(e) => assert!(!e.msg.is_empty()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(body);
    match first % 3 {
        // the fuzz text spliced into the default rubric at a char boundary
        0 => {
            let at = body.first().map_or(0, |&b| b as usize * DEFAULT.len() / 256);
            let at = (0..=at).rev().find(|&i| DEFAULT.is_char_boundary(i)).unwrap_or(0);
            let src = format!("{}{}{}", &DEFAULT[..at], text, &DEFAULT[at..]);
            check(Rubric::parse(&src));
        }
        // the fuzz text alone
        1 => check(Rubric::parse(&text)),
        // a grid: rows by line, cells by tab
        _ => {
            let rows: Vec<(u32, Vec<String>)> = text
                .lines()
                .enumerate()
                .map(|(i, l)| (i as u32 + 1, l.split('\t').map(str::to_string).collect()))
                .collect();
            check(Rubric::from_grid(&rows, "考核细则"));
        }
    }
});
