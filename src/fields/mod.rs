//! One description of every input field (SPEC §1.1–1.6): the six layouts, each field's key,
//! canonical header and aliases, type, whether it is required, whether offices merge it down
//! over a group of rows, the note the blank template shows, and its closed list with words
//! and values.
//!
//! Header recognition, row validation, merge filling, the blank templates, the sample
//! generator and every label of a closed-list value read this table; no other file writes a
//! closed-list word. It depends on nothing else in the crate.

/// The kind of a recognised sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SheetKind {
    Complaints,
    Register,
    Duty,
    Roster,
    Notes,
    Manual,
}

impl SheetKind {
    pub const ALL: [SheetKind; 6] = [
        SheetKind::Complaints,
        SheetKind::Register,
        SheetKind::Duty,
        SheetKind::Roster,
        SheetKind::Notes,
        SheetKind::Manual,
    ];
    pub fn label(self) -> &'static str {
        match self {
            SheetKind::Complaints => "物业信访台账",
            SheetKind::Register => "物业企业名录",
            SheetKind::Duty => "成员单位履职",
            SheetKind::Roster => "指导员名册",
            SheetKind::Notes => "指导员工作记录",
            SheetKind::Manual => "考评打分",
        }
    }
    /// The fields of this layout, in header-claiming order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            SheetKind::Complaints => COMPLAINTS,
            SheetKind::Register => REGISTER,
            SheetKind::Duty => DUTY,
            SheetKind::Roster => ROSTER,
            SheetKind::Notes => NOTES,
            SheetKind::Manual => MANUAL,
        }
    }
}

/// Every input field of every layout. A key names the same thing wherever it appears
/// (`Company` is the complaint's company and the register's company).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Id,
    Received,
    Company,
    Community,
    Street,
    Category,
    Channel,
    Status,
    Closed,
    Satisfaction,
    Repeat,
    Escalated,
    Collective,
    Aliases,
    Households,
    Red,
    PartyOrg,
    Members,
    Unit,
    Year,
    Task,
    Dimension,
    Group,
    Weight,
    Target,
    Actual,
    Deadline,
    DoneOn,
    Evidence,
    Inspection,
    Instructor,
    Org,
    OrgType,
    Date,
    Method,
    Summary,
    Found,
    Solved,
    Progress,
    Subject,
    Indicator,
    Score,
    Full,
    State,
    Entered,
    Left,
    Remark,
    Rater,
    Completion,
}

impl Key {
    /// Number of keys (the size of a per-key index).
    pub const COUNT: usize = Key::Completion as usize + 1;
}

/// What a cell of the field must hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Type {
    Text,
    Date,
    Number,
    Year,
    /// 是/否 (or the words of its list: 有/无).
    Flag,
    /// One word of the field's closed list.
    Choice,
}

mod lists;
pub use lists::*;

/// 实地走访, the method the 同日多地 rule counts.
pub const ON_SITE: &str = METHOD.0[0].word;
/// 镇街 and 部门, the usual 单位类别.
pub const GROUP_STREET: &str = GROUP.0[0].word;
pub const GROUP_DEPARTMENT: &str = GROUP.0[1].word;

/// 是 or 否.
pub fn yes_no(b: bool) -> &'static str {
    YES_NO.word_of(b)
}

/// One field of a layout.
#[derive(Debug)]
pub struct Field {
    pub key: Key,
    /// Canonical header first, then aliases.
    pub names: &'static [&'static str],
    pub ty: Type,
    pub required: bool,
    /// Offices merge this field down over a group of rows (required and grouping fields).
    pub merged: bool,
    /// The closed list (for `Choice` and `Flag`), or the words a template offers.
    pub list: Option<&'static dyn List>,
    /// The template's note on the header; empty for plain 必填 / 选填.
    pub note: &'static str,
    /// The unit a number of this field may be written with (`1200户`), SPEC §1.10.
    pub unit: &'static str,
}

impl Field {
    /// The canonical header (`受理日期`), which messages use as the field's name.
    pub fn name(&self) -> &'static str {
        self.names[0]
    }
}

struct F(Field);

impl F {
    const fn new(key: Key, names: &'static [&'static str], ty: Type) -> F {
        F(Field {
            key,
            names,
            ty,
            required: false,
            merged: false,
            list: None,
            note: "",
            unit: "",
        })
    }
    const fn unit(mut self, u: &'static str) -> F {
        self.0.unit = u;
        self
    }
    /// Required; offices merge required fields down.
    const fn req(mut self) -> F {
        self.0.required = true;
        self.0.merged = true;
        self
    }
    const fn merged(mut self) -> F {
        self.0.merged = true;
        self
    }
    const fn list(mut self, l: &'static dyn List) -> F {
        self.0.list = Some(l);
        self
    }
    const fn note(mut self, n: &'static str) -> F {
        self.0.note = n;
        self
    }
    const fn done(self) -> Field {
        self.0
    }
}

use Key as K;
use Type as T;

