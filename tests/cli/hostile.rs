//! Hostile workbooks made here: each must end quickly with a clear error naming the file (or be
//! read normally), never exhaust memory, abort or hang.

use crate::util::*;
use redeval::report::input::{text_row, write_ledger, InSheet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A small valid complaint ledger.
fn base(dir: &Path) -> PathBuf {
    let p = dir.join("base.xlsx");
    let h = ["信访编号", "受理日期", "物业企业", "办理状态"];
    let rows = vec![text_row(&["H1", "2024-01-02", "甲", "办理中"])];
    write_ledger(&p, &[InSheet::new("台账", &h, rows)]).unwrap();
    p
}

/// Copy `src` into `dst`, replacing parts by name and adding extra parts.
fn repack(
    src: &Path,
    dst: &Path,
    replace: &dyn Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(&str, Vec<u8>)],
) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        zout.start_file(name.clone(), opt).unwrap();
        zout.write_all(&replace(&name, data)).unwrap();
    }
    for (name, data) in extra {
        zout.start_file(name.to_string(), opt).unwrap();
        zout.write_all(data).unwrap();
    }
    zout.finish().unwrap();
}

/// Copy `src` into `dst` with one XML part rewritten by `f`.
fn with_part(src: &Path, dst: &Path, part: &str, f: &dyn Fn(String) -> String) {
    repack(
        src,
        dst,
        &|name, d| {
            if name == part {
                f(String::from_utf8(d).unwrap()).into_bytes()
            } else {
                d
            }
        },
        &[],
    );
}

fn check_alone(p: &Path) -> (Option<i32>, String, f64) {
    let t0 = std::time::Instant::now();
    let dir = folder_with(&[p.to_path_buf()]);
    let o = redeval(&["check", "--input", dir.path().to_str().unwrap()]);
    (o.status.code(), stderr(&o), t0.elapsed().as_secs_f64())
}

#[test]
fn zip_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = base(dir.path());
    let bomb = dir.path().join("bomb.xlsx");
    repack(
        &src,
        &bomb,
        &|_, d| d,
        &[("xl/media/zeros.bin", vec![0u8; 80 << 20])],
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
    let (code, err, secs) = check_alone(&bomb);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("bomb.xlsx") && err.contains("压缩"), "{err}");
    assert!(secs < 30.0);
}

#[test]
fn shared_string_table_with_a_huge_count_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = base(dir.path());
    let bad = dir.path().join("sst.xlsx");
    with_part(&src, &bad, "xl/sharedStrings.xml", &|s| {
        s.replacen("uniqueCount=\"", "uniqueCount=\"4000000000", 1)
    });
    let (code, err, _) = check_alone(&bad);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("sst.xlsx") && err.contains("共享字符串"),
        "{err}"
    );
}

#[test]
fn many_shared_strings_are_read_within_bounds() {
    // 300,000 distinct strings in the table, only four used: read normally.
    let dir = tempfile::tempdir().unwrap();
    let src = base(dir.path());
    let big = dir.path().join("many.xlsx");
    with_part(&src, &big, "xl/sharedStrings.xml", &|s| {
        let extra: String = (0..300_000)
            .map(|i| format!("<si><t>x{i}</t></si>"))
            .collect();
        let s = s.replace("</sst>", &format!("{extra}</sst>"));
        let re_count = |s: &str, key: &str| -> String {
            let i = s.find(key).unwrap() + key.len();
            let j = i + s[i..].find('"').unwrap();
            let n: u64 = s[i..j].parse().unwrap();
            format!("{}{}{}", &s[..i], n + 300_000, &s[j..])
        };
        re_count(&re_count(&s, "uniqueCount=\""), " count=\"")
    });
    let (code, err, secs) = check_alone(&big);
    assert_eq!(code, Some(0), "{err}");
    assert!(secs < 30.0);
}

#[test]
fn huge_declared_dimension_and_a_far_cell() {
    let dir = tempfile::tempdir().unwrap();
    let src = base(dir.path());
    let p = dir.path().join("dim.xlsx");
    with_part(&src, &p, "xl/worksheets/sheet1.xml", &|s| {
        let s = s.replacen(
            "<dimension ref=\"A1:D2\"/>",
            "<dimension ref=\"A1:XFD1048576\"/>",
            1,
        );
        s.replace(
            "</sheetData>",
            "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
        )
    });
    let (code, err, secs) = check_alone(&p);
    // the far cell is right of the header: ignored; the real row is read
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("1 行"), "{err}");
    assert!(secs < 30.0);
}

