//! `results.csv`: one row per run of every experiment and grid point's
//! summary, for spreadsheets.

use super::Results;

/// One row per experiment seed: final scores, peak and divergence.
pub fn to_csv(results: &Results) -> String {
    let mut csv = String::from(
        "experiment,seed,train_accuracy,test_accuracy,train_correct,train_total,test_correct,test_total,train_loss,test_loss,peak_test_accuracy,peak_epoch,diverged_at\n",
    );
    for experiment in &results.experiments {
        for s in &experiment.seeds {
            csv.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                experiment.id,
                s.seed,
                s.train.accuracy,
                s.test.accuracy,
                s.train.correct,
                s.train.total,
                s.test.correct,
                s.test.total,
                s.train.loss,
                s.test.loss,
                s.peak_test_accuracy,
                s.peak_epoch,
                s.diverged_at.map_or(String::new(), |e| e.to_string()),
            ));
        }
    }
    csv
}
