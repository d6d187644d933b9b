//! What runs is decided by `report.toml` and the flags alone: the number of
//! worker threads changes nothing, and an edited configuration changes the
//! runs without any code change.

use super::*;

#[test]
fn one_or_two_workers_give_byte_identical_results() {
    let one = tempdir();
    let two = tempdir();
    let book_one = fixture_book(one.path(), &small_grid_config());
    let book_two = fixture_book(two.path(), &small_grid_config());

    // Fresh caches: every run is trained in both builds.
    build_small(one.path(), &book_one, "out", &["--jobs", "1"]).expect_success();
    build_small(two.path(), &book_two, "out", &["--jobs", "2"]).expect_success();

    let first = std::fs::read(one.path().join("out/results.json")).unwrap();
    let second = std::fs::read(two.path().join("out/results.json")).unwrap();
    assert!(
        first == second,
        "results.json differs between --jobs 1 and --jobs 2"
    );
    let first = std::fs::read(one.path().join("out/results.csv")).unwrap();
    let second = std::fs::read(two.path().join("out/results.csv")).unwrap();
    assert!(
        first == second,
        "results.csv differs between --jobs 1 and --jobs 2"
    );
}

#[test]
fn a_sixth_experiment_and_fewer_seeds_need_only_the_configuration() {
    let dir = tempdir();
    // 20 epochs and 3 seeds from the file itself, no command-line narrowing.
    let mut config = small_grid_config();
    config = replace_once(&config, "epochs = 4000\nbatch", "epochs = 20\nbatch");
    config = replace_once(&config, "base = 0\nrepeats = 30", "base = 0\nrepeats = 3");
    config = replace_once(&config, "repeats = 10", "repeats = 1");
    config.push_str(
        "\n[[experiment]]\n\
         id = \"narrow-noise\"\n\
         title = \"A narrow model with noise\"\n\
         description = \"Fifty hidden units, noise before the activation.\"\n\
         layers = [\"dense 50\", \"noise 0.3\", \"relu\", \"dense 1 sigmoid\"]\n",
    );
    let book = fixture_book(dir.path(), &config);

    let run = run_in(dir.path(), build_args(dir.path(), &book, "out"));
    run.expect_success();
    let results = read_json(&dir.path().join("out/results.json"));

    let experiments = results["experiments"].as_array().unwrap();
    let ids: Vec<&str> = experiments
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "baseline",
            "input-noise",
            "pre-activation",
            "post-activation",
            "combined",
            "narrow-noise"
        ]
    );
    for experiment in experiments {
        let seeds: Vec<u64> = experiment["seeds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["seed"].as_u64().unwrap())
            .collect();
        assert_eq!(seeds, [0, 1, 2], "seeds of {}", experiment["id"]);
        assert_eq!(experiment["canonical"]["epochs"], 20);
        assert_eq!(
            experiment["canonical"]["history"]["loss"]
                .as_array()
                .unwrap()
                .len(),
            20
        );
    }
    assert_eq!(
        experiments[5]["layers"],
        serde_json::json!(["dense 50", "noise 0.3", "relu", "dense 1 sigmoid"])
    );
    assert_eq!(results["grid"]["seeds"], serde_json::json!([0]));
    assert_eq!(results["grid"]["points"].as_array().unwrap().len(), 3 * 2);

    // The new experiment gets its own figures without any code change.
    for figure in ["narrow-noise-accuracy", "narrow-noise-loss"] {
        assert!(
            dir.path()
                .join(format!("out/figures/{figure}.svg"))
                .is_file(),
            "{figure}.svg"
        );
    }

    // And `list` shows the plan as the file says.
    let list = run_in(dir.path(), ["--book", book.to_str().unwrap(), "list"]);
    list.expect_success();
    assert!(
        list.stdout
            .starts_with("6 experiments, seeds 0..=2 (3 each), 20 epochs"),
        "{}",
        list.stdout
    );
}
