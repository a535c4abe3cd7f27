//! Row validation: one [`FileReader`] per workbook receives rows from the reader, finds each
//! sheet's header, and turns data rows into records or issues. Nothing is dropped silently:
//! every non-blank row below a header is counted as read, and is either accepted or rejected
//! with one issue line per problem.

use super::cell::{self, col_letter, Val};
use super::kinds::ColumnMap;
use crate::model::*;

/// Rows at the top of a sheet searched for the header (SPEC §1).
pub const HEADER_SEARCH_ROWS: u32 = 20;
/// Columns searched for the header (real ledgers have a few dozen).
pub const HEADER_SEARCH_COLS: usize = 512;

/// What one workbook yielded; symbols refer to the file's own [`Pool`].
#[derive(Debug, Default)]
pub struct FileOut {
    pub pool: Pool,
    pub complaints: Vec<Complaint>,
    pub companies: Vec<Company>,
    pub duty: Vec<DutyRow>,
    pub roster: Vec<RosterRow>,
    pub notes: Vec<Note>,
    pub manual: Vec<ManualScore>,
    pub issues: Vec<Issue>,
    pub sheets: Vec<SheetInfo>,
    pub notices: Vec<String>,
    pub warnings: Vec<Warning>,
    pub rows_read: u64,
    pub rejected: u64,
}

/// A [`RowSink`](super::read::RowSink) that validates rows of one file (the sheet layout
/// part lives in `sheet.rs`).
pub struct FileReader {
    pub(super) file: u32,
    pub(super) path: String,
    pub out: FileOut,
    pub(super) sheet: u32,
    pub(super) is_1904: bool,
    pub(super) st: super::sheet::SheetState,
}

/// The problems found in one row.
struct RowCheck<'m> {
    map: &'m ColumnMap,
    problems: Vec<(String, String, String, Action)>,
    rejected: bool,
}

impl RowCheck<'_> {
    fn column(&self, key: &str) -> String {
        let fl = super::kinds::fields(self.map.kind);
        match fl.iter().position(|f| f.key == key) {
            Some(i) => match self.map.cols[i] {
                Some(c) => format!("{} {}", col_letter(c), self.map.headers[i]),
                None => fl[i].names[0].to_string(),
            },
            None => key.to_string(),
        }
    }
    fn reject(&mut self, key: &str, raw: &Val<'_>, problem: impl Into<String>) {
        let col = self.column(key);
        self.problems
            .push((col, raw.show(), problem.into(), Action::Rejected));
        self.rejected = true;
    }
    fn warn(&mut self, key: &str, raw: &Val<'_>, problem: impl Into<String>) {
        let col = self.column(key);
        self.problems
            .push((col, raw.show(), problem.into(), Action::Kept));
    }
}

const EMPTY: Val<'static> = Val::Empty;

fn get<'c, 'v>(cells: &'c [Val<'v>], map: &ColumnMap, key: &str) -> &'c Val<'v> {
    match map.col(key) {
        Some(c) => cells.get(c as usize).unwrap_or(&EMPTY),
        None => &EMPTY,
    }
}

impl FileReader {
    pub fn new(file: u32, path: String) -> Self {
        FileReader {
            file,
            path,
            out: FileOut::default(),
            sheet: 0,
            is_1904: false,
            st: Default::default(),
        }
    }

    fn place(&self, row: u32) -> Place {
        Place {
            file: self.file,
            sheet: self.sheet,
            row: row + 1,
        }
    }

    pub(super) fn sheet_name(&self) -> String {
        self.out.sheets[self.sheet as usize].name.clone()
    }

