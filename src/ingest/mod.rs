//! Ingest: every workbook under the input folder → one validated [`Dataset`].
//!
//! Files are found recursively and read in parallel (rayon), each by its own
//! [`file::FileReader`]; the results are merged in path order so a run is deterministic.
//! Merging interns text into one pool, merges or rejects duplicate complaint ids, and resolves
//! the company names of complaints against the register (full names and aliases).

pub mod cell;
pub mod csvfile;
mod duplicates;
pub(crate) mod error;
pub(crate) mod file;
mod formulas;
pub(crate) mod grid;
pub(crate) mod guard;
pub(crate) mod kinds;
pub(crate) mod layout;
pub(crate) mod markup;
pub(crate) mod names;
pub mod read;
pub(crate) mod sheet;
mod validate;
pub mod xlsxmerge;

use crate::model::*;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Workbook extensions read (case-insensitive).
/// `.xml`, `.htm`, `.html` are read when their content is an HTML table or SpreadsheetML
/// (SPEC §1.10), `.et` / `.ett` (WPS) as `.xls` when they are BIFF8 compound files.
pub const EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "xml", "htm", "html", "et", "ett",
];

/// A lock file that Excel / WPS (`~$name.xlsx`) or LibreOffice (`.~lock.name.xlsx#`) keeps
/// while a workbook is open.
pub fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$") || (name.starts_with(".~lock.") && name.ends_with('#'))
}

/// Ingest options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// List unreadable workbooks under 数据问题 instead of failing.
    pub skip_bad_files: bool,
}

/// Errors that stop ingest.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("台账文件夹 `{0}` 不存在或无法读取\n提示：用 --input 写出台账所在的文件夹，如 --input D:\\2024考评")]
    NoInput(PathBuf),
    #[error("`{path}`：{source}\n提示：用 Excel 或 WPS 打开该文件另存一次（去掉密码），或移走它，或加 --skip-bad-files 跳过它")]
    BadFile {
        path: String,
        source: read::ReadError,
    },
    #[error("{} 个文件无法读取：\n{}\n提示：按每个文件后面的说明处理（另存为 .xlsx、去掉密码或移走它），或加 --skip-bad-files 跳过它们（其中的记录不会计入）", .0.len(), .0.iter().map(|(p, e)| format!("  `{p}`：{e}")).collect::<Vec<_>>().join("\n"))]
    BadFiles(Vec<(String, read::ReadError)>),
}

/// Every workbook below `dir`, sorted by relative path, and the other files passed over.
///
/// # Errors
/// [`IngestError::NoInput`] when `dir` cannot be listed.
pub fn discover(dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), IngestError> {
    if !dir.is_dir() {
        return Err(IngestError::NoInput(dir.to_path_buf()));
    }
    let mut books = Vec::new();
    let mut other = Vec::new();
    // Hidden files and folders are passed over, except lock files (which get a notice);
    // linked folders are not followed (they may lead back up the tree).
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !name.starts_with('.') || is_lock_file(&name)
        });
    for e in walk {
        let e = e.map_err(|e| {
            IngestError::NoInput(e.path().map_or(dir.to_path_buf(), Path::to_path_buf))
        })?;
        let p = e.path().to_path_buf();
        let ft = e.file_type();
        if e.depth() == 0 || ft.is_dir() {
            continue;
        }
        if is_lock_file(&e.file_name().to_string_lossy()) || (ft.is_symlink() && p.is_dir()) {
            other.push(p);
            continue;
        }
        let ext = p
            .extension()
            .map(|x| x.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if EXTENSIONS.contains(&ext.as_str()) {
            books.push(p);
        } else {
            other.push(p);
        }
    }
    books.sort();
    other.sort();
    Ok((books, other))
}

