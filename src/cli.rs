//! Command-line arguments (clap derive); the `///` comments are the `--help` text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// redeval — 年终考评引擎：读取台账，校验每一行，按细则评分，比较信访趋势，输出领导用的考评结果工作簿。
#[derive(Debug, Parser)]
#[command(name = "redeval", version, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats besides the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Xlsx,
    Csv,
    Json,
}

/// Language of sheet names and headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 完整运行：读取、校验、评分、趋势，写出考评结果工作簿
    Run(RunArgs),
    /// 只读取和校验台账，逐文件列出行数和问题；有被剔除的行时退出码为 1
    Check(CheckArgs),
    /// 只写信访趋势工作簿
    Trends(TrendsArgs),
    /// 解释某个企业、成员单位或指导员的得分，逐项列出
    Explain(ExplainArgs),
    /// 打印内置默认考核细则（TOML），或用 --out 写成可在 Excel 中修改的 考核细则.xlsx
    Rubric(RubricArgs),
    /// 生成空白台账模板（带表头说明和下拉选项）
    Template(TemplateArgs),
    /// 生成确定性的模拟数据集
    Sample(SampleArgs),
}

#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// 台账所在目录（递归读取；默认为内置示例数据 data/sample）
    #[arg(long, default_value = "data/sample")]
    pub input: PathBuf,
    /// 考评年度，2000–2100 的四位年份（默认：最近一个至少有三个月收到信访的年份）
    #[arg(long, value_parser = parse_year)]
    pub year: Option<i32>,
    /// 数据截至日期 YYYY-MM-DD（默认：输入中最晚的受理/办结/走访日期）
    #[arg(long)]
    pub as_of: Option<String>,
    /// 考核细则文件：.toml，或 .xlsx（redeval rubric --out 写出的，或任一份考评结果工作簿，读其中的“考核细则”表）；默认用内置细则
    #[arg(long)]
    pub rubric: Option<PathBuf>,
    /// 无法打开的工作簿列入数据问题并继续，而不是中止
    #[arg(long)]
    pub skip_bad_files: bool,
    /// 不显示进度条
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// 输出文件（默认 reports/{Y}年度考评结果.xlsx）
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// 有被剔除的行时，写完报告后以退出码 1 结束
    #[arg(long)]
    pub strict: bool,
    /// 另外写出机器可读的表格：xlsx（默认，只写工作簿）、csv 或 json
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: Format,
    /// 工作表名和表头的语言：zh（默认）或 en
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: Lang,
    /// 制表日期 YYYY-MM-DD（默认：运行当天；也可在细则 [report] date 中固定）
    #[arg(long, value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// 不生成考评结果通报（草稿）.docx
    #[arg(long)]
    pub no_notice: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, clap::Args)]
pub struct TrendsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// 输出文件（默认 reports/{Y}年度信访趋势.xlsx）
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// 企业、成员单位或指导员的名称（企业可用简称）
    pub name: String,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, clap::Args)]
pub struct RubricArgs {
    /// 写到文件：.xlsx（在 Excel 中修改，带下拉选项）或 .toml；不写则打印 TOML
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// 模板输出目录
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// 输出目录
    #[arg(long)]
    pub out: PathBuf,
    /// 随机种子
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// 年份范围，如 2022-2024
    #[arg(long, default_value = "2022-2024")]
    pub years: String,
    /// 信访量倍数（1000 约为一百万行）
    #[arg(long, default_value_t = 1)]
    pub scale: u32,
}

/// `--year`: a four-digit year between 2000 and 2100 (SPEC §1.8).
fn parse_year(s: &str) -> Result<i32, String> {
    let t = s.trim();
    match t.parse::<i32>() {
        Ok(y) if t.len() == 4 && (2000..=2100).contains(&y) => Ok(y),
        _ => Err(format!(
            "`{s}` 不是有效的考评年度：应为 2000 到 2100 之间的四位年份，如 2024"
        )),
    }
}

/// `--date`: a date in any of the forms the ledgers accept.
fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::vocab::parse_date_text(s)
        .ok_or_else(|| format!("`{s}` 不是有效日期：请写成 2024-12-31 这样的形式"))
}

