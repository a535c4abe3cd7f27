//! Merged ranges of one `.xlsx` sheet, found cheaply. `<mergeCells>` sits after `<sheetData>`,
//! so calamine's `merge_cells_by_sheet_name` parses every XML event of the sheet to reach it.
//! Here the part is only inflated and scanned for the `mergeCells` tag (memchr), and just the
//! tail after it is read: on a 43,000-row sheet about a quarter of the parse. Anything unusual
//! (a part not found, a name that cannot be resolved) returns `None` and the caller falls back
//! to calamine.

use super::layout::Merge;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::Read;

/// Sheet name → zip part path (`xl/worksheets/sheet1.xml`), from workbook.xml and its rels.
pub fn sheet_parts(bytes: &[u8]) -> Option<HashMap<String, String>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let read = |zip: &mut zip::ZipArchive<_>, name: &str| -> Option<String> {
        let mut e = zip.by_name(name).ok()?;
        let mut s = String::new();
        e.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let wb = read(&mut zip, "xl/workbook.xml")?;
    let rels = read(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let mut targets: HashMap<String, String> = HashMap::new();
    each_element(&rels, "Relationship", |attrs| {
        if let (Some(id), Some(t)) = (attrs.get("Id"), attrs.get("Target")) {
            let part = match t.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{t}"),
            };
            targets.insert(id.clone(), part);
        }
    })?;
    let mut out = HashMap::new();
    each_element(&wb, "sheet", |attrs| {
        if let (Some(name), Some(id)) = (attrs.get("name"), attrs.get("id")) {
            if let Some(t) = targets.get(id) {
                out.insert(name.clone(), t.clone());
            }
        }
    })?;
    Some(out)
}

/// Calls `f` with the attributes (local names, unescaped values) of every element named
/// `local` in `xml`.
fn each_element(xml: &str, local: &str, mut f: impl FnMut(&HashMap<String, String>)) -> Option<()> {
    let mut r = quick_xml::Reader::from_str(xml);
    loop {
        match r.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == local => {
                let mut attrs = HashMap::new();
                for a in e.attributes().flatten() {
                    let key = a.key.local_name().as_ref().to_string();
                    let val = a
                        .normalized_value(quick_xml::XmlVersion::default())
                        .ok()?
                        .to_string();
                    attrs.insert(key, val);
                }
                f(&attrs);
            }
            Event::Eof => return Some(()),
            _ => {}
        }
    }
}

/// `B12` → (row 11, column 1), 0-based.
pub(super) fn cell_ref(s: &str) -> Option<(u32, u32)> {
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for b in letters.bytes() {
        let b = b.to_ascii_uppercase();
        if !b.is_ascii_uppercase() {
            return None;
        }
        col = col * 26 + u32::from(b - b'A' + 1);
    }
    let row: u32 = digits.parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

/// The merged ranges of the sheet stored in `part` of the workbook whose bytes are `bytes`.
pub fn merges(bytes: &[u8], part: &str) -> Option<Vec<Merge>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut e = zip.by_name(part).ok()?;
    // a buffer no larger than the part (small sheets are the common case)
    let mut buf = vec![0u8; (e.size() as usize + 16).clamp(64, 1 << 18)];
    let mut keep = 0usize; // bytes carried over from the previous chunk
    let mut tail: Option<Vec<u8>> = None;
    loop {
        let n = e.read(&mut buf[keep..]).ok()?;
        if n == 0 {
            break;
        }
        let filled = keep + n;
        if let Some(at) = opening(&buf[..filled]) {
            let mut t = buf[at..filled].to_vec();
            e.read_to_end(&mut t).ok()?;
            tail = Some(t);
            break;
        }
        // carry the last few bytes in case the tag straddles two chunks
        keep = 16.min(filled);
        buf.copy_within(filled - keep..filled, 0);
    }
    match tail {
        Some(t) => ranges(&t),
        None => Some(Vec::new()),
    }
}

