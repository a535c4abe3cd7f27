//! The join (SPEC §1.10): after ingest, before metrics, every accepted row meets its entity —
//! or is listed (数据问题) and counted in a red line on the ranked sheet it affects. Company
//! names meet the register in ingest (`ingest::names`, which needs the merge's symbols);
//! people, manual scores and a company's year are joined here and in [`manual`].

pub(crate) mod manual;
pub(crate) mod people;

use crate::fields::LEFT_WORDS;
use crate::model::{Action, CompanyState, Dataset, Scope, SheetKind, Warning};

/// SPEC §1.10: a register 备注 that says the company left (撤出, 退出, 注销, 停业, 解聘) with no
/// 撤出日期 — the company is ranked as usual, and a red line on 红色物业考评 names it.
pub fn company_year_warnings(ds: &Dataset) -> Vec<Warning> {
    ds.records
        .companies
        .iter()
        .filter(|c| c.left.is_none() && c.state == CompanyState::Active)
        .filter_map(|c| {
            let word = LEFT_WORDS.iter().find(|w| c.remark.contains(*w))?;
            Some(Warning {
                scope: Scope::Company,
                strict: true,
                text: format!(
                    "物业企业名录中「{}」的备注写有“{word}”（{}），但没有撤出日期：仍按在管参加排名；如已撤出，请在名录的撤出日期列填写日期（撤出的企业不参评）",
                    c.name, c.remark
                ),
            })
        })
        .collect()
}

/// SPEC §1.10: a company name from one register sheet that contains, or is contained in, a
/// name from another register sheet — probably one company written two ways.
pub fn register_name_warnings(ds: &Dataset) -> Vec<Warning> {
    let cs = &ds.records.companies;
    let mut w = Vec::new();
    let sheet = |c: &crate::model::Company| (c.place.file, c.place.sheet);
    if cs.iter().all(|c| sheet(c) == sheet(&cs[0])) {
        return w; // one register sheet: the clerk's list is trusted
    }
    for (i, a) in cs.iter().enumerate() {
        for b in &cs[i + 1..] {
            let other_sheet = (a.place.file, a.place.sheet) != (b.place.file, b.place.sheet);
            if other_sheet
                && a.name != b.name
                && (a.name.contains(&b.name) || b.name.contains(&a.name))
            {
                w.push(Warning {
                    scope: Scope::Company,
                    strict: true,
                    text: format!(
                        "物业企业名录中「{}」（{}）和「{}」（{}）名称相互包含，可能是同一家企业写法不同，两家都参加了排名：请核对后统一名称",
                        a.name,
                        ds.place_text(a.place),
                        b.name,
                        ds.place_text(b.place)
                    ),
                });
            }
        }
    }
    w
}

/// Joins what can be joined without the rubric; the red lines it gives.
pub fn join(ds: &mut Dataset) -> Vec<Warning> {
    manual::canonical_targets(ds);
    let j = people::join_instructors(ds);
    let mut w = people::warnings(&j);
    w.extend(company_year_warnings(ds));
    w.extend(register_name_warnings(ds));
    w
}

/// Where the accepted rows of one kind of ledger went (SPEC §1.10): accepted = used, merged
/// and unmatched added up. `accepted` is counted from the sheets (rows read − rejected), the
/// rest from the records and the 数据问题 lines, so the two sides are counted independently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    pub kind: SheetKind,
    pub accepted: u64,
    /// Counts in some figure for its entity (or the district totals and trends).
    pub used: u64,
    /// `已合并`: a copy of a row counted once.
    pub merged: u64,
    /// Listed in 数据问题 and counted in a red line: matched no entity.
    pub unmatched: u64,
}

impl Account {
    /// accepted = used + merged + unmatched.
    pub fn balances(&self) -> bool {
        self.accepted == self.used + self.merged + self.unmatched
    }
}

/// The accounts of every kind that has sheets; `manual_unmatched` = rows of 考评打分 that
/// reached no entity ([`manual::unmatched`]).
pub fn accounts(ds: &Dataset, manual_unmatched: u64) -> Vec<Account> {
    let r = &ds.records;
    let roster: std::collections::HashSet<&str> =
        r.roster.iter().map(|x| x.instructor.as_str()).collect();
    let notes_unmatched = if roster.is_empty() {
        0
    } else {
        r.notes
            .iter()
            .filter(|n| !roster.contains(n.instructor.as_str()))
            .count() as u64
    };
    let complaints_unmatched = if r.companies.is_empty() {
        0 // no register at all: the complaints serve the trends, said by a notice
    } else {
        r.complaints
            .iter()
            .filter(|c| ds.company_of(c).is_none())
            .count() as u64
    };
    // `已合并` lines per (file, sheet) index
    let mut merged_at: std::collections::HashMap<(u32, u32), u64> = Default::default();
    for p in ds
        .issues
        .iter()
        .filter(|i| i.action == Action::Merged && i.row > 0)
        .filter_map(|i| i.place)
    {
        *merged_at.entry((p.file, p.sheet)).or_default() += 1;
    }
    let mut out = Vec::new();
    for kind in SheetKind::ALL {
        let mut accepted = 0;
        let mut merged = 0;
        let mut any = false;
        for (fi, f) in ds.files.iter().enumerate() {
            for (si, s) in f.sheets.iter().enumerate() {
                if s.kind != Some(kind) {
                    continue;
                }
                any = true;
                accepted += s.rows_read - s.rejected;
                let at = (fi as u32, si as u32);
                merged += merged_at.get(&at).copied().unwrap_or(0);
            }
        }
        if !any {
            continue;
        }
        let (records, unmatched) = match kind {
            SheetKind::Complaints => (r.complaints.len(), complaints_unmatched),
            SheetKind::Register => (r.companies.len(), 0),
            SheetKind::Duty => (r.duty.len(), 0),
            SheetKind::Roster => (r.roster.len(), 0),
            SheetKind::Notes => (r.notes.len(), notes_unmatched),
            SheetKind::Manual => (r.manual.len(), manual_unmatched),
        };
        out.push(Account {
            kind,
            accepted,
            used: records as u64 - unmatched,
            merged,
            unmatched,
        });
    }
    out
}
