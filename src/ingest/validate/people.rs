//! 成员单位履职, 指导员名册, 指导员工作记录 and 考评打分 rows (SPEC §1.3–1.6).

use super::{Choice, RowCheck};
use crate::fields::{self, Key};
use crate::ingest::cell::{self, Val};
use crate::ingest::file::FileReader;
use crate::ingest::kinds::ColumnMap;
use crate::model::*;

impl FileReader {
    pub(in crate::ingest) fn duty(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck::new(map, cells, self.is_1904);
        let unit = ck.required_entity(Key::Unit);
        let year = match cell::year(ck.get(Key::Year)) {
            Ok(Some(y)) => y,
            Ok(None) => {
                ck.reject(Key::Year, format!("{}为空", ck.name(Key::Year)));
                0
            }
            Err(p) => {
                ck.reject(Key::Year, p);
                0
            }
        };
        let task = ck.required_text(Key::Task);
        let weight = weight(&mut ck);
        let target = ck.opt_number(Key::Target);
        // √ / × / ○ typed into 完成值 of a task without 目标值 mean what 完成情况 says
        let typed_mark = cell::text(ck.get(Key::Actual))
            .filter(|_| target.is_none())
            .and_then(|t| fields::COMPLETION.find(&t));
        let actual = match typed_mark {
            Some(_) => None,
            None => ck.opt_number(Key::Actual),
        };
        let deadline = ck.opt_date(Key::Deadline);
        let done_on = ck.opt_date(Key::DoneOn);
        let mark = completion_mark(&mut ck, typed_mark, target, actual, done_on);
        let evidence = ck.flag(Key::Evidence);
        let inspection = match ck.choice(Key::Inspection, &fields::INSPECTION) {
            Choice::Blank => None,
            Choice::Word(v) => Some(v),
            Choice::Other => {
                ck.reject(Key::Inspection, ck.off_list(Key::Inspection));
                None
            }
        };
        let d = DutyRow {
            unit,
            year,
            task,
            dimension: ck.text(Key::Dimension),
            group: ck.text(Key::Group),
            weight,
            target,
            actual,
            deadline,
            done_on,
            evidence,
            inspection,
            mark,
            place: self.place(row),
        };
        self.keep(row, ck, d, |r| &mut r.duty);
    }

    pub(in crate::ingest) fn roster(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck::new(map, cells, self.is_1904);
        let r = RosterRow {
            instructor: ck.required_person(Key::Instructor),
            unit: ck.required_entity(Key::Unit),
            org: ck.required_entity(Key::Org),
            org_type: ck.listed_text(Key::OrgType),
            place: self.place(row),
        };
        self.keep(row, ck, r, |r| &mut r.roster);
    }

    pub(in crate::ingest) fn note(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck::new(map, cells, self.is_1904);
        let instructor = ck.required_person(Key::Instructor);
        let org = ck.required_entity(Key::Org);
        let date = ck.required_date(Key::Date);
        let method = ck.listed_text(Key::Method);
        let found = count(&mut ck, Key::Found);
        let solved = count(&mut ck, Key::Solved);
        if solved > found {
            ck.warn(Key::Solved, "解决问题数大于发现问题数");
        }
        let progress = match ck.choice(Key::Progress, &fields::PROGRESS) {
            Choice::Blank => None,
            Choice::Word(v) => Some(v),
            Choice::Other => {
                ck.reject(Key::Progress, ck.off_list(Key::Progress));
                None
            }
        };
        let n = Note {
            instructor,
            unit: ck.entity(Key::Unit),
            org,
            date: date.unwrap_or_default(),
            method,
            summary: ck.text(Key::Summary),
            found,
            solved,
            progress,
            place: self.place(row),
        };
        self.keep(row, ck, n, |r| &mut r.notes);
    }

    pub(in crate::ingest) fn manual(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck::new(map, cells, self.is_1904);
        let target = ck.required_entity(Key::Subject);
        let indicator = ck.required_text(Key::Indicator);
        let full = match ck.number(Key::Full) {
            Ok(None) => 100.0,
            Ok(Some(f)) if f > 0.0 => f,
            _ => {
                ck.reject(Key::Full, "满分应为正数");
                100.0
            }
        };
        let (scores, stated) = if map.raters.is_empty() {
            let score = match ck.number(Key::Score) {
                Ok(Some(s)) if s >= 0.0 => s,
                _ => {
                    ck.reject(Key::Score, "得分应为非负数");
                    0.0
                }
            };
            if score > full {
                ck.reject(Key::Score, "得分大于满分");
            }
            (vec![(ck.person(Key::Rater), score)], None)
        } else {
            let scores = rater_scores(&mut ck, cells, map, full);
            let stated = match ck.number(Key::Score) {
                Ok(s) => s,
                Err(p) => {
                    ck.reject(Key::Score, format!("{}{p}", ck.name(Key::Score)));
                    None
                }
            };
            (scores, stated)
        };
        let m = ManualScore {
            target,
            indicator,
            scores,
            stated,
            full,
            place: self.place(row),
        };
        self.keep(row, ck, m, |r| &mut r.manual);
    }
}

