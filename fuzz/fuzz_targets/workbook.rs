//! Fuzz whole-workbook ingest from arbitrary bytes: the first byte picks the extension, the
//! rest is the file. The reader is called without the `catch_unwind` that `ingest` adds, so a
//! panic anywhere below (redeval or calamine) is a crash here.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redeval::ingest::{read, rows::FileReader};

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else { return };
    let ext = ["xlsx", "xls", "ods", "xlsb"][first as usize % 4];
    let dir = std::env::temp_dir().join(format!("redeval-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("input.{ext}"));
    if std::fs::write(&path, body).is_err() {
        return;
    }
    let mut fr = FileReader::new(0, "input".into());
    if read::read_workbook(&path, &mut fr).is_ok() {
        assert!(fr.out.rejected <= fr.out.rows_read);
    }
});
