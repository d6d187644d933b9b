//! The report's figures, drawn from the results: the only place that knows
//! both the results model and the figure families.

use crate::results::{ExperimentResult, Results};
use crate::train::History;

use super::{
    AxisRange, AxisScale, BandPoint, Category, DecisionSurface, Distribution, FigureError,
    FigureSize, Hue, LabelledPoint, LineChart, LineSeries, ProbabilityGrid, ReferenceLine,
    ScatterDataset, Split, render_decision_surface, render_distribution, render_line_chart,
    render_scatter_dataset,
};

/// One rendered figure with its id (its file name) and a text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFigure {
    /// File stem: `figures/<id>.svg`.
    pub id: String,
    /// The SVG document.
    pub svg: String,
    /// What the figure shows, for screen readers.
    pub alt: String,
}

const CLASS_NAMES: [&str; 2] = ["outer circle (0)", "inner circle (1)"];

/// Every figure of the report: the dataset, four per experiment, the
/// comparison across experiments and the noise grid.
pub fn report_figures(results: &Results) -> Result<Vec<ReportFigure>, FigureError> {
    let mut figures = vec![ReportFigure {
        id: "dataset".into(),
        svg: render_scatter_dataset(&ScatterDataset {
            title: "The two-circles dataset".into(),
            x_label: "x0".into(),
            y_label: "x1".into(),
            points: points(results),
            class_names: CLASS_NAMES.map(String::from).to_vec(),
            size: FigureSize::default(),
        })?,
        alt: format!(
            "Scatter plot of the {} points, coloured by class, training points filled",
            results.dataset.points.len()
        ),
    }];
    for experiment in &results.experiments {
        figures.extend(experiment_figures(results, experiment)?);
    }
    figures.push(comparison(results)?);
    figures.push(grid(results)?);
    Ok(figures)
}

fn points(results: &Results) -> Vec<LabelledPoint> {
    let train_rows = results.dataset.train_rows;
    results
        .dataset
        .points
        .iter()
        .enumerate()
        .map(|(i, &[x, y, label])| LabelledPoint {
            x,
            y,
            class: label as usize,
            split: if i < train_rows {
                Split::Train
            } else {
                Split::Test
            },
        })
        .collect()
}

fn per_epoch(values: &[f32]) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| ((i + 1) as f64, f64::from(v)))
        .collect()
}

fn history_chart(title: &str, y_label: &str, history: &History, accuracy: bool) -> LineChart {
    let (train, test) = if accuracy {
        (&history.accuracy, &history.val_accuracy)
    } else {
        (&history.loss, &history.val_loss)
    };
    let mut chart = LineChart::new(title, "epoch", y_label);
    if accuracy {
        chart.y_range = AxisRange::Fixed { min: 0.0, max: 1.0 };
    }
    let mut train = LineSeries::new("train", per_epoch(train));
    train.hue = Some(Hue::Blue);
    let mut test = LineSeries::new("test", per_epoch(test));
    test.hue = Some(Hue::Orange);
    chart.series = vec![train, test];
    chart
}