/// The scores of a sheet with one column per rater (a blank cell: that rater gave none).
fn rater_scores(
    ck: &mut RowCheck<'_, '_>,
    cells: &[Val<'_>],
    map: &ColumnMap,
    full: f64,
) -> Vec<(String, f64)> {
    let mut scores = Vec::new();
    for (col, header) in &map.raters {
        let v = cells.get(*col as usize).unwrap_or(&Val::Empty);
        match cell::number_in(v, &["分"]) {
            Ok(None) => {}
            Ok(Some(s)) if (0.0..=full).contains(&s) => scores.push((header.clone(), s)),
            _ => ck.reject_cell(
                *col,
                header,
                v,
                format!(
                    "{header}的打分应为 0 到满分 {} 之间的数",
                    crate::vocab::fmt_num(full)
                ),
            ),
        }
    }
    if scores.is_empty() && !ck.is_rejected() {
        ck.reject(Key::Score, "各位评委的打分都为空");
    }
    scores
}

/// 完成情况 (SPEC §1.10): the mark decides completion; 实际完成日期 only whether it was on time.
/// A not-done mark with a date, or a mark that disagrees with 完成值 / 目标值, rejects the row; a
/// done mark without a date is kept with a hint (done, not on time).
fn completion_mark(
    ck: &mut RowCheck<'_, '_>,
    typed: Option<Mark>,
    target: Option<f64>,
    actual: Option<f64>,
    done_on: Option<chrono::NaiveDate>,
) -> Option<Mark> {
    let (mark, key) = match (ck.choice(Key::Completion, &fields::COMPLETION), typed) {
        (Choice::Word(m), _) => (m, Key::Completion),
        (Choice::Blank, Some(m)) => (m, Key::Actual),
        (Choice::Blank, None) => return None,
        (Choice::Other, _) => {
            ck.reject(Key::Completion, ck.off_list(Key::Completion));
            return None;
        }
    };
    let ratio = match (target, actual) {
        (Some(t), Some(a)) if t > 0.0 => Some((a / t).min(1.0)),
        _ => None,
    };
    let disagrees = match (mark, ratio) {
        (Mark::Done, Some(r)) => r < 1.0,
        (Mark::NotDone | Mark::Half, Some(r)) => r >= 1.0,
        _ => false,
    };
    if disagrees {
        let p = format!(
            "完成情况“{}”与完成值/目标值（{}/{}）不一致，请核对",
            fields::COMPLETION.word_of(mark),
            crate::vocab::fmt_num(actual.unwrap_or(0.0)),
            crate::vocab::fmt_num(target.unwrap_or(0.0))
        );
        ck.reject(key, p);
    } else if mark == Mark::NotDone && done_on.is_some() {
        ck.reject(key, "完成情况为未完成，却填有实际完成日期，请核对");
    } else if mark == Mark::Done && done_on.is_none() {
        ck.warn(
            key,
            format!("{DONE_WITHOUT_DATE}：按已完成计，但不算按时完成；请补填实际完成日期"),
        );
    }
    Some(mark)
}

/// The words of a done task without 实际完成日期 (counted in a red line on 成员单位考核).
pub const DONE_WITHOUT_DATE: &str = "完成情况为已完成但没有实际完成日期";

/// 分值: required and above 0.
fn weight(ck: &mut RowCheck<'_, '_>) -> f64 {
    let what = ck.name(Key::Weight);
    let problem = match ck.number(Key::Weight) {
        Ok(Some(w)) if w > 0.0 => return w,
        Ok(None) => format!("{what}为空"),
        Ok(Some(_)) => format!("{what}应大于 0"),
        Err(p) => format!("{what}{p}"),
    };
    ck.reject(Key::Weight, problem);
    0.0
}

/// 发现问题数 / 解决问题数: a non-negative whole number, blank is 0.
fn count(ck: &mut RowCheck<'_, '_>, key: Key) -> f64 {
    match ck.number(key) {
        Ok(None) => 0.0,
        Ok(Some(n)) if n >= 0.0 && n.fract() == 0.0 => n,
        _ => {
            ck.reject(key, format!("{}应为非负整数", ck.name(key)));
            0.0
        }
    }
}
