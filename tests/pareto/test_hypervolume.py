"""Hypervolume, contributions, the Hypervolume callable and the default reference point.

Oracles: inclusion-exclusion over box intersections (n <= 6), and cell counting on a grid of
the compressed coordinates (exact for any set, cheap for small or integer-valued sets).
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from sklearn_moo.pareto import (
    Hypervolume,
    _backend,
    _hv_kernels,
    default_reference_point,
    hypervolume,
    hypervolume_contributions,
    is_non_dominated,
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
# Sums of a few hundred box volumes of order 1: relative rounding stays far below 1e-12, the
# absolute tolerance covers values that cancel to 0.
RTOL, ATOL = 1e-12, 1e-12


@pytest.fixture(autouse=True)
def _numpy_backend():
    with use_backend("numpy"):
        yield


# --- oracles (minimisation) --------------------------------------------------------------------
def ie_union(points, ref):
    """Inclusion-exclusion: volume of the union of the boxes [p, ref]."""
    total = 0.0
    for k in range(1, len(points) + 1):
        for subset in itertools.combinations(range(len(points)), k):
            corner = np.max(points[list(subset)], axis=0)
            total += (-1) ** (k + 1) * np.prod(np.clip(ref - corner, 0, None))
    return total


def ie_shared(points, ref):
    """Inclusion-exclusion: volume covered by at least two boxes, sum (1 - k)(-1)^(k+1) S_k."""
    total = 0.0
    for k in range(2, len(points) + 1):
        for subset in itertools.combinations(range(len(points)), k):
            corner = np.max(points[list(subset)], axis=0)
            total += (1 - k) * (-1) ** (k + 1) * np.prod(np.clip(ref - corner, 0, None))
    return total


def grid_union(points, ref):
    """Sum the volumes of the cells of the compressed-coordinate grid covered by a box."""
    m = points.shape[1]
    inside = points[(points < ref).all(axis=1)]
    if inside.size == 0:
        return 0.0
    axes = [np.unique(np.append(inside[:, j], ref[j])) for j in range(m)]
    corners = np.stack(np.meshgrid(*[a[:-1] for a in axes], indexing="ij"), axis=-1)
    widths = np.meshgrid(*[np.diff(a) for a in axes], indexing="ij")
    corners = corners.reshape(-1, m)
    covered = np.zeros(len(corners), dtype=bool)
    for p in inside:
        covered |= (p <= corners).all(axis=1)
    return float(np.sum(np.prod([w.reshape(-1) for w in widths], axis=0)[covered]))


def point_sets(min_points=0, max_points=6, min_objectives=1, max_objectives=4):
    """Quarter-grid values in [0, 2): ties, duplicates and points on the reference bounds."""
    return st.integers(min_objectives, max_objectives).flatmap(
        lambda m: hnp.arrays(
            np.float64,
            st.tuples(st.integers(min_points, max_points), st.just(m)),
            elements=st.integers(0, 8).map(lambda k: k / 4),
        )
    )


REF = 2.0  # on the grid: points with a 2.0 coordinate do not strictly dominate it


# --- hypervolume: analytic truths and properties -----------------------------------------------
def test_hypervolume_of_empty_set_is_zero():
    assert hypervolume(np.empty((0, 3)), [1.0, 1.0, 1.0]) == 0.0
    assert (
        hypervolume([[2.0, 0.0]], [1.0, 1.0]) == 0.0
    )  # does not dominate the reference


@given(point_sets(min_points=1, max_points=1))
def test_hypervolume_of_one_point_is_its_box(points):
    ref = np.full(points.shape[1], REF)
    np.testing.assert_allclose(
        hypervolume(points, ref), np.prod(np.clip(ref - points[0], 0, None)), rtol=RTOL
    )


@given(point_sets())
def test_hypervolume_matches_inclusion_exclusion(points):
    ref = np.full(points.shape[1], REF)
    np.testing.assert_allclose(
        hypervolume(points, ref), ie_union(points, ref), rtol=RTOL, atol=ATOL
    )


@given(point_sets(max_points=5, min_objectives=2), st.data())
def test_hypervolume_never_decreases_when_a_point_is_added(points, data):
    # the extra point drawn with the set's own number of objectives (an assume()
    # on matching shapes filtered out 3 draws in 4: a failed health check)
    extra = data.draw(
        hnp.arrays(
            np.float64,
            (1, points.shape[1]),
            elements=st.integers(0, 8).map(lambda k: k / 4),
        )
    )
    ref = np.full(points.shape[1], REF)
    before = hypervolume(points, ref)
    after = hypervolume(np.vstack([points, extra]), ref)
    assert after >= before - ATOL


@given(point_sets(min_points=1, max_points=12))
def test_hypervolume_ignores_dominated_points(points):
    ref = np.full(points.shape[1], REF)
    front = points[is_non_dominated(points)]
    np.testing.assert_allclose(
        hypervolume(points, ref), hypervolume(front, ref), rtol=RTOL
    )


@given(point_sets(max_points=12), st.data())
def test_hypervolume_scales_with_positive_rescaling(points, data):
    m = points.shape[1]
    factors = np.array(
        data.draw(st.lists(st.sampled_from([0.5, 3.0, 7.25]), min_size=m, max_size=m))
    )
    ref = np.full(m, REF)
    np.testing.assert_allclose(
        hypervolume(points * factors, ref * factors),
        hypervolume(points, ref) * np.prod(factors),
        rtol=RTOL,
        atol=ATOL,
    )


@given(point_sets(max_points=12), st.randoms(use_true_random=False))
def test_hypervolume_is_independent_of_row_order(points, random):
    ref = np.full(points.shape[1], REF)
    permutation = random.sample(range(len(points)), len(points))
    np.testing.assert_allclose(
        hypervolume(points[permutation], ref),
        hypervolume(points, ref),
        rtol=RTOL,
        atol=ATOL,
    )


@given(point_sets(max_points=12), st.data())
def test_hypervolume_maximize_equals_negation(points, data):
    m = points.shape[1]
    flags = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    sign = np.where(flags, -1.0, 1.0)
    ref = np.full(m, REF)
    expected = hypervolume(points, ref)
    np.testing.assert_allclose(
        hypervolume(points * sign, ref * sign, maximize=flags),
        expected,
        rtol=RTOL,
        atol=ATOL,
    )
    np.testing.assert_allclose(
        hypervolume(-points, -ref, maximize=True), expected, rtol=RTOL
    )


def test_hypervolume_one_objective_is_the_largest_extent():
    assert hypervolume([[3.0], [1.0], [2.5], [5.0]], [4.0]) == 3.0
    assert hypervolume([[3.0], [1.0]], [0.0], maximize=True) == 3.0


def test_hypervolume_known_value_in_three_objectives():
    points = [[1.0, 2.0, 3.0], [2.0, 3.0, 1.0], [3.0, 1.0, 2.0]]
    # 3 boxes of 6, pairwise intersections of 2, triple intersection of 1: 18 - 6 + 1.
    assert hypervolume(points, [4.0, 4.0, 4.0]) == pytest.approx(13.0, rel=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("m", [2, 3, 4, 5])
def test_hypervolume_fast_paths_match_cell_counting(backend, m):
    rng = np.random.default_rng(m)
    # Integer-valued: the grid oracle has at most 7^m cells whatever n.
    integer_points = rng.integers(0, 7, size=(200, m)).astype(float)
    # Floats: every distinct coordinate is a grid line, so keep n small for the oracle.
    float_points = rng.random((10 if m >= 4 else 40, m))
    with use_backend(backend):
        for points, ref in (
            (integer_points, np.full(m, 7.0)),
            (float_points, np.full(m, 1.1)),
        ):
            np.testing.assert_allclose(
                hypervolume(points, ref), grid_union(points, ref), rtol=RTOL, atol=ATOL
            )


def test_hypervolume_3d_sweep_equals_grid_kernel():
    rng = np.random.default_rng(0)
    points = np.abs(rng.normal(size=(1500, 3)))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    ref = np.full(3, 1.1)
    front = _hv_kernels.nd_inside(points, ref)
    assert len(front) > _hv_kernels._GRID_3D_MAX_POINTS
    np.testing.assert_allclose(
        _hv_kernels._hv_3d_sweep(front, ref),
        _hv_kernels._hv_3d_grid(front, ref),
        rtol=RTOL,
    )
    ties = np.round(front * 8) / 8  # ties in every coordinate
    tie_front = _hv_kernels.nd_inside(ties, ref)
    np.testing.assert_allclose(
        _hv_kernels._hv_3d_sweep(tie_front, ref),
        _hv_kernels._hv_3d_grid(tie_front, ref),
        rtol=RTOL,
    )


# --- contributions -----------------------------------------------------------------------------
def test_hypervolume_contributions_known_values_and_zero_cases():
    points = np.array(
        [[1.0, 3.0], [2.0, 2.0], [3.0, 1.0], [3.0, 3.0], [1.0, 3.0], [5.0, 0.0]]
    )
    # (1, 3) is duplicated, (3, 3) dominated, (5, 0) outside the reference box.
    np.testing.assert_allclose(
        hypervolume_contributions(points, [4.0, 4.0]),
        [0.0, 1.0, 1.0, 0.0, 0.0, 0.0],
        rtol=RTOL,
    )
    assert hypervolume_contributions(np.empty((0, 2)), [1.0, 1.0]).shape == (0,)
    np.testing.assert_allclose(
        hypervolume_contributions([[1.0], [3.0]], [4.0]), [3.0, 0.0]
    )


@given(point_sets(min_objectives=2))
def test_hypervolume_contributions_are_the_exclusive_part(points):
    ref = np.full(points.shape[1], REF)
    contributions = hypervolume_contributions(points, ref)
    assert contributions.shape == (len(points),)
    duplicated = (points[:, None, :] == points[None, :, :]).all(axis=2).sum(axis=1) > 1
    counted = is_non_dominated(points) & ~duplicated & (points < ref).all(axis=1)
    assert (contributions[~counted] == 0.0).all()
    assert (
        contributions[counted] > 0.0
    ).all()  # a distinct front point owns a box near it
    unique = np.unique(points, axis=0)
    # Distinct non-dominated set: union = exclusive parts + the part covered at least twice.
    nd_unique = unique[is_non_dominated(unique)]
    exclusive = hypervolume_contributions(nd_unique, ref)
    np.testing.assert_allclose(
        exclusive.sum() + ie_shared(nd_unique, ref),
        hypervolume(points, ref),
        rtol=RTOL,
        atol=ATOL,
    )
    for i, _ in enumerate(nd_unique):
        rest = np.delete(nd_unique, i, axis=0)
        np.testing.assert_allclose(
            exclusive[i],
            ie_union(nd_unique, ref) - ie_union(rest, ref),
            rtol=1e-9,
            atol=ATOL,
        )


@given(point_sets(max_points=10, min_objectives=2), st.data())
def test_hypervolume_contributions_maximize_equals_negation(points, data):
    m = points.shape[1]
    flags = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    sign = np.where(flags, -1.0, 1.0)
    ref = np.full(m, REF)
    np.testing.assert_allclose(
        hypervolume_contributions(points * sign, ref * sign, maximize=flags),
        hypervolume_contributions(points, ref),
        rtol=RTOL,
        atol=ATOL,
    )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("m", [2, 3, 4])
def test_hypervolume_contributions_fast_paths_match_leave_one_out(backend, m):
    rng = np.random.default_rng(m)
    points = rng.random((30, m))
    ref = np.full(m, 1.1)
    with use_backend(backend):
        contributions = hypervolume_contributions(points, ref)
    # Dominated points are ignored: leave one out of the non-dominated subset.
    mask = is_non_dominated(points)
    front = points[mask]
    total = hypervolume(front, ref)
    expected = np.zeros(len(points))
    expected[mask] = [
        total - hypervolume(np.delete(front, i, axis=0), ref) for i in range(len(front))
    ]
    np.testing.assert_allclose(contributions, expected, rtol=1e-9, atol=ATOL)


# --- validation --------------------------------------------------------------------------------
@pytest.mark.parametrize("func", [hypervolume, hypervolume_contributions])
def test_hypervolume_validation_errors(func):
    with pytest.raises(ValueError, match=r"NaN in row\(s\) \[1\]"):
        func([[0.0, 0.0], [np.nan, 0.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"infinite value in row\(s\) \[0\]"):
        func([[-np.inf, 0.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="reference_point must be finite"):
        func([[0.0, 0.0]], [np.inf, 1.0])
    with pytest.raises(ValueError, match="reference_point must be finite"):
        func([[0.0, 0.0]], [np.nan, 1.0])
    with pytest.raises(ValueError, match=r"one value per objective \(2 here\)"):
        func([[0.0, 0.0]], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="2-D array"):
        func([0.0, 0.0], [1.0, 1.0])


def test_hypervolume_never_mutates_inputs():
    points = np.array([[0.2, 0.9], [0.8, 0.3]])
    ref = np.array([0.0, 0.0])
    originals = points.copy(), ref.copy()
    hypervolume(points, ref, maximize=True)
    hypervolume_contributions(points, ref, maximize=True)
    default_reference_point(points, maximize=True)
    np.testing.assert_array_equal(points, originals[0])
    np.testing.assert_array_equal(ref, originals[1])


# --- Hypervolume callable ----------------------------------------------------------------------
def test_hypervolume_class_freezes_its_reference_point():
    ref = np.array([0.0, 0.0])
    indicator = Hypervolume(ref, maximize=True)
    ref[:] = -5.0
    points = [[0.5, 0.25], [0.25, 0.5]]
    assert indicator(points) == hypervolume(points, [0.0, 0.0], maximize=True)
    np.testing.assert_allclose(
        indicator.contributions(points), [0.0625, 0.0625], rtol=RTOL
    )
    with pytest.raises(ValueError, match="read-only"):
        indicator.reference_point[0] = 1.0
    assert repr(indicator) == "Hypervolume(reference_point=[0.0, 0.0], maximize=True)"
    assert "maximize=[True, False]" in repr(Hypervolume([0, 0], maximize=[True, False]))


def test_hypervolume_class_validates_reference_point():
    with pytest.raises(ValueError, match="1-D array"):
        Hypervolume([[1.0, 1.0]])
    with pytest.raises(ValueError, match="must be finite"):
        Hypervolume([np.nan, 1.0])
    with pytest.raises(ValueError, match="one bool per objective"):
        Hypervolume([1.0, 1.0], maximize=[True])


# --- default_reference_point -------------------------------------------------------------------
def test_default_reference_point_rule():
    points = [
        [1.0, 3.0],
        [2.0, 2.0],
        [3.0, 1.0],
        [4.0, 4.0],
    ]  # (4, 4) dominated: ignored
    np.testing.assert_allclose(default_reference_point(points), [3.2, 3.2], rtol=RTOL)
    np.testing.assert_allclose(
        default_reference_point(points, offset=1.0), [5.0, 5.0], rtol=RTOL
    )
    # Maximised objectives: the reference point lies below, in the caller's orientation.
    np.testing.assert_allclose(
        default_reference_point([[0.9, 0.5], [0.7, 0.6]], maximize=True),
        [0.68, 0.49],
        rtol=RTOL,
    )
    # Zero range: max(|nadir|, 1) replaces it.
    np.testing.assert_allclose(
        default_reference_point([[5.0, 0.0]]), [5.5, 0.1], rtol=RTOL
    )


@given(point_sets(min_points=1, max_points=12), st.data())
def test_default_reference_point_is_strictly_dominated_by_the_front(points, data):
    m = points.shape[1]
    flags = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    sign = np.where(flags, -1.0, 1.0)
    ref = default_reference_point(points * sign, maximize=flags)
    front = points[is_non_dominated(points)]
    assert (front < ref * sign).all()  # ref in the caller's orientation
    contributions = hypervolume_contributions(points * sign, ref, maximize=flags)
    if len(np.unique(front, axis=0)) == len(
        front
    ):  # no duplicates: every front point counts
        assert (contributions[is_non_dominated(points)] > 0).all()


def test_default_reference_point_errors():
    with pytest.raises(ValueError, match="points is empty"):
        default_reference_point(np.empty((0, 2)))
    with pytest.raises(ValueError, match="offset must be a finite number > 0"):
        default_reference_point([[1.0, 2.0]], offset=0.0)
    with pytest.raises(ValueError, match="infinite value"):
        default_reference_point([[1.0, np.inf]])
