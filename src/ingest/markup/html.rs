//! HTML tables saved as `.xls` (SPEC §1.10): every `<table>` is a sheet, named by the
//! `<x:Name>` entries Excel-style exports put in the head (in order), else `表1`, `表2`, …;
//! `rowspan`/`colspan` are merges; entities decoded (`&nbsp;` is a space), `<br>` a line break,
//! other white space in the source one space, as a browser shows it. The charset comes from a
//! byte-order mark or the `<meta>` charset, else UTF-8, else GB18030. Tokenised by `html5gum`
//! (a WHATWG tokenizer) and streamed: a row goes to the sink when its `</tr>` arrives.

use super::spans::{RowCells, Spans};
use crate::ingest::read::{ReadError, RowSink};
use html5gum::{Token, Tokenizer};
use std::borrow::Cow;

/// The text of an HTML file and the encoding it was read in.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return (enc.decode_without_bom_handling(&bytes[bom..]).0, enc.name());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    if let Some(label) = meta_charset(&head) {
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            if enc != encoding_rs::UTF_8 {
                return (enc.decode_without_bom_handling(bytes).0, enc.name());
            }
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), "UTF-8"),
        Err(_) => (
            encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
            "GB18030",
        ),
    }
}

/// `charset=gbk` in a `<meta>` (either form), lower case.
fn meta_charset(head: &str) -> Option<String> {
    let head = head.to_ascii_lowercase();
    let i = head.find("charset=")? + "charset=".len();
    let rest = head[i..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!label.is_empty()).then_some(label)
}

/// The `<x:Name>` sheet names, in order (Excel puts them in a conditional comment).
fn sheet_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<x:name>") {
        let start = at + i + "<x:name>".len();
        let Some(end) = lower[start..].find("</x:name>") else {
            break;
        };
        out.push(text[start..start + end].trim().to_string());
        at = start + end;
    }
    out
}

fn attr_num(tag: &html5gum::StartTag<()>, name: &[u8]) -> u32 {
    tag.attributes
        .iter()
        .find(|(k, _)| k.as_slice().eq_ignore_ascii_case(name))
        .and_then(|(_, v)| String::from_utf8_lossy(&v.value).trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 65_535)
}

/// The table being read.
struct Table {
    spans: Spans,
    row: u32,
    cells: Option<RowCells>,
    col: u32,
    /// The cell being read: (column, colspan − 1, rowspan − 1, text).
    cell: Option<(u32, u32, u32, String)>,
}

/// Appends source text to a cell: white space runs become one space.
fn push_text(out: &mut String, s: &str) {
    for ch in s.chars() {
        if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{0C}') {
            if !out.ends_with(' ') && !out.ends_with('\n') && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(ch);
        }
    }
}

/// The page being read: the table open at depth 1, and the sheet names to give.
struct Page {
    names: Vec<String>,
    depth: u32,
    tables: usize,
    t: Option<Table>,
}

