"""Objective importance ranks the parameter that drives each objective (issue #14, 2)."""

import numpy as np
import pytest

from sklearn_moo.inspection import objective_importance


def _synthetic(n=120, seed=0):
    rng = np.random.RandomState(seed)
    params = [
        {
            "a": float(rng.uniform()),
            "b": float(rng.uniform()),
            "kind": str(rng.choice(["x", "y", "z"])),
            "C": float(10 ** rng.uniform(-3, 2)),
        }
        for _ in range(n)
    ]
    noise = lambda: 0.02 * rng.randn(n)  # noqa: E731
    return {
        "params": params,
        "mean_test_by_a": np.array([p["a"] ** 2 for p in params]) + noise(),
        "mean_test_by_b": np.array([np.sin(4 * p["b"]) for p in params]) + noise(),
        "mean_test_by_kind": np.array(
            [{"x": 0.0, "y": 1.0, "z": 0.5}[p["kind"]] for p in params]
        )
        + noise(),
        "mean_test_by_C": np.log10([p["C"] for p in params]) + noise(),
    }


def test_importance_ranks_first_the_parameter_that_drives_each_objective():
    result = objective_importance(cv_results=_synthetic(), n_repeats=5)
    assert result.parameters == ["C", "a", "b", "kind"]
    assert result.scale == {"C": "log10", "a": "linear", "b": "linear", "kind": "codes"}
    drivers = {"by_a": "a", "by_b": "b", "by_kind": "kind", "by_C": "C"}
    for j, objective in enumerate(result.objectives):
        ranked = result.parameters[int(np.argmax(result.importances_mean[:, j]))]
        assert ranked == drivers[objective], objective
    assert result.importances_mean.shape == result.importances_std.shape == (4, 4)


def test_importance_skips_failed_candidates_and_constant_parameters():
    results = _synthetic(40)
    for p in results["params"]:
        p["fixed"] = 1
    results["mean_test_by_a"][:5] = np.nan
    result = objective_importance(
        cv_results=results, objectives=["by_a", "by_b"], n_repeats=2
    )
    assert "fixed" not in result.parameters and result.n_candidates == 35


def test_importance_needs_one_source_and_enough_candidates():
    with pytest.raises(ValueError, match="either a fitted search or cv_results"):
        objective_importance()
    small = {"params": [{"a": 1}, {"a": 2}], "mean_test_s": np.array([0.1, 0.2])}
    with pytest.raises(ValueError, match="at least 3 successful candidates, got 2"):
        objective_importance(cv_results=small)
