//! The rubric as a workbook sheet (SPEC §5): the report's 考核细则 and `redeval rubric --out
//! 考核细则.xlsx` are the same sheet, laid out by [`crate::score::sheet`], with dropdowns for
//! the closed lists — so last year's report is next year's starting point.

use super::book::{fit_rows, print_setup, widths, write_table, Styles};
use super::tables::{Cell, Table};
use crate::score::sheet::{to_rows, RCell, CHOICES, HEADERS, SHEET};
use crate::score::Rubric;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Workbook, XlsxError,
};

/// The rubric's rows as a report table; `used` are the weights used per assessment.
pub fn table(r: &Rubric, used: &[Option<Vec<f64>>]) -> Table {
    Table {
        id: "rubric".into(),
        headers: HEADERS.iter().map(|h| h.to_string()).collect(),
        rows: to_rows(r, used)
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|c| match c {
                        RCell::Empty => Cell::Empty,
                        RCell::Text(s) => Cell::Text(s),
                        RCell::Num(x) => Cell::Num(x),
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Add the 考核细则 sheet to `wb`.
///
/// # Errors
/// rust_xlsxwriter errors.
pub(super) fn sheet(
    wb: &mut Workbook,
    (name, title): (&str, &str),
    t: &Table,
    st: &Styles,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let mut w = widths(ws, &[t], 24)?;
    let col = |h: &str| HEADERS.iter().position(|x| *x == h).unwrap_or(0);
    let (value, note, code) = (col("设置值"), col("说明"), col("指标代码"));
    // SPEC §5.1: a title row; the header below it (the rubric reader finds it anywhere)
    ws.merge_range(0, 0, 0, HEADERS.len() as u16 - 1, title, &st.title)?;
    ws.set_row_height(0, 24)?;
    let (end, _) = write_table(ws, 1, t, st, &[value, note])?;
    for (name, list) in CHOICES {
        if let Some(c) = HEADERS.iter().position(|h| *h == name) {
            let dv = DataValidation::new()
                .allow_list_strings(list)?
                .set_error_style(DataValidationErrorStyle::Stop);
            ws.add_data_validation(2, c as u16, end.max(2) + 200, c as u16, &dv)?;
        }
    }
    ws.set_column_width(value as u16, 26)?;
    ws.set_column_width(note as u16, 40)?;
    fit_rows(ws, 2, &t.rows, &[(value, 26.0), (note, 40.0)])?;
    // the code column is kept for the round trip but neither shown nor printed
    ws.set_column_hidden(code as u16)?;
    w[value] = 26.0;
    w[note] = 40.0;
    w[code] = 0.0;
    ws.set_freeze_panes(2, 3)?;
    print_setup(ws, Some(1), &w)?;
    Ok(())
}

/// `redeval rubric --out 考核细则.xlsx`: the rubric alone, ready to edit.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn workbook(r: &Rubric) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_default_format(&super::book::default_format(), 20, 64)?;
    sheet(&mut wb, (SHEET, SHEET), &table(r, &[]), &Styles::new())?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("考核细则")
            .set_author("redeval")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    wb.save_to_buffer()
}