pub const COMPLAINTS: &[Field] = &[
    F::new(K::Id, &["信访编号", "工单编号", "编号"], T::Text)
        .req()
        .note("信访编号/工单编号，全区唯一，必填")
        .done(),
    // 12345 platforms export date-times as 受理时间 / 办结时间 / 工单状态 (beyond SPEC's aliases)
    F::new(
        K::Received,
        &["受理日期", "登记日期", "来访日期", "受理时间", "登记时间"],
        T::Date,
    )
    .req()
    .note("受理日期，必填，如 2024-03-05")
    .done(),
    F::new(
        K::Company,
        &["物业企业", "物业公司", "物业服务企业"],
        T::Text,
    )
    .req()
    .note("物业企业全称或名录中的简称，必填")
    .done(),
    F::new(K::Community, &["小区", "小区名称"], T::Text)
        .merged()
        .done(),
    F::new(K::Street, &["街道", "所属街道", "镇街"], T::Text)
        .merged()
        .done(),
    F::new(K::Category, &["问题类别", "诉求类别"], T::Text)
        .merged()
        .done(),
    F::new(K::Channel, &["信访渠道", "来源", "渠道"], T::Text)
        .merged()
        .done(),
    F::new(K::Status, &["办理状态", "状态", "工单状态"], T::Choice)
        .req()
        .list(&STATUS)
        .note("办理状态，必填")
        .done(),
    F::new(
        K::Closed,
        &["办结日期", "完成日期", "办结时间", "完成时间"],
        T::Date,
    )
    .note("办结日期；状态为已办结时必填")
    .done(),
    F::new(K::Satisfaction, &["满意度", "回访结果"], T::Choice)
        .list(&SATISFACTION)
        .note("回访结果；空白视为未回访")
        .done(),
    F::new(K::Repeat, &["是否重复信访", "重复信访"], T::Flag)
        .list(&YES_NO)
        .note("是/否；空白视为否")
        .done(),
    F::new(K::Escalated, &["是否越级", "越级信访"], T::Flag)
        .list(&YES_NO)
        .note("是/否；空白视为否")
        .done(),
    F::new(K::Collective, &["是否集体访", "集体访"], T::Flag)
        .list(&YES_NO)
        .note("是/否；空白视为否")
        .done(),
];

pub const REGISTER: &[Field] = &[
    F::new(K::Company, &["企业名称", "物业企业"], T::Text)
        .req()
        .note("企业全称，必填")
        .done(),
    F::new(K::Aliases, &["简称", "别名"], T::Text)
        .note("简称，多个用顿号分隔")
        .done(),
    F::new(K::Street, &["所属街道", "街道"], T::Text)
        .merged()
        .done(),
    F::new(K::Households, &["管理户数", "服务户数"], T::Number)
        .req()
        .unit("户")
        .note("管理户数，大于 0，必填")
        .done(),
    F::new(K::Red, &["是否红色物业"], T::Flag)
        .list(&YES_NO)
        .note("是否红色物业；空白视为是")
        .done(),
    F::new(K::PartyOrg, &["党组织形式"], T::Choice)
        .list(&PARTY_ORG)
        .note("党组织形式；空白视为未组建")
        .done(),
    F::new(K::Members, &["党员人数"], T::Number)
        .unit("人")
        .done(),
    F::new(K::State, &["状态", "企业状态", "在管状态"], T::Choice)
        .list(&COMPANY_STATE)
        .note("在管 / 已撤出 / 已注销；空白视为在管")
        .done(),
    F::new(K::Entered, &["进驻日期", "入驻日期"], T::Date)
        .note("本年度新进驻的填进驻日期")
        .done(),
    F::new(K::Left, &["撤出日期", "退出日期"], T::Date)
        .note("已撤出的填撤出日期（不参评）")
        .done(),
    F::new(K::Remark, &["备注"], T::Text).done(),
];

pub const DUTY: &[Field] = &[
    F::new(K::Unit, &["成员单位", "责任单位"], T::Text)
        .req()
        .note("成员单位名称，必填")
        .done(),
    F::new(K::Year, &["年度", "考核年度"], T::Year)
        .req()
        .note("考核年度，如 2024，必填")
        .done(),
    F::new(K::Task, &["任务事项", "任务名称"], T::Text)
        .req()
        .done(),
    F::new(K::Dimension, &["考核维度", "类别"], T::Text)
        .merged()
        .done(),
    F::new(K::Group, &["单位类别"], T::Text)
        .merged()
        .list(&GROUP)
        .note("单位类别（可选，用于分组排名）")
        .done(),
    F::new(K::Weight, &["分值", "权重"], T::Number)
        .req()
        .unit("分")
        .note("分值，大于 0，必填")
        .done(),
    F::new(K::Target, &["目标值", "计划数"], T::Number).done(),
    F::new(K::Actual, &["完成值", "完成数"], T::Number).done(),
    F::new(K::Deadline, &["完成时限", "截止日期"], T::Date)
        .merged()
        .done(),
    F::new(K::DoneOn, &["实际完成日期", "完成日期"], T::Date).done(),
    F::new(
        K::Completion,
        &["完成情况", "完成状态", "是否完成"],
        T::Choice,
    )
    .list(&COMPLETION)
    .note("√ 已完成 / × 未完成 / ○ 部分完成")
    .done(),
    F::new(K::Evidence, &["佐证材料"], T::Flag)
        .list(&HAS)
        .note("佐证材料 有/无")
        .done(),
    F::new(K::Inspection, &["督查评价"], T::Choice)
        .list(&INSPECTION)
        .note("督查评价")
        .done(),
];