fn rel(dir: &Path, p: &Path) -> String {
    p.strip_prefix(dir)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

std::thread_local! {
    /// Set while this thread reads a workbook: the quiet panic hook stays silent then,
    /// because the panic becomes an error naming the file.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A panic hook for the binary: silent for panics inside a workbook reader (they become a
/// clear error naming the file), a short internal-error line otherwise.
pub fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if !READING.with(|r| r.get()) {
            eprintln!("内部错误（请把这段信息发给维护人员）：{info}");
        }
    }));
}

/// Read and validate one workbook. A panic anywhere in the reader (redeval's or calamine's)
/// is caught and returned as [`read::ReadError::Panic`]; nothing escapes.
///
/// # Errors
/// [`read::ReadError`] when the workbook cannot be read.
pub fn read_file(idx: u32, display: &str, path: &Path) -> Result<file::FileOut, read::ReadError> {
    let bytes = std::fs::read(path).map_err(|e| read::ReadError::Open(crate::vocab::io_words(&e)));
    read_bytes(idx, display, path, bytes)
}

/// [`read_file`] on the file's bytes, read once by the caller (which also hashes them).
fn read_bytes(
    idx: u32,
    display: &str,
    path: &Path,
    bytes: Result<Vec<u8>, read::ReadError>,
) -> Result<file::FileOut, read::ReadError> {
    guarded(|| {
        let bytes = bytes?;
        let mut fr = file::FileReader::new(idx, display.to_string());
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let page = matches!(ext.as_str(), "xml" | "htm" | "html");
        if ext == "csv" {
            return csvfile::read_csv_bytes(&bytes, &mut fr).map(|_| fr.out);
        }
        // formats by content, not extension (SPEC §1.10)
        match markup::sniff(&bytes) {
            Some(markup::Markup::Html) => {
                markup::html::read_html_bytes(&bytes, &mut fr).map(|_| fr.out)
            }
            Some(markup::Markup::SpreadsheetMl) => {
                markup::xmlss::read_xmlss_bytes(&bytes, &mut fr).map(|_| fr.out)
            }
            Some(_) if page => Err(read::ReadError::NotLedger(
                "不是表格（网页或 XML 文件中没有台账表格），已忽略".into(),
            )),
            Some(_) => Err(read::ReadError::Open(
                "这是网页文件（HTML），不是 Excel 工作簿，里面也没有表格；请从平台重新导出，或用 Excel / WPS 打开后另存为 .xlsx".into(),
            )),
            None if page => Err(read::ReadError::NotLedger(
                "不是网页表格或 Excel 2003 XML 工作簿，已忽略".into(),
            )),
            None => {
                if let Some(what) = foreign(&bytes, &ext) {
                    return Err(read::ReadError::Open(what));
                }
                read::read_workbook_bytes(path, bytes, &mut fr).map(|_| fr.out)
            }
        }
    })
}
/// Runs a workbook reader with every panic caught (redeval's or calamine's) and returned as
/// [`read::ReadError::Panic`]: ledgers and rubric workbooks alike go through here.
///
/// # Errors
/// What `f` returns, or the caught panic.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, read::ReadError>) -> Result<T, read::ReadError> {
    READING.with(|r| r.set(true));
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(read::ReadError::Panic(msg))
    });
    READING.with(|r| r.set(false));
    res
}

/// What a file is when it is no workbook at all, in words that say what to do.
fn foreign(bytes: &[u8], ext: &str) -> Option<String> {
    if bytes.starts_with(b"%PDF") {
        return Some("这是 PDF 文件，不是 Excel 工作簿；请向报送单位要 Excel 版台账".into());
    }
    if bytes.starts_with(b"PK") && memchr::memmem::find(bytes, b"word/").is_some() {
        return Some(
            "这是 Word 文档，不是 Excel 工作簿；请把表格复制到 Excel 或 WPS 表格中另存为 .xlsx"
                .into(),
        );
    }
    let cfb = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if matches!(ext, "et" | "ett") && !cfb && !bytes.starts_with(b"PK") {
        return Some(
            "WPS 表格文件不是可读取的格式；请在 WPS 中 另存为 → Excel 工作簿（.xlsx）".into(),
        );
    }
    None
}

