//! Reading the fixtures written by other programs.

use crate::util::*;
use chrono::NaiveDate;
use redeval::ingest::{ingest, IngestError, Options};
use redeval::model::{Dataset, Satisfaction, Status};

fn read(files: &[&str]) -> Result<Dataset, IngestError> {
    let d = folder_with(&files.iter().map(|f| fixture(f)).collect::<Vec<_>>());
    ingest(d.path(), &Options::default(), &|_, _| {})
}

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

type Row = (
    String,
    NaiveDate,
    String,
    String,
    Status,
    Option<NaiveDate>,
    Satisfaction,
    bool,
    bool,
    bool,
);

fn rows(ds: &Dataset) -> Vec<Row> {
    ds.records
        .complaints
        .iter()
        .map(|c| {
            (
                ds.ids.get(c.id).to_string(),
                c.received,
                ds.pool.get(c.company).to_string(),
                ds.pool.get(c.category).to_string(),
                c.status,
                c.closed,
                c.satisfaction,
                c.repeat,
                c.escalated,
                c.collective,
            )
        })
        .collect()
}

#[test]
fn the_same_three_complaints_from_every_writer() {
    let expected: Vec<Row> = vec![
        (
            "T-0001".into(),
            d(2023, 1, 9),
            "示例物业".into(),
            "供暖".into(),
            Status::Closed,
            Some(d(2023, 1, 12)),
            Satisfaction::Satisfied,
            false,
            false,
            false,
        ),
        (
            "T-0002".into(),
            d(2023, 2, 14),
            "示例物业".into(),
            "维修".into(),
            Status::Closed,
            Some(d(2023, 3, 20)),
            Satisfaction::Unsatisfied,
            true,
            false,
            false,
        ),
        (
            "T-0003".into(),
            d(2023, 12, 30),
            "样板物业".into(),
            "收费".into(),
            Status::InProgress,
            None,
            Satisfaction::NotVisited,
            false,
            false,
            false,
        ),
    ];
    for f in [
        "complaints_openpyxl.xlsx",
        "complaints_libreoffice.xlsx",
        "complaints_libreoffice.ods",
        "complaints_1904_dates.xlsx",
        "complaints_xlwt.xls",
    ] {
        let ds = read(&[f]).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(rows(&ds), expected, "{f}");
        assert_eq!(ds.files[0].rows_read, 3, "{f}");
        assert_eq!(ds.files[0].rejected, 0, "{f}");
        assert!(ds.issues.is_empty(), "{f}: {:?}", ds.issues);
        // community and street come through too
        assert_eq!(
            ds.pool.get(ds.records.complaints[0].community),
            "示例1号小区"
        );
        assert_eq!(ds.pool.get(ds.records.complaints[2].street), "样板街道");
    }
}

#[test]
fn all_five_together_merge_into_three() {
    let ds = read(&[
        "complaints_openpyxl.xlsx",
        "complaints_libreoffice.xlsx",
        "complaints_libreoffice.ods",
        "complaints_1904_dates.xlsx",
        "complaints_xlwt.xls",
    ])
    .unwrap();
    assert_eq!(ds.records.complaints.len(), 3);
    assert_eq!(ds.issues.len(), 12);
    assert!(ds.issues.iter().all(|i| i.action.label() == "已合并"));
    let (read, rejected) = ds.totals();
    assert_eq!((read, rejected), (15, 0));
}

#[test]
fn title_rows_aliases_and_text_dates() {
    let ds = read(&["complaints_title_rows_aliases.xlsx"]).unwrap();
    let sheet = &ds.files[0].sheets[0];
    assert_eq!(sheet.header_row, 4);
    let got: Vec<(
        String,
        NaiveDate,
        Option<NaiveDate>,
        String,
        Status,
        Satisfaction,
    )> = ds
        .records
        .complaints
        .iter()
        .map(|c| {
            (
                ds.ids.get(c.id).to_string(),
                c.received,
                c.closed,
                ds.pool.get(c.company).to_string(),
                c.status,
                c.satisfaction,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "T-0101".into(),
                d(2023, 3, 5),
                Some(d(2023, 3, 9)),
                "示例物业".into(),
                Status::Closed,
                Satisfaction::Basic
            ),
            (
                "T-0102".into(),
                d(2023, 3, 6),
                Some(d(2023, 3, 10)),
                "示例物业".into(),
                Status::Closed,
                Satisfaction::Satisfied
            ),
            (
                "T-0103".into(),
                d(2023, 3, 7),
                None,
                "样板物业".into(),
                Status::InProgress,
                Satisfaction::NotVisited
            ),
        ]
    );
    assert_eq!(ds.files[0].rows_read, 3);
}