/// True when the raw arguments ask for English (`--lang en` / `--lang=en`): help and usage
/// errors are then clap's own English.
pub fn wants_english(args: &[String]) -> bool {
    args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en")
        || args.iter().any(|a| a == "--lang=en")
}

const HELP_ZH: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command line with Chinese help (SPEC §6): headings, the help and version flags, and
/// the usage line; `english` keeps clap's English.
pub fn command(english: bool) -> clap::Command {
    use clap::CommandFactory;
    let cmd = Cli::command();
    if english {
        return cmd;
    }
    fn zh(c: clap::Command) -> clap::Command {
        let name = c.get_name().to_string();
        let positional: String = c
            .get_positionals()
            .map(|a| format!(" <{}>", value_name_zh(a.get_id().as_str())))
            .collect();
        let usage = if name == "redeval" {
            "redeval <命令> [选项]".to_string()
        } else {
            format!("redeval {name}{positional} [选项]")
        };
        c.help_template(HELP_ZH)
            .override_usage(usage)
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令")
            .mut_args(|a| {
                let id = a.get_id().to_string();
                let a = if a.get_action().takes_values() {
                    a.hide_default_value(true)
                        .hide_possible_values(true)
                        .value_name(value_name_zh(&id))
                } else {
                    a
                };
                if a.is_positional() {
                    a.help_heading("参数")
                } else {
                    a.help_heading("选项")
                }
            })
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("显示帮助")
                    .help_heading("选项"),
            )
            .mut_subcommands(zh)
    }
    zh(cmd)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        )
        .after_help("运行 `redeval 命令 --help` 查看每个命令的选项，例如 `redeval run --help`。")
}

/// A clap error in Chinese: what is wrong and what to do (SPEC §6).
pub fn error_zh(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    };
    let suggestion = {
        let s = get(ContextKind::SuggestedArg);
        let c = get(ContextKind::SuggestedSubcommand);
        let any = if s.is_empty() { c } else { s };
        if any.is_empty() {
            String::new()
        } else {
            format!("；你要找的是不是 `{any}`？")
        }
    };
    let what = match e.kind() {
        ErrorKind::UnknownArgument => {
            format!("不认识的参数 `{}`{suggestion}", get(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有 `{}` 这个命令{suggestion}（可用命令：run、check、trends、explain、rubric、template、sample）",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let arg = get(ContextKind::InvalidArg);
            let val = get(ContextKind::InvalidValue);
            if val.is_empty() {
                format!("参数 `{arg}` 后面缺少取值")
            } else if valid.is_empty() {
                format!("参数 `{arg}` 的取值 `{val}` 无效")
            } else {
                format!("参数 `{arg}` 的取值 `{val}` 无效，只能是：{valid}{suggestion}")
            }
        }
        ErrorKind::ValueValidation => {
            let arg = get(ContextKind::InvalidArg);
            match std::error::Error::source(e) {
                Some(src) => format!("参数 `{arg}`：{src}"),
                None => format!("参数 `{arg}` 的取值 `{}` 无效", get(ContextKind::InvalidValue)),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{}", get(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令：例如 `redeval run --input 台账文件夹`".to_string()
        }
        ErrorKind::ArgumentConflict => format!(
            "参数 `{}` 不能和 `{}` 一起使用",
            get(ContextKind::InvalidArg),
            get(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 `{}` 的取值个数不对", get(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidUtf8 => "命令行里有无法识别的字符（不是 UTF-8）".to_string(),
        _ => "命令行有误".to_string(),
    };
    format!("错误：{what}\n提示：运行 `redeval --help` 查看全部命令，`redeval run --help` 查看 run 的选项")
}

/// Chinese placeholders for argument values in help.
fn value_name_zh(id: &str) -> &'static str {
    match id {
        "input" => "文件夹",
        "year" => "年份",
        "as_of" | "date" => "日期",
        "rubric" => "细则文件",
        "out" => "输出",
        "format" => "格式",
        "lang" => "语言",
        "seed" => "种子",
        "years" => "年份范围",
        "scale" => "倍数",
        "name" => "名称",
        _ => "值",
    }
}
