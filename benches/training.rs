//! One full tutorial run (4000 epochs) of `baseline` and `pre-activation`,
//! the two speed targets of the training loop, and the normal draws that
//! dominate the second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use noise_report::data::{CirclesParams, make_circles};
use noise_report::nn::{Activation, BoxMuller, LayerSpec};
use noise_report::train::{Samples, TrainConfig, train};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

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

/// 500 draws, one hidden row's noise, against the ChaCha8 words alone.
fn normal_draws(c: &mut Criterion) {
    const COUNT: usize = 500;
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut words = vec![0u32; BoxMuller::words_for(COUNT)];
    let mut bytes = vec![0u8; 4 * COUNT];
    let mut values = vec![0f32; COUNT];
    let sampler = BoxMuller::new();

    let mut group = c.benchmark_group("500 normal draws");
    group.throughput(Throughput::Elements(COUNT as u64));
    group.bench_function("ChaCha8 words alone", |b| {
        b.iter(|| rng.fill_bytes(&mut bytes))
    });
    group.bench_function("BoxMuller::fill", |b| {
        b.iter(|| sampler.fill(&mut rng, &mut words, &mut values))
    });
    group.finish();
}

criterion_group!(benches, full_runs, normal_draws);
criterion_main!(benches);
