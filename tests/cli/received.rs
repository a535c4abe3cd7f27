//! SPEC §1.10 on one district year as it is received (`tests/fixtures/received/make_received.py`
//! writes the tidy set and one folder per habit): each habit must rank exactly as the tidy
//! ledgers, or say on the ranked sheet what it changed.

use crate::util::*;
use calamine::Data;

type Book = Vec<(String, Vec<Vec<Data>>)>;

fn received(v: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/received").join(v)
}

/// Runs the folder `v` with the fixtures' rubric (a manual 现场检查 indicator added) and reads
/// the report back.
fn run(v: &str) -> Book {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("{v}.xlsx"));
    let rubric = received("rubric.toml");
    let o = redeval(&[
        "run",
        "--input",
        received(v).to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2025-01-06",
    ]);
    assert_eq!(o.status.code(), Some(0), "{v}: {}", stderr(&o));
    read_back(&out)
}

const RANKED: [&str; 3] = ["红色物业考评", "成员单位考核", "指导员履职"];

fn sheet<'a>(b: &'a Book, name: &str) -> &'a Vec<Vec<Data>> {
    &b.iter().find(|(n, _)| n == name).unwrap().1
}

/// Every ranked sheet of `v` equals the tidy one's, without a red line.
fn ranks_as_tidy(v: &str, tidy: &Book) -> Book {
    let b = run(v);
    for name in RANKED {
        let (rt, wt) = ranked(tidy, name);
        let (rb, wb) = ranked(&b, name);
        assert!(rt.len() > 3, "{name}");
        assert!(wt.is_empty(), "tidy {name}: {wt:?}");
        assert_eq!(rb, rt, "{v}: {name} must rank exactly as the tidy ledgers");
        assert!(wb.is_empty(), "{v}: {name}: {wb:?}");
    }
    b
}

/// Where each kind's accepted rows went: (kind, accepted, used, merged, unmatched, 核对).
fn accounts(b: &Book) -> Vec<(String, f64, f64, f64, f64, String)> {
    let info = sheet(b, "运行信息");
    let h = info.iter().position(|r| s(&r[0]) == "台账类别").unwrap();
    info[h + 1..]
        .iter()
        .take_while(|r| !s(&r[0]).is_empty() && s(&r[0]) != "文件")
        .map(|r| (s(&r[0]), f(&r[1]), f(&r[2]), f(&r[3]), f(&r[4]), s(&r[5])))
        .collect()
}

#[test]
fn each_habit_ranks_as_the_tidy_ledgers() {
    let tidy = run("tidy");
    // one 现场检查 per company, five raters' trimmed mean in tidy/
    let details = sheet(&tidy, "评分明细");
    assert!(details.iter().any(|r| s(&r[2]) == "现场检查"));
    for v in ["padded", "linebreak", "raters", "raters_long"] {
        let b = ranks_as_tidy(v, &tidy);
        assert!(accounts(&b).iter().all(|a| a.5 == "相符"), "{v}");
    }
    // five raters: 评分明细 shows the raters, the dropped scores and the mean
    let b = run("raters");
    let d = sheet(&b, "评分明细");
    let why = d
        .iter()
        .find(|r| s(&r[2]) == "现场检查")
        .map(|r| s(r.last().unwrap()))
        .unwrap();
    assert!(
        why.starts_with("5 位评委：") && why.contains("去掉最高分") && why.contains("平均"),
        "{why}"
    );
}

#[test]
fn overlapping_street_files_count_each_complaint_once() {
    let tidy = run("tidy");
    let b = ranks_as_tidy("streets", &tidy);
    let issues = sheet(&b, "数据问题");
    let merged: Vec<&Vec<Data>> = issues.iter().filter(|r| s(&r[6]) == "已合并").collect();
    assert_eq!(merged.len(), 40, "every copy is one 已合并 line");
    // a copy that still said 办理中 is merged into the 已办结 record, and says so
    assert!(merged.iter().any(
        |r| s(&r[5]).contains("办理状态本行「办理中」") || s(&r[5]).contains("首行「办理中」")
    ));
    assert!(!issues.iter().any(|r| s(&r[6]) == "已剔除"));
    let acc = accounts(&b);
    let c = acc.iter().find(|a| a.0 == "物业信访台账").unwrap();
    assert_eq!((c.3, c.5.as_str()), (40.0, "相符"), "{acc:?}");
    assert_eq!(c.1, c.2 + c.3 + c.4);
    // the monthly volumes are the tidy ones
    let trend = |t: &Book| {
        let g = sheet(t, "信访趋势");
        g.iter().find(|r| s(&r[0]) == "2024").unwrap()[..14].to_vec()
    };
    assert_eq!(trend(&tidy), trend(&b));
}

