use super::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn build(specs: &[LayerSpec], seed: u64) -> Network {
    Network::new(specs, 2, LossKind::Logits, |layer| {
        ChaCha8Rng::seed_from_u64(seed + 100 * layer as u64)
    })
    .unwrap()
}

fn dense(units: usize, activation: Option<Activation>) -> LayerSpec {
    LayerSpec::Dense { units, activation }
}

const INPUTS: [f32; 12] = [
    0.3, -0.8, 1.1, 0.2, -0.5, -0.4, 0.9, 0.7, -1.2, 0.05, 0.0, 0.6,
];
const LABELS: [f32; 6] = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0];

/// Mean loss of one training pass over the six rows, with the noise stream
/// restarted at a fixed seed so that every call sees the same noise.
fn loss(network: &Network, work: &mut Workspace) -> f64 {
    let mut noise = ChaCha8Rng::seed_from_u64(9);
    let mut sum = 0.0;
    for (row, &label) in INPUTS.chunks_exact(2).zip(&LABELS) {
        let z = network.forward(work, row, Mode::Training, &mut noise);
        sum += f64::from(network.score(z, label).0);
    }
    sum / LABELS.len() as f64
}

/// One training pass over the six rows with backpropagation.
fn backward(network: &mut Network, work: &mut Workspace) {
    let mut noise = ChaCha8Rng::seed_from_u64(9);
    network.zero_gradients();
    for (row, &label) in INPUTS.chunks_exact(2).zip(&LABELS) {
        network.forward(work, row, Mode::Training, &mut noise);
        network.backward(work, label, LABELS.len());
    }
}

#[allow(clippy::needless_range_loop)] // `i` indexes a parameter inside the network too
/// Compares every parameter gradient of `backward` with a central finite
/// difference of the loss. float32 limits the precision of the difference,
/// so the step is 1e-2 and the tolerance is relative 2% plus 2e-4 absolute.
fn check_gradients(specs: &[LayerSpec]) {
    let mut network = build(specs, 1);
    let mut work = network.workspace();
    backward(&mut network, &mut work);
    let analytic: Vec<Vec<f32>> = network
        .dense_layers()
        .flat_map(|d| {
            [
                d.kernel_grad.iter().copied().collect(),
                d.bias_grad.to_vec(),
            ]
        })
        .collect();

    let step = 1e-2f32;
    let mut tensor = 0;
    for layer_index in 0..network.layers.len() {
        if !matches!(network.layers[layer_index], Layer::Dense(_)) {
            continue;
        }
        for part in 0..2 {
            let count = analytic[tensor].len();
            for i in 0..count {
                let mut numeric = 0.0;
                for sign in [1.0f32, -1.0] {
                    let Layer::Dense(d) = &mut network.layers[layer_index] else {
                        unreachable!()
                    };
                    let value = if part == 0 {
                        &mut d.kernel.as_slice_mut().unwrap()[i]
                    } else {
                        &mut d.bias.as_slice_mut().unwrap()[i]
                    };
                    let original = *value;
                    *value = original + sign * step;
                    let shifted = loss(&network, &mut work);
                    let Layer::Dense(d) = &mut network.layers[layer_index] else {
                        unreachable!()
                    };
                    let value = if part == 0 {
                        &mut d.kernel.as_slice_mut().unwrap()[i]
                    } else {
                        &mut d.bias.as_slice_mut().unwrap()[i]
                    };
                    *value = original;
                    numeric += f64::from(sign) * shifted;
                }
                numeric /= 2.0 * f64::from(step);
                let exact = f64::from(analytic[tensor][i]);
                let tolerance = 0.02 * exact.abs().max(numeric.abs()) + 2e-4;
                assert!(
                    (exact - numeric).abs() <= tolerance,
                    "{specs:?}: tensor {tensor} element {i}: backward {exact} vs numeric {numeric}"
                );
            }
            tensor += 1;
        }
    }
}

#[test]
fn gradients_of_dense_and_sigmoid_layers() {
    check_gradients(&[
        dense(4, Some(Activation::Sigmoid)),
        dense(1, Some(Activation::Sigmoid)),
    ]);
}

#[test]
fn gradients_of_linear_and_standalone_activations() {
    check_gradients(&[
        dense(9, Some(Activation::Linear)),
        LayerSpec::Activation {
            function: Activation::Sigmoid,
        },
        dense(3, None),
        LayerSpec::Activation {
            function: Activation::Sigmoid,
        },
        dense(1, None),
        LayerSpec::Activation {
            function: Activation::Sigmoid,
        },
    ]);
}

