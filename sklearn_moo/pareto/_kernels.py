"""Pure NumPy kernels on a minimisation matrix (no validation, no orientation).

Most kernels work on the *distinct* rows sorted lexicographically (see :func:`unique_rows`):
among distinct points, weak dominance (``<=`` in every objective) is dominance, and every
dominator of a point comes before it in lexicographic order. This removes all special cases
for duplicates and ties.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

# Sizes of the blocks of the vectorised comparisons: memory stays within a few MB.
_BLOCK_3D = 2048
_BLOCK_DIVISOR = 16
_CHUNK_ND = 512
_SLAB_ELEMENTS = 1 << 21
_SMALL_PAIRWISE = 128
_PREFILTER_BEST = 16
_PREFILTER_MAX_POINTS = 20_000


def unique_rows(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows in lexicographic order and, per input row, the index of its distinct row."""
    n = points.shape[0]
    if n == 0:
        return points.copy(), np.zeros(0, dtype=np.intp)
    order = np.argsort(points[:, 0])
    first = points[order, 0]
    if not (first[1:] == first[:-1]).any():
        # Fast path (continuous data): no tie in the first objective, so the sort by it is
        # the lexicographic order and all rows are distinct.
        inverse = np.empty(n, dtype=np.intp)
        inverse[order] = np.arange(n)
        return points[order], inverse
    order = np.lexsort(points.T[::-1])
    ordered = points[order]
    starts = np.ones(n, dtype=bool)
    starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    inverse = np.empty(n, dtype=np.intp)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse


