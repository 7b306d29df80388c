"""A documented default reference point for the hypervolume."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._kernels import nd_mask_sorted, unique_rows
from ._validation import _as_points


def default_reference_point(
    points: ArrayLike,
    /,
    *,
    maximize: bool | Sequence[bool] = False,
    offset: float = 0.1,
) -> np.ndarray:
    """Reference point derived from a set of points, for when the user gives none.

    The rule, per objective in minimisation form: take the ideal (best) and nadir (worst)
    values over the non-dominated points, and return ``nadir + offset * extent`` where
    ``extent = nadir - ideal``, or ``max(|nadir|, 1)`` when that range is 0 (one
    non-dominated point, or all equal in that objective).

    Parameters
    ----------
    points : array-like of shape (n_points, n_objectives)
        One row per point, all finite, at least one row.
    maximize : bool or sequence of bool, default=False
        Whether each objective is maximised.
    offset : float, default=0.1
        Strictly positive fraction of the range added beyond the nadir, so that every
        non-dominated point strictly dominates the reference point and contributes.

    Returns
    -------
    reference_point : ndarray of shape (n_objectives,)
        In the same orientation as ``points``: for a maximised objective it lies below the
        worst non-dominated value.

    See Also
    --------
    hypervolume : Uses a reference point.
    Hypervolume : Freezes a reference point.

    Notes
    -----
    O(n log n) for m <= 3 (cost of the non-dominated filter). Dominated points beyond the
    nadir of the non-dominated points do not move the reference point. Compute it once (for
    example from the first batch of a search) and store it: the hypervolume of later sets is
    only comparable with the same reference point. NaN or infinite values, an empty set and a
    non-positive ``offset`` raise ValueError.

    Examples
    --------
    >>> from sklearn_moo.pareto import default_reference_point
    >>> default_reference_point([[1, 3], [2, 2], [3, 1], [4, 4]])
    array([3.2, 3.2])
    >>> default_reference_point([[0.9, 0.5], [0.7, 0.6]], maximize=True)
    array([0.68, 0.49])
    """
    matrix, flags, _ = _as_points(points, maximize, finite=True)
    if matrix.shape[0] == 0:
        raise ValueError(
            "points is empty: a default reference point needs at least one point. Pass "
            "reference_point explicitly."
        )
    if not (np.isfinite(offset) and offset > 0):
        raise ValueError(f"offset must be a finite number > 0; got {offset!r}.")
    unique, _ = unique_rows(matrix)
    front = unique[nd_mask_sorted(unique)]
    ideal, nadir = front.min(axis=0), front.max(axis=0)
    extent = nadir - ideal
    extent = np.where(extent > 0, extent, np.maximum(np.abs(nadir), 1.0))
    reference = nadir + offset * extent
    reference[flags] *= -1.0
    return reference
