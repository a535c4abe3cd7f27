//! SPEC §5 / §6 as staff and leaders meet them: Chinese help and usage errors (English with
//! `--lang en`), errors that say what to do, quiet pipes, suggestions, 制表日期, and no codes
//! where leaders read.

use crate::util::*;
use calamine::Data;
use std::process::{Command, Stdio};

#[test]
fn help_is_chinese_for_every_command_and_english_on_request() {
    for args in [
        vec!["--help"],
        vec!["run", "--help"],
        vec!["check", "--help"],
        vec!["trends", "--help"],
        vec!["explain", "--help"],
        vec!["rubric", "--help"],
        vec!["template", "--help"],
        vec!["sample", "--help"],
    ] {
        let o = redeval(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let h = stdout(&o);
        assert!(
            h.contains("用法：redeval") && h.contains("选项"),
            "{args:?}\n{h}"
        );
        for english in [
            "Usage:",
            "Options:",
            "Print help",
            "[default:",
            "possible values",
            "Commands:",
        ] {
            assert!(!h.contains(english), "{args:?}: `{english}` in\n{h}");
        }
    }
    let o = redeval(&["run", "--help", "--lang", "en"]);
    assert!(stdout(&o).contains("Usage:"), "{}", stdout(&o));
}

#[test]
fn usage_errors_say_what_and_what_to_do() {
    let o = redeval(&["run", "--inptu", "x"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("不认识的参数 `--inptu`") && e.contains("你要找的是不是 `--input`"),
        "{e}"
    );
    assert!(e.contains("提示：运行 `redeval --help`"), "{e}");
    let e = stderr(&redeval(&["run", "--lang", "fr"]));
    assert!(e.contains("`fr` 无效，只能是：zh、en"), "{e}");
    let e = stderr(&redeval(&["frobnicate"]));
    assert!(e.contains("没有 `frobnicate` 这个命令"), "{e}");
    let e = stderr(&redeval(&["run", "--inptu", "x", "--lang", "en"]));
    assert!(e.contains("unexpected argument"), "{e}");
    // an unreadable workbook: what happened and what to do, in Chinese
    let dir = folder_with(&[fixture("broken_not_a_zip.xlsx")]);
    let e = stderr(&redeval(&[
        "check",
        "--input",
        dir.path().to_str().unwrap(),
    ]));
    assert!(
        e.contains("broken_not_a_zip.xlsx") && e.contains("文件不是完整的 .xlsx 工作簿"),
        "{e}"
    );
    assert!(
        e.contains("提示：") && e.contains("--skip-bad-files"),
        "{e}"
    );
    // --out naming a folder
    let out = tempfile::tempdir().unwrap();
    let o = redeval(&["run", "--out", out.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("这是一个文件夹"), "{}", stderr(&o));
    // a missing input folder
    let e = stderr(&redeval(&["check", "--input", "/nonexistent/台账"]));
    assert!(
        e.contains("台账文件夹") && e.contains("提示：用 --input"),
        "{e}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_and_typos_get_suggestions() {
    let mut child = Command::new(bin())
        .args(["explain", "和谐家园"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `| head` that has read enough
    let o = child.wait_with_output().unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{e}");
    assert!(!e.contains("panicked") && !e.contains("内部错误"), "{e}");
    let o = redeval(&["explain", "金成物业"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("你要找的是不是：阜新市金城物业服务有限公司"),
        "{}",
        stderr(&o)
    );
}

fn table_date(book: &[(String, Vec<Vec<Data>>)]) -> String {
    let g = &book.iter().find(|(n, _)| n == "红色物业考评").unwrap().1;
    g.iter()
        .map(|r| s(&r[0]))
        .find(|t| t.starts_with("制表单位"))
        .unwrap()
}

#[test]
fn table_date_is_today_unless_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    let run = |extra: &[&str], env: Option<(&str, &str)>| {
        let mut c = Command::new(bin());
        c.args(["run", "--quiet", "--out", out.to_str().unwrap()])
            .args(extra)
            .current_dir(root())
            .env_remove("SOURCE_DATE_EPOCH");
        if let Some((k, v)) = env {
            c.env(k, v);
        }
        let o = c.output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        table_date(&read_back(&out))
    };
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y年%-m月%-d日")
        .to_string();
    assert!(
        run(&[], None).ends_with(&today),
        "制表日期 is the day of the run"
    );
    assert!(run(&["--date", "2025-01-15"], None).ends_with("2025年1月15日"));
    // 1700000000 = 2023-11-14 22:13:20 UTC
    let pinned = run(&[], Some(("SOURCE_DATE_EPOCH", "1700000000")));
    assert!(pinned.ends_with("2023年11月14日"), "{pinned}");
    let a = std::fs::read(&out).unwrap();
    run(&[], Some(("SOURCE_DATE_EPOCH", "1700000000")));
    assert_eq!(
        a,
        std::fs::read(&out).unwrap(),
        "pinned reruns are byte-identical"
    );
}

#[test]
fn leaders_read_words_not_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    let o = redeval(&["run", "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let book = read_back(&out);
    let codes: Vec<&str> = [
        redeval::metrics::AssessmentKind::Company,
        redeval::metrics::AssessmentKind::Unit,
        redeval::metrics::AssessmentKind::Instructor,
    ]
    .iter()
    .flat_map(|k| redeval::metrics::Metric::of(*k).map(|m| m.code()))
    .chain(["var_s", "Tau", "weighted_sum", "minmax", "topsis"])
    .collect();
    for name in [
        "总览",
        "红色物业考评",
        "成员单位考核",
        "指导员履职",
        "信访趋势",
    ] {
        let g = &book.iter().find(|(n, _)| n == name).unwrap().1;
        for cell in g.iter().flatten() {
            let t = s(cell);
            for c in &codes {
                assert!(!t.contains(c), "{name}: `{c}` in `{t}`");
            }
        }
    }
    let g = &book.iter().find(|(n, _)| n == "红色物业考评").unwrap().1;
    let all: Vec<String> = g.iter().flatten().map(s).collect();
    assert!(all.iter().any(|t| t == "单独组建" || t == "联合组建"));
    assert!(
        all.iter()
            .any(|t| t.contains("发生集体访 1 次，等次最高为合格")),
        "{all:?}"
    );
    let t = &book.iter().find(|(n, _)| n == "信访趋势").unwrap().1;
    let text: Vec<String> = t.iter().flatten().map(s).collect();
    assert!(text.iter().any(|x| x == "检验统计量 S"));
    assert!(text.iter().any(|x| x.starts_with("结论：信访量")));
    // issue 24: the unit where the number does not show it; a percentage shows its own
    let u = &book.iter().find(|(n, _)| n == "指导员履职").unwrap().1;
    let has = |g: &Vec<Vec<Data>>, h: &str| g.iter().flatten().any(|c| s(c) == h);
    assert!(has(u, "组均走访次数（次）") && has(u, "组均走访次数得分"));
    assert!(has(u, "季度走访覆盖率") && !has(u, "组均走访次数"));
    let c = &book.iter().find(|(n, _)| n == "红色物业考评").unwrap().1;
    assert!(has(c, "千户信访量（件/千户）") && has(c, "满意率") && has(c, "党组织建设"));
    let m = &book.iter().find(|(n, _)| n == "成员单位考核").unwrap().1;
    assert!(has(m, "督查评价（分）") && has(m, "督查评价得分"));
}

/// The ranked rows of a report's sheet (from the header row down).
fn ranked_rows(p: &std::path::Path, sheet: &str) -> Vec<Vec<Data>> {
    let book = read_back(p);
    let g = book.into_iter().find(|(n, _)| n == sheet).unwrap().1;
    let h = g.iter().position(|r| s(&r[0]) == "排名").unwrap();
    g[h..]
        .iter()
        .take_while(|r| !s(&r[0]).starts_with("制表单位"))
        .cloned()
        .collect()
}

/// Rewrite the 考核细则 sheet of `src` into `dst` with `(row, column header) = value`.
fn edit_rubric_book(src: &std::path::Path, dst: &std::path::Path, edits: &[(usize, &str, &str)]) {
    let book = read_back(src);
    let g = &book.iter().find(|(n, _)| n == "考核细则").unwrap().1;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("考核细则").unwrap();
    // the header row (a title row stands above it)
    let hr = g
        .iter()
        .position(|r| r.iter().any(|c| s(c) == "考核类别"))
        .unwrap();
    for (r, row) in g.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let header = s(&g[hr][c]);
            let edit = edits.iter().find(|e| e.0 == r && e.1 == header);
            match (edit, cell) {
                (Some(e), _) => {
                    ws.write_string(r as u32, c as u16, e.2).unwrap();
                }
                (None, Data::Float(x)) => {
                    ws.write_number(r as u32, c as u16, *x).unwrap();
                }
                (None, Data::Empty) => {}
                (None, other) => {
                    ws.write_string(r as u32, c as u16, s(other)).unwrap();
                }
            }
        }
    }
    wb.save(dst).unwrap();
}

#[test]
fn the_rubric_is_a_workbook_that_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n);
    // default rubric as a workbook: the same ranking as the built-in default
    let o = redeval(&["rubric", "--out", d("考核细则.xlsx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = redeval(&["rubric", "--out", d("细则.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(d("细则.toml")).unwrap(),
        stdout(&redeval(&["rubric"]))
    );
    for (name, extra) in [("a.xlsx", None), ("b.xlsx", Some(d("考核细则.xlsx")))] {
        let mut args = vec!["run", "--quiet", "--date", "2025-01-02"];
        let out = d(name);
        args.extend(["--out", out.to_str().unwrap()]);
        let r;
        if let Some(p) = &extra {
            r = p.to_str().unwrap().to_string();
            args.extend(["--rubric", r.as_str()]);
        }
        let o = redeval(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    for sheet in ["红色物业考评", "成员单位考核", "指导员履职"] {
        assert_eq!(
            ranked_rows(&d("a.xlsx"), sheet),
            ranked_rows(&d("b.xlsx"), sheet),
            "{sheet}"
        );
    }
    // a user rubric with TOPSIS, entropy weights, rank normalisation, a quota, competition
    // numbering, grouping, [report]; its report's 考核细则 sheet is itself the rubric
    let toml = stdout(&redeval(&["rubric"]))
        .replacen("method = \"weighted_sum\"", "method = \"topsis\"", 1)
        .replacen("weighting = \"fixed\"", "weighting = \"entropy\"", 2)
        .replacen("normalize = \"minmax\"", "normalize = \"rank\"", 1)
        .replacen("top_grade_quota = 0.2", "top_grade_quota = 0.3", 1)
        .replacen("rank_style = \"dense\"", "rank_style = \"competition\"", 1)
        .replace("org_short = \"太平区\"", "org_short = \"某区\"")
        .replacen(
            "[[assessment]]\nid = \"company\"",
            "[[assessment]]\nid = \"company\"\nrank_within = \"street\"",
            1,
        );
    assert!(toml.contains("rank_within = \"street\"") && toml.contains("method = \"topsis\""));
    std::fs::write(d("user.toml"), &toml).unwrap();
    for (out, rubric) in [("c.xlsx", d("user.toml")), ("e.xlsx", d("c.xlsx"))] {
        let o = redeval(&[
            "run",
            "--quiet",
            "--date",
            "2025-01-02",
            "--out",
            d(out).to_str().unwrap(),
            "--rubric",
            rubric.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    for sheet in ["红色物业考评", "成员单位考核", "指导员履职"] {
        let c = ranked_rows(&d("c.xlsx"), sheet);
        assert_eq!(
            c,
            ranked_rows(&d("e.xlsx"), sheet),
            "{sheet}: report → rubric → report"
        );
        if sheet != "指导员履职" {
            // the user rubric changed the company and unit assessments
            assert!(
                c != ranked_rows(&d("a.xlsx"), sheet),
                "{sheet}: the user rubric matters"
            );
        }
    }
    let title = s(&read_back(&d("e.xlsx"))[1].1[0][0]);
    assert!(title.starts_with("某区"), "{title}");
    // a bad cell is named
    let book = read_back(&d("考核细则.xlsx"));
    let g = &book.iter().find(|(n, _)| n == "考核细则").unwrap().1;
    let k = g.iter().position(|r| s(&r[1]) == "指标").unwrap();
    edit_rubric_book(
        &d("考核细则.xlsx"),
        &d("bad.xlsx"),
        &[(k, "权重", "很重要")],
    );
    let o = redeval(&[
        "run",
        "--quiet",
        "--rubric",
        d("bad.xlsx").to_str().unwrap(),
        "--out",
        d("x.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains(&format!("考核细则!E{}", k + 1)) && e.contains("权重"),
        "{e}"
    );
    edit_rubric_book(
        &d("考核细则.xlsx"),
        &d("bad2.xlsx"),
        &[(k, "指标代码", "no_such_metric")],
    );
    let e = stderr(&redeval(&[
        "run",
        "--quiet",
        "--rubric",
        d("bad2.xlsx").to_str().unwrap(),
        "--out",
        d("x.xlsx").to_str().unwrap(),
    ]));
    assert!(e.contains(&format!("考核细则!D{}", k + 1)), "{e}");
}

/// Issue 23: bad rubric numbers exit 2 naming the key and line, and no report is written.
#[test]
fn bad_rubric_numbers_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let default = stdout(&redeval(&["rubric"]));
    for (from, to, key) in [
        ("scale = 100", "scale = nan", "scale"),
        ("weight = 25", "weight = inf", "weight"),
        (
            "handling_days = 15",
            "handling_days = 99999999999",
            "handling_days",
        ),
    ] {
        let p = dir.path().join("r.toml");
        std::fs::write(&p, default.replacen(from, to, 1)).unwrap();
        let out = dir.path().join("x.xlsx");
        let o = redeval(&[
            "run",
            "--quiet",
            "--rubric",
            p.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{to}");
        assert!(
            stderr(&o).contains(key) && stderr(&o).contains("行"),
            "{}",
            stderr(&o)
        );
        assert!(!out.exists(), "{to}: no report");
    }
}