fn experiment_figures(
    results: &Results,
    e: &ExperimentResult,
) -> Result<Vec<ReportFigure>, FigureError> {
    let seed = e.canonical.seed;
    let mut figures = Vec::new();

    let mut accuracy = history_chart(
        &format!("{}: accuracy per epoch (seed {seed})", e.title),
        "accuracy",
        &e.canonical.history,
        true,
    );
    if let Some(published) = e.published_test_accuracy {
        accuracy.reference_lines.push(ReferenceLine {
            label: format!("published test {published:.3}"),
            y: published,
            hue: Some(Hue::Grey),
        });
    }
    figures.push(ReportFigure {
        id: format!("{}-accuracy", e.id),
        svg: render_line_chart(&accuracy)?,
        alt: format!(
            "Training and test accuracy per epoch of {} with seed {seed}",
            e.title
        ),
    });

    let loss = history_chart(
        &format!("{}: loss per epoch (seed {seed})", e.title),
        "binary cross-entropy",
        &e.canonical.history,
        false,
    );
    figures.push(ReportFigure {
        id: format!("{}-loss", e.id),
        svg: render_line_chart(&loss)?,
        alt: format!(
            "Training and test loss per epoch of {} with seed {seed}",
            e.title
        ),
    });

    let mut mean = LineChart::new(
        &format!("{}: mean accuracy over {} seeds", e.title, e.curves.n),
        "epoch",
        "accuracy",
    );
    mean.y_range = AxisRange::Fixed { min: 0.0, max: 1.0 };
    for (name, values, spread, hue) in [
        (
            "train (mean ± 1 sd)",
            &e.curves.mean.accuracy,
            &e.curves.std.accuracy,
            Hue::Blue,
        ),
        (
            "test (mean ± 1 sd)",
            &e.curves.mean.val_accuracy,
            &e.curves.std.val_accuracy,
            Hue::Orange,
        ),
    ] {
        let mut series = LineSeries::new(name, per_epoch(values));
        series.hue = Some(hue);
        series.band = values
            .iter()
            .zip(spread)
            .enumerate()
            .map(|(i, (&m, &s))| BandPoint {
                x: (i + 1) as f64,
                lower: f64::from(m - s),
                upper: f64::from(m + s),
            })
            .collect();
        mean.series.push(series);
    }
    figures.push(ReportFigure {
        id: format!("{}-mean", e.id),
        svg: render_line_chart(&mean)?,
        alt: format!("Mean training and test accuracy per epoch of {} over {} seeds, with one standard deviation shaded", e.title, e.curves.n),
    });

    if let Some(surface) = &e.surface {
        let svg = render_decision_surface(&DecisionSurface {
            title: format!("{}: decision surface (seed {seed})", e.title),
            x_label: "x0".into(),
            y_label: "x1".into(),
            grid: ProbabilityGrid {
                x_min: surface.x_min,
                x_max: surface.x_max,
                y_min: surface.y_min,
                y_max: surface.y_max,
                columns: surface.columns,
                rows: surface.rows,
                probabilities: surface
                    .probabilities
                    .iter()
                    .map(|&p| f64::from(p))
                    .collect(),
            },
            points: points(results),
            class_names: CLASS_NAMES.map(String::from).to_vec(),
            probability_label: "p(inner circle)".into(),
            size: FigureSize::default(),
        })?;
        figures.push(ReportFigure {
            id: format!("{}-surface", e.id),
            svg,
            alt: format!("Predicted probability of the inner circle over the plane for {} with seed {seed}, with the data points", e.title),
        });
    }
    Ok(figures)
}

fn comparison(results: &Results) -> Result<ReportFigure, FigureError> {
    let seeds = results.experiments.first().map_or(0, |e| e.seeds.len());
    let categories = results
        .experiments
        .iter()
        .map(|e| Category {
            name: e.id.clone(),
            values: e
                .seeds
                .iter()
                .filter(|s| s.diverged_at.is_none())
                .map(|s| f64::from(s.test.accuracy))
                .collect(),
            published: e.published_test_accuracy,
        })
        .collect();
    let svg = render_distribution(&Distribution {
        title: format!("Final test accuracy over {seeds} seeds"),
        value_label: "test accuracy".into(),
        category_label: "experiment".into(),
        point_label: "one seed".into(),
        value_range: AxisRange::Automatic,
        categories,
        size: FigureSize::default(),
    })?;
    Ok(ReportFigure {
        id: "comparison".into(),
        svg,
        alt: "Final test accuracy of every seed per experiment, with quartiles and the tutorial's published value".into(),
    })
}

fn grid(results: &Results) -> Result<ReportFigure, FigureError> {
    let mut chart = LineChart::new(
        &format!(
            "Test accuracy against noise level ({} seeds a point)",
            results.grid.seeds.len()
        ),
        "noise standard deviation (log scale)",
        "test accuracy",
    );
    chart.x_scale = AxisScale::Log;
    let mut placements: Vec<&str> = Vec::new();
    for point in &results.grid.points {
        if !placements.contains(&point.placement.as_str()) {
            placements.push(&point.placement);
        }
    }
    for (placement, hue) in placements.iter().zip(Hue::SERIES_ORDER.iter().cycle()) {
        let spreads: Vec<_> = results
            .grid
            .points
            .iter()
            .filter(|p| p.placement == *placement)
            .filter_map(|p| p.test_accuracy.map(|s| (p.stddev, s)))
            .collect();
        let mut series = LineSeries::new(
            &format!("{placement} (mean ± 1 sd)"),
            spreads.iter().map(|(x, s)| (*x, s.mean)).collect(),
        );
        series.hue = Some(*hue);
        series.show_markers = true;
        series.band = spreads
            .iter()
            .map(|(x, s)| BandPoint {
                x: *x,
                lower: s.mean - s.std,
                upper: s.mean + s.std,
            })
            .collect();
        chart.series.push(series);
    }
    if let Some(baseline) = results
        .experiments
        .first()
        .and_then(|e| e.summary.test_accuracy)
    {
        chart.reference_lines.push(ReferenceLine {
            label: format!("{} mean {:.3}", results.experiments[0].id, baseline.mean),
            y: baseline.mean,
            hue: Some(Hue::Grey),
        });
    }
    Ok(ReportFigure {
        id: "grid".into(),
        svg: render_line_chart(&chart)?,
        alt: "Mean test accuracy against the noise standard deviation for each placement, with one standard deviation shaded".into(),
    })
}
