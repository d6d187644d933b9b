//! The training loop allocates nothing per epoch: a run of many epochs
//! makes exactly as many allocations as a run of few.
//!
//! This is its own test binary because it installs a counting allocator
//! for the whole process.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use noise_report::data::{CirclesParams, make_circles};
use noise_report::nn::{Activation, LayerSpec};
use noise_report::train::{Samples, TrainConfig, train};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the
// counter is the only addition.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's guarantees for `layout` hold for System too.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, that is from System.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as in `dealloc`, and `new_size` is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by one run of `specs` for `epochs` epochs.
fn allocations(specs: &[LayerSpec], epochs: usize) -> usize {
    let (train_set, test_set) = make_circles(&CirclesParams::default()).split(30);
    let (train_set, test_set) = (
        Samples::from_dataset(&train_set),
        Samples::from_dataset(&test_set),
    );
    let config = TrainConfig {
        epochs,
        ..TrainConfig::default()
    };
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let run = train(specs, &config, &train_set, &test_set, 0).unwrap();
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    drop(run);
    after - before
}

#[test]
fn epochs_allocate_nothing() {
    let dense = |units, activation| LayerSpec::Dense { units, activation };
    let stacks = [
        // The fused training pass: the tutorial's combined experiment.
        vec![
            LayerSpec::Noise { stddev: 0.01 },
            dense(500, None),
            LayerSpec::Noise { stddev: 0.1 },
            LayerSpec::Activation {
                function: Activation::Relu,
            },
            LayerSpec::Noise { stddev: 0.1 },
            dense(1, Some(Activation::Sigmoid)),
        ],
        // The layer-by-layer passes: two hidden layers.
        vec![
            dense(16, Some(Activation::Relu)),
            LayerSpec::Noise { stddev: 0.1 },
            dense(8, Some(Activation::Relu)),
            dense(1, Some(Activation::Sigmoid)),
        ],
    ];
    for specs in stacks {
        let few = allocations(&specs, 5);
        let many = allocations(&specs, 300);
        assert_eq!(few, many, "{specs:?}: 5 epochs vs 300 epochs");
    }
}
