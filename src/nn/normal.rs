//! A float32 standard-normal sampler: the basic Box–Muller transform on two
//! 32-bit words, eight pairs at a time, with no rejection and no slow path.
//!
//! Note: this is the transform TensorFlow (and so Keras) uses for float32
//! normals, `BoxMullerFloat` in
//! `tensorflow/core/lib/random/random_distributions.h`: two uniforms `u1`,
//! `u2` give `r = sqrt(-2 ln u1)`, `v = 2 pi u2` and the pair
//! `(r sin v, r cos v)`. Every pair of values costs the same fixed work and
//! two words, with no table lookups and no rejection.
//!
//! Note: `rand_distr::StandardNormal` would be the library choice, but it
//! draws a float64 from a 64-bit word and costs about 5.6 ns per value on
//! ChaCha8 here; the pre-activation experiment draws 60 million values per
//! run, which was most of its time budget. This sampler needs half the
//! random bits and does its float32 work eight lanes at a time.
//!
//! # The transform, per pair of words `(a, b)`
//!
//! ```text
//! k     = (a >> 9) + 1                   in [1, 2^23], exact in float32
//! u1    = k * 2^-23                      in (0, 1], so ln u1 is finite
//! r     = sqrt(-2 ln u1)                 at most sqrt(46 ln 2) ~ 5.65
//! x     = b >> 8                         24 bits: theta = 2 pi x / 2^24
//! x     = q * 2^22 + j,  j in [-2^21, 2^21)
//! phi   = j * pi / 2^23                  in [-pi/4, pi/4)
//! theta = q * pi/2 + phi
//! out   = (r sin theta, r cos theta)
//! ```
//!
//! TensorFlow instead takes the low 23 bits of each word, clamps `u1` below
//! at 1e-7 and uses 23 bits of angle; taking `k` from the top bits plus one
//! makes `u1` land in `(0, 1]` without a clamp.
//!
//! - `ln u1 = ln m + (e - 23) ln 2` with `k = 2^e m` and `m` brought into
//!   `[sqrt(2)/2, sqrt(2)]` by bit operations. With `s = (m - 1) / (m + 1)`,
//!   `|s| <= 0.1716` and `ln m = 2 (s + s^3/3 + ... + s^9/9)`; the first
//!   omitted term, `2 s^11 / 11`, is below 7e-10. `ln 2` is split into a
//!   short high part, whose products with `e - 23` are exact, and a low
//!   part added first.
//! - `sin phi` and `cos phi` are Taylor series through `phi^9` and `phi^10`,
//!   whose remainders are below 2e-9 on `|phi| <= pi/4`; the quadrant `q`
//!   then swaps them and flips their signs.
//!
//! # Layout
//!
//! Values come in blocks of 16 made from 16 consecutive words. In a block of
//! `m` values (16, or for the last block its length rounded up to even) and
//! `h = m / 2`, words `k` and `k + h` make values `k` (the sine) and `k + h`
//! (the cosine). An odd last block drops its final cosine.
//!
//! # Determinism
//!
//! The result is the same bit for bit on every machine: the polynomials are
//! our own, every product and sum is a separate IEEE operation (no fused
//! multiply-add, no platform `ln`, `sin` or reciprocal estimates), and the
//! remaining steps (integer-to-float conversion, division, square root) are
//! correctly rounded. Each lane does what scalar code would, so the SIMD
//! width `wide` picks does not matter either.

use rand::RngCore;
use wide::{CmpEq, CmpGt, f32x8, i32x8};

/// Values made from one block of words.
const BLOCK: usize = 16;
/// Pairs the core computes at once: half a block.
const LANES: usize = BLOCK / 2;

/// `ln 2` rounded down to a multiple of 2^-16: 16 significant bits, so its
/// product with any exponent offset in `[-23, 0]` (5 bits) is exact.
const LN_2_HIGH: f32 = 45_426.0 / 65_536.0;
/// The rest of `ln 2`, about 1.43e-6.
const LN_2_LOW: f32 = (std::f64::consts::LN_2 - LN_2_HIGH as f64) as f32;
/// Angle of one step of `j`: `2 pi / 2^24`.
const ANGLE_STEP: f32 = std::f32::consts::PI / (1u32 << 23) as f32;