fn read_one(
    idx: u32,
    dir: &Path,
    path: &Path,
) -> (String, String, Result<file::FileOut, read::ReadError>) {
    let display = rel(dir, path);
    // the file is read once: hashed for 运行信息, then handed to the reader
    let bytes = std::fs::read(path);
    let sha = bytes.as_ref().map_or(String::new(), |b| {
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    });
    let bytes = bytes.map_err(|e| read::ReadError::Open(crate::vocab::io_words(&e)));
    let res = read_bytes(idx, &display, path, bytes);
    (display, sha, res)
}

/// File indexes, largest file first: the cores take the next file as they become free, so
/// one big workbook does not run alone at the end.
fn largest_first(books: &[PathBuf]) -> Vec<usize> {
    let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = books.iter().map(size).zip(0..).collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    order.into_iter().map(|(_, i)| i).collect()
}

/// Read and validate every workbook under `dir`.
///
/// `progress` is called once per finished file with (done, total).
///
/// # Errors
/// [`IngestError`] when the folder is missing or a workbook is unreadable (unless
/// `opts.skip_bad_files`).
pub fn ingest(
    dir: &Path,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Dataset, IngestError> {
    let t0 = std::time::Instant::now();
    let (books, other) = discover(dir)?;
    let total = books.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut ds = Dataset::default();
    for p in &other {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        ds.notices.push(if is_lock_file(&name) {
            format!(
                "{}: 这是 Excel / WPS 打开工作簿时生成的临时锁文件，说明对应的工作簿可能正在 Excel 或 WPS 中打开；已忽略。请保存并关闭工作簿后再运行，以免读到未保存的旧内容",
                rel(dir, p)
            )
        } else if p.is_dir() {
            format!("{}: 是指向别处的文件夹链接，未进入", rel(dir, p))
        } else {
            format!("{}: 不是 Excel 工作簿或 CSV 文件，已忽略", rel(dir, p))
        });
    }
    let mut merger = Merger::default();
    // Files are read in parallel on the rayon pool while this thread merges the finished ones
    // in path order, so the (sequential) merge overlaps the reading.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|scope| -> Result<(), IngestError> {
        scope.spawn(|| {
            let t = std::time::Instant::now();
            // an indexed parallel iterator, one file per task: no lock around a shared
            // iterator (par_bridge's mutex and its wake-ups cost 2,000 small files 6 % of
            // their CPU time, issue 25), and the largest files still start first
            largest_first(&books)
                .into_par_iter()
                .with_max_len(1)
                .for_each_with(tx, |tx, i| {
                    let r = read_one(i as u32, dir, &books[i]);
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(n, total);
                    let _ = tx.send((i, r));
                });
            crate::timing::stage("  workbooks read (all cores)", t);
        });
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0usize;
        for (i, r) in rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                merger.take(&mut ds, r, opts)?;
            }
        }
        Ok(())
    })?;
    let t = crate::timing::stage("  merge (ends after the last workbook)", t0);
    merger.bad_files(&mut ds, opts)?;
    let later = std::mem::take(&mut merger.later);
    let hints = names::resolve_companies(&mut ds, &later);
    duplicates::settle(&mut ds, later);
    names::unmatched_lines(&mut ds, &hints);
    crate::timing::stage("  company names resolved", t);
    Ok(ds)
}

/// Merges per-file results into the dataset: one pool, duplicate complaint ids merged or
/// rejected, duplicate register entries merged or the later one rejected.
#[derive(Default)]
struct Merger {
    /// The first complaint of each id: (id index, complaint index), found by the hash the
    /// reading thread computed and confirmed by comparing the text.
    ids: hashbrown::HashTable<(u32, u32)>,
    /// Later rows of an id already seen: (index of its first row's complaint, the row).
    later: Vec<(u32, Complaint)>,
    /// Files that could not be read, in path order.
    bad: Vec<(String, read::ReadError)>,
    companies: HashMap<String, usize>,
}

