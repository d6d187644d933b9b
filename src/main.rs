//! `report`: reruns the Gaussian-noise tutorial and writes its report.

use std::process::ExitCode;

use clap::Parser;
use noise_report::cmd::{self, Cli};
use noise_report::error::exit_status;

fn main() -> ExitCode {
    let cli = Cli::parse();
    cmd::init_logging(cli.quiet);
    match cmd::dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(exit_status(&error) as u8)
        }
    }
}
