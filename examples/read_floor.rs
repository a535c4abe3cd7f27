//! The read floor for the scale benchmark: read every cell of every workbook under a folder
//! with calamine on all cores (rayon), touching each value and doing nothing else.
//!
//! `cargo run --release --example read_floor -- DIR`

use calamine::{open_workbook_auto, DataRef, Reader, Sheets};
use rayon::prelude::*;
use std::path::PathBuf;

fn files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "xlsx") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: read_floor DIR"));
    let mut list = Vec::new();
    files(&dir, &mut list);
    let t0 = std::time::Instant::now();
    let (cells, bytes): (u64, u64) = list
        .par_iter()
        .map(|p| {
            let Ok(Sheets::Xlsx(mut wb)) = open_workbook_auto(p) else {
                return (0, 0);
            };
            let mut n = 0u64;
            let mut b = 0u64;
            for name in wb.sheet_names() {
                let mut r = wb.worksheet_cells_reader(&name).expect("sheet");
                while let Ok(Some(c)) = r.next_cell() {
                    n += 1;
                    // touch the text of shared and inline strings alike (issue 25)
                    match c.get_value() {
                        DataRef::SharedString(s) => b += s.len() as u64,
                        DataRef::String(s) => b += s.len() as u64,
                        _ => {}
                    }
                }
            }
            (n, b)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "read_floor: {} files, {} cells, {} string bytes in {:.2} s",
        list.len(),
        cells,
        bytes,
        t0.elapsed().as_secs_f64()
    );
}
