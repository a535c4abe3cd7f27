//! SPEC §5.1, the hand-over: what prints from the workbook (fonts, print areas, titles, ties,
//! reading lines, one number one text, the sample mark by absolute path) and the 通报 draft
//! (its parts in GB/T 9704's order, A4 and its margins, fonts, figures). Read back from the
//! files themselves: calamine for cells, the zip parts for print settings and the .docx.

use crate::util::*;
use calamine::Data;
use std::io::Read;

type Book = Vec<(String, Vec<Vec<Data>>)>;

fn sheet<'a>(b: &'a Book, name: &str) -> &'a Vec<Vec<Data>> {
    &b.iter().find(|(n, _)| n == name).unwrap().1
}

/// A part of a zip package as text.
fn part(path: &std::path::Path, name: &str) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The bundled sample by its absolute path, run from another folder, date pinned.
fn run_sample_abs(dir: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join("r.xlsx");
    let input = root().join("data/sample");
    let mut args = vec![
        "run",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2025-01-06",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = std::process::Command::new(bin())
        .args(&args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

#[test]
fn the_workbook_prints_as_a_hand_over() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_sample_abs(dir.path(), &[]);
    let book = read_back(&out);
    // every sheet has a title row naming the year, marked as sample data by absolute path
    for (name, g) in &book {
        let title = s(&g[0][0]);
        assert!(title.contains("2024年度"), "{name}: {title}");
        assert!(title.ends_with("（示例数据）"), "{name}: {title}");
    }
    // CJK fonts named everywhere, Calibri nowhere
    let styles = part(&out, "xl/styles.xml");
    assert!(styles.contains("宋体") && styles.contains("黑体"));
    assert!(!styles.contains("Calibri"), "no Calibri in styles.xml");
    // the ranked sheets print the 公示表 (排名 … 备注: ten columns with last year, A–J)
    let wb = part(&out, "xl/workbook.xml");
    for name in ["红色物业考评", "成员单位考核", "指导员履职"] {
        assert!(wb.contains("<definedName name=\"_xlnm.Print_Area\""));
        assert!(wb.contains(&format!("{name}!$A$1:$J$")), "{name}: {wb}");
        let g = sheet(&book, name);
        let h = g.iter().position(|r| s(&r[0]) == "排名").unwrap();
        let heads: Vec<String> = g[h][..10].iter().map(s).collect();
        assert_eq!(
            heads[3..],
            [
                "总分",
                "等次",
                "上年排名",
                "名次变化",
                "名次区间",
                "变化原因",
                "备注"
            ]
        );
        // the two reading lines under the table
        let text: Vec<String> = g.iter().map(|r| s(&r[0])).collect();
        assert!(text
            .iter()
            .any(|t| t.starts_with("说明：各指标按全区同类对象相对计分")));
        assert!(text.iter().any(|t| t.starts_with("名次区间：")));
    }
    // 考核细则 prints without its code column: hidden in the sheet, kept for the round trip
    let sheets = part(&out, "xl/worksheets/sheet7.xml");
    assert!(sheets.contains("hidden=\"1\""), "the code column is hidden");
    // ties on 总览 are named, the stability column worded as SPEC says
    let ov = sheet(&book, "总览");
    let all: String = ov.iter().flatten().map(s).collect::<Vec<_>>().join("\n");
    assert!(all.contains("第1名（并列"), "{all}");
    assert!(all.contains("名次区间跨三个及以上名次"));
    assert!(!all.contains("变动三位以上"));
}

/// SPEC §5.1 "One number, one text": a figure quoted in 变化原因 is written exactly as the
/// cell beside it shows it.
#[test]
fn a_quoted_figure_is_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_sample_abs(dir.path(), &["--no-notice"]);
    assert!(
        !std::fs::read_dir(dir.path()).unwrap().any(|e| e
            .unwrap()
            .path()
            .extension()
            .is_some_and(|x| x == "docx")),
        "--no-notice writes no 通报"
    );
    let book = read_back(&out);
    let g = sheet(&book, "红色物业考评");
    let h = g.iter().position(|r| s(&r[0]) == "排名").unwrap();
    let col = |name: &str| g[h].iter().position(|c| s(c) == name).unwrap();
    let (why, per1k, yoy) = (
        col("变化原因"),
        col("千户信访量（件/千户）"),
        col("信访量同比"),
    );
    let mut checked = 0;
    for r in &g[h + 1..] {
        let text = s(&r[why]);
        for (label, c, pct) in [("千户信访量", per1k, false), ("信访量同比", yoy, true)] {
            let Some(i) = text.find(label) else { continue };
            let rest = &text[i..];
            let (Some(a), Some(b)) = (rest.find('→'), rest.find('）')) else {
                continue;
            };
            let quoted = &rest[a + '→'.len_utf8()..b];
            let cell = f(&r[c]);
            let shown = if pct {
                format!("{}%", redeval::vocab::fmt_fixed(cell * 100.0, 1))
            } else {
                redeval::vocab::fmt_fixed(cell, 2)
            };
            assert_eq!(quoted, shown, "{label} in {text}");
            checked += 1;
        }
    }
    assert!(checked > 0, "some 变化原因 quotes the indicators");
}

/// The 通报 draft: beside the workbook, its parts in order, A4 with GB/T 9704 margins, the
/// fonts, every 优秀/良好 entity and the year's complaint total, identical bytes on a rerun.
#[test]
fn the_notice_draft() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_sample_abs(dir.path(), &[]);
    let docx = dir.path().join("太平区2024年度考评结果通报（草稿）.docx");
    assert!(docx.exists());
    let doc = part(&docx, "word/document.xml");
    let text: String = doc
        .split("<w:t")
        .skip(1)
        .filter_map(|x| {
            x.split_once('>')
                .map(|(_, t)| t.split("</w:t>").next().unwrap_or(""))
        })
        .collect();
    let order = [
        "中共太平区委组织部文件",
        "〔2025〕【请填写】号",
        "关于太平区2024年度",
        "（示例数据）",
        "各成员单位，各物业企业党组织，各党建工作指导员：",
        "一、考评结果",
        "二、基本情况",
        "三、存在的问题",
        "四、有关要求",
        "附件：1. 太平区2024年度红色物业考评结果",
        "2025年1月6日",
        "附件1",
        "抄送：【请填写】",
    ];
    let mut at = 0;
    for w in order {
        let i = text[at..]
            .find(w)
            .unwrap_or_else(|| panic!("`{w}` after byte {at}: {text}"));
        at += i;
    }
    // A4, 版心 156 × 225 mm: margins 上 37 下 35 左 28 右 26 mm in twips
    assert!(
        doc.contains("w:w=\"11906\"") && doc.contains("w:h=\"16838\""),
        "A4"
    );
    for m in [
        "w:top=\"2098\"",
        "w:bottom=\"1984\"",
        "w:left=\"1587\"",
        "w:right=\"1474\"",
    ] {
        assert!(doc.contains(m), "{m}");
    }
    for font in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
        assert!(doc.contains(font), "{font}");
    }
    // every 优秀 / 良好 entity and the complaint total, as the workbook has them
    let book = read_back(&out);
    for name in ["红色物业考评", "成员单位考核", "指导员履职"] {
        let g = sheet(&book, name);
        let h = g.iter().position(|r| s(&r[0]) == "排名").unwrap();
        for r in &g[h + 1..] {
            if matches!(s(&r[4]).as_str(), "优秀" | "良好") {
                assert!(text.contains(&s(&r[1])), "{} in the 通报", s(&r[1]));
            }
        }
    }
    let ov = sheet(&book, "总览");
    let total = ov
        .iter()
        .find(|r| s(&r[0]) == "2024年信访量（件）")
        .map(|r| f(&r[1]))
        .unwrap();
    assert!(
        text.contains(&format!("受理物业信访 {} 件", total as i64)),
        "{text}"
    );
    // the same bytes on a rerun with the date pinned
    let first = std::fs::read(&docx).unwrap();
    run_sample_abs(dir.path(), &[]);
    assert_eq!(std::fs::read(&docx).unwrap(), first);
}

