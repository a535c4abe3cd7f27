//! The report's fixed words: sheet names and header translations, for `--lang zh` (the
//! default) and `--lang en`.

/// Language of fixed texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// The sheets of the leadership workbook, in SPEC order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Overview,
    Company,
    Unit,
    Instructor,
    Trends,
    Details,
    Rubric,
    Issues,
    Flags,
    RunInfo,
}

impl Sheet {
    /// The sheet's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => SHEETS_ZH[self as usize],
            Lang::En => SHEETS_EN[self as usize],
        }
    }
}

/// The sheet names in order (SPEC §5).
pub const SHEETS_ZH: [&str; 10] = [
    "总览",
    "红色物业考评",
    "成员单位考核",
    "指导员履职",
    "信访趋势",
    "评分明细",
    "考核细则",
    "数据问题",
    "异常提示",
    "运行信息",
];

const SHEETS_EN: [&str; 10] = [
    "Overview",
    "Red property companies",
    "Member units",
    "Instructors",
    "Complaint trends",
    "Score details",
    "Rubric",
    "Data issues",
    "Second look",
    "Run info",
];

const DICT: &[(&str, &str)] = &[
    ("排名", "Rank"),
    ("企业名称", "Company"),
    ("成员单位", "Member unit"),
    ("指导员", "Instructor"),
    ("所属街道", "Street"),
    ("单位类别", "Unit type"),
    ("派出单位", "Sending unit"),
    ("总分", "Total"),
    ("等次", "Grade"),
    ("备注", "Remarks"),
    ("上年排名", "Last year's rank"),
    ("名次变化", "Rank change"),
    ("名次区间", "Rank range"),
    ("变化原因", "Why it moved"),
    ("上年得分", "Last year's points"),
    ("得分变化", "Points change"),
    ("类型", "Type"),
    ("依据", "Basis"),
    ("建议", "What to check"),
    ("年份", "Year"),
    ("合计", "Total"),
    ("同比", "YoY"),
    ("考核类别", "Assessment"),
    ("对象", "Entity"),
    ("指标", "Indicator"),
    ("原始值", "Raw value"),
    ("标准化值", "Normalised"),
    ("权重", "Weight"),
    ("得分", "Points"),
    ("文件", "File"),
    ("工作表", "Sheet"),
    ("行号", "Row"),
    ("列", "Column"),
    ("值", "Value"),
    ("问题", "Problem"),
    ("处理", "Action"),
    ("项目", "Item"),
    ("内容", "Value"),
    ("读取行数", "Rows read"),
    ("接受行数", "Rows accepted"),
    ("剔除行数", "Rows rejected"),
    ("识别的工作表", "Sheets recognised"),
    ("上年同期", "Previous (same period)"),
    ("本年", "This year"),
    ("增减", "Change"),
    ("物业企业", "Company"),
    ("街道", "Street"),
    ("问题类别", "Category"),
    ("信访渠道", "Channel"),
    ("信访量", "Complaints"),
    ("办结率", "Closure rate"),
    ("按期办结率", "On-time rate"),
    ("满意率", "Satisfaction rate"),
    ("检验", "Test"),
    ("趋势", "Trend"),
    ("Sen 斜率（件/月）", "Sen slope (per month)"),
    ("p 值", "p"),
    ("Z 值", "z"),
    ("Kendall τ", "Tau"),
    ("检验统计量 S", "s"),
    ("方差", "var_s"),
    ("截距", "Intercept"),
    ("指标代码", "Metric"),
    ("方向", "Direction"),
    ("标准化方式", "Normalisation"),
    ("细则权重", "Rubric weight"),
    ("实际权重", "Weight used"),
    ("保底", "Floor"),
    ("好值", "Good"),
    ("差值", "Bad"),
    ("等次", "Grade"),
    ("数量", "Count"),
];

/// Translate a fixed header (unknown texts pass through).
pub fn tr(lang: Lang, zh: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => DICT
            .iter()
            .find(|(z, _)| *z == zh)
            .map_or(zh.to_string(), |(_, e)| e.to_string()),
    }
}

/// An indicator's column label: the rubric label (with its unit where given), or the metric's
/// code in English.
pub fn indicator_label(lang: Lang, label: &str, metric: &str) -> String {
    match lang {
        Lang::Zh => label.to_string(),
        Lang::En => metric.to_string(),
    }
}
