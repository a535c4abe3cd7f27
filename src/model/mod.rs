//! The plain records the stages hand to each other.
//!
//! Ingest produces a [`Dataset`]; metrics, scoring, trends and the report only read it. Text
//! that repeats across a million complaint rows (company, street, category, channel …) is
//! interned once in a [`Pool`] and carried as a [`Sym`], so a complaint is a small fixed-size
//! record and the later columnar (polars) stage can group on integers.

use crate::fields;
pub use crate::fields::{CompanyState, Inspection, Mark, PartyOrg, Progress, Satisfaction, Status};
use chrono::NaiveDate;
use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;

mod ids;
mod year;
pub use ids::Ids;
pub use year::Standing;

/// An interned string: an index into [`Pool`] (a newtype, so a symbol is never mistaken for
/// a count, a row or a company index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(pub u32);

impl Sym {
    /// The empty string's symbol.
    pub const EMPTY: Sym = Sym(0);
    /// Its position in the pool (for tables indexed by symbol).
    pub fn index(self) -> usize {
        self.0 as usize
    }
    /// The symbol at position `i` of the pool.
    pub fn at(i: usize) -> Sym {
        Sym(i as u32)
    }
}

/// Interned strings. Symbol 0 is always the empty string. Each string is stored once.
#[derive(Debug, Clone)]
pub struct Pool {
    set: IndexSet<Box<str>, FxBuildHasher>,
}

impl Default for Pool {
    fn default() -> Self {
        let mut p = Pool {
            set: IndexSet::default(),
        };
        p.intern("");
        p
    }
}

impl Pool {
    /// An empty pool with room for `n` strings.
    pub fn with_capacity(n: usize) -> Self {
        let mut p = Pool {
            set: IndexSet::with_capacity_and_hasher(n, FxBuildHasher),
        };
        p.intern("");
        p
    }
    /// Room for `n` more strings.
    pub fn reserve(&mut self, n: usize) {
        self.set.reserve(n);
    }
    /// The symbol of `s`, adding it when new.
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(k) = self.set.get_index_of(s) {
            return Sym(k as u32);
        }
        Sym(self.set.insert_full(s.into()).0 as u32)
    }
    /// The symbol of `s` if it was interned.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.set.get_index_of(s).map(|k| Sym(k as u32))
    }
    /// The text of a symbol.
    pub fn get(&self, k: Sym) -> &str {
        self.set.get_index(k.0 as usize).map_or("", |s| s)
    }
    /// Number of distinct strings (including the empty one).
    pub fn len(&self) -> usize {
        self.set.len()
    }
    /// Always false: the empty string is always present.
    pub fn is_empty(&self) -> bool {
        false
    }
    /// Every string in symbol order.
    pub fn strings(&self) -> impl ExactSizeIterator<Item = &str> {
        self.set.iter().map(|s| s.as_ref())
    }
}

/// Where a record came from: file index into [`Dataset::files`], sheet index into that file's
/// sheets, and the 1-based Excel row number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub file: u32,
    pub sheet: u32,
    pub row: u32,
}

impl Status {
    pub fn label(self) -> &'static str {
        fields::STATUS.word_of(self)
    }
}

impl Satisfaction {
    pub fn label(self) -> &'static str {
        fields::SATISFACTION.word_of(self)
    }
}

/// One complaint / work order from a 物业信访台账.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Complaint {
    /// Index into [`Dataset::ids`] (into the file's own ids until the merge).
    pub id: u32,
    pub received: NaiveDate,
    /// The company as written (normalised text); resolve with [`Dataset::company_of`].
    pub company: Sym,
    pub community: Sym,
    pub street: Sym,
    pub category: Sym,
    pub channel: Sym,
    pub status: Status,
    pub closed: Option<NaiveDate>,
    pub satisfaction: Satisfaction,
    pub repeat: bool,
    pub escalated: bool,
    pub collective: bool,
    pub place: Place,
}

impl Complaint {
    /// Same complaint content, ignoring where it was read.
    pub fn same_content(&self, o: &Complaint) -> bool {
        Complaint {
            place: o.place,
            ..*self
        } == *o
    }
}

impl PartyOrg {
    pub fn label(self) -> &'static str {
        fields::PARTY_ORG.word_of(self)
    }
    /// The `party_org` metric: 单独组建 1, 联合组建 0.6, 未组建 0.
    pub fn value(self) -> f64 {
        fields::PARTY_ORG.value_of(self)
    }
}

impl CompanyState {
    pub fn label(self) -> &'static str {
        fields::COMPANY_STATE.word_of(self)
    }
}

/// One company of the 物业企业名录.
#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    pub name: String,
    pub aliases: Vec<String>,
    pub street: String,
    /// `None` when the register gave no usable 管理户数 (kept with a warning).
    pub households: Option<f64>,
    pub red: bool,
    pub party_org: PartyOrg,
    pub members: Option<f64>,
    /// 状态 (blank: 在管).
    pub state: CompanyState,
    /// 进驻日期 / 撤出日期 (SPEC §1.10 "A company's year").
    pub entered: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    /// 备注 as written.
    pub remark: String,
    pub place: Place,
}

