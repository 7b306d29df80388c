"""Exact hypervolume kernels on a minimisation matrix.

Every kernel receives the distinct, mutually non-dominated points that strictly dominate the
reference point (see :func:`nd_inside`); validation and orientation happen at the boundary.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np

from ._kernels import nd_mask_sorted, unique_rows, weakly_better

# Up to this many points the O(n^2) grid kernel (vectorised) beats the O(n log n) sweep (a
# Python loop) in 3-D.
_GRID_3D_MAX_POINTS = 900
_PREFILTER_MIN_POINTS = 32
_PREFILTER_BEST = 16


def nd_inside(points: np.ndarray, reference_point: np.ndarray) -> np.ndarray:
    """Distinct non-dominated rows of ``points`` that strictly dominate the reference point."""
    inside = points[(points < reference_point).all(axis=1)]
    unique, _ = unique_rows(inside)
    return unique[nd_mask_sorted(unique)]


def _front(points: np.ndarray) -> np.ndarray:
    """Distinct non-dominated rows of a (finite) limited set.

    A cheap first pass against the few points of smallest sum (which dominate most of a
    limited set) leaves little for the exact filter.
    """
    if points.shape[0] > _PREFILTER_MIN_POINTS:
        best = points[
            np.argpartition(points.sum(axis=1), _PREFILTER_BEST)[:_PREFILTER_BEST]
        ]
        better_or_equal = weakly_better(best, points)
        equal = better_or_equal & weakly_better(points, best).T
        points = points[~(better_or_equal & ~equal).any(axis=0)]
    unique, _ = unique_rows(points)
    return unique[nd_mask_sorted(unique)]


def hv_kernel(front: np.ndarray, reference_point: np.ndarray) -> float:
    """Hypervolume of a distinct, non-dominated set inside the reference box (dispatch by m)."""
    n, m = front.shape
    if n == 0:
        return 0.0
    if n == 1:
        return float(np.prod(reference_point - front[0]))
    if n == 2:  # inclusion-exclusion: the deep levels of WFG mostly see tiny sets
        boxes = np.prod(reference_point - front, axis=1)
        shared = np.prod(reference_point - np.maximum(front[0], front[1]))
        return float(boxes[0] + boxes[1] - shared)
    if m == 1:
        return float(reference_point[0] - front[:, 0].min())
    if m == 2:
        return _hv_2d(front, reference_point)
    if m == 3:
        if n <= _GRID_3D_MAX_POINTS:
            return _hv_3d_grid(front, reference_point)
        return _hv_3d_sweep(front, reference_point)
    return _hv_wfg(front, reference_point)


def _hv_2d(front: np.ndarray, reference_point: np.ndarray) -> float:
    """Sum of the vertical strips of the staircase: O(n log n)."""
    order = np.argsort(front[:, 0])
    x, y = front[order, 0], front[order, 1]
    widths = np.append(x[1:], reference_point[0]) - x
    return float(np.dot(widths, reference_point[1] - y))


def _hv_3d_grid(front: np.ndarray, reference_point: np.ndarray) -> float:
    """O(n^2) vectorised 3-D hypervolume on the grid of the compressed (x, y) coordinates.

    Over the grid cell (i, j) (i-th smallest x, j-th smallest y) the dominated height is the
    largest ``r_z - z`` among the points with x-rank <= i and y-rank <= j: a 2-D cumulative
    maximum. The same idea is used by Optuna's ``_compute_3d``.
    """
    n = front.shape[0]
    x_order = np.argsort(front[:, 0])
    y_order = np.argsort(front[:, 1])
    y_rank = np.empty(n, dtype=np.intp)
    y_rank[y_order] = np.arange(n)
    heights = np.zeros((n, n))
    heights[np.arange(n), y_rank[x_order]] = reference_point[2] - front[x_order, 2]
    np.maximum.accumulate(heights, axis=0, out=heights)
    np.maximum.accumulate(heights, axis=1, out=heights)
    x = front[x_order, 0]
    y = front[y_order, 1]
    dx = np.append(x[1:], reference_point[0]) - x
    dy = np.append(y[1:], reference_point[1]) - y
    return float(dx @ heights @ dy)


def _hv_3d_sweep(front: np.ndarray, reference_point: np.ndarray) -> float:
    """HV3D dimension sweep (Beume et al. 2009): O(n log n) plus list moves.

    Points enter in increasing z; the 2-D staircase of their (x, y) projections and its area
    are updated incrementally; the volume adds ``area * (next z - z)``.
    """
    order = np.argsort(front[:, 2], kind="stable")
    xs_in, ys_in, zs_in = front[order].T.tolist()
    rx, ry, rz = reference_point.tolist()
    zs_in.append(rz)
    # Sentinels bound the staircase: (-inf, ry) on the left and (rx, -inf) on the right.
    xs, ys = [-np.inf, rx], [ry, -np.inf]
    area = volume = 0.0
    for i, (px, py) in enumerate(zip(xs_in, ys_in)):
        if ys[bisect_right(xs, px) - 1] > py:
            lo = bisect_left(xs, px)
            added = (xs[lo] - px) * (ys[lo - 1] - py)
            hi = lo
            while ys[hi] >= py:
                added += (xs[hi + 1] - xs[hi]) * (ys[hi] - py)
                hi += 1
            xs[lo:hi] = [px]
            ys[lo:hi] = [py]
            area += added
        volume += area * (zs_in[i + 1] - zs_in[i])
    return volume


def _hv_wfg(front: np.ndarray, reference_point: np.ndarray) -> float:
    """WFG (While et al. 2012) with the last objective sliced off at each level.

    With points in decreasing order of the last objective, the exclusive hypervolume of point
    k with respect to the later points is ``(r_m - p_m)`` times the exclusive (m-1)-D volume of
    its head with respect to the heads of the later points limited (clipped) by it, whose
    non-dominated subset is usually small.
    """
    order = np.argsort(-front[:, -1], kind="stable")
    front = front[order]
    head_ref = reference_point[:-1]
    depths = reference_point[-1] - front[:, -1]
    heads = front[:, :-1]
    boxes = np.prod(head_ref - heads, axis=1)
    total = 0.0
    for k in range(front.shape[0] - 1):
        limited = _front(np.maximum(heads[k + 1 :], heads[k]))
        total += depths[k] * (boxes[k] - hv_kernel(limited, head_ref))
    return total + depths[-1] * boxes[-1]


def contributions_kernel(front: np.ndarray, reference_point: np.ndarray) -> np.ndarray:
    """Exclusive hypervolume of each point of a distinct, non-dominated set."""
    n, m = front.shape
    if n == 0:
        return np.zeros(0)
    if n == 1:
        return np.array([np.prod(reference_point - front[0])])
    if m == 2:
        return _contributions_2d(front, reference_point)
    boxes = np.prod(reference_point - front, axis=1)
    out = np.empty(n)
    for k in range(n):
        others = np.delete(front, k, axis=0)
        limited = _front(np.maximum(others, front[k]))
        out[k] = boxes[k] - hv_kernel(limited, reference_point)
    return out


def _contributions_2d(front: np.ndarray, reference_point: np.ndarray) -> np.ndarray:
    """Vectorised 2-D contributions: the rectangle between each point and its two neighbours."""
    order = np.argsort(front[:, 0])
    x, y = front[order, 0], front[order, 1]
    right = np.append(x[1:], reference_point[0])
    above = np.insert(y[:-1], 0, reference_point[1])
    out = np.empty(front.shape[0])
    out[order] = (right - x) * (above - y)
    return out
