//! Hand-checked metrics, scores and trends on a small data set written as real workbooks.

use crate::util::*;
use chrono::NaiveDate;
use redeval::evaluate::{evaluate, Evaluation, RubricSource};
use redeval::ingest::{ingest, Options};
use redeval::metrics::{AssessmentKind, Metric};
use redeval::report::input::{write_ledger, InCell, InSheet};
use redeval::score::Rubric;

fn d(y: i32, m: u32, dd: u32) -> InCell {
    InCell::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap())
}
fn t(s: &str) -> InCell {
    InCell::Text(s.to_string())
}

/// The hand-worked data set of this file (see the figures in each test).
pub fn small_dataset(dir: &std::path::Path) {
    let reg = InSheet {
        name: "名录".into(),
        headers: ["企业名称", "简称", "管理户数", "是否红色物业", "党组织形式"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows: vec![
            vec![
                t("甲物业有限公司"),
                t("甲物业"),
                InCell::Num(2000.0),
                t("是"),
                t("单独组建"),
            ],
            vec![
                t("乙物业有限公司"),
                t("乙物业"),
                InCell::Num(500.0),
                t("是"),
                t("联合组建"),
            ],
            vec![
                t("丙物业有限公司"),
                t(""),
                InCell::Num(800.0),
                t("否"),
                t(""),
            ],
        ],
        ..Default::default()
    };
    write_ledger(&dir.join("名录.xlsx"), &[reg]).unwrap();
    let h = [
        "信访编号",
        "受理日期",
        "物业企业",
        "街道",
        "问题类别",
        "办理状态",
        "办结日期",
        "满意度",
        "是否重复信访",
        "是否越级",
        "是否集体访",
    ];
    let row = |id: &str,
               r: InCell,
               co: &str,
               st: &str,
               cl: InCell,
               sat: &str,
               rep: &str,
               esc: &str,
               col: &str| {
        vec![
            t(id),
            r,
            t(co),
            t("东街道"),
            t("维修"),
            t(st),
            cl,
            t(sat),
            t(rep),
            t(esc),
            t(col),
        ]
    };
    let e = InCell::Empty;
    let rows = vec![
        row(
            "A1",
            d(2024, 1, 10),
            "甲物业",
            "已办结",
            d(2024, 1, 20),
            "满意",
            "否",
            "否",
            "否",
        ),
        row(
            "A2",
            d(2024, 2, 1),
            "甲物业有限公司",
            "已办结",
            d(2024, 3, 1),
            "不满意",
            "是",
            "否",
            "否",
        ),
        row(
            "A3",
            d(2024, 6, 25),
            "甲物业",
            "办理中",
            e.clone(),
            "",
            "否",
            "否",
            "否",
        ),
        row(
            "A4",
            d(2024, 5, 1),
            "甲物业",
            "未办理",
            e.clone(),
            "未回访",
            "否",
            "是",
            "否",
        ),
        row(
            "A5",
            d(2024, 3, 3),
            "甲物业",
            "已办结",
            d(2024, 3, 18),
            "基本满意",
            "否",
            "否",
            "是",
        ),
        row(
            "P1",
            d(2023, 2, 1),
            "甲物业",
            "已办结",
            d(2023, 2, 3),
            "满意",
            "否",
            "否",
            "否",
        ),
        row(
            "P2",
            d(2023, 6, 30),
            "甲物业",
            "已办结",
            d(2023, 7, 3),
            "满意",
            "否",
            "否",
            "否",
        ),
        row(
            "P3",
            d(2023, 7, 1),
            "甲物业",
            "已办结",
            d(2023, 7, 3),
            "满意",
            "否",
            "否",
            "否",
        ),
        row(
            "Q1",
            d(2023, 3, 5),
            "乙物业",
            "已办结",
            d(2023, 3, 9),
            "满意",
            "否",
            "否",
            "否",
        ),
        row(
            "C1",
            d(2024, 4, 10),
            "丙物业有限公司",
            "已办结",
            d(2024, 4, 12),
            "满意",
            "否",
            "否",
            "否",
        ),
        row(
            "C2",
            d(2024, 6, 30),
            "丙物业有限公司",
            "办理中",
            e.clone(),
            "",
            "否",
            "否",
            "否",
        ),
        row(
            "X1",
            d(2024, 2, 29),
            "某某物业",
            "已办结",
            d(2024, 3, 2),
            "满意",
            "否",
            "否",
            "否",
        ),
    ];
    write_ledger(&dir.join("台账.xlsx"), &[InSheet::new("台账", &h, rows)]).unwrap();
}

fn eval(as_of: &str) -> Evaluation {
    let dir = tempfile::tempdir().unwrap();
    small_dataset(dir.path());
    let ds = ingest(dir.path(), &Options::default(), &|_, _| {}).unwrap();
    evaluate(
        ds,
        Rubric::default_rubric(),
        RubricSource::Default,
        None,
        Some(as_of),
    )
    .unwrap()
}

fn near(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} vs {b}");
}

