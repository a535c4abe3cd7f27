//! The commands: each resolves its options, runs the stages, prints a summary and returns an
//! exit code.

use crate::cli::{
    CheckArgs, Cli, Command, ExplainArgs, InputArgs, RunArgs, SampleArgs, TrendsArgs,
};
use crate::error::{Error, ExitCode};
use crate::evaluate::{self, Evaluation};
use crate::ingest;
use crate::model::{Action, Dataset};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

/// Run a parsed command line.
///
/// # Errors
/// Any [`Error`] that stops the command; the caller maps it to exit code 2.
pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    crate::timing::start();
    match cli.command {
        Command::Check(a) => check(a),
        Command::Sample(a) => sample(a),
        Command::Rubric(a) => rubric_cmd(a),
        Command::Explain(a) => explain(a),
        Command::Run(a) => run_cmd(a),
        Command::Trends(a) => trends_cmd(a),
        Command::Template(a) => {
            let files = crate::report::template::write_templates(&a.out)?;
            eprintln!(
                "完成：已写出 {} 个空白台账模板到 {}",
                files.len(),
                a.out.display()
            );
            Ok(ExitCode::Success)
        }
    }
}

/// Read the input folder with a progress bar when stderr is a terminal.
///
/// # Errors
/// See [`ingest::ingest`].
pub fn load(a: &InputArgs) -> Result<Dataset, Error> {
    let show = !a.quiet && std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::hidden();
    if show {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "读取台账 {bar:30} {pos}/{len} 个文件 {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    }
    let opts = ingest::Options {
        skip_bad_files: a.skip_bad_files,
    };
    let ds = ingest::ingest(&a.input, &opts, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    for n in &ds.notices {
        eprintln!("提示: {n}");
    }
    Ok(ds)
}

/// True when `input` is the bundled sample folder (SPEC §1.8: say so everywhere).
pub fn is_sample(input: &std::path::Path) -> bool {
    let canon = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    let Some(c) = canon(input) else {
        return input == std::path::Path::new("data/sample");
    };
    // SPEC §5.1: by canonical path, however it is written — relative to the working folder,
    // or the bundled copy beside the sources, by any absolute path
    let bundled = [
        std::path::PathBuf::from("data/sample"),
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample"),
    ];
    bundled.iter().any(|b| canon(b).as_ref() == Some(&c))
}

/// Print the warnings on the console (they are also in the workbook).
fn print_warnings(w: &[crate::model::Warning]) {
    for x in w {
        let head = if x.strict { "警告" } else { "提示" };
        eprintln!("{head}: {}", x.text);
    }
}

fn check(a: CheckArgs) -> Result<ExitCode, Error> {
    let t0 = Instant::now();
    let (rubric, _) = evaluate::load_rubric(a.input.rubric.as_deref())?;
    let mut ds = load(&a.input)?;
    let warnings = evaluate::check_warnings(&mut ds, a.input.year, &rubric);
    let mut out = String::new();
    for f in &ds.files {
        out.push_str(&format!(
            "{}\t读取 {} 行，接受 {} 行，剔除 {} 行{}\n",
            f.path,
            f.rows_read,
            f.accepted(),
            f.rejected,
            f.error
                .as_deref()
                .map(|e| format!("（{e}）"))
                .unwrap_or_default()
        ));
        for s in &f.sheets {
            match s.kind {
                Some(k) => out.push_str(&format!(
                    "  {} → {}（表头在{}）\n",
                    s.display_name(),
                    k.label(),
                    s.header_rows()
                )),
                None => out.push_str(&format!("  {} → 未识别，跳过\n", s.display_name())),
            }
        }
    }
    if !ds.issues.is_empty() {
        out.push_str("\n数据问题：\n");
        for i in &ds.issues {
            out.push_str(&format!(
                "{} › {}!{}\t{}\t`{}`\t{}\t{}\n",
                i.file,
                i.sheet,
                i.row,
                i.column,
                i.value,
                i.problem,
                i.action.label()
            ));
        }
    }
    emit(&out);
    print_warnings(&warnings);
    let (read, rejected) = ds.totals();
    eprintln!(
        "完成：{} 个文件，{} 行，剔除 {} 行，问题 {} 条，用时 {:.1} 秒",
        ds.files.len(),
        read,
        rejected,
        ds.issues
            .iter()
            .filter(|i| i.action != Action::Merged)
            .count(),
        t0.elapsed().as_secs_f64()
    );
    let problems = rejected > 0 || warnings.iter().any(|w| w.strict);
    Ok(ExitCode::after(problems, true))
}

fn sample(a: SampleArgs) -> Result<ExitCode, Error> {
    let t0 = Instant::now();
    let (first_year, last_year) = crate::sample::parse_years(&a.years).map_err(Error::Usage)?;
    if a.scale == 0 {
        return Err(Error::Usage("--scale 应为正整数".into()));
    }
    let o = crate::sample::SampleOptions {
        seed: a.seed,
        first_year,
        last_year,
        scale: a.scale,
    };
    let n = crate::sample::generate(&a.out, &o)?;
    eprintln!(
        "完成：模拟数据已写入 {}（{} 条信访记录，{}–{} 年），用时 {:.1} 秒",
        a.out.display(),
        n,
        first_year,
        last_year,
        t0.elapsed().as_secs_f64()
    );
    Ok(ExitCode::Success)
}

/// Read, validate and evaluate with the options of `a`.
///
/// # Errors
/// Ingest, rubric and usage errors.
pub fn load_and_evaluate(a: &InputArgs) -> Result<Evaluation, Error> {
    let (rubric, source) = evaluate::load_rubric(a.rubric.as_deref())?;
    let t0 = crate::timing::start();
    let ds = load(a)?;
    crate::timing::stage("read + validate", t0);
    if crate::timing::on() {
        let n = ingest::read::MERGE_READS.load(std::sync::atomic::Ordering::Relaxed);
        let m = ingest::read::MERGE_REREADS.load(std::sync::atomic::Ordering::Relaxed);
        eprintln!(
            "[timing] .xlsx sheets whose merged ranges were read: {n}, read again with them: {m}"
        );
    }
    let t1 = Instant::now();
    let mut ev = evaluate::evaluate(ds, rubric, source, a.year, a.as_of.as_deref())?;
    crate::timing::stage("metrics + scores + trends", t1);
    if is_sample(&a.input) {
        ev.sample = true;
        if !a.quiet {
            eprintln!("提示: 正在使用内置示例数据（data/sample），报告标题会注明（示例数据）；处理本区台账请用 --input 指定台账所在文件夹");
        }
    }
    print_warnings(&ev.warnings);
    Ok(ev)
}

/// `redeval rubric [--out FILE]`: the default rubric printed as TOML, or written as TOML or as
/// the editable 考核细则 workbook.
fn rubric_cmd(a: crate::cli::RubricArgs) -> Result<ExitCode, Error> {
    let Some(out) = a.out else {
        emit(crate::score::rubric::DEFAULT_RUBRIC);
        return Ok(ExitCode::Success);
    };
    let xlsx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        crate::report::rubric_book::workbook(&crate::score::Rubric::default_rubric()).map_err(
            |e| Error::Write {
                path: out.clone(),
                msg: e.to_string(),
            },
        )?
    } else {
        crate::score::rubric::DEFAULT_RUBRIC.as_bytes().to_vec()
    };
    crate::report::write_atomic(&out, &bytes)?;
    eprintln!(
        "完成：默认考核细则已写入 {}{}",
        out.display(),
        if xlsx {
            "（在 Excel 或 WPS 中修改后，用 --rubric 指定它运行）"
        } else {
            ""
        }
    );
    Ok(ExitCode::Success)
}

/// Write to standard output; a closed pipe (`redeval explain X | head`) ends the program
/// quietly with success, as command-line tools do.
fn emit(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(ExitCode::Success.code());
        }
        eprintln!("错误：无法写出结果（{e}）");
        std::process::exit(ExitCode::Error.code());
    }
}

