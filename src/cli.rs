//! Command-line arguments (clap derive); the `///` comments are the `--help` text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// redeval — 年终考评引擎：读取台账，校验每一行，按细则评分，比较信访趋势，输出领导用的考评结果工作簿。
#[derive(Debug, Parser)]
#[command(name = "redeval", version, about, long_about = None)]
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
    /// 完整运行：读取、校验、评分、趋势，写出考评结果工作簿 (the main job)
    Run(RunArgs),
    /// 只读取和校验台账，逐文件列出行数和问题；有被剔除的行时退出码为 1
    Check(CheckArgs),
    /// 只写信访趋势工作簿
    Trends(TrendsArgs),
    /// 解释某个企业、成员单位或指导员的得分，逐项列出
    Explain(ExplainArgs),
    /// 打印内置默认考核细则 (TOML)
    Rubric,
    /// 生成空白台账模板（带表头说明和下拉选项）
    Template(TemplateArgs),
    /// 生成确定性的模拟数据集
    Sample(SampleArgs),
}

#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// 台账所在目录（递归读取） input folder
    #[arg(long, default_value = "data/sample")]
    pub input: PathBuf,
    /// 考评年度，2000–2100 的四位年份（默认：最近一个至少有三个月收到信访的年份） evaluation year
    #[arg(long, value_parser = parse_year)]
    pub year: Option<i32>,
    /// 数据截至日期 YYYY-MM-DD（默认：输入中最晚的受理/办结/走访日期）
    #[arg(long)]
    pub as_of: Option<String>,
    /// 考核细则文件 (TOML)；默认用内置细则
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
    /// 另外写出机器可读的表格 (csv / json)
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: Format,
    /// 工作表名和表头的语言
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: Lang,
    /// 制表日期 YYYY-MM-DD（默认：运行当天；也可在细则 [report] date 中固定）
    #[arg(long, value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
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
    crate::ingest::cell::parse_date_text(s)
        .ok_or_else(|| format!("`{s}` 不是有效日期：请写成 2024-12-31 这样的形式"))
}
