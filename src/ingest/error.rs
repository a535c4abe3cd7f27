//! Why a workbook could not be read, in words a clerk can act on.

/// Why a workbook could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("无法打开工作簿：{0}")]
    Open(String),
    #[error("工作簿已加密（设置了打开密码），无法读取；请在 Excel 或 WPS 中去掉密码后另存")]
    Encrypted,
    #[error("工作表 `{sheet}` 无法读取：{msg}")]
    Sheet { sheet: String, msg: String },
    #[error("文件超出安全上限，未读取：{0}")]
    Limit(String),
    #[error("工作簿结构损坏，读取程序无法处理：{0}")]
    Panic(String),
    /// A `.xml` / `.htm` / `.html` file that is neither an HTML table nor SpreadsheetML: not a
    /// ledger, ignored with a notice like any other file (SPEC §1.10).
    #[error("{0}")]
    NotLedger(String),
}

pub(super) fn open_error(e: calamine::Error) -> ReadError {
    use calamine::{Error as E, OdsError, XlsError, XlsbError, XlsxError};
    // calamine's own variants first (issue 23); the message text stays a fallback
    if matches!(
        e,
        E::Xlsx(XlsxError::Password)
            | E::Xls(XlsError::Password)
            | E::Xlsb(XlsbError::Password)
            | E::Ods(OdsError::Password)
    ) {
        return ReadError::Encrypted;
    }
    let msg = e.to_string();
    if msg.to_lowercase().contains("password") || msg.contains("ncrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Open(open_words(&msg))
    }
}

/// calamine's reason in words a clerk can act on, with its own text after it.
fn open_words(msg: &str) -> String {
    let m = msg.to_lowercase();
    let what = if m.contains("zip") {
        "文件不是完整的 .xlsx 工作簿（压缩包结构损坏：可能没有下载或复制完整，或只是把扩展名改成了 .xlsx）"
    } else if m.contains("cfb")
        || m.contains("ole")
        || m.contains("biff")
        || m.contains("xls error")
    {
        "文件不是完整的 .xls 工作簿（内部结构损坏，或只是把扩展名改成了 .xls）"
    } else if m.contains("ods") {
        "文件不是完整的 .ods 工作簿"
    } else if m.contains("no such file") || m.contains("os error") {
        "无法读取文件"
    } else {
        "文件无法按工作簿读取"
    };
    format!("{what}；原始信息：{msg}")
}
