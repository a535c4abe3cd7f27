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

/// Read a rubric from a grid of cell texts: `(1-based Excel row, cells)`; `sheet` names the
/// sheet in messages.
///
/// # Errors
/// [`RubricError`] whose `key` names the cell (`考核细则!E7`) and what it holds.
pub fn from_grid(rows: &[(u32, Vec<String>)], sheet: &str) -> Result<Rubric, RubricError> {
    let cell_err = |cell: String, msg: String| RubricError {
        line: 0,
        key: cell,
        msg,
    };
    let Some(hpos) = rows
        .iter()
        .position(|(_, r)| r.iter().any(|c| c == "考核类别") && r.iter().any(|c| c == "类型"))
    else {
        return Err(cell_err(
            format!("{sheet}!A1"),
            "找不到表头行（应有“考核类别”“类型”“指标”等列）".into(),
        ));
    };
    let head = &rows[hpos].1;
    let ci = |name: &str| head.iter().position(|h| h.trim() == name);
    let need = ["考核类别", "类型", "指标", "指标代码", "权重", "设置值"];
    for n in need {
        if ci(n).is_none() {
            return Err(cell_err(
                format!("{sheet}!{}", rows[hpos].0),
                format!("表头缺少“{n}”列"),
            ));
        }
    }
    let addr = |row: u32, name: &str| -> String {
        format!(
            "{sheet}!{}{row}",
            crate::vocab::col_letter(ci(name).unwrap_or(0) as u32)
        )
    };
    let get = |r: &Vec<String>, name: &str| -> String {
        ci(name)
            .and_then(|c| r.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let body: Vec<&(u32, Vec<String>)> = rows[hpos + 1..]
        .iter()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let mut toml = Toml {
        text: String::new(),
        origin: Vec::new(),
    };
    // common settings: top-level keys first, then [report], then [analysis]
    for table in ["", "report", "analysis"] {
        let mut header = false;
        for (row, r) in &body {
            if get(r, "考核类别") != COMMON || get(r, "类型") != "设置" {
                continue;
            }
            let name = get(r, "指标");
            let Some(&(_, tb, key, kind)) = COMMON_KEYS.iter().find(|k| k.0 == name) else {
                if table.is_empty() {
                    return Err(cell_err(
                        addr(*row, "指标"),
                        format!("不认识的通用设置“{name}”"),
                    ));
                }
                continue;
            };
            if tb != table {
                continue;
            }
            let v = get(r, "设置值");
            if v.is_empty() {
                continue;
            }
            if !table.is_empty() && !header {
                toml.line(format!("[{table}]"), None);
                header = true;
            }
            let value = match kind {
                Kind::Text => quote(&v),
                Kind::Int | Kind::Num => match num_of(&v) {
                    Some(x) if kind == Kind::Int && x.fract() == 0.0 => format!("{}", x as i64),
                    Some(x) if kind == Kind::Num => format!("{x:?}"),
                    _ => {
                        return Err(cell_err(
                            addr(*row, "设置值"),
                            format!("“{name}”应为数字，却是 `{v}`"),
                        ))
                    }
                },
            };
            toml.line(format!("{key} = {value}"), Some(addr(*row, "设置值")));
        }
    }
    // assessments, in order of first appearance
    let mut titles: Vec<String> = Vec::new();
    for (_, r) in &body {
        let title = get(r, "考核类别");
        if title != COMMON && !title.is_empty() && !titles.contains(&title) {
            titles.push(title);
        }
    }
    for title in &titles {
        let mine: Vec<&&(u32, Vec<String>)> = body
            .iter()
            .filter(|(_, r)| &get(r, "考核类别") == title)
            .collect();
        toml.line("[[assessment]]".into(), None);
        toml.line(format!("title = {}", quote(title)), None);
        let labels: Vec<(String, String)> = mine
            .iter()
            .filter(|(_, r)| matches!(get(r, "类型").as_str(), "指标" | "人工打分指标"))
            .map(|(_, r)| (get(r, "指标"), get(r, "指标代码")))
            .collect();
        for (row, r) in mine.iter().map(|x| (&x.0, &x.1)) {
            if get(r, "类型") != "设置" {
                continue;
            }
            let name = get(r, "指标");
            let v = get(r, "设置值");
            let at = Some(addr(*row, "设置值"));
            let bad =
                |what: &str| cell_err(addr(*row, "设置值"), format!("“{name}”{what}，却是 `{v}`"));
            let line = match name.as_str() {
                "考核对象" => format!(
                    "id = {}",
                    quote(match v.as_str() {
                        "红色物业企业" | "物业企业" => "company",
                        "成员单位" => "unit",
                        "党建指导员" | "指导员" => "instructor",
                        other => other,
                    })
                ),
                "计分方法" => format!(
                    "method = {}",
                    quote(match v.as_str() {
                        "加权求和" => "weighted_sum",
                        "TOPSIS" | "topsis" => "topsis",
                        other => other,
                    })
                ),
                "权重方式" => format!(
                    "weighting = {}",
                    quote(match v.as_str() {
                        "固定权重" => "fixed",
                        "熵权法" => "entropy",
                        other => other,
                    })
                ),
                "满分" => format!("scale = {:?}", num_of(&v).ok_or_else(|| bad("应为数字"))?),
                "等次" => {
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
                    format!("grades = [{}]", gs.join(", "))
                }
                "优秀比例上限" => {
                    if v.is_empty() {
                        continue;
                    }
                    format!(
                        "top_grade_quota = {:?}",
                        num_of(&v).ok_or_else(|| bad("应为 0 到 1 之间的数"))?
                    )
                }
                "同分比较" => {
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
                "排名方式" => format!(
                    "rank_style = {}",
                    quote(match v.as_str() {
                        "中国式排名" => "dense",
                        "竞争排名" => "competition",
                        other => other,
                    })
                ),
                "分组排名" => match v.as_str() {
                    "是" => "rank_within = \"group\"".to_string(),
                    "否" | "" => continue,
                    _ => return Err(bad("应为 是 或 否")),
                },
                _ => {
                    return Err(cell_err(
                        addr(*row, "指标"),
                        format!("不认识的设置“{name}”"),
                    ))
                }
            };
            toml.line(line, at);
        }
        for (row, r) in mine.iter().map(|x| (&x.0, &x.1)) {
            let kind = get(r, "类型");
            let num = |name: &str| -> Result<Option<String>, RubricError> {
                let v = get(r, name);
                if v.is_empty() {
                    return Ok(None);
                }
                num_of(&v).map(|x| Some(format!("{x:?}"))).ok_or_else(|| {
                    cell_err(addr(*row, name), format!("“{name}”应为数字，却是 `{v}`"))
                })
            };
            // the table header, metric and label every item row starts with
            let item = |toml: &mut Toml, table: &str| {
                toml.line(format!("[[assessment.{table}]]"), None);
                toml.line(
                    format!("metric = {}", quote(&get(r, "指标代码"))),
                    Some(addr(*row, "指标代码")),
                );
                toml.line(
                    format!("label = {}", quote(&get(r, "指标"))),
                    Some(addr(*row, "指标")),
                );
            };
            match kind.as_str() {
                "设置" => {}
                "指标" | "人工打分指标" => {
                    item(&mut toml, "indicator");
                    let w = num("权重")?
                        .ok_or_else(|| cell_err(addr(*row, "权重"), "权重为空".into()))?;
                    toml.line(format!("weight = {w}"), Some(addr(*row, "权重")));
                    if kind == "人工打分指标" {
                        toml.line("source = \"manual\"".into(), Some(addr(*row, "类型")));
                    }
                    let dir = match get(r, "方向").as_str() {
                        "越低越好" | "lower" => "lower",
                        "越高越好" | "higher" | "" => "higher",
                        other => {
                            return Err(cell_err(
                                addr(*row, "方向"),
                                format!("方向应为 越高越好 或 越低越好，却是 `{other}`"),
                            ))
                        }
                    };
                    toml.line(format!("direction = \"{dir}\""), Some(addr(*row, "方向")));
                    let norm = match get(r, "标准化方式").as_str() {
                        "目标值" | "target" => "target",
                        "最小最大" | "minmax" | "" => "minmax",
                        "名次" | "rank" => "rank",
                        other => {
                            return Err(cell_err(
                                addr(*row, "标准化方式"),
                                format!("标准化方式应为 目标值 / 最小最大 / 名次，却是 `{other}`"),
                            ))
                        }
                    };
                    toml.line(
                        format!("normalize = \"{norm}\""),
                        Some(addr(*row, "标准化方式")),
                    );
                    for (name, key) in [("好值", "good"), ("差值", "bad"), ("保底", "floor")]
                    {
                        if let Some(x) = num(name)? {
                            toml.line(format!("{key} = {x}"), Some(addr(*row, name)));
                        }
                    }
                }
                "加减分" => {
                    item(&mut toml, "adjust");
                    let p = num("分值")?
                        .ok_or_else(|| cell_err(addr(*row, "分值"), "分值为空".into()))?;
                    toml.line(format!("points = {p}"), Some(addr(*row, "分值")));
                    if let Some(l) = num("上限")? {
                        toml.line(format!("limit = {l}"), Some(addr(*row, "上限")));
                    }
                }
                "否决项" => {
                    item(&mut toml, "veto");
                    let a = num("阈值")?.unwrap_or_else(|| "0.0".into());
                    toml.line(format!("above = {a}"), Some(addr(*row, "阈值")));
                    toml.line(
                        format!("cap_grade = {}", quote(&get(r, "最高等次"))),
                        Some(addr(*row, "最高等次")),
                    );
                }
                other => {
                    return Err(cell_err(
                        addr(*row, "类型"),
                        format!(
                            "类型应为 设置 / 指标 / 人工打分指标 / 加减分 / 否决项，却是 `{other}`"
                        ),
                    ))
                }
            }
        }
    }
    Rubric::parse(&toml.text).map_err(|e| {
        let cell = e
            .line
            .checked_sub(1)
            .and_then(|l| toml.origin.get(l).cloned().flatten())
            .unwrap_or_else(|| format!("{sheet}（{}）", e.key));
        RubricError {
            line: 0,
            key: cell,
            msg: e.msg,
        }
    })
}
