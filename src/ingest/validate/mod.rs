//! Row validation (SPEC §1.1–1.6): one function per layout turns a data row into a record or
//! into issues. Nothing is dropped silently: every non-blank row below a header is counted as
//! read and is either accepted or rejected with one issue line per problem. Fields are found
//! by [`Key`] through the sheet's [`ColumnMap`]; their names, types and closed lists come from
//! [`crate::fields`].

mod complaint;
mod people;
mod register;

use super::cell::{self, Val};
use super::file::FileReader;
use super::kinds::ColumnMap;
use crate::fields::{Closed, Key};
use crate::model::{Action, Issue, Records};
use crate::vocab::col_letter;
use chrono::NaiveDate;

const EMPTY: Val<'static> = Val::Empty;

/// A closed-list cell: blank, what its word means, or a word off the list.
pub(super) enum Choice<T> {
    Blank,
    Word(T),
    Other,
}

/// One row being checked: its cells, where each field is, and the problems found so far.
pub(super) struct RowCheck<'a, 'v> {
    map: &'a ColumnMap,
    cells: &'a [Val<'v>],
    is_1904: bool,
    problems: Vec<(String, String, String, Action)>,
    rejected: bool,
}

impl<'a, 'v> RowCheck<'a, 'v> {
    pub(super) fn new(map: &'a ColumnMap, cells: &'a [Val<'v>], is_1904: bool) -> Self {
        RowCheck {
            map,
            cells,
            is_1904,
            problems: Vec::new(),
            rejected: false,
        }
    }
    /// The cell of field `key` (empty when the sheet has no such column).
    pub(super) fn get(&self, key: Key) -> &'a Val<'v> {
        match self.map.col(key) {
            Some(c) => self.cells.get(c as usize).unwrap_or(&EMPTY),
            None => &EMPTY,
        }
    }
    fn index(&self, key: Key) -> usize {
        self.map.field_index(key)
    }
    /// The field's canonical name, which messages use (`受理日期`).
    pub(super) fn name(&self, key: Key) -> &'static str {
        self.map.kind.fields()[self.index(key)].name()
    }
    /// `办理状态应为 已办结 / 办理中 / 未办理`.
    pub(super) fn off_list(&self, key: Key) -> String {
        let f = &self.map.kind.fields()[self.index(key)];
        format!(
            "{}应为 {}",
            f.name(),
            f.list.map_or(String::new(), |l| l.listing())
        )
    }
    /// `B 受理日期`: the column letter and header as written, or the field's name.
    fn column(&self, key: Key) -> String {
        let i = self.index(key);
        match self.map.cols[i] {
            Some(c) => format!("{} {}", col_letter(c), self.map.headers[i]),
            None => self.map.kind.fields()[i].name().to_string(),
        }
    }
    /// The row is rejected for a problem with field `key`.
    pub(super) fn reject(&mut self, key: Key, problem: impl Into<String>) {
        let item = (self.column(key), self.get(key).show(), problem.into());
        self.problems
            .push((item.0, item.1, item.2, Action::Rejected));
        self.rejected = true;
    }
    /// The row is rejected for a problem with a column outside the layout's fields (a
    /// rater's column).
    pub(super) fn reject_cell(&mut self, col: u32, header: &str, v: &Val<'_>, problem: String) {
        let column = format!("{} {header}", col_letter(col));
        self.problems
            .push((column, v.show(), problem, Action::Rejected));
        self.rejected = true;
    }
    /// The row is kept, with a note on field `key`.
    pub(super) fn warn(&mut self, key: Key, problem: impl Into<String>) {
        let item = (self.column(key), self.get(key).show(), problem.into());
        self.problems.push((item.0, item.1, item.2, Action::Kept));
    }
    pub(super) fn is_rejected(&self) -> bool {
        self.rejected
    }
    /// Normalised text, empty when blank.
    pub(super) fn text(&self, key: Key) -> String {
        cell::text(self.get(key))
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }
    /// Text that must be there (`物业企业为空` otherwise).
    pub(super) fn required_text(&mut self, key: Key) -> String {
        let t = self.text(key);
        if t.is_empty() {
            self.reject(key, format!("{}为空", self.name(key)));
        }
        t
    }
    /// A company, unit or organisation name that must be there (line breaks removed).
    pub(super) fn required_entity(&mut self, key: Key) -> String {
        let t = cell::entity_text(self.get(key))
            .map(|t| t.into_owned())
            .unwrap_or_default();
        if t.is_empty() {
            self.reject(key, format!("{}为空", self.name(key)));
        }
        t
    }
    /// A company, unit or organisation name that may be blank.
    pub(super) fn entity(&self, key: Key) -> String {
        cell::entity_text(self.get(key))
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }
    /// A person's name that may be blank.
    pub(super) fn person(&self, key: Key) -> String {
        cell::person_text(self.get(key))
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }
    /// A person's name that must be there (every whitespace removed).
    pub(super) fn required_person(&mut self, key: Key) -> String {
        let t = cell::person_text(self.get(key))
            .map(|t| t.into_owned())
            .unwrap_or_default();
        if t.is_empty() {
            self.reject(key, format!("{}为空", self.name(key)));
        }
        t
    }
    /// A date that must be there.
    pub(super) fn required_date(&mut self, key: Key) -> Option<NaiveDate> {
        match cell::date(self.get(key), self.is_1904) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                self.reject(key, format!("{}为空", self.name(key)));
                None
            }
            Err(p) => {
                self.reject(key, cell::date_problem(self.name(key), &p));
                None
            }
        }
    }
    /// A date that may be blank.
    pub(super) fn opt_date(&mut self, key: Key) -> Option<NaiveDate> {
        cell::date(self.get(key), self.is_1904).unwrap_or_else(|p| {
            self.reject(key, cell::date_problem(self.name(key), &p));
            None
        })
    }
    /// A register's 进驻日期 / 撤出日期: any date from 1980 on (SPEC §1.10).
    pub(super) fn register_date(&mut self, key: Key) -> Option<NaiveDate> {
        cell::date_since_1980(self.get(key), self.is_1904).unwrap_or_else(|p| {
            self.reject(key, cell::date_problem(self.name(key), &p));
            None
        })
    }
    /// The cell of `key` as a number, its unit allowed (the header's bracket or the field's
    /// own unit, SPEC §1.10).
    pub(super) fn number(&self, key: Key) -> Result<Option<f64>, String> {
        let plain = cell::number(self.get(key));
        if plain.is_ok() {
            return plain;
        }
        let i = self.index(key);
        let bracket = cell::header_unit(&self.map.headers[i]);
        let own = self.map.kind.fields()[i].unit;
        cell::number_in(self.get(key), &[bracket.as_str(), own])
    }
    /// A number that may be blank.
    pub(super) fn opt_number(&mut self, key: Key) -> Option<f64> {
        self.number(key).unwrap_or_else(|p| {
            self.reject(key, cell::date_problem(self.name(key), &p));
            None
        })
    }
    /// A yes/no cell; blank is no.
    pub(super) fn flag(&mut self, key: Key) -> bool {
        cell::boolean(self.get(key)).unwrap_or_else(|p| {
            self.reject(key, format!("{}{p}", self.name(key)));
            false
        })
    }
    /// A cell of the closed list `list` (the field's own), as what its word means.
    pub(super) fn choice<T: Copy + PartialEq>(&self, key: Key, list: &Closed<T>) -> Choice<T> {
        match cell::text(self.get(key)) {
            None => Choice::Blank,
            Some(t) => match list.find(&t) {
                Some(v) => Choice::Word(v),
                None => Choice::Other,
            },
        }
    }
    /// A text field with a list of usual words: another word is kept with a note.
    pub(super) fn listed_text(&mut self, key: Key) -> String {
        let t = self.text(key);
        let list = self.map.kind.fields()[self.index(key)].list;
        if !t.is_empty() && !list.is_some_and(|l| l.has(&t)) {
            let p = self.off_list(key);
            self.warn(key, p);
        }
        t
    }
}

impl FileReader {
    /// Writes the row's problems to 数据问题 and keeps `rec` in `list` when the row is accepted.
    pub(super) fn keep<T>(
        &mut self,
        row: u32,
        check: RowCheck<'_, '_>,
        rec: T,
        list: fn(&mut Records) -> &mut Vec<T>,
    ) {
        if self.finish_row(row, check) {
            list(&mut self.out.records).push(rec);
        }
    }

    /// Writes the row's problems to 数据问题; `true` when the row is accepted.
    fn finish_row(&mut self, row: u32, check: RowCheck<'_, '_>) -> bool {
        if check.problems.is_empty() {
            return true;
        }
        let sheet = self.sheet_name();
        for (column, value, problem, action) in check.problems {
            self.out.issues.push(Issue {
                place: Some(self.place(row)),
                file: self.path.clone(),
                sheet: sheet.clone(),
                row: row + 1,
                column,
                value,
                problem,
                action,
            });
        }
        if check.rejected {
            self.out.rejected += 1;
        }
        !check.rejected
    }
}
