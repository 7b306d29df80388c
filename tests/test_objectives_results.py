import numpy as np
import pytest

from sklearn_moo._objectives import Objective, parse_constraints, parse_reference_point
from sklearn_moo._report import format_table
from sklearn_moo._results import failed_mask, pareto_columns, violation_names

OBJECTIVES = [
    Objective("acc"),
    Objective("lat", -1.0, "s", "p95 latency"),
    Objective("size", -1.0, "bytes", "model size"),
]


@pytest.mark.parametrize(
    "spec, name, op, bound",
    [
        ("lat <= 5 ms", "lat", "<=", 0.005),
        ("lat<=250us", "lat", "<=", 250e-6),
        ({"lat": "<= 2 s"}, "lat", "<=", 2.0),
        ({"acc": (">=", 0.8)}, "acc", ">=", 0.8),
        ("acc >= 80 %", "acc", ">=", 0.8),
        ("size <= 1.5 MiB", "size", "<=", 1.5 * 1024**2),
        ("acc >= 1e-1", "acc", ">=", 0.1),
    ],
)
def test_parse_constraints_converts_to_base_units(spec, name, op, bound):
    (c,) = parse_constraints(spec, OBJECTIVES)
    assert (c.name, c.op) == (name, op)
    assert c.bound == pytest.approx(bound, rel=1e-12)


def test_constraint_violation_in_natural_units():
    (c,) = parse_constraints("lat <= 5 ms", OBJECTIVES)
    np.testing.assert_allclose(
        c.violation([0.004, 0.005, 0.007, np.nan]), [0.0, 0.0, 0.002, np.nan]
    )
    (c,) = parse_constraints("acc >= 0.8", OBJECTIVES)
    np.testing.assert_allclose(c.violation([0.9, 0.7]), [0.0, 0.1])


def test_parse_constraints_rejects_bad_specs():
    with pytest.raises(TypeError, match="must be None, a string"):
        parse_constraints(3, OBJECTIVES)
    with pytest.raises(ValueError, match="Cannot parse the constraint"):
        parse_constraints("lat is small", OBJECTIVES)
    with pytest.raises(ValueError, match="names no scorer"):
        parse_constraints("<= 5", OBJECTIVES)
    with pytest.raises(ValueError, match="gives a size in 'MB'"):
        parse_constraints("lat <= 5 MB", OBJECTIVES)


def test_parse_reference_point_gives_scores_in_base_units():
    scores = parse_reference_point(
        {"lat": "20 ms", "acc": 0.8, "size": "2 kB"}, OBJECTIVES
    )
    np.testing.assert_allclose(
        scores, [0.8, -0.02, -2000.0]
    )  # losses are negated scores
    scores = parse_reference_point({"acc": "80 %"}, OBJECTIVES)
    np.testing.assert_allclose(scores, [0.8, np.nan, np.nan])
    assert parse_reference_point(None, OBJECTIVES) is None
    with pytest.raises(
        ValueError, match=r"reference_point\['lat'\] = '5 MB' gives a size"
    ):
        parse_reference_point({"lat": "5 MB"}, OBJECTIVES)


def test_pareto_columns_ranks_feasible_then_infeasible_then_failed():
    results = {
        "mean_test_acc": np.array([0.9, 0.8, 0.7, 0.95, np.nan, 0.6]),
        "mean_test_lat": np.array([-2e-3, -1e-3, -3e-3, -9e-3, -1e-3, -1e-3]),
        "mean_test_size": np.zeros(6),
    }
    constraints = parse_constraints("lat <= 5 ms", OBJECTIVES)
    cols = pareto_columns(results, OBJECTIVES, constraints)
    np.testing.assert_array_equal(cols["is_feasible"], [1, 1, 1, 0, 0, 1])
    # feasible fronts: {0, 1} rank 1, {2, 5} rank 2; infeasible 3 -> 3; failed 4 -> 4
    np.testing.assert_array_equal(cols["pareto_rank"], [1, 1, 2, 3, 4, 2])
    np.testing.assert_array_equal(cols["is_pareto_optimal"], [1, 1, 0, 0, 0, 0])
    # a failed candidate has no violation to report (NaN), whatever its other scores
    np.testing.assert_allclose(cols["violation_lat"], [0, 0, 0, 4e-3, np.nan, 0])
    assert cols["pareto_rank"].dtype == np.int32


def test_pareto_columns_several_constraints_on_one_scorer_all_count():
    results = {
        "mean_test_acc": np.array([0.9, 0.8, 0.7]),
        "mean_test_lat": np.array([-2e-3, -0.5e-3, -9e-3]),
        "mean_test_size": np.zeros(3),
    }
    constraints = parse_constraints(["lat <= 5 ms", "lat >= 1 ms"], OBJECTIVES)
    cols = pareto_columns(results, OBJECTIVES, constraints)
    np.testing.assert_allclose(cols["violation_lat_max"], [0, 0, 4e-3])
    np.testing.assert_allclose(cols["violation_lat_min"], [0, 0.5e-3, 0])
    np.testing.assert_array_equal(cols["is_feasible"], [True, False, False])


def test_violation_names_never_collide():
    objectives = [Objective("dp"), Objective("dp_max")]
    constraints = parse_constraints(
        ["dp <= 0.1", "dp <= 0.2", "dp >= 0.01", "dp_max <= 1"], objectives
    )
    names = violation_names(constraints)
    assert names == [
        "violation_dp_max",
        "violation_dp_max_2",
        "violation_dp_min",
        "violation_dp_max_3",
    ]


def test_failed_mask_reads_the_fits_own_errors_whatever_the_score():
    results = {
        "mean_test_acc": np.array([0.0, 0.5]),
        "is_failed": np.array([True, False]),
    }
    np.testing.assert_array_equal(failed_mask(results, ["acc"]), [True, False])


def test_pareto_columns_nothing_feasible():
    results = {
        "mean_test_acc": np.array([0.9, 0.8]),
        "mean_test_lat": np.array([-1.0, -2.0]),
        "mean_test_size": np.zeros(2),
    }
    cols = pareto_columns(
        results, OBJECTIVES, parse_constraints("lat <= 1 ms", OBJECTIVES)
    )
    assert not cols["is_pareto_optimal"].any()
    # infeasible candidates are ranked by their own fronts (0 dominates 1)
    np.testing.assert_array_equal(cols["pareto_rank"], [1, 2])


def test_pareto_table_uses_natural_units_and_directions():
    results = {
        "mean_test_acc": np.array([0.9]),
        "mean_test_lat": np.array([-0.0042]),
        "mean_test_size": np.array([-2048.0]),
        "is_pareto_optimal": np.array([True]),
        "params": [{"C": 0.5}],
    }
    table = format_table(results, OBJECTIVES, rows=[0], best_index=0, width=100)
    assert "p95 latency (min)" in table and "acc (max)" in table
    assert "4.20 ms" in table and "2.048 kB" in table and "C=0.5" in table
    assert table.splitlines()[1].startswith("*")
