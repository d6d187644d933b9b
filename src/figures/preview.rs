//! Realistic example figures, for the tests and for looking at.
//!
//! `cargo test figures::preview -- --ignored` writes one SVG per family to
//! `/tmp/figures-preview/`; convert them with `rsvg-convert` or a browser
//! to check the layout by eye. The data imitate the tutorial's results with
//! closed-form formulas, no random numbers.

use super::{
    AxisRange, AxisScale, BandPoint, Category, DecisionSurface, Distribution, FigureSize,
    LabelledPoint, LineChart, LineSeries, ProbabilityGrid, ReferenceLine, ScatterDataset, Split,
};
use super::{
    render_decision_surface, render_distribution, render_line_chart, render_scatter_dataset,
};

/// A deterministic stand-in for noise in `-1..1`.
fn wobble(index: usize, salt: f64) -> f64 {
    ((index as f64 * 12.9898 + salt * 78.233).sin() * 43_758.545_3).fract()
}

/// Per-epoch train and test accuracy of one overfitting run, 4000 epochs.
pub(crate) fn accuracy_history() -> LineChart {
    let epochs = 1..=4000usize;
    let train = epochs
        .clone()
        .map(|epoch| {
            let t = epoch as f64;
            (
                t,
                (1.0 - 0.45 * (-t / 300.0).exp() + 0.01 * wobble(epoch, 1.0)).min(1.0),
            )
        })
        .collect();
    let test = epochs
        .map(|epoch| {
            let t = epoch as f64;
            let rise = 0.78 - 0.3 * (-t / 250.0).exp();
            (t, rise - 0.03 * (t / 4000.0) + 0.012 * wobble(epoch, 2.0))
        })
        .collect();

    let mut chart = LineChart::new("Accuracy per epoch, no noise", "epoch", "accuracy");
    chart.y_range = AxisRange::Fixed { min: 0.0, max: 1.0 };
    chart.series = vec![
        LineSeries::new("train", train),
        LineSeries::new("test", test),
    ];
    chart.reference_lines = vec![ReferenceLine {
        label: "published test 0.750".to_string(),
        y: 0.75,
        hue: None,
    }];
    chart
}

/// Test accuracy against noise standard deviation for three placements,
/// with a ±1 sd band over seeds.
pub(crate) fn noise_sweep() -> LineChart {
    let deviations = [0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];
    let placements = [
        "input",
        "hidden, before activation",
        "hidden, after activation",
    ];

    let series = placements
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let accuracy = |sd: f64| 0.76 + 0.08 * (sd / (0.1 + 0.05 * index as f64)).min(1.0);
            let points = deviations.iter().map(|sd| (*sd, accuracy(*sd))).collect();
            let band = deviations
                .iter()
                .map(|sd| BandPoint {
                    x: *sd,
                    lower: accuracy(*sd) - 0.02,
                    upper: accuracy(*sd) + 0.02,
                })
                .collect();
            LineSeries {
                band,
                show_markers: true,
                ..LineSeries::new(name, points)
            }
        })
        .collect();

    let mut chart = LineChart::new(
        "Test accuracy against noise standard deviation",
        "noise standard deviation",
        "mean test accuracy",
    );
    chart.x_scale = AxisScale::Log;
    chart.series = series;
    chart
}

/// Two concentric noisy circles, 30 training and 70 test points.
pub(crate) fn two_circles() -> Vec<LabelledPoint> {
    (0..100)
        .map(|index| {
            let class = index % 2;
            let radius = if class == 0 { 1.0 } else { 0.5 };
            let angle = index as f64 * 2.399_963;
            LabelledPoint {
                x: radius * angle.cos() + 0.1 * wobble(index, 3.0),
                y: radius * angle.sin() + 0.1 * wobble(index, 4.0),
                class,
                split: if index < 30 {
                    Split::Train
                } else {
                    Split::Test
                },
            }
        })
        .collect()
}

