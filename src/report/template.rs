//! `redeval template`: blank input workbooks, one per kind, with the canonical headers, a note
//! on each header, and dropdown validation for the closed lists.

use super::input::{write_ledger, InSheet};
use crate::error::Error;
use crate::fields::SheetKind;
use std::path::{Path, PathBuf};

/// Write one blank workbook per kind into `dir`.
///
/// # Errors
/// A message naming the file that could not be written.
pub fn write_templates(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for kind in SheetKind::ALL {
        let fields = kind.fields();
        let mut headers = Vec::new();
        let mut notes = Vec::new();
        let mut lists = Vec::new();
        for f in fields {
            headers.push(f.names[0].to_string());
            let mut n = f.note.to_string();
            if n.is_empty() {
                n = if f.required {
                    "必填".into()
                } else {
                    "选填".into()
                };
            }
            if f.names.len() > 1 {
                n.push_str(&format!("（也可写作：{}）", f.names[1..].join("、")));
            }
            notes.push(n);
            let words = f.list.map(|l| l.words()).unwrap_or_default();
            lists.push(words.into_iter().map(String::from).collect());
        }
        let p = dir.join(format!("{}模板.xlsx", kind.label()));
        write_ledger(
            &p,
            &[InSheet {
                name: kind.label().to_string(),
                title_rows: vec![],
                headers,
                notes,
                lists,
                rows: vec![],
            }],
        )
        .map_err(|e| Error::Write {
            path: p.clone(),
            msg: e.to_string(),
        })?;
        out.push(p);
    }
    Ok(out)
}
