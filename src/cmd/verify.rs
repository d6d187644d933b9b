//! `report verify`: the tutorial's numbers and claims against ours, and
//! reproducibility against an earlier `results.json`.

use std::path::{Path, PathBuf};

use std::io::Write;

use clap::Args;

use super::PlanArgs;
use super::build::compute;
use crate::error::CheckFailed;
use crate::reproduce::{compare_canonical, load_reference};
use crate::verify::verify;

/// Arguments of `report verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Instead of the claims: retrain the canonical run (seed 0) of every
    /// experiment and compare it bit for bit with this `results.json` of an
    /// earlier build (final metrics and the whole history; the other seeds
    /// and the statistics are not retrained).
    #[arg(long, value_name = "FILE")]
    pub against: Option<PathBuf>,
    /// Print the verdicts as JSON.
    #[arg(long)]
    pub json: bool,
    /// Which runs, and how.
    #[command(flatten)]
    pub plan: PlanArgs,
}

/// Prints the verification table; exit status 1 if anything failed.
pub fn run(book: &Path, args: &VerifyArgs, quiet: bool) -> anyhow::Result<u8> {
    let plan = args.plan.load(book)?;
    if let Some(path) = &args.against {
        let reference = load_reference(path, &plan)?;
        let differences = compare_canonical(&plan, &reference, args.plan.jobs())?;
        let mut report = String::new();
        if args.json {
            report = serde_json::to_string_pretty(&differences)? + "\n";
        } else {
            for difference in &differences {
                report += &format!("{difference}\n");
            }
            report += &format!(
                "{} from {}\n",
                super::counted(differences.len(), "difference", "differences"),
                path.display()
            );
        }
        print_verdicts(&report)?;
        if differences.is_empty() {
            return Ok(0);
        }
        let message = format!(
            "{} from {}",
            super::counted(differences.len(), "value differs", "values differ"),
            path.display()
        );
        return Err(CheckFailed(message).into());
    }

    let results = compute(&plan, &args.plan, quiet)?;
    let verification = verify(&plan, &results);
    let report = if args.json {
        serde_json::to_string_pretty(&verification)? + "\n"
    } else {
        verification.to_table()
    };
    print_verdicts(&report)?;
    if verification.is_success() {
        return Ok(0);
    }
    let failing: Vec<&str> = verification
        .rows
        .iter()
        .filter(|r| !r.verdict.is_pass())
        .map(|r| r.id.as_str())
        .collect();
    Err(CheckFailed(format!("verification failed: {}", failing.join(", "))).into())
}

/// Prints `text` on standard output. A reader that closes the pipe early
/// (`report verify | head -3`) has seen what it wanted, but the exit status
/// must still be the verdicts', so a closed pipe is not an error here.
fn print_verdicts(text: &str) -> std::io::Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