impl Page {
    fn start_tag(&mut self, tag: &html5gum::StartTag<()>, sink: &mut dyn RowSink) {
        let name = tag.name.to_ascii_lowercase();
        match name.as_slice() {
            b"table" => {
                self.depth += 1;
                if self.depth == 1 {
                    let name = self
                        .names
                        .get(self.tables)
                        .cloned()
                        .unwrap_or_else(|| format!("表{}", self.tables + 1));
                    self.tables += 1;
                    sink.begin_sheet(&name, false, false, Some(Vec::new()));
                    self.t = Some(Table {
                        spans: Spans::default(),
                        row: 0,
                        cells: None,
                        col: 0,
                        cell: None,
                    });
                }
            }
            b"tr" if self.depth == 1 => {
                if let Some(tb) = self.t.as_mut() {
                    end_row(tb, sink);
                    tb.cells = Some(tb.spans.begin_row(tb.row));
                    tb.col = 0;
                }
            }
            b"td" | b"th" if self.depth == 1 => {
                if let Some(tb) = self.t.as_mut() {
                    end_cell(tb);
                    if tb.cells.is_none() {
                        tb.cells = Some(tb.spans.begin_row(tb.row));
                        tb.col = 0;
                    }
                    let c = tb.cells.as_ref().map_or(0, |r| Spans::free_col(r, tb.col));
                    let across = attr_num(tag, b"colspan") - 1;
                    let down = attr_num(tag, b"rowspan") - 1;
                    tb.cell = Some((c, across, down, String::new()));
                }
            }
            b"br" => {
                if let Some((_, _, _, s)) = self.t.as_mut().and_then(|tb| tb.cell.as_mut()) {
                    s.push('\n');
                }
            }
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &[u8], sink: &mut dyn RowSink) {
        match name.to_ascii_lowercase().as_slice() {
            b"table" => {
                if self.depth == 1 {
                    if let Some(mut tb) = self.t.take() {
                        end_row(&mut tb, sink);
                    }
                    sink.end_sheet(true);
                }
                self.depth = self.depth.saturating_sub(1);
            }
            b"tr" if self.depth == 1 => {
                if let Some(tb) = self.t.as_mut() {
                    end_row(tb, sink);
                }
            }
            b"td" | b"th" if self.depth == 1 => {
                if let Some(tb) = self.t.as_mut() {
                    end_cell(tb);
                }
            }
            _ => {}
        }
    }
}

/// Read every `<table>` of the HTML file in `bytes` into `sink`.
///
/// # Errors
/// [`ReadError::Open`] when the page holds no table.
pub fn read_html_bytes(bytes: &[u8], sink: &mut dyn RowSink) -> Result<(), ReadError> {
    let (text, _) = decode(bytes);
    let mut page = Page {
        names: sheet_names(&text),
        depth: 0, // nested tables are read as text of the outer cell
        tables: 0,
        t: None,
    };
    for token in Tokenizer::new(text.as_ref()) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => page.start_tag(&tag, sink),
            Token::EndTag(tag) => page.end_tag(&tag.name, sink),
            Token::String(s) => {
                if let Some((_, _, _, cell)) = page.t.as_mut().and_then(|tb| tb.cell.as_mut()) {
                    push_text(cell, &String::from_utf8_lossy(&s.value));
                }
            }
            _ => {}
        }
    }
    if let Some(mut tb) = page.t.take() {
        end_row(&mut tb, sink);
        sink.end_sheet(true);
    }
    if page.tables == 0 {
        return Err(ReadError::Open(
            "这是网页文件（HTML），里面没有表格，不是台账".into(),
        ));
    }
    Ok(())
}

fn end_cell(tb: &mut Table) {
    if let (Some((col, across, down, text)), Some(r)) = (tb.cell.take(), tb.cells.as_mut()) {
        let text = text.trim_matches(|c: char| c == ' ').to_string();
        tb.col = tb.spans.place(r, tb.row, col, across, down, text);
    }
}

fn end_row(tb: &mut Table, sink: &mut dyn RowSink) {
    end_cell(tb);
    if let Some(r) = tb.cells.take() {
        let mut vals = r.into_vals();
        let width = sink.width();
        vals.truncate(width);
        if !vals.is_empty() && !sink.done() {
            sink.row(tb.row, &mut vals);
        }
        tb.row += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_and_names() {
        assert_eq!(
            meta_charset(r#"<meta http-equiv="content-type" content="text/html; charset=gb2312">"#),
            Some("gb2312".into())
        );
        assert_eq!(
            meta_charset(r#"<meta charset="UTF-8">"#),
            Some("utf-8".into())
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("<meta charset=gbk><table><td>信访</td></table>");
        assert!(decode(&gbk).0.contains("信访"));
        assert_eq!(
            sheet_names("<!--[if gte mso 9]><xml><x:ExcelWorksheet><x:Name>6月</x:Name></x:ExcelWorksheet><x:Name> 7月 </x:Name>"),
            ["6月", "7月"]
        );
    }
}