#[test]
fn register_with_units_aliases_and_text_numbers() {
    let ds = read(&["register.xlsx", "complaints_openpyxl.xlsx"]).unwrap();
    assert_eq!(ds.records.companies.len(), 2);
    assert_eq!(ds.records.companies[0].households, Some(1200.0));
    assert_eq!(ds.records.companies[1].households, Some(2400.0));
    assert_eq!(
        ds.records.companies[0].aliases,
        vec!["示例物业".to_string(), "示例".to_string()]
    );
    // complaint names resolve through aliases to the full names
    let names: Vec<&str> = ds
        .records
        .complaints
        .iter()
        .map(|c| {
            ds.records.companies[ds.company_of(c).unwrap()]
                .name
                .as_str()
        })
        .collect();
    assert_eq!(
        names,
        [
            "示例物业服务有限公司",
            "示例物业服务有限公司",
            "样板物业管理有限公司"
        ]
    );
    assert!(ds.issues.is_empty());
}

#[test]
fn header_only_gives_zero_rows() {
    let ds = read(&["header_only.xlsx"]).unwrap();
    assert_eq!(ds.records.complaints.len(), 0);
    assert_eq!(ds.files[0].rows_read, 0);
    assert!(ds.files[0].sheets[0].kind.is_some());
}

