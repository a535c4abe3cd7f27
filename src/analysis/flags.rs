//! 异常提示 (SPEC §8.3): patterns in the records that often mean a ledger was filled to look
//! good. Prompts to check, never changes to any score. Thresholds come from the rubric's
//! `[analysis]` table.

use crate::fields;
use crate::metrics::Period;
use crate::model::{Dataset, Status};
use crate::score::settings::AnalysisSettings;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// The five rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlagKind {
    SameNotes,
    SameDayPlaces,
    ComplaintDrop,
    SameDayClosure,
    SameDoneDate,
}

impl FlagKind {
    pub const ALL: [FlagKind; 5] = [
        FlagKind::SameNotes,
        FlagKind::SameDayPlaces,
        FlagKind::ComplaintDrop,
        FlagKind::SameDayClosure,
        FlagKind::SameDoneDate,
    ];
    /// 类型.
    pub fn label(self) -> &'static str {
        match self {
            FlagKind::SameNotes => "笔记雷同",
            FlagKind::SameDayPlaces => "同日多地",
            FlagKind::ComplaintDrop => "信访骤降",
            FlagKind::SameDayClosure => "当日办结集中",
            FlagKind::SameDoneDate => "完成日期雷同",
        }
    }
    /// 建议: what to check.
    pub fn advice(self) -> &'static str {
        match self {
            FlagKind::SameNotes => "抽查原始走访记录和照片，核实是否确有走访、内容是否照抄",
            FlagKind::SameDayPlaces => {
                "核实当天行程：一天内实地走访多个组织是否可能，是否把电话联系记成了实地走访"
            }
            FlagKind::ComplaintDrop => {
                "核对 12345 平台和信访局台账，确认是否有漏登、少报或改由其他渠道受理"
            }
            FlagKind::SameDayClosure => {
                "抽查回访记录，核实问题是否当天真正解决，是否存在先办结后处理"
            }
            FlagKind::SameDoneDate => "查看佐证材料的形成时间，核实是否集中补填完成日期",
        }
    }
}

/// One prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub kind: FlagKind,
    /// 对象: the instructor, company or member unit.
    pub target: String,
    /// 依据: the figures.
    pub basis: String,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// 笔记雷同 and 同日多地, per instructor over the notes dated in Y.
fn instructors(ds: &Dataset, y: i32, s: &AnalysisSettings, out: &mut Vec<Flag>) {
    let mut by: BTreeMap<&str, Vec<&crate::model::Note>> = BTreeMap::new();
    for n in ds.records.notes.iter().filter(|n| n.date.year() == y) {
        by.entry(n.instructor.as_str()).or_default().push(n);
    }
    for (who, notes) in &by {
        let total = notes.len();
        // normalised text → (count, the text as first written)
        let mut count: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        for n in notes {
            let t = crate::vocab::norm(&n.summary).into_owned();
            if !t.is_empty() {
                count.entry(t).or_insert((0, n.summary.as_str())).0 += 1;
            }
        }
        let same: usize = count.values().map(|c| c.0).filter(|&c| c >= 2).sum();
        if total as f64 >= s.notes_min
            && total > 0
            && same as f64 >= s.notes_same_share * total as f64
        {
            let top = count
                .values()
                .max_by_key(|c| c.0)
                .map(|&(c, t)| (t.to_string(), c));
            let example = top
                .map(|(t, c)| {
                    let short: String = t.chars().take(20).collect();
                    let more = if t.chars().count() > 20 { "…" } else { "" };
                    format!("；最多的一句“{short}{more}”出现 {c} 次")
                })
                .unwrap_or_default();
            out.push(Flag {
                kind: FlagKind::SameNotes,
                target: who.to_string(),
                basis: format!(
                    "{y} 年工作记录 {total} 条，其中 {same} 条（{}）的内容摘要与本人其他记录完全相同{example}",
                    pct(same as f64 / total as f64)
                ),
            });
        }
        let mut places: BTreeMap<NaiveDate, BTreeSet<&str>> = BTreeMap::new();
        for n in notes.iter().filter(|n| n.method == fields::ON_SITE) {
            places.entry(n.date).or_default().insert(n.org.as_str());
        }
        let days: Vec<String> = places
            .iter()
            .filter(|(_, o)| o.len() as f64 >= s.same_day_orgs)
            .map(|(d, o)| format!("{} {} {} 个组织", day(*d), fields::ON_SITE, o.len()))
            .collect();
        if !days.is_empty() {
            out.push(Flag {
                kind: FlagKind::SameDayPlaces,
                target: who.to_string(),
                basis: days.join("；"),
            });
        }
    }
}

