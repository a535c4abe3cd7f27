//! The leadership workbook, read back with calamine.

use crate::util::*;
use calamine::Data;

fn run_sample(out: &std::path::Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        "--input",
        "data/sample",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = redeval(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("完成："),
        "summary line: {}",
        stderr(&o)
    );
}

fn sheet<'a>(book: &'a [(String, Vec<Vec<Data>>)], name: &str) -> &'a Vec<Vec<Data>> {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

fn col(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|h| s(h) == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn sample_report_sheets_headers_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    run_sample(&out, &[]);
    let book = read_back(&out);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, redeval::report::tables::SHEETS_ZH);
    for name in ["红色物业考评", "成员单位考核", "指导员履职"] {
        let g = sheet(&book, name);
        assert!(
            s(&g[0][0]).starts_with("太平区2024年度"),
            "{name}: {:?}",
            g[0][0]
        );
        assert!(!s(&g[0][0]).contains("年度红色物业年度"));
        assert!(s(&g[0][0]).ends_with("（示例数据）"), "{name}: SPEC §1.8");
        assert_eq!(s(&g[1][0]), "数据截至 2024-12-31");
        // red warning lines (SPEC §1.8) sit between the subtitle and the header row
        let hr = header_row(g);
        assert!(
            g[2..hr].iter().all(|r| s(&r[0]).starts_with("【注意】")),
            "{name}"
        );
        // SPEC §8: 名次区间 right after 名次变化, then 变化原因 (Y−1 exists in the sample)
        let hdr: Vec<String> = g[hr].iter().map(s).collect();
        let k = hdr.iter().position(|h| h == "名次变化").unwrap();
        assert_eq!(&hdr[k + 1..k + 3], ["名次区间", "变化原因"], "{name}");
        for r in g[hr + 1..]
            .iter()
            .filter(|r| matches!(r[0], Data::Float(_)))
        {
            // 排名 lies inside its interval
            let rank = f(&r[0]) as u32;
            let iv = s(&r[k + 1]);
            let (b, w) = match iv.split_once('–') {
                Some((b, w)) => (b.parse::<u32>().unwrap(), w.parse::<u32>().unwrap()),
                None => (iv.parse().unwrap(), iv.parse().unwrap()),
            };
            assert!(b <= rank && rank <= w, "{name}: {rank} outside {iv}");
        }
        assert!(g.iter().any(|r| s(&r[0]).starts_with("制表单位：")));
    }
    // Recompute one ranked row from its own raw values with the default rubric.
    let g = sheet(&book, "红色物业考评");
    // the sample's deliberately bad complaint rows are announced on the ranked sheet itself
    assert!(g
        .iter()
        .any(|r| s(&r[0]).contains("「物业信访台账」中有") && s(&r[0]).contains("被剔除")));
    let hr = header_row(g);
    let h = &g[hr];
    let target = |x: f64, good: f64, bad: f64| ((x - bad) / (good - bad)).clamp(0.0, 1.0);
    let per1k: Vec<f64> = g[hr + 1..]
        .iter()
        .filter(|r| matches!(r[0], Data::Float(_) | Data::Int(_)))
        .map(|r| f(&r[col(h, "千户信访量（件/千户）")]))
        .collect();
    let (lo, hi) = per1k
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, u), &v| {
            (l.min(v), u.max(v))
        });
    for r in g[hr + 1..]
        .iter()
        .filter(|r| matches!(r[0], Data::Float(_) | Data::Int(_)))
    {
        let v = |c: &str| f(&r[col(h, c)]);
        let expect = 25.0 * (hi - v("千户信访量（件/千户）")) / (hi - lo)
            + 15.0 * target(v("信访量同比"), -0.2, 0.2)
            + 20.0 * target(v("按期办结率"), 0.95, 0.75)
            + 20.0 * target(v("满意率"), 0.98, 0.5).max(0.5)
            + 10.0 * target(v("重复信访率"), 0.0, 0.3)
            + 10.0
                * target(
                    // SPEC §5: the form in words, scored 单独组建 1, 联合组建 0.6, 未组建 0
                    match s(&r[col(h, "党组织建设")]).as_str() {
                        "单独组建" => 1.0,
                        "联合组建" => 0.6,
                        "未组建" => 0.0,
                        other => panic!("党组织建设 `{other}` not in words"),
                    },
                    1.0,
                    0.0,
                )
            + v("越级信访扣分");
        assert!(
            (expect.clamp(0.0, 100.0) - v("总分")).abs() < 1e-9,
            "{:?}",
            r[1]
        );
        assert!(
            (v("千户信访量得分")
                + v("信访量同比得分")
                + v("按期办结率得分")
                + v("满意率得分")
                + v("重复信访率得分")
                + v("党组织建设得分")
                + v("越级信访扣分")
                - v("总分"))
            .abs()
                < 1e-9
        );
    }
    // ranks ascend with falling totals; change = last year's rank − rank
    let mut with_prev = 0;
    let ranks: Vec<f64> = g[hr + 1..]
        .iter()
        .filter(|r| matches!(r[0], Data::Float(_) | Data::Int(_)))
        .map(|r| f(&r[0]))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    for r in g[hr + 1..]
        .iter()
        .filter(|r| matches!(r[col(h, "上年排名")], Data::Float(_)))
    {
        with_prev += 1;
        assert_eq!(
            f(&r[col(h, "名次变化")]),
            f(&r[col(h, "上年排名")]) - f(&r[0])
        );
    }
    assert!(with_prev > 0, "some company has 上年排名");
    // the vetoed company keeps its score but is capped at 合格
    let jc = g.iter().find(|r| s(&r[1]).contains("金城")).unwrap();
    assert_eq!(s(&jc[col(h, "等次")]), "合格");
    assert!(s(&jc[col(h, "备注")]).contains("集体访"));
    // the member unit without duty rows is below the ranked rows
    let u = sheet(&book, "成员单位考核");
    let last = u.iter().rev().find(|r| s(&r[1]) == "区司法局").unwrap();
    assert_eq!(s(&last[4]), "无考核数据");
    assert_eq!(s(&last[0]), "—");
    // trend table header
    let t = sheet(&book, "信访趋势");
    let hdr: Vec<String> = t[2].iter().map(s).collect();
    assert!(s(&t[0][0]).ends_with("（示例数据）"));
    let mut want = vec!["年份".to_string()];
    want.extend((1..=12).map(|m| format!("{m}月")));
    want.extend(["合计".to_string(), "同比".to_string()]);
    assert_eq!(&hdr[..15], &want[..]);
    // monthly sums equal the totals, and 2024's total equals the complaints accepted in 2024
    for r in &t[3..6] {
        let sum: f64 = (1..=12).map(|c| f(&r[c])).sum();
        assert_eq!(sum, f(&r[13]));
    }
    // 数据问题 lists the known bad rows with their Excel row numbers
    let issues = sheet(&book, "数据问题");
    // SPEC §5.1: a title row, then the header
    assert!(s(&issues[0][0]).starts_with("太平区2024年度数据问题"));
    assert_eq!(s(&issues[1][0]), "文件");
    let has = |file: &str, row: f64, problem: &str| {
        issues.iter().any(|r| {
            s(&r[0]).ends_with(file)
                && matches!(r[2], Data::Float(x) if x == row)
                && s(&r[5]).contains(problem)
        })
    };
    assert!(has("2024年01月物业信访台账.xlsx", 3.0, "信访编号为空"));
    assert!(has("2024年02月物业信访台账.xlsx", 4.0, "受理日期"));
    assert!(has("2024年09月物业信访台账.xlsx", 4.0, "未在名录中"));
    // 运行信息: rows read = accepted + rejected for every file
    let info = sheet(&book, "运行信息");
    let start = info.iter().position(|r| s(&r[1]) == "SHA-256").unwrap();
    let mut files = 0;
    for r in &info[start + 1..] {
        if s(&r[1]).len() == 64 {
            assert_eq!(f(&r[3]), f(&r[4]) + f(&r[5]));
            files += 1;
        }
    }
    assert_eq!(files, 42);
}

