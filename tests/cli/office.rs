//! SPEC §1.7 / §1.8 on ledgers made the way district offices make them
//! (`tests/fixtures/office/make_office.py` writes both versions): the office version must give
//! exactly the figures of the tidy version, with exactly the expected rejected rows and
//! `已跳过` / `已匹配` lines.

use crate::util::*;
use calamine::Data;

fn office(v: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/office").join(v)
}

#[test]
fn office_ledgers_give_the_tidy_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("tidy.xlsx"), dir.path().join("office.xlsx"));
    for (v, out) in [("tidy", &a), ("office", &b)] {
        let o = redeval(&[
            "run",
            "--input",
            office(v).to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{v}: {}", stderr(&o));
    }
    let (ta, tb) = (read_back(&a), read_back(&b));
    for name in ["红色物业考评", "成员单位考核", "指导员履职"] {
        let (ra, wa) = ranked(&ta, name);
        let (rb, wb) = ranked(&tb, name);
        assert!(ra.len() > 2, "{name}");
        assert_eq!(
            ra, rb,
            "{name}: the office ledgers must rank exactly as the tidy ones"
        );
        assert!(
            wa.is_empty(),
            "{name}: tidy ledgers need no warning: {wa:?}"
        );
        if name == "红色物业考评" {
            // the near-miss draft sheet and the two rejected rows are said on the sheet itself
            assert!(
                wb.iter()
                    .any(|w| w.contains("草稿") && w.contains("缺少 物业企业")),
                "{wb:?}"
            );
            assert!(
                wb.iter().any(|w| w.contains("2 行因数据问题被剔除")),
                "{wb:?}"
            );
            // no 合计 row became a company
            assert!(!rb.iter().any(|r| s(&r[1]).contains("合计")));
            let ranked_rows = rb
                .iter()
                .filter(|r| matches!(r[0], Data::Float(_) | Data::Int(_)));
            assert_eq!(ranked_rows.count(), 4);
        }
    }
    // the same monthly volumes on 信访趋势
    let trend = |t: &[(String, Vec<Vec<Data>>)]| {
        let g = &t.iter().find(|(n, _)| n == "信访趋势").unwrap().1;
        g.iter().find(|r| s(&r[0]) == "2024").unwrap()[..14].to_vec()
    };
    assert_eq!(trend(&ta), trend(&tb));
    // 运行信息 marks the hidden sheet and shows the header block
    let info = &tb.iter().find(|(n, _)| n == "运行信息").unwrap().1;
    let text: String = info.iter().flatten().map(s).collect::<Vec<_>>().join("\n");
    assert!(text.contains("6月（隐藏）"), "{text}");
    assert!(text.contains("表头在第 2–3 行"), "{text}");
}

#[test]
fn office_check_lists_exactly_the_expected_lines() {
    let o = redeval(&["check", "--input", office("office").to_str().unwrap()]);
    // a near-miss sheet and rejected rows: check exits 1
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains('\t') && l.contains('›'))
        .collect();
    let with = |action: &str| -> Vec<&str> {
        lines
            .iter()
            .copied()
            .filter(|l| l.ends_with(action))
            .collect()
    };
    let rejected = with("已剔除");
    assert_eq!(rejected.len(), 2, "{rejected:#?}");
    assert!(rejected[0].starts_with("2024年物业信访台账（1-9月）.xlsx › 3月!17\tC 受理日期\t`3.5`"));
    assert!(rejected[0].contains("疑似“月.日”写法，请写完整日期，如 2024-03-05"));
    assert!(rejected[1].starts_with("2024年物业信访台账（1-9月）.xlsx › 5月!16"));
    assert!(rejected[1].contains("日期不合理") && rejected[1].contains("2031-05-06"));
    let matched = with("已匹配");
    assert_eq!(matched.len(), 1, "{matched:#?}");
    assert!(
        matched[0].contains("`和谐家园`") && matched[0].contains("太平区和谐家园物业服务有限公司")
    );
    // one 已跳过 line per sheet with summary or footer rows (9 months, duty, roster, notes,
    // register) and one for the near-miss sheet
    let skipped = with("已跳过");
    assert_eq!(skipped.len(), 14, "{skipped:#?}");
    let draft: Vec<_> = skipped.iter().filter(|l| l.contains("› 草稿!")).collect();
    assert_eq!(draft.len(), 1);
    assert!(draft[0].contains("缺少 物业企业"));
    let reg = skipped
        .iter()
        .find(|l| l.starts_with("物业企业名录.xls"))
        .unwrap();
    assert!(reg.contains("第 7 行") && reg.contains("制表人"), "{reg}");
    // nothing else: no 为空 rejections from merged cells, no unmatched companies
    assert_eq!(
        lines.len(),
        rejected.len() + matched.len() + skipped.len(),
        "{lines:#?}"
    );
    let err = stderr(&o);
    assert!(
        err.contains("临时锁文件") && err.contains("正在 Excel 或 WPS 中打开"),
        "{err}"
    );
    // the tidy version passes check
    let o = redeval(&["check", "--input", office("tidy").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn strict_fails_on_a_near_miss_sheet_alone() {
    // only the register and the draft-like sheet: no rejected row, but a near miss
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        office("tidy").join("物业企业名录.xlsx"),
        dir.path().join("名录.xlsx"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("导出.csv"),
        "信访编号,受理日期,物业名称,办理状态\r\nX1,2024-01-05,和谐家园,已办结\r\n",
    )
    .unwrap();
    let o = redeval(&["check", "--input", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("缺少 物业企业"));
}

/// SPEC §1.8: the traps that used to change a ranking without a word.
#[test]
fn traps_are_errors_or_say_so_on_the_ranked_sheet() {
    let tidy = office("tidy");
    let input = tidy.to_str().unwrap();
    // --year must be a four-digit year 2000–2100
    for bad in ["1999", "24", "20245"] {
        let o = redeval(&["run", "--input", input, "--year", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("2000 到 2100"), "{}", stderr(&o));
    }
    // a year without data is an error, never a table of perfect scores
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    let o = redeval(&[
        "run",
        "--input",
        input,
        "--year",
        "2023",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("2023 年没有"), "{}", stderr(&o));
    assert!(!out.exists());
    // weights that do not add up to the scale, and an --as-of past the year: said on the
    // ranked sheet (red line under the title), on the console, and --strict exits 1
    let rubric = String::from_utf8(redeval(&["rubric"]).stdout).unwrap();
    let rubric = rubric.replacen("weight = 25", "weight = 30", 1);
    let rp = dir.path().join("细则.toml");
    std::fs::write(&rp, rubric).unwrap();
    let o = redeval(&[
        "run",
        "--input",
        input,
        "--rubric",
        rp.to_str().unwrap(),
        "--as-of",
        "2025-02-01",
        "--out",
        out.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("权重合计为 105") && err.contains("晚于考评年度"),
        "{err}"
    );
    let book = read_back(&out);
    let (_, w) = ranked(&book, "红色物业考评");
    assert!(
        w.iter()
            .any(|x| x.contains("权重合计为 105，不等于满分 100")),
        "{w:?}"
    );
    assert!(w.iter().any(|x| x.contains("--as-of 2025-02-01")), "{w:?}");
    let (_, w) = ranked(&book, "成员单位考核");
    assert!(!w.iter().any(|x| x.contains("权重")), "{w:?}");
    let overview = &book.iter().find(|(n, _)| n == "总览").unwrap().1;
    assert!(overview.iter().any(|r| s(&r[0]).contains("权重合计为 105")));
    // 考核细则 shows the rubric's weights, the shares used, and the sum
    let rules = &book.iter().find(|(n, _)| n == "考核细则").unwrap().1;
    assert!(rules
        .iter()
        .flatten()
        .any(|c| s(c).contains("细则权重合计 105")));
}

/// `.ods` keeps no merge spans that calamine exposes (README): the rows under merged cells are
/// rejected and listed, and the ranked sheet says why and what to do.
#[test]
fn ods_without_merges_says_to_save_as_xlsx() {
    let o = redeval(&["check", "--input", office("ods").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("不保存合并单元格") && err.contains("另存为 .xlsx"),
        "{err}"
    );
    assert!(stdout(&o).contains("成员单位为空"));
}

/// The cheap merged-range scan gives exactly calamine's ranges, on workbooks written by
/// openpyxl and by rust_xlsxwriter (the property test's writer) and on a generated one with
/// `sqref` and formula `ref` attributes around the merge list.
#[test]
fn fast_merge_scan_matches_calamine() {
    use calamine::{open_workbook, Reader, Xlsx};
    use redeval::ingest::xlsxmerge;
    let mut books: Vec<std::path::PathBuf> = ["office", "tidy"]
        .iter()
        .flat_map(|v| {
            std::fs::read_dir(office(v))
                .unwrap()
                .flatten()
                .map(|e| e.path())
        })
        .filter(|p| {
            p.extension().is_some_and(|e| e == "xlsx") && !p.to_string_lossy().contains("~$")
        })
        .collect();
    books.sort();
    let dir = tempfile::tempdir().unwrap();
    let gen = dir.path().join("gen.xlsx");
    {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("a&b <表>").unwrap();
        ws.write_formula(0, 5, "=SUM(A2:A3)").unwrap();
        ws.merge_range(1, 0, 3, 0, "甲", &Format::new()).unwrap();
        ws.merge_range(1, 1, 1, 3, "mergeCells", &Format::new())
            .unwrap();
        ws.autofilter(0, 0, 3, 3).unwrap();
        wb.save(&gen).unwrap();
    }
    books.push(gen);
    let mut seen = 0;
    for p in &books {
        let bytes = std::fs::read(p).unwrap();
        let parts = xlsxmerge::sheet_parts(&bytes).expect("parts");
        let mut x: Xlsx<_> = open_workbook(p).unwrap();
        for name in x.sheet_names() {
            let mut want: Vec<(u32, u32, u32, u32)> = x
                .merge_cells_by_sheet_name(&name)
                .unwrap()
                .iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect();
            let mut got: Vec<(u32, u32, u32, u32)> = xlsxmerge::merges(&bytes, &parts[&name])
                .unwrap()
                .iter()
                .map(|m| (m.r1, m.c1, m.r2, m.c2))
                .collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{} › {name}", p.display());
            seen += want.len();
        }
    }
    assert!(seen > 40, "{seen} merged ranges compared");
}
