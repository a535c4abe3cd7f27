//! The closed lists (SPEC §1.1–1.10): each word with the other ways people write it, its value
//! where a metric uses one, and what it means — an enum value, a bool, or `()` for lists of
//! usual words kept as text. The enums live here beside their words.

/// One word of a closed list: the word written in templates and reports, the other ways
/// people write it, its value where a metric uses one, and what it means (`of`: an enum
/// value, a bool, or `()` for lists of usual words).
#[derive(Debug, PartialEq)]
pub struct Word<T: 'static> {
    pub word: &'static str,
    pub also: &'static [&'static str],
    pub value: f64,
    pub of: T,
}

const fn w<T>(word: &'static str, also: &'static [&'static str], value: f64, of: T) -> Word<T> {
    Word {
        word,
        also,
        value,
        of,
    }
}

/// A word of a list of usual words (kept as text).
const fn u(word: &'static str) -> Word<()> {
    w(word, &[], 0.0, ())
}

/// A closed list of words, each carrying what it means: `find` gives the value itself, so no
/// parallel array of enum values can fall out of step with the words (issue 23).
#[derive(Debug, PartialEq)]
pub struct Closed<T: 'static>(pub &'static [Word<T>]);

impl<T: Copy + PartialEq> Closed<T> {
    /// What the word `t` (or another way of writing it) means.
    pub fn find(&self, t: &str) -> Option<T> {
        self.0
            .iter()
            .find(|x| x.word == t || x.also.contains(&t))
            .map(|x| x.of)
    }
    /// The word at position `i`.
    pub fn word(&self, i: usize) -> &'static str {
        self.0[i].word
    }
    /// The word that means `v`.
    pub fn word_of(&self, v: T) -> &'static str {
        self.0.iter().find(|x| x.of == v).map_or("", |x| x.word)
    }
    /// The value of the word that means `v`.
    pub fn value_of(&self, v: T) -> f64 {
        self.0.iter().find(|x| x.of == v).map_or(0.0, |x| x.value)
    }
}

/// Any closed list, for what needs only its words (templates, messages, usual-word checks).
pub trait List: Sync + std::fmt::Debug {
    /// The words, in order.
    fn words(&self) -> Vec<&'static str>;
    /// True when `t` is one of the words or another way of writing one.
    fn has(&self, t: &str) -> bool;
    /// `已办结 / 办理中 / 未办理`: the words as a message lists them.
    fn listing(&self) -> String {
        self.words().join(" / ")
    }
    /// The word whose value is closest to `x` (a metric's value back to its word: 党组织建设
    /// 0.6 → 联合组建); `None` for an empty list or a value that is not a number.
    fn word_near(&self, x: f64) -> Option<&'static str>;
}

impl<T: Sync + std::fmt::Debug> List for Closed<T> {
    fn words(&self) -> Vec<&'static str> {
        self.0.iter().map(|x| x.word).collect()
    }
    fn has(&self, t: &str) -> bool {
        self.0.iter().any(|x| x.word == t || x.also.contains(&t))
    }
    fn word_near(&self, x: f64) -> Option<&'static str> {
        if x.is_nan() {
            return None;
        }
        self.0
            .iter()
            .min_by(|a, b| (a.value - x).abs().total_cmp(&(b.value - x).abs()))
            .map(|w| w.word)
    }
}

/// 办理状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Closed,
    InProgress,
    NotStarted,
}

/// 满意度 (回访结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Satisfaction {
    Satisfied,
    Basic,
    Unsatisfied,
    NotVisited,
}

/// 党组织形式.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyOrg {
    Own,
    Joint,
    None,
}

/// 督查评价.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inspection {
    Good,
    FairlyGood,
    Average,
    Poor,
}

/// 组建进展.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Established,
    InProgress,
    NotStarted,
}

/// 状态 of a register entry (SPEC §1.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyState {
    Active,
    Left,
    Cancelled,
}

/// 完成情况 of a duty task (SPEC §1.10): √ / × / ○.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Done,
    NotDone,
    Half,
}