/// Draws standard normal float32 values, two from every two 32-bit words.
#[derive(Debug, Clone, Copy, Default)]
pub struct BoxMuller;

impl BoxMuller {
    /// The sampler; it holds no state.
    pub fn new() -> Self {
        Self
    }

    /// Fills `values` with N(0, 1) draws made from `words_for(values.len())`
    /// words, read from `rng` into the front of `words` with a single
    /// `fill_bytes` (as little-endian `u32`s). Nothing else is drawn, so the
    /// stream advances by the same amount whatever the values turn out to be.
    ///
    /// # Panics
    ///
    /// If `words` is shorter than `words_for(values.len())`.
    pub fn fill<R: RngCore + ?Sized>(&self, rng: &mut R, words: &mut [u32], values: &mut [f32]) {
        let needed = Self::words_for(values.len());
        assert!(
            words.len() >= needed,
            "BoxMuller::fill needs {needed} words for {} values, got {}",
            values.len(),
            words.len()
        );
        let words = &mut words[..needed];
        rng.fill_bytes(word_bytes(words));

        let mut blocks = values.chunks_exact_mut(BLOCK);
        for (block, block_words) in (&mut blocks).zip(words.chunks_exact(BLOCK)) {
            let (sines, cosines) = pairs(load(&block_words[..LANES]), load(&block_words[LANES..]));
            block[..LANES].copy_from_slice(sines.as_array_ref());
            block[LANES..].copy_from_slice(cosines.as_array_ref());
        }

        // The short last block: its words are split in half the same way,
        // padded with zeros to a full vector, and only the values it needs
        // are kept.
        let tail = blocks.into_remainder();
        if tail.is_empty() {
            return;
        }
        let tail_words = &words[needed - Self::words_for(tail.len())..];
        let half = tail_words.len() / 2;
        let mut first = [0u32; LANES];
        let mut second = [0u32; LANES];
        first[..half].copy_from_slice(&tail_words[..half]);
        second[..half].copy_from_slice(&tail_words[half..]);
        let (sines, cosines) = pairs(load(&first), load(&second));
        let (tail_sines, tail_cosines) = tail.split_at_mut(half);
        tail_sines.copy_from_slice(&sines.as_array_ref()[..half]);
        tail_cosines.copy_from_slice(&cosines.as_array_ref()[..tail_cosines.len()]);
    }

    /// Words one call of `fill` reads for `count` values: `count` rounded up
    /// to even.
    pub fn words_for(count: usize) -> usize {
        count + count % 2
    }
}

/// Eight words as lanes, from little-endian storage; `words` holds eight.
#[inline(always)]
fn load(words: &[u32]) -> i32x8 {
    let words: &[u32; LANES] = words.try_into().expect("eight words");
    i32x8::new(words.map(|word| u32::from_le(word) as i32))
}

/// Eight Box–Muller pairs: lane `k` of `a` and `b` gives lane `k` of
/// `(r sin theta, r cos theta)`.
#[inline(always)]
fn pairs(a: i32x8, b: i32x8) -> (f32x8, f32x8) {
    let r = radius(a);
    let (sine, cosine) = sin_cos(b);
    (r * sine, r * cosine)
}

