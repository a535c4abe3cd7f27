//! The synthetic district behind `redeval sample`: companies, member units, tasks, names,
//! the heating-season profile and the closed lists used to fill the ledgers.

use crate::fields::{GROUP_DEPARTMENT, GROUP_STREET};
use crate::model::PartyOrg;

pub(super) struct Co {
    pub(super) name: &'static str,
    pub(super) alias: &'static str,
    pub(super) street: &'static str,
    pub(super) households: f64,
    pub(super) red: bool,
    pub(super) party: PartyOrg,
    pub(super) members: f64,
    /// 0 (poor) … 1 (excellent) handling quality.
    pub(super) quality: f64,
    /// yearly volume factor (0.85 = 15 % fewer complaints each year).
    pub(super) trend: f64,
    /// complaints per 1,000 households per year in the first year.
    pub(super) rate: f64,
}

pub(super) const COMPANIES: &[Co] = &[
    Co {
        name: "太平区安居物业服务有限公司",
        alias: "安居物业",
        street: "城南街道",
        households: 3200.0,
        red: true,
        party: PartyOrg::Own,
        members: 8.0,
        quality: 0.92,
        trend: 0.85,
        rate: 16.0,
    },
    Co {
        name: "阜新市康泰物业管理有限公司",
        alias: "康泰物业",
        street: "城北街道",
        households: 2400.0,
        red: true,
        party: PartyOrg::Own,
        members: 6.0,
        quality: 0.85,
        trend: 0.95,
        rate: 18.0,
    },
    Co {
        name: "太平区祥和物业服务有限公司",
        alias: "祥和物业",
        street: "东风街道",
        households: 1800.0,
        red: true,
        party: PartyOrg::Joint,
        members: 3.0,
        quality: 0.7,
        trend: 1.05,
        rate: 20.0,
    },
    Co {
        name: "阜新市福瑞物业服务有限公司",
        alias: "福瑞物业",
        street: "新华街道",
        households: 4100.0,
        red: true,
        party: PartyOrg::Own,
        members: 11.0,
        quality: 0.8,
        trend: 0.9,
        rate: 14.0,
    },
    Co {
        name: "太平区华泰物业管理有限公司",
        alias: "华泰物业",
        street: "城南街道",
        households: 1200.0,
        red: true,
        party: PartyOrg::Joint,
        members: 2.0,
        quality: 0.55,
        trend: 1.15,
        rate: 24.0,
    },
    Co {
        name: "阜新市金城物业服务有限公司",
        alias: "金城物业",
        street: "城北街道",
        households: 2900.0,
        red: true,
        party: PartyOrg::Own,
        members: 7.0,
        quality: 0.95,
        trend: 0.8,
        rate: 12.0,
    },
    Co {
        name: "太平区鑫源物业服务有限公司",
        alias: "鑫源物业",
        street: "东风街道",
        households: 950.0,
        red: true,
        party: PartyOrg::None,
        members: 1.0,
        quality: 0.45,
        trend: 1.1,
        rate: 28.0,
    },
    Co {
        name: "阜新市宏远物业管理有限公司",
        alias: "宏远物业",
        street: "新华街道",
        households: 3600.0,
        red: true,
        party: PartyOrg::Own,
        members: 9.0,
        quality: 0.75,
        trend: 1.0,
        rate: 17.0,
    },
    Co {
        name: "太平区和谐家园物业服务有限公司",
        alias: "和谐家园",
        street: "城南街道",
        households: 2100.0,
        red: true,
        party: PartyOrg::Joint,
        members: 4.0,
        quality: 0.65,
        trend: 0.92,
        rate: 19.0,
    },
    Co {
        name: "阜新市顺达物业服务有限公司",
        alias: "顺达物业",
        street: "东风街道",
        households: 1500.0,
        red: true,
        party: PartyOrg::Own,
        members: 5.0,
        quality: 0.88,
        trend: 0.97,
        rate: 15.0,
    },
    Co {
        name: "阜新市恒通物业服务有限公司",
        alias: "恒通物业",
        street: "城北街道",
        households: 2600.0,
        red: false,
        party: PartyOrg::None,
        members: 0.0,
        quality: 0.5,
        trend: 1.05,
        rate: 22.0,
    },
    Co {
        name: "太平区利民物业管理有限公司",
        alias: "利民物业",
        street: "新华街道",
        households: 800.0,
        red: false,
        party: PartyOrg::None,
        members: 0.0,
        quality: 0.6,
        trend: 1.0,
        rate: 21.0,
    },
];

/// Heating-season peaks: November to March.
pub(super) const SEASON: [f64; 12] = [
    1.7, 1.5, 1.2, 0.8, 0.6, 0.55, 0.55, 0.55, 0.6, 0.8, 1.4, 1.8,
];
pub(super) const CATEGORIES: &[&str] = &[
    "供暖",
    "维修",
    "收费",
    "环境卫生",
    "停车",
    "安保",
    "绿化",
    "电梯",
];
pub(super) const CHANNELS: &[&str] = &["12345热线", "来访", "来信", "网上信访"];
pub(super) const COMMUNITIES: &[&str] = &[
    "锦绣", "阳光", "幸福", "和平", "新城", "翠园", "东方", "富强",
];

/// (unit, category, quality); the last department sends instructors but has no duty rows in the
/// last year (it shows as 无考核数据).
pub(super) const UNITS: &[(&str, &str, f64)] = &[
    ("区住建局", GROUP_DEPARTMENT, 0.9),
    ("区市场监管局", GROUP_DEPARTMENT, 0.8),
    ("区民政局", GROUP_DEPARTMENT, 0.85),
    ("区教育局", GROUP_DEPARTMENT, 0.7),
    ("区城管局", GROUP_DEPARTMENT, 0.6),
    ("区信访局", GROUP_DEPARTMENT, 0.75),
    ("城南街道党工委", GROUP_STREET, 0.95),
    ("城北街道党工委", GROUP_STREET, 0.8),
    ("东风街道党工委", GROUP_STREET, 0.65),
    ("新华街道党工委", GROUP_STREET, 0.88),
    ("区司法局", GROUP_DEPARTMENT, 0.7),
];

pub(super) const TASKS: &[(&str, &str)] = &[
    ("组织建设", "指导红色物业党组织组建"),
    ("服务群众", "开展物业服务“三方联动”"),
    ("矛盾化解", "化解物业信访积案"),
    ("制度落实", "落实联席会议制度"),
    ("服务群众", "组织党员志愿服务"),
    ("组织建设", "培训物业企业党建指导员"),
];

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡",
];
pub(super) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平",
];
