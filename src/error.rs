//! The top-level error and the exit codes (SPEC §6): 0 success, 1 data problems under
//! `--strict` / `check`, 2 usage, I/O or rubric error.

use crate::ingest::error::ReadError;
use crate::metrics::MetricsError;
use crate::score::RubricError;
use crate::vocab::io_words;
use std::path::PathBuf;

/// The process exit code (SPEC §6), decided here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// 0: done.
    Success,
    /// 1: rejected rows or a ranking warning, from `check` or under `run --strict` (after
    /// the report is written).
    DataProblems,
    /// 2: usage, I/O or rubric error, or an unreadable workbook.
    Error,
}

impl ExitCode {
    /// The number the process exits with.
    pub fn code(self) -> i32 {
        match self {
            ExitCode::Success => 0,
            ExitCode::DataProblems => 1,
            ExitCode::Error => 2,
        }
    }
    /// After a command that read data: 1 when it found `problems` and they decide the exit
    /// (`check` always, `run` under `--strict`), else 0.
    pub fn after(problems: bool, decisive: bool) -> ExitCode {
        if problems && decisive {
            ExitCode::DataProblems
        } else {
            ExitCode::Success
        }
    }
}

impl From<&Error> for ExitCode {
    fn from(_: &Error) -> ExitCode {
        ExitCode::Error
    }
}

/// Everything that stops a command, with its source and the path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
    /// A rubric file that cannot be read.
    #[error("考核细则有误：`{}`：无法读取（{}）\n提示：--rubric 后面写细则文件的路径，如 细则.toml 或 考核细则.xlsx", path.display(), io_words(source))]
    RubricRead {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A rubric workbook that cannot be opened or has no 考核细则 sheet.
    #[error("考核细则有误：`{}`：{source}", path.display())]
    RubricBook { path: PathBuf, source: ReadError },
    /// A rubric that breaks a rule (the key and line, or the cell, are in `source`).
    #[error("考核细则有误：`{}` {source}", path.display())]
    Rubric { path: PathBuf, source: RubricError },
    #[error("{0}")]
    Usage(String),
    #[error("无法写入 `{}`：{msg}", path.display())]
    Write { path: PathBuf, msg: String },
    #[error(transparent)]
    Metrics(#[from] MetricsError),
}