impl Merger {
    /// Merge one file's result (or record / raise its error).
    fn take(
        &mut self,
        ds: &mut Dataset,
        (display, sha, res): (String, String, Result<file::FileOut, read::ReadError>),
        opts: &Options,
    ) -> Result<(), IngestError> {
        match res {
            Ok(out) => {
                // room for this file's rows only (issue 23: sizing every table as the first
                // file × the number of files asked for gigabytes when a big export came
                // first beside many small ledgers); the vectors grow geometrically
                let n = out.records.complaints.len();
                ds.records.complaints.reserve(n);
                ds.ids.reserve(out.ids.len(), out.ids.text_len());
                let ids = &ds.ids;
                self.ids.reserve(n, |&(i, _)| ids.hash(i));
                self.add(ds, display, sha, out);
                Ok(())
            }
            Err(read::ReadError::NotLedger(why)) => {
                ds.notices.push(format!("{display}: {why}"));
                ds.files.push(FileStat::unread(display, sha, None));
                Ok(())
            }
            Err(e) => {
                // every bad file is listed (SPEC §1.10): the run fails after reading them all,
                // unless --skip-bad-files
                self.bad.push((display.clone(), e.clone()));
                ds.issues.push(Issue {
                    place: None,
                    file: display.clone(),
                    sheet: String::new(),
                    row: 0,
                    column: String::new(),
                    value: String::new(),
                    problem: e.to_string(),
                    action: Action::Skipped,
                });
                if opts.skip_bad_files {
                    ds.notices
                        .push(format!("{display}: {e}，已按 --skip-bad-files 跳过"));
                }
                ds.files
                    .push(FileStat::unread(display, sha, Some(e.to_string())));
                Ok(())
            }
        }
    }

    /// After every file: the bad files are an error, or with `--skip-bad-files` a red line on
    /// every ranked sheet, 总览 and the console — a skipped file is lost data.
    fn bad_files(&mut self, ds: &mut Dataset, opts: &Options) -> Result<(), IngestError> {
        let bad = std::mem::take(&mut self.bad);
        if bad.is_empty() {
            return Ok(());
        }
        if !opts.skip_bad_files {
            return Err(match <[_; 1]>::try_from(bad) {
                Ok([(path, source)]) => IngestError::BadFile { path, source },
                Err(all) => IngestError::BadFiles(all),
            });
        }
        let names: Vec<&str> = bad.iter().map(|(p, _)| p.as_str()).collect();
        ds.warnings.push(Warning {
            scope: Scope::All,
            strict: true,
            text: format!(
                "{} 个文件未能读取，其中的记录未计入：{}（见数据问题）",
                bad.len(),
                names.join("、")
            ),
        });
        Ok(())
    }

    fn add(&mut self, ds: &mut Dataset, display: String, sha: String, mut out: file::FileOut) {
        let fidx = ds.files.len();
        ds.files.push(FileStat {
            path: display,
            sha256: sha,
            sheets: std::mem::take(&mut out.sheets),
            rows_read: out.rows_read,
            rejected: out.rejected,
            error: None,
        });
        ds.issues.append(&mut out.issues);
        ds.notices.append(&mut out.notices);
        ds.warnings.append(&mut out.warnings);
        let remap: Vec<Sym> = out.pool.strings().map(|s| ds.pool.intern(s)).collect();
        let base = ds.ids.append(std::mem::take(&mut out.ids));
        for mut c in std::mem::take(&mut out.records.complaints) {
            c.id += base;
            for s in [
                &mut c.company,
                &mut c.community,
                &mut c.street,
                &mut c.category,
                &mut c.channel,
            ] {
                *s = remap[s.index()];
            }
            self.add_complaint(ds, c);
        }
        for c in out.records.companies {
            self.add_company(ds, c);
        }
        ds.records.duty.append(&mut out.records.duty);
        ds.records.roster.append(&mut out.records.roster);
        ds.records.notes.append(&mut out.records.notes);
        ds.records.manual.append(&mut out.records.manual);
        debug_assert!(ds.files[fidx].rejected <= ds.files[fidx].rows_read);
    }

