//! 物业信访台账 rows (SPEC §1.1).

use super::{Choice, RowCheck};
use crate::fields::{self, Key};
use crate::ingest::cell::{self, Val};
use crate::ingest::file::FileReader;
use crate::ingest::kinds::ColumnMap;
use crate::model::*;

impl FileReader {
    fn sym(&mut self, ck: &RowCheck<'_, '_>, key: Key) -> Sym {
        match cell::text(ck.get(key)) {
            Some(t) => self.out.pool.intern(&t),
            None => Sym::EMPTY,
        }
    }

    pub(in crate::ingest) fn complaint(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck::new(map, cells, self.is_1904);
        // SPEC §1.10: an id as compared; a complaint without one gets a synthetic id from its
        // place, which no written id can equal (it starts with a control character).
        if ck.get(Key::Id).is_blank() {
            let p = format!(
                "{}为空：按一条单独的信访计入，不与其他记录合并",
                ck.name(Key::Id)
            );
            ck.warn(Key::Id, p);
        }
        let id = match cell::text(ck.get(Key::Id))
            .and_then(|t| crate::vocab::complaint_id(&t).map(std::borrow::Cow::into_owned))
        {
            Some(t) => self.out.ids.push(&t),
            None => {
                let synthetic = format!("\u{1}{}:{}:{}", self.file, self.sheet, row + 1);
                self.out.ids.push(&synthetic)
            }
        };
        let received = ck.required_date(Key::Received);
        let company = match cell::entity_text(ck.get(Key::Company)) {
            Some(t) => self.out.pool.intern(&t),
            None => Sym::EMPTY,
        };
        if company == Sym::EMPTY {
            ck.reject(Key::Company, format!("{}为空", ck.name(Key::Company)));
        }
        let status = status(&mut ck);
        let mut closed = ck.opt_date(Key::Closed);
        match (status, closed, received) {
            (Some(Status::Closed), None, _) if !ck.is_rejected() => {
                let p = format!("状态为{}但办结日期为空", Status::Closed.label());
                ck.reject(Key::Closed, p);
            }
            // the root cause first (issue 23): a 受理日期 more than a year after its 办结日期 is
            // a mistyped year (2042 for 2024), not a complaint closed before it came in
            (Some(Status::Closed), Some(c), Some(r)) if (r - c).num_days() > 366 => {
                let p = format!(
                    "受理日期不合理（{r}，比办结日期 {c} 晚一年以上），疑为年份录入错误，请核对受理日期"
                );
                ck.reject(Key::Received, p);
            }
            (Some(Status::Closed), Some(c), Some(r)) if c < r => {
                ck.reject(Key::Closed, "办结日期早于受理日期");
            }
            (Some(Status::InProgress | Status::NotStarted), Some(_), _) => {
                ck.warn(Key::Closed, "未办结却填有办结日期，按未办结处理");
                closed = None;
            }
            _ => {}
        }
        let satisfaction = match ck.choice(Key::Satisfaction, &fields::SATISFACTION) {
            Choice::Blank => Satisfaction::NotVisited,
            Choice::Word(s) => s,
            Choice::Other => match cell::number(ck.get(Key::Satisfaction)) {
                // SPEC §1.10: 1–5 scores: 5, 4 满意; 3 基本满意; 2, 1 不满意
                Ok(Some(n)) if n.fract() == 0.0 && (1.0..=5.0).contains(&n) => match n as u8 {
                    4 | 5 => Satisfaction::Satisfied,
                    3 => Satisfaction::Basic,
                    _ => Satisfaction::Unsatisfied,
                },
                _ => {
                    let p = format!(
                        "{}（或 1–5 分：5、4 为{}，3 为{}，2、1 为{}）",
                        ck.off_list(Key::Satisfaction),
                        Satisfaction::Satisfied.label(),
                        Satisfaction::Basic.label(),
                        Satisfaction::Unsatisfied.label()
                    );
                    ck.reject(Key::Satisfaction, p);
                    Satisfaction::NotVisited
                }
            },
        };
        let c = Complaint {
            id,
            received: received.unwrap_or_default(),
            company,
            community: self.sym(&ck, Key::Community),
            street: self.sym(&ck, Key::Street),
            category: self.sym(&ck, Key::Category),
            channel: self.sym(&ck, Key::Channel),
            status: status.unwrap_or(Status::NotStarted),
            closed,
            satisfaction,
            repeat: ck.flag(Key::Repeat),
            escalated: ck.flag(Key::Escalated),
            collective: ck.flag(Key::Collective),
            place: self.place(row),
        };
        self.keep(row, ck, c, |r| &mut r.complaints);
    }
}

fn status(ck: &mut RowCheck<'_, '_>) -> Option<Status> {
    match ck.choice(Key::Status, &fields::STATUS) {
        Choice::Word(s) => Some(s),
        Choice::Blank => {
            ck.reject(Key::Status, format!("{}为空", ck.name(Key::Status)));
            None
        }
        Choice::Other => {
            ck.reject(Key::Status, ck.off_list(Key::Status));
            None
        }
    }
}
