//! Small helpers: run the real binary on temp folders, read workbooks back with calamine.

use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};
use std::process::Output;

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_redeval")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// A temp folder holding copies of `files` (paths).
pub fn folder_with(files: &[PathBuf]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::copy(f, d.path().join(f.file_name().unwrap())).unwrap();
    }
    d
}

pub fn redeval(args: &[&str]) -> Output {
    std::process::Command::new(bin())
        .args(args)
        .current_dir(root())
        .output()
        .expect("run redeval")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Every sheet of a workbook as a grid of cells.
pub fn read_back(p: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = open_workbook_auto(p).expect("open report");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let (r0, c0) = r.start().unwrap_or((0, 0));
            let (r1, c1) = r.end().unwrap_or((0, 0));
            let mut grid = vec![vec![Data::Empty; c1 as usize + 1]; r1 as usize + 1];
            for row in r0..=r1 {
                for col in c0..=c1 {
                    if let Some(v) = r.get_value((row, col)) {
                        grid[row as usize][col as usize] = v.clone();
                    }
                }
            }
            (n, grid)
        })
        .collect()
}

pub fn s(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

pub fn f(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// Every formula in a workbook, as calamine reads them.
pub fn formulas(p: &Path) -> Vec<String> {
    let mut wb = open_workbook_auto(p).expect("open report");
    let mut out = Vec::new();
    for n in wb.sheet_names() {
        if let Ok(f) = wb.worksheet_formula(&n) {
            out.extend(
                f.used_cells()
                    .filter(|c| !c.2.is_empty())
                    .map(|c| c.2.clone()),
            );
        }
    }
    out
}

/// The ranked rows of a sheet (below the 排名 header, above 制表单位), and the red lines.
pub fn ranked(book: &[(String, Vec<Vec<Data>>)], name: &str) -> (Vec<Vec<Data>>, Vec<String>) {
    let g = &book.iter().find(|(n, _)| n == name).unwrap().1;
    let h = g.iter().position(|r| s(&r[0]) == "排名").unwrap();
    let warnings = g[2..h].iter().map(|r| s(&r[0])).collect();
    let rows = g[h..]
        .iter()
        .take_while(|r| !s(&r[0]).starts_with("制表单位"))
        .cloned()
        .collect();
    (rows, warnings)
}
