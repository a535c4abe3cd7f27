//! The 通报's parts laid out after GB/T 9704-2012 with `docx-rs`: A4, 版心 156 × 225 mm
//! (margins 上 37, 下 35, 左 28, 右 26 mm), 22 lines of 28 characters; title 方正小标宋简体 二号
//! centred, body 仿宋_GB2312 三号, 一级标题 黑体, 二级标题 楷体_GB2312; page numbers `— 1 —` in 宋体
//! 四号; the 发文机关标志 red with a red line under the 发文字号; each 附件 on a new page.

use super::words::Part;
use crate::report::tables::Table;
use docx_rs::*;

/// Twips (1/20 pt) in a millimetre.
fn mm(x: f64) -> i32 {
    (x * 1440.0 / 25.4).round() as i32
}

const XIAOBIAOSONG: &str = "方正小标宋简体";
const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const SONGTI: &str = "宋体";
const RED: &str = "C00000";
/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt.
const ERHAO: usize = 44;
const SANHAO: usize = 32;
const SIHAO: usize = 28;
const WUHAO: usize = 21;
/// Two characters of 三号 (16 pt): the first-line indent of body paragraphs, in twips.
const TWO_CHARS: i32 = 640;

fn font(name: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(name)
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
}

/// 22 lines to the 225-mm 版心: an exact line pitch of 225 / 22 mm.
fn body_spacing() -> LineSpacing {
    LineSpacing::new()
        .line(mm(225.0 / 22.0))
        .line_rule(LineSpacingType::Exact)
}

fn run(text: &str, face: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(font(face)).size(size)
}

/// A paragraph of 三号 text in `face`, first line indented two characters.
fn indented(text: &str, face: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, face, SANHAO))
        .line_spacing(body_spacing())
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(TWO_CHARS)),
            None,
            None,
        )
}

/// A body paragraph: 仿宋 三号, first line indented two characters.
fn body(text: &str) -> Paragraph {
    indented(text, FANGSONG)
}

fn centred(text: &str, face: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, face, size))
        .align(AlignmentType::Center)
        .line_spacing(body_spacing())
}

fn blank() -> Paragraph {
    Paragraph::new()
        .add_run(run("", FANGSONG, SANHAO))
        .line_spacing(body_spacing())
}

/// Column widths of a 附件 table over the 156-mm 版心 (8,844 twips): the name column widest.
fn grid(headers: &[String]) -> Vec<usize> {
    let weight = |h: &str| match h {
        "排名" => 2,
        "总分" | "等次" => 3,
        "名次区间" => 3,
        "备注" => 5,
        h if h.ends_with("名称") || h == "成员单位" || h == "指导员" => 7,
        _ => 4,
    };
    let w: Vec<usize> = headers.iter().map(|h| weight(h)).collect();
    let total: usize = w.iter().sum::<usize>().max(1);
    w.iter().map(|x| x * 8844 / total).collect()
}

fn table(t: &Table) -> docx_rs::Table {
    let widths = grid(&t.headers);
    let cell = |text: &str, face: &str, w: usize| {
        TableCell::new()
            .width(w, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(
                Paragraph::new()
                    .add_run(run(text, face, WUHAO))
                    .align(AlignmentType::Center),
            )
    };
    let mut rows = vec![TableRow::new(
        t.headers
            .iter()
            .zip(&widths)
            .map(|(h, &w)| cell(h, HEITI, w))
            .collect(),
    )];
    for r in &t.rows {
        rows.push(TableRow::new(
            r.iter()
                .zip(&widths)
                .map(|(c, &w)| cell(&c.shown(), FANGSONG, w))
                .collect(),
        ));
    }
    docx_rs::Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
}

fn paragraphs(parts: &[Part]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Part::Mark(t) => {
                out.push(blank());
                out.push(
                    Paragraph::new()
                        .add_run(run(t, XIAOBIAOSONG, 72).color(RED))
                        .align(AlignmentType::Center),
                );
                out.push(blank());
            }
            Part::DocNo(t) => out.push(centred(t, FANGSONG, SANHAO)),
            Part::RedLine => out.push(
                Paragraph::new().add_run(run("", FANGSONG, 8)).set_borders(
                    ParagraphBorders::with_empty().set(
                        ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                            .val(BorderType::Single)
                            .size(18)
                            .color(RED),
                    ),
                ),
            ),
            Part::Title(t) => out.extend(title(t)),
            Part::To(t) => out.push(
                Paragraph::new()
                    .add_run(run(t, FANGSONG, SANHAO))
                    .line_spacing(body_spacing()),
            ),
            Part::Body(t) => out.push(body(t)),
            Part::H1(t) => out.push(indented(t, HEITI)),
            Part::H2(t) => out.push(indented(t, KAITI)),
            Part::Attachments(list) => out.extend(attachments(list)),
            Part::Sign(t) | Part::Date(t) => out.push(
                Paragraph::new()
                    .add_run(run(t, FANGSONG, SANHAO))
                    .align(AlignmentType::Right)
                    .line_spacing(body_spacing())
                    .indent(None, None, Some(mm(16.0)), None),
            ),
            Part::Annex(..) | Part::Imprint { .. } => {}
        }
    }
    out
}

