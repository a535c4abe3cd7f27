//! Property tests over generated workbooks: nothing is lost or invented.

use proptest::prelude::*;
use redeval::ingest::{ingest, Options};
use redeval::report::input::{write_ledger, InCell, InSheet};

fn cell() -> impl Strategy<Value = InCell> {
    prop_oneof![
        Just(InCell::Empty),
        "[A-Z0-9-]{1,6}".prop_map(InCell::Text),
        (-5.0e4f64..5.0e4).prop_map(InCell::Num),
        Just(InCell::Text("2024-02-30".into())),
        Just(InCell::Text("2024/3/5".into())),
        Just(InCell::Text("已办结".into())),
        Just(InCell::Text("办理中".into())),
        Just(InCell::Text("满意".into())),
        Just(InCell::Text("是".into())),
        Just(InCell::Text("   ".into())),
        (2020i32..2026, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| InCell::Date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap())),
    ]
}

const HEADERS: [&str; 10] = [
    "信访编号",
    "受理日期",
    "物业企业",
    "办理状态",
    "办结日期",
    "满意度",
    "是否重复信访",
    "是否越级",
    "是否集体访",
    "备注",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn rows_read_equal_accepted_plus_rejected(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 10), 0..40),
        title in proptest::bool::ANY,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let sheet = InSheet {
            name: "台账".into(),
            title_rows: if title { vec!["标题".into(), String::new()] } else { vec![] },
            headers: HEADERS.iter().map(|s| s.to_string()).collect(),
            rows: rows.clone(),
            ..Default::default()
        };
        write_ledger(&dir.path().join("a.xlsx"), &[sheet]).unwrap();
        let ds = ingest(dir.path(), &Options::default(), &|_, _| {}).unwrap();
        let f = &ds.files[0];
        let non_blank = rows.iter().filter(|r| r.iter().any(|c| match c {
            InCell::Empty => false,
            InCell::Text(t) => !t.trim().is_empty(),
            _ => true,
        })).count() as u64;
        prop_assert_eq!(f.rows_read, non_blank);
        prop_assert_eq!(f.rows_read, f.accepted() + f.rejected);
        // every accepted row is a complaint or a merged duplicate
        let merged = ds.issues.iter().filter(|i| i.action.label() == "已合并").count() as u64;
        prop_assert_eq!(ds.complaints.len() as u64 + merged, f.accepted());
        // Every non-blank generated row is, by its Excel row number (title rows and the
        // header above it), exactly one of: a complaint, a merged duplicate, a rejected row.
        let offset = if title { 3 } else { 1 };
        let expected: std::collections::BTreeSet<u32> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.iter().any(|c| match c {
                InCell::Empty => false,
                InCell::Text(t) => !t.trim().is_empty(),
                _ => true,
            }))
            .map(|(i, _)| offset + i as u32 + 1)
            .collect();
        let accepted: std::collections::BTreeSet<u32> = ds
            .complaints
            .iter()
            .map(|c| c.place.row)
            .chain(ds.issues.iter().filter(|i| i.action.label() == "已合并").map(|i| i.row))
            .collect();
        let rejected: std::collections::BTreeSet<u32> =
            ds.issues.iter().filter(|i| i.action.label() == "已剔除").map(|i| i.row).collect();
        prop_assert!(accepted.is_disjoint(&rejected));
        prop_assert_eq!(rejected.len() as u64, f.rejected);
        let all: std::collections::BTreeSet<u32> = accepted.union(&rejected).copied().collect();
        prop_assert_eq!(all, expected);
    }
}
