//! 物业企业名录 rows (SPEC §1.2).

use super::{Choice, RowCheck};
use crate::fields::{self, Key};
use crate::ingest::cell::{self, Val};
use crate::ingest::file::FileReader;
use crate::ingest::kinds::ColumnMap;
use crate::model::*;

/// What a missing 管理户数 means for the ranking.
const NO_HOUSEHOLDS: &str = "千户信访量无法计算，该项按 0 分";

impl FileReader {
    pub(in crate::ingest) fn company(&mut self, row: u32, cells: &[Val<'_>], map: &ColumnMap) {
        let mut ck = RowCheck::new(map, cells, self.is_1904);
        let name = ck.required_entity(Key::Company);
        let aliases = cell::entity_text(ck.get(Key::Aliases))
            .map(|t| {
                t.split(['、', ',', '，', ';', '；'])
                    .map(|a| crate::vocab::entity_name(a).into_owned())
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let households = households(&mut ck);
        let red = if ck.get(Key::Red).is_blank() {
            true
        } else {
            cell::boolean(ck.get(Key::Red)).unwrap_or_else(|p| {
                ck.reject(Key::Red, format!("{}{p}", ck.name(Key::Red)));
                true
            })
        };
        let party_org = match ck.choice(Key::PartyOrg, &fields::PARTY_ORG) {
            Choice::Blank => PartyOrg::None,
            Choice::Word(p) => p,
            Choice::Other => {
                let p = format!(
                    "{}，按{}计",
                    ck.off_list(Key::PartyOrg),
                    PartyOrg::None.label()
                );
                ck.warn(Key::PartyOrg, p);
                PartyOrg::None
            }
        };
        let members = match ck.number(Key::Members) {
            Ok(Some(n)) if n >= 0.0 => Some(n),
            Ok(None) => None,
            _ => {
                ck.warn(Key::Members, "党员人数不是有效的非负数，已忽略");
                None
            }
        };
        let state = match ck.choice(Key::State, &fields::COMPANY_STATE) {
            Choice::Blank => CompanyState::Active,
            Choice::Word(v) => v,
            Choice::Other => {
                let p = format!(
                    "{}，按{}计",
                    ck.off_list(Key::State),
                    CompanyState::Active.label()
                );
                ck.warn(Key::State, p);
                CompanyState::Active
            }
        };
        let entered = ck.register_date(Key::Entered);
        let left = ck.register_date(Key::Left);
        if let (Some(e), Some(l)) = (entered, left) {
            if l < e {
                ck.reject(Key::Left, "撤出日期早于进驻日期");
            }
        }
        let c = Company {
            name,
            aliases,
            street: ck.text(Key::Street),
            households,
            red,
            party_org,
            members,
            state,
            entered,
            left,
            remark: ck.text(Key::Remark),
            place: self.place(row),
        };
        self.keep(row, ck, c, |r| &mut r.companies);
    }
}

/// 管理户数: a missing or unusable one is kept with a warning (the company still ranks).
fn households(ck: &mut RowCheck<'_, '_>) -> Option<f64> {
    let what = ck.name(Key::Households);
    let problem = match ck.number(Key::Households) {
        Ok(Some(n)) if n > 0.0 => return Some(n),
        // an approximation decides a ranking: the row is rejected (SPEC §1.10)
        Err(p) if p.contains("约数") => {
            ck.reject(Key::Households, format!("{what}{p}"));
            return None;
        }
        Ok(None) => format!("{what}为空：{NO_HOUSEHOLDS}"),
        Ok(Some(_)) => format!("{what}应大于 0：{NO_HOUSEHOLDS}"),
        Err(p) => format!("{what}{p}：{NO_HOUSEHOLDS}"),
    };
    ck.warn(Key::Households, problem);
    None
}
