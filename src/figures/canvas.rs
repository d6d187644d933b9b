//! The page every figure is drawn on: SVG document, title, plot area,
//! legend column, axes, and the style sheet for light and dark pages.

use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::FigureSize;
use super::error::FigureError;
use super::font;
use super::palette::{GRID_OPACITY, INK, INK_HEX, LABEL_SIZE, TICK_SIZE, TITLE_SIZE};
use super::palette::{ink_text, stroke, translucent_stroke};
use super::ticks::Ticks;

/// A drawing area in pixel coordinates on the SVG backend.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A chart with data coordinates on the SVG backend.
pub(crate) type Chart<'a, 'b, X, Y> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<X, Y>>;

/// Class put on the root element, scoping the style sheet when the SVG is
/// inlined into a page.
const ROOT_CLASS: &str = "noise-figure";

/// Height of the label area below the x axis: tick labels plus description.
pub(crate) const X_LABEL_AREA: u32 = 50;

/// Gap between the chart and the edges of its area.
const CHART_MARGIN: u32 = 10;

/// Gap on the right: room for half of the last x tick label.
const CHART_MARGIN_RIGHT: u32 = 24;

/// The parts of a page: the area for the chart and, when asked for, a
/// legend column to its right.
pub(crate) struct Page<'a> {
    /// Where the chart goes.
    pub plot: Area<'a>,
    /// Where the legend goes; `None` when the legend width was zero.
    pub legend: Option<Area<'a>>,
}

/// Renders one SVG document of `size`, letting `draw` paint the whole
/// canvas, then adds the title element and the light/dark style sheet.
pub(crate) fn render_svg<F>(size: FigureSize, title: &str, draw: F) -> Result<String, FigureError>
where
    F: for<'b> FnOnce(&Area<'b>) -> Result<(), FigureError>,
{
    let minimum = FigureSize::MINIMUM;
    if size.width < minimum.width || size.height < minimum.height {
        return Err(FigureError::SizeTooSmall {
            width: size.width,
            height: size.height,
            min_width: minimum.width,
            min_height: minimum.height,
        });
    }
    font::ensure_registered()?;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (size.width, size.height)).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    add_style_sheet(&svg, title)
}

/// Writes the title on top and splits the rest into plot and legend.
pub(crate) fn lay_out_page<'a>(
    root: &Area<'a>,
    title: &str,
    legend_width: u32,
) -> Result<Page<'a>, FigureError> {
    let body = root.titled(title, ink_text(TITLE_SIZE))?;

    if legend_width == 0 {
        return Ok(Page {
            plot: body,
            legend: None,
        });
    }
    let (width, _) = body.dim_in_pixel();
    let (plot, legend) = body.split_horizontally(width.saturating_sub(legend_width));
    Ok(Page {
        plot,
        legend: Some(legend),
    })
}

/// Width of the label area left of the y axis: the widest tick label plus
/// room for the rotated axis description.
pub(crate) fn y_label_area_width(area: &Area<'_>, ticks: &Ticks) -> Result<u32, FigureError> {
    let style = ink_text(TICK_SIZE);
    let mut widest = 0;
    for label in &ticks.labels {
        let (width, _) = area.estimate_text_size(label, &style)?;
        widest = widest.max(width);
    }
    Ok(widest + 40)
}

/// Pixel size of the plotting rectangle a chart built by [`build_chart`]
/// on `area` will have.
pub(crate) fn plot_size(area: &Area<'_>, y_label_width: u32) -> (u32, u32) {
    let (width, height) = area.dim_in_pixel();
    (
        width.saturating_sub(CHART_MARGIN + CHART_MARGIN_RIGHT + y_label_width),
        height.saturating_sub(2 * CHART_MARGIN + X_LABEL_AREA),
    )
}

/// Builds a chart on `area` with the given coordinate specs.
pub(crate) fn build_chart<'a, 'b, X, Y>(
    area: &'a Area<'b>,
    x: X,
    y: Y,
    y_label_width: u32,
) -> Result<Chart<'a, 'b, X, Y>, FigureError>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let chart = ChartBuilder::on(area)
        .margin(CHART_MARGIN)
        .margin_right(CHART_MARGIN_RIGHT)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(y_label_width)
        .build_cartesian_2d(x, y)?;
    Ok(chart)
}

