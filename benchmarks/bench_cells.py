"""EHVI box decomposition: boxes and time, before and after issue #13.

``non_dominated_cells`` (``sklearn_moo.engine._acquisition``) splits the region that no front
point dominates into boxes that EHVI sums over. Before #13 it computed each grid column's top
against every front point (O(grid x n)) and merged neighbours along one grid axis; now the tops
are prefix minima over the grid (O(grid)) and boxes merge along every grid axis. ``_previous``
below is the earlier algorithm, kept here as the reference; both must cover the same volume.
Fronts are random points of the concave front ``sum f**2 = 1``. Run by hand::

    python benchmarks/bench_cells.py
"""

from __future__ import annotations

import time

import numpy as np

from sklearn_moo.engine._acquisition import non_dominated_cells
from sklearn_moo.pareto import is_non_dominated


def _previous(front, reference, floor):
    """The decomposition of engine 7faa36a (one merge axis, tops by brute force)."""
    m = reference.shape[0]
    axes = [
        np.concatenate(([-np.inf], np.unique(front[:, j]), [reference[j]]))
        for j in range(m - 1)
    ]
    index = np.stack(
        np.meshgrid(*[np.arange(len(a) - 1) for a in axes], indexing="ij"), axis=-1
    ).reshape(-1, m - 1)
    lower = np.stack([axes[j][index[:, j]] for j in range(m - 1)], axis=1)
    upper = np.stack([axes[j][index[:, j] + 1] for j in range(m - 1)], axis=1)
    top = np.full(len(lower), reference[m - 1])
    for start in range(0, len(front), 64):
        block = front[start : start + 64]
        below = np.all(block[None, :, : m - 1] <= lower[:, None, :], axis=2)
        top = np.minimum(
            top, np.where(below, block[None, :, m - 1], np.inf).min(axis=1)
        )
    same = np.all(index[1:, :-1] == index[:-1, :-1], axis=1) & (top[1:] == top[:-1])
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    ends = np.concatenate((starts[1:], [len(top)])) - 1
    lower = np.column_stack([lower[starts], np.full(len(starts), -np.inf)])
    upper = np.column_stack([upper[ends], top[starts]])
    return np.maximum(lower, floor), upper


def _median_time(function, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, float(np.median(times)) * 1e3


def main():
    rng = np.random.RandomState(0)
    print(
        "| objectives | front points | grid columns | boxes before | boxes after "
        "| time before (ms) | time after (ms) |"
    )
    print("|---|---|---|---|---|---|---|")
    for m, n in [(3, 20), (3, 40), (3, 100), (4, 20), (4, 35), (4, 50), (4, 100)]:
        points = rng.dirichlet(np.ones(m), size=20_000) ** 0.5
        points = points[is_non_dominated(points)]
        front = points[rng.choice(len(points), n, replace=False)]
        reference, floor = np.full(m, 1.1), np.full(m, -0.1)
        before, t_before = _median_time(lambda: _previous(front, reference, floor))
        after, t_after = _median_time(
            lambda: non_dominated_cells(front, reference, floor=floor, max_cells=10**9)
        )
        volumes = [
            np.prod(upper - lower, axis=1).sum() for lower, upper in (before, after)
        ]
        assert np.isclose(*volumes), volumes
        print(
            f"| {m} | {n} | {(n + 1) ** (m - 1):,} | {len(before[0]):,} | {len(after[0]):,} "
            f"| {t_before:.1f} | {t_after:.1f} |"
        )


if __name__ == "__main__":
    main()