    fn finish_row(&mut self, row: u32, check: RowCheck<'_>) -> bool {
        let sheet = self.sheet_name();
        for (column, value, problem, action) in check.problems {
            self.out.issues.push(Issue {
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

    fn required_text(
        &mut self,
        ck: &mut RowCheck<'_>,
        cells: &[Val<'_>],
        key: &str,
        what: &str,
    ) -> String {
        let v = get(cells, ck.map, key);
        match cell::text(v) {
            Some(t) => t.into_owned(),
            None => {
                ck.reject(key, v, format!("{what}为空"));
                String::new()
            }
        }
    }

    fn sym(&mut self, cells: &[Val<'_>], map: &ColumnMap, key: &str) -> Sym {
        match cell::text(get(cells, map, key)) {
            Some(t) => self.out.pool.intern(&t),
            None => 0,
        }
    }

    pub(super) fn complaint(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck {
            map,
            problems: Vec::new(),
            rejected: false,
        };
        let is_1904 = self.is_1904;
        let id_v = get(cells, map, "id");
        let id = match cell::text(id_v) {
            Some(t) => self.out.pool.intern(&t),
            None => {
                ck.reject("id", id_v, "信访编号为空");
                0
            }
        };
        let rv = get(cells, map, "received");
        let received = match cell::date(rv, is_1904) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                ck.reject("received", rv, "受理日期为空");
                None
            }
            Err(p) => {
                ck.reject("received", rv, cell::date_problem("受理日期", &p));
                None
            }
        };
        let company = self.sym(cells, map, "company");
        if company == 0 {
            ck.reject("company", get(cells, map, "company"), "物业企业为空");
        }
        let sv = get(cells, map, "status");
        let status = match cell::text(sv).as_deref() {
            Some("已办结") | Some("办结") | Some("已完成") => Some(Status::Closed),
            Some("办理中") | Some("在办") => Some(Status::InProgress),
            Some("未办理") | Some("未办") => Some(Status::NotStarted),
            None => {
                ck.reject("status", sv, "办理状态为空");
                None
            }
            Some(_) => {
                ck.reject("status", sv, "办理状态应为 已办结 / 办理中 / 未办理");
                None
            }
        };
        let cv = get(cells, map, "closed");
        let mut closed = match cell::date(cv, is_1904) {
            Ok(d) => d,
            Err(p) => {
                ck.reject("closed", cv, cell::date_problem("办结日期", &p));
                None
            }
        };
        match (status, closed, received) {
            (Some(Status::Closed), None, _) if !ck.rejected => {
                ck.reject("closed", cv, "状态为已办结但办结日期为空");
            }
            (Some(Status::Closed), Some(c), Some(r)) if c < r => {
                ck.reject("closed", cv, "办结日期早于受理日期");
            }
            (Some(Status::InProgress | Status::NotStarted), Some(_), _) => {
                ck.warn("closed", cv, "未办结却填有办结日期，按未办结处理");
                closed = None;
            }
            _ => {}
        }
        let satv = get(cells, map, "satisfaction");
        let satisfaction = match cell::text(satv).as_deref() {
            None | Some("未回访") => Satisfaction::NotVisited,
            Some("满意") | Some("非常满意") => Satisfaction::Satisfied,
            Some("基本满意") => Satisfaction::Basic,
            Some("不满意") => Satisfaction::Unsatisfied,
            Some(_) => {
                ck.reject(
                    "satisfaction",
                    satv,
                    "满意度应为 满意 / 基本满意 / 不满意 / 未回访",
                );
                Satisfaction::NotVisited
            }
        };
        let mut flag = |key: &str, what: &str| {
            let v = get(cells, map, key);
            cell::boolean(v).unwrap_or_else(|p| {
                ck.reject(key, v, format!("{what}{p}"));
                false
            })
        };
        let repeat = flag("repeat", "是否重复信访");
        let escalated = flag("escalated", "是否越级");
        let collective = flag("collective", "是否集体访");
        let c = Complaint {
            id,
            received: received.unwrap_or_default(),
            company,
            community: self.sym(cells, map, "community"),
            street: self.sym(cells, map, "street"),
            category: self.sym(cells, map, "category"),
            channel: self.sym(cells, map, "channel"),
            status: status.unwrap_or(Status::NotStarted),
            closed,
            satisfaction,
            repeat,
            escalated,
            collective,
            place: self.place(row),
        };
        if self.finish_row(row, ck) {
            self.out.complaints.push(c);
        }
    }

    pub(super) fn company(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck {
            map,
            problems: Vec::new(),
            rejected: false,
        };
        let name = self.required_text(&mut ck, cells, "company", "企业名称");
        let aliases = cell::text(get(cells, map, "aliases"))
            .map(|t| {
                t.split(['、', ',', '，', ';', '；'])
                    .map(|a| cell::norm(a).into_owned())
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let hv = get(cells, map, "households");
        let households = match cell::number(hv) {
            Ok(Some(n)) if n > 0.0 => Some(n),
            Ok(None) => {
                ck.warn(
                    "households",
                    hv,
                    "管理户数为空：千户信访量无法计算，该项按 0 分",
                );
                None
            }
            Ok(Some(_)) => {
                ck.warn(
                    "households",
                    hv,
                    "管理户数应大于 0：千户信访量无法计算，该项按 0 分",
                );
                None
            }
            Err(p) => {
                ck.warn(
                    "households",
                    hv,
                    format!("管理户数{p}：千户信访量无法计算，该项按 0 分"),
                );
                None
            }
        };
        let redv = get(cells, map, "red");
        let red = if redv.is_blank() {
            true
        } else {
            cell::boolean(redv).unwrap_or_else(|p| {
                ck.reject("red", redv, format!("是否红色物业{p}"));
                true
            })
        };
        let pv = get(cells, map, "party_org");
        let party_org = match cell::text(pv).as_deref() {
            None | Some("未组建") => PartyOrg::None,
            Some("单独组建") => PartyOrg::Own,
            Some("联合组建") => PartyOrg::Joint,
            Some(_) => {
                ck.warn(
                    "party_org",
                    pv,
                    "党组织形式应为 单独组建 / 联合组建 / 未组建，按未组建计",
                );
                PartyOrg::None
            }
        };
        let mv = get(cells, map, "members");
        let members = match cell::number(mv) {
            Ok(Some(n)) if n >= 0.0 => Some(n),
            Ok(None) => None,
            _ => {
                ck.warn("members", mv, "党员人数不是有效的非负数，已忽略");
                None
            }
        };
        let street = cell::text(get(cells, map, "street"))
            .map(|t| t.into_owned())
            .unwrap_or_default();
        let c = Company {
            name,
            aliases,
            street,
            households,
            red,
            party_org,
            members,
            place: self.place(row),
        };
        if self.finish_row(row, ck) {
            self.out.companies.push(c);
        }
    }

    fn opt_date(
        &self,
        ck: &mut RowCheck<'_>,
        cells: &[Val<'_>],
        key: &str,
        what: &str,
    ) -> Option<chrono::NaiveDate> {
        let v = get(cells, ck.map, key);
        cell::date(v, self.is_1904).unwrap_or_else(|p| {
            ck.reject(key, v, cell::date_problem(what, &p));
            None
        })
    }

    fn opt_number(ck: &mut RowCheck<'_>, cells: &[Val<'_>], key: &str, what: &str) -> Option<f64> {
        let v = get(cells, ck.map, key);
        cell::number(v).unwrap_or_else(|p| {
            ck.reject(key, v, cell::date_problem(what, &p));
            None
        })
    }

    pub(super) fn duty(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck {
            map,
            problems: Vec::new(),
            rejected: false,
        };
        let unit = self.required_text(&mut ck, cells, "unit", "成员单位");
        let yv = get(cells, map, "year");
        let year = match cell::year(yv) {
            Ok(Some(y)) => y,
            Ok(None) => {
                ck.reject("year", yv, "年度为空");
                0
            }
            Err(p) => {
                ck.reject("year", yv, p);
                0
            }
        };
        let task = self.required_text(&mut ck, cells, "task", "任务事项");
        let wv = get(cells, map, "weight");
        let weight = match cell::number(wv) {
            Ok(Some(w)) if w > 0.0 => w,
            Ok(None) => {
                ck.reject("weight", wv, "分值为空");
                0.0
            }
            Ok(Some(_)) => {
                ck.reject("weight", wv, "分值应大于 0");
                0.0
            }
            Err(p) => {
                ck.reject("weight", wv, format!("分值{p}"));
                0.0
            }
        };
        let target = Self::opt_number(&mut ck, cells, "target", "目标值");
        let actual = Self::opt_number(&mut ck, cells, "actual", "完成值");
        let deadline = self.opt_date(&mut ck, cells, "deadline", "完成时限");
        let done_on = self.opt_date(&mut ck, cells, "done_on", "实际完成日期");
        let ev = get(cells, map, "evidence");
        let evidence = cell::boolean(ev).unwrap_or_else(|p| {
            ck.reject("evidence", ev, format!("佐证材料{p}"));
            false
        });
        let iv = get(cells, map, "inspection");
        let inspection = match cell::text(iv).as_deref() {
            None => None,
            Some("好") => Some(Inspection::Good),
            Some("较好") => Some(Inspection::FairlyGood),
            Some("一般") => Some(Inspection::Average),
            Some("差") => Some(Inspection::Poor),
            Some(_) => {
                ck.reject("inspection", iv, "督查评价应为 好 / 较好 / 一般 / 差");
                None
            }
        };
        let txt = |k: &str| {
            cell::text(get(cells, map, k))
                .map(|t| t.into_owned())
                .unwrap_or_default()
        };
        let d = DutyRow {
            unit,
            year,
            task,
            dimension: txt("dimension"),
            group: txt("group"),
            weight,
            target,
            actual,
            deadline,
            done_on,
            evidence,
            inspection,
            place: self.place(row),
        };
        if self.finish_row(row, ck) {
            self.out.duty.push(d);
        }
    }

    pub(super) fn roster(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck {
            map,
            problems: Vec::new(),
            rejected: false,
        };
        let instructor = self.required_text(&mut ck, cells, "instructor", "指导员");
        let unit = self.required_text(&mut ck, cells, "unit", "派出单位");
        let org = self.required_text(&mut ck, cells, "org", "联系组织");
        let tv = get(cells, map, "org_type");
        let org_type = cell::text(tv).map(|t| t.into_owned()).unwrap_or_default();
        if !org_type.is_empty()
            && !["新经济组织", "新社会组织", "新业态"].contains(&org_type.as_str())
        {
            ck.warn(
                "org_type",
                tv,
                "组织类型应为 新经济组织 / 新社会组织 / 新业态",
            );
        }
        let r = RosterRow {
            instructor,
            unit,
            org,
            org_type,
            place: self.place(row),
        };
        if self.finish_row(row, ck) {
            self.out.roster.push(r);
        }
    }

    pub(super) fn note(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck {
            map,
            problems: Vec::new(),
            rejected: false,
        };
        let instructor = self.required_text(&mut ck, cells, "instructor", "指导员");
        let org = self.required_text(&mut ck, cells, "org", "联系组织");
        let dv = get(cells, map, "date");
        let date = match cell::date(dv, self.is_1904) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                ck.reject("date", dv, "日期为空");
                None
            }
            Err(p) => {
                ck.reject("date", dv, cell::date_problem("日期", &p));
                None
            }
        };
        let txt = |k: &str| {
            cell::text(get(cells, map, k))
                .map(|t| t.into_owned())
                .unwrap_or_default()
        };
        let method = txt("method");
        if !method.is_empty()
            && !["实地走访", "电话联系", "线上指导", "座谈"].contains(&method.as_str())
        {
            ck.warn(
                "method",
                get(cells, map, "method"),
                "方式应为 实地走访 / 电话联系 / 线上指导 / 座谈",
            );
        }
        let mut count = |key: &str, what: &str| match cell::number(get(cells, map, key)) {
            Ok(None) => 0.0,
            Ok(Some(n)) if n >= 0.0 && n.fract() == 0.0 => n,
            _ => {
                ck.reject(key, get(cells, map, key), format!("{what}应为非负整数"));
                0.0
            }
        };
        let found = count("found", "发现问题数");
        let solved = count("solved", "解决问题数");
        if solved > found {
            ck.warn(
                "solved",
                get(cells, map, "solved"),
                "解决问题数大于发现问题数",
            );
        }
        let pv = get(cells, map, "progress");
        let progress = match cell::text(pv).as_deref() {
            None => None,
            Some("已建立") => Some(Progress::Established),
            Some("推进中") => Some(Progress::InProgress),
            Some("未启动") => Some(Progress::NotStarted),
            Some(_) => {
                ck.reject("progress", pv, "组建进展应为 已建立 / 推进中 / 未启动");
                None
            }
        };
        let n = Note {
            instructor,
            unit: txt("unit"),
            org,
            date: date.unwrap_or_default(),
            method,
            summary: txt("summary"),
            found,
            solved,
            progress,
            place: self.place(row),
        };
        if self.finish_row(row, ck) {
            self.out.notes.push(n);
        }
    }

    pub(super) fn manual(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck {
            map,
            problems: Vec::new(),
            rejected: false,
        };
        let target = self.required_text(&mut ck, cells, "target", "考核对象");
        let indicator = self.required_text(&mut ck, cells, "indicator", "指标");
        let sv = get(cells, map, "score");
        let score = match cell::number(sv) {
            Ok(Some(s)) if s >= 0.0 => s,
            _ => {
                ck.reject("score", sv, "得分应为非负数");
                0.0
            }
        };
        let fv = get(cells, map, "full");
        let full = match cell::number(fv) {
            Ok(None) => 100.0,
            Ok(Some(f)) if f > 0.0 => f,
            _ => {
                ck.reject("full", fv, "满分应为正数");
                100.0
            }
        };
        if full > 0.0 && score > full {
            ck.reject("score", sv, "得分大于满分");
        }
        let m = ManualScore {
            target,
            indicator,
            score,
            full,
            place: self.place(row),
        };
        if self.finish_row(row, ck) {
            self.out.manual.push(m);
        }
    }
}
