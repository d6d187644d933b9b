//! The data set itself: two features per point, class by colour, train or
//! test by marker shape.

use super::FigureSize;
use super::canvas::{
    build_chart, draw_axes, draw_no_data_note, lay_out_page, plot_size, render_svg,
    y_label_area_width,
};
use super::error::FigureError;
use super::labelled_point::{LabelledPoint, drawing_order, legend_entries, marker_for};
use super::legend::{draw_legend, legend_width};
use super::marker::draw_marker;
use super::scale::{equal_aspect, extent, is_plottable, linear_span};
use super::ticks::{LinearAxis, linear_ticks};

/// A scatter plot of a two-feature classification data set.
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterDataset {
    /// Heading above the chart.
    pub title: String,
    /// Description of the x axis, e.g. "x₁".
    pub x_label: String,
    /// Description of the y axis, e.g. "x₂".
    pub y_label: String,
    /// The points; those with a non-finite coordinate are left out.
    pub points: Vec<LabelledPoint>,
    /// Legend names of the classes by label, e.g. `["outer circle", "inner
    /// circle"]`; missing names read "class N".
    pub class_names: Vec<String>,
    /// Size of the SVG.
    pub size: FigureSize,
}

/// Renders `dataset` as an SVG document.
///
/// Both axes use the same scale (one unit is as long across as up), so
/// circles look round; the shorter range is widened around its centre.
pub fn render_scatter_dataset(dataset: &ScatterDataset) -> Result<String, FigureError> {
    let points: Vec<LabelledPoint> = drawing_order(&dataset.points)
        .into_iter()
        .filter(|point| is_plottable(point.x) && is_plottable(point.y))
        .collect();
    let x_span = linear_span(extent(points.iter().map(|point| point.x)));
    let y_span = linear_span(extent(points.iter().map(|point| point.y)));
    let entries = legend_entries(&points, &dataset.class_names);

    render_svg(dataset.size, &dataset.title, |root| {
        let max_legend = dataset.size.width * 2 / 5;
        let page = lay_out_page(
            root,
            &dataset.title,
            legend_width(root, &entries, max_legend)?,
        )?;

        // The y tick labels set the label area, which sets the plot's shape,
        // which sets the ranges: estimate with the unequalised y range.
        let y_label_width = y_label_area_width(&page.plot, &linear_ticks(y_span.0, y_span.1, 6))?;
        let ((x_low, x_high), (y_low, y_high)) =
            equal_aspect(x_span, y_span, plot_size(&page.plot, y_label_width));
        let x_ticks = linear_ticks(x_low, x_high, 7);
        let y_ticks = linear_ticks(y_low, y_high, 6);

        let x_coord = LinearAxis::new(x_low..x_high, &x_ticks);
        let y_coord = LinearAxis::new(y_low..y_high, &y_ticks);
        let mut chart = build_chart(&page.plot, x_coord, y_coord, y_label_width)?;
        let labels = (dataset.x_label.as_str(), dataset.y_label.as_str());
        draw_axes(&mut chart, labels, (&x_ticks, &y_ticks))?;

        for point in &points {
            let centre = chart.backend_coord(&(point.x, point.y));
            draw_marker(root, centre, &marker_for(point.class, point.split))?;
        }
        if points.is_empty() {
            draw_no_data_note(root, &chart)?;
        }
        if let Some(legend) = &page.legend {
            draw_legend(legend, &entries)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::labelled_point::Split;
    use crate::figures::preview::dataset;
    use crate::figures::test_support::assert_shows;

    #[test]
    fn dataset_shows_title_axes_and_all_four_legend_rows() {
        let svg = render_scatter_dataset(&dataset()).unwrap();

        assert_shows(
            &svg,
            &["Two circles: 30 training and 70 test points", "x₁", "x₂"],
        );
        assert_shows(
            &svg,
            &[
                "outer circle, train",
                "outer circle, test",
                "inner circle, train",
                "inner circle, test",
            ],
        );
    }

    #[test]
    fn markup_in_texts_is_escaped() {
        let mut tricky = dataset();
        tricky.title = "train < test & \"noise\"".to_string();
        tricky.class_names = vec!["<b>".to_string()];

        let svg = render_scatter_dataset(&tricky).unwrap();

        assert_shows(&svg, &["train < test & \"noise\"", "<b>, train"]);
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        assert_eq!(
            render_scatter_dataset(&dataset()).unwrap(),
            render_scatter_dataset(&dataset()).unwrap()
        );
    }

    #[test]
    fn no_plottable_points_show_no_data() {
        let mut empty = dataset();
        empty.points.clear();
        assert_shows(&render_scatter_dataset(&empty).unwrap(), &["no data"]);

        let mut broken = dataset();
        for point in &mut broken.points {
            point.x = f64::NAN;
        }
        assert_shows(&render_scatter_dataset(&broken).unwrap(), &["no data"]);
    }

    #[test]
    fn identical_points_and_unnamed_classes_render() {
        let point = LabelledPoint {
            x: 1.0,
            y: 1.0,
            class: 7,
            split: Split::Test,
        };
        let mut same = dataset();
        same.points = vec![point; 3];

        assert_shows(&render_scatter_dataset(&same).unwrap(), &["class 7, test"]);
    }
}
