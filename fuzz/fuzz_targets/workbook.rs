//! Fuzz whole-workbook ingest from arbitrary bytes: the first byte picks the extension, the
//! rest is the file. Goes through `ingest::read_file`, the path every real file takes: a panic
//! inside the reader must come back as an error, so any crash here is a panic that escaped,
//! an abort, a hang or an out-of-memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redeval::ingest::read_file;

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic, even a caught one; use redeval's own hook so a
        // panic caught by `read_file` is an error, as in production, and any other is a crash.
        redeval::ingest::install_quiet_panic_hook();
    },
    |data: &[u8]| {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let ext = ["xlsx", "xls", "ods", "xlsb"][first as usize % 4];
    let dir = std::env::temp_dir().join(format!("redeval-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("input.{ext}"));
    if std::fs::write(&path, body).is_err() {
        return;
    }
    if let Ok(out) = read_file(0, "input", &path) {
        assert!(out.rejected <= out.rows_read);
    }
    }
);