fn explain(a: ExplainArgs) -> Result<ExitCode, Error> {
    let ev = load_and_evaluate(&a.input)?;
    let hits = crate::explain::find(&ev, &a.name);
    if hits.is_empty() {
        let near = crate::explain::closest(&ev, &a.name);
        let hint = if near.is_empty() {
            String::new()
        } else {
            format!("\n你要找的是不是：{}", near.join("、"))
        };
        return Err(Error::Usage(format!(
            "没有找到 `{}`：请用名录中的企业名称或简称、成员单位名称或指导员姓名{hint}",
            a.name
        )));
    }
    let names: Vec<&str> = hits.iter().map(|(_, e)| e.name.as_str()).collect();
    let distinct: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    if distinct.len() > 1 {
        return Err(Error::Usage(format!(
            "`{}` 对应多个对象：{}；请写全名",
            a.name,
            distinct.into_iter().collect::<Vec<_>>().join("、")
        )));
    }
    for (r, e) in hits {
        emit(&format!("{}\n", crate::explain::explain(&ev, r, e)));
    }
    Ok(ExitCode::Success)
}

fn lang(l: crate::cli::Lang) -> crate::report::tables::Lang {
    match l {
        crate::cli::Lang::Zh => crate::report::tables::Lang::Zh,
        crate::cli::Lang::En => crate::report::tables::Lang::En,
    }
}

