//! The compact layer syntax of `report.toml`.
//!
//! ```text
//! dense UNITS [relu|sigmoid|linear]   a Dense layer, optionally with its activation
//! relu | sigmoid | linear             a stand-alone activation
//! noise STDDEV                        GaussianNoise; in the grid, `noise {stddev}`
//! ```

use crate::nn::{Activation, LayerSpec};

/// The grid's placeholder for the standard deviation under study.
pub const STDDEV_PLACEHOLDER: &str = "{stddev}";

/// The largest noise standard deviation accepted. Note: Keras 3 stops at 1;
/// we allow more for grids that explore drowning the signal, but not so much
/// that float32 noise stops being finite.
pub const MAX_STDDEV: f64 = 1000.0;

/// What a layer string may look like, for error hints.
pub const LAYER_SYNTAX: &str = "`dense UNITS`, `dense UNITS relu|sigmoid|linear`, `relu`, `sigmoid`, `linear` or `noise STDDEV`";

/// A parsed layer whose noise level may still be the grid's placeholder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LayerTemplate {
    /// A complete layer.
    Fixed(LayerSpec),
    /// `noise {stddev}`: the grid fills in the standard deviation.
    GridNoise,
}

impl LayerTemplate {
    /// The layer with the grid's standard deviation filled in.
    pub fn with_stddev(self, stddev: f64) -> LayerSpec {
        match self {
            LayerTemplate::Fixed(spec) => spec,
            LayerTemplate::GridNoise => LayerSpec::Noise { stddev },
        }
    }
}

/// Parses one layer string; the error says what is wrong with it.
pub fn parse_layer(text: &str) -> Result<LayerTemplate, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let spec = match words.as_slice() {
        ["dense", units] | ["dense", units, _] => {
            let units: usize = units
                .parse()
                .map_err(|_| format!("`{units}` is not a number of units in `{text}`"))?;
            if units == 0 {
                return Err(format!(
                    "`{text}` has no units; a dense layer needs at least 1"
                ));
            }
            let activation = match words.get(2) {
                None => None,
                Some(name) => Some(Activation::from_name(name).ok_or_else(|| {
                    format!("unknown activation `{name}` in `{text}`; use relu, sigmoid or linear")
                })?),
            };
            LayerSpec::Dense { units, activation }
        }
        ["noise", stddev] if *stddev == STDDEV_PLACEHOLDER => return Ok(LayerTemplate::GridNoise),
        ["noise", stddev] => {
            let value: f64 = stddev
                .parse()
                .map_err(|_| format!("`{stddev}` is not a standard deviation in `{text}`"))?;
            if !(0.0..=MAX_STDDEV).contains(&value) {
                return Err(format!(
                    "noise standard deviation {stddev} must be a number from 0 to {MAX_STDDEV}"
                ));
            }
            LayerSpec::Noise { stddev: value }
        }
        [name] if Activation::from_name(name).is_some() => LayerSpec::Activation {
            function: Activation::from_name(name).expect("checked by the guard"),
        },
        _ => return Err(format!("unknown layer `{text}`")),
    };
    Ok(LayerTemplate::Fixed(spec))
}

/// A Keras listing of the model, for readers who know Keras.
pub fn keras_listing(layers: &[LayerSpec], inputs: usize) -> String {
    let mut lines = vec!["model = Sequential()".to_string()];
    let mut first = true;
    for layer in layers {
        let shape = if first {
            format!(", input_shape=({inputs},)")
        } else {
            String::new()
        };
        let call = match layer {
            LayerSpec::Dense {
                units,
                activation: Some(a),
            } => {
                format!("Dense({units}, activation='{}'{shape})", a.name())
            }
            LayerSpec::Dense {
                units,
                activation: None,
            } => format!("Dense({units}{shape})"),
            LayerSpec::Activation { function } => {
                format!("Activation('{}'{shape})", function.name())
            }
            LayerSpec::Noise { stddev } => format!("GaussianNoise({stddev}{shape})"),
        };
        lines.push(format!("model.add({call})"));
        first = false;
    }
    lines.push(
        "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])".into(),
    );
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(
            parse_layer("dense 500 relu"),
            Ok(LayerTemplate::Fixed(LayerSpec::Dense {
                units: 500,
                activation: Some(Activation::Relu)
            }))
        );
        assert_eq!(
            parse_layer(" dense  1 "),
            Ok(LayerTemplate::Fixed(LayerSpec::Dense {
                units: 1,
                activation: None
            }))
        );
        assert_eq!(
            parse_layer("noise 0.1"),
            Ok(LayerTemplate::Fixed(LayerSpec::Noise { stddev: 0.1 }))
        );
        assert_eq!(parse_layer("noise {stddev}"), Ok(LayerTemplate::GridNoise));
        assert_eq!(
            parse_layer("relu"),
            Ok(LayerTemplate::Fixed(LayerSpec::Activation {
                function: Activation::Relu
            }))
        );
    }

    #[test]
    fn rejects_bad_layers_with_the_value_at_fault() {
        assert!(
            parse_layer("conv 3")
                .unwrap_err()
                .contains("unknown layer `conv 3`")
        );
        assert!(parse_layer("dense 0").unwrap_err().contains("at least 1"));
        assert!(parse_layer("dense 5 tanh").unwrap_err().contains("`tanh`"));
        assert!(parse_layer("noise -0.1").unwrap_err().contains("-0.1"));
        assert!(parse_layer("noise inf").unwrap_err().contains("inf"));
        assert!(parse_layer("noise NaN").unwrap_err().contains("NaN"));
        assert!(parse_layer("").is_err());
    }

    #[test]
    fn keras_listing_follows_the_stack() {
        let layers = [
            LayerSpec::Noise { stddev: 0.01 },
            LayerSpec::Dense {
                units: 500,
                activation: Some(Activation::Relu),
            },
            LayerSpec::Dense {
                units: 1,
                activation: Some(Activation::Sigmoid),
            },
        ];
        let listing = keras_listing(&layers, 2);
        assert!(listing.contains("model.add(GaussianNoise(0.01, input_shape=(2,)))"));
        assert!(listing.contains("model.add(Dense(1, activation='sigmoid'))"));
    }
}
