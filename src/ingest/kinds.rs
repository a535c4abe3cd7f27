//! Header-row recognition against the six layouts of [`crate::fields`] (SPEC §1.1–1.6).
//!
//! A sheet's kind comes from its header row only: the first of the first 20 rows that holds
//! every required header of a kind; when several kinds fit, the one with most recognised
//! headers wins. [`ColumnMap`] then says which column holds which field, found by [`Key`].

use super::cell::header_key;
use crate::fields::{Key, SheetKind};

/// For each field of a kind, the 0-based column holding it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    pub kind: SheetKind,
    pub cols: Vec<Option<u32>>,
    /// Header text as written, per field (for messages).
    pub headers: Vec<String>,
    /// Column per [`Key`] (indexed by `key as usize`), so a row finds its fields by index.
    by_key: Box<[Option<u32>; Key::COUNT]>,
    /// Position of each [`Key`] in `kind.fields()` (0 for keys of other layouts).
    field_at: Box<[u8; Key::COUNT]>,
    /// 考评打分 with one column per rater (评委一, 评分2 …): (column, header as written).
    pub raters: Vec<(u32, String)>,
}

impl ColumnMap {
    /// A map from the columns found per field of `kind`'s layout.
    pub fn new(kind: SheetKind, cols: Vec<Option<u32>>, headers: Vec<String>) -> Self {
        let mut by_key = Box::new([None; Key::COUNT]);
        for (f, c) in kind.fields().iter().zip(&cols) {
            by_key[f.key as usize] = *c;
        }
        let mut field_at = Box::new([0u8; Key::COUNT]);
        for (i, f) in kind.fields().iter().enumerate() {
            field_at[f.key as usize] = i as u8;
        }
        ColumnMap {
            kind,
            cols,
            headers,
            by_key,
            field_at,
            raters: Vec::new(),
        }
    }
    /// Position of field `key` in this layout's field list (0 for a key of another layout).
    pub fn field_index(&self, key: Key) -> usize {
        self.field_at[key as usize] as usize
    }
    /// Column of field `key`.
    pub fn col(&self, key: Key) -> Option<u32> {
        self.by_key[key as usize]
    }
    /// Highest column used + 1.
    pub fn width(&self) -> u32 {
        let raters = self.raters.iter().map(|r| r.0);
        self.cols
            .iter()
            .flatten()
            .copied()
            .chain(raters)
            .map(|c| c + 1)
            .max()
            .unwrap_or(0)
    }
}

/// A rater's column of a 考评打分 sheet (SPEC §1.10): 评委, 评分 or 打分 followed by a number or
/// a Chinese numeral (`评委一`, `评委1`, `评分2`, `打分3`), optionally `得分` / `分` after it.
pub fn is_rater_header(name: &str) -> bool {
    let k = header_key(name);
    let Some(rest) = ["评委", "评分", "打分", "专家"]
        .iter()
        .find_map(|p| k.strip_prefix(p))
    else {
        return false;
    };
    let rest = rest
        .strip_suffix("得分")
        .or_else(|| rest.strip_suffix("打分"))
        .or_else(|| rest.strip_suffix('分'))
        .unwrap_or(rest);
    !rest.is_empty()
        && (rest.chars().all(|c| c.is_ascii_digit())
            || rest.chars().all(|c| "一二三四五六七八九十".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(h: &[&str]) -> Vec<(u32, String)> {
        h.iter()
            .enumerate()
            .map(|(i, s)| (i as u32, s.to_string()))
            .collect()
    }

    /// One header row, recognised as the reader recognises a one-row header block.
    fn recognise(cells: &[(u32, String)]) -> Option<ColumnMap> {
        let cols = crate::ingest::layout::block_columns(&[cells]);
        crate::ingest::layout::recognise_block(&cols).ok()
    }

    #[test]
    fn complaint_header_with_aliases_and_spaces() {
        let m = recognise(&row(&[
            "状态",
            " 工单编号 ",
            "登记日期",
            "物业公司",
            "完成日期",
            "回访结果",
        ]))
        .unwrap();
        assert_eq!(m.kind, SheetKind::Complaints);
        assert_eq!(m.col(Key::Id), Some(1));
        assert_eq!(m.col(Key::Closed), Some(4));
        assert_eq!(m.col(Key::Street), None);
    }

    #[test]
    fn notes_with_unit_column_is_notes_not_roster() {
        let m = recognise(&row(&[
            "指导员",
            "派出单位",
            "联系组织",
            "走访日期",
            "方式",
        ]))
        .unwrap();
        assert_eq!(m.kind, SheetKind::Notes);
        let m = recognise(&row(&["指导员", "派出单位", "联系组织", "组织类型"])).unwrap();
        assert_eq!(m.kind, SheetKind::Roster);
    }

    #[test]
    fn register_with_unit_in_brackets() {
        let m = recognise(&row(&["企业名称", "简称", "管理户数（户）"])).unwrap();
        assert_eq!(m.kind, SheetKind::Register);
        assert_eq!(m.col(Key::Households), Some(2));
    }

    #[test]
    fn a_title_row_is_no_header() {
        assert!(recognise(&row(&["2023年第一季度物业信访台账"])).is_none());
        assert!(recognise(&row(&["信访编号", "受理日期"])).is_none());
    }

    /// Every layout finds each of its fields at the field's own position.
    #[test]
    fn field_index_is_the_position_in_the_layout() {
        for kind in SheetKind::ALL {
            let fl = kind.fields();
            let map = ColumnMap::new(kind, vec![None; fl.len()], vec![String::new(); fl.len()]);
            for (i, f) in fl.iter().enumerate() {
                assert_eq!(map.field_index(f.key), i, "{kind:?} {:?}", f.key);
            }
        }
    }
}