pub const ROSTER: &[Field] = &[
    F::new(K::Instructor, &["指导员", "姓名"], T::Text)
        .req()
        .done(),
    F::new(K::Unit, &["派出单位", "所属单位"], T::Text)
        .req()
        .done(),
    F::new(K::Org, &["联系组织", "服务对象"], T::Text)
        .req()
        .done(),
    F::new(K::OrgType, &["组织类型"], T::Text)
        .merged()
        .list(&ORG_TYPE)
        .note("组织类型")
        .done(),
];

pub const NOTES: &[Field] = &[
    F::new(K::Instructor, &["指导员", "姓名"], T::Text)
        .req()
        .done(),
    F::new(K::Unit, &["派出单位", "所属单位"], T::Text)
        .merged()
        .done(),
    F::new(K::Org, &["联系组织", "服务对象"], T::Text)
        .req()
        .done(),
    F::new(K::Date, &["日期", "走访日期"], T::Date)
        .req()
        .note("走访日期，必填")
        .done(),
    F::new(K::Method, &["方式"], T::Text)
        .merged()
        .list(&METHOD)
        .note("走访方式")
        .done(),
    F::new(K::Summary, &["内容摘要", "工作内容"], T::Text).done(),
    F::new(K::Found, &["发现问题数"], T::Number)
        .unit("个")
        .done(),
    F::new(K::Solved, &["解决问题数"], T::Number)
        .unit("个")
        .done(),
    F::new(K::Progress, &["组建进展"], T::Choice)
        .list(&PROGRESS)
        .note("组建进展")
        .done(),
];

pub const MANUAL: &[Field] = &[
    F::new(K::Subject, &["考核对象"], T::Text).req().done(),
    F::new(K::Indicator, &["指标"], T::Text).req().done(),
    F::new(K::Score, &["得分", "最后得分", "最终得分"], T::Number)
        .req()
        .unit("分")
        .note("得分；多位评委时可改为 评委1、评委2…… 各一列，或加一列评委、每位评委一行")
        .done(),
    F::new(K::Full, &["满分"], T::Number)
        .merged()
        .unit("分")
        .note("满分；空白视为 100")
        .done(),
    F::new(K::Rater, &["评委", "评分人", "打分人", "评委姓名"], T::Text).done(),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_layout_names_each_key_once_and_keeps_its_list() {
        for kind in SheetKind::ALL {
            let keys: HashSet<Key> = kind.fields().iter().map(|f| f.key).collect();
            assert_eq!(keys.len(), kind.fields().len(), "{kind:?}");
            for f in kind.fields() {
                assert!(matches!(f.ty, Type::Choice | Type::Flag) <= f.list.is_some());
                assert!(!f.required || f.merged, "{:?}", f.key);
            }
        }
    }

    #[test]
    fn closed_lists_find_words_and_their_other_forms() {
        assert_eq!(STATUS.find("办结"), Some(Status::Closed));
        assert_eq!(STATUS.find("在办"), Some(Status::InProgress));
        assert_eq!(STATUS.find("完成"), None);
        assert_eq!(SATISFACTION.find("非常满意"), Some(Satisfaction::Satisfied));
        assert_eq!(INSPECTION.value_of(Inspection::FairlyGood), 0.8);
        assert_eq!(PARTY_ORG.value_of(PartyOrg::Joint), 0.6);
        assert_eq!(STATUS.listing(), "已办结 / 办理中 / 未办理");
        assert_eq!(ON_SITE, "实地走访");
        assert_eq!(yes_no(true), "是");
        assert_eq!(YES_NO.find("×"), Some(false));
    }

    /// Issue 23: every word of every list, and every other way of writing it, parses to its
    /// own value — and the value's word is the word (no two words mean one thing).
    #[test]
    fn every_word_parses_to_its_value() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(l: &Closed<T>) -> usize {
            for x in l.0 {
                assert_eq!(l.find(x.word), Some(x.of), "{}", x.word);
                for a in x.also {
                    assert_eq!(l.find(a), Some(x.of), "{a}");
                }
                assert_eq!(l.word_of(x.of), x.word);
            }
            l.0.len()
        }
        let n = check(&STATUS)
            + check(&SATISFACTION)
            + check(&PARTY_ORG)
            + check(&INSPECTION)
            + check(&PROGRESS)
            + check(&YES_NO)
            + check(&HAS)
            + check(&COMPANY_STATE)
            + check(&COMPLETION);
        assert_eq!(n, 3 + 4 + 3 + 4 + 3 + 2 + 2 + 3 + 3);
    }
}
