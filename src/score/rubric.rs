//! The rubric (SPEC §3): TOML read with serde, checked, and resolved into [`Rubric`].
//! Errors name the key and the line of the offending value.

pub use super::error::RubricError;
use crate::metrics::AssessmentKind;
use serde::Deserialize;
use toml::Spanned;

/// The embedded default rubric (SPEC §3.1).
pub const DEFAULT_RUBRIC: &str = include_str!("default_rubric.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    handling_days: Option<Spanned<i64>>,
    report: Option<ReportFile>,
    analysis: Option<super::settings::AnalysisFile>,
    #[serde(default)]
    assessment: Vec<AssessmentFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile {
    org: Option<String>,
    org_short: Option<String>,
    date: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentFile {
    id: Spanned<String>,
    title: Option<String>,
    method: Option<Spanned<String>>,
    weighting: Option<Spanned<String>>,
    scale: Option<Spanned<f64>>,
    grades: Option<Spanned<Vec<(String, f64)>>>,
    top_grade_quota: Option<Spanned<f64>>,
    #[serde(default)]
    tie_break: Vec<Spanned<String>>,
    rank_style: Option<Spanned<String>>,
    rank_within: Option<Spanned<String>>,
    #[serde(default)]
    indicator: Vec<IndicatorFile>,
    #[serde(default)]
    veto: Vec<VetoFile>,
    #[serde(default)]
    adjust: Vec<AdjustFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorFile {
    metric: Spanned<String>,
    label: Option<String>,
    weight: Spanned<f64>,
    direction: Option<Spanned<String>>,
    normalize: Option<Spanned<String>>,
    good: Option<f64>,
    bad: Option<f64>,
    floor: Option<Spanned<f64>>,
    source: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VetoFile {
    metric: Spanned<String>,
    above: f64,
    cap_grade: Spanned<String>,
    label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdjustFile {
    metric: Spanned<String>,
    label: Option<String>,
    points: f64,
    limit: Option<Spanned<f64>>,
}

/// How values become v ∈ [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Normalize {
    MinMax,
    Target { good: f64, bad: f64 },
    Rank,
}

/// How indicators combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    WeightedSum,
    Topsis,
}

/// Dense (1,2,2,3) or competition (1,2,2,4) ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankStyle {
    Dense,
    Competition,
}

/// One scored indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub metric: String,
    pub label: String,
    pub weight: f64,
    /// True: higher is better.
    pub higher: bool,
    pub normalize: Normalize,
    pub floor: Option<f64>,
    /// `source = "manual"`: the value comes from 考评打分 (指标 = `metric`).
    pub manual: bool,
}

/// A veto: value > `above` caps the grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Veto {
    pub metric: String,
    pub above: f64,
    pub cap_grade: String,
    pub label: String,
}

/// A bonus / deduction item.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjust {
    pub metric: String,
    pub label: String,
    pub points: f64,
    pub limit: Option<f64>,
}

/// One assessment of the rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub kind: AssessmentKind,
    pub title: String,
    pub method: Method,
    pub entropy: bool,
    pub scale: f64,
    /// Grades, best first, with descending thresholds.
    pub grades: Vec<(String, f64)>,
    pub top_grade_quota: Option<f64>,
    pub tie_break: Vec<String>,
    pub rank_style: RankStyle,
    /// Rank within each entity group (street / 单位类别 / 派出单位).
    pub rank_within_group: bool,
    pub indicators: Vec<Indicator>,
    pub vetoes: Vec<Veto>,
    pub adjusts: Vec<Adjust>,
}

/// The `[report]` table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportSettings {
    pub org: String,
    pub org_short: String,
    pub date: Option<chrono::NaiveDate>,
}

/// A checked rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub handling_days: i64,
    pub report: ReportSettings,
    pub analysis: super::settings::AnalysisSettings,
    pub assessments: Vec<Assessment>,
    /// The TOML text it was read from (for 考核细则 and its SHA-256).
    pub source: String,
}

fn line_of(src: &str, span: std::ops::Range<usize>) -> usize {
    src[..span.start.min(src.len())].matches('\n').count() + 1
}

impl Rubric {
    /// The embedded default.
    pub fn default_rubric() -> Rubric {
        match Rubric::parse(DEFAULT_RUBRIC) {
            Ok(r) => r,
            Err(e) => panic!("the embedded default rubric is invalid: {e}"),
        }
    }