#[test]
fn company_metrics_by_hand() {
    let ev = eval("2024-06-30");
    assert_eq!(ev.period.year, 2024);
    let t = ev
        .tables
        .iter()
        .find(|t| t.kind == AssessmentKind::Company)
        .unwrap();
    // only the two red companies are scored
    assert_eq!(t.entities.len(), 2);
    let a = &t.entities[0];
    assert_eq!(a.name, "甲物业有限公司");
    let m = |k: Metric| a.get(k).unwrap();
    near(m(Metric::Complaints), 5.0);
    near(m(Metric::ComplaintsPrev), 2.0); // 2023-02-01 and 2023-06-30; 2023-07-01 is outside 同期
    near(m(Metric::ComplaintsPer1k), 2.5);
    near(m(Metric::ComplaintYoy), 1.5);
    near(m(Metric::ClosureRate), 0.6);
    // A3 is open and not yet due (deadline 07-10 > as_of): 4 eligible, A1 (10 d) and A5 (15 d) on time
    near(m(Metric::OnTimeRate), 0.5);
    near(m(Metric::SatisfactionRate), 2.0 / 3.0);
    near(m(Metric::RepeatRate), 0.2);
    near(m(Metric::Escalated), 1.0);
    near(m(Metric::Collective), 1.0);
    near(m(Metric::AvgHandlingDays), 18.0);
    near(m(Metric::PartyOrg), 1.0);
    let b = &t.entities[1];
    // no complaints in 2024: zero complaints, good rates 1.0, repeat 0; yoy (0 − 1) / 1
    near(b.get(Metric::Complaints).unwrap(), 0.0);
    near(b.get(Metric::ComplaintYoy).unwrap(), -1.0);
    near(b.get(Metric::ClosureRate).unwrap(), 1.0);
    near(b.get(Metric::OnTimeRate).unwrap(), 1.0);
    near(b.get(Metric::SatisfactionRate).unwrap(), 1.0);
    near(b.get(Metric::RepeatRate).unwrap(), 0.0);
    assert_eq!(b.get(Metric::AvgHandlingDays), None);
    near(b.get(Metric::PartyOrg).unwrap(), 0.6);
}

#[test]
fn company_scores_by_hand() {
    let ev = eval("2024-06-30");
    let r = ev
        .results
        .iter()
        .find(|r| r.assessment.kind == AssessmentKind::Company)
        .unwrap();
    let b = &r.entities[0];
    let a = &r.entities[1];
    assert_eq!((b.name.as_str(), b.rank), ("乙物业有限公司", Some(1)));
    // 25 + 15 + 20 + 20 + 10 + 10 × 0.6 = 96 → 优秀 by threshold, but the quota is
    // floor(2 × 0.2) = 0, so it falls to 良好
    near(b.total, 96.0);
    assert_eq!(b.threshold_grade, "优秀");
    assert_eq!(b.grade, "良好");
    assert!(b.remarks.iter().any(|m| m.contains("名额已满")));
    // per_1k max → 0, yoy 1.5 → 0, on_time 0.5 → 0, satisfaction 0.667 → 0.347 floored to 0.5
    // → 10, repeat 0.2 → 1/3 → 3.333, party 1 → 10; escalated −2
    near(a.base, 10.0 + 10.0 / 3.0 + 10.0);
    near(a.total, 10.0 + 10.0 / 3.0 + 10.0 - 2.0);
    assert_eq!(a.grade, "不合格");
    assert!(a.remarks.iter().any(|m| m.contains("集体访")));
    near(a.indicators[3].v, 0.5);
}

