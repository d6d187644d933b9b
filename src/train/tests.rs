use super::*;
use crate::data::{CirclesParams, make_circles};
use crate::nn::Activation;

fn tutorial_data() -> (Samples, Samples) {
    let (train, test) = make_circles(&CirclesParams::default()).split(30);
    (Samples::from_dataset(&train), Samples::from_dataset(&test))
}

fn baseline() -> Vec<LayerSpec> {
    vec![
        LayerSpec::Dense {
            units: 500,
            activation: Some(Activation::Relu),
        },
        LayerSpec::Dense {
            units: 1,
            activation: Some(Activation::Sigmoid),
        },
    ]
}

fn pre_activation(stddev: f64) -> Vec<LayerSpec> {
    vec![
        LayerSpec::Dense {
            units: 500,
            activation: None,
        },
        LayerSpec::Noise { stddev },
        LayerSpec::Activation {
            function: Activation::Relu,
        },
        LayerSpec::Dense {
            units: 1,
            activation: Some(Activation::Sigmoid),
        },
    ]
}

fn short(epochs: usize) -> TrainConfig {
    TrainConfig {
        epochs,
        ..TrainConfig::default()
    }
}

#[test]
fn the_same_seed_gives_bit_identical_histories() {
    let (train_set, test_set) = tutorial_data();
    let (first, _) = train(&pre_activation(0.1), &short(300), &train_set, &test_set, 7).unwrap();
    let (second, _) = train(&pre_activation(0.1), &short(300), &train_set, &test_set, 7).unwrap();
    assert_eq!(first, second);

    let (other, _) = train(&pre_activation(0.1), &short(300), &train_set, &test_set, 8).unwrap();
    assert_ne!(first.history, other.history);
}

#[test]
fn a_zero_noise_layer_changes_nothing() {
    let (train_set, test_set) = tutorial_data();
    let plain = vec![
        LayerSpec::Dense {
            units: 500,
            activation: None,
        },
        LayerSpec::Activation {
            function: Activation::Relu,
        },
        LayerSpec::Dense {
            units: 1,
            activation: Some(Activation::Sigmoid),
        },
    ];
    let (without, _) = train(&plain, &short(300), &train_set, &test_set, 3).unwrap();
    let (with_zero, _) =
        train(&pre_activation(0.0), &short(300), &train_set, &test_set, 3).unwrap();
    assert_eq!(without, with_zero);
}

#[test]
fn noise_changes_the_training_pass_from_the_same_starting_point() {
    let (train_set, test_set) = tutorial_data();
    let (_, quiet) = train(&pre_activation(0.0), &short(0), &train_set, &test_set, 3).unwrap();
    let (_, noisy) = train(&pre_activation(0.5), &short(0), &train_set, &test_set, 3).unwrap();
    let kernels = |n: &Network| {
        n.dense_layers()
            .map(|d| d.kernel.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kernels(&quiet),
        kernels(&noisy),
        "the seed decides the initial weights"
    );

    let (quiet, _) = train(&pre_activation(0.0), &short(1), &train_set, &test_set, 3).unwrap();
    let (noisy, _) = train(&pre_activation(0.5), &short(1), &train_set, &test_set, 3).unwrap();
    assert_ne!(quiet.history.loss[0], noisy.history.loss[0]);
}

#[test]
fn the_baseline_fits_the_training_set_on_seed_0() {
    let (train_set, test_set) = tutorial_data();
    let (record, _) = train(
        &baseline(),
        &TrainConfig::default(),
        &train_set,
        &test_set,
        0,
    )
    .unwrap();
    assert_eq!(record.history.len(), 4000);
    assert_eq!(record.train.correct, 30, "{record:?}");
    assert_eq!(record.train.accuracy, 1.0);
    assert_eq!(record.diverged_at, None);
    assert!(record.history.val_loss.iter().all(|v| v.is_finite()));
    // The history's last validation pass is the final test evaluation.
    assert_eq!(record.history.val_accuracy[3999], record.test.accuracy);
    assert_eq!(record.history.val_loss[3999], record.test.loss);
}

#[test]
fn evaluation_is_repeatable() {
    let (train_set, test_set) = tutorial_data();
    let (_, network) = train(&pre_activation(0.1), &short(50), &train_set, &test_set, 1).unwrap();
    let mut work = network.workspace();
    let first = evaluate(&network, &mut work, &test_set);
    let second = evaluate(&network, &mut work, &test_set);
    assert_eq!(first, second);
}

#[test]
fn a_huge_learning_rate_is_recorded_as_divergence() {
    let (train_set, test_set) = tutorial_data();
    let mut config = short(2000);
    config.adam.learning_rate = 1e30;
    let (record, _) = train(&baseline(), &config, &train_set, &test_set, 0).unwrap();
    let epoch = record
        .diverged_at
        .expect("a learning rate of 1e30 diverges");
    assert_eq!(record.history.len(), epoch);
    assert!(!record.history.loss[epoch - 1].is_finite());
}

#[test]
fn small_batches_take_several_steps_per_epoch() {
    let (train_set, test_set) = tutorial_data();
    let config = TrainConfig {
        epochs: 20,
        batch_size: 8,
        ..TrainConfig::default()
    };
    let (record, _) = train(&baseline(), &config, &train_set, &test_set, 0).unwrap();
    let (whole, _) = train(&baseline(), &short(20), &train_set, &test_set, 0).unwrap();
    assert_eq!(record.history.len(), 20);
    assert!(record.history.loss.iter().all(|v| v.is_finite()));
    // Four Adam steps an epoch move the weights further than one: after
    // 20 epochs the small-batch model fits the training set better.
    assert!(
        record.history.loss[19] < whole.history.loss[19],
        "{record:?}"
    );
}

#[test]
fn predictions_are_probabilities() {
    let (train_set, test_set) = tutorial_data();
    let (_, network) = train(&baseline(), &short(10), &train_set, &test_set, 0).unwrap();
    let grid = Array2::from_shape_fn((40, 2), |(i, j)| {
        (i as f32 - 20.0) / 10.0 * (j as f32 + 1.0)
    });
    let probabilities = predict(&network, &grid);
    assert_eq!(probabilities.len(), 40);
    assert!(probabilities.iter().all(|p| (0.0..=1.0).contains(p)));
}

/// A change detector for the numerics: the final losses of a short noisy
/// run, as bits. When a deliberate change moves them, bump
/// [`NUMERICS_REVISION`] (so stale cached runs are not reused) and record
/// the new bits here with the revision they belong to.
#[test]
fn the_numerics_revision_is_pinned() {
    let (train_set, test_set) = tutorial_data();
    let (record, _) = train(&pre_activation(0.1), &short(50), &train_set, &test_set, 0).unwrap();
    let bits = [record.train.loss.to_bits(), record.test.loss.to_bits()];
    println!(
        "revision {NUMERICS_REVISION}: {:#010x}, {:#010x}",
        bits[0], bits[1]
    );
    assert_eq!((NUMERICS_REVISION, bits), (2, [0x3f26_782c, 0x3f40_f0ba]));
}