impl Inspection {
    /// 好 1, 较好 0.8, 一般 0.6, 差 0.2.
    pub fn value(self) -> f64 {
        fields::INSPECTION.value_of(self)
    }
}

impl Mark {
    /// The task's completion: 1, 0 or 0.5.
    pub fn value(self) -> f64 {
        fields::COMPLETION.value_of(self)
    }
}

/// One member-unit × task row of 成员单位履职.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyRow {
    pub unit: String,
    pub year: i32,
    pub task: String,
    pub dimension: String,
    /// 单位类别 (镇街 / 部门), optional grouping column.
    pub group: String,
    pub weight: f64,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub deadline: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub evidence: bool,
    pub inspection: Option<Inspection>,
    /// 完成情况 (or a mark typed into 完成值 of a task without 目标值): decides completion.
    pub mark: Option<Mark>,
    pub place: Place,
}

/// One instructor × organisation row of 指导员名册.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub instructor: String,
    pub unit: String,
    pub org: String,
    pub org_type: String,
    pub place: Place,
}

impl Progress {}

/// One visit / note of 指导员工作记录.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub instructor: String,
    pub unit: String,
    pub org: String,
    pub date: NaiveDate,
    pub method: String,
    pub summary: String,
    pub found: f64,
    pub solved: f64,
    pub progress: Option<Progress>,
    pub place: Place,
}

/// One row of 考评打分 (manual scores rated on site).
#[derive(Debug, Clone, PartialEq)]
pub struct ManualScore {
    pub target: String,
    pub indicator: String,
    /// One score per rater: (the rater — the 评委 cell, or the column header of a sheet with
    /// one column per rater, empty on a plain sheet —, the score).
    pub scores: Vec<(String, f64)>,
    /// A 得分 / 最后得分 written beside the raters' columns, checked against the computed score.
    pub stated: Option<f64>,
    pub full: f64,
    pub place: Place,
}

/// What was done with a problem row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// 已剔除: the row is not used.
    Rejected,
    /// 已保留: kept with a warning.
    Kept,
    /// 已合并: an identical duplicate, counted once.
    Merged,
    /// 已跳过: a file or sheet passed over, or a sheet's summary and footer rows.
    Skipped,
    /// 已匹配: a company name matched to the register by containment (SPEC §1.7).
    Matched,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Rejected => "已剔除",
            Action::Kept => "已保留",
            Action::Merged => "已合并",
            Action::Skipped => "已跳过",
            Action::Matched => "已匹配",
        }
    }
}

/// One line of 数据问题.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The sheet row it concerns, by index (`None` for a file that could not be read, the
    /// rubric, or a scoring note): what counting and lookups use, never the text below.
    pub place: Option<Place>,
    /// File and sheet as 数据问题 shows them.
    pub file: String,
    pub sheet: String,
    /// 1-based Excel row; 0 when the problem concerns the whole file or sheet.
    pub row: u32,
    /// Column letter and header, e.g. `C 受理日期`; empty for whole-row problems.
    pub column: String,
    pub value: String,
    pub problem: String,
    pub action: Action,
}

pub use crate::fields::SheetKind;

/// A sheet that was read.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetInfo {
    pub name: String,
    /// `None`: no recognised header, skipped.
    pub kind: Option<SheetKind>,
    /// 1-based Excel row of the header (the last row of a header block).
    pub header_row: u32,
    /// 1-based first row of the header block (= `header_row` for a one-row header).
    pub header_top: u32,
    /// Hidden in the workbook (read all the same; 运行信息 marks it).
    pub hidden: bool,
    /// Rows read below the header, and those rejected (also after ingest: duplicates,
    /// dates after Y+1, the join), so accepted rows can be counted per kind.
    pub rows_read: u64,
    pub rejected: u64,
}

impl SheetInfo {
    /// `名称` and, for a hidden sheet, `（隐藏）`.
    pub fn display_name(&self) -> String {
        if self.hidden {
            format!("{}（隐藏）", self.name)
        } else {
            self.name.clone()
        }
    }
    /// `第 4 行` or `第 3–4 行` for a header block.
    pub fn header_rows(&self) -> String {
        if self.header_top > 0 && self.header_top < self.header_row {
            format!("第 {}–{} 行", self.header_top, self.header_row)
        } else {
            format!("第 {} 行", self.header_row)
        }
    }
}

/// Which ranked sheet a warning concerns (every warning is also on 总览 and the console).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// The whole report.
    All,
    /// 红色物业考评.
    Company,
    /// 成员单位考核.
    Unit,
    /// 指导员履职.
    Instructor,
}

