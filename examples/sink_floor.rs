//! redeval's reading layer alone, for the scale benchmark: every workbook under a folder read
//! through `ingest::read` (guards, calamine's cell reader, cells turned into `Val`) into a sink
//! that keeps nothing. Its distance to `read_floor` is what the reading layer adds; its
//! distance to `redeval run` is what validation, merging, metrics and the report add.
//!
//! `cargo run --release --example sink_floor -- DIR`
use rayon::prelude::*;
use redeval::ingest::cell::Val;
use redeval::ingest::read::{read_workbook, Merge, RowSink};
struct Null(u64);
impl RowSink for Null {
    fn begin_sheet(&mut self, _: &str, _: bool, _: bool, _: Option<Vec<Merge>>) {}
    fn row(&mut self, _r: u32, cells: &mut Vec<Val<'_>>) {
        self.0 += cells.len() as u64;
    }
    fn end_sheet(&mut self, _: bool) {}
}
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let list: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "xlsx"))
        .map(|e| e.path().to_path_buf())
        .collect();
    let n: u64 = list
        .par_iter()
        .map(|p| {
            let mut s = Null(0);
            read_workbook(p, &mut s).unwrap();
            s.0
        })
        .sum();
    println!("{n}");
}
