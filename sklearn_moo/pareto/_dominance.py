"""Pareto dominance, non-dominated filtering and sorting, crowding distance."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

import numpy as np
from numpy.typing import ArrayLike

from ._backend import _moocore_for
from ._kernels import crowding_sorted, fronts_sorted, nd_mask_sorted, unique_rows
from ._validation import _as_point, _as_points, _check_maximize


def _moocore_for_finite(matrix: np.ndarray, all_finite: bool) -> ModuleType | None:
    """moocore if the backend asks for it and every value is finite.

    NOTE: moocore's kernels use infinite sentinels, so infinite values go to NumPy.
    """
    n, m = matrix.shape
    if not (n and all_finite):
        return None
    return _moocore_for(n, m)


def dominates(
    a: ArrayLike, b: ArrayLike, /, *, maximize: bool | Sequence[bool] = False
) -> bool:
    """Whether point ``a`` Pareto-dominates point ``b``.

    ``a`` dominates ``b`` when it is at least as good in every objective and strictly better
    in at least one.

    Parameters
    ----------
    a, b : array-like of shape (n_objectives,)
        Two points (1-D) with the same number of objectives.
    maximize : bool or sequence of bool, default=False
        Whether each objective is maximised (one bool for all objectives or one per
        objective). Objectives are minimised by default.

    Returns
    -------
    dominates : bool
        True if ``a`` dominates ``b``.

    See Also
    --------
    is_non_dominated : Non-dominated mask of a set of points.

    Notes
    -----
    O(m) for m objectives. Dominance is irreflexive (a point never dominates itself or a
    duplicate), asymmetric and transitive. Infinite values compare as usual; NaN raises
    ValueError.

    Examples
    --------
    >>> from sklearn_moo.pareto import dominates
    >>> dominates([1, 2], [2, 2])
    True
    >>> dominates([1, 2], [1, 2])
    False
    >>> dominates([0.9, 0.8], [0.7, 0.8], maximize=True)
    True
    """
    a_vec, b_vec = _as_point(a, "a"), _as_point(b, "b")
    if a_vec.shape != b_vec.shape:
        raise ValueError(
            f"a and b must have the same number of objectives; got {a_vec.shape[0]} and "
            f"{b_vec.shape[0]}."
        )
    flags = _check_maximize(maximize, a_vec.shape[0])
    sign = np.where(flags, -1.0, 1.0)
    a_min, b_min = a_vec * sign, b_vec * sign
    return bool((a_min <= b_min).all() and (a_min < b_min).any())


def is_non_dominated(
    points: ArrayLike, /, *, maximize: bool | Sequence[bool] = False
) -> np.ndarray:
    """Mask of the points that no other point dominates (the Pareto front of the set).

    Parameters
    ----------
    points : array-like of shape (n_points, n_objectives)
        One row per point. A 1-D array is rejected: pass a single point as one row.
    maximize : bool or sequence of bool, default=False
        Whether each objective is maximised (one bool for all objectives or one per
        objective). Objectives are minimised by default.

    Returns
    -------
    mask : ndarray of bool of shape (n_points,)
        True for the non-dominated points.

    See Also
    --------
    non_dominated_sort : Front index of every point.
    dominates : Dominance between two points.

    Notes
    -----
    Exact duplicates of a non-dominated point are all kept (True). This differs from
    ``moocore.is_nondominated``, which keeps one copy unless ``keep_weakly=True``.

    Complexity, for n points: m = 1, 2: O(n log n) (lexicographic sort and cumulative
    minimum); m = 3: a sweep in the first objective keeping the 2-D staircase of the others,
    O(n log n) queries plus blocks of 256 compared pairwise; m >= 4: blocked pairwise
    comparison after sorting by the sum of per-objective ranks, O(n * h * m) for h
    non-dominated points, in bounded memory. With moocore installed, inputs with m >= 3 and
    n >= 2000 run in moocore (see :func:`set_backend`).

    Infinite values compare as usual (such inputs always run in NumPy). NaN raises
    ValueError naming the rows. Empty input
    (shape (0, m)) returns an empty mask.

    Examples
    --------
    >>> from sklearn_moo.pareto import is_non_dominated
    >>> is_non_dominated([[1, 3], [2, 2], [3, 3], [1, 3]])
    array([ True,  True, False,  True])
    >>> is_non_dominated([[0.9, 0.1], [0.8, 0.2], [0.7, 0.05]], maximize=[True, False])
    array([ True, False,  True])
    """
    matrix, _, all_finite = _as_points(points, maximize)
    moocore = _moocore_for_finite(matrix, all_finite)
    if moocore is not None:
        return np.asarray(moocore.is_nondominated(matrix, keep_weakly=True), dtype=bool)
    unique, inverse = unique_rows(matrix)
    return nd_mask_sorted(unique)[inverse]


def non_dominated_sort(
    points: ArrayLike, /, *, maximize: bool | Sequence[bool] = False
) -> np.ndarray:
    """0-based index of the Pareto front of each point (non-dominated sorting).

    Front 0 holds the non-dominated points; front k + 1 holds the points that are
    non-dominated once fronts 0 to k are removed.

    Parameters
    ----------
    points : array-like of shape (n_points, n_objectives)
        One row per point.
    maximize : bool or sequence of bool, default=False
        Whether each objective is maximised (one bool for all objectives or one per
        objective). Objectives are minimised by default.

    Returns
    -------
    fronts : ndarray of int of shape (n_points,)
        The 0-based front of each point (``cv_results_["pareto_rank"]`` is this plus one).

    See Also
    --------
    is_non_dominated : Mask of front 0.

    Notes
    -----
    Duplicates share a front. Equal to ``moocore.pareto_rank``.

    Complexity, for n points and F fronts: m = 1: O(n log n); m = 2: O(n log n) by the
    longest-chain method; m >= 3: F successive non-dominated filters. With moocore installed,
    inputs with m >= 3 and n >= 2000 run in moocore (see :func:`set_backend`).

    Infinite values compare as usual; NaN raises ValueError.

    Examples
    --------
    >>> from sklearn_moo.pareto import non_dominated_sort
    >>> non_dominated_sort([[1, 3], [2, 2], [3, 3], [4, 4], [2, 2]])
    array([0, 0, 1, 2, 0])
    """
    matrix, _, all_finite = _as_points(points, maximize)
    moocore = _moocore_for_finite(matrix, all_finite)
    if moocore is not None:
        return np.asarray(moocore.pareto_rank(matrix), dtype=np.intp)
    unique, inverse = unique_rows(matrix)
    return fronts_sorted(unique)[inverse]


def crowding_distance(
    points: ArrayLike, /, *, maximize: bool | Sequence[bool] = False
) -> np.ndarray:
    """NSGA-II crowding distance of each point, computed within the given set.

    For every objective, points are sorted; the two extreme points get an infinite distance
    and every other point adds the gap between its two neighbours divided by the range of the
    objective. Usually applied to one front at a time.

    Parameters
    ----------
    points : array-like of shape (n_points, n_objectives)
        One row per point, all finite.
    maximize : bool or sequence of bool, default=False
        Whether each objective is maximised. The distance does not depend on the direction;
        the argument is validated for consistency with the other functions.

    Returns
    -------
    distance : ndarray of float of shape (n_points,)
        Crowding distance, ``inf`` for the boundary points.

    See Also
    --------
    non_dominated_sort : Fronts, within which crowding distances are usually compared.

    Notes
    -----
    O(m n log n). Duplicates are counted once and share the distance of their distinct point
    (so a duplicate does not collapse its neighbours' gaps to zero). With at most two distinct
    points every point gets ``inf``. An objective whose values are all equal adds nothing (no
    point is made infinite by it). Among distinct points tied in one objective, the extreme
    position goes to the lexicographically smallest, whatever the row order. NaN or infinite
    values raise ValueError.

    References
    ----------
    Deb, K., Pratap, A., Agarwal, S., Meyarivan, T. (2002). A fast and elitist multiobjective
    genetic algorithm: NSGA-II. IEEE Transactions on Evolutionary Computation 6(2), 182-197.

    Examples
    --------
    >>> from sklearn_moo.pareto import crowding_distance
    >>> crowding_distance([[0, 4], [1, 2], [2, 1], [4, 0]])
    array([ inf, 1.25, 1.25,  inf])
    """
    matrix, _, _ = _as_points(points, maximize, finite=True)
    unique, inverse = unique_rows(matrix)
    return crowding_sorted(unique)[inverse]
