//! The same 信访编号 more than once in the folder (SPEC §1.10 "Duplicates"): two streets'
//! files, two sheets, or twice in one sheet. Order is relative path, then sheet, then row — the
//! order the merge sees rows in, so the first row of an id is the one kept in the records.
//!
//! Identical copies are one complaint (`已合并`). Copies whose 受理日期 or *matched* company
//! differ are a conflict: every row of that id is rejected. Otherwise the copies are one
//! complaint whose progress comes from the most advanced record (已办结 over 办理中 over 未办理;
//! between two 已办结 the later 办结日期), satisfaction from that record or else from any that
//! has one, the three flags set if any copy sets them, and the descriptive fields from the
//! first; each later row gets an `已合并` line naming what differed.

use crate::model::*;
use std::collections::BTreeMap;

/// Settles every id seen more than once. `later` holds (index of the first row's complaint,
/// a later row) in reading order; company names must already be resolved.
pub(super) fn settle(ds: &mut Dataset, later: Vec<(u32, Complaint)>) {
    if later.is_empty() {
        return;
    }
    let mut groups: BTreeMap<u32, Vec<Complaint>> = BTreeMap::new();
    for (first, c) in later {
        groups.entry(first).or_default().push(c);
    }
    let mut dropped = rustc_hash::FxHashSet::default();
    for (first, rows) in groups {
        let f = ds.records.complaints[first as usize];
        if let Some(what) = rows.iter().find_map(|c| conflict(ds, &f, c)) {
            reject_all(ds, &f, &rows, what);
            dropped.insert(first);
        } else {
            let merged = merge(&f, &rows);
            for c in &rows {
                let problem = merged_problem(ds, &f, c, &merged);
                let id = ds.ids.get(f.id).to_string();
                ds.issues
                    .push(ds.issue_at(c.place, "信访编号", &id, problem, Action::Merged));
            }
            ds.records.complaints[first as usize] = merged;
        }
    }
    if !dropped.is_empty() {
        let mut i = 0u32;
        ds.records.complaints.retain(|_| {
            i += 1;
            !dropped.contains(&(i - 1))
        });
    }
}

/// What makes two rows of one id two different complaints: 受理日期 or the matched company.
fn conflict(ds: &Dataset, f: &Complaint, c: &Complaint) -> Option<&'static str> {
    if f.received != c.received {
        return Some("受理日期");
    }
    let same_company = match (ds.company_of(f), ds.company_of(c)) {
        (Some(a), Some(b)) => a == b,
        (None, None) => f.company == c.company,
        _ => false,
    };
    (!same_company).then_some("物业企业")
}

fn reject_all(ds: &mut Dataset, f: &Complaint, rows: &[Complaint], what: &str) {
    let id = ds.ids.get(f.id).to_string();
    let all: Vec<Place> = std::iter::once(f.place)
        .chain(rows.iter().map(|c| c.place))
        .collect();
    for (k, &p) in all.iter().enumerate() {
        let other = if k == 0 { all[1] } else { all[0] };
        let problem = format!(
            "信访编号重复且内容不同（{what}不一致，另见 {}），该编号的 {} 行均剔除",
            ds.place_text(other),
            all.len()
        );
        let issue = ds.issue_at(p, "信访编号", &id, problem, Action::Rejected);
        ds.reject_at(p, issue);
    }
}

/// How far a record's handling has come: status first, then the later 办结日期.
fn progress(c: &Complaint) -> (u8, Option<chrono::NaiveDate>) {
    let s = match c.status {
        Status::Closed => 2,
        Status::InProgress => 1,
        Status::NotStarted => 0,
    };
    (s, c.closed)
}

/// One complaint from the first row and its later copies (same 受理日期 and company).
fn merge(f: &Complaint, rows: &[Complaint]) -> Complaint {
    let mut best = f;
    for c in rows {
        if progress(c) > progress(best) {
            best = c;
        }
    }
    let satisfaction = if best.satisfaction != Satisfaction::NotVisited {
        best.satisfaction
    } else {
        std::iter::once(f)
            .chain(rows)
            .map(|c| c.satisfaction)
            .find(|s| *s != Satisfaction::NotVisited)
            .unwrap_or(Satisfaction::NotVisited)
    };
    let any = |get: fn(&Complaint) -> bool| get(f) || rows.iter().any(get);
    Complaint {
        status: best.status,
        closed: best.closed,
        satisfaction,
        repeat: any(|c| c.repeat),
        escalated: any(|c| c.escalated),
        collective: any(|c| c.collective),
        ..*f
    }
}

/// The `已合并` line of a later row `c` of the first row `f`.
fn merged_problem(ds: &Dataset, f: &Complaint, c: &Complaint, m: &Complaint) -> String {
    let first = ds.place_text(f.place);
    if f.same_content(&Complaint { id: f.id, ..*c }) {
        return format!("与 {first} 的信访记录完全相同，按一条计");
    }
    let date = |d: Option<chrono::NaiveDate>| d.map_or("空".to_string(), |d| d.to_string());
    let yn = crate::fields::yes_no;
    let pool = &ds.pool;
    let mut diffs: Vec<String> = Vec::new();
    let mut diff = |what: &str, here: String, there: String| {
        if here != there {
            diffs.push(format!("{what}本行「{here}」、首行「{there}」"));
        }
    };
    diff(
        "物业企业",
        pool.get(c.company).into(),
        pool.get(f.company).into(),
    );
    diff("办理状态", c.status.label().into(), f.status.label().into());
    diff("办结日期", date(c.closed), date(f.closed));
    diff(
        "满意度",
        c.satisfaction.label().into(),
        f.satisfaction.label().into(),
    );
    diff("是否重复信访", yn(c.repeat).into(), yn(f.repeat).into());
    diff("是否越级", yn(c.escalated).into(), yn(f.escalated).into());
    diff(
        "是否集体访",
        yn(c.collective).into(),
        yn(f.collective).into(),
    );
    for (what, a, b) in [
        ("街道", c.street, f.street),
        ("小区", c.community, f.community),
        ("问题类别", c.category, f.category),
        ("信访渠道", c.channel, f.channel),
    ] {
        diff(what, pool.get(a).into(), pool.get(b).into());
    }
    let mut used = format!(
        "按一条计：办理状态「{}」、办结日期「{}」、满意度「{}」（取进度最新的记录）",
        m.status.label(),
        date(m.closed),
        m.satisfaction.label()
    );
    if m.repeat || m.escalated || m.collective {
        let flags: Vec<&str> = [
            (m.repeat, "重复信访"),
            (m.escalated, "越级"),
            (m.collective, "集体访"),
        ]
        .iter()
        .filter(|(b, _)| *b)
        .map(|(_, w)| *w)
        .collect();
        let yes = yn(true);
        used.push_str(&format!(
            "，{} 按“{yes}”计（任一份记为{yes}）",
            flags.join("、")
        ));
    }
    format!(
        "与 {first} 为同一信访编号，{}；其他列以首行为准。不同之处：{}",
        used,
        diffs.join("；")
    )
}
