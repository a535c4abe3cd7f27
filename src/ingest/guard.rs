//! Resource limits checked before calamine opens a zip-based workbook (`.xlsx .xlsm .xlsb
//! .ods`): a zip bomb, an absurd uncompressed size, or a shared-string table that declares more
//! entries than its bytes can hold (calamine reserves that count up front, and an allocation
//! failure aborts the process — no `catch_unwind` can save it). Legacy `.xls` is left to
//! calamine's own checks.

use super::error::ReadError;
use std::io::Read;
use std::path::Path;

/// Largest uncompressed part of a package (a 1,000,000-row sheet is about 100 MB of XML).
pub const MAX_PART_BYTES: u64 = 2 << 30;
/// Largest uncompressed package.
pub const MAX_TOTAL_BYTES: u64 = 8 << 30;
/// A large part compressed more than this many times is treated as a zip bomb.
pub const MAX_RATIO: u64 = 500;
/// Parts above this size are checked for the ratio.
pub const RATIO_MIN_BYTES: u64 = 64 << 20;
/// Most shared strings accepted (calamine keeps them all in memory).
pub const MAX_SHARED_STRINGS: u64 = 50_000_000;

fn too_big(msg: String) -> ReadError {
    ReadError::Limit(msg)
}

/// The number in `attr="123"` within `head`, if present.
fn attr(head: &str, name: &str) -> Option<u64> {
    let key = format!(" {name}=\"");
    let i = head.find(&key)? + key.len();
    let rest = &head[i..];
    let end = rest.find('"')?;
    rest[..end].trim().parse().ok()
}

/// Signature of an OLE compound file (legacy `.xls`, encrypted `.xlsx`).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector ids at or above this are markers (end of chain, free, FAT, DIFAT).
const MAXREGSECT: u32 = 0xFFFF_FFFA;

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
}

/// True when following `next` from any entry can loop: a sector chain that never ends, which
/// makes calamine append the same sectors until memory runs out.
fn has_cycle(next: &[u32]) -> bool {
    // 0 = unseen, 1 = on the current walk, 2 = known to end
    let mut state = vec![0u8; next.len()];
    let mut walk = Vec::new();
    for start in 0..next.len() {
        let mut i = start;
        let looped = loop {
            if i >= next.len() || state[i] == 2 {
                break false;
            }
            if state[i] == 1 {
                break true;
            }
            state[i] = 1;
            walk.push(i);
            match next[i] {
                n if n >= MAXREGSECT => break false,
                n => i = n as usize,
            }
        };
        if looped {
            return true;
        }
        for w in walk.drain(..) {
            state[w] = 2;
        }
    }
    false
}

/// Check the sector tables of an OLE compound file for loops (the format never has them).
fn check_cfb(bytes: &[u8]) -> Result<(), ReadError> {
    let bad = || {
        too_big("复合文档（.xls）的扇区链成环，文件已损坏或为恶意构造 (sector chain loops)".into())
    };
    let shift = bytes
        .get(0x1E..0x20)
        .map(|x| u16::from_le_bytes([x[0], x[1]]))
        .unwrap_or(9);
    if !(7..=16).contains(&shift) {
        return Ok(()); // calamine rejects it itself
    }
    let ss = 1usize << shift;
    let maxid = bytes.len() / ss;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize + 1).checked_mul(ss)?;
        bytes.get(start..start.checked_add(ss)?.min(bytes.len()))
    };
    // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = (0..109)
        .filter_map(|k| u32_at(bytes, 0x4C + 4 * k))
        .collect();
    let mut id = u32_at(bytes, 0x44).unwrap_or(u32::MAX);
    let mut steps = 0;
    while id < MAXREGSECT {
        steps += 1;
        if steps > maxid + 1 {
            return Err(bad());
        }
        let Some(sec) = sector(id) else { break };
        let n = sec.len() / 4;
        if n == 0 {
            break;
        }
        difat.extend((0..n - 1).filter_map(|k| u32_at(sec, 4 * k)));
        id = u32_at(sec, 4 * (n - 1)).unwrap_or(u32::MAX);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&i| i < MAXREGSECT) {
        if let Some(sec) = sector(id) {
            fat.extend((0..sec.len() / 4).filter_map(|k| u32_at(sec, 4 * k)));
        }
        if fat.len() > 64 * (maxid + 1) {
            break;
        }
    }
    if has_cycle(&fat) {
        return Err(bad());
    }
    // Mini FAT: a chain in the FAT (now known to end), holding the mini-sector table.
    let mut minifat = Vec::new();
    let mut id = u32_at(bytes, 0x3C).unwrap_or(u32::MAX);
    while id < MAXREGSECT && (id as usize) < fat.len() && minifat.len() <= 64 * (maxid + 1) {
        if let Some(sec) = sector(id) {
            minifat.extend((0..sec.len() / 4).filter_map(|k| u32_at(sec, 4 * k)));
        }
        id = fat[id as usize];
    }
    if has_cycle(&minifat) {
        return Err(bad());
    }
    let cfb = Cfb {
        bytes,
        ss,
        fat,
        minifat,
    };
    for stream in cfb.workbook_streams() {
        check_biff(&stream)?;
    }
    Ok(())
}