/// [`merges`] on a sheet part already inflated whole (see [`part_xml`]).
pub fn merges_in(xml: &[u8]) -> Option<Vec<Merge>> {
    match opening(xml) {
        Some(at) => ranges(&xml[at..]),
        None => Some(Vec::new()),
    }
}

/// The sheet part `part` inflated whole, when it is at most `max` bytes: read once for both
/// second looks at a sheet (merged ranges and formula holes).
pub fn part_xml(bytes: &[u8], part: &str, max: u64) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut e = zip.by_name(part).ok()?;
    if e.size() > max {
        return None;
    }
    let mut out = Vec::with_capacity(e.size() as usize);
    e.read_to_end(&mut out).ok()?;
    Some(out)
}

/// Where the `<mergeCells` opening tag starts (`<` cannot occur in text, so sheet data cannot
/// fake it).
fn opening(hay: &[u8]) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(b"mergeCells");
    let mut from = 0;
    while let Some(i) = finder.find(&hay[from..]) {
        let at = from + i;
        let before = at.checked_sub(1).map(|k| hay[k]);
        let after = hay.get(at + 10).copied();
        if matches!(before, Some(b'<' | b':')) && matches!(after, Some(b' ' | b'>' | b'/')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The ranges of a `mergeCells` element, from its opening tag on.
fn ranges(tail: &[u8]) -> Option<Vec<Merge>> {
    let text = String::from_utf8_lossy(tail);
    // from the end of the opening tag to the closing one (nothing after it: sqref and other
    // ref attributes follow in later elements)
    let start = text.find('>')?;
    if text[..start].ends_with('/') {
        return Some(Vec::new());
    }
    let body = &text[start..];
    let body = &body[..body.find("mergeCells>").unwrap_or(body.len())];
    let mut out = Vec::new();
    for piece in body.split("ref=\"").skip(1) {
        let Some(end) = piece.find('"') else { continue };
        let (a, b) = match piece[..end].split_once(':') {
            Some((a, b)) => (a, b),
            None => (&piece[..end], &piece[..end]),
        };
        if let (Some((r1, c1)), Some((r2, c2))) = (cell_ref(a), cell_ref(b)) {
            out.push(Merge {
                r1: r1.min(r2),
                c1: c1.min(c2),
                r2: r1.max(r2),
                c2: c1.max(c2),
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole-part reading gives the streamed one's ranges (issue 25), whatever the buffer.
    #[test]
    fn merged_ranges_streamed_and_whole_agree() {
        use std::io::Write;
        let filler = "<row><c><v>1</v></c></row>".repeat(20_000);
        for (data, want) in [
            (String::new(), vec![]),
            (
                format!("{filler}</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A2:A5\"/><mergeCell ref=\"C3\"/></mergeCells>"),
                vec![(1, 0, 4, 0), (2, 2, 2, 2)],
            ),
            (format!("{filler}</sheetData><mergeCells/>"), vec![]),
        ] {
            let sheet = format!("<worksheet><sheetData>{data}</worksheet>");
            let mut buf = std::io::Cursor::new(Vec::new());
            {
                let mut z = zip::ZipWriter::new(&mut buf);
                z.start_file("s.xml", zip::write::SimpleFileOptions::default())
                    .unwrap();
                z.write_all(sheet.as_bytes()).unwrap();
                z.finish().unwrap();
            }
            let streamed = merges(buf.get_ref(), "s.xml").unwrap();
            let whole = merges_in(&part_xml(buf.get_ref(), "s.xml", u64::MAX).unwrap()).unwrap();
            let got: Vec<_> = whole.iter().map(|m| (m.r1, m.c1, m.r2, m.c2)).collect();
            assert_eq!(got, want);
            assert_eq!(streamed, whole);
        }
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("B12"), Some((11, 1)));
        assert_eq!(cell_ref("AA3"), Some((2, 26)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("12"), None);
    }
}