#[test]
fn trends_by_hand_with_partial_year() {
    let ev = eval("2024-06-30");
    let t = &ev.trends;
    assert_eq!(t.monthly.len(), 2);
    let y23 = &t.monthly[0];
    let y24 = &t.monthly[1];
    assert_eq!(
        y23.counts,
        [
            Some(0.0),
            Some(1.0),
            Some(1.0),
            Some(0.0),
            Some(0.0),
            Some(1.0),
            Some(1.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0)
        ]
    );
    assert_eq!(y23.total, 4.0);
    assert_eq!(y23.yoy, None); // first year: no base
                               // 2024 up to 06-30: Jan 1, Feb 2 (incl. the leap day), Mar 1, Apr 1, May 1, Jun 2; later months not yet
    assert_eq!(
        &y24.counts[..6],
        &[
            Some(1.0),
            Some(2.0),
            Some(1.0),
            Some(1.0),
            Some(1.0),
            Some(2.0)
        ]
    );
    assert_eq!(&y24.counts[6..], &[None; 6]);
    assert_eq!(y24.total, 8.0);
    // same period 2023-01-01 … 2023-06-30 has 3 complaints → (8 − 3) / 3
    near(y24.yoy.unwrap(), 5.0 / 3.0);
    assert!(t.same_period_note.as_deref().unwrap().contains("同期"));
    // month YoY: Jan zero base → none; Feb 2 vs 1; Mar 1 vs 1; Jun 2 vs 1
    assert_eq!(y24.month_yoy[0], None);
    assert_eq!(y24.month_yoy[1], Some(1.0));
    assert_eq!(y24.month_yoy[2], Some(0.0));
    assert_eq!(y24.month_yoy[5], Some(1.0));
    let co: Vec<(&str, f64, f64, Option<f64>)> = t
        .by_company
        .iter()
        .map(|r| (r.key.as_str(), r.prev, r.cur, r.yoy))
        .collect();
    assert!(co.contains(&("甲物业有限公司", 2.0, 5.0, Some(1.5))));
    assert!(co.contains(&("乙物业有限公司", 1.0, 0.0, Some(-1.0))));
    assert!(co.contains(&("丙物业有限公司", 0.0, 2.0, None)));
    assert!(co.contains(&("某某物业（未在名录）", 0.0, 1.0, None)));
    // fewer than 24 months: no Mann-Kendall, and the sheet says why
    assert!(t.plain.is_none());
    assert!(t.mk_note.as_deref().unwrap().contains("24"));
}

#[test]
fn leap_day_as_of_compares_with_feb_28() {
    let ev = eval("2024-02-29");
    let y24 = &ev.trends.monthly[1];
    assert_eq!(y24.total, 3.0); // Jan 10, Feb 1, Feb 29
                                // 2023-01-01 … 2023-02-28: one complaint (Feb 1)
    near(y24.yoy.unwrap(), 2.0);
    let a = &ev.tables[0].entities[0];
    near(a.get(Metric::ComplaintsPrev).unwrap(), 1.0);
    near(a.get(Metric::Complaints).unwrap(), 2.0);
}

#[test]
fn complete_year_uses_whole_previous_year() {
    let ev = eval("2024-12-31");
    let a = &ev.tables[0].entities[0];
    near(a.get(Metric::ComplaintsPrev).unwrap(), 3.0);
    assert!(ev.trends.same_period_note.is_none());
    // A3 and A4 are open and overdue by Dec 31: eligible 5, on time 2
    near(a.get(Metric::OnTimeRate).unwrap(), 0.4);
}

