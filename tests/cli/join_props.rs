//! SPEC §1.10's invariant on generated district folders: every accepted row counts for its
//! entity, or is merged, or is listed as unmatched — accepted = used + merged + unmatched per
//! kind — with padded and line-broken names, unknown people, units and companies, same-name
//! people, duplicate and missing ids, and manual scores for unknown companies or indicators.

use proptest::prelude::*;
use redeval::evaluate::{evaluate, RubricSource};
use redeval::ingest::{ingest, Options};
use redeval::model::SheetKind;
use redeval::report::input::{write_ledger, InCell, InSheet};
use redeval::score::Rubric;

fn t(s: &str) -> InCell {
    InCell::Text(s.to_string())
}

const COMPANIES: [&str; 3] = ["甲物业有限公司", "乙物业有限公司", "丙物业服务有限公司"];

/// A company as written in a complaint or a manual score: full, line-broken, or unknown.
fn written_company() -> impl Strategy<Value = String> {
    prop_oneof![
        (0usize..3).prop_map(|i| COMPANIES[i].to_string()),
        (0usize..3).prop_map(|i| COMPANIES[i].replace("物业", "物业\n")),
        Just("丁物业有限公司".to_string()),
    ]
}

fn person() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("王伟".to_string()),
        Just("王　伟".to_string()),
        Just("李 娜".to_string()),
        Just("李娜".to_string()),
        Just("赵六".to_string()),
    ]
}

fn unit() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("住建局".to_string()),
        Just("民政局".to_string()),
        Just(String::new())
    ]
}

fn complaint() -> impl Strategy<Value = Vec<InCell>> {
    (
        prop_oneof![
            (1u32..30).prop_map(|n| format!("XF{n}")),
            (1u32..30).prop_map(|n| format!("'XF{n}")),
            Just("无".to_string()),
            Just(String::new()),
        ],
        1u32..13,
        1u32..28,
        written_company(),
        proptest::bool::ANY,
    )
        .prop_map(|(id, m, d, co, closed)| {
            let rec = chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap();
            vec![
                t(&id),
                InCell::Date(rec),
                t(&co),
                t(if closed { "已办结" } else { "办理中" }),
                if closed {
                    InCell::Date(rec + chrono::Duration::days(3))
                } else {
                    InCell::Empty
                },
            ]
        })
}

fn sheets(
    complaints: Vec<Vec<InCell>>,
    roster: Vec<(String, String)>,
    notes: Vec<(String, String, u32)>,
    manual: Vec<(String, bool, f64)>,
) -> Vec<(String, InSheet)> {
    let register = InSheet::new(
        "名录",
        &["企业名称", "管理户数"],
        COMPANIES
            .iter()
            .map(|c| vec![t(c), InCell::Num(100.0)])
            .collect(),
    );
    let c = InSheet::new(
        "台账",
        &["信访编号", "受理日期", "物业企业", "办理状态", "办结日期"],
        complaints,
    );
    let r = InSheet::new(
        "名册",
        &["指导员", "派出单位", "联系组织"],
        roster
            .iter()
            .map(|(p, u)| vec![t(p), t(u), t("O1")])
            .collect(),
    );
    let n = InSheet::new(
        "记录",
        &["指导员", "派出单位", "联系组织", "日期"],
        notes
            .iter()
            .map(|(p, u, m)| {
                vec![
                    t(p),
                    t(u),
                    t("O1"),
                    InCell::Date(chrono::NaiveDate::from_ymd_opt(2024, *m, 3).unwrap()),
                ]
            })
            .collect(),
    );
    let m = InSheet::new(
        "打分",
        &["考核对象", "指标", "得分", "满分"],
        manual
            .iter()
            .map(|(who, known, x)| {
                vec![
                    t(who),
                    t(if *known {
                        "现场检查"
                    } else {
                        "服务态度"
                    }),
                    InCell::Num(*x),
                    InCell::Num(100.0),
                ]
            })
            .collect(),
    );
    vec![
        ("名录.xlsx".into(), register),
        ("台账.xlsx".into(), c),
        ("名册.xlsx".into(), r),
        ("记录.xlsx".into(), n),
        ("打分.xlsx".into(), m),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn accepted_rows_are_used_merged_or_unmatched(
        complaints in proptest::collection::vec(complaint(), 3..40),
        roster in proptest::collection::vec((person(), unit().prop_filter("named", |u| !u.is_empty())), 1..5),
        notes in proptest::collection::vec((person(), unit(), 1u32..13), 0..20),
        manual in proptest::collection::vec((written_company(), proptest::bool::ANY, 0.0f64..100.0), 0..8),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let written = sheets(complaints, roster, notes, manual);
        let mut generated = std::collections::BTreeMap::new();
        for (file, sheet) in &written {
            generated.insert(sheet.name.clone(), sheet.rows.len() as u64);
            write_ledger(&dir.path().join(file), std::slice::from_ref(sheet)).unwrap();
        }
        let ds = ingest(dir.path(), &Options::default(), &|_, _| {}).unwrap();
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/received/rubric.toml"),
        )
        .unwrap();
        let rubric = Rubric::parse(&text).unwrap();
        let ev = evaluate(ds, rubric, RubricSource::Default, Some(2024), None).unwrap();
        // rows read per kind: every generated row, counted by the sheets themselves
        for f in &ev.ds.files {
            for s in &f.sheets {
                prop_assert_eq!(s.rows_read, generated[&s.name], "{}", s.name);
            }
        }
        prop_assert!(!ev.accounts.is_empty());
        for a in &ev.accounts {
            prop_assert!(a.balances(), "{:?}", a);
        }
        // every unmatched row has its own 数据问题 line
        let lines = |kind: SheetKind, what: &str| {
            ev.ds.issues.iter().filter(|i| i.problem.contains(what)).filter(|i| {
                ev.ds.files.iter().any(|f| f.path == i.file && f.sheets.iter().any(|s| s.name == i.sheet && s.kind == Some(kind)))
            }).count() as u64
        };
        for a in &ev.accounts {
            let want = match a.kind {
                SheetKind::Complaints => lines(a.kind, "未在名录中的物业企业"),
                SheetKind::Notes => lines(a.kind, "不在指导员名册中"),
                SheetKind::Manual => lines(a.kind, "未计入"),
                _ => 0,
            };
            prop_assert_eq!(a.unmatched, want, "{:?}", a.kind);
        }
        // an unmatched row is said in a red line on the sheet it affects
        let has_unmatched = |k: SheetKind| ev.accounts.iter().any(|a| a.kind == k && a.unmatched > 0);
        if has_unmatched(SheetKind::Notes) {
            prop_assert!(ev.warnings.iter().any(|w| w.text.contains("不在指导员名册中")));
        }
        if has_unmatched(SheetKind::Manual) {
            prop_assert!(ev.warnings.iter().any(|w| w.text.contains("考评打分中有")));
        }
    }
}
