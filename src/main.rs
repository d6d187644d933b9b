//! `report`: reruns the Gaussian-noise tutorial and writes its report.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use noise_report::cmd::{self, Cli};
use noise_report::error::exit_status;

fn main() -> ExitCode {
    let cli = Cli::parse();
    cmd::init_logging(cli.quiet);
    match cmd::dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`report dataset | head`) is the reader's choice, not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Not eprintln!: a closed standard error must not turn the
            // status into a panic's.
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "error: {error}");
            for cause in error.chain().skip(1) {
                let _ = writeln!(stderr, "  caused by: {cause}");
            }
            ExitCode::from(exit_status(&error) as u8)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