/// The two-circles data set as a scatter plot.
pub(crate) fn dataset() -> ScatterDataset {
    ScatterDataset {
        title: "Two circles: 30 training and 70 test points".to_string(),
        x_label: "x₁".to_string(),
        y_label: "x₂".to_string(),
        points: two_circles(),
        class_names: vec!["outer circle".to_string(), "inner circle".to_string()],
        size: FigureSize::default(),
    }
}

/// An 80 x 80 decision surface of a ring-shaped classifier.
pub(crate) fn surface() -> DecisionSurface {
    let (columns, rows) = (80, 80);
    let probabilities = (0..rows)
        .flat_map(|row| (0..columns).map(move |column| (row, column)))
        .map(|(row, column)| {
            let x = -1.5 + 3.0 * (column as f64 + 0.5) / columns as f64;
            let y = -1.5 + 3.0 * (row as f64 + 0.5) / rows as f64;
            let distance = (x * x + y * y).sqrt() + 0.08 * (3.0 * x).sin();
            1.0 / (1.0 + (12.0 * (distance - 0.75)).exp())
        })
        .collect();

    DecisionSurface {
        title: "Decision surface, input noise 0.1".to_string(),
        x_label: "x₁".to_string(),
        y_label: "x₂".to_string(),
        grid: ProbabilityGrid {
            x_min: -1.5,
            x_max: 1.5,
            y_min: -1.5,
            y_max: 1.5,
            columns,
            rows,
            probabilities,
        },
        points: two_circles(),
        class_names: vec!["outer circle".to_string(), "inner circle".to_string()],
        probability_label: "P(inner circle)".to_string(),
        size: FigureSize::default(),
    }
}

/// Test accuracy over 10 seeds for five experiments.
pub(crate) fn seeds() -> Distribution {
    let experiments = [
        ("no noise", 0.74, Some(0.75)),
        ("input noise 0.01", 0.76, None),
        ("input noise 0.1", 0.81, Some(0.829)),
        ("hidden noise, before activation", 0.80, None),
        ("hidden noise, after activation", 0.79, None),
    ];
    let categories = experiments
        .iter()
        .enumerate()
        .map(|(row, (name, centre, published))| Category {
            name: name.to_string(),
            values: (0..10)
                .map(|seed| centre + 0.03 * wobble(seed + 10 * row, 5.0))
                .collect(),
            published: *published,
        })
        .collect();

    Distribution {
        title: "Test accuracy over 10 seeds".to_string(),
        value_label: "test accuracy".to_string(),
        category_label: String::new(),
        point_label: "one seed".to_string(),
        value_range: AxisRange::Automatic,
        categories,
        size: FigureSize::default(),
    }
}

/// A loss chart of a run that diverged at once: every value is NaN.
pub(crate) fn diverged_loss() -> LineChart {
    let mut chart = LineChart::new("Loss per epoch, diverged run", "epoch", "loss");
    let nan = (1..=100)
        .map(|epoch| (f64::from(epoch), f64::NAN))
        .collect();
    chart.series = vec![LineSeries::new("train", nan)];
    chart
}

#[test]
#[ignore = "writes files to /tmp/figures-preview for looking at"]
fn write_previews() {
    let directory = std::path::Path::new("/tmp/figures-preview");
    std::fs::create_dir_all(directory).unwrap();

    let figures = [
        ("line_accuracy.svg", render_line_chart(&accuracy_history())),
        ("line_noise_sweep.svg", render_line_chart(&noise_sweep())),
        ("scatter_dataset.svg", render_scatter_dataset(&dataset())),
        ("decision_surface.svg", render_decision_surface(&surface())),
        ("distribution.svg", render_distribution(&seeds())),
        ("line_no_data.svg", render_line_chart(&diverged_loss())),
    ];
    for (name, svg) in figures {
        std::fs::write(directory.join(name), svg.unwrap()).unwrap();
    }
}
