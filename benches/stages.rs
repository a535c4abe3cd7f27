//! Per-stage benchmarks (criterion): ingest at 10k and 100k complaint rows, metrics, scoring,
//! trends and report writing. Inputs are made once with `redeval sample` into a temp folder.
//!
//! `cargo bench --bench stages`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use redeval::evaluate::{evaluate, RubricSource};
use redeval::ingest::{ingest, Options};
use redeval::metrics::{company::company_metrics, ComplaintFrame, Metric, Period};
use redeval::sample::{generate, SampleOptions};
use redeval::score::{score, Rubric};
use std::path::Path;

fn make(dir: &Path, scale: u32) {
    generate(
        dir,
        &SampleOptions {
            seed: 7,
            first_year: 2023,
            last_year: 2024,
            scale,
        },
    )
    .expect("sample");
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tmp");
    // about 920 complaint rows per unit of scale over two years
    let sizes = [("10k", 11u32), ("100k", 110u32)];
    for (name, scale) in sizes {
        make(&tmp.path().join(name), scale);
    }
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10);
    for (name, _) in sizes {
        let dir = tmp.path().join(name);
        g.bench_with_input(BenchmarkId::from_parameter(name), &dir, |b, dir| {
            b.iter(|| ingest(dir, &Options::default(), &|_, _| {}).expect("ingest"))
        });
    }
    g.finish();

    let dir = tmp.path().join("100k");
    let ds = ingest(&dir, &Options::default(), &|_, _| {}).expect("ingest");
    let rubric = Rubric::default_rubric();
    let period = Period::new(
        2024,
        chrono::NaiveDate::from_ymd_opt(2024, 12, 31).expect("date"),
        15,
    );
    let mut g = c.benchmark_group("stages_100k");
    g.sample_size(10);
    g.bench_function("complaint_frame", |b| {
        b.iter(|| ComplaintFrame::new(&ds).expect("frame"))
    });
    let frame = ComplaintFrame::new(&ds).expect("frame");
    g.bench_function("company_metrics", |b| {
        b.iter(|| company_metrics(&ds, &frame, &period).expect("metrics"))
    });
    let table = company_metrics(&ds, &frame, &period).expect("metrics");
    let assessment = rubric.assessments[0].clone();
    g.bench_function("score_company", |b| {
        b.iter(|| score(&assessment, &table, &[]))
    });
    g.bench_function("trends", |b| {
        b.iter(|| redeval::trend::trends(&ds, &frame, &period).expect("trends"))
    });
    let ev = evaluate(ds, rubric, RubricSource::Default, None, None).expect("evaluate");
    let info = redeval::report::book::WriteInfo {
        lang: redeval::report::tables::Lang::Zh,
        run_lines: Vec::new(),
        overflow_note: None,
    };
    let issues = redeval::report::tables::issues(&ev, info.lang);
    g.bench_function("report_build", |b| {
        b.iter(|| redeval::report::xlsx::build(&ev, &info, &issues).expect("build"))
    });
    g.finish();
}