#[test]
fn gradients_of_relu_and_noise_layers() {
    // Few units keep the finite differences away from relu's kink at 0.
    check_gradients(&[
        LayerSpec::Noise { stddev: 0.05 },
        dense(5, None),
        LayerSpec::Noise { stddev: 0.1 },
        LayerSpec::Activation {
            function: Activation::Relu,
        },
        dense(20, Some(Activation::Sigmoid)),
        LayerSpec::Noise { stddev: 0.1 },
        dense(1, Some(Activation::Sigmoid)),
    ]);
}

#[test]
fn evaluation_ignores_noise_and_repeats_exactly() {
    let specs = [
        LayerSpec::Noise { stddev: 0.5 },
        dense(16, Some(Activation::Relu)),
        LayerSpec::Noise { stddev: 0.5 },
        dense(1, Some(Activation::Sigmoid)),
    ];
    let network = build(&specs, 4);
    let mut work = network.workspace();
    let mut noise = ChaCha8Rng::seed_from_u64(1);

    let mut evaluate = |mode| -> Vec<f32> {
        let rows = INPUTS.chunks_exact(2);
        rows.map(|row| network.forward(&mut work, row, mode, &mut noise))
            .collect()
    };
    let first = evaluate(Mode::Evaluation);
    let second = evaluate(Mode::Evaluation);
    let noisy = evaluate(Mode::Training);
    assert_eq!(first, second);
    assert_ne!(first, noisy);
}

