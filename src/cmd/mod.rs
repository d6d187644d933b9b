//! The command line: one file per subcommand, and the dispatch.

mod build;
mod dataset;
mod list;
mod run;
mod verify;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::plan::{Overrides, Plan};

/// Reruns the experiments of the Gaussian-noise regularisation tutorial and
/// writes a reproducible report.
#[derive(Debug, Parser)]
#[command(name = "report", version, about, long_about = None)]
pub struct Cli {
    /// The book folder: report.toml, SUMMARY.md and the chapters.
    #[arg(long, global = true, default_value = "book", value_name = "DIR")]
    pub book: PathBuf,
    /// Print only results and errors: no progress bar, no milestones.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train one experiment once and print its final accuracy.
    Run(run::RunArgs),
    /// Print the two-circles dataset as CSV (scikit-learn's make_circles).
    Dataset(dataset::DatasetArgs),
    /// List the experiments, the seeds and the noise grid of the book.
    List,
    /// Run the whole plan and write the report site.
    Build(build::BuildArgs),
    /// Check, claim by claim, whether our results match the tutorial.
    Verify(verify::VerifyArgs),
}

/// Narrowings of the plan shared by `build` and `verify`.
#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    /// Seeds per experiment and per grid point, instead of the book's.
    #[arg(long, value_name = "N")]
    pub repeats: Option<usize>,
    /// Epochs per run, instead of the book's.
    #[arg(long, value_name = "N")]
    pub epochs: Option<usize>,
    /// Only these experiments (comma-separated ids).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub only: Option<Vec<String>>,
    /// Worker threads, from 1 to 256 [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Ignore cached runs and train everything again.
    #[arg(long)]
    pub fresh: bool,
    /// Where trained runs are cached.
    #[arg(long, value_name = "DIR", default_value = ".report-cache")]
    pub cache: PathBuf,
}

impl PlanArgs {
    /// Worker threads; 0 lets the pool take one per core.
    fn jobs(&self) -> usize {
        self.jobs.map_or(0, usize::from)
    }

    fn overrides(&self) -> Overrides {
        Overrides {
            repeats: self.repeats,
            epochs: self.epochs,
            only: self.only.clone(),
        }
    }

    fn load(&self, book: &std::path::Path) -> anyhow::Result<Plan> {
        Ok(Plan::load(book, &self.overrides())?)
    }
}

/// `n` and the noun, singular when `n` is 1: `1 epoch`, `2 epochs`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Runs the command; the result is the exit status.
pub fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Run(args) => run::run(&cli.book, &args),
        Command::Dataset(args) => dataset::run(&args),
        Command::List => list::run(&cli.book),
        Command::Build(args) => build::run(&cli.book, &args, cli.quiet),
        Command::Verify(args) => verify::run(&cli.book, &args, cli.quiet),
    }
}

/// Logs go to standard error without timestamps; `RUST_LOG` filters them
/// (default `info`, or `warn` with `--quiet`).
pub fn init_logging(quiet: bool) {
    let default = if quiet { "warn" } else { "info" };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default))
        .format_timestamp(None)
        .format_target(false)
        .init();
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
