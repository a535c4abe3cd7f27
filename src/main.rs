//! Thin binary: parse arguments (help and usage errors in Chinese unless `--lang en`), run,
//! map the result to an exit code.

use clap::FromArgMatches;
use redeval::error::ExitCode;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let english = redeval::cli::wants_english(&args);
    let matches = match redeval::cli::command(english).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            use clap::error::ErrorKind;
            let code = match e.kind() {
                // --help and --version are not errors
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    ExitCode::Success
                }
                _ if english => {
                    let _ = e.print();
                    ExitCode::Error
                }
                _ => {
                    eprintln!("{}", redeval::cli::error_zh(&e));
                    ExitCode::Error
                }
            };
            std::process::exit(code.code());
        }
    };
    let cli = match redeval::cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", redeval::cli::error_zh(&e));
            std::process::exit(ExitCode::Error.code());
        }
    };
    redeval::ingest::install_quiet_panic_hook();
    let code = match redeval::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(&e)
        }
    };
    redeval::timing::stage("exit", std::time::Instant::now());
    std::process::exit(code.code());
}