/// SPEC §1.10 formats: the same 20,000 complaint rows as `.xlsx`, as an HTML table and as
/// SpreadsheetML 2003 (both saved as `.xls`, as platforms send them), read and validated by
/// ingest. Throughput is rows per second (criterion's elements).
fn formats(c: &mut Criterion) {
    use redeval::report::input::{ledger_html, ledger_xmlss, write_ledger, InCell, InSheet};
    let heads = [
        "信访编号",
        "受理日期",
        "物业企业",
        "街道",
        "问题类别",
        "办理状态",
        "办结日期",
        "满意度",
    ];
    let n = 20_000usize;
    let rows: Vec<Vec<InCell>> = (0..n)
        .map(|i| {
            let d = chrono::NaiveDate::from_ymd_opt(2024, 1 + (i % 12) as u32, 1 + (i % 27) as u32)
                .expect("date");
            vec![
                InCell::Text(format!("XF2024{i:06}")),
                InCell::Date(d),
                InCell::Text(format!("太平区第{}物业服务有限公司", i % 40)),
                InCell::Text(["城南街道", "城北街道"][i % 2].into()),
                InCell::Text(["环境卫生", "设施维修", "收费问题"][i % 3].into()),
                InCell::Text("已办结".into()),
                InCell::Date(d + chrono::Duration::days(5)),
                InCell::Text(["满意", "基本满意", "不满意"][i % 3].into()),
            ]
        })
        .collect();
    let sheet = InSheet {
        name: "台账".into(),
        headers: heads.iter().map(|h| h.to_string()).collect(),
        rows,
        ..Default::default()
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let sheets = std::slice::from_ref(&sheet);
    for f in ["xlsx", "html", "xmlss"] {
        let d = tmp.path().join(f);
        std::fs::create_dir_all(&d).expect("dir");
        match f {
            "xlsx" => write_ledger(&d.join("a.xlsx"), sheets).expect("xlsx"),
            "html" => std::fs::write(d.join("a.xls"), ledger_html(sheets)).expect("html"),
            _ => std::fs::write(d.join("a.xls"), ledger_xmlss(sheets)).expect("xmlss"),
        }
    }
    let mut g = c.benchmark_group("formats_20k");
    g.sample_size(10);
    g.throughput(criterion::Throughput::Elements(n as u64));
    for f in ["xlsx", "html", "xmlss"] {
        let dir = tmp.path().join(f);
        g.bench_with_input(BenchmarkId::from_parameter(f), &dir, |b, dir| {
            b.iter(|| ingest(dir, &Options::default(), &|_, _| {}).expect("ingest"))
        });
    }
    g.finish();
}

/// SPEC §8.1 at the scale set's register size: 500 companies, the default company assessment
/// (weighted sum, 6 indicators: the pairwise rule, n²·m) and the same as TOPSIS (the vertex
/// rule, 2^6 weight vectors × n log n).
fn analysis(c: &mut Criterion) {
    use redeval::metrics::{AssessmentKind, Entity, MetricTable};
    let rubric = Rubric::default_rubric();
    let mut a = rubric.assessments[0].clone();
    let mut entities = Vec::new();
    for i in 0..500u32 {
        let mut e = Entity::new(&format!("企业{i:03}"), "");
        let x = |k: u32| ((i * 7919 + k * 104_729) % 1000) as f64 / 1000.0;
        e.set(Metric::ComplaintsPer1k, Some(5.0 + 20.0 * x(1)));
        e.set(Metric::ComplaintYoy, Some(x(2) - 0.5));
        e.set(Metric::OnTimeRate, Some(0.7 + 0.3 * x(3)));
        e.set(Metric::SatisfactionRate, Some(0.5 + 0.5 * x(4)));
        e.set(Metric::RepeatRate, Some(0.3 * x(5)));
        e.set(Metric::PartyOrg, Some([0.0, 0.6, 1.0][(i % 3) as usize]));
        e.set(Metric::Escalated, Some((i % 4) as f64));
        e.set(Metric::Collective, Some(0.0));
        entities.push(e);
    }
    let table = MetricTable {
        kind: AssessmentKind::Company,
        entities,
    };
    let ws = score(&a, &table, &[]);
    a.method = redeval::score::Method::Topsis;
    let tp = score(&a, &table, &[]);
    let mut g = c.benchmark_group("analysis_500");
    g.sample_size(10);
    g.bench_function("intervals_weighted_sum", |b| {
        b.iter(|| redeval::analysis::stability::intervals(&ws, 0.2))
    });
    g.bench_function("intervals_topsis", |b| {
        b.iter(|| redeval::analysis::stability::intervals(&tp, 0.2))
    });
    g.finish();
}

criterion_group!(benches, bench, analysis, formats);
criterion_main!(benches);
