//! The 通报 draft (SPEC §5.1): `{org_short}{Y}年度考评结果通报（草稿）.docx`, a 党政机关公文 laid
//! out after GB/T 9704-2012. [`words::parts`] says what the document holds, in the standard's order,
//! from the same evaluation and the same number formatting as the workbook
//! ([`super::tables::Cell::shown`], [`crate::metrics::Metric::show`]); [`docx`] lays the parts out
//! with `docx-rs`. What the engine does not know is written `【请填写】`; nothing is invented.

mod docx;
mod words;

pub use docx::build;

/// The file name of the 通报 beside the workbook.
pub fn file_name(ev: &crate::evaluate::Evaluation) -> String {
    format!(
        "{}{}年度考评结果通报（草稿）.docx",
        ev.rubric.report.org_short, ev.period.year
    )
}
