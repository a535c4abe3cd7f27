//! Formula cells without a cached value (SPEC §1.10 "Formulas"): a workbook written by a
//! program that never calculated it (openpyxl, many scripts) keeps `<c><f>…</f></c>` with no
//! `<v>`. calamine then reads the cell as empty, which would silently change a figure. Such
//! cells are found here, on the sheet's XML (small sheets only: the files that carry formulas
//! are hand-made ledgers, not million-row exports), and a row that has one in a column its
//! layout reads is rejected with a hint to open and save the file once.

use quick_xml::events::Event;

/// Sheet parts larger than this (uncompressed) are not scanned.
pub const MAX_SCANNED_BYTES: u64 = 16 << 20;

/// The 0-based (row, column) of every formula cell without a cached value in a sheet part
/// (inflated by [`super::xlsxmerge::part_xml`], at most [`MAX_SCANNED_BYTES`]); `None` when it
/// is not well-formed UTF-8 or XML.
pub fn holes_in(xml: &[u8]) -> Option<Vec<(u32, u32)>> {
    // most sheets have no formula at all: one memchr pass says so
    if memchr::memmem::find(xml, b"<f").is_none() {
        return Some(Vec::new());
    }
    let xml = std::str::from_utf8(xml).ok()?;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cell: Option<(u32, u32)> = None;
    // a value is a `<v>` with text (openpyxl writes an empty `<v/>`) or an inline string
    let (mut f, mut v, mut in_v) = (false, false, false);
    loop {
        match r.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                cell = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "r")
                    .and_then(|a| {
                        let v = a.normalized_value(quick_xml::XmlVersion::default()).ok()?;
                        super::xlsxmerge::cell_ref(&v)
                    });
                (f, v) = (false, false);
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "f" => f = true,
                "v" => in_v = true,
                "is" => v = true,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "f" => f = true,
            Event::Text(t) if in_v && !t.as_ref().trim().is_empty() => v = true,
            Event::End(e) if e.local_name().as_ref() == "v" => in_v = false,
            Event::End(e) if e.local_name().as_ref() == "c" => {
                if let (true, false, Some(at)) = (f, v, cell) {
                    out.push(at);
                }
                cell = None;
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    /// A formula without `<v>` is a hole; with a cached value it is not.
    #[test]
    fn formula_cells_without_values() {
        use std::io::Write;
        let sheet = r#"<worksheet><sheetData><row r="2"><c r="A2"><v>1</v></c><c r="B2"><f>SUM(A1:A2)</f></c><c r="C2"><f>A2</f><v>1</v></c><c r="D2" t="str"><f>"x"</f></c><c r="E2"><f>ROW()</f><v /></c></row></sheetData></worksheet>"#;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file(
                "xl/worksheets/sheet1.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            z.write_all(sheet.as_bytes()).unwrap();
            z.finish().unwrap();
        }
        let part = "xl/worksheets/sheet1.xml";
        let xml = crate::ingest::xlsxmerge::part_xml(buf.get_ref(), part, 1 << 20).unwrap();
        let got = super::holes_in(&xml).unwrap();
        assert_eq!(got, vec![(1, 1), (1, 3), (1, 4)]);
        // a part larger than the limit is not inflated
        assert!(crate::ingest::xlsxmerge::part_xml(buf.get_ref(), part, 10).is_none());
        assert!(super::holes_in(b"<f>\xFF").is_none());
    }
}