#[test]
fn everything_at_once_ranks_as_the_tidy_ledgers() {
    let tidy = run("tidy");
    ranks_as_tidy("received", &tidy);
}

#[test]
fn a_company_that_left_is_not_ranked_and_the_others_rank_without_it() {
    let tidy = run("tidy");
    let b = run("left");
    let (rt, _) = ranked(&tidy, "红色物业考评");
    let (rb, wb) = ranked(&b, "红色物业考评");
    assert!(wb.is_empty(), "{wb:?}");
    let numbered = |rows: &[Vec<Data>]| -> Vec<Vec<Data>> {
        rows.iter()
            .filter(|r| matches!(r[0], Data::Float(_) | Data::Int(_)))
            .cloned()
            .collect()
    };
    assert_eq!(
        numbered(&rb),
        numbered(&rt),
        "the others rank as without it"
    );
    let gone = rb
        .iter()
        .find(|r| s(&r[1]) == "太平区鑫源物业管理有限公司")
        .expect("listed after the ranked rows");
    assert_eq!(s(&gone[0]), "不参评");
    let remarks: String = gone.iter().map(s).collect();
    assert!(remarks.contains("2024-06-30 撤出"), "{remarks}");
    // its complaints still count in the district's monthly volumes
    let month = |t: &Book| -> f64 {
        let g = sheet(t, "信访趋势");
        f(&g.iter().find(|r| s(&r[0]) == "2024").unwrap()[1])
    };
    assert!(month(&b) > month(&tidy));
}

#[test]
fn a_remark_saying_it_left_is_a_red_line() {
    let tidy = run("tidy");
    let b = run("remark");
    let (rt, _) = ranked(&tidy, "红色物业考评");
    let (rb, wb) = ranked(&b, "红色物业考评");
    assert_eq!(rb, rt, "ranked as usual");
    assert!(
        wb.iter()
            .any(|w| w.contains("太平区绿洲物业有限公司") && w.contains("撤出日期")),
        "{wb:?}"
    );
}

/// SPEC §1.10 formats by content: an HTML table and SpreadsheetML saved as `.xls`, a WPS `.et`.
#[test]
fn platform_exports_rank_as_the_tidy_ledgers() {
    let tidy = run("tidy");
    let b = ranks_as_tidy("platform", &tidy);
    let info = sheet(&b, "运行信息");
    let text: String = info.iter().flatten().map(s).collect::<Vec<_>>().join("\n");
    // the sheet names come from <x:Name> and ss:Name, the header blocks are found
    assert!(
        text.contains("信访工单（物业信访台账，表头在第 3 行）"),
        "{text}"
    );
    assert!(
        text.contains("下半年（物业信访台账，表头在第 2 行）"),
        "{text}"
    );
    assert!(text.contains("成员单位履职.et"), "{text}");
}

/// A header pasted again under 续表 titles is skipped with one line; a 汇总 sheet beside the
/// register never becomes companies; 管理户数 with its unit reads as the number.
#[test]
fn repeated_headers_summary_sheets_and_units_rank_as_the_tidy_ledgers() {
    let tidy = run("tidy");
    let b = ranks_as_tidy("repeated", &tidy);
    let issues = sheet(&b, "数据问题");
    let skipped: Vec<String> = issues
        .iter()
        .filter(|r| s(&r[6]) == "已跳过")
        .map(|r| s(&r[5]))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped
        .iter()
        .any(|p| p.contains("重复的表头行") && p.contains("14 行")));
    assert!(skipped
        .iter()
        .any(|p| p.contains("汇总表") && p.contains("信访件数")));
    ranks_as_tidy("units", &tidy);
    ranks_as_tidy("satisfaction", &tidy);
}

