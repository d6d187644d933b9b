//! Tests of the line chart: texts, determinism and bad data.

use super::*;
use crate::figures::AxisRange;
use crate::figures::preview::{accuracy_history, noise_sweep};
use crate::figures::test_support::{assert_shows, svg_texts};

fn chart_with(series: Vec<LineSeries>) -> LineChart {
    let mut chart = LineChart::new("Loss per epoch", "epoch", "loss");
    chart.series = series;
    chart
}

#[test]
fn accuracy_chart_shows_title_axes_and_legend() {
    let svg = render_line_chart(&accuracy_history()).unwrap();

    assert_shows(
        &svg,
        &[
            "Accuracy per epoch, no noise",
            "epoch",
            "accuracy",
            "train",
            "test",
        ],
    );
    assert_shows(&svg, &["published test 0.750", "0.0", "1.0", "4000"]);
    assert!(svg.contains("viewBox=\"0 0 720 420\""));
    assert!(svg.contains("prefers-color-scheme: dark"));
}

#[test]
fn log_sweep_with_zero_noise_renders() {
    let svg = render_line_chart(&noise_sweep()).unwrap();

    assert_shows(&svg, &["noise standard deviation", "0.01", "1", "input"]);
}

#[test]
fn same_input_gives_the_same_bytes() {
    let chart = noise_sweep();

    assert_eq!(
        render_line_chart(&chart).unwrap(),
        render_line_chart(&chart).unwrap()
    );
}

#[test]
fn no_series_shows_no_data() {
    let svg = render_line_chart(&chart_with(vec![])).unwrap();

    assert_shows(&svg, &["Loss per epoch", "epoch", "loss", "no data"]);
}

#[test]
fn all_bad_values_show_no_data() {
    let points = vec![
        (f64::NAN, 1.0),
        (1.0, f64::INFINITY),
        (2.0, f64::NEG_INFINITY),
    ];

    let svg = render_line_chart(&chart_with(vec![LineSeries::new("diverged", points)])).unwrap();

    assert_shows(&svg, &["no data"]);
}

#[test]
fn bad_values_leave_gaps_and_are_not_drawn() {
    let points = vec![(1.0, 0.5), (2.0, f64::NAN), (3.0, 0.7), (4.0, 0.8)];

    let svg = render_line_chart(&chart_with(vec![LineSeries::new("loss", points)])).unwrap();

    assert!(!svg_texts(&svg).contains(&"no data".to_string()));
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    let blue_lines = svg
        .lines()
        .filter(|l| l.starts_with("<polyline") && l.contains("#0072B2"));
    assert_eq!(blue_lines.count(), 1, "the run of two points");
    assert_eq!(svg.matches("<circle").count(), 1, "the point between gaps");
}

#[test]
fn constant_and_single_point_series_get_a_padded_axis() {
    let constant = LineSeries::new("constant", (1..=50).map(|e| (e as f64, 0.5)).collect());
    let single = LineSeries::new("single", vec![(3.0, 3.0)]);

    for series in [constant, single] {
        let svg = render_line_chart(&chart_with(vec![series])).unwrap();
        assert!(!svg_texts(&svg).contains(&"no data".to_string()));
    }
}

#[test]
fn log_axis_skips_non_positive_x() {
    let mut chart = chart_with(vec![LineSeries::new(
        "sweep",
        vec![(0.0, 0.7), (-1.0, 0.8), (0.1, 0.75)],
    )]);
    chart.x_scale = AxisScale::Log;
    render_line_chart(&chart).unwrap();

    chart.series[0].points = vec![(0.0, 0.7), (-1.0, 0.8)];
    let svg = render_line_chart(&chart).unwrap();
    assert_shows(&svg, &["no data"]);
}

#[test]
fn extreme_values_do_not_panic() {
    let cases = [
        vec![(0.0, -1e300), (1.0, 1e300)],
        vec![(0.0, 1e-300), (1.0, 2e-300)],
        vec![(1e300, 0.5), (1e300, 0.5)],
        vec![(0.5, 0.5), (0.5 + 1e-15, 0.5 + 1e-15)],
    ];
    for points in cases {
        let mut chart = chart_with(vec![LineSeries::new("extreme", points)]);
        render_line_chart(&chart).unwrap();
        chart.x_scale = AxisScale::Log;
        render_line_chart(&chart).unwrap();
    }
}

#[test]
fn bands_with_bad_or_swapped_edges_render() {
    let mut series = LineSeries::new("mean", vec![(1.0, 0.5), (2.0, 0.6), (3.0, 0.7)]);
    series.band = vec![
        BandPoint {
            x: 1.0,
            lower: 0.6,
            upper: 0.4,
        },
        BandPoint {
            x: 2.0,
            lower: f64::NAN,
            upper: 0.7,
        },
        BandPoint {
            x: 3.0,
            lower: -5.0,
            upper: 5.0,
        },
    ];
    let mut chart = chart_with(vec![series]);
    chart.y_range = AxisRange::Fixed { min: 0.0, max: 1.0 };

    render_line_chart(&chart).unwrap();
}

#[test]
fn long_series_are_thinned() {
    let series = (0..5)
        .map(|index| {
            let points = (1..=4000).map(|e| (e as f64, (e * index) as f64)).collect();
            LineSeries::new(&format!("run {index}"), points)
        })
        .collect();

    let svg = render_line_chart(&chart_with(series)).unwrap();

    assert!(svg.len() < 120_000, "{} bytes", svg.len());
    for polyline in svg.split("<polyline").skip(1) {
        let points = polyline
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            points.split_whitespace().count() <= MAX_THINNED,
            "too many points"
        );
    }
}

/// Most points a thinned 4000-point series keeps.
const MAX_THINNED: usize = super::MAX_POINTS_PER_SERIES + 1;

#[test]
fn overlong_legend_labels_are_shortened() {
    let long = "a series name far too long to fit in the legend column of any figure";
    let chart = chart_with(vec![
        LineSeries::new(long, vec![(0.0, 1.0), (1.0, 2.0)]),
        LineSeries::new("short", vec![(0.0, 2.0), (1.0, 1.0)]),
    ]);

    let texts = svg_texts(&render_line_chart(&chart).unwrap());

    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("a series name") && t.ends_with('…'))
    );
    assert!(texts.contains(&"short".to_string()));
}

#[test]
fn invalid_fixed_range_names_the_range() {
    let mut chart = chart_with(vec![]);
    chart.y_range = AxisRange::Fixed { min: 1.0, max: 0.0 };

    let error = render_line_chart(&chart).unwrap_err();

    assert!(error.to_string().contains("fixed y range 1..0"), "{error}");
}

#[test]
fn reference_lines_outside_or_not_finite_are_skipped() {
    let mut chart = accuracy_history();
    chart.reference_lines.push(ReferenceLine {
        label: "off the scale".to_string(),
        y: 3.0,
        hue: Some(Hue::Green),
    });
    chart.reference_lines.push(ReferenceLine {
        label: "not a number".to_string(),
        y: f64::NAN,
        hue: None,
    });

    let svg = render_line_chart(&chart).unwrap();

    assert_shows(&svg, &["off the scale", "not a number"]);
}
