//! Thin binary: parse arguments, run, map the result to an exit code.

use clap::Parser;

fn main() {
    let cli = redeval::cli::Cli::parse();
    let code = match redeval::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误 (error): {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
