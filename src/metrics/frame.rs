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
        let mut company = Vec::with_capacity(n);
        let mut received = Vec::with_capacity(n);
        let mut year = Vec::with_capacity(n);
        let mut month = Vec::with_capacity(n);
        let mut closed: Vec<Option<i32>> = Vec::with_capacity(n);
        let mut is_closed = Vec::with_capacity(n);
        let mut sat_pos = Vec::with_capacity(n);
        let mut sat_den = Vec::with_capacity(n);
        let mut repeat = Vec::with_capacity(n);
        let mut escalated = Vec::with_capacity(n);
        let mut collective = Vec::with_capacity(n);
        let mut name = Vec::with_capacity(n);
        let mut street = Vec::with_capacity(n);
        let mut category = Vec::with_capacity(n);
        let mut channel = Vec::with_capacity(n);
        for c in &ds.records.complaints {
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
            sat_den.push(c.satisfaction != Satisfaction::NotVisited);
            repeat.push(c.repeat);
            escalated.push(c.escalated);
            collective.push(c.collective);
            name.push(c.company);
            street.push(c.street);
            category.push(c.category);
            channel.push(c.channel);
        }
        let df = DataFrame::new(
            n,
            vec![
                Column::new("company".into(), company),
                Column::new("received".into(), received),
                Column::new("year".into(), year),
                Column::new("month".into(), month),
                Column::new("closed".into(), closed),
                Column::new("is_closed".into(), is_closed),
                Column::new("sat_pos".into(), sat_pos),
                Column::new("sat_den".into(), sat_den),
                Column::new("repeat".into(), repeat),
                Column::new("escalated".into(), escalated),
                Column::new("collective".into(), collective),
                Column::new("name".into(), name),
                Column::new("street".into(), street),
                Column::new("category".into(), category),
                Column::new("channel".into(), channel),
            ],
        )?;
        Ok(ComplaintFrame { df })
    }
}
