//! The six input layouts (SPEC §1.1–1.6) and header-row recognition.
//!
//! A sheet's kind comes from its header row only: the first of the first 20 rows that holds
//! every required header of a kind; when several kinds fit, the one with most recognised
//! headers wins. [`ColumnMap`] then says which column holds which field.

use super::cell::header_key;
use crate::model::SheetKind;

/// One field of a layout: its canonical header and aliases.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
}

const fn f(key: &'static str, names: &'static [&'static str], required: bool) -> Field {
    Field {
        key,
        names,
        required,
    }
}

pub const COMPLAINTS: &[Field] = &[
    f("id", &["信访编号", "工单编号", "编号"], true),
    // 12345 platforms export date-times as 受理时间 / 办结时间 / 工单状态 (beyond SPEC's aliases)
    f(
        "received",
        &["受理日期", "登记日期", "来访日期", "受理时间", "登记时间"],
        true,
    ),
    f("company", &["物业企业", "物业公司", "物业服务企业"], true),
    f("community", &["小区", "小区名称"], false),
    f("street", &["街道", "所属街道", "镇街"], false),
    f("category", &["问题类别", "诉求类别"], false),
    f("channel", &["信访渠道", "来源", "渠道"], false),
    f("status", &["办理状态", "状态", "工单状态"], true),
    f(
        "closed",
        &["办结日期", "完成日期", "办结时间", "完成时间"],
        false,
    ),
    f("satisfaction", &["满意度", "回访结果"], false),
    f("repeat", &["是否重复信访", "重复信访"], false),
    f("escalated", &["是否越级", "越级信访"], false),
    f("collective", &["是否集体访", "集体访"], false),
];

pub const REGISTER: &[Field] = &[
    f("company", &["企业名称", "物业企业"], true),
    f("aliases", &["简称", "别名"], false),
    f("street", &["所属街道", "街道"], false),
    f("households", &["管理户数", "服务户数"], true),
    f("red", &["是否红色物业"], false),
    f("party_org", &["党组织形式"], false),
    f("members", &["党员人数"], false),
];

pub const DUTY: &[Field] = &[
    f("unit", &["成员单位", "责任单位"], true),
    f("year", &["年度", "考核年度"], true),
    f("task", &["任务事项", "任务名称"], true),
    f("dimension", &["考核维度", "类别"], false),
    f("group", &["单位类别"], false),
    f("weight", &["分值", "权重"], true),
    f("target", &["目标值", "计划数"], false),
    f("actual", &["完成值", "完成数"], false),
    f("deadline", &["完成时限", "截止日期"], false),
    f("done_on", &["实际完成日期", "完成日期"], false),
    f("evidence", &["佐证材料"], false),
    f("inspection", &["督查评价"], false),
];

pub const ROSTER: &[Field] = &[
    f("instructor", &["指导员", "姓名"], true),
    f("unit", &["派出单位", "所属单位"], true),
    f("org", &["联系组织", "服务对象"], true),
    f("org_type", &["组织类型"], false),
];

pub const NOTES: &[Field] = &[
    f("instructor", &["指导员", "姓名"], true),
    f("unit", &["派出单位", "所属单位"], false),
    f("org", &["联系组织", "服务对象"], true),
    f("date", &["日期", "走访日期"], true),
    f("method", &["方式"], false),
    f("summary", &["内容摘要", "工作内容"], false),
    f("found", &["发现问题数"], false),
    f("solved", &["解决问题数"], false),
    f("progress", &["组建进展"], false),
];

pub const MANUAL: &[Field] = &[
    f("target", &["考核对象"], true),
    f("indicator", &["指标"], true),
    f("score", &["得分"], true),
    f("full", &["满分"], false),
];

/// The layout of a kind.
pub fn fields(kind: SheetKind) -> &'static [Field] {
    match kind {
        SheetKind::Complaints => COMPLAINTS,
        SheetKind::Register => REGISTER,
        SheetKind::Duty => DUTY,
        SheetKind::Roster => ROSTER,
        SheetKind::Notes => NOTES,
        SheetKind::Manual => MANUAL,
    }
}

/// For each field of a kind, the 0-based column holding it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    pub kind: SheetKind,
    pub cols: Vec<Option<u32>>,
    /// Header text as written, per field (for messages).
    pub headers: Vec<String>,
}

impl ColumnMap {
    /// Column of field `key`.
    pub fn col(&self, key: &str) -> Option<u32> {
        let i = fields(self.kind).iter().position(|f| f.key == key)?;
        self.cols[i]
    }
    /// Highest column used + 1.
    pub fn width(&self) -> u32 {
        self.cols.iter().flatten().map(|c| c + 1).max().unwrap_or(0)
    }
}

/// Match one header row against every kind. `cells` are (column, text) pairs.
pub fn recognise(cells: &[(u32, String)]) -> Option<ColumnMap> {
    let keys: Vec<(u32, String, &String)> = cells
        .iter()
        .map(|(c, t)| (*c, header_key(t), t))
        .filter(|(_, k, _)| !k.is_empty())
        .collect();
    let mut best: Option<(usize, ColumnMap)> = None;
    for kind in SheetKind::ALL {
        let fl = fields(kind);
        let mut cols = vec![None; fl.len()];
        let mut headers = vec![String::new(); fl.len()];
        let mut found = 0;
        // A column is claimed by the first field (in layout order) that names it, and each
        // field takes the leftmost column naming it.
        let mut taken = vec![false; keys.len()];
        for (i, fd) in fl.iter().enumerate() {
            if let Some(j) = (0..keys.len())
                .find(|&j| !taken[j] && fd.names.iter().any(|n| header_key(n) == keys[j].1))
            {
                taken[j] = true;
                cols[i] = Some(keys[j].0);
                headers[i] = keys[j].2.trim().to_string();
                found += 1;
            }
        }
        let complete = fl
            .iter()
            .zip(&cols)
            .all(|(fd, c)| !fd.required || c.is_some());
        if complete && best.as_ref().is_none_or(|(n, _)| found > *n) {
            best = Some((
                found,
                ColumnMap {
                    kind,
                    cols,
                    headers,
                },
            ));
        }
    }
    best.map(|(_, m)| m)
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
        assert_eq!(m.col("id"), Some(1));
        assert_eq!(m.col("closed"), Some(4));
        assert_eq!(m.col("street"), None);
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
        assert_eq!(m.col("households"), Some(2));
    }

    #[test]
    fn a_title_row_is_no_header() {
        assert!(recognise(&row(&["2023年第一季度物业信访台账"])).is_none());
        assert!(recognise(&row(&["信访编号", "受理日期"])).is_none());
    }
}
