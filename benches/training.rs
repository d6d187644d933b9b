//! One full tutorial run (4000 epochs) of `baseline` and `pre-activation`,
//! the two speed targets of the training loop.

use criterion::{Criterion, criterion_group, criterion_main};
use noise_report::data::{CirclesParams, make_circles};
use noise_report::nn::{Activation, LayerSpec};
use noise_report::train::{Samples, TrainConfig, train};

fn full_runs(c: &mut Criterion) {
    let (train_set, test_set) = make_circles(&CirclesParams::default()).split(30);
    let (train_set, test_set) = (
        Samples::from_dataset(&train_set),
        Samples::from_dataset(&test_set),
    );
    let config = TrainConfig::default();
    let baseline = [
        LayerSpec::Dense {
            units: 500,
            activation: Some(Activation::Relu),
        },
        LayerSpec::Dense {
            units: 1,
            activation: Some(Activation::Sigmoid),
        },
    ];
    let pre_activation = [
        LayerSpec::Dense {
            units: 500,
            activation: None,
        },
        LayerSpec::Noise { stddev: 0.1 },
        LayerSpec::Activation {
            function: Activation::Relu,
        },
        LayerSpec::Dense {
            units: 1,
            activation: Some(Activation::Sigmoid),
        },
    ];

    let mut group = c.benchmark_group("full run, 4000 epochs");
    group.sample_size(20);
    for (name, specs) in [
        ("baseline", &baseline[..]),
        ("pre-activation", &pre_activation[..]),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| train(specs, &config, &train_set, &test_set, 0).expect("valid model"))
        });
    }
    group.finish();
}

criterion_group!(benches, full_runs);
criterion_main!(benches);