/// 办理状态.
pub const STATUS: Closed<Status> = Closed(&[
    w("已办结", &["办结", "已完成"], 1.0, Status::Closed),
    w("办理中", &["在办"], 0.0, Status::InProgress),
    w("未办理", &["未办"], 0.0, Status::NotStarted),
]);
/// 满意度; blank is 未回访.
pub const SATISFACTION: Closed<Satisfaction> = Closed(&[
    w(
        "满意",
        &["非常满意", "比较满意"],
        1.0,
        Satisfaction::Satisfied,
    ),
    w("基本满意", &["一般"], 1.0, Satisfaction::Basic),
    w("不满意", &["非常不满意"], 0.0, Satisfaction::Unsatisfied),
    w("未回访", &[], 0.0, Satisfaction::NotVisited),
]);
/// 党组织形式, valued by the `party_org` metric.
pub const PARTY_ORG: Closed<PartyOrg> = Closed(&[
    w("单独组建", &[], 1.0, PartyOrg::Own),
    w("联合组建", &[], 0.6, PartyOrg::Joint),
    w("未组建", &[], 0.0, PartyOrg::None),
]);
/// 督查评价, valued by `inspection_score`.
pub const INSPECTION: Closed<Inspection> = Closed(&[
    w("好", &[], 1.0, Inspection::Good),
    w("较好", &[], 0.8, Inspection::FairlyGood),
    w("一般", &[], 0.6, Inspection::Average),
    w("差", &[], 0.2, Inspection::Poor),
]);
/// 组建进展.
pub const PROGRESS: Closed<Progress> = Closed(&[
    w("已建立", &[], 1.0, Progress::Established),
    w("推进中", &[], 0.0, Progress::InProgress),
    w("未启动", &[], 0.0, Progress::NotStarted),
]);
/// 组织类型 (kept as text; another word is kept with a warning).
pub const ORG_TYPE: Closed<()> = Closed(&[u("新经济组织"), u("新社会组织"), u("新业态")]);
/// 走访方式 (kept as text; another word is kept with a warning).
pub const METHOD: Closed<()> = Closed(&[u("实地走访"), u("电话联系"), u("线上指导"), u("座谈")]);
/// 单位类别: the usual groups (free text; the template offers these).
pub const GROUP: Closed<()> = Closed(&[u("镇街"), u("部门")]);
/// Yes / no.
pub const YES_NO: Closed<bool> = Closed(&[
    w(
        "是",
        &["y", "yes", "true", "1", "√", "✓", "✔", "对"],
        1.0,
        true,
    ),
    w(
        "否",
        &["n", "no", "false", "0", "×", "✗", "✘", "x", "错"],
        0.0,
        false,
    ),
]);
/// 状态 of a register entry (SPEC §1.10 "A company's year").
pub const COMPANY_STATE: Closed<CompanyState> = Closed(&[
    w("在管", &["正常", "在营", "在册"], 1.0, CompanyState::Active),
    w(
        "已撤出",
        &["撤出", "已退出", "退出"],
        0.0,
        CompanyState::Left,
    ),
    w("已注销", &["注销"], 0.0, CompanyState::Cancelled),
]);
/// 完成情况 of a duty task, valued as its completion (SPEC §1.10).
pub const COMPLETION: Closed<Mark> = Closed(&[
    w(
        "已完成",
        &["√", "✓", "✔", "☑", "是", "完成"],
        1.0,
        Mark::Done,
    ),
    w(
        "未完成",
        &["×", "✗", "✘", "否", "x", "X"],
        0.0,
        Mark::NotDone,
    ),
    w(
        "部分完成",
        &["○", "◯", "〇", "推进中", "进行中"],
        0.5,
        Mark::Half,
    ),
]);
/// Words in a register's 备注 that say the company left (SPEC §1.10).
pub const LEFT_WORDS: &[&str] = &["撤出", "退出", "注销", "停业", "解聘"];
/// 佐证材料: has / has not.
pub const HAS: Closed<bool> = Closed(&[w("有", &[], 1.0, true), w("无", &[], 0.0, false)]);
