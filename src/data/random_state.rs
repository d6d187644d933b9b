//! numpy's legacy `RandomState`, rebuilt on the reference Mersenne Twister.
//!
//! scikit-learn's `make_circles` draws from `np.random.RandomState(seed)`. To
//! reproduce its output bit for bit we need the same 32-bit stream and the same
//! three derived draws numpy makes from it: doubles, bounded integers for the
//! shuffle, and polar Box-Muller normals. The formulas follow
//! `numpy/random/src/mt19937/mt19937.h`, `numpy/random/src/distributions/distributions.c`
//! and `numpy/random/src/legacy/legacy-distributions.c` (see
//! `spec/keras-semantics.md`, section 9).

use rand_mt::Mt;

/// A reproduction of `np.random.RandomState(seed)` for the draws scikit-learn's
/// two-circles generator needs.
pub struct LegacyRandomState {
    twister: Mt,
    /// The second value of the last polar Box-Muller pair, served on the next call.
    cached_gauss: Option<f64>,
}

impl LegacyRandomState {
    /// Seeds the generator like `RandomState(seed)`: the reference `init_genrand`.
    pub fn new(seed: u32) -> Self {
        Self {
            twister: Mt::new(seed),
            cached_gauss: None,
        }
    }

    /// The next tempered 32-bit word of MT19937.
    pub fn next_u32(&mut self) -> u32 {
        self.twister.next_u32()
    }

    /// A double in `[0, 1)` with 53 random bits: `(a * 2^26 + b) / 2^53`, where
    /// `a` takes the top 27 bits of one word and `b` the top 26 of the next.
    pub fn next_double(&mut self) -> f64 {
        let high = f64::from(self.next_u32() >> 5);
        let low = f64::from(self.next_u32() >> 6);
        (high * 67_108_864.0 + low) / 9_007_199_254_740_992.0
    }

    /// A whole number in `[0, max]` by masked rejection, as numpy's
    /// `random_interval` does for bounds below 2^32: one word per try.
    pub fn next_interval(&mut self, max: u32) -> u32 {
        if max == 0 {
            return 0;
        }
        let mask = u32::MAX >> max.leading_zeros();
        loop {
            let value = self.next_u32() & mask;
            if value <= max {
                return value;
            }
        }
    }

    /// Shuffles in place like `RandomState.shuffle` on a 1-D array:
    /// Fisher-Yates from the last element down, `j = interval(i)`.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let bound = u32::try_from(i).expect("numpy's 32-bit interval path needs len < 2^32");
            let j = self.next_interval(bound) as usize;
            items.swap(i, j);
        }
    }

    /// A standard normal draw by numpy's legacy polar Box-Muller method,
    /// which makes two values per accepted pair and caches the first.
    ///
    /// ```text
    /// repeat x1 = 2u - 1, x2 = 2u - 1, r2 = x1^2 + x2^2 until 0 < r2 < 1
    /// f = sqrt(-2 ln(r2) / r2); return f*x2, then f*x1 on the next call
    /// ```
    pub fn next_gauss(&mut self) -> f64 {
        if let Some(value) = self.cached_gauss.take() {
            return value;
        }
        loop {
            let x1 = 2.0 * self.next_double() - 1.0;
            let x2 = 2.0 * self.next_double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.cached_gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// `RandomState.normal(loc, scale)` for one value: `loc + scale * gauss()`.
    pub fn next_normal(&mut self, loc: f64, scale: f64) -> f64 {
        loc + scale * self.next_gauss()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values: numpy 2.4.6, `np.random.RandomState(1)`, as recorded in
    // spec/keras-semantics.md section 9.6.
    #[test]
    fn raw_words_match_numpy() {
        let mut state = LegacyRandomState::new(1);
        let words: Vec<u32> = (0..3).map(|_| state.next_u32()).collect();
        assert_eq!(words, [1_791_095_845, 4_282_876_139, 3_093_770_124]);
    }

    #[test]
    fn doubles_match_numpy() {
        let mut state = LegacyRandomState::new(1);
        assert_eq!(state.next_double(), 0.417022004702574);
        assert_eq!(state.next_double(), 0.7203244934421581);
    }

    #[test]
    fn normals_match_numpy() {
        let mut state = LegacyRandomState::new(1);
        let normals: Vec<f64> = (0..3).map(|_| state.next_gauss()).collect();
        assert_eq!(
            normals,
            [1.6243453636632417, -0.6117564136500754, -0.5281717522634557]
        );
    }

    #[test]
    fn shuffle_matches_numpy() {
        let mut state = LegacyRandomState::new(1);
        let mut items: Vec<u32> = (0..100).collect();
        state.shuffle(&mut items);
        assert_eq!(items[..10], [80, 84, 33, 81, 93, 17, 36, 82, 69, 65]);
    }

    #[test]
    fn interval_stays_in_bounds() {
        let mut state = LegacyRandomState::new(7);
        for max in [0, 1, 2, 3, 29, 64, 1000] {
            for _ in 0..200 {
                assert!(state.next_interval(max) <= max);
            }
        }
    }
}