/// Most cells a legacy sheet can hold (BIFF8: 65,536 rows × 256 columns). calamine builds a
/// dense grid over each sheet's cells when it opens a `.xls` and copies it again when asked
/// for it, so one stray far-off cell in a crafted file costs gigabytes.
pub const MAX_XLS_CELLS: u64 = 65_536 * 256;

/// A parsed compound file whose sector chains are known to end.
struct Cfb<'a> {
    bytes: &'a [u8],
    ss: usize,
    fat: Vec<u32>,
    minifat: Vec<u32>,
}

impl Cfb<'_> {
    fn sector(&self, id: u32) -> &[u8] {
        let start = (id as usize + 1)
            .saturating_mul(self.ss)
            .min(self.bytes.len());
        let end = start.saturating_add(self.ss).min(self.bytes.len());
        &self.bytes[start..end]
    }
    /// The bytes of the chain starting at `id` (at most `limit` bytes).
    fn chain(&self, mut id: u32, limit: usize) -> Vec<u8> {
        let mut out = Vec::new();
        while id < MAXREGSECT && out.len() < limit {
            out.extend_from_slice(self.sector(id));
            match self.fat.get(id as usize) {
                Some(&n) => id = n,
                None => break,
            }
        }
        out.truncate(limit);
        out
    }
    /// Every `Workbook` (BIFF8) or `Book` (BIFF5) stream (a crafted file may hold both).
    fn workbook_streams(&self) -> Vec<Vec<u8>> {
        let Some(dir_start) = u32_at(self.bytes, 0x30) else {
            return Vec::new();
        };
        let dirs = self.chain(dir_start, self.bytes.len());
        let mini_cutoff = u32_at(self.bytes, 0x38).unwrap_or(4096) as usize;
        let mini_shift = self
            .bytes
            .get(0x20..0x22)
            .map_or(6, |x| u16::from_le_bytes([x[0], x[1]]));
        let mini = 1usize << mini_shift.min(12);
        let entries: Vec<&[u8]> = dirs.chunks_exact(128).collect();
        let Some(root) = entries.first() else {
            return Vec::new();
        };
        entries
            .iter()
            .filter(|e| {
                let n = u16::from_le_bytes([e[64], e[65]]) as usize;
                // a name length the file sets may be odd: whole UTF-16 units only
                let units: Vec<u16> = e[..n.min(64)]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                let name = String::from_utf16_lossy(&units)
                    .trim_end_matches('\0')
                    .to_lowercase();
                e[66] == 2 && (name == "workbook" || name == "book")
            })
            .filter_map(|e| self.stream(root, e, mini_cutoff, mini))
            .collect()
    }

    fn stream(
        &self,
        root: &[u8],
        entry: &[u8],
        mini_cutoff: usize,
        mini: usize,
    ) -> Option<Vec<u8>> {
        let start = u32_at(entry, 116)?;
        let size = (u32_at(entry, 120)? as usize).min(self.bytes.len() * 64);
        if size >= mini_cutoff {
            return Some(self.chain(start, size));
        }
        // Small streams live in the mini stream (the root entry's chain), in mini sectors.
        let ministream = self.chain(u32_at(root, 116)?, u32_at(root, 120)? as usize);
        let mut out = Vec::new();
        let mut id = start;
        while id < MAXREGSECT && out.len() < size {
            let a = (id as usize).saturating_mul(mini).min(ministream.len());
            let b = a.saturating_add(mini).min(ministream.len());
            out.extend_from_slice(&ministream[a..b]);
            match self.minifat.get(id as usize) {
                Some(&n) => id = n,
                None => break,
            }
        }
        out.truncate(size);
        Some(out)
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|x| u16::from_le_bytes([x[0], x[1]]))
}