/// √ / × in 完成情况 (and √ typed into 完成值) decide completion exactly as dates alone do in
/// the twin; a √ without a date is done, not on time, and a red line on 成员单位考核.
#[test]
fn completion_marks() {
    let twin = run("marks_tidy");
    ranks_as_tidy("marks", &twin);
    let b = run("marks_undated");
    let (_, w) = ranked(&b, "成员单位考核");
    assert!(
        w.iter()
            .any(|w| w.contains("1 项任务") && w.contains("没有实际完成日期")),
        "{w:?}"
    );
    let (ra, _) = ranked(&twin, "成员单位考核");
    let (rb, _) = ranked(&b, "成员单位考核");
    assert_ne!(ra, rb, "the undated task is not on time");
}

/// Files that are no workbook say what they are and what to do, all of them in one run; with
/// --skip-bad-files their loss is a red line on every ranked sheet.
#[test]
fn every_bad_file_is_named_with_what_it_is() {
    let dir = received("badfiles");
    let o = redeval(&["check", "--input", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("2 个文件无法读取"), "{e}");
    assert!(e.contains("导出.xls") && e.contains("这是网页文件"), "{e}");
    assert!(
        e.contains("扫描件.xls") && e.contains("这是 PDF 文件"),
        "{e}"
    );
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.xlsx");
    let rubric = received("rubric.toml");
    let o = redeval(&[
        "run",
        "--input",
        dir.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--skip-bad-files",
        "--out",
        report.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b = read_back(&report);
    for name in RANKED {
        let (_, w) = ranked(&b, name);
        assert!(
            w.iter()
                .any(|w| w.contains("2 个文件未能读取") && w.contains("扫描件.xls")),
            "{name}: {w:?}"
        );
    }
}

/// SPEC §1.10: the register is one list — a company registered twice with different figures,
/// or names contained in one another across register sheets, are red lines on 红色物业考评.
#[test]
fn register_sheets_that_disagree_are_red_lines() {
    use redeval::report::input::{write_ledger, InCell, InSheet};
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(received("tidy")).unwrap() {
        let p = f.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let extra = InSheet::new(
        "补充名录",
        &["企业名称", "管理户数", "是否红色物业"],
        vec![
            vec![
                InCell::Text("太平区金城物业服务有限公司".into()),
                InCell::Num(1600.0),
                InCell::Text("是".into()),
            ],
            vec![
                InCell::Text("万家物业".into()),
                InCell::Num(300.0),
                InCell::Text("是".into()),
            ],
        ],
    );
    write_ledger(&dir.path().join("补充名录.xlsx"), &[extra]).unwrap();
    let out = dir.path().join("r.xlsx");
    let rubric = received("rubric.toml");
    let o = redeval(&[
        "run",
        "--input",
        dir.path().to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-notice",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (_, w) = ranked(&read_back(&out), "红色物业考评");
    assert!(
        w.iter()
            .any(|w| w.contains("两处登记了「太平区金城物业服务有限公司」")
                && w.contains("管理户数 1500")
                && w.contains("管理户数 1600")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("「万家物业」") && w.contains("相互包含")),
        "{w:?}"
    );
}

/// SPEC §1.10 formulas: a formula with no cached value (a file a script wrote) in a column the
/// layout reads rejects its row with the hint to open and save once, under a red line; in a
/// column not read (序号 =ROW()-1) it changes nothing.
#[test]
fn formulas_without_cached_values() {
    let tidy = run("tidy");
    ranks_as_tidy("formulas_seq", &tidy);
    let b = run("formulas");
    let issues = sheet(&b, "数据问题");
    assert!(issues.iter().any(|r| s(&r[3]).contains("管理户数")
        && s(&r[5]).contains("保存一次")
        && s(&r[6]) == "已剔除"));
    let (_, w) = ranked(&b, "红色物业考评");
    assert!(
        w.iter().any(|w| w.contains("「物业企业名录」中有 1 行")),
        "{w:?}"
    );
}
