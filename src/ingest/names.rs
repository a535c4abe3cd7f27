//! Company names in complaints → the register (SPEC §1.2, §1.7): full names and aliases
//! first; then a written name without its longest company suffix, contained in exactly one
//! registered full name or alias (`已匹配`); otherwise unmatched, with likely companies named.

use crate::model::*;
use std::collections::HashMap;

/// Maps every complaint's company name
/// to the register; unknown companies are kept (for trends) with a warning.
/// `later`: rows whose id was seen before (their names are resolved too, for the duplicate
/// rule; their lines come from [`super::duplicates`]).
/// Returns the hints (likely companies) for the names left unmatched, for
/// [`unmatched_lines`] once duplicates are settled.
pub fn resolve_companies(ds: &mut Dataset, later: &[(u32, Complaint)]) -> Hints {
    let mut names: HashMap<String, u32> = HashMap::new();
    for (i, c) in ds.records.companies.iter().enumerate() {
        names.entry(c.name.clone()).or_insert(i as u32);
    }
    let mut alias_issues = Vec::new();
    for (i, c) in ds.records.companies.iter().enumerate() {
        for a in &c.aliases {
            match names.get(a) {
                None => {
                    names.insert(a.clone(), i as u32);
                }
                Some(&j) if j as usize != i => {
                    let f = &ds.files[c.place.file as usize];
                    alias_issues.push(Issue {
                        place: Some(c.place),
                        file: f.path.clone(),
                        sheet: f.sheets[c.place.sheet as usize].name.clone(),
                        row: c.place.row,
                        column: "简称".into(),
                        value: a.clone(),
                        problem: format!(
                            "简称与「{}」重复，已按后者匹配",
                            ds.records.companies[j as usize].name
                        ),
                        action: Action::Kept,
                    });
                }
                _ => {}
            }
        }
    }
    ds.issues.extend(alias_issues);
    // Only the few distinct company names written in complaints need resolving.
    // (the first row of each, indexed by symbol: one pass over the complaints)
    let mut first: Vec<Option<Place>> = vec![None; ds.pool.len()];
    for c in ds
        .records
        .complaints
        .iter()
        .chain(later.iter().map(|(_, c)| c))
    {
        first[c.company.index()].get_or_insert(c.place);
    }
    let mut index = rustc_hash::FxHashMap::default();
    for sym in (0..first.len()).filter(|&s| first[s].is_some()) {
        if let Some(&i) = names.get(ds.pool.get(Sym::at(sym))) {
            index.insert(Sym::at(sym), i);
        }
    }
    ds.company_index = index;
    if ds.records.companies.is_empty() {
        if !ds.records.complaints.is_empty() {
            ds.notices.push(
                "没有读到物业企业名录：信访记录只用于趋势分析，红色物业考评无法计算；请把物业企业名录放进台账文件夹".into(),
            );
        }
        return Hints::new();
    }
    match_by_containment(ds, &first)
}

/// Likely companies per written name that matched none.
pub type Hints = HashMap<Sym, String>;

/// Suffixes dropped from a written company name before containment matching, longest first
/// (SPEC §1.7).
const SUFFIXES: &[&str] = &[
    "物业服务有限公司",
    "物业管理有限公司",
    "物业有限公司",
    "有限公司",
    "物业服务",
    "物业管理",
    "公司",
    "物业",
];

/// The written name without its longest trailing suffix; `None` when fewer than two
/// characters would remain.
pub fn name_core(s: &str) -> Option<&str> {
    let core = SUFFIXES
        .iter()
        .find_map(|suf| s.strip_suffix(suf))
        .unwrap_or(s);
    (core.chars().count() >= 2).then_some(core)
}

/// Registered companies whose full name or an alias contains `core`.
fn containing(companies: &[Company], core: &str) -> Vec<usize> {
    companies
        .iter()
        .enumerate()
        .filter(|(_, c)| c.name.contains(core) || c.aliases.iter().any(|a| a.contains(core)))
        .map(|(i, _)| i)
        .collect()
}

/// Up to three registered companies a written name most likely means: the containing ones
/// when there are several, else the closest by edit distance between the names' cores.
pub fn likely_companies(companies: &[Company], written: &str) -> Vec<String> {
    let core = name_core(written).unwrap_or(written);
    let hits = containing(companies, core);
    if hits.len() > 1 {
        return hits
            .iter()
            .take(3)
            .map(|&i| companies[i].name.clone())
            .collect();
    }
    let mut scored: Vec<(f64, usize)> = companies
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let best = std::iter::once(&c.name)
                .chain(&c.aliases)
                .map(|n| strsim::normalized_levenshtein(core, name_core(n).unwrap_or(n)))
                .fold(0.0, f64::max);
            (best, i)
        })
        .filter(|(s, _)| *s >= 0.34)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .iter()
        .take(3)
        .map(|&(_, i)| companies[i].name.clone())
        .collect()
}

