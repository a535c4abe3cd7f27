//! The complaint table as a polars DataFrame: one row per accepted complaint, dates as day
//! numbers (days from CE), categorical text as interned symbols. Built once per run straight
//! from the records' fields, column by column.

use crate::model::{Dataset, Satisfaction, Status};
use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

/// Day number of a date (for date arithmetic on integer columns).
pub fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// Company index used for complaints whose company is not in the register.
pub const UNKNOWN: u32 = u32::MAX;

/// The complaints as columns.
pub struct ComplaintFrame {
    pub df: DataFrame,
}

impl ComplaintFrame {
    /// Build from the dataset.
    ///
    /// # Errors
    /// Polars errors (should not happen for well-formed columns).
    pub fn new(ds: &Dataset) -> PolarsResult<Self> {
        let n = ds.records.complaints.len();
        let list = &ds.records.complaints;
        // Two halves of the columns built side by side (the second core is free by now).
        let (mut left, right) = rayon::join(
            || {
                let mut company = Vec::with_capacity(n);
                let mut received = Vec::with_capacity(n);
                let mut year = Vec::with_capacity(n);
                let mut month = Vec::with_capacity(n);
                let mut closed: Vec<Option<i32>> = Vec::with_capacity(n);
                let mut is_closed = Vec::with_capacity(n);
                let mut sat_pos = Vec::with_capacity(n);
                for c in list {
                    company.push(ds.company_of(c).map_or(UNKNOWN, |i| i as u32));
                    received.push(day(c.received));
                    year.push(c.received.year());
                    month.push(c.received.month() as i32);
                    let cl = c.status == Status::Closed;
                    is_closed.push(cl);
                    closed.push(if cl { c.closed.map(day) } else { None });
                    sat_pos.push(matches!(
                        c.satisfaction,
                        Satisfaction::Satisfied | Satisfaction::Basic
                    ));
                }
                vec![
                    Column::new("company".into(), company),
                    Column::new("received".into(), received),
                    Column::new("year".into(), year),
                    Column::new("month".into(), month),
                    Column::new("closed".into(), closed),
                    Column::new("is_closed".into(), is_closed),
                    Column::new("sat_pos".into(), sat_pos),
                ]
            },
            || {
                let bools = |f: fn(&crate::model::Complaint) -> bool| -> Vec<bool> {
                    list.iter().map(f).collect()
                };
                let syms = |f: fn(&crate::model::Complaint) -> u32| -> Vec<u32> {
                    list.iter().map(f).collect()
                };
                vec![
                    Column::new(
                        "sat_den".into(),
                        bools(|c| c.satisfaction != Satisfaction::NotVisited),
                    ),
                    Column::new("repeat".into(), bools(|c| c.repeat)),
                    Column::new("escalated".into(), bools(|c| c.escalated)),
                    Column::new("collective".into(), bools(|c| c.collective)),
                    Column::new("name".into(), syms(|c| c.company)),
                    Column::new("street".into(), syms(|c| c.street)),
                    Column::new("category".into(), syms(|c| c.category)),
                    Column::new("channel".into(), syms(|c| c.channel)),
                ]
            },
        );
        left.extend(right);
        let df = DataFrame::new(n, left)?;
        Ok(ComplaintFrame { df })
    }
}
