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

/// Every column of the frames metrics and trends query (the complaint frame, the duty and
/// note frames, and what their aggregations produce), so no column is a string literal
/// spread over files (issue 24). A metric's own column is named by [`super::Metric::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Company,
    Received,
    Year,
    Month,
    Closed,
    IsClosed,
    SatPos,
    SatDen,
    Repeat,
    Escalated,
    Collective,
    Name,
    Street,
    Category,
    Channel,
    Key,
    N,
    OnTime,
    NotDue,
    HandlingSum,
    Unit,
    Weight,
    Completion,
    Evidence,
    Inspection,
    Instructor,
    Found,
    Solved,
    Visits,
}

impl Col {
    /// The column's name in the frame.
    pub fn name(self) -> &'static str {
        match self {
            Col::Company => "company",
            Col::Received => "received",
            Col::Year => "year",
            Col::Month => "month",
            Col::Closed => "closed",
            Col::IsClosed => "is_closed",
            Col::SatPos => "sat_pos",
            Col::SatDen => "sat_den",
            Col::Repeat => "repeat",
            // the flags' counts are the metrics of the same name
            Col::Escalated => super::Metric::Escalated.code(),
            Col::Collective => super::Metric::Collective.code(),
            Col::Name => "name",
            Col::Street => "street",
            Col::Category => "category",
            Col::Channel => "channel",
            Col::Key => "key",
            Col::N => "n",
            Col::OnTime => "on_time",
            Col::NotDue => "not_due",
            Col::HandlingSum => "handling_sum",
            Col::Unit => "unit",
            Col::Weight => "w",
            Col::Completion => "completion",
            Col::Evidence => "evidence",
            Col::Inspection => "inspection",
            Col::Instructor => "instructor",
            Col::Found => "found",
            Col::Solved => "solved",
            Col::Visits => super::Metric::Visits.code(),
        }
    }
}

/// The column `x` as a polars expression.
pub fn c(x: Col) -> Expr {
    col(x.name())
}

/// A column of `x` with values `v`.
pub(crate) fn column<T, V>(x: Col, v: V) -> Column
where
    Series: NamedFrom<V, T>,
    T: ?Sized,
{
    Column::new(x.name().into(), v)
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
                    column(Col::Company, company),
                    column(Col::Received, received),
                    column(Col::Year, year),
                    column(Col::Month, month),
                    column(Col::Closed, closed),
                    column(Col::IsClosed, is_closed),
                    column(Col::SatPos, sat_pos),
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
                    column(
                        Col::SatDen,
                        bools(|c| c.satisfaction != Satisfaction::NotVisited),
                    ),
                    column(Col::Repeat, bools(|c| c.repeat)),
                    column(Col::Escalated, bools(|c| c.escalated)),
                    column(Col::Collective, bools(|c| c.collective)),
                    column(Col::Name, syms(|c| c.company.0)),
                    column(Col::Street, syms(|c| c.street.0)),
                    column(Col::Category, syms(|c| c.category.0)),
                    column(Col::Channel, syms(|c| c.channel.0)),
                ]
            },
        );
        left.extend(right);
        let df = DataFrame::new(n, left)?;
        Ok(ComplaintFrame { df })
    }
}