/// 信访骤降 and 当日办结集中, per registered company.
fn companies(ds: &Dataset, p: &Period, s: &AnalysisSettings, out: &mut Vec<Flag>) {
    let n = ds.records.companies.len();
    let (mut cur, mut prev) = (vec![0usize; n], vec![0usize; n]);
    let (mut closed, mut same_day) = (vec![0usize; n], vec![0usize; n]);
    let (ps, pe) = p.same_period_prev();
    for c in &ds.records.complaints {
        let Some(i) = ds.company_of(c) else { continue };
        if c.received >= p.start() && c.received <= p.as_of {
            cur[i] += 1;
            if c.status == Status::Closed {
                if let Some(d) = c.closed {
                    closed[i] += 1;
                    if d == c.received {
                        same_day[i] += 1;
                    }
                }
            }
        } else if c.received >= ps && c.received <= pe {
            prev[i] += 1;
        }
    }
    let period = if p.complete() {
        "上年"
    } else {
        "上年同期"
    };
    for (i, co) in ds.records.companies.iter().enumerate() {
        if prev[i] as f64 >= s.drop_from && prev[i] > 0 {
            let fall = (prev[i] as f64 - cur[i] as f64) / prev[i] as f64;
            if fall >= s.drop_share {
                out.push(Flag {
                    kind: FlagKind::ComplaintDrop,
                    target: co.name.clone(),
                    basis: format!(
                        "{period} {} 件，本年 {} 件，下降 {}",
                        prev[i],
                        cur[i],
                        pct(fall)
                    ),
                });
            }
        }
        if closed[i] as f64 >= s.close_same_day_min
            && closed[i] > 0
            && same_day[i] as f64 >= s.close_same_day_share * closed[i] as f64
        {
            out.push(Flag {
                kind: FlagKind::SameDayClosure,
                target: co.name.clone(),
                basis: format!(
                    "本年已办结 {} 件，其中 {} 件（{}）办结日期与受理日期为同一天",
                    closed[i],
                    same_day[i],
                    pct(same_day[i] as f64 / closed[i] as f64)
                ),
            });
        }
    }
}

/// 完成日期雷同, per member unit over its duty rows of Y.
fn units(ds: &Dataset, y: i32, s: &AnalysisSettings, out: &mut Vec<Flag>) {
    let mut by: BTreeMap<&str, BTreeMap<NaiveDate, usize>> = BTreeMap::new();
    let mut tasks: BTreeMap<&str, usize> = BTreeMap::new();
    for d in ds.records.duty.iter().filter(|d| d.year == y) {
        *tasks.entry(d.unit.as_str()).or_default() += 1;
        if let Some(done) = d.done_on {
            *by.entry(d.unit.as_str())
                .or_default()
                .entry(done)
                .or_default() += 1;
        }
    }
    for (unit, dates) in by {
        let Some((d, c)) = dates
            .iter()
            .max_by_key(|(d, &c)| (c, std::cmp::Reverse(**d)))
        else {
            continue;
        };
        if *c as f64 >= s.same_done_date_tasks {
            out.push(Flag {
                kind: FlagKind::SameDoneDate,
                target: unit.to_string(),
                basis: format!(
                    "本年任务 {} 项，其中 {} 项的实际完成日期都是 {}",
                    tasks[unit],
                    c,
                    day(*d)
                ),
            });
        }
    }
}

