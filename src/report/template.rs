//! `redeval template`: blank input workbooks, one per kind, with the canonical headers, a note
//! on each header, and dropdown validation for the closed lists.

use super::input::{write_ledger, InSheet};
use crate::ingest::kinds;
use crate::model::SheetKind;
use std::path::{Path, PathBuf};

fn note_and_list(kind: SheetKind, key: &str) -> (String, Vec<&'static str>) {
    let yes_no = vec!["是", "否"];
    let (n, l): (&str, Vec<&'static str>) = match (kind, key) {
        (SheetKind::Complaints, "id") => ("信访编号/工单编号，全区唯一，必填", vec![]),
        (SheetKind::Complaints, "received") => ("受理日期，必填，如 2024-03-05", vec![]),
        (SheetKind::Complaints, "company") => ("物业企业全称或名录中的简称，必填", vec![]),
        (SheetKind::Complaints, "status") => ("办理状态，必填", vec!["已办结", "办理中", "未办理"]),
        (SheetKind::Complaints, "closed") => ("办结日期；状态为已办结时必填", vec![]),
        (SheetKind::Complaints, "satisfaction") => (
            "回访结果；空白视为未回访",
            vec!["满意", "基本满意", "不满意", "未回访"],
        ),
        (SheetKind::Complaints, "repeat" | "escalated" | "collective") => {
            ("是/否；空白视为否", yes_no.clone())
        }
        (SheetKind::Register, "company") => ("企业全称，必填", vec![]),
        (SheetKind::Register, "aliases") => ("简称，多个用顿号分隔", vec![]),
        (SheetKind::Register, "households") => ("管理户数，大于 0，必填", vec![]),
        (SheetKind::Register, "red") => ("是否红色物业；空白视为是", yes_no.clone()),
        (SheetKind::Register, "party_org") => (
            "党组织形式；空白视为未组建",
            vec!["单独组建", "联合组建", "未组建"],
        ),
        (SheetKind::Duty, "unit") => ("成员单位名称，必填", vec![]),
        (SheetKind::Duty, "year") => ("考核年度，如 2024，必填", vec![]),
        (SheetKind::Duty, "group") => ("单位类别（可选，用于分组排名）", vec!["镇街", "部门"]),
        (SheetKind::Duty, "weight") => ("分值，大于 0，必填", vec![]),
        (SheetKind::Duty, "evidence") => ("佐证材料 有/无", vec!["有", "无"]),
        (SheetKind::Duty, "inspection") => ("督查评价", vec!["好", "较好", "一般", "差"]),
        (SheetKind::Roster, "org_type") => ("组织类型", vec!["新经济组织", "新社会组织", "新业态"]),
        (SheetKind::Notes, "method") => {
            ("走访方式", vec!["实地走访", "电话联系", "线上指导", "座谈"])
        }
        (SheetKind::Notes, "progress") => ("组建进展", vec!["已建立", "推进中", "未启动"]),
        (SheetKind::Notes, "date") => ("走访日期，必填", vec![]),
        (SheetKind::Manual, "full") => ("满分；空白视为 100", vec![]),
        _ => ("", vec![]),
    };
    (n.to_string(), l)
}

/// Write one blank workbook per kind into `dir`.
///
/// # Errors
/// A message naming the file that could not be written.
pub fn write_templates(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for kind in SheetKind::ALL {
        let fields = kinds::fields(kind);
        let mut headers = Vec::new();
        let mut notes = Vec::new();
        let mut lists = Vec::new();
        for f in fields {
            headers.push(f.names[0].to_string());
            let (mut n, l) = note_and_list(kind, f.key);
            if n.is_empty() {
                n = if f.required {
                    "必填".into()
                } else {
                    "选填".into()
                };
            }
            if f.names.len() > 1 {
                n.push_str(&format!("（也可写作：{}）", f.names[1..].join("、")));
            }
            notes.push(n);
            lists.push(l.into_iter().map(String::from).collect());
        }
        let p = dir.join(format!("{}模板.xlsx", kind.label()));
        write_ledger(
            &p,
            &[InSheet {
                name: kind.label().to_string(),
                title_rows: vec![],
                headers,
                notes,
                lists,
                rows: vec![],
            }],
        )
        .map_err(|e| format!("无法写入 `{}`: {e}", p.display()))?;
        out.push(p);
    }
    Ok(out)
}
