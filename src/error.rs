//! The top-level error and the exit codes (SPEC §6): 0 success, 1 data problems under
//! `--strict` / `check`, 2 usage, I/O or rubric error.

use std::path::PathBuf;

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: rejected rows under `--strict` or `check`.
pub const EXIT_DATA: i32 = 1;
/// Exit code: usage, I/O or rubric error.
pub const EXIT_ERROR: i32 = 2;

/// Everything that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
    #[error("考核细则错误 (rubric error): {0}")]
    Rubric(String),
    #[error("参数错误 (usage): {0}")]
    Usage(String),
    #[error("无法写入 `{path}`: {msg}")]
    Write { path: PathBuf, msg: String },
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        EXIT_ERROR
    }
}