#[test]
fn noise_layers_do_not_shift_initial_weights() {
    let plain = build(
        &[
            dense(50, Some(Activation::Relu)),
            dense(1, Some(Activation::Sigmoid)),
        ],
        3,
    );
    let noisy = build(
        &[
            LayerSpec::Noise { stddev: 0.01 },
            dense(50, None),
            LayerSpec::Noise { stddev: 0.1 },
            LayerSpec::Activation {
                function: Activation::Relu,
            },
            dense(1, Some(Activation::Sigmoid)),
        ],
        3,
    );
    let kernels = |n: &Network| {
        n.dense_layers()
            .map(|d| d.kernel.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(kernels(&plain), kernels(&noisy));
}

#[test]
fn stacks_without_a_sigmoid_unit_are_rejected() {
    let build = |specs: &[LayerSpec]| {
        Network::new(specs, 2, LossKind::Logits, |_| ChaCha8Rng::seed_from_u64(0))
    };
    assert!(matches!(
        build(&[dense(3, Some(Activation::Relu))]),
        Err(ArchitectureError::NoSigmoidOutput(_))
    ));
    assert!(matches!(
        build(&[dense(2, Some(Activation::Sigmoid))]),
        Err(ArchitectureError::NoSigmoidOutput(_))
    ));
    assert!(matches!(
        build(&[]),
        Err(ArchitectureError::NoSigmoidOutput(_))
    ));
    assert!(matches!(
        build(&[
            LayerSpec::Noise { stddev: -1.0 },
            dense(1, Some(Activation::Sigmoid))
        ]),
        Err(ArchitectureError::BadStddev { index: 1, .. })
    ));
    assert!(matches!(
        build(&[dense(0, None), dense(1, Some(Activation::Sigmoid))]),
        Err(ArchitectureError::ZeroUnits(1))
    ));
}

#[test]
fn the_fused_evaluation_gives_the_same_bits_as_the_layered_one() {
    let relu = Some(Activation::Relu);
    let stacks: Vec<Vec<LayerSpec>> = vec![
        vec![dense(500, relu), dense(1, Some(Activation::Sigmoid))],
        vec![
            LayerSpec::Noise { stddev: 0.01 },
            dense(37, relu),
            dense(1, Some(Activation::Sigmoid)),
        ],
        vec![
            dense(64, None),
            LayerSpec::Noise { stddev: 0.1 },
            LayerSpec::Activation {
                function: Activation::Relu,
            },
            dense(1, Some(Activation::Sigmoid)),
        ],
        vec![
            dense(21, Some(Activation::Linear)),
            dense(1, None),
            LayerSpec::Activation {
                function: Activation::Sigmoid,
            },
        ],
    ];
    for specs in stacks {
        let mut network = build(&specs, 2);
        // Move the biases off zero so that every term matters.
        for layer in &mut network.layers {
            if let Layer::Dense(d) = layer {
                d.bias
                    .iter_mut()
                    .enumerate()
                    .for_each(|(i, b)| *b = (i as f32 * 0.37).sin() * 0.3);
            }
        }
        assert!(network.fused.is_some(), "{specs:?} has the fused shape");
        let mut work = network.workspace();
        let mut unused = ChaCha8Rng::seed_from_u64(0);
        let rows: Vec<&[f32]> = INPUTS.chunks_exact(2).collect();
        let grouped = network.evaluate_logits(&mut work, [rows[0], rows[1], rows[2], rows[3]]);
        for (index, row) in rows.iter().enumerate() {
            let layered = network.forward(&mut work, row, Mode::Evaluation, &mut unused);
            let fused = network.evaluate_logit(&mut work, row);
            assert_eq!(layered.to_bits(), fused.to_bits(), "{specs:?} at {row:?}");
            if index < 4 {
                assert_eq!(
                    layered.to_bits(),
                    grouped[index].to_bits(),
                    "{specs:?} grouped at {row:?}"
                );
            }
        }
    }
}

#[test]
fn other_shapes_take_the_layered_evaluation() {
    let sigmoid_hidden = build(
        &[
            dense(8, Some(Activation::Sigmoid)),
            dense(1, Some(Activation::Sigmoid)),
        ],
        1,
    );
    let two_hidden = build(
        &[
            dense(8, Some(Activation::Relu)),
            dense(8, Some(Activation::Relu)),
            dense(1, Some(Activation::Sigmoid)),
        ],
        1,
    );
    assert!(sigmoid_hidden.fused.is_none());
    assert!(two_hidden.fused.is_none());
}

/// Trains on the six rows with `train_row` and returns each row's loss and
/// verdict, the gradients, and the next word of the noise stream (which
/// shows that both passes drew the same amount).
fn train_rows(network: &mut Network) -> (Vec<(u32, bool)>, Vec<Vec<u32>>, u32) {
    let mut work = network.workspace();
    let mut noise = ChaCha8Rng::seed_from_u64(11);
    network.zero_gradients();
    let scores = INPUTS
        .chunks_exact(2)
        .zip(&LABELS)
        .map(|(row, &label)| {
            let (loss, correct) =
                network.train_row(&mut work, row, label, LABELS.len(), &mut noise);
            (loss.to_bits(), correct)
        })
        .collect();
    let gradients = network
        .dense_layers()
        .flat_map(|d| {
            [
                d.kernel_grad.iter().map(|v| v.to_bits()).collect(),
                d.bias_grad.iter().map(|v| v.to_bits()).collect(),
            ]
        })
        .collect();
    (scores, gradients, noise.next_u32())
}

#[test]
fn the_fused_training_gives_the_same_bits_as_the_layered_one() {
    let relu = Some(Activation::Relu);
    let relu_layer = LayerSpec::Activation {
        function: Activation::Relu,
    };
    let noise = |stddev| LayerSpec::Noise { stddev };
    let output = dense(1, Some(Activation::Sigmoid));
    let stacks: Vec<Vec<LayerSpec>> = vec![
        // The tutorial's five shapes, some at full width, some at odd
        // widths that leave a tail after the blocks of sixteen.
        vec![dense(500, relu), output],
        vec![noise(0.01), dense(37, relu), output],
        vec![dense(37, None), noise(0.1), relu_layer, output],
        vec![dense(500, relu), noise(0.1), output],
        vec![
            noise(0.01),
            dense(19, None),
            noise(0.1),
            relu_layer,
            noise(0.1),
            output,
        ],
        // Shapes the tutorial does not use but the fused pass accepts.
        vec![dense(13, relu), noise(0.3), relu_layer, noise(0.2), output],
        vec![dense(9, Some(Activation::Linear)), noise(0.5), output],
        // Identity steps that drop out, and two noise layers in a row.
        vec![
            dense(23, relu),
            noise(0.0),
            LayerSpec::Activation {
                function: Activation::Linear,
            },
            noise(0.4),
            noise(0.3),
            output,
        ],
        vec![dense(17, relu), relu_layer, noise(0.2), output],
    ];
    for specs in stacks {
        let mut fused = build(&specs, 3);
        assert!(
            fused.fused_training.is_some(),
            "{specs:?} has the fused shape"
        );
        let mut layered = build(&specs, 3);
        layered.fused_training = None;
        assert_eq!(
            train_rows(&mut fused),
            train_rows(&mut layered),
            "{specs:?}"
        );
    }
}

#[test]
fn other_shapes_take_the_layered_training() {
    let relu = Some(Activation::Relu);
    let stacks = [
        vec![
            dense(8, Some(Activation::Sigmoid)),
            dense(1, Some(Activation::Sigmoid)),
        ],
        vec![
            dense(8, relu),
            LayerSpec::Activation {
                function: Activation::Sigmoid,
            },
            dense(1, Some(Activation::Sigmoid)),
        ],
        vec![
            dense(8, relu),
            dense(8, relu),
            dense(1, Some(Activation::Sigmoid)),
        ],
    ];
    for specs in stacks {
        let mut network = build(&specs, 1);
        assert!(network.fused_training.is_none(), "{specs:?}");
        // The layered pass still trains them.
        let (scores, _, _) = train_rows(&mut network);
        assert!(
            scores
                .iter()
                .all(|&(loss, _)| f32::from_bits(loss).is_finite())
        );
    }
}
