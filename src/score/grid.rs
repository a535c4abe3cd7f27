//! A rubric read back from a grid of cells (SPEC §5), the other half of [`super::sheet`]: the
//! grid becomes the rubric's TOML, checked by the one [`Rubric::parse`]; an error names the
//! cell through the TOML line each cell became.

use super::rubric::{Rubric, RubricError};
use super::sheet::{Kind, COMMON, COMMON_KEYS};

/// TOML being built, remembering which cell each line came from.
struct Toml {
    text: String,
    origin: Vec<Option<String>>,
}

impl Toml {
    fn line(&mut self, s: String, cell: Option<String>) {
        self.text.push_str(&s);
        self.text.push('\n');
        self.origin.push(cell);
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn num_of(s: &str) -> Option<f64> {
    let t = s.trim().replace(['，', ','], "");
    match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok().map(|x| x / 100.0),
        None => t.parse::<f64>().ok(),
    }
}

type Row = (u32, Vec<String>);

impl Rubric {
    /// A rubric from a grid of cell texts (the 考核细则 sheet: `(1-based Excel row, cells)`).
    ///
    /// # Errors
    /// [`RubricError`] naming the cell.
    pub fn from_grid(rows: &[Row], sheet: &str) -> Result<Rubric, RubricError> {
        from_grid(rows, sheet)
    }
}

/// The grid below its header row, with the columns found by name.
struct Grid<'a> {
    sheet: &'a str,
    head: &'a [String],
    body: Vec<&'a Row>,
}

fn cell_err(cell: String, msg: String) -> RubricError {
    RubricError {
        line: 0,
        key: cell,
        msg,
    }
}

