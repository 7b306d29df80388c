"""Cross-check against moocore on random and adversarial sets, 2 to 5 objectives.

Conventions mapped one-to-one:
- ``is_non_dominated`` == ``moocore.is_nondominated(keep_weakly=True)`` (moocore's default
  keeps one copy of duplicated non-dominated points; we keep them all).
- ``non_dominated_sort`` == ``moocore.pareto_rank`` (both 0-based, duplicates share a rank).
- ``hypervolume_contributions`` == ``moocore.hv_contributions`` with its default
  ``ignore_dominated=True``: duplicates and dominated points get 0 and dominated points do
  not reduce the contribution of their dominators.
"""

import numpy as np
import pytest

from sklearn_moo.pareto import (
    hypervolume,
    hypervolume_contributions,
    is_non_dominated,
    non_dominated_sort,
    use_backend,
)

moocore = pytest.importorskip("moocore")

RTOL = 1e-12


def _sphere(rng, n, m):
    points = np.abs(rng.normal(size=(n, m)))
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def _sets(m):
    """(name, points, reference point) covering random and adversarial cases."""
    rng = np.random.default_rng(100 + m)
    n_small = 40 if m >= 5 else 150
    uniform = rng.random((n_small, m))
    grid = rng.integers(0, 4, size=(n_small, m)).astype(float)  # ties and duplicates
    sphere = _sphere(rng, n_small, m)  # all mutually non-dominated
    duplicated = np.repeat(sphere[:10], 3, axis=0)
    t = np.linspace(0.0, 1.0, 12)
    collinear = np.column_stack([t, 1.0 - t] + [np.full_like(t, 0.5)] * (m - 2))
    simplex = rng.dirichlet(np.ones(m), size=n_small)  # all non-dominated, on a plane
    outside = np.vstack(
        [uniform[:20], uniform[:5] + 1.0]
    )  # some beyond the reference point
    return [
        ("uniform", uniform, np.full(m, 1.1)),
        ("grid", grid, np.full(m, 4.0)),  # grid points with a 3 sit 1 away from it
        ("sphere", sphere, np.full(m, 1.1)),
        ("duplicated", duplicated, np.full(m, 1.1)),
        ("collinear", collinear, np.full(m, 1.1)),
        ("simplex", simplex, np.full(m, 1.0)),
        ("outside", outside, np.full(m, 1.1)),
    ]


CASES = [(m, name) for m in (2, 3, 4, 5) for name, _, _ in _sets(m)]


def _case(m, name):
    return next((p, r) for n, p, r in _sets(m) if n == name)


@pytest.fixture(params=["numpy", "moocore"])
def backend(request):
    with use_backend(request.param):
        yield request.param


@pytest.mark.parametrize(("m", "name"), CASES)
def test_crosscheck_hypervolume_agrees_with_moocore(m, name, backend):
    points, ref = _case(m, name)
    np.testing.assert_allclose(
        hypervolume(points, ref),
        moocore.hypervolume(points, ref=ref),
        rtol=RTOL,
        atol=0,
    )
    np.testing.assert_allclose(
        hypervolume(-points, -ref, maximize=True),
        moocore.hypervolume(-points, ref=-ref, maximise=True),
        rtol=RTOL,
    )


@pytest.mark.parametrize(("m", "name"), CASES)
def test_crosscheck_is_non_dominated_agrees_with_moocore(m, name, backend):
    points, _ = _case(m, name)
    np.testing.assert_array_equal(
        is_non_dominated(points), moocore.is_nondominated(points, keep_weakly=True)
    )


@pytest.mark.parametrize(("m", "name"), CASES)
def test_crosscheck_non_dominated_sort_agrees_with_pareto_rank(m, name, backend):
    points, _ = _case(m, name)
    np.testing.assert_array_equal(
        non_dominated_sort(points), moocore.pareto_rank(points)
    )


@pytest.mark.parametrize(("m", "name"), CASES)
def test_crosscheck_contributions_agree_with_hv_contributions(m, name, backend):
    points, ref = _case(m, name)
    expected = moocore.hv_contributions(
        points, ref=ref
    )  # ignore_dominated=True by default
    np.testing.assert_allclose(
        hypervolume_contributions(points, ref), expected, rtol=1e-10, atol=1e-15
    )


@pytest.mark.parametrize("m", [3, 4])
def test_crosscheck_large_sets_agree_with_moocore(m):
    # Beyond the grid kernel (3-D) and the single chunk (m >= 4) of the NumPy paths.
    rng = np.random.default_rng(m)
    points = np.vstack(
        [_sphere(rng, 1200 if m == 3 else 300, m), rng.random((3000, m))]
    )
    ref = np.full(m, 1.1)
    with use_backend("numpy"):
        np.testing.assert_allclose(
            hypervolume(points, ref), moocore.hypervolume(points, ref=ref), rtol=RTOL
        )
        np.testing.assert_array_equal(
            is_non_dominated(points), moocore.is_nondominated(points, keep_weakly=True)
        )
