//! redeval: the year-end evaluation engine.
//!
//! ```text
//! ingest   every workbook → validated records + 数据问题     (calamine)
//! metrics  records → per-company / unit / instructor metrics (polars)
//! score    metrics × rubric → normalised, weighted, graded, ranked
//! trend    complaints → monthly series, YoY, Mann-Kendall / Sen
//! report   everything → one leadership workbook                (rust_xlsxwriter)
//! ```
//! `app` wires the stages to the commands of `cli`; `error` holds the errors that reach it and
//! the exit code. Shared by every stage and importing no stage: `fields` (the input layouts),
//! `vocab` (numbers, dates, text), `model` (records).

pub mod analysis;
pub mod app;
pub mod cli;
pub mod error;
pub mod evaluate;
pub mod explain;
pub(crate) mod fields;
pub mod ingest;
pub(crate) mod join;
pub mod metrics;
pub mod model;
pub mod report;
pub mod sample;
pub mod score;
#[cfg(test)]
pub(crate) mod testkit;
pub mod timing;
pub mod trend;
pub mod vocab;
