//! `report list`: what the book would run.

use std::io::Write;
use std::path::Path;

use crate::plan::{Overrides, Plan};

/// Prints the experiments, seeds and grid.
pub fn run(book: &Path) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    let plan = Plan::load(book, &Overrides::default())?;
    let seeds = &plan.seeds;
    writeln!(
        out,
        "{}, seeds {}..={} ({} each), {}",
        super::counted(plan.experiments.len(), "experiment", "experiments"),
        seeds[0],
        seeds[seeds.len() - 1],
        seeds.len(),
        super::counted(plan.training.epochs, "epoch", "epochs")
    )?;
    for experiment in &plan.experiments {
        let layers: Vec<String> = experiment.layers.iter().map(ToString::to_string).collect();
        writeln!(out, "  {:<16} {}", experiment.id, layers.join(" -> "))?;
    }
    let stddevs: Vec<String> = plan.grid.stddevs.iter().map(ToString::to_string).collect();
    writeln!(
        out,
        "grid: {} placements x {} standard deviations x {} seeds",
        plan.grid.placements.len(),
        plan.grid.stddevs.len(),
        plan.grid.seeds.len()
    )?;
    for placement in &plan.grid.placements {
        writeln!(out, "  {:<16} {}", placement.id, placement.title)?;
    }
    writeln!(out, "  stddevs: {}", stddevs.join(", "))?;
    Ok(0)
}
