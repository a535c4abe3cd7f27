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

fn filled(c: &InCell) -> bool {
    match c {
        InCell::Empty => false,
        InCell::Text(t) => !t.trim().is_empty(),
        _ => true,
    }
}

/// A generated row that is a record: some used column (all but the last, 备注) is filled, or
/// 备注 holds more than a number (a row with only a number in an unused column is a 序号 typed
/// ahead on an empty form, skipped with the sheet's 已跳过 line).
fn is_record(r: &[InCell]) -> bool {
    r[..r.len() - 1].iter().any(filled)
        || matches!(r.last(), Some(InCell::Text(t)) if !t.trim().is_empty())
        || matches!(r.last(), Some(InCell::Date(_)))
}

/// A complaint sheet of generated rows under `HEADERS`, with a title block when `title`.
fn ledger(rows: Vec<Vec<InCell>>, title: bool) -> InSheet {
    InSheet {
        name: "台账".into(),
        title_rows: if title {
            vec!["标题".into(), String::new()]
        } else {
            vec![]
        },
        headers: HEADERS.iter().map(|s| s.to_string()).collect(),
        rows,
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn rows_read_equal_accepted_plus_rejected(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 10), 0..40),
        title in proptest::bool::ANY,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let sheet = ledger(rows.clone(), title);
        write_ledger(&dir.path().join("a.xlsx"), &[sheet]).unwrap();
        let ds = ingest(dir.path(), &Options::default(), &|_, _| {}).unwrap();
        let f = &ds.files[0];
        let non_blank = rows.iter().filter(|r| is_record(r)).count() as u64;
        prop_assert_eq!(f.rows_read, non_blank);
        // every accepted row is a complaint or a merged duplicate
        let merged = ds.issues.iter().filter(|i| i.action.label() == "已合并").count() as u64;
        prop_assert_eq!(ds.records.complaints.len() as u64 + merged, f.accepted());
        // Every non-blank generated row is, by its Excel row number (title rows and the
        // header above it), exactly one of: a complaint, a merged duplicate, a rejected row.
        let offset = if title { 3 } else { 1 };
        let expected: std::collections::BTreeSet<u32> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| is_record(r))
            .map(|(i, _)| offset + i as u32 + 1)
            .collect();
        let accepted: std::collections::BTreeSet<u32> = ds
            .records.complaints
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// SPEC §1.10: the same ledger as an HTML table and as SpreadsheetML 2003 (both saved as
    /// `.xls`, as platforms do), and as an `.xlsx` with inline strings (a streaming writer's
    /// export, issue 25), reads to the same records, row counts and rejections as its `.xlsx`.
    #[test]
    fn html_and_spreadsheetml_read_as_the_xlsx(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 10), 0..30),
        title in proptest::bool::ANY,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let sheet = ledger(rows, title);
        let read = |name: &str| {
            let sub = dir.path().join(name);
            std::fs::create_dir_all(&sub).unwrap();
            let sheets = std::slice::from_ref(&sheet);
            match name {
                "xlsx" => write_ledger(&sub.join("a.xlsx"), sheets).unwrap(),
                "inline" => redeval::report::input::write_ledger_inline(&sub.join("a.xlsx"), sheets).unwrap(),
                "html" => std::fs::write(sub.join("a.xls"), redeval::report::input::ledger_html(sheets)).unwrap(),
                _ => std::fs::write(sub.join("a.xls"), redeval::report::input::ledger_xmlss(sheets)).unwrap(),
            }
            ingest(&sub, &Options::default(), &|_, _| {}).unwrap()
        };
        let (a, b, c, d) = (read("xlsx"), read("html"), read("xmlss"), read("inline"));
        // the inline rendering really has no shared strings
        let z = std::fs::File::open(dir.path().join("inline").join("a.xlsx")).unwrap();
        let mut z = zip::ZipArchive::new(z).unwrap();
        prop_assert!(z.by_name("xl/sharedStrings.xml").is_err());
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut z.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
        prop_assert!(xml.contains("t=\"inlineStr\""));
        for other in [&b, &c, &d] {
            prop_assert_eq!(other.files[0].rows_read, a.files[0].rows_read);
            prop_assert_eq!(other.files[0].rejected, a.files[0].rejected);
            prop_assert_eq!(other.records.complaints.len(), a.records.complaints.len());
            for (x, y) in a.records.complaints.iter().zip(&other.records.complaints) {
                prop_assert_eq!(a.ids.get(x.id), other.ids.get(y.id));
                prop_assert_eq!(a.pool.get(x.company), other.pool.get(y.company));
                prop_assert_eq!(x.place.row, y.place.row);
                let same = x.same_content(&redeval::model::Complaint { id: x.id, company: x.company, ..*y });
                prop_assert!(same, "row {}", x.place.row);
            }
        }
    }
}

/// One generated office ledger: runs of complaints under a company merged down, 小计 rows
/// between runs, an optional two-row header block and an optional footer.
#[derive(Debug, Clone)]
struct OfficeLedger {
    two_row_header: bool,
    /// Per run: company number, and per row its 满意度 cell (random: some are invalid).
    runs: Vec<(u8, Vec<InCell>)>,
    subtotals: bool,
    footer: bool,
}

