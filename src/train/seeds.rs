//! How one run's seed becomes its random streams. This is the only place
//! where that derivation is written down; the report's "how to reproduce"
//! chapter quotes it.
//!
//! A run's seed `s` (a `u64`) keys a ChaCha8 generator,
//! `ChaCha8Rng::seed_from_u64(s)` (rand_core expands the seed to a 256-bit key
//! with PCG32). Each purpose reads its own ChaCha stream of that key,
//! selected with `set_stream(id)`:
//!
//! | purpose                              | stream id      |
//! | ------------------------------------ | -------------- |
//! | initial weights of dense layer `k`   | `k` (0, 1, ...)|
//! | Gaussian noise, all noise layers     | `2^32`         |
//! | order of training rows in each epoch | `2^32 + 1`     |
//!
//! Consequences: seed `k` of every experiment starts from the same weights
//! whenever the dense layers have the same shapes, so experiments form a
//! paired comparison; adding or removing a noise layer never shifts the
//! initial weights or the batch order; and a run depends on nothing but its
//! seed, never on which runs came before it or which thread ran it.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Stream id of the noise layers' draws.
const NOISE_STREAM: u64 = 1 << 32;
/// Stream id of the per-epoch shuffle of training rows.
const SHUFFLE_STREAM: u64 = (1 << 32) + 1;

/// The stream that draws the kernel of dense layer `layer` (counted from 0).
pub fn init_stream(seed: u64, layer: usize) -> ChaCha8Rng {
    stream(seed, layer as u64)
}

/// The stream of every Gaussian noise draw of a run, in order.
pub fn noise_stream(seed: u64) -> ChaCha8Rng {
    stream(seed, NOISE_STREAM)
}

/// The stream that shuffles the training rows at the start of each epoch.
pub fn shuffle_stream(seed: u64) -> ChaCha8Rng {
    stream(seed, SHUFFLE_STREAM)
}

fn stream(seed: u64, id: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(id);
    rng
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

    #[test]
    fn streams_differ_by_purpose_and_seed() {
        let first = |mut rng: ChaCha8Rng| rng.next_u64();
        let values = [
            first(init_stream(0, 0)),
            first(init_stream(0, 1)),
            first(noise_stream(0)),
            first(shuffle_stream(0)),
            first(init_stream(1, 0)),
        ];
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn streams_are_pure_functions_of_the_seed() {
        assert_eq!(noise_stream(42).next_u64(), noise_stream(42).next_u64());
    }
}
