"""Dominance, non-dominated mask, non-dominated sort and crowding distance.

Brute-force O(n^2) oracles below are the reference; every fast path is checked against them.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from sklearn_moo.pareto import (
    _backend,
    crowding_distance,
    dominates,
    get_backend,
    is_non_dominated,
    non_dominated_sort,
    set_backend,
    use_backend,
)

HAS_MOOCORE = _backend._moocore_available()
BACKENDS = [
    "numpy",
    pytest.param(
        "moocore",
        marks=pytest.mark.skipif(not HAS_MOOCORE, reason="moocore not installed"),
    ),
]


# --- brute-force oracles (minimisation) -------------------------------------------------------
def bf_dominates(a, b):
    return bool(np.all(a <= b) and np.any(a < b))


def bf_non_dominated(points):
    n = len(points)
    return np.array(
        [
            not any(bf_dominates(points[j], points[i]) for j in range(n))
            for i in range(n)
        ],
        dtype=bool,
    )


def bf_non_dominated_vectorised(points):
    """Same oracle for a few thousand points: all pairs at once."""
    le = (points[:, None, :] <= points[None, :, :]).all(axis=2)
    lt = (points[:, None, :] < points[None, :, :]).any(axis=2)
    return ~(le & lt).any(axis=0)


def bf_fronts(points):
    fronts = np.full(len(points), -1)
    remaining = np.arange(len(points))
    level = 0
    while remaining.size:
        mask = bf_non_dominated_vectorised(points[remaining])
        fronts[remaining[mask]] = level
        remaining = remaining[~mask]
        level += 1
    return fronts


# --- strategies: small integer grids make ties and duplicates frequent -------------------------
def point_sets(min_points=0, max_points=25, min_objectives=1, max_objectives=5, high=4):
    return st.integers(min_objectives, max_objectives).flatmap(
        lambda m: hnp.arrays(
            np.float64,
            st.tuples(st.integers(min_points, max_points), st.just(m)),
            elements=st.integers(0, high).map(float),
        )
    )


@pytest.fixture(autouse=True)
def _numpy_backend():
    """The NumPy kernels are the reference: force them unless a test says otherwise."""
    with use_backend("numpy"):
        yield


def _points_on_sphere(n, m, seed):
    rng = np.random.default_rng(seed)
    points = np.abs(rng.normal(size=(n, m)))
    return points / np.linalg.norm(points, axis=1, keepdims=True)


# --- dominates ---------------------------------------------------------------------------------
@given(point_sets(min_points=3, max_points=3))
def test_dominates_is_irreflexive_asymmetric_and_transitive(points):
    a, b, c = points
    assert not dominates(a, a)
    assert not (dominates(a, b) and dominates(b, a))
    if dominates(a, b) and dominates(b, c):
        assert dominates(a, c)


@given(point_sets(min_points=2, max_points=2), st.data())
def test_dominates_matches_bruteforce_and_maximize_is_negation(points, data):
    a, b = points
    m = points.shape[1]
    assert dominates(a, b) == bf_dominates(a, b)
    flags = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    sign = np.where(flags, -1.0, 1.0)
    assert dominates(a * sign, b * sign, maximize=flags) == bf_dominates(a, b)
    assert dominates(-a, -b, maximize=True) == bf_dominates(a, b)


def test_dominates_rejects_nan_and_mismatched_lengths():
    with pytest.raises(ValueError, match="a contains NaN"):
        dominates([np.nan, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="same number of objectives"):
        dominates([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="1-D array"):
        dominates([[1.0, 2.0]], [[1.0, 2.0]])


def test_dominates_handles_infinity():
    assert dominates([-np.inf, 0.0], [0.0, 0.0])
    assert not dominates([np.inf, 0.0], [0.0, 1.0])


# --- is_non_dominated --------------------------------------------------------------------------
@given(point_sets())
def test_is_non_dominated_matches_bruteforce(points):
    np.testing.assert_array_equal(is_non_dominated(points), bf_non_dominated(points))


@given(point_sets(min_points=1))
def test_is_non_dominated_front_is_mutually_non_dominated_and_dominates_the_rest(
    points,
):
    mask = is_non_dominated(points)
    front = points[mask]
    for a, b in itertools.product(front, repeat=2):
        assert not bf_dominates(a, b)
    for other in points[~mask]:
        assert any(bf_dominates(f, other) for f in front)


@given(point_sets(), st.randoms(use_true_random=False))
def test_is_non_dominated_is_independent_of_row_order(points, random):
    permutation = np.array(random.sample(range(len(points)), len(points)), dtype=int)
    np.testing.assert_array_equal(
        is_non_dominated(points[permutation]), is_non_dominated(points)[permutation]
    )


@given(point_sets(min_points=1), st.data())
def test_is_non_dominated_maximize_equals_negation(points, data):
    m = points.shape[1]
    flags = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    sign = np.where(flags, -1.0, 1.0)
    expected = is_non_dominated(points)
    np.testing.assert_array_equal(
        is_non_dominated(points * sign, maximize=flags), expected
    )
    np.testing.assert_array_equal(is_non_dominated(-points, maximize=True), expected)


def test_is_non_dominated_keeps_all_duplicates():
    points = np.array([[1.0, 2.0], [1.0, 2.0], [2.0, 1.0], [2.0, 2.0], [2.0, 2.0]])
    np.testing.assert_array_equal(
        is_non_dominated(points), [True, True, True, False, False]
    )


def test_is_non_dominated_handles_infinity():
    points = np.array(
        [
            [np.inf, 0.0, np.inf],
            [0.0, np.inf, 0.0],
            [1.0, 1.0, 1.0],
            [-np.inf, 2.0, -np.inf],
        ]
    )
    for m in (2, 3, 4):
        subset = np.column_stack([points, points[:, :1]])[:, :m]
        np.testing.assert_array_equal(
            is_non_dominated(subset), bf_non_dominated(subset)
        )


@pytest.mark.parametrize("m", [2, 3, 4])
def test_is_non_dominated_handles_infinity_in_large_sets(m):
    # Beyond the pairwise size: the sweeps, the prefilter and the rank sums see infinities.
    rng = np.random.default_rng(m)
    points = rng.integers(0, 8, size=(700, m)).astype(float)
    points[rng.random(points.shape) < 0.05] = np.inf
    points[rng.random(points.shape) < 0.02] = -np.inf
    np.testing.assert_array_equal(
        is_non_dominated(points), bf_non_dominated_vectorised(points)
    )
    np.testing.assert_array_equal(non_dominated_sort(points), bf_fronts(points))


def test_is_non_dominated_empty_one_point_and_one_objective():
    assert is_non_dominated(np.empty((0, 3))).shape == (0,)
    np.testing.assert_array_equal(is_non_dominated([[5.0, 1.0]]), [True])
    np.testing.assert_array_equal(
        is_non_dominated([[3.0], [1.0], [1.0], [2.0]]), [0, 1, 1, 0]
    )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("m", [2, 3, 4, 5])
@pytest.mark.parametrize("kind", ["uniform", "sphere", "grid"])
def test_is_non_dominated_fast_paths_match_bruteforce(backend, m, kind):
    # 2100 points cross the block sizes of the 3-D sweep and of the m >= 4 chunks, and the
    # size above which "auto" would dispatch to moocore.
    rng = np.random.default_rng(m)
    for n in (200, 2100):
        if kind == "uniform":
            points = rng.random((n, m))
        elif kind == "sphere":
            points = _points_on_sphere(n, m, seed=m)
        else:
            points = rng.integers(0, 6, size=(n, m)).astype(float)
        with use_backend(backend):
            np.testing.assert_array_equal(
                is_non_dominated(points), bf_non_dominated_vectorised(points)
            )


# --- non_dominated_sort ------------------------------------------------------------------------
@given(point_sets())
def test_non_dominated_sort_matches_bruteforce(points):
    np.testing.assert_array_equal(non_dominated_sort(points), bf_fronts(points))


@given(point_sets(min_points=1))
def test_non_dominated_sort_fronts_partition_and_are_layered(points):
    fronts = non_dominated_sort(points)
    assert fronts.min() == 0
    assert set(np.unique(fronts)) == set(range(fronts.max() + 1))  # 0-based, no gaps
    for k in range(fronts.max() + 1):
        members = points[fronts == k]
        np.testing.assert_array_equal(is_non_dominated(members), True)
        if k > 0:
            previous = points[fronts == k - 1]
            for p in members:
                assert any(bf_dominates(q, p) for q in previous)


@given(point_sets(), st.randoms(use_true_random=False))
def test_non_dominated_sort_is_independent_of_row_order(points, random):
    permutation = np.array(random.sample(range(len(points)), len(points)), dtype=int)
    np.testing.assert_array_equal(
        non_dominated_sort(points[permutation]), non_dominated_sort(points)[permutation]
    )


@given(point_sets(min_points=1), st.data())
def test_non_dominated_sort_maximize_equals_negation(points, data):
    m = points.shape[1]
    flags = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    sign = np.where(flags, -1.0, 1.0)
    np.testing.assert_array_equal(
        non_dominated_sort(points * sign, maximize=flags), non_dominated_sort(points)
    )


def test_non_dominated_sort_is_zero_based_with_shared_fronts_for_duplicates():
    points = [[1, 3], [2, 2], [3, 3], [4, 4], [2, 2], [3, 1]]
    np.testing.assert_array_equal(non_dominated_sort(points), [0, 0, 1, 2, 0, 0])
    np.testing.assert_array_equal(
        non_dominated_sort([[2.0], [1.0], [2.0], [0.0]]), [2, 1, 2, 0]
    )
    assert non_dominated_sort(np.empty((0, 2))).shape == (0,)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("m", [2, 3, 4, 5])
def test_non_dominated_sort_fast_paths_match_bruteforce(backend, m):
    rng = np.random.default_rng(10 + m)
    for points in (
        rng.random((300, m)),
        rng.integers(0, 5, size=(1200, m)).astype(float),
    ):
        with use_backend(backend):
            np.testing.assert_array_equal(non_dominated_sort(points), bf_fronts(points))


# --- crowding_distance -------------------------------------------------------------------------
def test_crowding_distance_known_values():
    points = np.array([[0.0, 4.0], [1.0, 2.0], [2.0, 1.0], [4.0, 0.0]])
    # objective 0: (2 - 0) / 4 and (4 - 1) / 4; objective 1: (4 - 1) / 4 and (2 - 0) / 4.
    np.testing.assert_allclose(crowding_distance(points), [np.inf, 1.25, 1.25, np.inf])


def test_crowding_distance_small_sets_are_infinite():
    assert crowding_distance(np.empty((0, 2))).shape == (0,)
    np.testing.assert_array_equal(crowding_distance([[1.0, 2.0]]), [np.inf])
    np.testing.assert_array_equal(
        crowding_distance([[1.0, 2.0], [2.0, 1.0]]), [np.inf] * 2
    )
    np.testing.assert_array_equal(
        crowding_distance([[1.0, 2.0], [1.0, 2.0], [2.0, 1.0]]), [np.inf] * 3
    )


def test_crowding_distance_duplicates_share_their_distance():
    points = np.array([[0.0, 4.0], [1.0, 2.0], [1.0, 2.0], [4.0, 0.0]])
    distance = crowding_distance(points)
    np.testing.assert_array_equal(distance[[0, 3]], np.inf)
    np.testing.assert_allclose(distance[1], distance[2], rtol=0)
    np.testing.assert_allclose(distance[1], 4 / 4 + 4 / 4, rtol=1e-12)


def test_crowding_distance_ignores_objectives_with_zero_range():
    points = np.array([[0.0, 1.0], [1.0, 1.0], [3.0, 1.0]])
    np.testing.assert_allclose(
        crowding_distance(points), [np.inf, 1.0, np.inf], rtol=1e-12
    )


@given(point_sets(min_points=1, max_objectives=4), st.randoms(use_true_random=False))
def test_crowding_distance_is_independent_of_row_order(points, random):
    permutation = np.array(random.sample(range(len(points)), len(points)), dtype=int)
    np.testing.assert_allclose(
        crowding_distance(points[permutation]),
        crowding_distance(points)[permutation],
        rtol=1e-12,
        atol=1e-12,
    )


def test_crowding_distance_rejects_infinite_values():
    with pytest.raises(ValueError, match=r"infinite value in row\(s\) \[1\]"):
        crowding_distance([[0.0, 1.0], [np.inf, 0.0], [1.0, 0.5]])


# --- validation, immutability, backends --------------------------------------------------------
@pytest.mark.parametrize(
    "func", [is_non_dominated, non_dominated_sort, crowding_distance]
)
def test_validation_rejects_nan_naming_rows(func):
    points = np.array([[1.0, 2.0], [np.nan, 1.0], [0.0, 0.0], [1.0, np.nan]])
    with pytest.raises(ValueError, match=r"NaN in row\(s\) \[1, 3\]"):
        func(points)


@pytest.mark.parametrize(
    "func", [is_non_dominated, non_dominated_sort, crowding_distance]
)
def test_validation_rejects_bad_shapes_and_maximize(func):
    with pytest.raises(ValueError, match="2-D array"):
        func([1.0, 2.0])
    with pytest.raises(ValueError, match="2-D array"):
        func(np.zeros((2, 0)))
    with pytest.raises(ValueError, match="one bool per objective"):
        func([[1.0, 2.0]], maximize=[True])
    with pytest.raises(ValueError, match="maximize must be a bool"):
        func([[1.0, 2.0]], maximize="yes")
    with pytest.raises(ValueError, match="array of real numbers"):
        func([["a", "b"]])


@pytest.mark.parametrize(
    "func", [is_non_dominated, non_dominated_sort, crowding_distance]
)
def test_validation_never_mutates_the_input(func):
    points = np.array([[3.0, 1.0], [1.0, 3.0], [2.0, 2.0], [3.0, 3.0]])
    original = points.copy()
    func(points, maximize=[True, False])
    np.testing.assert_array_equal(points, original)


def test_set_backend_validates_and_use_backend_restores():
    with pytest.raises(ValueError, match="backend must be one of"):
        set_backend("fortran")
    before = get_backend()
    with use_backend("numpy"):
        assert get_backend() == "numpy"
    assert get_backend() == before


def test_backend_auto_respects_size_and_environment(monkeypatch):
    with use_backend("auto"):
        assert _backend._moocore_for(100, 3) is None
        assert _backend._moocore_for(10_000, 2) is None
        monkeypatch.setenv("SKLEARN_MOO_PARETO_BACKEND", "numpy")
        assert _backend._moocore_for(10_000, 3) is None
        monkeypatch.setenv("SKLEARN_MOO_PARETO_BACKEND", "auto")
        assert (_backend._moocore_for(10_000, 3) is not None) == HAS_MOOCORE
        assert _backend._moocore_for(300, 4) is None
        assert (
            _backend._moocore_for(300, 4, hypervolume=True) is not None
        ) == HAS_MOOCORE
