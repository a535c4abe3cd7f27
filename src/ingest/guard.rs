//! Resource limits checked before calamine opens a zip-based workbook (`.xlsx .xlsm .xlsb
//! .ods`): a zip bomb, an absurd uncompressed size, or a shared-string table that declares more
//! entries than its bytes can hold (calamine reserves that count up front, and an allocation
//! failure aborts the process — no `catch_unwind` can save it). Legacy `.xls` is left to
//! calamine's own checks.

use super::read::ReadError;
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

/// Check the package at `path`. Files that are not zip archives pass (calamine reports them).
///
/// # Errors
/// [`ReadError::Limit`] naming the part and the limit.
pub fn check(path: &Path) -> Result<(), ReadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods") {
        return Ok(());
    }
    let Ok(f) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(f)) else {
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
    fn reads_attributes() {
        let h = r#"<sst xmlns="x" count="12" uniqueCount="7">"#;
        assert_eq!(attr(h, "uniqueCount"), Some(7));
        assert_eq!(attr(h, "count"), Some(12));
        assert_eq!(attr(h, "nothing"), None);
    }
}
