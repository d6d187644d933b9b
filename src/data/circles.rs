//! scikit-learn's `make_circles`, reproduced bit for bit.

use std::f64::consts::PI;

use ndarray::{Array1, Array2, s};

use super::random_state::LegacyRandomState;

/// The arguments of `make_circles`; the defaults are the tutorial's.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CirclesParams {
    /// Total number of points (`n_samples`); the inner circle gets the odd one.
    pub samples: usize,
    /// Standard deviation of the Gaussian noise added to both coordinates.
    pub noise: f64,
    /// Radius of the inner circle relative to the outer one, in `[0, 1)`.
    pub factor: f64,
    /// `random_state`: the seed of numpy's legacy generator.
    pub seed: u32,
}

impl Default for CirclesParams {
    /// `make_circles(n_samples=100, noise=0.1, factor=0.8, random_state=1)`.
    fn default() -> Self {
        Self {
            samples: 100,
            noise: 0.1,
            factor: 0.8,
            seed: 1,
        }
    }
}

/// Points in the plane with binary labels: `x` is `[n, 2]`, `y` is `[n]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Coordinates, one row per point.
    pub x: Array2<f64>,
    /// Labels: 0 for the outer circle, 1 for the inner one.
    pub y: Array1<u8>,
}

impl Dataset {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether the dataset holds no points.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The tutorial's split: the first `train_rows` rows train, the rest test.
    ///
    /// Panics if `train_rows > self.len()`; the plan checks that first.
    pub fn split(&self, train_rows: usize) -> (Dataset, Dataset) {
        assert!(
            train_rows <= self.len(),
            "split past the end of the dataset"
        );
        let train = Dataset {
            x: self.x.slice(s![..train_rows, ..]).to_owned(),
            y: self.y.slice(s![..train_rows]).to_owned(),
        };
        let test = Dataset {
            x: self.x.slice(s![train_rows.., ..]).to_owned(),
            y: self.y.slice(s![train_rows..]).to_owned(),
        };
        (train, test)
    }

    /// Writes the points as CSV with the header `x0,x1,y`, each float in
    /// Rust's shortest form that reads back to the same value.
    pub fn to_csv(&self) -> String {
        let mut csv = String::from("x0,x1,y\n");
        for (row, label) in self.x.rows().into_iter().zip(&self.y) {
            csv.push_str(&format!("{:?},{:?},{}\n", row[0], row[1], label));
        }
        csv
    }
}

/// Makes two concentric circles exactly as scikit-learn 1.x does.
///
/// ```text
/// n_out = n / 2, n_in = n - n_out
/// t_out[i] = i * (2*pi / n_out), t_in[i] = i * (2*pi / n_in)
/// outer = (cos t, sin t) with label 0; inner = factor * (cos t, sin t) with label 1
/// shuffle rows with RandomState(seed); then X += noise * normal(size=(n, 2)), row-major
/// ```
///
/// Source: `sklearn/datasets/_samples_generator.py`, `make_circles`; the
/// spacing is `np.linspace(0, 2*pi, k, endpoint=False)`.
pub fn make_circles(params: &CirclesParams) -> Dataset {
    let samples = params.samples;
    let outer = samples / 2;
    let inner = samples - outer;
    let mut points = Vec::with_capacity(samples);
    for (count, radius, label) in [(outer, 1.0, 0u8), (inner, params.factor, 1u8)] {
        let step = 2.0 * PI / count as f64;
        for i in 0..count {
            let angle = i as f64 * step;
            points.push((angle.cos() * radius, angle.sin() * radius, label));
        }
    }

    let mut generator = LegacyRandomState::new(params.seed);
    let mut order: Vec<usize> = (0..samples).collect();
    generator.shuffle(&mut order);

    let mut x = Array2::zeros((samples, 2));
    let mut y = Array1::zeros(samples);
    for (row, &source) in order.iter().enumerate() {
        let (x0, x1, label) = points[source];
        x[[row, 0]] = x0;
        x[[row, 1]] = x1;
        y[row] = label;
    }

    // The normals come after the shuffle, from the same generator, in C order.
    for value in x.iter_mut() {
        *value += generator.next_normal(0.0, params.noise);
    }
    Dataset { x, y }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    // Reference values: scikit-learn 1.9.1 with numpy 2.4.6 on x86-64 glibc,
    // `make_circles(100, noise=0.1, random_state=1)`, recorded in
    // spec/keras-semantics.md section 9.6. The full fixture is checked in
    // tests/dataset.rs.
    #[test]
    fn tutorial_dataset_matches_scikit_learn() {
        let data = make_circles(&CirclesParams::default());
        assert_eq!(data.x[[0, 0]], -0.6364049338363261);
        assert_eq!(data.x[[0, 1]], -0.3687019099499154);
        assert_eq!(data.x[[2, 1]], -1.0668774339573932);
        let labels: String = data.y.iter().map(|label| label.to_string()).collect();
        assert_eq!(
            labels,
            "1101100111101110001001110010001111100100111010010101001001010110010101101101011000000100110011010100"
        );

        let mut hasher = Sha256::new();
        for value in &data.x {
            hasher.update(value.to_le_bytes());
        }
        let digest: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            digest,
            "efb2d00c5a378e172411719aef5b72b1d13dbeb2b3641f12d93930b1e0dfc71a"
        );
    }

    #[test]
    fn split_keeps_both_classes_in_each_part() {
        let (train, test) = make_circles(&CirclesParams::default()).split(30);
        assert_eq!((train.len(), test.len()), (30, 70));
        let ones = |d: &Dataset| d.y.iter().filter(|&&label| label == 1).count();
        assert_eq!(ones(&train), 16);
        assert_eq!(ones(&test), 34);
    }

    #[test]
    fn odd_counts_give_the_inner_circle_the_extra_point() {
        let data = make_circles(&CirclesParams {
            samples: 7,
            noise: 0.0,
            ..CirclesParams::default()
        });
        assert_eq!(data.y.iter().filter(|&&label| label == 1).count(), 4);
    }
}
