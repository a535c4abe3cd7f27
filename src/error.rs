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
    #[error("考核细则有误：{0}")]
    Rubric(String),
    #[error("{0}")]
    Usage(String),
    #[error("无法写入 `{path}`：{msg}")]
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

/// An I/O error in words a clerk can act on (SPEC §6), with the system's text after it.
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "找不到这个文件或文件夹",
        K::PermissionDenied => {
            "没有权限：文件可能正在 Excel 或 WPS 中打开，或文件夹只读；请关闭文件后重试"
        }
        K::IsADirectory => "这是一个文件夹，这里需要一个文件名（如 reports/2024年度考评结果.xlsx）",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::InvalidData => "文件内容无法识别",
        _ => "系统报告了错误",
    };
    format!("{what}（{e}）")
}
