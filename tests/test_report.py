"""Results table, report, refit explanation and the noise-aware column (issue #14)."""

import numpy as np
import pytest
from sklearn.datasets import make_classification

from sklearn_moo import MultiObjectiveSearchCV, SimplestWithinNoise
from sklearn_moo._objectives import Objective, parse_constraints
from sklearn_moo._report import explain_choice
from sklearn_moo._results import pareto_columns, within_noise_mask

from ._helpers import ANALYTIC_SCORING, AnalyticClassifier

ACC = Objective("acc", 1.0, "", "accuracy")
LAT = Objective("lat", -1.0, "s", "p95 latency")


def _results(acc, lat, std_acc=None, std_lat=None, n_splits=3):
    n = len(acc)
    results = {
        "mean_test_acc": np.array(acc, float),
        "mean_test_lat": -np.array(lat, float),
        "std_test_acc": np.array(std_acc if std_acc is not None else [0.0] * n, float),
        "std_test_lat": np.array(std_lat if std_lat is not None else [0.0] * n, float),
        "params": [{"k": i} for i in range(n)],
    }
    for k in range(n_splits):
        results[f"split{k}_test_acc"] = np.zeros(n)
    return results


def test_within_noise_is_exact_on_known_fold_scores():
    # Fold scores (3 folds) -> mean and ddof=0 std, as scikit-learn computes them.
    folds_acc = np.array(
        [[0.90, 0.92, 0.94], [0.87, 0.91, 0.95], [0.80, 0.81, 0.82], [0.89, 0.89, 0.89]]
    )
    folds_lat = np.array([[5e-3] * 3, [4e-3] * 3, [3e-3] * 3, [5e-3] * 3])
    results = _results(
        folds_acc.mean(1), folds_lat.mean(1), folds_acc.std(1), folds_lat.std(1)
    )
    results.update(pareto_columns(results, [ACC, LAT]))
    # se = std / sqrt(2): candidate 3 (0.89 + 0) is dominated by candidate 0 (0.92, 5 ms);
    # 0 (0.92, 5 ms), 1 (0.91, 4 ms) and 2 (0.81, 3 ms) are the front.
    np.testing.assert_array_equal(
        results["is_pareto_optimal"], [True, True, True, False]
    )
    np.testing.assert_array_equal(
        within_noise_mask(results, [ACC, LAT]), [True, True, True, False]
    )
    # A fold spread that reaches the front brings candidate 3 within noise:
    # std 0.05 -> se 0.0354 -> 0.89 + 0.0354 = 0.9254 > 0.92.
    results["std_test_acc"][3] = 0.05
    assert within_noise_mask(results, [ACC, LAT])[3]
    results["std_test_acc"][3] = 0.04  # se 0.0283 -> 0.9183 < 0.92: dominated again
    assert not within_noise_mask(results, [ACC, LAT])[3]


def test_simplest_within_noise_picks_the_smallest_key_among_them():
    results = _results(
        [0.92, 0.91, 0.70], [5e-3, 5e-3, 1e-3], [0.01, 0.02, 0.0], [0, 0, 0]
    )
    results["params"] = [{"depth": 8}, {"depth": 3}, {"depth": 1}]
    results.update(pareto_columns(results, [ACC, LAT]))
    # candidate 1: 0.91 + 0.02/sqrt(2) = 0.924 > 0.92, within noise; 2 is on the front
    assert SimplestWithinNoise("depth")(results) == 2
    results["mean_test_acc"][2] = 0.5  # still on the front (fastest), still simplest
    assert SimplestWithinNoise(lambda p: -p["depth"])(results) == 0


def test_explanation_names_the_policy_and_the_trade_offs():
    results = _results([0.80, 0.85, 0.90, 0.70], [2e-3, 4e-3, 8e-3, 9e-3])
    results.update(pareto_columns(results, [ACC, LAT]))
    explanation = explain_choice(results, [ACC, LAT], [], 1, "my policy")
    assert explanation["policy"] == "'my policy'" and explanation["feasible"]
    assert [n["index"] for n in explanation["neighbours"]] == [0, 2]
    first = explanation["neighbours"][0]
    assert first["gains"] == {"p95 latency": pytest.approx(-2e-3)}
    assert first["costs"] == {"accuracy": pytest.approx(-0.05)}
    assert (
        first["text"]
        == "candidate 0 gains p95 latency -2.00 ms; costs accuracy -0.05000"
    )
    assert (
        "candidate 2 gains accuracy +0.05000; costs p95 latency +4.00 ms"
        in explanation["text"]
    )
    assert explanation["text"].startswith("Refit policy 'my policy' chose candidate 1:")


def test_explanation_states_infeasibility_and_what_is_broken():
    constraints = parse_constraints("lat <= 1 ms", [ACC, LAT])
    results = _results([0.80, 0.85], [2e-3, 4e-3])
    results.update(pareto_columns(results, [ACC, LAT], constraints))
    explanation = explain_choice(results, [ACC, LAT], constraints, 0, "p")
    assert not explanation["feasible"]
    assert explanation["violations"] == ["lat <= 1 ms (it has 2.00 ms)"]
    assert (
        "No candidate met every constraint; this one breaks lat <= 1 ms (it has 2.00 ms)."
        in explanation["text"]
    )


def test_search_report_table_and_explanation_read_cv_results():
    X, y = make_classification(n_samples=40, random_state=0)
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {
            "x": [0.1, 0.5, 0.9],
            "z": [0.5],
            "kind": ["a-rather-long-category-name-that-needs-cutting"],
        },
        scoring=ANALYTIC_SCORING,
        cv=2,
    ).fit(X, y)
    report = search.pareto_report(width=100)
    assert all(len(line) <= 100 for line in report.splitlines())
    starred = [line for line in report.splitlines() if line.startswith("*")]
    assert len(starred) == 1 and f" {search.best_index_} " in starred[0]
    assert search.refit_explanation_["index"] == search.best_index_
    table = search.results_table()
    assert list(table.index) == [0, 1, 2] and table["refitted"].sum() == 1
    assert table["f1 [max]"].tolist() == pytest.approx(
        search.cv_results_["mean_test_f1"]
    )
    assert {"f1 sd", "pareto_rank", "within_noise", "feasible", "failed"} <= set(
        table.columns
    )
    previous = search.refit_explanation_
    search.reselect("f2", X, y)
    assert search.refit_explanation_ != previous
    assert search.refit_explanation_["index"] == search.best_index_


def test_report_shows_an_estimator_parameter_by_its_class_name():
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression

    from sklearn_moo._report import short_value

    assert short_value(LogisticRegression(max_iter=1000, C=0.3)) == "LogisticRegression"
    assert short_value(DummyClassifier).startswith("<class ")  # a class stays a repr
    assert short_value(0.123456) == "0.1235" and short_value("balanced") == "balanced"