impl SheetKind {
    /// The ranked sheet that a problem with this kind of ledger affects.
    pub fn scope(self) -> Scope {
        match self {
            SheetKind::Complaints | SheetKind::Register => Scope::Company,
            SheetKind::Duty => Scope::Unit,
            SheetKind::Roster | SheetKind::Notes => Scope::Instructor,
            SheetKind::Manual => Scope::All,
        }
    }
}

/// Something that can change a ranking (SPEC §1.8): shown in red under the title of the
/// ranked sheet it affects, on 总览 and on the console; `check` and `--strict` exit 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub scope: Scope,
    pub text: String,
    /// Makes `check` and `--strict` exit 1 (false only for a ledger kind not provided at all).
    pub strict: bool,
}

/// One input file and its row counts (rows read = accepted + rejected).
#[derive(Debug, Clone, PartialEq)]
pub struct FileStat {
    /// Path relative to the input folder, `/`-separated.
    pub path: String,
    pub sha256: String,
    pub sheets: Vec<SheetInfo>,
    pub rows_read: u64,
    pub rejected: u64,
    /// Set when the file could not be read and was skipped (`--skip-bad-files`).
    pub error: Option<String>,
}

impl FileStat {
    /// A file with no rows read: not a ledger, or (with `error`) not readable.
    pub fn unread(path: String, sha256: String, error: Option<String>) -> FileStat {
        FileStat {
            path,
            sha256,
            sheets: Vec::new(),
            rows_read: 0,
            rejected: 0,
            error,
        }
    }
    pub fn accepted(&self) -> u64 {
        self.rows_read - self.rejected
    }
}

/// The records one workbook yields and the whole dataset holds: one vector per layout.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Records {
    pub complaints: Vec<Complaint>,
    pub companies: Vec<Company>,
    pub duty: Vec<DutyRow>,
    pub roster: Vec<RosterRow>,
    pub notes: Vec<Note>,
    pub manual: Vec<ManualScore>,
}

impl Records {
    /// The length of each vector, to forget what was added after.
    pub fn lens(&self) -> [usize; 6] {
        [
            self.complaints.len(),
            self.companies.len(),
            self.duty.len(),
            self.roster.len(),
            self.notes.len(),
            self.manual.len(),
        ]
    }
    /// Forgets everything added after [`Records::lens`] gave `lens`.
    pub fn truncate(&mut self, lens: [usize; 6]) {
        self.complaints.truncate(lens[0]);
        self.companies.truncate(lens[1]);
        self.duty.truncate(lens[2]);
        self.roster.truncate(lens[3]);
        self.notes.truncate(lens[4]);
        self.manual.truncate(lens[5]);
    }
}

/// Everything read from the input folder.
#[derive(Debug, Default)]
pub struct Dataset {
    pub pool: Pool,
    /// Complaint ids ([`Complaint::id`] indexes them).
    pub ids: Ids,
    pub records: Records,
    pub issues: Vec<Issue>,
    pub files: Vec<FileStat>,
    /// Company symbol (as written in complaints) → index into `companies`.
    pub company_index: rustc_hash::FxHashMap<Sym, u32>,
    /// Notices for the person running (skipped files, unrecognised sheets …).
    pub notices: Vec<String>,
    /// Conditions that can change a ranking (SPEC §1.8).
    pub warnings: Vec<Warning>,
}

impl Dataset {
    /// The register entry a complaint's company name resolves to.
    pub fn company_of(&self, c: &Complaint) -> Option<usize> {
        self.company_index.get(&c.company).map(|&i| i as usize)
    }
    /// Human place of a record: `file › sheet!row`.
    pub fn place_text(&self, p: Place) -> String {
        let f = &self.files[p.file as usize];
        let sheet = f
            .sheets
            .get(p.sheet as usize)
            .map(|s| s.name.as_str())
            .unwrap_or("");
        format!("{} › {}!{}", f.path, sheet, p.row)
    }
    /// A 数据问题 line at the record read at `p`.
    pub fn issue_at(
        &self,
        p: Place,
        column: &str,
        value: &str,
        problem: String,
        action: Action,
    ) -> Issue {
        let f = &self.files[p.file as usize];
        Issue {
            place: Some(p),
            file: f.path.clone(),
            sheet: f
                .sheets
                .get(p.sheet as usize)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            row: p.row,
            column: column.to_string(),
            value: value.to_string(),
            problem,
            action,
        }
    }
    /// The row read at `p`, accepted so far, is rejected after all (with `issue`).
    pub fn reject_at(&mut self, p: Place, issue: Issue) {
        let f = &mut self.files[p.file as usize];
        f.rejected += 1;
        if let Some(s) = f.sheets.get_mut(p.sheet as usize) {
            s.rejected += 1;
        }
        self.issues.push(issue);
    }
    /// Total rows read / rejected over all files.
    pub fn totals(&self) -> (u64, u64) {
        self.files
            .iter()
            .fold((0, 0), |(r, j), f| (r + f.rows_read, j + f.rejected))
    }
}
