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
