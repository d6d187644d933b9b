//! `report list`: what the book would run.

use std::path::Path;

use crate::plan::{Overrides, Plan};

/// Prints the experiments, seeds and grid.
pub fn run(book: &Path) -> anyhow::Result<u8> {
    let plan = Plan::load(book, &Overrides::default())?;
    let seeds = &plan.seeds;
    println!(
        "{} experiments, seeds {}..={} ({} each), {} epochs",
        plan.experiments.len(),
        seeds[0],
        seeds[seeds.len() - 1],
        seeds.len(),
        plan.training.epochs
    );
    for experiment in &plan.experiments {
        let layers: Vec<String> = experiment.layers.iter().map(ToString::to_string).collect();
        println!("  {:<16} {}", experiment.id, layers.join(" -> "));
    }
    let stddevs: Vec<String> = plan.grid.stddevs.iter().map(ToString::to_string).collect();
    println!(
        "grid: {} placements x {} standard deviations x {} seeds",
        plan.grid.placements.len(),
        plan.grid.stddevs.len(),
        plan.grid.seeds.len()
    );
    for placement in &plan.grid.placements {
        println!("  {:<16} {}", placement.id, placement.title);
    }
    println!("  stddevs: {}", stddevs.join(", "));
    Ok(0)
}