#[test]
fn two_runs_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    run_sample(&a, &[]);
    run_sample(&b, &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn formula_looking_text_stays_text() {
    use redeval::report::input::{text_row, write_ledger, InSheet};
    let dir = tempfile::tempdir().unwrap();
    crate::pipeline::small_dataset(dir.path());
    let h = [
        "信访编号",
        "受理日期",
        "物业企业",
        "小区",
        "街道",
        "办理状态",
    ];
    let rows = vec![text_row(&[
        "=1+1",
        "2024-03-01",
        "=HYPERLINK(\"http://x\",\"y\")",
        "+小区",
        "@街道",
        "办理中",
    ])];
    write_ledger(
        &dir.path().join("more.xlsx"),
        &[InSheet::new("s", &h, rows)],
    )
    .unwrap();
    let out = dir.path().join("out/r.xlsx");
    let o = redeval(&[
        "run",
        "--input",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2024-06-30",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let book = read_back(&out);
    let issues = sheet(&book, "数据问题");
    assert!(issues
        .iter()
        .any(|r| r[4] == Data::String("=HYPERLINK(\"http://x\",\"y\")".into())));
    let trends = sheet(&book, "信访趋势");
    assert!(trends.iter().any(|r| r[0] == Data::String("@街道".into())));
    // no formula anywhere in the workbook
    assert_eq!(formulas(&out), Vec::<String>::new());
    // issue 23: nor a CSV field that Excel would run — every text starting like a formula
    // carries a leading ' (numbers such as -15.1 stay numbers)
    let o = redeval(&[
        "run",
        "--input",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2024-06-30",
        "--format",
        "csv",
        "--no-notice",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut seen = 0;
    for e in std::fs::read_dir(dir.path().join("out/r_tables")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for rec in rdr.records() {
            for f in rec.unwrap().iter() {
                if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    assert!(f.parse::<f64>().is_ok(), "a CSV field Excel would run: {f}");
                }
                seen += usize::from(f.starts_with("'="));
            }
        }
    }
    assert!(seen > 0, "the formula-looking text is in the CSV, defused");
}

#[test]
fn csv_and_json_tables_beside_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    run_sample(&out, &["--format", "csv"]);
    let csv = std::fs::read_to_string(dir.path().join("r_tables/company.csv")).unwrap();
    assert!(csv
        .trim_start_matches('\u{feff}')
        .starts_with("排名,企业名称"));
    run_sample(&out, &["--format", "json", "--lang", "en"]);
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("r_tables/company.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 10);
    assert!(json[0].get("Rank").is_some());
    let book = read_back(&out);
    assert_eq!(book[1].0, "Red property companies");
}

#[test]
fn failed_write_leaves_the_earlier_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    run_sample(&out, &[]);
    let before = std::fs::read(&out).unwrap();
    // A bad rubric stops the run before anything is written.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[assessment]]\nid = \"company\"\n[[assessment.indicator]]\nmetric = \"nope\"\nweight = 1\n").unwrap();
    let o = redeval(&[
        "run",
        "--input",
        "data/sample",
        "--out",
        out.to_str().unwrap(),
        "--rubric",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("第 4 行 `metric`"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    // A target that cannot be replaced (a folder in its place) fails cleanly with exit 2.
    let blocked = dir.path().join("blocked.xlsx");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("keep.txt"), "x").unwrap();
    let o = redeval(&[
        "run",
        "--input",
        "data/sample",
        "--out",
        blocked.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("blocked.xlsx"));
    assert_eq!(
        std::fs::read_to_string(blocked.join("keep.txt")).unwrap(),
        "x"
    );
    // no temporary files are left behind
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".redeval-"))
        .collect();
    assert!(left.is_empty());
}

#[test]
fn trends_workbook_and_templates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.xlsx");
    let o = redeval(&[
        "trends",
        "--input",
        "data/sample",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let book = read_back(&out);
    assert_eq!(book.len(), 1);
    assert!(book[0]
        .1
        .iter()
        .any(|r| s(&r[0]).contains("季节性 Mann-Kendall")));
    let tdir = dir.path().join("tpl");
    let o = redeval(&["template", "--out", tdir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    // the templates are recognised by redeval itself (header-only: zero rows)
    let ds = redeval::ingest::ingest(&tdir, &Default::default(), &|_, _| {}).unwrap();
    assert_eq!(ds.files.len(), 6);
    assert!(ds
        .files
        .iter()
        .all(|f| f.sheets[0].kind.is_some() && f.rows_read == 0));
    let o = redeval(&["rubric"]);
    assert!(stdout(&o).contains("[[assessment]]"));
}

#[test]
fn strict_writes_the_report_then_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    let o = redeval(&[
        "run",
        "--input",
        "data/sample",
        "--out",
        out.to_str().unwrap(),
        "--strict",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.exists());
    // without rejected rows --strict succeeds
    let clean = folder_with(&[
        fixture("complaints_openpyxl.xlsx"),
        fixture("register.xlsx"),
    ]);
    let out2 = dir.path().join("r2.xlsx");
    let o = redeval(&[
        "run",
        "--input",
        clean.path().to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The row whose first cell is 排名 (below the title, 数据截至 and any warning lines).
fn header_row(g: &[Vec<Data>]) -> usize {
    g.iter()
        .position(|r| s(&r[0]) == "排名")
        .expect("a header row starting with 排名")
}

/// SPEC §8 in the bundled report: one prompt of each rule on 异常提示 (the sample plants one
/// case of each), their counts on 总览, and with a TOPSIS + entropy rubric every company still
/// gets a 名次区间 holding its 排名.
#[test]
fn analysis_in_the_sample_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    run_sample(&out, &[]);
    let book = read_back(&out);
    let flags = sheet(&book, "异常提示");
    assert_eq!(s(&flags[1][0]), "类型");
    let kinds: Vec<String> = flags[2..].iter().map(|r| s(&r[0])).collect();
    assert_eq!(
        kinds,
        [
            "笔记雷同",
            "同日多地",
            "信访骤降",
            "当日办结集中",
            "完成日期雷同"
        ]
    );
    assert!(flags
        .iter()
        .any(|r| s(&r[1]) == "阜新市宏远物业管理有限公司"));
    let overview = sheet(&book, "总览");
    assert!(overview
        .iter()
        .any(|r| s(&r[0]).contains("笔记雷同 1 条") && s(&r[0]).contains("完成日期雷同 1 条")));
    // 评分明细 has last year's points and the change
    let det = sheet(&book, "评分明细");
    assert_eq!(s(&det[1][7]), "上年得分");
    assert_eq!(s(&det[1][8]), "得分变化");
    assert!(det[2..].iter().any(|r| matches!(r[8], Data::Float(_))));
    // a user rubric with TOPSIS and entropy weights
    let rubric = String::from_utf8(redeval(&["rubric"]).stdout).unwrap();
    let rubric = rubric
        .replacen("method = \"weighted_sum\"", "method = \"topsis\"", 1)
        .replacen("weighting = \"fixed\"", "weighting = \"entropy\"", 1);
    assert!(rubric.contains("method = \"topsis\""));
    let rp = dir.path().join("topsis.toml");
    std::fs::write(&rp, rubric).unwrap();
    let out2 = dir.path().join("t.xlsx");
    run_sample(&out2, &["--rubric", rp.to_str().unwrap()]);
    let book = read_back(&out2);
    let g = sheet(&book, "红色物业考评");
    let hr = header_row(g);
    let hdr: Vec<String> = g[hr].iter().map(s).collect();
    let k = hdr.iter().position(|h| h == "名次区间").unwrap();
    let mut n = 0;
    for r in g[hr + 1..]
        .iter()
        .filter(|r| matches!(r[0], Data::Float(_)))
    {
        let rank = f(&r[0]) as u32;
        let iv = s(&r[k]);
        let (b, w) = match iv.split_once('–') {
            Some((b, w)) => (b.parse::<u32>().unwrap(), w.parse::<u32>().unwrap()),
            None => (iv.parse().unwrap(), iv.parse().unwrap()),
        };
        assert!(b <= rank && rank <= w, "{rank} outside {iv}");
        n += 1;
    }
    assert!(n >= 10);
}