/// LibreOffice opens and prints both files (skipped, with the reason, where it is absent).
#[test]
fn libreoffice_prints_the_workbook_and_the_notice() {
    let soffice = std::process::Command::new("soffice")
        .arg("--version")
        .output();
    if !soffice.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: LibreOffice (soffice) is not installed here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    run_sample_abs(dir.path(), &[]);
    let docx = dir.path().join("太平区2024年度考评结果通报（草稿）.docx");
    for (f, stem) in [
        (dir.path().join("r.xlsx"), "r"),
        (docx, "太平区2024年度考评结果通报（草稿）"),
    ] {
        let o = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&f)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let pdf = std::fs::read(dir.path().join(format!("{stem}.pdf"))).unwrap();
        let raw = String::from_utf8_lossy(&pdf);
        // every page A4: 595.3 × 841.9 pt (portrait for the 通报, landscape for the workbook)
        let boxes: Vec<Vec<f64>> = raw
            .split("/MediaBox")
            .skip(1)
            .map(|b| {
                let inner = b.trim_start().trim_start_matches('[');
                inner
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .collect();
        assert!(!boxes.is_empty(), "{stem}: pages");
        for b in boxes {
            let (w, h) = (b[2].min(b[3]), b[2].max(b[3]));
            assert!(
                (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
                "{stem}: {b:?}"
            );
        }
    }
}