/// 标题: 方正小标宋简体 二号, centred, a blank line above and below.
fn title(t: &str) -> [Paragraph; 3] {
    [
        blank(),
        Paragraph::new()
            .add_run(run(t, XIAOBIAOSONG, ERHAO))
            .align(AlignmentType::Center)
            .line_spacing(
                LineSpacing::new()
                    .line(mm(12.0))
                    .line_rule(LineSpacingType::Exact),
            ),
        blank(),
    ]
}

/// 附件说明: `附件：1. …`, the others aligned under the first.
fn attachments(list: &[String]) -> Vec<Paragraph> {
    let mut out = vec![blank()];
    for (k, a) in list.iter().enumerate() {
        let text = if k == 0 {
            format!("附件：{a}")
        } else {
            format!("　　　{a}")
        };
        out.push(body(&text));
    }
    out.push(blank());
    out
}

/// The 版记 at the end: 抄送 and 印发 between thin lines.
fn imprint(cc: &str, printer: &str, date: &str) -> Vec<Paragraph> {
    let line = |pos| {
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(pos)
                .val(BorderType::Single)
                .size(6)
                .color("000000"),
        )
    };
    vec![
        blank().page_break_before(false),
        Paragraph::new()
            .add_run(run(&format!("抄送：{cc}。"), FANGSONG, SIHAO))
            .line_spacing(body_spacing())
            .set_borders(line(ParagraphBorderPosition::Top)),
        Paragraph::new()
            .add_run(run(
                &format!("{printer}　　　　　　{date}印发"),
                FANGSONG,
                SIHAO,
            ))
            .line_spacing(body_spacing())
            .set_borders(line(ParagraphBorderPosition::Bottom)),
    ]
}

/// The 通报 as `.docx` bytes (deterministic: fixed document time, fixed zip times).
///
/// # Errors
/// The packing error's text.
pub fn build(ev: &crate::evaluate::Evaluation) -> Result<Vec<u8>, String> {
    let parts = super::words::parts(ev);
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", SONGTI, SIHAO))
            .add_page_num(PageNum::new())
            .add_run(run(" —", SONGTI, SIHAO)),
    );
    let margin = docx_rs::PageMargin::new()
        .top(mm(37.0))
        .bottom(mm(35.0))
        .left(mm(28.0))
        .right(mm(26.0))
        .header(mm(15.0))
        .footer(mm(28.0) - mm(21.0));
    let mut doc = Docx::new()
        .page_size(mm(210.0) as u32, mm(297.0) as u32)
        .page_margin(margin)
        .default_fonts(font(FANGSONG))
        .default_size(SANHAO)
        .footer(footer)
        .created_at(&format!("{}T00:00:00Z", ev.made_on));
    for p in paragraphs(&parts) {
        doc = doc.add_paragraph(p);
    }
    for p in &parts {
        if let Part::Annex(k, title, t) = p {
            doc = doc
                .add_paragraph(
                    Paragraph::new()
                        .add_run(run(&format!("附件{k}"), HEITI, SANHAO))
                        .page_break_before(true)
                        .line_spacing(body_spacing()),
                )
                .add_paragraph(centred(title, XIAOBIAOSONG, ERHAO))
                .add_paragraph(blank())
                .add_table(table(t));
        }
    }
    for p in &parts {
        if let Part::Imprint { cc, printer, date } = p {
            for x in imprint(cc, printer, date) {
                doc = doc.add_paragraph(x);
            }
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf.into_inner())
}