#[test]
fn sample_run_explains_every_entity() {
    let dir = root().join("data/sample");
    let ds = ingest(&dir, &Options::default(), &|_, _| {}).unwrap();
    let ev = evaluate(
        ds,
        Rubric::default_rubric(),
        RubricSource::Default,
        None,
        None,
    )
    .unwrap();
    assert_eq!(ev.period.year, 2024);
    assert!(ev.previous.is_some());
    let mut n = 0;
    for r in &ev.results {
        assert!(r.entities.iter().any(|e| e.has_data));
        for e in &r.entities {
            let hits = redeval::explain::find(&ev, &e.name);
            assert!(!hits.is_empty(), "{}", e.name);
            let text = redeval::explain::explain(&ev, hits[0].0, hits[0].1);
            assert!(text.contains(&e.name));
            if e.has_data {
                assert!(text.contains(&format!("总分 {:.2}", e.total)), "{text}");
            }
            n += 1;
        }
        // scores stay in [0, scale]
        assert!(r
            .entities
            .iter()
            .all(|e| (0.0..=r.assessment.scale).contains(&e.total)));
    }
    assert!(n > 60);
    // the unit without duty rows in 2024 is listed as 无考核数据, never ranked
    let units = ev
        .results
        .iter()
        .find(|r| r.assessment.kind == AssessmentKind::Unit)
        .unwrap();
    let sifa = units.find("区司法局").unwrap();
    assert!(!sifa.has_data && sifa.rank.is_none());
    // explain through the CLI with an alias
    let o = redeval(&["explain", "金城物业"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("等次最高为合格"));
    let o = redeval(&["explain", "不存在的单位"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Member-unit and instructor metrics (SPEC §2) on a hand-worked data set, 2024 up to 06-30.
#[test]
fn unit_and_instructor_metrics_by_hand() {
    use redeval::report::input::text_row;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let e = InCell::Empty;
    let n = InCell::Num;
    let duty = vec![
        // unit, year, task, weight, target, actual, deadline, done, evidence, inspection
        vec![
            t("甲局"),
            n(2024.0),
            t("a"),
            n(30.0),
            n(10.0),
            n(8.0),
            d(2024, 3, 31),
            d(2024, 3, 20),
            t("有"),
            t("好"),
        ],
        vec![
            t("甲局"),
            n(2024.0),
            t("b"),
            n(20.0),
            e.clone(),
            e.clone(),
            d(2024, 6, 30),
            d(2024, 7, 5),
            t("无"),
            t("一般"),
        ],
        vec![
            t("甲局"),
            n(2024.0),
            t("c"),
            n(50.0),
            n(4.0),
            n(6.0),
            e.clone(),
            e.clone(),
            t("有"),
            e.clone(),
        ],
        vec![
            t("乙局"),
            n(2023.0),
            t("a"),
            n(10.0),
            n(1.0),
            n(1.0),
            e.clone(),
            e.clone(),
            t("有"),
            t("好"),
        ],
    ];
    let dh = [
        "成员单位",
        "年度",
        "任务事项",
        "分值",
        "目标值",
        "完成值",
        "完成时限",
        "实际完成日期",
        "佐证材料",
        "督查评价",
    ];
    write_ledger(&p.join("履职.xlsx"), &[InSheet::new("履职", &dh, duty)]).unwrap();
    let roster = vec![
        text_row(&["张三", "甲局", "O1"]),
        text_row(&["张三", "甲局", "O2"]),
        text_row(&["李四", "甲局", "O3"]),
        text_row(&["王五", "丙局", "O4"]),
    ];
    write_ledger(
        &p.join("名册.xlsx"),
        &[InSheet::new(
            "名册",
            &["指导员", "派出单位", "联系组织"],
            roster,
        )],
    )
    .unwrap();
    let note = |who: &str, org: &str, date: InCell, found: f64, solved: f64, prog: &str| {
        vec![t(who), t(org), date, n(found), n(solved), t(prog)]
    };
    let notes = vec![
        note("张三", "O1", d(2024, 1, 10), 2.0, 1.0, "推进中"),
        note("张三", "O1", d(2024, 4, 15), 1.0, 1.0, "已建立"),
        note("张三", "O2", d(2024, 2, 1), 0.0, 0.0, "未启动"),
        note("李四", "O3", d(2024, 5, 5), 0.0, 0.0, ""),
        note("李四", "O3", d(2024, 5, 20), 0.0, 0.0, ""),
        // after as_of: not counted
        note("张三", "O2", d(2024, 8, 1), 5.0, 0.0, "已建立"),
    ];
    let nh = [
        "指导员",
        "联系组织",
        "走访日期",
        "发现问题数",
        "解决问题数",
        "组建进展",
    ];
    write_ledger(&p.join("记录.xlsx"), &[InSheet::new("记录", &nh, notes)]).unwrap();
    let ds = ingest(p, &Options::default(), &|_, _| {}).unwrap();
    assert_eq!(ds.issues.len(), 0, "{:?}", ds.issues);
    let ev = evaluate(
        ds,
        Rubric::default_rubric(),
        RubricSource::Default,
        Some(2024),
        Some("2024-06-30"),
    )
    .unwrap();
    let units = ev
        .tables
        .iter()
        .find(|t| t.kind == AssessmentKind::Unit)
        .unwrap();
    let jia = units.entities.iter().find(|e| e.name == "甲局").unwrap();
    let m = |k: Metric| jia.get(k).unwrap();
    // (30 × 0.8 + 20 × 1 [no target, has a completion date] + 50 × min(1.5, 1)) / 100
    near(m(Metric::TaskCompletion), 0.94);
    // only task a was done by its deadline; c has no completion date
    near(m(Metric::OnTimeTasks), 0.3);
    near(m(Metric::EvidenceRate), 0.8);
    near(m(Metric::InspectionScore), 0.8); // mean of 好 1 and 一般 0.6
                                           // pairs (张三,O1) visited in Q1 and Q2; (张三,O2) only Q1; (李四,O3) only Q2
    near(m(Metric::InstructorCoverage), 1.0 / 3.0);
    let yi = units.entities.iter().find(|e| e.name == "乙局").unwrap();
    assert!(!yi.has_data); // duty rows only in 2023
    assert_eq!(yi.get(Metric::InstructorCoverage), Some(1.0)); // sends no instructor
    let bing = units.entities.iter().find(|e| e.name == "丙局").unwrap();
    assert!(!bing.has_data);
    near(bing.get(Metric::InstructorCoverage).unwrap(), 0.0);

    let ins = ev
        .tables
        .iter()
        .find(|t| t.kind == AssessmentKind::Instructor)
        .unwrap();
    let get = |who: &str, k: Metric| {
        ins.entities
            .iter()
            .find(|e| e.name == who)
            .unwrap()
            .get(k)
            .unwrap()
    };
    near(get("张三", Metric::Visits), 3.0);
    near(get("张三", Metric::OrgsAssigned), 2.0);
    near(get("张三", Metric::OrgsVisited), 2.0);
    near(get("张三", Metric::Coverage), 0.5);
    near(get("张三", Metric::VisitsPerOrg), 1.5);
    near(get("张三", Metric::SolveRate), 2.0 / 3.0);
    near(get("张三", Metric::OrgsEstablished), 1.0);
    near(get("李四", Metric::Coverage), 0.0); // no visit in Q1
    near(get("李四", Metric::VisitsPerOrg), 2.0);
    near(get("李四", Metric::SolveRate), 1.0); // nothing found
    near(get("王五", Metric::Visits), 0.0);
    near(get("王五", Metric::Coverage), 0.0);
    // SPEC §1.8: no notes in Y, nothing solved — 0, not a perfect rate
    near(get("王五", Metric::SolveRate), 0.0);
}