def staircase_2d(y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-dominated distinct points of a 2-D set: y strictly increasing, z strictly decreasing."""
    order = np.lexsort((z, y))
    y, z = y[order], z[order]
    keep = np.ones(y.shape[0], dtype=bool)
    keep[1:] = z[1:] < np.minimum.accumulate(z)[:-1]
    return y[keep], z[keep]


def nd_mask_sorted(unique: np.ndarray) -> np.ndarray:
    """Non-dominated mask of distinct, lexicographically sorted points (dispatch by dimension)."""
    n, m = unique.shape
    if n <= 1:
        return np.ones(n, dtype=bool)
    if m == 1:
        mask = np.zeros(n, dtype=bool)
        mask[0] = True
        return mask
    if m == 2:
        # O(n log n): a point is dominated iff an earlier point has a second objective <= its own.
        mask = np.ones(n, dtype=bool)
        mask[1:] = np.minimum.accumulate(unique[:, 1])[:-1] > unique[1:, 1]
        return mask
    if n <= _SMALL_PAIRWISE or (m > 3 and n <= _CHUNK_ND):
        # Distinct points: weakly better in every objective means dominating.
        covers = weakly_better(unique, unique)
        np.fill_diagonal(covers, False)
        return ~covers.any(axis=0)
    if m == 3:
        # NOTE: beyond ~2e4 points the sweep's blocks amortise better than the prefilter.
        alive = _prefilter(unique) if n <= _PREFILTER_MAX_POINTS else np.arange(n)
        mask = np.zeros(n, dtype=bool)
        mask[alive] = _nd_mask_3d(unique[alive, 1], unique[alive, 2])
        return mask
    return _nd_mask_blocked(unique)


def _prefilter(unique: np.ndarray) -> np.ndarray:
    """Indices (sorted) of the distinct points not dominated by one of the few of least sum.

    One vectorised pass removes most dominated points of a random set before the sweep.
    Which points serve as filters only affects speed; ranks replace values when a sum is not
    finite.
    """
    with np.errstate(invalid="ignore"):  # inf + (-inf): handled just below
        sums = unique.sum(axis=1)
    if not np.isfinite(sums).all():
        sums = _rank_sum(unique)
    best = np.argpartition(sums, _PREFILTER_BEST)[:_PREFILTER_BEST]
    covers = weakly_better(unique[best], unique)
    covers[np.arange(best.shape[0]), best] = (
        False  # distinct rows: only itself is equal
    )
    return np.flatnonzero(~covers.any(axis=0))


def weakly_better(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``out[i, j]`` is True iff ``a[i] <= b[j]`` in every objective.

    One 2-D comparison per objective: faster than reducing a (len(a), len(b), m) array over
    its short last axis.
    """
    out = a[:, 0, None] <= b[:, 0]
    for j in range(1, a.shape[1]):
        out &= a[:, j, None] <= b[:, j]
    return out


def _nd_mask_3d(y: np.ndarray, z: np.ndarray, block: int = _BLOCK_3D) -> np.ndarray:
    """Sweep in x order keeping the 2-D staircase of (y, z) seen so far, one block at a time.

    Points are lexicographically sorted and distinct, so an earlier point dominates a later one
    iff it is weakly better in (y, z). Each block is queried against the staircase with a
    binary search; the survivors of a block are the same problem on fewer points, solved
    recursively with smaller blocks down to a pairwise comparison.
    """
    n = y.shape[0]
    if n <= _SMALL_PAIRWISE:
        covers = (y[:, None] <= y) & (z[:, None] <= z)
        return ~np.triu(covers, 1).any(axis=0)
    # Small inputs (the limited sets of WFG) have few survivors: one level of small blocks.
    block = min(block, max(_SMALL_PAIRWISE, n // 8))
    mask = np.zeros(n, dtype=bool)
    stair_y, stair_z = np.empty(0), np.empty(0)
    for start in range(0, n, block):
        block_y, block_z = y[start : start + block], z[start : start + block]
        if stair_y.size:
            pos = np.searchsorted(stair_y, block_y, side="right") - 1
            alive = np.flatnonzero((pos < 0) | (stair_z[np.maximum(pos, 0)] > block_z))
        else:
            alive = np.arange(block_y.shape[0])
        sub_block = max(block // _BLOCK_DIVISOR, 1)
        alive = alive[_nd_mask_3d(block_y[alive], block_z[alive], sub_block)]
        mask[start + alive] = True
        stair_y, stair_z = staircase_2d(
            np.concatenate([stair_y, block_y[alive]]),
            np.concatenate([stair_z, block_z[alive]]),
        )
    return mask


def _rank_sum(points: np.ndarray) -> np.ndarray:
    """Sum of per-objective dense ranks: a dominator always has a strictly smaller sum.

    Ranks instead of values keep the order exact with infinite values.
    """
    total = np.zeros(points.shape[0], dtype=np.int64)
    for column in points.T:
        total += np.unique(column, return_inverse=True)[1].reshape(-1)
    return total


def _nd_mask_blocked(unique: np.ndarray) -> np.ndarray:
    """Blocked all-pairs comparison for m >= 4, after sorting by rank sum.

    Candidates are compared in chunks against the growing front (the first, best slabs of the
    front eliminate most dominated points early), then within the chunk.
    """
    n, m = unique.shape
    order = np.argsort(_rank_sum(unique), kind="stable")
    ordered = unique[order]
    front = np.empty_like(ordered)
    n_front = 0
    keep = np.zeros(n, dtype=bool)
    for start in range(0, n, _CHUNK_ND):
        chunk = ordered[start : start + _CHUNK_ND]
        alive = np.arange(chunk.shape[0])
        slab = max(1, _SLAB_ELEMENTS // (chunk.shape[0] * m))
        for s in range(0, n_front, slab):
            candidates = chunk[alive]
            dominated = weakly_better(
                front[s : min(s + slab, n_front)], candidates
            ).any(axis=0)
            alive = alive[~dominated]
            if alive.size == 0:
                break
        candidates = chunk[alive]
        covers = weakly_better(candidates, candidates)
        np.fill_diagonal(covers, False)
        alive = alive[~covers.any(axis=0)]
        keep[start + alive] = True
        front[n_front : n_front + alive.size] = chunk[alive]
        n_front += alive.size
    mask = np.empty(n, dtype=bool)
    mask[order] = keep
    return mask


def fronts_sorted(unique: np.ndarray) -> np.ndarray:
    """0-based front index of distinct, lexicographically sorted points."""
    n, m = unique.shape
    if m == 1:
        return np.arange(n)
    if m == 2:
        return _fronts_2d(unique[:, 1])
    fronts = np.empty(n, dtype=np.intp)
    remaining = np.arange(n)
    level = 0
    while remaining.size:
        # NOTE: a subset of sorted distinct rows is still sorted and distinct.
        mask = nd_mask_sorted(unique[remaining])
        fronts[remaining[mask]] = level
        remaining = remaining[~mask]
        level += 1
    return fronts


def _fronts_2d(y: np.ndarray) -> np.ndarray:
    """Longest-chain fronts in 2-D (Jensen 2003): O(n log n).

    In x order, ``tails[r]`` is the smallest y on front r; tails is non-decreasing and a point
    is dominated by front r iff ``tails[r] <= y``, so its front is ``bisect_right(tails, y)``.
    """
    tails: list[float] = []
    fronts = np.empty(y.shape[0], dtype=np.intp)
    for i, value in enumerate(y.tolist()):
        r = bisect_right(tails, value)
        if r == len(tails):
            tails.append(value)
        else:
            tails[r] = value
        fronts[i] = r
    return fronts


def crowding_sorted(unique: np.ndarray) -> np.ndarray:
    """NSGA-II crowding distance of distinct, lexicographically sorted points."""
    n, m = unique.shape
    if n <= 2:
        return np.full(n, np.inf)
    distance = np.zeros(n)
    for j in range(m):
        # NOTE: stable sort on lexicographically sorted rows: ties are broken the same way
        # whatever the order of the caller's rows.
        order = np.argsort(unique[:, j], kind="stable")
        values = unique[order, j]
        extent = values[-1] - values[0]
        if extent == 0:
            continue
        distance[order[[0, -1]]] = np.inf
        distance[order[1:-1]] += (values[2:] - values[:-2]) / extent
    return distance
