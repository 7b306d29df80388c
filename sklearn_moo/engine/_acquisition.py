"""Acquisition functions for multi-objective Bayesian optimisation (minimisation).

Expected hypervolume improvement (EHVI) is computed exactly for independent
Gaussian posteriors by decomposing the region not dominated by the current front
into grid cells (Emmerich et al., 2006; Couckuyt et al., 2014): the improvement
inside one cell factorises over objectives, so its expectation is a product of
one-dimensional closed forms. ParEGO's augmented Chebyshev scalarisation
(Knowles, 2006) is the fallback when the cell grid would be too large.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from ..pareto import is_non_dominated

__all__ = [
    "non_dominated_cells",
    "expected_hypervolume_improvement",
    "expected_improvement",
    "probability_below",
    "chebyshev",
]

_SQRT_2PI = np.sqrt(2.0 * np.pi)


def _pdf(z: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * z * z) / _SQRT_2PI


# Most grid columns non_dominated_cells builds before it merges them (4 float
# arrays of this length): 4 objectives and a front of 200 points need 8e6.
_MAX_GRID = 4_000_000


def non_dominated_cells(
    front: np.ndarray,
    reference: np.ndarray,
    *,
    floor: np.ndarray | None = None,
    max_cells: int = 50_000,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Disjoint boxes covering the region below ``reference`` that no front point dominates.

    Grid lines through every front coordinate split the first ``m - 1``
    objectives into columns; within a column, the free cells along the last
    objective are exactly those below ``t = min{p_m : p[:m-1] <= column's lower
    corner}``, so they merge into one box ``[-inf, min(t, r_m)]``. ``t`` is a
    prefix minimum over the grid (each point placed at its own grid index,
    then cumulative minima along every axis): O(grid) work, not O(grid x n).
    Neighbouring boxes with the same top and the same extent along every other
    axis then merge, one grid axis after another: a 4-objective front of 35
    points has a grid of 46,656 columns and about 220 boxes (merged along one
    axis only, as before #13: 5,846; ``benchmarks/bench_cells.py``).
    Free boxes below the ideal point extend to ``-inf``, or down to ``floor``
    when it is given (improvement beyond ``floor`` is not credited).

    Returns None when the merged boxes are more than ``max_cells``, or the
    grid more than 4,000,000 columns.
    """
    front = front[np.all(front < reference, axis=1)]
    m = reference.shape[0]
    if m == 1:
        top = front[:, 0].min() if len(front) else reference[0]
        bottom = -np.inf if floor is None else floor[0]
        return np.array([[bottom]]), np.array([[min(top, reference[0])]])
    axes = [
        np.concatenate(([-np.inf], np.unique(front[:, j]), [reference[j]]))
        for j in range(m - 1)
    ]
    shape = tuple(len(a) - 1 for a in axes)
    if int(np.prod(shape, dtype=float)) > _MAX_GRID:
        return None
    top = np.full(shape, reference[m - 1])
    # A point's coordinate is axes[j][k] with k >= 1: it bounds every column from k on.
    position = tuple(np.searchsorted(axes[j], front[:, j]) for j in range(m - 1))
    np.minimum.at(top, position, front[:, m - 1])
    for j in range(m - 1):
        np.minimum.accumulate(top, axis=j, out=top)
    # Along the fastest axis, neighbours are consecutive in C order: no sort.
    top = top.ravel()
    same = top[1:] == top[:-1]
    same[shape[-1] - 1 :: shape[-1]] = False  # a new row of the grid starts a new box
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    ends = np.concatenate((starts[1:], [len(top)])) - 1
    first = np.stack(np.unravel_index(starts, shape), axis=1)
    last = first.copy()
    last[:, -1] = np.unravel_index(ends, shape)[-1]
    top = top[starts]
    for j in reversed(range(m - 2)):
        first, last, top = _merge_along(first, last, top, j)
    if len(top) > max_cells:
        return None
    lower = np.column_stack(
        [axes[j][first[:, j]] for j in range(m - 1)] + [np.full(len(top), -np.inf)]
    )
    upper = np.column_stack([axes[j][last[:, j] + 1] for j in range(m - 1)] + [top])
    if floor is not None:
        lower = np.maximum(lower, floor)
    return lower, upper


