//! A company's year (SPEC §1.10): whether a registered company is ranked in a year, from the
//! register's 状态, 进驻日期 and 撤出日期.

use super::{Company, CompanyState};
use chrono::{Datelike, NaiveDate};

/// Where a registered company stands in a year (SPEC §1.10 "A company's year").
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// Ranked as usual.
    Ranked,
    /// Ranked, its count-based figures multiplied by `factor` (joined in the year); the 备注.
    Annualised { factor: f64, remark: String },
    /// Not ranked (不参评); the reason for 备注.
    Excluded(String),
}

impl Company {
    /// Where the company stands in `year` up to `as_of`: not there yet or gone before the
    /// year, left during it or marked 已撤出 / 已注销 → excluded; joined during it → its counts
    /// annualised by the months it managed (`× as_of's month / months`, which is `× 12 /
    /// months` for a complete year).
    pub fn standing(&self, year: i32, as_of: NaiveDate) -> Standing {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let still = "其信访仍计入全区合计和趋势";
        if let Some(l) = self.left {
            if l < start {
                return Standing::Excluded(format!("已于 {l} 撤出，本年度不参评"));
            }
            if l.year() == year {
                return Standing::Excluded(format!("已于 {l} 撤出，不参评（{still}）"));
            }
        }
        if let Some(e) = self.entered.filter(|e| *e > as_of) {
            return Standing::Excluded(format!("尚未进驻（进驻日期 {e}），不参评"));
        }
        if self.state != CompanyState::Active {
            return Standing::Excluded(format!(
                "名录状态为{}，不参评（{still}）",
                self.state.label()
            ));
        }
        match self.entered.filter(|e| e.year() == year && e.month() > 1) {
            Some(e) => {
                let months = as_of.month() - e.month() + 1;
                Standing::Annualised {
                    factor: f64::from(as_of.month()) / f64::from(months),
                    remark: format!(
                        "{e} 进驻，本年管理 {months} 个月：信访件数和千户信访量按 {}/{months} 折算为同期全程",
                        as_of.month()
                    ),
                }
            }
            None => Standing::Ranked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Company, CompanyState};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn company(
        entered: Option<NaiveDate>,
        left: Option<NaiveDate>,
        state: CompanyState,
    ) -> Company {
        Company {
            state,
            entered,
            left,
            ..crate::testkit::register_entry("甲")
        }
    }

    /// SPEC §1.10, every case of a company's year, hand-checked.
    #[test]
    fn standing_in_a_year() {
        let end = d(2024, 12, 31);
        let active = CompanyState::Active;
        assert_eq!(
            company(None, None, active).standing(2024, end),
            Standing::Ranked
        );
        // left before Y, or not there yet: not in Y at all
        let s = company(None, Some(d(2023, 5, 1)), active).standing(2024, end);
        assert!(
            matches!(s, Standing::Excluded(ref w) if w.contains("2023-05-01 撤出，本年度不参评"))
        );
        let s = company(Some(d(2025, 1, 1)), None, active).standing(2024, end);
        assert!(matches!(s, Standing::Excluded(ref w) if w.contains("尚未进驻")));
        // left in Y, or marked 已撤出 / 已注销
        let s = company(None, Some(d(2024, 6, 30)), active).standing(2024, end);
        assert!(matches!(s, Standing::Excluded(ref w) if w.contains("2024-06-30 撤出")));
        let s = company(None, None, CompanyState::Cancelled).standing(2024, end);
        assert!(matches!(s, Standing::Excluded(ref w) if w.contains("已注销")));
        // joined in July: 6 months managed, × 12 / 6
        match company(Some(d(2024, 7, 15)), None, active).standing(2024, end) {
            Standing::Annualised { factor, remark } => {
                assert_eq!(factor, 2.0);
                assert!(remark.contains("12/6"), "{remark}");
            }
            other => panic!("{other:?}"),
        }
        // with as_of in September: the same period, 9 / 3
        match company(Some(d(2024, 7, 1)), None, active).standing(2024, d(2024, 9, 30)) {
            Standing::Annualised { factor, .. } => assert_eq!(factor, 3.0),
            other => panic!("{other:?}"),
        }
        // joined in January: nothing to annualise; left after Y: ranked
        assert_eq!(
            company(Some(d(2024, 1, 20)), None, active).standing(2024, end),
            Standing::Ranked
        );
        assert_eq!(
            company(None, Some(d(2025, 3, 1)), active).standing(2024, end),
            Standing::Ranked
        );
    }
}
