//! Integration tests: the real `redeval` binary and library on real workbooks.

mod handover;
mod hostile;
mod ingest;
mod join_props;
mod office;
mod pipeline;
mod properties;
mod received;
mod report;
mod staff;
mod util;
mod wild;
