"""Boundary checks: turn user input into a minimisation float64 matrix, once.

NOTE: one rule for the whole subpackage. NaN anywhere raises a ValueError naming the rows.
Infinite values are allowed where only the order matters (dominance, sorting); the metric
functions (hypervolume, contributions, crowding distance, reference point) need finite values.
The caller's array is never modified: the returned matrix is always a fresh array.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

_MAX_ROWS_SHOWN = 10


def _check_maximize(
    maximize: bool | Sequence[bool] | ArrayLike, n_objectives: int
) -> np.ndarray:
    """Boolean mask of length ``n_objectives`` telling which objectives are maximised."""
    if maximize is False or maximize is True:  # fast path for the common case
        return np.full(n_objectives, maximize)
    flags = np.asarray(maximize)
    if flags.ndim == 0:
        if flags.dtype.kind not in "bi" or flags.item() not in (0, 1):
            raise ValueError(
                f"maximize must be a bool or a sequence of {n_objectives} bools; got {maximize!r}."
            )
        return np.full(n_objectives, bool(flags.item()))
    if flags.ndim != 1 or flags.shape[0] != n_objectives:
        raise ValueError(
            f"maximize must be a bool or a sequence of one bool per objective "
            f"({n_objectives} here); got {maximize!r}."
        )
    if flags.dtype.kind not in "bi" or not np.isin(flags, (0, 1)).all():
        raise ValueError(f"maximize must contain only booleans; got {maximize!r}.")
    return flags.astype(bool)


def _rows_with(mask_2d: np.ndarray) -> str:
    rows = np.flatnonzero(mask_2d.any(axis=1))
    shown = ", ".join(str(r) for r in rows[:_MAX_ROWS_SHOWN])
    more = (
        f" and {rows.size - _MAX_ROWS_SHOWN} more"
        if rows.size > _MAX_ROWS_SHOWN
        else ""
    )
    return f"row(s) [{shown}]{more}"


def _as_float_array(values: ArrayLike, name: str) -> np.ndarray:
    try:
        return np.array(
            values, dtype=np.float64
        )  # np.array copies: the caller's data is safe
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"{name} must be an array of real numbers; got {values!r}."
        ) from e


def _check_values(matrix: np.ndarray, name: str, finite: bool) -> bool:
    """Raise on NaN (and on infinite values if ``finite``); return whether all are finite."""
    if np.isfinite(matrix).all():  # NOTE: one pass in the common case
        return True
    nan = np.isnan(matrix)
    if nan.any():
        raise ValueError(
            f"{name} contains NaN in {_rows_with(nan)}. Drop or impute those rows first "
            "(for example, failed fits scored as NaN)."
        )
    if finite:
        raise ValueError(
            f"{name} contains an infinite value in {_rows_with(np.isinf(matrix))}; this metric "
            "needs finite values. Drop those rows or clip them to finite bounds."
        )
    return False


def _as_points(
    points: ArrayLike, maximize: bool | Sequence[bool], *, finite: bool = False
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Validate ``points``; return (minimisation matrix, maximize mask, all values finite)."""
    matrix = _as_float_array(points, "points")
    if matrix.ndim != 2 or matrix.shape[1] < 1:
        raise ValueError(
            "points must be a 2-D array of shape (n_points, n_objectives) with at least one "
            f"objective; got an array of shape {matrix.shape}. Pass one point as a single row, "
            "for example np.reshape(point, (1, -1))."
        )
    flags = _check_maximize(maximize, matrix.shape[1])
    all_finite = _check_values(matrix, "points", finite)
    if flags.all():
        np.negative(matrix, out=matrix)
    elif flags.any():
        matrix[:, flags] *= -1.0
    return matrix, flags, all_finite


def _as_reference_point(reference_point: ArrayLike, flags: np.ndarray) -> np.ndarray:
    """Validate a reference point against the objectives; return it in minimisation form."""
    ref = _as_float_array(reference_point, "reference_point")
    if ref.ndim != 1 or ref.shape[0] != flags.shape[0]:
        raise ValueError(
            f"reference_point must be a 1-D array with one value per objective "
            f"({flags.shape[0]} here); got shape {ref.shape}."
        )
    if not np.isfinite(ref).all():
        raise ValueError(f"reference_point must be finite; got {ref.tolist()}.")
    ref[flags] *= -1.0
    return ref


def _as_point(point: ArrayLike, name: str) -> np.ndarray:
    vector = _as_float_array(point, name)
    if vector.ndim != 1 or vector.shape[0] < 1:
        raise ValueError(
            f"{name} must be a 1-D array with one value per objective; got shape {vector.shape}."
        )
    if np.isnan(vector).any():
        raise ValueError(f"{name} contains NaN: {vector.tolist()}.")
    return vector