#[test]
fn a_row_of_100000_columns() {
    let dir = tempfile::tempdir().unwrap();
    let src = base(dir.path());
    let p = dir.path().join("wide.xlsx");
    let cells: String = (0..100_000u32)
        .map(|i| format!("<c r=\"{}3\"><v>{i}</v></c>", redeval::vocab::col_letter(i)))
        .collect();
    with_part(&src, &p, "xl/worksheets/sheet1.xml", &|s| {
        s.replace(
            "</sheetData>",
            &format!("<row r=\"3\">{cells}</row></sheetData>"),
        )
    });
    let (code, err, secs) = check_alone(&p);
    assert!(matches!(code, Some(0..=2)), "{code:?} {err}");
    if code == Some(2) {
        assert!(err.contains("wide.xlsx"));
    }
    assert!(secs < 30.0);
}

#[test]
fn password_protected_workbook_says_so() {
    let p = root().join("tests/wild/pass_protected.xlsx");
    let (code, err, _) = check_alone(&p);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("pass_protected.xlsx") && err.contains("加密"),
        "{err}"
    );
}

#[test]
fn overlong_text_is_truncated_and_said() {
    // Excel and rust_xlsxwriter refuse cells over 32,767 characters; other writers do not.
    let dir = tempfile::tempdir().unwrap();
    let h = ["信访编号", "受理日期", "物业企业", "办理状态", "满意度"];
    let rows = vec![text_row(&["L1", "2024-03-01", "甲", "办理中", "LONGMARK"])];
    let src = dir.path().join("src.xlsx");
    write_ledger(&src, &[InSheet::new("s", &h, rows)]).unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    crate::pipeline::small_dataset(&input);
    let long = "很".repeat(40_000);
    with_part(
        &src,
        &input.join("long.xlsx"),
        "xl/sharedStrings.xml",
        &|s| s.replace("LONGMARK", &long),
    );
    let out = dir.path().join("r.xlsx");
    let o = redeval(&[
        "run",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let book = read_back(&out);
    let issues = &book.iter().find(|(n, _)| n == "数据问题").unwrap().1;
    let row = issues
        .iter()
        .find(|r| s(&r[0]) == "long.xlsx" && s(&r[6]) == "已剔除")
        .unwrap();
    assert_eq!(s(&row[4]).chars().count(), 32_766);
    assert!(issues
        .iter()
        .any(|r| s(&r[0]) == "long.xlsx" && s(&r[5]).contains("32767")));
}

/// A sheet with `merges` inserted after its data (where Excel writes them).
fn with_merges(dir: &Path, name: &str, merges: &str) -> PathBuf {
    let src = base(dir);
    let p = dir.join(name);
    with_part(&src, &p, "xl/worksheets/sheet1.xml", &|s| {
        s.replacen("</sheetData>", &format!("</sheetData>{merges}"), 1)
    });
    p
}

#[test]
fn a_million_merged_regions_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = String::from("<mergeCells count=\"1000000\">");
    for i in 0..1_000_000u32 {
        // overlapping, far-reaching and ordinary ranges mixed
        match i % 3 {
            0 => m.push_str("<mergeCell ref=\"A1:XFD1048576\"/>"),
            1 => m.push_str(&format!(
                "<mergeCell ref=\"C{}:C{}\"/>",
                i % 1000 + 2,
                i % 1000 + 900
            )),
            _ => m.push_str(&format!("<mergeCell ref=\"B{}:Z{}\"/>", i + 1, i + 2)),
        }
    }
    m.push_str("</mergeCells>");
    let p = with_merges(dir.path(), "merges.xlsx", &m);
    let (code, err, secs) = check_alone(&p);
    assert!(matches!(code, Some(0..=2)), "{err}");
    assert!(secs < 60.0, "{secs} s");
}

#[test]
fn a_header_block_merged_over_the_whole_sheet_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = with_merges(
        dir.path(),
        "whole.xlsx",
        "<mergeCells count=\"2\"><mergeCell ref=\"A1:XFD20\"/><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>",
    );
    let (code, err, secs) = check_alone(&p);
    // the merge covers the header itself: its top-left value fills nothing that has a value,
    // so the ledger reads as written
    assert_eq!(code, Some(0), "{err}");
    assert!(secs < 30.0, "{secs} s");
}

/// Issue 21's markup readers under hostile spans: every cell of thousands of rows spanning
/// 65,535 columns and rows is read to the end (spans are cut at 1,024 columns).
#[test]
fn markup_with_hostile_spans_ends_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (0..2000)
        .map(|_| r#"<tr><td colspan="65535" rowspan="65535">x</td></tr>"#)
        .collect();
    std::fs::write(
        dir.path().join("导出.xls"),
        format!("<html><body><table>{rows}</table></body></html>"),
    )
    .unwrap();
    let cells: String = (0..2000)
        .map(|_| r#"<Row><Cell ss:MergeAcross="16383" ss:MergeDown="1048575"><Data ss:Type="String">x</Data></Cell></Row>"#)
        .collect();
    std::fs::write(
        dir.path().join("表.xml"),
        format!(r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a"><Table>{cells}</Table></Worksheet></Workbook>"#),
    )
    .unwrap();
    let o = redeval(&["check", "--input", dir.path().to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
}