/// Draws axes, grid, tick labels and axis descriptions in [`INK`].
pub(crate) fn draw_axes<X, Y>(
    chart: &mut Chart<'_, '_, X, Y>,
    (x_label, y_label): (&str, &str),
    (x_ticks, y_ticks): (&Ticks, &Ticks),
) -> Result<(), FigureError>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let format_x = |value: &f64| x_ticks.label(*value);
    let format_y = |value: &f64| y_ticks.label(*value);
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_style(stroke(INK, 1))
        .bold_line_style(translucent_stroke(INK, 1, GRID_OPACITY))
        .light_line_style(translucent_stroke(INK, 1, 0.0))
        .label_style(ink_text(TICK_SIZE))
        .axis_desc_style(ink_text(LABEL_SIZE))
        .x_label_formatter(&format_x)
        .y_label_formatter(&format_y)
        .draw()?;
    Ok(())
}

/// Writes "no data" in the middle of a chart's plotting area.
pub(crate) fn draw_no_data_note<X, Y>(
    root: &Area<'_>,
    chart: &Chart<'_, '_, X, Y>,
) -> Result<(), FigureError>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let (x_pixels, y_pixels) = chart.plotting_area().get_pixel_range();
    let centre = (
        x_pixels.start / 2 + x_pixels.end / 2,
        y_pixels.start / 2 + y_pixels.end / 2,
    );
    let style = ink_text(LABEL_SIZE).pos(Pos::new(HPos::Center, VPos::Center));
    root.draw(&Text::new("no data", centre, style))?;
    Ok(())
}

/// Scopes the SVG with a class, adds a `<title>` and a style sheet that
/// turns the [`INK`] grey into `currentColor`.
///
/// When the SVG is the document (an `<img>` or opened directly) `:root`
/// matches it and sets a dark or light colour from `prefers-color-scheme`.
/// When it is inlined into a page, `:root` is the page's `<html>` instead,
/// so the figure inherits the page's own text colour. Viewers without CSS
/// keep the mid grey, which reads on both backgrounds.
fn add_style_sheet(svg: &str, title: &str) -> Result<String, FigureError> {
    let header_end = match (svg.starts_with("<svg "), svg.find(">\n")) {
        (true, Some(end)) => end,
        _ => {
            let start: String = svg.chars().take(40).collect();
            return Err(FigureError::Drawing(format!(
                "unexpected SVG header from the backend: {start:?}"
            )));
        }
    };

    let style = format!(
        "<style>\n\
         svg.{ROOT_CLASS}:root{{color:#222222}}\n\
         @media (prefers-color-scheme: dark){{svg.{ROOT_CLASS}:root{{color:#e6e6e6}}}}\n\
         svg.{ROOT_CLASS} [fill=\"{INK_HEX}\"]{{fill:currentColor}}\n\
         svg.{ROOT_CLASS} [stroke=\"{INK_HEX}\"]{{stroke:currentColor}}\n\
         </style>\n"
    );
    let mut out = String::with_capacity(svg.len() + style.len() + title.len() + 64);
    out.push_str("<svg class=\"");
    out.push_str(ROOT_CLASS);
    out.push_str("\" role=\"img\"");
    out.push_str(&svg[4..header_end + 2]);
    out.push_str("<title>");
    out.push_str(&escape_xml(title));
    out.push_str("</title>\n");
    out.push_str(&style);
    out.push_str(&svg[header_end + 2..]);
    Ok(out)
}

/// Escapes the five XML special characters.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_sheet_goes_right_after_the_root_tag() {
        let svg = "<svg width=\"1\" height=\"1\">\n<rect/>\n</svg>\n";

        let out = add_style_sheet(svg, "a < b").unwrap();

        assert!(out.starts_with("<svg class=\"noise-figure\" role=\"img\" width=\"1\""));
        assert!(out.contains("<title>a &lt; b</title>\n<style>"));
        assert!(out.ends_with("<rect/>\n</svg>\n"));
    }

    #[test]
    fn unexpected_header_is_an_error_not_a_panic() {
        assert!(add_style_sheet("", "t").is_err());
        assert!(add_style_sheet("<svg", "t").is_err());
    }

    #[test]
    fn too_small_size_is_rejected() {
        let size = FigureSize {
            width: 10,
            height: 400,
        };

        let error = render_svg(size, "t", |_| Ok(())).unwrap_err();

        assert!(error.to_string().contains("10x400"), "{error}");
    }
}