/// Every prompt for year `p.year`, grouped by rule in the order of [`FlagKind::ALL`].
pub fn flags(ds: &Dataset, p: &Period, s: &AnalysisSettings) -> Vec<Flag> {
    let mut out = Vec::new();
    instructors(ds, p.year, s, &mut out);
    companies(ds, p, s, &mut out);
    units(ds, p.year, s, &mut out);
    out.sort_by_key(|f| f.kind);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ymd;
    use crate::model::*;
    use crate::testkit::*;

    fn period() -> Period {
        Period::new(2024, ymd(2024, 12, 31), 15)
    }

    #[test]
    fn same_notes_needs_six_notes_and_half_repeated() {
        let mut ds = Dataset::default();
        // 王芳: 6 notes, 3 with the same summary (3/6 = 50 % ≥ 50 %) → flagged.
        for (i, s) in ["走访了解情况", "走访了解情况", "走访了解情况", "a", "b", ""]
            .iter()
            .enumerate()
        {
            ds.records.notes.push(note(
                "王芳",
                "甲",
                ymd(2024, 1 + i as u32, 3),
                "电话联系",
                s,
            ));
        }
        // 李强: 6 notes, 2 the same (33 %) → not flagged; 张三: 5 notes all the same → too few.
        for (i, s) in ["x", "x", "a", "b", "c", "d"].iter().enumerate() {
            ds.records
                .notes
                .push(note("李强", "乙", ymd(2024, 1 + i as u32, 3), "座谈", s));
        }
        for i in 0..5 {
            ds.records
                .notes
                .push(note("张三", "丙", ymd(2024, 1 + i, 3), "座谈", "同一句"));
        }
        let f = flags(&ds, &period(), &AnalysisSettings::default());
        let same: Vec<&Flag> = f.iter().filter(|f| f.kind == FlagKind::SameNotes).collect();
        assert_eq!(same.len(), 1);
        assert_eq!(same[0].target, "王芳");
        assert!(
            same[0].basis.contains("工作记录 6 条，其中 3 条（50%）"),
            "{}",
            same[0].basis
        );
    }

    /// The example sentence is cut at 20 characters, with … only when something was cut.
    #[test]
    fn same_notes_quotes_twenty_characters() {
        let twenty = "一二三四五六七八九十一二三四五六七八九十";
        for (who, text, quoted) in [
            ("甲", twenty.to_string(), format!("“{twenty}”")),
            ("乙", format!("{twenty}多"), format!("“{twenty}…”")),
        ] {
            let mut ds = Dataset::default();
            for m in 1..=6 {
                ds.records
                    .notes
                    .push(note(who, "丙", ymd(2024, m, 3), "座谈", &text));
            }
            let f = flags(&ds, &period(), &AnalysisSettings::default());
            assert!(f[0].basis.contains(&quoted), "{}", f[0].basis);
        }
    }

    #[test]
    fn every_rule_has_its_name_and_advice() {
        let labels: Vec<&str> = FlagKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "笔记雷同",
                "同日多地",
                "信访骤降",
                "当日办结集中",
                "完成日期雷同"
            ]
        );
        for k in FlagKind::ALL {
            assert!(
                k.advice().starts_with("抽查") || k.advice().contains("核"),
                "{k:?}"
            );
        }
    }

    #[test]
    fn same_day_places_counts_field_visits_only() {
        let mut ds = Dataset::default();
        let d = ymd(2024, 5, 6);
        for org in ["甲", "乙", "丙", "丁"] {
            ds.records.notes.push(note("王芳", org, d, "实地走访", org));
        }
        // four organisations but one by phone: not flagged
        for org in ["甲", "乙", "丙"] {
            ds.records.notes.push(note("李强", org, d, "实地走访", org));
        }
        ds.records
            .notes
            .push(note("李强", "丁", d, "电话联系", "丁"));
        let f = flags(&ds, &period(), &AnalysisSettings::default());
        let hits: Vec<&Flag> = f
            .iter()
            .filter(|f| f.kind == FlagKind::SameDayPlaces)
            .collect();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].target, "王芳");
        assert_eq!(hits[0].basis, "2024-05-06 实地走访 4 个组织");
    }

    #[test]
    fn complaint_drop_and_same_day_closure() {
        let mut ds = Dataset::default();
        let a = company(&mut ds, "甲物业");
        let b = company(&mut ds, "乙物业");
        // 甲: 10 in 2023 → 4 in 2024: −60 % ≥ 60 % → 信访骤降.
        for i in 0..10 {
            complaint(&mut ds, a, ymd(2023, 1 + i, 5), None);
        }
        for i in 0..4 {
            complaint(&mut ds, a, ymd(2024, 1 + i, 5), None);
        }
        // 乙: 9 in 2023 → 0 (below drop_from 10: not flagged); 10 closed in 2024, 8 the same day
        // (80 % ≥ 80 %) → 当日办结集中.
        for i in 0..9 {
            complaint(&mut ds, b, ymd(2023, 1 + i, 5), None);
        }
        for i in 0..10 {
            let r = ymd(2024, 1 + i, 10);
            let c = if i < 8 { r } else { ymd(2024, 1 + i, 12) };
            complaint(&mut ds, b, r, Some(c));
        }
        // 丙: 9 in 2023 → 0 in 2024 (−100 %, but below drop_from 10); 丁: 10 closed in 2024,
        // 7 the same day (70 % < 80 %)
        let c = company(&mut ds, "丙物业");
        for i in 0..9 {
            complaint(&mut ds, c, ymd(2023, 1 + i, 5), None);
        }
        let d = company(&mut ds, "丁物业");
        for i in 0..10 {
            let r = ymd(2024, 1 + i, 10);
            let c = if i < 7 { r } else { ymd(2024, 1 + i, 12) };
            complaint(&mut ds, d, r, Some(c));
        }
        let f = flags(&ds, &period(), &AnalysisSettings::default());
        let drop: Vec<&Flag> = f
            .iter()
            .filter(|f| f.kind == FlagKind::ComplaintDrop)
            .collect();
        assert_eq!(drop.len(), 1);
        assert_eq!(drop[0].target, "甲物业");
        assert_eq!(drop[0].basis, "上年 10 件，本年 4 件，下降 60%");
        let close: Vec<&Flag> = f
            .iter()
            .filter(|f| f.kind == FlagKind::SameDayClosure)
            .collect();
        assert_eq!(close.len(), 1);
        assert_eq!(close[0].target, "乙物业");
        assert!(close[0].basis.contains("已办结 10 件，其中 8 件（80%）"));
        // with no minimum, a company that closed nothing is still not "all the same day"
        let loose = AnalysisSettings {
            close_same_day_min: 0.0,
            ..AnalysisSettings::default()
        };
        let f = flags(&ds, &period(), &loose);
        let close: Vec<&str> = (f.iter())
            .filter(|f| f.kind == FlagKind::SameDayClosure)
            .map(|f| f.target.as_str())
            .collect();
        assert_eq!(close, ["乙物业"]);
        // an incomplete year compares the same period: as_of 2024-03-31 → 2023 Jan–Mar (3)
        let p = Period::new(2024, ymd(2024, 3, 31), 15);
        let f = flags(&ds, &p, &AnalysisSettings::default());
        assert!(
            !f.iter().any(|f| f.kind == FlagKind::ComplaintDrop),
            "3 → 3 is no drop"
        );
    }

    #[test]
    fn same_done_date_needs_four_tasks_on_one_day() {
        let mut ds = Dataset::default();
        let task = |unit: &str, d: Option<NaiveDate>| DutyRow {
            unit: unit.into(),
            year: 2024,
            task: "t".into(),
            dimension: String::new(),
            group: String::new(),
            weight: 1.0,
            target: None,
            actual: None,
            deadline: None,
            done_on: d,
            evidence: false,
            inspection: None,
            mark: None,
            place: place(),
        };
        let d = ymd(2024, 12, 20);
        for _ in 0..4 {
            ds.records.duty.push(task("区住建局", Some(d)));
        }
        ds.records.duty.push(task("区住建局", None));
        for _ in 0..3 {
            ds.records.duty.push(task("区民政局", Some(d)));
        }
        let f = flags(&ds, &period(), &AnalysisSettings::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, FlagKind::SameDoneDate);
        assert_eq!(
            f[0].basis,
            "本年任务 5 项，其中 4 项的实际完成日期都是 2024-12-20"
        );
    }
}