def _merge_along(first, last, top, axis):
    """Merge runs of boxes adjacent along ``axis`` with equal extents elsewhere and equal tops.

    Boxes are index ranges ``first[b, j]..last[b, j]`` of grid columns (inclusive).
    """
    others = [j for j in range(first.shape[1]) if j != axis]
    # Sort by everything but the extent along axis, then along it (lexsort: last key first).
    keys = (
        [first[:, axis]]
        + [top]
        + [last[:, j] for j in others]
        + [first[:, j] for j in others]
    )
    order = np.lexsort(keys)
    first, last, top = first[order], last[order], top[order]
    same = np.ones(len(top) - 1, dtype=bool) if len(top) else np.ones(0, dtype=bool)
    for j in others:
        same &= (first[1:, j] == first[:-1, j]) & (last[1:, j] == last[:-1, j])
    same &= (top[1:] == top[:-1]) & (first[1:, axis] == last[:-1, axis] + 1)
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    ends = np.concatenate((starts[1:], [len(top)])) - 1
    merged_last = last[starts].copy()
    merged_last[:, axis] = last[ends, axis]
    return first[starts], merged_last, top[starts]


def expected_hypervolume_improvement(
    mean: np.ndarray,
    std: np.ndarray,
    cells: tuple[np.ndarray, np.ndarray],
    *,
    chunk: int = 64,
) -> np.ndarray:
    """EHVI of independent Gaussian predictions over free cells (minimisation).

    For a cell ``[l, u]`` and ``Y ~ N(mu, s)``, ``E[max(0, u - max(l, Y))] =
    G(u) - G(l)`` with ``G(v) = s psi((v - mu) / s)``, ``psi(z) = z Phi(z) +
    phi(z)`` and ``G(-inf) = 0``; a cell's expected improvement is the product
    of these terms over objectives, and EHVI is their sum over cells. The cell
    bounds take few distinct values per objective, so ``G`` is evaluated once
    per (candidate, distinct value) and gathered for every cell.
    """
    lower, upper = cells
    n_cells, m = lower.shape
    std = np.maximum(std, 1e-12)
    # Per objective: the distinct bound values and each cell's index into them.
    values, lower_at, upper_at = [], [], []
    for j in range(m):
        v, inverse = np.unique(
            np.concatenate([lower[:, j], upper[:, j]]), return_inverse=True
        )
        values.append(v)
        lower_at.append(inverse[:n_cells])
        upper_at.append(inverse[n_cells:])
    out = np.empty(len(mean))
    for start in range(0, len(mean), chunk):
        stop = start + chunk
        product = None
        for j in range(m):
            mu, s = mean[start:stop, j, None], std[start:stop, j, None]
            z = (values[j][None, :] - mu) / s
            with np.errstate(invalid="ignore"):
                g = s * (z * ndtr(z) + _pdf(z))
            g[:, np.isneginf(values[j])] = 0.0
            term = np.maximum(g[:, upper_at[j]] - g[:, lower_at[j]], 0.0)
            product = term if product is None else product * term
        out[start:stop] = product.sum(axis=1)
    return out


def expected_improvement(mean: np.ndarray, std: np.ndarray, best: float) -> np.ndarray:
    """Expected improvement below ``best`` (minimisation)."""
    std = np.maximum(std, 1e-12)
    z = (best - mean) / std
    return (best - mean) * ndtr(z) + std * _pdf(z)


def probability_below(
    mean: np.ndarray, std: np.ndarray, threshold: float = 0.0
) -> np.ndarray:
    """``P(Y <= threshold)`` for ``Y ~ N(mean, std)``."""
    return ndtr((threshold - mean) / np.maximum(std, 1e-12))


def chebyshev(values: np.ndarray, weights: np.ndarray, rho: float = 0.05) -> np.ndarray:
    """ParEGO's augmented Chebyshev scalarisation of normalised objectives."""
    weighted = values * weights
    return weighted.max(axis=1) + rho * weighted.sum(axis=1)


def front_of(values: np.ndarray) -> np.ndarray:
    """The non-dominated rows of a minimisation matrix."""
    if len(values) == 0:
        return values
    return values[is_non_dominated(values)]
