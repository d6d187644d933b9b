//! The two vector kernels every layer is built from.
//!
//! Both fix the order of their floating-point operations in the source, so a
//! result never depends on the instruction set the compiler picks: `axpy`
//! works element by element, and `dot` keeps `LANES` partial sums that are
//! combined in one fixed tree at the end. That is what makes runs
//! bit-identical across machines with wider or narrower vector units.

use wide::f32x8;

/// Number of independent partial sums in [`dot`]: wide enough for two AVX
/// registers, which hides the latency of the additions.
const LANES: usize = 16;
const HALF: usize = LANES / 2;

/// `y[i] += alpha * x[i]` for every `i`. The slices must have equal lengths.
#[inline]
pub fn axpy(y: &mut [f32], alpha: f32, x: &[f32]) {
    debug_assert_eq!(y.len(), x.len());
    for (target, &value) in y.iter_mut().zip(x) {
        *target += alpha * value;
    }
}

/// `sum_i a[i] * b[i]`, summed in `LANES` interleaved partial sums, then in a
/// fixed pairwise tree, then the tail. The slices must have equal lengths.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len());
    let chunks_a = a.chunks_exact(LANES);
    let chunks_b = b.chunks_exact(LANES);
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .fold(0.0, |sum, (&x, &y)| sum + x * y);

    // Two vectors of eight partial sums each (the `wide` crate maps them to
    // AVX registers, or to pairs of SSE registers, with the same results).
    let mut low = f32x8::ZERO;
    let mut high = f32x8::ZERO;
    for (block_a, block_b) in chunks_a.zip(chunks_b) {
        low += vector(&block_a[..HALF]) * vector(&block_b[..HALF]);
        high += vector(&block_a[HALF..]) * vector(&block_b[HALF..]);
    }

    reduce_lanes(low, high) + tail
}

/// Adds the sixteen partial sums of [`dot`] in its fixed tree: the two
/// vectors lane by lane, then halves until one value is left.
#[inline]
pub fn reduce_lanes(low: f32x8, high: f32x8) -> f32 {
    let mut partial = (low + high).to_array();
    let mut width = HALF;
    while width > 1 {
        width /= 2;
        for lane in 0..width {
            partial[lane] += partial[lane + width];
        }
    }
    partial[0]
}

/// Eight consecutive values as one vector.
#[inline]
fn vector(values: &[f32]) -> f32x8 {
    let array: [f32; HALF] = values.try_into().expect("a slice of eight values");
    f32x8::from(array)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_a_float64_sum() {
        let a: Vec<f32> = (0..503).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..503).map(|i| (i as f32 * 0.11).cos()).collect();
        let exact: f64 = a
            .iter()
            .zip(&b)
            .map(|(&x, &y)| f64::from(x) * f64::from(y))
            .sum();
        assert!((f64::from(dot(&a, &b)) - exact).abs() < 1e-4);
    }

    #[test]
    fn dot_of_short_slices_uses_the_tail_only() {
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), 32.0);
        assert_eq!(dot(&[], &[]), 0.0);
    }

    #[test]
    fn axpy_adds_a_scaled_vector() {
        let mut y = [1.0, 2.0, 3.0];
        axpy(&mut y, 2.0, &[1.0, 0.5, -1.0]);
        assert_eq!(y, [3.0, 3.0, 1.0]);
    }
}