/// Refuse a BIFF stream whose DIMENSIONS record or whose cells span more than a sheet can hold.
/// The cells calamine reserves for a DIMENSIONS record (rows × cols). Mirrors its reading,
/// including its u32 arithmetic, which wraps on a malformed record.
fn dimensions_cells(data: &[u8]) -> u64 {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (r0, r1, c0, c1) = if rl >= 1 && cl >= 1 {
        (rf, rl - 1, cf, cl - 1)
    } else {
        (rf, rf, cf, cf)
    };
    let rows = u64::from(r1.wrapping_sub(r0).wrapping_add(1));
    let cols = u64::from(c1.wrapping_sub(c0).wrapping_add(1));
    rows.saturating_mul(cols)
}

fn check_biff(s: &[u8]) -> Result<(), ReadError> {
    let refuse = |cells: u64| {
        Err(too_big(format!(
            "工作表声明或占用 {cells} 个单元格，超过 .xls 格式上限 {MAX_XLS_CELLS}，疑为恶意构造 (sheet too large)"
        )))
    };
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let close = |b: &mut Option<(u32, u32, u32, u32)>| -> u64 {
        b.take().map_or(0, |(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    };
    let mut pos = 0usize;
    while pos + 4 <= s.len() {
        let typ = u16_at(s, pos).unwrap_or(0);
        let len = u16_at(s, pos + 2).unwrap_or(0) as usize;
        let data = &s[pos + 4..(pos + 4 + len).min(s.len())];
        pos += 4 + len;
        let mut cell = |r: u32, c0: u32, c1: u32| {
            let b = bounds.get_or_insert((r, r, c0, c1));
            *b = (b.0.min(r), b.1.max(r), b.2.min(c0), b.3.max(c1));
        };
        match typ {
            // FILEPASS: the rest is encrypted; calamine reports the password protection
            0x002F => return Ok(()),
            0x0809 => {
                let n = close(&mut bounds);
                if n > MAX_XLS_CELLS {
                    return refuse(n);
                }
            }
            0x0200 => {
                let n = dimensions_cells(data);
                if n > MAX_XLS_CELLS {
                    return refuse(n);
                }
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if data.len() >= 4 => {
                let r = u32::from(u16_at(data, 0).unwrap_or(0));
                let c = u32::from(u16_at(data, 2).unwrap_or(0));
                cell(r, c, c);
            }
            0x00BD if data.len() >= 6 => {
                let r = u32::from(u16_at(data, 0).unwrap_or(0));
                let c0 = u32::from(u16_at(data, 2).unwrap_or(0));
                let c1 = u32::from(u16_at(data, data.len() - 2).unwrap_or(0));
                cell(r, c0.min(c1), c0.max(c1));
            }
            _ => {}
        }
    }
    let n = close(&mut bounds);
    if n > MAX_XLS_CELLS {
        return refuse(n);
    }
    Ok(())
}

/// Check the package at `path` before calamine opens it. Files that are not zip archives or
/// compound files pass (calamine reports them).
///
/// # Errors
/// [`ReadError::Limit`] naming the part and the limit.
pub fn check(path: &Path, bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.starts_with(&CFB_MAGIC) {
        return check_cfb(bytes);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods") {
        return Ok(());
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    let mut sst: Option<(usize, u64)> = None;
    for i in 0..zip.len() {
        let Ok(e) = zip.by_index_raw(i) else { continue };
        let (size, packed) = (e.size(), e.compressed_size());
        let name = e.name().map(|n| n.to_string()).unwrap_or_default();
        if size > MAX_PART_BYTES {
            return Err(too_big(format!(
                "`{name}` 解压后 {size} 字节，超过上限 {MAX_PART_BYTES} 字节"
            )));
        }
        if size > RATIO_MIN_BYTES && size / packed.max(1) > MAX_RATIO {
            return Err(too_big(format!(
                "`{name}` 压缩比 {}:1，疑为压缩炸弹 (zip bomb)",
                size / packed.max(1)
            )));
        }
        total = total.saturating_add(size);
        let lower = name.to_lowercase();
        if lower.ends_with("sharedstrings.xml") || lower.ends_with("sharedstrings.bin") {
            sst = Some((i, size));
        }
    }
    if total > MAX_TOTAL_BYTES {
        return Err(too_big(format!(
            "解压后共 {total} 字节，超过上限 {MAX_TOTAL_BYTES} 字节"
        )));
    }
    if let Some((i, size)) = sst {
        let Ok(e) = zip.by_index(i) else {
            return Ok(());
        };
        let mut head = Vec::with_capacity(4096);
        let _ = e.take(4096).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        if let Some(n) = attr(&head, "uniqueCount") {
            // every entry takes at least `<si/>` (5 bytes) in the XML
            if n > MAX_SHARED_STRINGS || n > size / 5 + 16 {
                return Err(too_big(format!(
                    "共享字符串表声明 {n} 条，而其内容只有 {size} 字节（或超过 {MAX_SHARED_STRINGS} 条上限）"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_loops_in_sector_chains() {
        // 0 → 1 → end; 2 → 3 → 2 (a loop); 4 free
        assert!(has_cycle(&[1, 0xFFFF_FFFE, 3, 2, 0xFFFF_FFFF]));
        assert!(!has_cycle(&[1, 0xFFFF_FFFE, 3, 0xFFFF_FFFE, 0xFFFF_FFFF]));
        assert!(has_cycle(&[0]));
        // a chain pointing past the table ends there
        assert!(!has_cycle(&[1, 7]));
        // two chains joining is not a loop
        assert!(!has_cycle(&[2, 2, 0xFFFF_FFFE]));
    }

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn biff_bounding_boxes() {
        let number = |r: u16, c: u16| {
            rec(
                0x0203,
                &[&r.to_le_bytes()[..], &c.to_le_bytes()[..], &[0u8; 10][..]].concat(),
            )
        };
        // two cells within a normal sheet
        let ok = [rec(0x0809, &[0; 16]), number(0, 0), number(65_535, 255)].concat();
        assert!(check_biff(&ok).is_ok());
        // a cell at column 60,000 in the same sheet: 65,536 × 60,001 cells
        let bad = [rec(0x0809, &[0; 16]), number(0, 0), number(65_535, 60_000)].concat();
        assert!(check_biff(&bad).is_err());
        // far-apart cells in different sheets are fine
        let two = [
            rec(0x0809, &[0; 16]),
            number(0, 0),
            rec(0x0809, &[0; 16]),
            number(65_535, 255),
        ]
        .concat();
        assert!(check_biff(&two).is_ok());
        // a DIMENSIONS record asking for a billion cells
        let dims = [
            &0u32.to_le_bytes()[..],
            &1_000_000u32.to_le_bytes()[..],
            &0u16.to_le_bytes()[..],
            &1000u16.to_le_bytes()[..],
            &[0u8; 2][..],
        ]
        .concat();
        assert!(check_biff(&rec(0x0200, &dims)).is_err());
    }

    #[test]
    fn reads_attributes() {
        let h = r#"<sst xmlns="x" count="12" uniqueCount="7">"#;
        assert_eq!(attr(h, "uniqueCount"), Some(7));
        assert_eq!(attr(h, "count"), Some(12));
        assert_eq!(attr(h, "nothing"), None);
    }
}