fn office_ledger() -> impl Strategy<Value = OfficeLedger> {
    (
        proptest::bool::ANY,
        proptest::collection::vec((0u8..4, proptest::collection::vec(cell(), 1..6)), 0..8),
        proptest::bool::ANY,
        proptest::bool::ANY,
    )
        .prop_map(|(two_row_header, runs, subtotals, footer)| OfficeLedger {
            two_row_header,
            runs,
            subtotals,
            footer,
        })
}

/// Writes the ledger with rust_xlsxwriter (merged ranges as Excel writes them); returns the
/// Excel row numbers of the data rows with their company.
fn write_office(path: &std::path::Path, l: &OfficeLedger) -> Vec<(u32, String)> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let blank = Format::new();
    // columns: 序号 信访编号 受理日期 物业企业 办理状态 办结日期 满意度
    let mut r: u32 = 0;
    ws.merge_range(0, 0, 0, 6, "2024年物业信访台账", &blank)
        .unwrap();
    r += 1;
    if l.two_row_header {
        ws.merge_range(r, 0, r + 1, 0, "序号", &blank).unwrap();
        ws.merge_range(r, 1, r + 1, 1, "信访编号", &blank).unwrap();
        ws.merge_range(r, 2, r, 3, "受理信息", &blank).unwrap();
        ws.merge_range(r, 4, r, 6, "办理情况", &blank).unwrap();
        for (c, h) in ["受理日期", "物业企业", "办理状态", "办结日期", "满意度"]
            .iter()
            .enumerate()
        {
            ws.write_string(r + 1, c as u16 + 2, *h).unwrap();
        }
        r += 2;
    } else {
        for (c, h) in [
            "序号",
            "信访编号",
            "受理日期",
            "物业企业",
            "办理状态",
            "办结日期",
            "满意度",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(r, c as u16, *h).unwrap();
        }
        r += 1;
    }
    let mut data = Vec::new();
    let mut n = 0;
    for (company, rows) in &l.runs {
        let name = format!("第{company}物业公司");
        let start = r;
        for sat in rows {
            n += 1;
            ws.write_number(r, 0, n as f64).unwrap();
            ws.write_string(r, 1, format!("T{n:04}")).unwrap();
            ws.write_string(r, 2, "2024-03-05").unwrap();
            ws.write_string(r, 4, "已办结").unwrap();
            ws.write_string(r, 5, "2024-03-09").unwrap();
            match sat {
                InCell::Text(t) => {
                    ws.write_string(r, 6, t).unwrap();
                }
                InCell::Num(x) => {
                    ws.write_number(r, 6, *x).unwrap();
                }
                _ => {}
            }
            data.push((r + 1, name.clone()));
            r += 1;
        }
        if rows.len() > 1 {
            ws.merge_range(start, 3, r - 1, 3, &name, &blank).unwrap();
        } else {
            ws.write_string(start, 3, &name).unwrap();
        }
        if l.subtotals {
            ws.merge_range(r, 0, r, 2, "小　计", &blank).unwrap();
            ws.write_number(r, 3, rows.len() as f64).unwrap();
            r += 1;
        }
    }
    ws.write_string(r, 0, "合计").unwrap();
    ws.write_number(r, 3, n as f64).unwrap();
    r += 1;
    if l.footer {
        ws.write_string(r + 1, 0, "填表人：张敏").unwrap();
        // rows after the footer are never read, whatever they hold
        ws.write_string(r + 2, 1, "T9999").unwrap();
        ws.write_string(r + 2, 2, "2024-03-05").unwrap();
    }
    wb.save(path).unwrap();
    data
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// SPEC §1.7 on generated office ledgers: merged runs are filled, header blocks found,
    /// summary and footer rows neither read nor counted, and still rows read = accepted +
    /// rejected with every data row's Excel row number mapping back to exactly one outcome.
    #[test]
    fn office_ledgers_lose_and_invent_nothing(l in office_ledger()) {
        let dir = tempfile::tempdir().unwrap();
        let data = write_office(&dir.path().join("a.xlsx"), &l);
        let ds = ingest(dir.path(), &Options::default(), &|_, _| {}).unwrap();
        let f = &ds.files[0];
        prop_assert_eq!(f.rows_read, data.len() as u64);
        // accepted rows counted from the records, independently of `rejected` (issue 23)
        prop_assert_eq!(f.rows_read - f.rejected, ds.records.complaints.len() as u64);
        let rejected: std::collections::BTreeSet<u32> =
            ds.issues.iter().filter(|i| i.action.label() == "已剔除").map(|i| i.row).collect();
        let accepted: std::collections::BTreeSet<u32> =
            ds.records.complaints.iter().map(|c| c.place.row).collect();
        prop_assert!(accepted.is_disjoint(&rejected));
        let expected: std::collections::BTreeSet<u32> = data.iter().map(|d| d.0).collect();
        let all: std::collections::BTreeSet<u32> = accepted.union(&rejected).copied().collect();
        prop_assert_eq!(all, expected);
        // every accepted complaint carries the company of its merged run
        for c in &ds.records.complaints {
            let want = &data.iter().find(|d| d.0 == c.place.row).unwrap().1;
            prop_assert_eq!(ds.pool.get(c.company), want.as_str());
        }
        // no row is rejected for an empty company: the merged cells were filled
        prop_assert!(!ds.issues.iter().any(|i| i.problem.contains("物业企业为空")));
        // one 已跳过 line for the summary rows and the footer (when there is any)
        let skipped = ds.issues.iter().filter(|i| i.action.label() == "已跳过").count();
        prop_assert_eq!(skipped, 1);
    }
}