impl<'a> Grid<'a> {
    fn new(rows: &'a [Row], sheet: &'a str) -> Result<Self, RubricError> {
        let Some(hpos) = rows
            .iter()
            .position(|(_, r)| r.iter().any(|c| c == "考核类别") && r.iter().any(|c| c == "类型"))
        else {
            return Err(cell_err(
                format!("{sheet}!A1"),
                "找不到表头行（应有“考核类别”“类型”“指标”等列）".into(),
            ));
        };
        let g = Grid {
            sheet,
            head: &rows[hpos].1,
            body: rows[hpos + 1..]
                .iter()
                .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
                .collect(),
        };
        for n in ["考核类别", "类型", "指标", "指标代码", "权重", "设置值"] {
            if g.ci(n).is_none() {
                let at = format!("{sheet}!{}", rows[hpos].0);
                return Err(cell_err(at, format!("表头缺少“{n}”列")));
            }
        }
        Ok(g)
    }
    fn ci(&self, name: &str) -> Option<usize> {
        self.head.iter().position(|h| h.trim() == name)
    }
    /// `考核细则!E7`: the cell of column `name` in Excel row `row`.
    fn addr(&self, row: u32, name: &str) -> String {
        let col = crate::vocab::col_letter(self.ci(name).unwrap_or(0) as u32);
        format!("{}!{col}{row}", self.sheet)
    }
    fn get(&self, r: &[String], name: &str) -> String {
        self.ci(name)
            .and_then(|c| r.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    /// Common settings: top-level keys first, then `[report]`, then `[analysis]`.
    fn common(&self, toml: &mut Toml) -> Result<(), RubricError> {
        for table in ["", "report", "analysis", "manual"] {
            let mut header = false;
            for (row, r) in &self.body {
                if self.get(r, "考核类别") != COMMON || self.get(r, "类型") != "设置" {
                    continue;
                }
                let name = self.get(r, "指标");
                let Some(&(_, tb, key, kind)) = COMMON_KEYS.iter().find(|k| k.0 == name) else {
                    if table.is_empty() {
                        let msg = format!("不认识的通用设置“{name}”");
                        return Err(cell_err(self.addr(*row, "指标"), msg));
                    }
                    continue;
                };
                let v = self.get(r, "设置值");
                if tb != table || v.is_empty() {
                    continue;
                }
                if !table.is_empty() && !header {
                    toml.line(format!("[{table}]"), None);
                    header = true;
                }
                let value = match kind {
                    Kind::Text => quote(&v),
                    Kind::Int | Kind::Num => match num_of(&v) {
                        Some(x) if kind == Kind::Int && x.fract() == 0.0 => {
                            format!("{}", x as i64)
                        }
                        Some(x) if kind == Kind::Num => format!("{x:?}"),
                        _ => {
                            let msg = format!("“{name}”应为数字，却是 `{v}`");
                            return Err(cell_err(self.addr(*row, "设置值"), msg));
                        }
                    },
                };
                toml.line(format!("{key} = {value}"), Some(self.addr(*row, "设置值")));
            }
        }
        Ok(())
    }

    /// The assessments, in order of first appearance.
    fn titles(&self) -> Vec<String> {
        let mut titles: Vec<String> = Vec::new();
        for (_, r) in &self.body {
            let title = self.get(r, "考核类别");
            if title != COMMON && !title.is_empty() && !titles.contains(&title) {
                titles.push(title);
            }
        }
        titles
    }

    fn assessment(&self, title: &str, toml: &mut Toml) -> Result<(), RubricError> {
        let mine: Vec<&Row> = (self.body.iter().copied())
            .filter(|(_, r)| self.get(r, "考核类别") == title)
            .collect();
        toml.line("[[assessment]]".into(), None);
        toml.line(format!("title = {}", quote(title)), None);
        let labels: Vec<(String, String)> = mine
            .iter()
            .filter(|(_, r)| matches!(self.get(r, "类型").as_str(), "指标" | "人工打分指标"))
            .map(|(_, r)| (self.get(r, "指标"), self.get(r, "指标代码")))
            .collect();
        for (row, r) in &mine {
            if self.get(r, "类型") == "设置" {
                if let Some(line) = self.setting(*row, r, &labels)? {
                    toml.line(line, Some(self.addr(*row, "设置值")));
                }
            }
        }
        for (row, r) in &mine {
            self.item(*row, r, toml)?;
        }
        Ok(())
    }

    /// One 设置 row of an assessment as a TOML line (`None`: nothing to write).
    fn setting(
        &self,
        row: u32,
        r: &[String],
        labels: &[(String, String)],
    ) -> Result<Option<String>, RubricError> {
        let name = self.get(r, "指标");
        let v = self.get(r, "设置值");
        let bad = |what: &str| {
            cell_err(
                self.addr(row, "设置值"),
                format!("“{name}”{what}，却是 `{v}`"),
            )
        };
        let word = |key: &str, pairs: &[(&[&str], &'static str)]| {
            let x = pairs.iter().find(|(ws, _)| ws.contains(&v.as_str()));
            format!("{key} = {}", quote(x.map_or(v.as_str(), |p| p.1)))
        };
        Ok(Some(match name.as_str() {
            "考核对象" => word(
                "id",
                &[
                    (&["红色物业企业", "物业企业"], "company"),
                    (&["成员单位"], "unit"),
                    (&["党建指导员", "指导员"], "instructor"),
                ],
            ),
            "计分方法" => word(
                "method",
                &[
                    (&["加权求和"], "weighted_sum"),
                    (
                        &["逼近理想解法（TOPSIS）", "逼近理想解法", "TOPSIS", "topsis"],
                        "topsis",
                    ),
                ],
            ),
            "权重方式" => word(
                "weighting",
                &[(&["固定权重"], "fixed"), (&["熵权法"], "entropy")],
            ),
            "满分" => format!("scale = {:?}", num_of(&v).ok_or_else(|| bad("应为数字"))?),
            "等次" => grades(&v, &bad)?,
            "优秀比例上限" if v.is_empty() => return Ok(None),
            "优秀比例上限" => format!(
                "top_grade_quota = {:?}",
                num_of(&v).ok_or_else(|| bad("应为 0 到 1 之间的数"))?
            ),
            "同分比较" => tie_break(&v, labels),
            "排名方式" => word(
                "rank_style",
                &[(&["中国式排名"], "dense"), (&["竞争排名"], "competition")],
            ),
            "分组排名" if v.is_empty() => return Ok(None),
            "分组排名" => match crate::fields::YES_NO.find(&v) {
                Some(true) => "rank_within = \"group\"".to_string(),
                Some(false) => return Ok(None),
                None => return Err(bad("应为 是 或 否")),
            },
            _ => {
                let msg = format!("不认识的设置“{name}”");
                return Err(cell_err(self.addr(row, "指标"), msg));
            }
        }))
    }

    /// A number in column `name` of `r`, as TOML (`None` when blank).
    fn num(&self, row: u32, r: &[String], name: &str) -> Result<Option<String>, RubricError> {
        let v = self.get(r, name);
        if v.is_empty() {
            return Ok(None);
        }
        num_of(&v).map(|x| Some(format!("{x:?}"))).ok_or_else(|| {
            cell_err(
                self.addr(row, name),
                format!("“{name}”应为数字，却是 `{v}`"),
            )
        })
    }

    /// One indicator, adjust or veto row as its TOML table.
    fn item(&self, row: u32, r: &[String], toml: &mut Toml) -> Result<(), RubricError> {
        let kind = self.get(r, "类型");
        // the table header, metric and label every item row starts with
        let start = |toml: &mut Toml, table: &str| {
            toml.line(format!("[[assessment.{table}]]"), None);
            let metric = format!("metric = {}", quote(&self.get(r, "指标代码")));
            toml.line(metric, Some(self.addr(row, "指标代码")));
            let label = format!("label = {}", quote(&self.get(r, "指标")));
            toml.line(label, Some(self.addr(row, "指标")));
        };
        let required = |name: &str| {
            self.num(row, r, name)?
                .ok_or_else(|| cell_err(self.addr(row, name), format!("{name}为空")))
        };
        match kind.as_str() {
            "设置" => {}
            "指标" | "人工打分指标" => {
                start(toml, "indicator");
                let w = required("权重")?;
                toml.line(format!("weight = {w}"), Some(self.addr(row, "权重")));
                if kind == "人工打分指标" {
                    toml.line("source = \"manual\"".into(), Some(self.addr(row, "类型")));
                }
                self.indicator(row, r, toml)?;
            }
            "加减分" => {
                start(toml, "adjust");
                let p = required("分值")?;
                toml.line(format!("points = {p}"), Some(self.addr(row, "分值")));
                if let Some(l) = self.num(row, r, "上限")? {
                    toml.line(format!("limit = {l}"), Some(self.addr(row, "上限")));
                }
            }
            "否决项" => {
                start(toml, "veto");
                let a = self.num(row, r, "阈值")?.unwrap_or_else(|| "0.0".into());
                toml.line(format!("above = {a}"), Some(self.addr(row, "阈值")));
                let cap = format!("cap_grade = {}", quote(&self.get(r, "最高等次")));
                toml.line(cap, Some(self.addr(row, "最高等次")));
            }
            other => {
                let msg = format!(
                    "类型应为 设置 / 指标 / 人工打分指标 / 加减分 / 否决项，却是 `{other}`"
                );
                return Err(cell_err(self.addr(row, "类型"), msg));
            }
        }
        Ok(())
    }

    /// An indicator's direction, normalisation and its good / bad / floor values.
    fn indicator(&self, row: u32, r: &[String], toml: &mut Toml) -> Result<(), RubricError> {
        let dir = match self.get(r, "方向").as_str() {
            "越低越好" | "lower" => "lower",
            "越高越好" | "higher" | "" => "higher",
            other => {
                let msg = format!("方向应为 越高越好 或 越低越好，却是 `{other}`");
                return Err(cell_err(self.addr(row, "方向"), msg));
            }
        };
        toml.line(
            format!("direction = \"{dir}\""),
            Some(self.addr(row, "方向")),
        );
        let norm = match self.get(r, "标准化方式").as_str() {
            "目标值" | "target" => "target",
            "最小最大" | "minmax" | "" => "minmax",
            "名次" | "rank" => "rank",
            other => {
                let msg = format!("标准化方式应为 目标值 / 最小最大 / 名次，却是 `{other}`");
                return Err(cell_err(self.addr(row, "标准化方式"), msg));
            }
        };
        let at = Some(self.addr(row, "标准化方式"));
        toml.line(format!("normalize = \"{norm}\""), at);
        for (name, key) in [("好值", "good"), ("差值", "bad"), ("保底", "floor")] {
            if let Some(x) = self.num(row, r, name)? {
                toml.line(format!("{key} = {x}"), Some(self.addr(row, name)));
            }
        }
        Ok(())
    }
}

/// `优秀≥90，良好≥80` as the TOML `grades` line.
fn grades(v: &str, bad: &dyn Fn(&str) -> RubricError) -> Result<String, RubricError> {
    let mut gs = Vec::new();
    for part in v
        .split(['，', ',', '、', ';', '；'])
        .filter(|p| !p.trim().is_empty())
    {
        let (g, x) = part
            .split_once('≥')
            .or_else(|| part.split_once(">="))
            .ok_or_else(|| bad("应写成 优秀≥90，良好≥80 这样的形式"))?;
        let x = num_of(x).ok_or_else(|| bad("分数线应为数字"))?;
        gs.push(format!("[{}, {x:?}]", quote(g.trim())));
    }
    Ok(format!("grades = [{}]", gs.join(", ")))
}

/// `满意率、千户信访量` (labels or metric codes) as the TOML `tie_break` line.
fn tie_break(v: &str, labels: &[(String, String)]) -> String {
    let ms: Vec<String> = v
        .split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let code = labels
                .iter()
                .find(|(l, _)| l == p)
                .map_or(p.to_string(), |(_, c)| c.clone());
            quote(&code)
        })
        .collect();
    format!("tie_break = [{}]", ms.join(", "))
}

/// Read a rubric from a grid of cell texts: `(1-based Excel row, cells)`; `sheet` names the
/// sheet in messages.
///
/// # Errors
/// [`RubricError`] whose `key` names the cell (`考核细则!E7`) and what it holds.
pub fn from_grid(rows: &[Row], sheet: &str) -> Result<Rubric, RubricError> {
    let g = Grid::new(rows, sheet)?;
    let mut toml = Toml {
        text: String::new(),
        origin: Vec::new(),
    };
    g.common(&mut toml)?;
    for title in g.titles() {
        g.assessment(&title, &mut toml)?;
    }
    Rubric::parse(&toml.text).map_err(|e| {
        let cell = e
            .line
            .checked_sub(1)
            .and_then(|l| toml.origin.get(l).cloned().flatten())
            .unwrap_or_else(|| format!("{sheet}（{}）", e.key));
        cell_err(cell, e.msg)
    })
}
