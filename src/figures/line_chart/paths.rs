//! Turning raw series into drawable polylines: gaps at bad values,
//! deterministic thinning, and clipping to a fixed y range.

/// At most this many points of one series reach the SVG. 4000 epochs thin
/// to every 4th epoch plus the last; at the figure's ~600 px width nothing
/// visible is lost and the file stays small.
pub(crate) const MAX_POINTS_PER_SERIES: usize = 1000;

/// Splits `points` into runs of consecutive points that `keep` accepts.
///
/// A rejected point (NaN, infinite, or non-positive on a log axis) ends the
/// current run, so the line shows a gap there instead of bridging it.
pub(crate) fn split_runs<T: Copy>(points: &[T], keep: impl Fn(&T) -> bool) -> Vec<Vec<T>> {
    let mut runs = Vec::new();
    let mut current = Vec::new();

    for point in points {
        if keep(point) {
            current.push(*point);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Thins each run so that all runs together keep about
/// [`MAX_POINTS_PER_SERIES`] points (one more per run for its last point).
///
/// Each run keeps every k-th point from its first, plus its last, with k
/// the smallest stride that fits the run's share of the budget (in
/// proportion to its length, at least two points). No randomness: the same
/// input thins the same way.
pub(crate) fn thin_runs<T: Copy>(runs: Vec<Vec<T>>) -> Vec<Vec<T>> {
    let total: usize = runs.iter().map(Vec::len).sum();
    if total <= MAX_POINTS_PER_SERIES {
        return runs;
    }

    runs.into_iter()
        .map(|run| {
            let share = (MAX_POINTS_PER_SERIES * run.len() / total).max(2);
            thin(&run, share)
        })
        .collect()
}

/// Every k-th point of `run` plus its last point: at most `budget + 1`.
fn thin<T: Copy>(run: &[T], budget: usize) -> Vec<T> {
    if run.len() <= budget || budget < 2 {
        return run.to_vec();
    }

    let stride = run.len().div_ceil(budget);
    let mut kept: Vec<T> = run.iter().step_by(stride).copied().collect();
    if !(run.len() - 1).is_multiple_of(stride)
        && let Some(last) = run.last()
    {
        kept.push(*last);
    }
    kept
}

/// Cuts a polyline to the horizontal strip `low <= y <= high`.
///
/// Segments leaving the strip end at its edge; the part outside is dropped,
/// so one run may become several.
pub(crate) fn clip_to_strip(run: &[(f64, f64)], low: f64, high: f64) -> Vec<Vec<(f64, f64)>> {
    let is_inside = |(_, y): (f64, f64)| low <= y && y <= high;
    if run.len() == 1 {
        return if is_inside(run[0]) {
            vec![run.to_vec()]
        } else {
            vec![]
        };
    }

    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for segment in run.windows(2) {
        match clip_segment(segment[0], segment[1], low, high) {
            None => {
                if !current.is_empty() {
                    pieces.push(std::mem::take(&mut current));
                }
            }
            Some((start, end)) => {
                if current.last() != Some(&start) {
                    if !current.is_empty() {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.push(start);
                }
                current.push(end);
            }
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// The part of the segment `from -> to` inside `low <= y <= high`.
fn clip_segment(
    from: (f64, f64),
    to: (f64, f64),
    low: f64,
    high: f64,
) -> Option<((f64, f64), (f64, f64))> {
    let dy = to.1 - from.1;
    if dy == 0.0 {
        return (low <= from.1 && from.1 <= high).then_some((from, to));
    }

    // Parameters where the segment crosses the two edges, ordered.
    let at_low = (low - from.1) / dy;
    let at_high = (high - from.1) / dy;
    let enter = at_low.min(at_high).max(0.0);
    let leave = at_low.max(at_high).min(1.0);
    if enter > leave {
        return None;
    }

    let point_at = |t: f64| (from.0 + t * (to.0 - from.0), from.1 + t * dy);
    let start = if enter == 0.0 { from } else { point_at(enter) };
    let end = if leave == 1.0 { to } else { point_at(leave) };
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_split_a_line_into_runs() {
        let values = [1.0, f64::NAN, 2.0, 3.0, f64::INFINITY];

        let runs = split_runs(&values, |v| v.is_finite());

        assert_eq!(runs, vec![vec![1.0], vec![2.0, 3.0]]);
    }

    #[test]
    fn thinning_keeps_the_last_point_and_the_budget() {
        let epochs: Vec<usize> = (1..=4000).collect();

        let thinned = thin_runs(vec![epochs]);

        let run = &thinned[0];
        assert_eq!(run.len(), MAX_POINTS_PER_SERIES + 1);
        assert_eq!(run.first(), Some(&1));
        assert_eq!(run.last(), Some(&4000));
        assert_eq!(&run[..3], &[1, 5, 9]);
    }

    #[test]
    fn short_runs_are_kept_whole() {
        let runs = vec![vec![1, 2, 3]];

        assert_eq!(thin_runs(runs.clone()), runs);
    }

    #[test]
    fn clipping_cuts_at_the_strip_edges() {
        let run = [(0.0, 0.5), (1.0, 1.5), (2.0, 0.5)];

        let pieces = clip_to_strip(&run, 0.0, 1.0);

        assert_eq!(
            pieces,
            vec![vec![(0.0, 0.5), (0.5, 1.0)], vec![(1.5, 1.0), (2.0, 0.5)]]
        );
    }

    #[test]
    fn clipping_drops_a_run_entirely_outside() {
        assert!(clip_to_strip(&[(0.0, 5.0), (1.0, 6.0)], 0.0, 1.0).is_empty());
        assert!(clip_to_strip(&[(0.0, 5.0)], 0.0, 1.0).is_empty());
    }
}