/// SHA-256 of a text, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// SPEC §5.1: the 通报 draft beside the workbook `out`, written atomically like it.
fn write_notice(ev: &Evaluation, out: &std::path::Path) -> Result<PathBuf, Error> {
    let path = out
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join(crate::report::notice::file_name(ev));
    let bytes = crate::report::notice::build(ev)
        .map_err(|e| Error::Usage(format!("通报草稿无法生成：{e}")))?;
    crate::report::write_atomic(&path, &bytes)?;
    Ok(path)
}

fn run_cmd(a: RunArgs) -> Result<ExitCode, Error> {
    let t0 = Instant::now();
    let mut ev = load_and_evaluate(&a.input)?;
    ev.made_on = evaluate::made_on(a.date, &ev.rubric);
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("reports/{}年度考评结果.xlsx", ev.period.year)));
    let (read, rejected) = ev.ds.totals();
    let accepted = read - rejected;
    let run_lines: Vec<(String, String)> = vec![
        (
            "程序".into(),
            format!("redeval {}", env!("CARGO_PKG_VERSION")),
        ),
        ("考评年度".into(), ev.period.year.to_string()),
        ("数据截至".into(), ev.period.as_of.to_string()),
        ("输入中最晚日期".into(), ev.data_as_of.to_string()),
        ("输入目录".into(), a.input.input.display().to_string()),
        ("考核细则".into(), ev.rubric_source.describe()),
        (
            "细则 SHA-256".into(),
            sha256_hex(ev.rubric.source.as_bytes()),
        ),
        (
            "信访办理时限".into(),
            format!("{} 天", ev.rubric.handling_days),
        ),
        ("文件数".into(), ev.ds.files.len().to_string()),
        (
            "读取 / 接受 / 剔除行数".into(),
            format!("{read} / {accepted} / {rejected}"),
        ),
        (
            "说明".into(),
            "为保证相同输入生成完全相同的文件，运行用时不写入工作簿，见命令行末尾的汇总行".into(),
        ),
    ];
    let info = crate::report::book::WriteInfo {
        lang: lang(a.lang),
        run_lines,
        overflow_note: None,
    };
    let t_report = Instant::now();
    let extra = match a.format {
        crate::cli::Format::Xlsx => None,
        crate::cli::Format::Csv => Some(crate::report::export::Export::Csv),
        crate::cli::Format::Json => Some(crate::report::export::Export::Json),
    };
    let written = crate::report::write_report(&ev, &out, info, extra)?;
    let notice = (!a.no_notice)
        .then(|| write_notice(&ev, &out))
        .transpose()?;
    crate::timing::stage("report", t_report);
    if written.len() > 1 {
        eprintln!(
            "另外写出 {} 个表格文件（{:?}）",
            written.len() - 1,
            a.format
        );
    }
    eprintln!(
        "完成：{} 个文件，{} 行，剔除 {} 行，数据问题 {} 条 → {}（用时 {:.1} 秒）",
        ev.ds.files.len(),
        read,
        rejected,
        ev.ds.issues.len() + ev.results.iter().map(|r| r.issues.len()).sum::<usize>(),
        out.display(),
        t0.elapsed().as_secs_f64()
    );
    if let Some(p) = notice {
        eprintln!(
            "通报草稿 → {}（请填写文号、有关要求等【请填写】处后盖章印发）",
            p.display()
        );
    }
    let problems = rejected > 0 || ev.warnings.iter().any(|w| w.strict);
    Ok(ExitCode::after(problems, a.strict))
}

fn trends_cmd(a: TrendsArgs) -> Result<ExitCode, Error> {
    let t0 = Instant::now();
    let ev = load_and_evaluate(&a.input)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("reports/{}年度信访趋势.xlsx", ev.period.year)));
    let bytes =
        crate::report::xlsx::build_trends(&ev, crate::report::tables::Lang::Zh).map_err(|e| {
            Error::Write {
                path: out.clone(),
                msg: e.to_string(),
            }
        })?;
    crate::report::write_atomic(&out, &bytes)?;
    let (read, rejected) = ev.ds.totals();
    eprintln!(
        "完成：{} 个文件，{} 行，剔除 {} 行 → {}（用时 {:.1} 秒）",
        ev.ds.files.len(),
        read,
        rejected,
        out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(ExitCode::Success)
}
