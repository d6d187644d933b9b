//! Data-set points as the scatter and decision-surface figures take them,
//! and how each class and split is painted.

use super::legend::{LegendEntry, Swatch};
use super::marker::{MarkerShape, MarkerStyle};
use super::palette::Hue;

/// Which part of the data set a point belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Split {
    /// Used to fit the model: drawn as a filled disc.
    Train,
    /// Held out for evaluation: drawn as a hollow triangle.
    Test,
}

/// One point of a two-feature classification data set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelledPoint {
    /// First feature.
    pub x: f64,
    /// Second feature.
    pub y: f64,
    /// Class label, `0` or `1` for two circles; further classes get
    /// further palette colours.
    pub class: usize,
    /// Train or test.
    pub split: Split,
}

/// Radius of data-set markers in pixels.
const RADIUS: i32 = 4;

/// The colour of `class`: blue, orange, then the rest of the palette.
pub(crate) fn class_hue(class: usize) -> Hue {
    Hue::nth(class)
}

/// The marker of a point of `class` in `split`.
pub(crate) fn marker_for(class: usize, split: Split) -> MarkerStyle {
    let (shape, is_filled) = match split {
        Split::Train => (MarkerShape::Circle, true),
        Split::Test => (MarkerShape::Triangle, false),
    };
    MarkerStyle {
        shape,
        colour: class_hue(class).rgb(),
        is_filled,
        radius: RADIUS,
    }
}

/// The name of `class`: its entry in `class_names`, else "class N".
pub(crate) fn class_name(class: usize, class_names: &[String]) -> String {
    class_names
        .get(class)
        .cloned()
        .unwrap_or_else(|| format!("class {class}"))
}

/// One legend row per (class, split) pair that occurs, in sorted order.
pub(crate) fn legend_entries(points: &[LabelledPoint], class_names: &[String]) -> Vec<LegendEntry> {
    let mut pairs: Vec<(usize, Split)> = points.iter().map(|p| (p.class, p.split)).collect();
    pairs.sort_unstable();
    pairs.dedup();

    pairs
        .into_iter()
        .map(|(class, split)| {
            let split_name = match split {
                Split::Train => "train",
                Split::Test => "test",
            };
            LegendEntry {
                label: format!("{}, {split_name}", class_name(class, class_names)),
                swatch: Swatch::Marker(marker_for(class, split)),
            }
        })
        .collect()
}

/// Points in drawing order: training points first, so the hollow test
/// markers stay visible on top of them.
pub(crate) fn drawing_order(points: &[LabelledPoint]) -> Vec<LabelledPoint> {
    let mut ordered = points.to_vec();
    ordered.sort_by_key(|point| point.split);
    ordered
}