    /// A complaint whose id was seen before waits in `later` until company names are
    /// resolved ([`duplicates::settle`] decides whether it merges or conflicts).
    fn add_complaint(&mut self, ds: &mut Dataset, c: Complaint) {
        let hash = ds.ids.hash(c.id);
        let (ids, complaints) = (&ds.ids, &ds.records.complaints);
        let id = ids.get(c.id);
        match self.ids.find(hash, |&(i, _)| ids.get(i) == id) {
            Some(&(_, first)) => self.later.push((first, c)),
            None => {
                self.ids
                    .insert_unique(hash, (c.id, complaints.len() as u32), |&(i, _)| ids.hash(i));
                ds.records.complaints.push(c);
            }
        }
    }

    fn add_company(&mut self, ds: &mut Dataset, c: Company) {
        match self.companies.get(&c.name) {
            None => {
                self.companies
                    .insert(c.name.clone(), ds.records.companies.len());
                ds.records.companies.push(c);
            }
            Some(&first) => {
                let f = &ds.records.companies[first];
                let same = Company {
                    place: f.place,
                    ..c.clone()
                } == *f;
                // SPEC §1.10: the register is one list — another register sheet that
                // disagrees on what scores (户数, 红色物业, 党组织) is a red line naming it
                let other_sheet = (f.place.file, f.place.sheet) != (c.place.file, c.place.sheet);
                let scores_differ =
                    f.households != c.households || f.red != c.red || f.party_org != c.party_org;
                if other_sheet && scores_differ {
                    let show = |x: &Company| {
                        format!(
                            "管理户数 {}、是否红色物业 {}、党组织形式 {}",
                            x.households.map_or("空".into(), crate::vocab::fmt_num),
                            crate::fields::yes_no(x.red),
                            x.party_org.label()
                        )
                    };
                    ds.warnings.push(Warning {
                        scope: Scope::Company,
                        strict: true,
                        text: format!(
                            "物业企业名录有两处登记了「{}」且内容不一致：{}（{}）与 {}（{}），按前者计算，请核对",
                            c.name,
                            ds.place_text(f.place),
                            show(f),
                            ds.place_text(c.place),
                            show(&c)
                        ),
                    });
                }
                if same {
                    let problem = format!("与 {} 重复登记，按一家计", ds.place_text(f.place));
                    let issue = ds.issue_at(c.place, "企业名称", &c.name, problem, Action::Merged);
                    ds.issues.push(issue);
                } else {
                    let problem = format!(
                        "企业重复登记且信息不一致，以 {} 为准",
                        ds.place_text(f.place)
                    );
                    let issue =
                        ds.issue_at(c.place, "企业名称", &c.name, problem, Action::Rejected);
                    ds.reject_at(c.place, issue);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A linked folder pointing back up the tree is listed, not followed; workbooks come
    /// sorted by path; hidden files are passed over, lock files are listed.
    #[cfg(unix)]
    #[test]
    fn discovery_sorts_and_does_not_follow_linked_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        for f in [
            "b/c/2.xlsx",
            "a.XLSX",
            "b/1.csv",
            "notes.txt",
            ".hidden.xlsx",
            "~$a.xlsx",
        ] {
            std::fs::write(root.join(f), b"x").unwrap();
        }
        std::os::unix::fs::symlink(root, root.join("b/c/loop")).unwrap();
        let (books, other) = discover(root).unwrap();
        let rel = |v: &[PathBuf]| -> Vec<String> {
            v.iter()
                .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(rel(&books), ["a.XLSX", "b/1.csv", "b/c/2.xlsx"]);
        assert_eq!(rel(&other), ["b/c/loop", "notes.txt", "~$a.xlsx"]);
    }
}
