"""Exact hypervolume indicator and hypervolume contributions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._backend import _moocore_for
from ._hv_kernels import contributions_kernel, hv_kernel, nd_inside
from ._kernels import nd_mask_sorted, unique_rows
from ._validation import _as_points, _as_reference_point, _check_maximize


def _prepare(
    points: ArrayLike, reference_point: ArrayLike, maximize: bool | Sequence[bool]
) -> tuple[np.ndarray, np.ndarray]:
    matrix, flags, _ = _as_points(points, maximize, finite=True)
    return matrix, _as_reference_point(reference_point, flags)


def hypervolume(
    points: ArrayLike,
    /,
    reference_point: ArrayLike,
    *,
    maximize: bool | Sequence[bool] = False,
) -> float:
    """Exact hypervolume dominated by a set of points and bounded by a reference point.

    The hypervolume is the Lebesgue measure of the union of the boxes spanned by each point
    and the reference point.

    Parameters
    ----------
    points : array-like of shape (n_points, n_objectives)
        One row per point, all finite.
    reference_point : array-like of shape (n_objectives,)
        Finite point bounding the measured region; it should be worse than every point of
        interest (see :func:`default_reference_point`).
    maximize : bool or sequence of bool, default=False
        Whether each objective is maximised (one bool for all objectives or one per
        objective); the reference point is given in the same orientation as the points.

    Returns
    -------
    hypervolume : float
        The dominated hypervolume, 0.0 for an empty set.

    See Also
    --------
    Hypervolume : Callable freezing the reference point.
    hypervolume_contributions : Exclusive hypervolume of each point.
    default_reference_point : A documented default reference point.

    Notes
    -----
    Points that do not strictly dominate the reference point contribute nothing; dominated
    points and duplicates do not change the value. NaN or infinite values in ``points`` or
    ``reference_point`` raise ValueError.

    Complexity, for h non-dominated points inside the reference box (after an
    O(n log n)-ish filter, see :func:`is_non_dominated`): m = 1: O(h); m = 2: O(h log h);
    m = 3: O(h^2) vectorised for h <= 900, else the HV3D sweep, O(h log h) plus list moves;
    m >= 4: WFG with slicing of the last objective down to the 3-D kernel (exponential in m
    in the worst case; a few hundred points in 4 to 6 objectives take well under a second).
    With moocore installed, inputs with m >= 3 and n >= 2000, or m >= 4 and n >= 200, run
    in moocore (see :func:`set_backend`).

    References
    ----------
    Beume, N., Fonseca, C. M., Lopez-Ibanez, M., Paquete, L., Vahrenhold, J. (2009). On the
    complexity of computing the hypervolume indicator. IEEE TEVC 13(5), 1075-1082.

    While, L., Bradstreet, L., Barone, L. (2012). A fast way of calculating exact
    hypervolumes. IEEE TEVC 16(1), 86-95.

    Examples
    --------
    >>> from sklearn_moo.pareto import hypervolume
    >>> hypervolume([[1, 3], [2, 2], [3, 1]], reference_point=[4, 4])
    6.0
    >>> hypervolume([[0.75, 0.5], [0.5, 0.75]], reference_point=[0, 0], maximize=True)
    0.5
    """
    matrix, ref = _prepare(points, reference_point, maximize)
    n, m = matrix.shape
    if n == 0:
        return 0.0
    moocore = _moocore_for(n, m, hypervolume=True)
    if moocore is not None:
        return float(moocore.hypervolume(matrix, ref=ref))
    return hv_kernel(nd_inside(matrix, ref), ref)


def hypervolume_contributions(
    points: ArrayLike,
    /,
    reference_point: ArrayLike,
    *,
    maximize: bool | Sequence[bool] = False,
) -> np.ndarray:
    """Exclusive hypervolume contribution of each point.

    The contribution of a point is the hypervolume lost when that point alone is removed.

    Parameters
    ----------
    points : array-like of shape (n_points, n_objectives)
        One row per point, all finite.
    reference_point : array-like of shape (n_objectives,)
        Finite point bounding the measured region, in the orientation of the points.
    maximize : bool or sequence of bool, default=False
        Whether each objective is maximised (one bool for all objectives or one per
        objective).

    Returns
    -------
    contributions : ndarray of float of shape (n_points,)
        Contribution of each point; 0.0 for dominated points, for duplicated points and for
        points that do not strictly dominate the reference point.

    See Also
    --------
    hypervolume : The hypervolume of the whole set.

    Notes
    -----
    Dominated points are ignored: their contribution is 0 and they do not reduce the
    contribution of the points dominating them (moocore's ``ignore_dominated=True``, its
    default). Every copy of a duplicated point contributes 0, since removing one copy loses
    nothing (as in moocore). NaN or infinite values raise ValueError.

    Complexity, for h non-dominated points inside the reference box: m = 1, 2: O(h log h),
    vectorised; m >= 3: one hypervolume of a limited set per point (fine for the small sets
    of a search). With moocore installed, inputs with m >= 3 and n >= 2000, or m >= 4 and
    n >= 200, run in moocore (see :func:`set_backend`).

    Examples
    --------
    >>> from sklearn_moo.pareto import hypervolume_contributions
    >>> hypervolume_contributions([[1, 3], [2, 2], [3, 1], [3, 3]], reference_point=[4, 4])
    array([1., 1., 1., 0.])
    """
    matrix, ref = _prepare(points, reference_point, maximize)
    n, m = matrix.shape
    out = np.zeros(n)
    moocore = _moocore_for(n, m, hypervolume=True) if n else None
    if moocore is not None:
        return np.asarray(moocore.hv_contributions(matrix, ref=ref), dtype=np.float64)
    inside = np.flatnonzero((matrix < ref).all(axis=1))
    unique, inverse = unique_rows(matrix[inside])
    front = nd_mask_sorted(unique)
    per_unique = np.zeros(unique.shape[0])
    per_unique[front] = contributions_kernel(unique[front], ref)
    per_unique[np.bincount(inverse, minlength=unique.shape[0]) > 1] = 0.0
    out[inside] = per_unique[inverse]
    return out


class Hypervolume:
    """Hypervolume indicator with a frozen reference point.

    Parameters
    ----------
    reference_point : array-like of shape (n_objectives,)
        Finite reference point, in the orientation given by ``maximize``. It is copied and
        never changes afterwards.
    maximize : bool or sequence of bool, default=False
        Whether each objective is maximised.

    Attributes
    ----------
    reference_point : ndarray of shape (n_objectives,)
        Read-only copy of the reference point, in the caller's orientation.
    maximize : ndarray of bool of shape (n_objectives,)
        Which objectives are maximised.

    See Also
    --------
    hypervolume : The function this object calls.
    default_reference_point : A documented default reference point.

    Notes
    -----
    Same conventions and complexity as :func:`hypervolume`; like ``moocore.Hypervolume``.

    Examples
    --------
    >>> from sklearn_moo.pareto import Hypervolume
    >>> hv = Hypervolume([4, 4])
    >>> hv([[1, 3], [2, 2], [3, 1]])
    6.0
    >>> hv.contributions([[1, 3], [2, 2], [3, 1]])
    array([1., 1., 1.])
    """

    def __init__(
        self, reference_point: ArrayLike, *, maximize: bool | Sequence[bool] = False
    ) -> None:
        ref = np.array(reference_point, dtype=np.float64)
        if ref.ndim != 1 or ref.shape[0] < 1:
            raise ValueError(
                "reference_point must be a 1-D array with one value per objective; got shape "
                f"{ref.shape}."
            )
        flags = _check_maximize(maximize, ref.shape[0])
        _as_reference_point(ref, flags)  # validates finiteness
        ref.setflags(write=False)
        flags.setflags(write=False)
        self.reference_point = ref
        self.maximize = flags

    def __call__(self, points: ArrayLike, /) -> float:
        """Hypervolume of ``points`` with the frozen reference point.

        Parameters
        ----------
        points : array-like of shape (n_points, n_objectives)
            One row per point, all finite, in the orientation given by ``maximize``.

        Returns
        -------
        hypervolume : float
            See :func:`hypervolume`.
        """
        return hypervolume(points, self.reference_point, maximize=self.maximize)

    def contributions(self, points: ArrayLike, /) -> np.ndarray:
        """Exclusive hypervolume contribution of each point, with the frozen reference point.

        Parameters
        ----------
        points : array-like of shape (n_points, n_objectives)
            One row per point, all finite, in the orientation given by ``maximize``.

        Returns
        -------
        contributions : ndarray of shape (n_points,)
            See :func:`hypervolume_contributions`.
        """
        return hypervolume_contributions(
            points, self.reference_point, maximize=self.maximize
        )

    def __repr__(self) -> str:
        flags = self.maximize
        maximize = bool(flags[0]) if (flags == flags[0]).all() else flags.tolist()
        return f"Hypervolume(reference_point={self.reference_point.tolist()}, maximize={maximize})"