#[test]
fn each_broken_file_is_an_error_naming_it() {
    for f in [
        "broken_not_a_zip.xlsx",
        "broken_truncated.xlsx",
        "broken_empty.xlsx",
    ] {
        match read(&[f]) {
            Err(e @ IngestError::BadFile { .. }) => assert!(e.to_string().contains(f), "{e}"),
            other => panic!("{f}: expected an error, got {other:?}"),
        }
        let dir = folder_with(&[fixture(f)]);
        let o = redeval(&["check", "--input", dir.path().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{f}");
        assert!(stderr(&o).contains(f), "{}", stderr(&o));
    }
}

#[test]
fn skip_bad_files_lists_and_goes_on() {
    let dir = folder_with(&[
        fixture("broken_empty.xlsx"),
        fixture("complaints_openpyxl.xlsx"),
    ]);
    let ds = ingest(
        dir.path(),
        &Options {
            skip_bad_files: true,
        },
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(ds.records.complaints.len(), 3);
    assert!(ds.files[0].error.is_some());
    assert_eq!(ds.issues[0].file, "broken_empty.xlsx");
}

#[test]
fn check_lists_the_sample_bad_rows_by_place() {
    let o = redeval(&["check", "--input", "data/sample"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "信访台账/2024/2024年01月物业信访台账.xlsx › 1月!3\tA 信访编号",
        "2024年02月物业信访台账.xlsx › 2月!4\tB 受理日期\t`2024-02-30`",
        "2024年04月物业信访台账.xlsx › 4月!3\tH 办理状态\t`已结案`",
        "办结日期早于受理日期",
        "为同一信访编号，按一条计",
        "状态为已办结但办结日期为空",
        "`很满意`",
        "`宏达物业`\t未在名录中的物业企业",
        "按一条计\t已合并",
    ] {
        assert!(out.contains(want), "missing {want}\n{out}");
    }
    for bad in redeval::sample::bad_rows() {
        assert!(out.contains(&bad), "sample bad row `{bad}` not listed");
    }
    // per-file counts: read = accepted + rejected
    assert!(out.contains("2024年06月物业信访台账.xlsx\t读取"), "{out}");
}

#[test]
fn sample_command_reproduces_data_sample() {
    let dir = tempfile::tempdir().unwrap();
    let o = redeval(&["sample", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut n = 0;
    let mut stack = vec![root().join("data/sample")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(root().join("data/sample")).unwrap();
            let fresh = std::fs::read(dir.path().join(rel))
                .unwrap_or_else(|_| panic!("{rel:?} not generated"));
            assert_eq!(
                std::fs::read(&p).unwrap(),
                fresh,
                "{rel:?} differs: regenerate data/sample"
            );
            n += 1;
        }
    }
    assert_eq!(n, 42);
}

/// Duplicate complaint ids across files: the same content is counted once (已合并); differing
/// content rejects every row of that id, including a later row identical to the first.
#[test]
fn duplicate_ids_across_files_are_merged_or_all_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let head = "信访编号,受理日期,物业企业,办理状态,办结日期,满意度\n";
    std::fs::write(
        dir.path().join("a.csv"),
        format!(
            "{head}A1,2024-01-05,甲物业,已办结,2024-01-06,满意\nB1,2024-01-07,甲物业,办理中,,\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.csv"),
        format!(
            "{head}A1,2024-01-05,甲物业,已办结,2024-01-06,满意\nB1,2024-01-08,甲物业,办理中,,\n\
             B1,2024-01-07,甲物业,办理中,,\nC1,2024-02-01,乙物业,未办理,,\n"
        ),
    )
    .unwrap();
    let ds = ingest(dir.path(), &Options::default(), &|_, _| {}).unwrap();
    let ids: Vec<&str> = ds
        .records
        .complaints
        .iter()
        .map(|c| ds.ids.get(c.id))
        .collect();
    assert_eq!(ids, ["A1", "C1"]);
    let lines: Vec<(String, u32, String, &str)> = ds
        .issues
        .iter()
        .map(|i| (i.file.clone(), i.row, i.value.clone(), i.action.label()))
        .collect();
    let line = |f: &str, r: u32, v: &str, a: &'static str| (f.to_string(), r, v.to_string(), a);
    assert_eq!(
        lines,
        [
            line("b.csv", 2, "A1", "已合并"),
            line("a.csv", 3, "B1", "已剔除"),
            line("b.csv", 3, "B1", "已剔除"),
            line("b.csv", 4, "B1", "已剔除"),
        ]
    );
    assert_eq!((ds.files[0].rejected, ds.files[1].rejected), (1, 2));
}

/// Issue 23: a CSV whose bytes cannot all be decoded is a red line naming the file, never
/// silent mojibake; a clean Big5 export is detected and gives no such line.
#[test]
fn damaged_and_big5_csv() {
    let dir = tempfile::tempdir().unwrap();
    let text = "信访编号,受理日期,物业企业,办理状态,办结日期\nXF1,2024-03-05,和谐家园物业服务有限公司,办理中,\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let mut broken = gbk.to_vec();
    broken.extend_from_slice(&[0x81, 0x20, b'\n']);
    std::fs::write(dir.path().join("坏.csv"), &broken).unwrap();
    let traditional =
        "信訪編號,受理日期,物業企業,辦理狀態\nXF2,2024-03-05,和諧家園物業服務有限公司,辦理中\n";
    let (big5, _, _) = encoding_rs::BIG5.encode(traditional);
    std::fs::write(dir.path().join("台.csv"), &big5).unwrap();
    let (decoded, enc, damaged) = redeval::ingest::csvfile::decode(&big5);
    assert_eq!(
        (decoded.as_ref(), enc, damaged),
        (traditional, "Big5", false)
    );
    let ds = ingest(dir.path(), &Options::default(), &|_, _| {}).unwrap();
    assert!(
        ds.warnings
            .iter()
            .any(|w| w.text.contains("坏.csv") && w.text.contains("文字编码无法完整识别")),
        "{:?}",
        ds.warnings
    );
    assert!(!ds.warnings.iter().any(|w| w.text.contains("台.csv")));
}

/// Issue 23: a row breaking several rules names the first cause — a 受理日期 typed 2042 is the
/// implausible date, not "办结日期早于受理日期".
#[test]
fn a_mistyped_year_is_named_as_the_cause() {
    use redeval::report::input::{text_row, write_ledger, InSheet};
    let dir = tempfile::tempdir().unwrap();
    let h = ["信访编号", "受理日期", "物业企业", "办理状态", "办结日期"];
    let rows = vec![
        text_row(&["XF1", "2042-03-05", "甲物业", "已办结", "2024-03-10"]),
        text_row(&["XF2", "2024-03-12", "甲物业", "已办结", "2024-03-10"]),
    ];
    write_ledger(&dir.path().join("a.xlsx"), &[InSheet::new("s", &h, rows)]).unwrap();
    let ds = ingest(dir.path(), &Options::default(), &|_, _| {}).unwrap();
    let p = |row: u32| {
        ds.issues
            .iter()
            .find(|i| i.row == row)
            .map(|i| (i.column.clone(), i.problem.clone()))
            .unwrap()
    };
    let (col, why) = p(2);
    assert!(
        col.contains("受理日期") && why.starts_with("受理日期不合理"),
        "{col} {why}"
    );
    let (col, why) = p(3);
    assert!(
        col.contains("办结日期") && why == "办结日期早于受理日期",
        "{col} {why}"
    );
}
