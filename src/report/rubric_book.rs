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
    name: &str,
    t: &Table,
    st: &Styles,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    widths(ws, &[t], 24)?;
    let (end, _) = write_table(ws, 0, t, st, &[14, 16])?;
    for (name, list) in CHOICES {
        if let Some(c) = HEADERS.iter().position(|h| *h == name) {
            let dv = DataValidation::new()
                .allow_list_strings(list)?
                .set_error_style(DataValidationErrorStyle::Stop);
            ws.add_data_validation(1, c as u16, end.max(1) + 200, c as u16, &dv)?;
        }
    }
    ws.set_column_width(14, 26)?;
    ws.set_column_width(16, 40)?;
    fit_rows(ws, 1, &t.rows, &[(14, 26.0), (16, 40.0)])?;
    ws.set_freeze_panes(1, 3)?;
    print_setup(ws, Some(0))?;
    Ok(())
}

/// `redeval rubric --out 考核细则.xlsx`: the rubric alone, ready to edit.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn workbook(r: &Rubric) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    sheet(&mut wb, SHEET, &table(r, &[]), &Styles::new())?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("考核细则")
            .set_author("redeval")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    wb.save_to_buffer()
}