    /// The assessment for `kind`, if the rubric has one.
    pub fn assessment(&self, kind: AssessmentKind) -> Option<&Assessment> {
        self.assessments.iter().find(|a| a.kind == kind)
    }

    /// Parse and check a rubric.
    ///
    /// # Errors
    /// [`RubricError`] naming the key and line: TOML syntax, unknown keys, unknown metrics,
    /// non-positive weights, thresholds out of order, a veto capping to an unknown grade.
    pub fn parse(src: &str) -> Result<Rubric, RubricError> {
        let file: RubricFile = toml::from_str(src).map_err(|e| RubricError {
            line: e.span().map(|s| line_of(src, s)).unwrap_or(0),
            key: e
                .span()
                .map(|s| src[s].chars().take(40).collect())
                .unwrap_or_default(),
            msg: e.message().to_string(),
        })?;
        let err = |span: std::ops::Range<usize>, key: &str, msg: String| RubricError {
            line: line_of(src, span),
            key: key.to_string(),
            msg,
        };
        let handling_days = match &file.handling_days {
            Some(h) if *h.get_ref() <= 0 => {
                return Err(err(h.span(), "handling_days", "办理时限应为正整数".into()))
            }
            Some(h) => *h.get_ref(),
            None => 15,
        };
        let report = match file.report {
            Some(r) => ReportSettings {
                org: r.org.unwrap_or_default(),
                org_short: r.org_short.unwrap_or_default(),
                date: match r.date {
                    Some(d) => Some(
                        crate::vocab::parse_date_text(d.get_ref())
                            .ok_or_else(|| err(d.span(), "report.date", "不是有效日期".into()))?,
                    ),
                    None => None,
                },
            },
            None => ReportSettings::default(),
        };
        let analysis = super::settings::analysis(file.analysis.as_ref(), &err)?;
        let mut assessments = Vec::new();
        for a in file.assessment {
            let kind = AssessmentKind::parse(a.id.get_ref()).ok_or_else(|| {
                err(
                    a.id.span(),
                    "id",
                    format!(
                        "未知的考核类别 `{}`（应为 company / unit / instructor）",
                        a.id.get_ref()
                    ),
                )
            })?;
            if assessments.iter().any(|x: &Assessment| x.kind == kind) {
                return Err(err(
                    a.id.span(),
                    "id",
                    format!("考核类别 `{}` 重复", a.id.get_ref()),
                ));
            }
            let known = kind.metrics();
            let method = match a.method.as_ref().map(|m| (m.get_ref().as_str(), m.span())) {
                None | Some(("weighted_sum", _)) => Method::WeightedSum,
                Some(("topsis", _)) => Method::Topsis,
                Some((m, s)) => {
                    return Err(err(
                        s,
                        "method",
                        format!("未知的方法 `{m}`（应为 weighted_sum / topsis）"),
                    ))
                }
            };
            let entropy = match a
                .weighting
                .as_ref()
                .map(|m| (m.get_ref().as_str(), m.span()))
            {
                None | Some(("fixed", _)) => false,
                Some(("entropy", _)) => true,
                Some((m, s)) => {
                    return Err(err(
                        s,
                        "weighting",
                        format!("未知的赋权方式 `{m}`（应为 fixed / entropy）"),
                    ))
                }
            };
            let scale = match &a.scale {
                Some(s) if *s.get_ref() <= 0.0 => {
                    return Err(err(s.span(), "scale", "满分应为正数".into()))
                }
                Some(s) => *s.get_ref(),
                None => 100.0,
            };
            let grades = match &a.grades {
                Some(g) => {
                    let v = g.get_ref().clone();
                    if v.is_empty() {
                        return Err(err(g.span(), "grades", "等次不能为空".into()));
                    }
                    if v.windows(2).any(|w| w[1].1 >= w[0].1) {
                        return Err(err(
                            g.span(),
                            "grades",
                            "等次分数线应从高到低严格递减".into(),
                        ));
                    }
                    v
                }
                None => vec![
                    ("优秀".into(), 90.0),
                    ("良好".into(), 80.0),
                    ("合格".into(), 60.0),
                    ("不合格".into(), 0.0),
                ],
            };
            let top_grade_quota = match &a.top_grade_quota {
                Some(q) if !(0.0..=1.0).contains(q.get_ref()) => {
                    return Err(err(q.span(), "top_grade_quota", "应在 0 到 1 之间".into()))
                }
                q => q.as_ref().map(|q| *q.get_ref()),
            };
            let rank_style = match a
                .rank_style
                .as_ref()
                .map(|m| (m.get_ref().as_str(), m.span()))
            {
                None | Some(("dense", _)) => RankStyle::Dense,
                Some(("competition", _)) => RankStyle::Competition,
                Some((m, s)) => {
                    return Err(err(
                        s,
                        "rank_style",
                        format!("未知的排名方式 `{m}`（应为 dense / competition）"),
                    ))
                }
            };
            let rank_within_group = match &a.rank_within {
                None => false,
                Some(r)
                    if ["street", "group", "单位类别", "派出单位", "所属街道"]
                        .contains(&r.get_ref().as_str()) =>
                {
                    true
                }
                Some(r) => {
                    return Err(err(
                        r.span(),
                        "rank_within",
                        format!("未知的分组 `{}`（应为 street / group）", r.get_ref()),
                    ))
                }
            };
            let mut indicators = Vec::new();
            for i in a.indicator {
                let manual = match &i.source {
                    None => false,
                    Some(s) if s.get_ref() == "manual" => true,
                    Some(s) if s.get_ref() == "metric" => false,
                    Some(s) => {
                        return Err(err(
                            s.span(),
                            "source",
                            format!("未知的来源 `{}`（应为 manual）", s.get_ref()),
                        ))
                    }
                };
                if !manual && !known.contains(&i.metric.get_ref().as_str()) {
                    return Err(err(
                        i.metric.span(),
                        "metric",
                        format!(
                            "未知的指标 `{}`；可用：{}",
                            i.metric.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
                if i.weight.get_ref().is_nan() || *i.weight.get_ref() <= 0.0 {
                    return Err(err(i.weight.span(), "weight", "权重应为正数".into()));
                }
                let higher = match i
                    .direction
                    .as_ref()
                    .map(|m| (m.get_ref().as_str(), m.span()))
                {
                    None | Some(("higher", _)) => true,
                    Some(("lower", _)) => false,
                    Some((m, s)) => {
                        return Err(err(
                            s,
                            "direction",
                            format!("未知的方向 `{m}`（应为 higher / lower）"),
                        ))
                    }
                };
                let normalize = match i
                    .normalize
                    .as_ref()
                    .map(|m| (m.get_ref().as_str(), m.span()))
                {
                    None | Some(("minmax", _)) => Normalize::MinMax,
                    Some(("rank", _)) => Normalize::Rank,
                    Some(("target", s)) => match (i.good, i.bad) {
                        (Some(good), Some(bad)) if good != bad => Normalize::Target { good, bad },
                        _ => {
                            return Err(err(
                                s,
                                "normalize",
                                "target 需要不相等的 good 和 bad".into(),
                            ))
                        }
                    },
                    Some((m, s)) => {
                        return Err(err(
                            s,
                            "normalize",
                            format!("未知的标准化方式 `{m}`（应为 minmax / target / rank）"),
                        ))
                    }
                };
                let floor = match &i.floor {
                    Some(f) if !(0.0..=1.0).contains(f.get_ref()) => {
                        return Err(err(f.span(), "floor", "保底值应在 0 到 1 之间".into()))
                    }
                    f => f.as_ref().map(|f| *f.get_ref()),
                };
                indicators.push(Indicator {
                    label: i.label.unwrap_or_else(|| i.metric.get_ref().clone()),
                    metric: i.metric.into_inner(),
                    weight: i.weight.into_inner(),
                    higher,
                    normalize,
                    floor,
                    manual,
                });
            }
            if indicators.is_empty() {
                return Err(err(a.id.span(), "indicator", "考核没有任何指标".into()));
            }
            let mut tie_break = Vec::new();
            for t in a.tie_break {
                if !known.contains(&t.get_ref().as_str())
                    && !indicators.iter().any(|i| &i.metric == t.get_ref())
                {
                    return Err(err(
                        t.span(),
                        "tie_break",
                        format!("未知的指标 `{}`", t.get_ref()),
                    ));
                }
                tie_break.push(t.into_inner());
            }
            let mut vetoes = Vec::new();
            for v in a.veto {
                if !known.contains(&v.metric.get_ref().as_str()) {
                    return Err(err(
                        v.metric.span(),
                        "metric",
                        format!("未知的指标 `{}`", v.metric.get_ref()),
                    ));
                }
                if !grades.iter().any(|(g, _)| g == v.cap_grade.get_ref()) {
                    return Err(err(
                        v.cap_grade.span(),
                        "cap_grade",
                        format!("未知的等次 `{}`", v.cap_grade.get_ref()),
                    ));
                }
                vetoes.push(Veto {
                    label: v
                        .label
                        .unwrap_or_else(|| format!("{} > {}", v.metric.get_ref(), v.above)),
                    metric: v.metric.into_inner(),
                    above: v.above,
                    cap_grade: v.cap_grade.into_inner(),
                });
            }
            let mut adjusts = Vec::new();
            for j in a.adjust {
                if !known.contains(&j.metric.get_ref().as_str()) {
                    return Err(err(
                        j.metric.span(),
                        "metric",
                        format!("未知的指标 `{}`", j.metric.get_ref()),
                    ));
                }
                if let Some(l) = &j.limit {
                    if *l.get_ref() < 0.0 {
                        return Err(err(l.span(), "limit", "上限应为非负数".into()));
                    }
                }
                adjusts.push(Adjust {
                    label: j.label.unwrap_or_else(|| j.metric.get_ref().clone()),
                    metric: j.metric.into_inner(),
                    points: j.points,
                    limit: j.limit.map(|l| l.into_inner()),
                });
            }
            assessments.push(Assessment {
                kind,
                title: a.title.unwrap_or_else(|| a.id.get_ref().clone()),
                method,
                entropy,
                scale,
                grades,
                top_grade_quota,
                tie_break,
                rank_style,
                rank_within_group,
                indicators,
                vetoes,
                adjusts,
            });
        }
        Ok(Rubric {
            handling_days,
            report,
            analysis,
            assessments,
            source: src.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rubric_matches_spec() {
        let r = Rubric::default_rubric();
        assert_eq!(r.handling_days, 15);
        assert_eq!(r.assessments.len(), 3);
        let c = r.assessment(AssessmentKind::Company).unwrap();
        let w: Vec<f64> = c.indicators.iter().map(|i| i.weight).collect();
        assert_eq!(w, [25.0, 15.0, 20.0, 20.0, 10.0, 10.0]);
        assert_eq!(c.indicators[3].floor, Some(0.5));
        assert_eq!(
            c.indicators[1].normalize,
            Normalize::Target {
                good: -0.2,
                bad: 0.2
            }
        );
        assert_eq!(c.vetoes[0].cap_grade, "合格");
        assert_eq!(c.adjusts[0].points, -2.0);
        assert_eq!(c.top_grade_quota, Some(0.2));
        let i = r.assessment(AssessmentKind::Instructor).unwrap();
        assert_eq!(i.adjusts[0].limit, Some(6.0));
    }

    fn bad(src: &str) -> RubricError {
        Rubric::parse(src).unwrap_err()
    }

    #[test]
    fn errors_name_key_and_line() {
        let e = bad("[[assessment]]\nid = \"company\"\n[[assessment.indicator]]\nmetric = \"nonsense\"\nweight = 1\n");
        assert_eq!((e.line, e.key.as_str()), (4, "metric"));
        assert!(e.msg.contains("nonsense"));
        let e = bad("[[assessment]]\nid = \"company\"\n[[assessment.indicator]]\nmetric = \"complaints\"\nweight = 0\n");
        assert_eq!((e.line, e.key.as_str()), (5, "weight"));
        let e = bad("[[assessment]]\nid = \"unit\"\ngrades = [[\"优秀\", 80], [\"良好\", 90]]\n[[assessment.indicator]]\nmetric = \"tasks\"\nweight = 1\n");
        assert_eq!((e.line, e.key.as_str()), (3, "grades"));
        let e = bad("[[assessment]]\nid = \"company\"\n[[assessment.indicator]]\nmetric = \"complaints\"\nweight = 1\n[[assessment.veto]]\nmetric = \"collective\"\nabove = 0\ncap_grade = \"特优\"\n");
        assert_eq!((e.line, e.key.as_str()), (9, "cap_grade"));
        let e = bad("handling_days = 15\nunknown_key = 3\n");
        assert_eq!(e.line, 2);
        let e = bad("[[assessment]]\nid = \"firm\"\n");
        assert_eq!((e.line, e.key.as_str()), (2, "id"));
    }
}
