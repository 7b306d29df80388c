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

__all__ = ["non_dominated_cells", "expected_hypervolume_improvement", "expected_improvement",
           "probability_below", "chebyshev"]

_SQRT_2PI = np.sqrt(2.0 * np.pi)


def _pdf(z: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * z * z) / _SQRT_2PI


def non_dominated_cells(front: np.ndarray, reference: np.ndarray, *,
                        floor: np.ndarray | None = None,
                        max_cells: int = 50_000) -> tuple[np.ndarray, np.ndarray] | None:
    """Disjoint boxes covering the region below ``reference`` that no front point dominates.

    Grid lines through every front coordinate split the first ``m - 1``
    objectives into columns; within a column, the free cells along the last
    objective are exactly those below ``t = min{p_m : p[:m-1] <= column's lower
    corner}``, so they merge into one box ``[-inf, min(t, r_m)]``; neighbouring
    columns along objective ``m - 1`` with the same ``t`` merge too. That
    gives ``(n + 1) ** (m - 1)`` boxes at most (``n + 1`` for two objectives).
    Free boxes below the ideal point extend to ``-inf``, or down to ``floor``
    when it is given (improvement beyond ``floor`` is not credited). Returns
    None when the grid would have more than ``max_cells`` columns.
    """
    front = front[np.all(front < reference, axis=1)]
    m = reference.shape[0]
    axes = [np.concatenate(([-np.inf], np.unique(front[:, j]), [reference[j]]))
            for j in range(m - 1)]
    n_cells = int(np.prod([len(a) - 1 for a in axes]))
    if n_cells > max_cells:
        return None
    if m == 1:
        top = front[:, 0].min() if len(front) else reference[0]
        bottom = -np.inf if floor is None else floor[0]
        return np.array([[bottom]]), np.array([[min(top, reference[0])]])
    index = np.stack(np.meshgrid(*[np.arange(len(a) - 1) for a in axes], indexing="ij"),
                     axis=-1).reshape(-1, m - 1)
    lower = np.stack([axes[j][index[:, j]] for j in range(m - 1)], axis=1)
    upper = np.stack([axes[j][index[:, j] + 1] for j in range(m - 1)], axis=1)
    top = np.full(len(lower), reference[m - 1])
    for start in range(0, len(front), 64):
        block = front[start:start + 64]
        below = np.all(block[None, :, :m - 1] <= lower[:, None, :], axis=2)
        last = np.where(below, block[None, :, m - 1], np.inf).min(axis=1)
        top = np.minimum(top, last)
    # Neighbours along the fastest grid axis with the same top are one box:
    # 3.5-7x fewer boxes for 10-80 points on a 3-objective front.
    same = np.all(index[1:, :-1] == index[:-1, :-1], axis=1) & (top[1:] == top[:-1])
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    ends = np.concatenate((starts[1:], [len(top)])) - 1
    lower = np.column_stack([lower[starts], np.full(len(starts), -np.inf)])
    upper = np.column_stack([upper[ends], top[starts]])
    if floor is not None:
        lower = np.maximum(lower, floor)
    return lower, upper


def expected_hypervolume_improvement(mean: np.ndarray, std: np.ndarray,
                                     cells: tuple[np.ndarray, np.ndarray], *,
                                     chunk: int = 64) -> np.ndarray:
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
        v, inverse = np.unique(np.concatenate([lower[:, j], upper[:, j]]), return_inverse=True)
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


def probability_below(mean: np.ndarray, std: np.ndarray, threshold: float = 0.0) -> np.ndarray:
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