/// `r = sqrt(-2 ln u1)` with `u1 = ((a >> 9) + 1) * 2^-23`.
#[inline(always)]
fn radius(a: i32x8) -> f32x8 {
    // The shift is arithmetic; the mask makes it the logical one.
    let k = ((a >> 9_u32) & i32x8::splat(0x7F_FFFF)) + i32x8::splat(1);
    let bits = float_bits(k.round_float());

    // k = 2^e * m with m in [1, 2), read off the bits; then m above sqrt(2)
    // is halved (one off its exponent field) and e raised to match, so that
    // s below stays small. `high` is -1 in lanes that move, 0 elsewhere.
    let mut exponent = (bits >> 23_u32) - i32x8::splat(127);
    let mut mantissa = (bits & i32x8::splat(0x7F_FFFF)) | i32x8::splat(1f32.to_bits() as i32);
    let high = mantissa.cmp_gt(i32x8::splat(std::f32::consts::SQRT_2.to_bits() as i32));
    mantissa += high << 23_u32;
    exponent -= high;
    let m = float_from_bits(mantissa);

    // ln m = 2s + 2s z (1/3 + z/5 + z^2/7 + z^3/9), z = s^2, where m - 1 is
    // exact and the leading 2s carries most of the value.
    let s = (m - f32x8::ONE) / (m + f32x8::ONE);
    let z = s * s;
    let series = f32x8::splat(1.0 / 3.0)
        + z * (f32x8::splat(1.0 / 5.0) + z * (f32x8::splat(1.0 / 7.0) + z * (1.0 / 9.0)));
    let two_s = s + s;
    let ln_m = two_s + two_s * z * series;

    // Small terms first; the high product is exact, so the last sum rounds once.
    let offset = (exponent - i32x8::splat(23)).round_float();
    let ln_u1 = (offset * LN_2_LOW + ln_m) + offset * LN_2_HIGH;

    // ln u1 <= 0 in every case, but a rounding must never give sqrt a
    // negative: max(x, 0) by clearing every lane whose sign bit is set (so
    // -0 becomes +0 as well), two integer operations with no NaN handling.
    let radius_squared = float_bits(ln_u1 * -2.0);
    float_from_bits(radius_squared & !(radius_squared >> 31_u32)).sqrt()
}

/// `(sin theta, cos theta)` for `theta = 2 pi (b >> 8) / 2^24`.
#[inline(always)]
fn sin_cos(b: i32x8) -> (f32x8, f32x8) {
    // Exact reduction in integers: shifting x by an eighth of a turn makes
    // the quadrant the top two bits and j the rest, centred on zero.
    let x = (b >> 8_u32) & i32x8::splat(0xFF_FFFF);
    let y = x + i32x8::splat(1 << 21);
    let quadrant = (y >> 22_u32) & i32x8::splat(3);
    let j = (y & i32x8::splat((1 << 22) - 1)) - i32x8::splat(1 << 21);
    let phi = j.round_float() * ANGLE_STEP;

    // Taylor series in z = phi^2; 1/n! rounded to float32.
    let z = phi * phi;
    let sine = phi
        + phi
            * z
            * (f32x8::splat(-1.0 / 6.0)
                + z * (f32x8::splat(1.0 / 120.0)
                    + z * (f32x8::splat(-1.0 / 5040.0) + z * (1.0 / 362_880.0))));
    let cosine = f32x8::ONE
        + z * (f32x8::splat(-0.5)
            + z * (f32x8::splat(1.0 / 24.0)
                + z * (f32x8::splat(-1.0 / 720.0)
                    + z * (f32x8::splat(1.0 / 40_320.0) + z * (-1.0 / 3_628_800.0)))));

    // theta = q pi/2 + phi. Odd quadrants swap sine and cosine; the sine is
    // negative in quadrants 2 and 3, the cosine in 1 and 2. Signs are set by
    // flipping bit 31.
    let swap = (quadrant & i32x8::splat(1)).cmp_eq(i32x8::splat(1));
    let sine_sign = (quadrant & i32x8::splat(2)) << 30_u32;
    let cosine_sign = ((quadrant + i32x8::splat(1)) & i32x8::splat(2)) << 30_u32;
    let (sine, cosine) = (float_bits(sine), float_bits(cosine));
    (
        float_from_bits(swap.blend(cosine, sine) ^ sine_sign),
        float_from_bits(swap.blend(sine, cosine) ^ cosine_sign),
    )
}

/// The bit patterns of eight floats.
#[inline(always)]
fn float_bits(x: f32x8) -> i32x8 {
    bytemuck::cast(x)
}

/// Eight floats from their bit patterns.
#[inline(always)]
fn float_from_bits(x: i32x8) -> f32x8 {
    bytemuck::cast(x)
}

/// The bytes of a word buffer, for a bulk read from the generator.
fn word_bytes(words: &mut [u32]) -> &mut [u8] {
    bytemuck::cast_slice_mut(words)
}

#[cfg(test)]
mod tests;
