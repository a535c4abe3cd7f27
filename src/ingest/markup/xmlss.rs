//! SpreadsheetML 2003 (SPEC §1.10): Excel 2003's XML workbook, which platforms also save as
//! `.xls`. Every `<Worksheet ss:Name>` is a sheet; in its `<Table>`, `<Row ss:Index>` and
//! `<Cell ss:Index>` skip rows and cells, `ss:MergeAcross` / `ss:MergeDown` are merges, and
//! `<Data ss:Type="Number|DateTime|Boolean|String">` is the value (a DateTime such as
//! `2024-07-05T15:18:00.000` is a date). Streamed with `quick-xml`.

use super::spans::{RowCells, Spans};
use crate::ingest::cell::Val;
use crate::ingest::read::{ReadError, RowSink};
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(XmlVersion::default())
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
    })
}

fn num(e: &BytesStart<'_>, local: &str) -> Option<u32> {
    attr(e, local).and_then(|v| v.trim().parse().ok())
}

/// State of the worksheet being read.
#[derive(Default)]
struct Sheet {
    spans: Spans,
    row: u32,
    cells: Option<RowCells>,
    col: u32,
    /// The cell being read: (column, across, down, type, text).
    cell: Option<(u32, u32, u32, String, String)>,
    in_data: bool,
    /// Typed values of the row, by column (numbers, dates, booleans).
    typed: Vec<(u32, Val<'static>)>,
}

/// Read every worksheet of the SpreadsheetML file in `bytes` into `sink`.
///
/// # Errors
/// [`ReadError::Open`] when the XML is malformed.
pub fn read_xmlss_bytes(bytes: &[u8], sink: &mut dyn RowSink) -> Result<(), ReadError> {
    let (text, _) = super::html::decode(bytes);
    let mut r = quick_xml::Reader::from_str(&text);
    let mut sheet: Option<Sheet> = None;
    let mut sheets = 0usize;
    loop {
        let ev = r.read_event().map_err(|e| {
            ReadError::Open(format!(
                "SpreadsheetML（Excel 2003 XML）文件格式错误（第 {} 字节附近）：{e}",
                r.buffer_position()
            ))
        })?;
        match ev {
            Event::Start(e) => start(&e, &mut sheet, &mut sheets, sink),
            Event::Empty(e) => {
                start(&e, &mut sheet, &mut sheets, sink);
                end(e.local_name().as_ref(), &mut sheet, sink);
            }
            Event::End(e) => end(e.local_name().as_ref(), &mut sheet, sink),
            Event::Text(t) => {
                if let Some(s) = sheet.as_mut().filter(|s| s.in_data) {
                    if let Some(c) = s.cell.as_mut() {
                        c.4.push_str(&t.xml_content(XmlVersion::default()));
                    }
                }
            }
            Event::GeneralRef(g) => {
                if let Some(s) = sheet.as_mut().filter(|s| s.in_data) {
                    if let Some(c) = s.cell.as_mut() {
                        let ch = g.resolve_char_ref().ok().flatten().or_else(|| {
                            match g.xml_content(XmlVersion::default()).as_ref() {
                                "amp" => Some('&'),
                                "lt" => Some('<'),
                                "gt" => Some('>'),
                                "quot" => Some('"'),
                                "apos" => Some('\''),
                                _ => None,
                            }
                        });
                        if let Some(ch) = ch {
                            c.4.push(ch);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(mut s) = sheet.take() {
        end_row(&mut s, sink);
        sink.end_sheet(true);
    }
    Ok(())
}

/// The element `local` ends.
fn end(local: &str, sheet: &mut Option<Sheet>, sink: &mut dyn RowSink) {
    match local {
        "Worksheet" => {
            if let Some(mut s) = sheet.take() {
                end_row(&mut s, sink);
                sink.end_sheet(true);
            }
        }
        "Row" => {
            if let Some(s) = sheet.as_mut() {
                end_row(s, sink);
            }
        }
        "Cell" => {
            if let Some(s) = sheet.as_mut() {
                end_cell(s);
            }
        }
        "Data" => {
            if let Some(s) = sheet.as_mut() {
                s.in_data = false;
            }
        }
        _ => {}
    }
}

fn start(
    e: &BytesStart<'_>,
    sheet: &mut Option<Sheet>,
    sheets: &mut usize,
    sink: &mut dyn RowSink,
) {
    match e.local_name().as_ref() {
        "Worksheet" => {
            *sheets += 1;
            let name = attr(e, "Name").unwrap_or_else(|| format!("Sheet{sheets}"));
            sink.begin_sheet(&name, false, false, Some(Vec::new()));
            *sheet = Some(Sheet::default());
        }
        "Row" => {
            if let Some(s) = sheet.as_mut() {
                end_row(s, sink);
                if let Some(i) = num(e, "Index").filter(|i| *i >= 1) {
                    s.row = s.row.max(i - 1);
                }
                s.cells = Some(s.spans.begin_row(s.row));
                s.col = 0;
            }
        }
        "Cell" => {
            if let Some(s) = sheet.as_mut() {
                end_cell(s);
                if s.cells.is_none() {
                    s.cells = Some(s.spans.begin_row(s.row));
                }
                if let Some(i) = num(e, "Index").filter(|i| *i >= 1) {
                    s.col = s.col.max(i - 1);
                }
                let col = s
                    .cells
                    .as_ref()
                    .map_or(s.col, |r| Spans::free_col(r, s.col));
                let across = num(e, "MergeAcross").unwrap_or(0).min(16_383);
                let down = num(e, "MergeDown").unwrap_or(0).min(1_048_575);
                s.cell = Some((col, across, down, String::new(), String::new()));
            }
        }
        "Data" => {
            if let Some(s) = sheet.as_mut() {
                s.in_data = true;
                if let Some(c) = s.cell.as_mut() {
                    c.3 = attr(e, "Type").unwrap_or_default();
                }
            }
        }
        _ => {}
    }
}

fn end_cell(s: &mut Sheet) {
    if let (Some((col, across, down, ty, text)), Some(r)) = (s.cell.take(), s.cells.as_mut()) {
        let typed = match ty.as_str() {
            "Number" => text.trim().parse::<f64>().ok().map(Val::Num),
            "DateTime" => crate::vocab::parse_date_text(text.trim()).map(Val::Date),
            "Boolean" => Some(Val::Bool(matches!(text.trim().parse::<u8>(), Ok(1)))),
            _ => None,
        };
        if let Some(v) = typed {
            let last = col
                .saturating_add(across)
                .min(super::spans::MAX_MARKUP_COLS - 1);
            for c in col..=last {
                s.typed.push((c, v.clone()));
            }
        }
        s.col = s.spans.place(r, s.row, col, across, down, text);
    }
}

fn end_row(s: &mut Sheet, sink: &mut dyn RowSink) {
    end_cell(s);
    if let Some(r) = s.cells.take() {
        let mut vals = r.into_vals();
        for (c, v) in std::mem::take(&mut s.typed) {
            if let Some(slot) = vals.get_mut(c as usize) {
                *slot = v;
            }
        }
        vals.truncate(sink.width());
        if !vals.is_empty() && !sink.done() {
            sink.row(s.row, &mut vals);
        }
        s.row += 1;
    }
}