/// SPEC §1.7: a written name that is neither a full name nor an alias matches the one
/// company containing its core (one `已匹配` line at its first row); otherwise the complaint
/// stays unmatched and each of its rows gets a line with likely companies.
fn match_by_containment(ds: &mut Dataset, first: &[Option<Place>]) -> Hints {
    // names not resolved yet, in symbol order, each with its first row
    let first_row: Vec<(Sym, Place)> = (0..first.len())
        .map(Sym::at)
        .filter_map(|s| first[s.index()].map(|p| (s, p)))
        .filter(|(s, _)| !ds.company_index.contains_key(s))
        .collect();
    let mut hints: HashMap<Sym, String> = HashMap::new();
    for &(sym, place) in &first_row {
        let written = ds.pool.get(sym).to_string();
        let hits = name_core(&written)
            .map_or_else(Vec::new, |core| containing(&ds.records.companies, core));
        if let [i] = hits[..] {
            ds.company_index.insert(sym, i as u32);
            let f = &ds.files[place.file as usize];
            let problem = format!(
                "名录中没有这个名称，按名称包含关系匹配到「{}」，请核对",
                ds.records.companies[i].name
            );
            ds.issues.push(Issue {
                place: Some(place),
                file: f.path.clone(),
                sheet: f.sheets[place.sheet as usize].name.clone(),
                row: place.row,
                column: "物业企业".into(),
                value: written,
                problem,
                action: Action::Matched,
            });
        } else {
            let likely = likely_companies(&ds.records.companies, &written);
            let hint = if likely.is_empty() {
                String::new()
            } else {
                format!("；可能是：{}", likely.join("、"))
            };
            hints.insert(sym, hint);
        }
    }
    hints
}

/// One line per complaint whose company matched no registered one (SPEC §1.2): kept for the
/// trends, not scored. Called once duplicates are settled, so a rejected row gets no line.
pub fn unmatched_lines(ds: &mut Dataset, hints: &Hints) {
    if ds.records.companies.is_empty() {
        return;
    }
    let mut known = vec![false; ds.pool.len()];
    for &sym in ds.company_index.keys() {
        known[sym.index()] = true;
    }
    let mut unknown = Vec::new();
    for c in &ds.records.complaints {
        if !known[c.company.index()] {
            unknown.push((c.place, c.company));
        }
    }
    for (p, s) in unknown {
        let f = &ds.files[p.file as usize];
        ds.issues.push(Issue {
            place: Some(p),
            file: f.path.clone(),
            sheet: f.sheets[p.sheet as usize].name.clone(),
            row: p.row,
            column: "物业企业".into(),
            value: ds.pool.get(s).to_string(),
            problem: format!(
                "未在名录中的物业企业：计入趋势分析，不参与考评{}",
                hints.get(&s).map_or("", |h| h.as_str())
            ),
            action: Action::Kept,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company(name: &str, aliases: &[&str]) -> Company {
        Company {
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..crate::testkit::register_entry(name)
        }
    }

    #[test]
    fn suffixes_are_dropped_longest_first() {
        assert_eq!(name_core("和谐家园物业服务有限公司"), Some("和谐家园"));
        assert_eq!(name_core("和谐家园物业"), Some("和谐家园"));
        assert_eq!(name_core("和谐家园"), Some("和谐家园"));
        assert_eq!(name_core("安居有限公司"), Some("安居"));
        assert_eq!(name_core("甲物业"), None, "one character left");
        assert_eq!(name_core("物业"), None);
    }

    #[test]
    fn containment_and_likely_names() {
        let cs = vec![
            company("太平区和谐家园物业服务有限公司", &[]),
            company("阜新安居物业管理有限公司", &["安居物业"]),
            company("太平区安居乐业物业有限公司", &[]),
        ];
        assert_eq!(containing(&cs, name_core("和谐家园物业").unwrap()), vec![0]);
        // 安居 is in two names: no match, both suggested
        assert_eq!(containing(&cs, "安居"), vec![1, 2]);
        assert_eq!(
            likely_companies(&cs, "安居公司"),
            vec!["阜新安居物业管理有限公司", "太平区安居乐业物业有限公司"]
        );
        // a near spelling is suggested by edit distance
        assert_eq!(
            likely_companies(&cs, "和谐佳园物业")[0],
            "太平区和谐家园物业服务有限公司"
        );
        assert!(likely_companies(&cs, "完全无关的名字").is_empty());
    }
}
