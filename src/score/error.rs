//! A rubric error names the key and line of the TOML, or the cell of a rubric workbook.

/// A rubric error naming the key and line (TOML), or the cell (`line` 0, `key` the cell,
/// for a rubric workbook).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct RubricError {
    pub line: usize,
    pub key: String,
    pub msg: String,
}

impl RubricError {
    fn describe(&self) -> String {
        if self.line == 0 {
            format!("单元格 {}：{}", self.key, self.msg)
        } else {
            format!("第 {} 行 `{}`：{}", self.line, self.key, self.msg)
        }
    }
}
