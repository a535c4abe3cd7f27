//! Builders for the unit tests of the stages that work on a [`Dataset`] (metrics, analysis):
//! a register entry, a complaint, a visit note, each with the defaults a test leaves alone.

use crate::model::*;
use chrono::NaiveDate;

pub(crate) fn place() -> Place {
    Place {
        file: 0,
        sheet: 0,
        row: 2,
    }
}

pub(crate) fn note(who: &str, org: &str, d: NaiveDate, method: &str, summary: &str) -> Note {
    Note {
        instructor: who.into(),
        unit: String::new(),
        org: org.into(),
        date: d,
        method: method.into(),
        summary: summary.into(),
        found: 0.0,
        solved: 0.0,
        progress: None,
        place: place(),
    }
}

/// A register entry: red, 100 households, 在管, no dates.
pub(crate) fn register_entry(name: &str) -> Company {
    Company {
        name: name.into(),
        aliases: vec![],
        street: String::new(),
        households: Some(100.0),
        red: true,
        party_org: PartyOrg::None,
        members: None,
        state: CompanyState::Active,
        entered: None,
        left: None,
        remark: String::new(),
        place: place(),
    }
}

pub(crate) fn company(ds: &mut Dataset, name: &str) -> Sym {
    ds.records.companies.push(register_entry(name));
    let sym = ds.pool.intern(name);
    ds.company_index
        .insert(sym, ds.records.companies.len() as u32 - 1);
    sym
}

pub(crate) fn complaint(
    ds: &mut Dataset,
    co: Sym,
    r: NaiveDate,
    closed: Option<NaiveDate>,
) -> &mut Complaint {
    let id = ds.ids.push(&format!("C{}", ds.records.complaints.len()));
    ds.records.complaints.push(Complaint {
        id,
        received: r,
        company: co,
        community: Sym::EMPTY,
        street: Sym::EMPTY,
        category: Sym::EMPTY,
        channel: Sym::EMPTY,
        status: if closed.is_some() {
            Status::Closed
        } else {
            Status::InProgress
        },
        closed,
        satisfaction: Satisfaction::NotVisited,
        repeat: false,
        escalated: false,
        collective: false,
        place: place(),
    });
    ds.records.complaints.last_mut().expect("just pushed")
}

/// A duty row of `unit` in `year` with weight `weight`; nothing done, no evidence.
pub(crate) fn duty(unit: &str, year: i32, weight: f64) -> DutyRow {
    DutyRow {
        unit: unit.into(),
        year,
        task: "任务".into(),
        dimension: String::new(),
        group: String::new(),
        weight,
        target: None,
        actual: None,
        deadline: None,
        done_on: None,
        evidence: false,
        inspection: None,
        mark: None,
        place: place(),
    }
}

/// A roster row: `instructor` of `unit` serves `org`.
pub(crate) fn roster(instructor: &str, unit: &str, org: &str) -> RosterRow {
    RosterRow {
        instructor: instructor.into(),
        unit: unit.into(),
        org: org.into(),
        org_type: String::new(),
        place: place(),
    }
}
