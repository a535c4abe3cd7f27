//! Thin binary: parse arguments, run, map the result to an exit code.

use clap::Parser;

fn main() {
    let cli = redeval::cli::Cli::parse();
    redeval::ingest::install_quiet_panic_hook();
    let code = match redeval::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误 (error): {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
