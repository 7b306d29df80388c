"""EHVI over the box decomposition, checked against the exact hypervolume."""

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from sklearn_moo.engine._acquisition import (
    expected_hypervolume_improvement,
    non_dominated_cells,
    probability_below,
)
from sklearn_moo.pareto import hypervolume, is_non_dominated


def _front(points):
    return points[is_non_dominated(points)]


@given(m=st.integers(2, 4), data=st.data())
def test_ehvi_with_vanishing_variance_equals_exact_improvement(m, data):
    # small integer grids: ties, duplicates and points on the reference boundary
    points = data.draw(
        arrays(
            float,
            (data.draw(st.integers(0, 7)), m),
            elements=st.integers(0, 5).map(float),
        )
    )
    candidates = data.draw(arrays(float, (5, m), elements=st.floats(-1.0, 6.5)))
    reference = np.full(m, 5.0)
    front = _front(points) if len(points) else points.reshape(0, m)
    cells = non_dominated_cells(front, reference)
    ehvi = expected_hypervolume_improvement(
        candidates, np.full_like(candidates, 1e-9), cells
    )
    base = hypervolume(front, reference) if len(front) else 0.0
    for candidate, value in zip(candidates, ehvi):
        inside = np.vstack([front, candidate[None]])
        inside = inside[np.all(inside < reference, axis=1)]
        exact = (hypervolume(inside, reference) if len(inside) else 0.0) - base
        assert value == pytest.approx(exact, rel=1e-6, abs=1e-6)


@given(m=st.integers(2, 3), data=st.data())
def test_ehvi_with_a_floor_credits_improvement_down_to_the_floor_only(m, data):
    points = data.draw(
        arrays(
            float,
            (data.draw(st.integers(1, 6)), m),
            elements=st.integers(0, 5).map(float),
        )
    )
    candidates = data.draw(arrays(float, (5, m), elements=st.floats(-3.0, 6.5)))
    reference, floor = np.full(m, 5.0), np.full(m, -0.5)
    front = _front(points)
    cells = non_dominated_cells(front, reference, floor=floor)
    assert np.all(cells[0] >= floor)
    ehvi = expected_hypervolume_improvement(
        candidates, np.full_like(candidates, 1e-9), cells
    )
    inside_front = front[np.all(front < reference, axis=1)]
    base = hypervolume(inside_front, reference) if len(inside_front) else 0.0
    for candidate, value in zip(candidates, ehvi):
        # the candidate counts as if it stopped at the floor
        inside = np.vstack([inside_front, np.maximum(candidate, floor)[None]])
        inside = inside[np.all(inside < reference, axis=1)]
        exact = (hypervolume(inside, reference) if len(inside) else 0.0) - base
        assert value == pytest.approx(exact, rel=1e-6, abs=1e-6)


def test_ehvi_box_count_is_n_plus_one_for_two_objectives():
    front = np.array([[0.0, 3.0], [1.0, 2.0], [2.0, 1.0], [3.0, 0.0]])
    lower, upper = non_dominated_cells(front, np.array([4.0, 4.0]))
    assert len(lower) == 5
    assert np.all(np.isneginf(lower[:, 1]))


def test_ehvi_matches_monte_carlo_for_gaussian_predictions():
    rng = np.random.RandomState(0)
    front = _front(rng.rand(12, 3))
    reference = np.full(3, 1.1)
    mean, std = np.array([[0.4, 0.5, 0.3]]), np.array([[0.2, 0.1, 0.3]])
    ehvi = expected_hypervolume_improvement(
        mean, std, non_dominated_cells(front, reference)
    )[0]
    samples = mean + std * rng.standard_normal((4000, 3))
    base = hypervolume(front, reference)
    improvements = [
        hypervolume(np.vstack([front, s[None]]), reference) - base
        if np.all(s < reference)
        else 0.0
        for s in samples
    ]
    # Monte Carlo standard error is about 2e-3 here; allow 4 of them.
    assert ehvi == pytest.approx(np.mean(improvements), abs=8e-3)


def test_probability_below_is_the_gaussian_cdf():
    assert probability_below(np.array([0.0]), np.array([1.0]))[0] == pytest.approx(0.5)
    assert probability_below(np.array([-3.0]), np.array([1.0]))[0] > 0.998


def test_ehvi_floor_applies_to_a_single_objective():
    cells = non_dominated_cells(
        np.array([[0.3]]), np.array([1.1]), floor=np.array([-0.1])
    )
    # a certain value far below the floor improves only down to the floor
    ehvi = expected_hypervolume_improvement(
        np.array([[-5.0]]), np.array([[1e-9]]), cells
    )
    assert ehvi[0] == pytest.approx(0.4)


def test_ehvi_cells_merge_neighbours_with_the_same_top_for_three_objectives():
    front = np.array([[0.0, 1.0, 2.0], [1.0, 2.0, 0.0], [2.0, 0.0, 1.0]])
    reference = np.full(3, 3.0)
    lower, upper = non_dominated_cells(front, reference)
    # a 4 x 4 grid of columns: 9 boxes merged along the second objective, 7 along both
    assert len(lower) == 7
    # disjoint boxes that tile the free part of [-1, 3]^3
    volume = np.prod(upper - np.maximum(lower, -1.0), axis=1).sum()
    assert volume == pytest.approx(4.0**3 - hypervolume(front, reference))


@given(m=st.integers(2, 5), data=st.data())
def test_ehvi_cells_are_disjoint_and_tile_the_free_region(m, data):
    # Integer coordinates: ties and duplicates; boxes clipped at -1 have integer
    # corners, so the tiling is checked exactly on the grid of unit cubes.
    points = data.draw(
        arrays(
            float,
            (data.draw(st.integers(0, 6)), m),
            elements=st.integers(0, 3).map(float),
        )
    )
    reference = np.full(m, 3.0)
    front = _front(points) if len(points) else points.reshape(0, m)
    lower, upper = non_dominated_cells(front, reference, floor=np.full(m, -1.0))
    grid = np.stack(
        np.meshgrid(*[np.arange(-1, 3) + 0.5] * m, indexing="ij"), axis=-1
    ).reshape(-1, m)
    inside = np.all(
        (grid[:, None] > lower[None]) & (grid[:, None] < upper[None]), axis=2
    )
    dominated = np.zeros(len(grid), bool)
    for p in front:
        dominated |= np.all(grid >= p, axis=1)
    # every free unit cube in exactly one box, every dominated one in none
    np.testing.assert_array_equal(inside.sum(axis=1), np.where(dominated, 0, 1))


def test_ehvi_cells_too_many_after_merging_is_none():
    front = np.random.RandomState(0).dirichlet(np.ones(4), size=30) ** 0.5
    reference = np.full(4, 1.1)
    lower, _ = non_dominated_cells(front, reference, max_cells=10**6)
    assert non_dominated_cells(front, reference, max_cells=len(lower)) is not None
    assert non_dominated_cells(front, reference, max_cells=len(lower) - 1) is None
