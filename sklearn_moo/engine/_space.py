"""Search spaces: GridSearchCV-style lists and scikit-optimize dimensions.

This module and ``_optimizer.py`` are the only importers of scikit-optimize.
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np
from skopt.space import Categorical, Dimension, Integer, Real, Space

__all__ = ["SearchSpace", "Real", "Integer", "Categorical", "is_dimension", "as_subspaces"]

# Strings scikit-optimize reads as priors inside a range tuple, e.g. (1e-3, 1.0, "log-uniform").
_PRIOR_WORDS = {"uniform", "log-uniform"}


def is_dimension(value) -> bool:
    """Whether ``value`` is a scikit-optimize dimension (Real, Integer, Categorical)."""
    return isinstance(value, Dimension)


def _is_numeric_list(values: Sequence) -> bool:
    return all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v)
        for v in values
    ) and len(set(values)) == len(values)


class SearchSpace:
    """One dict of parameters -> values, seen by the engine as a skopt Space.

    Lists (and tuples) are finite grids in ``GridSearchCV``'s sense. A numeric
    list is searched as an ordinal index (its order matters to the surrogate),
    any other list as a categorical index; scikit-optimize dimensions are used
    as they are. One-value lists are constants outside the modelled space.

    Parameters
    ----------
    spec : dict
        ``{name: list | tuple | Real | Integer | Categorical}``.
    argument : str
        Name used in error messages.
    """

    def __init__(self, spec: Mapping, *, argument: str = "search_spaces") -> None:
        if not isinstance(spec, Mapping):
            raise TypeError(
                f"{argument} must be a dict or a list of dicts, got {type(spec).__name__}: {spec!r}."
            )
        if not spec:
            raise ValueError(f"{argument} contains an empty dict; give at least one parameter.")
        self.names: list[str] = []
        self.constants: dict = {}
        self._grids: dict[str, list] = {}
        dimensions = []
        for name, values in spec.items():
            if not isinstance(name, str):
                raise TypeError(f"Parameter names in {argument} must be strings, got {name!r}.")
            dimension = self._dimension(name, values, argument)
            if dimension is None:
                continue
            self.names.append(name)
            dimensions.append(dimension)
        self.space = Space(dimensions) if dimensions else None
        self.grid_order = list(spec)

    def _dimension(self, name, values, argument):
        if is_dimension(values):
            values = copy.deepcopy(values)  # never touch the user's object
            values.name = name
            return values
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            if isinstance(values, np.ndarray) and values.ndim == 1:
                values = list(values)
            else:
                raise TypeError(
                    f"{argument}[{name!r}] must be a list of values or a scikit-optimize "
                    f"dimension (Real, Integer, Categorical), got {values!r}."
                )
        values = list(values)
        if not values:
            raise ValueError(f"{argument}[{name!r}] is empty; give at least one value.")
        if isinstance(values, list) and any(isinstance(v, str) and v in _PRIOR_WORDS for v in values):
            raise ValueError(
                f"{argument}[{name!r}] = {values!r} looks like a scikit-optimize range. "
                "A list or tuple is a finite grid, as in GridSearchCV; write a range as "
                f"Real(low, high, prior='log-uniform') or Integer(low, high)."
            )
        if len(values) == 1:
            self.constants[name] = values[0]
            return None
        self._grids[name] = values
        k = len(values)
        if _is_numeric_list(values):
            return Integer(0, k - 1, name=name, transform="normalize")
        return Categorical(list(range(k)), name=name, transform="onehot" if k > 2 else "normalize")

    def to_params(self, point: Sequence) -> dict:
        """A point of the skopt space as a dict of estimator parameters."""
        params = {}
        values = dict(zip(self.names, point))
        for name in self.grid_order:
            if name in self.constants:
                params[name] = self.constants[name]
            elif name in self._grids:
                params[name] = self._grids[name][int(values[name])]
            else:
                value = values[name]
                params[name] = value.item() if isinstance(value, np.generic) else value
        return params


def as_subspaces(search_spaces, *, argument: str = "search_spaces") -> list[SearchSpace]:
    """A dict or list of dicts as a list of :class:`SearchSpace`."""
    if isinstance(search_spaces, Mapping):
        return [SearchSpace(search_spaces, argument=argument)]
    if isinstance(search_spaces, Sequence) and not isinstance(search_spaces, (str, bytes)):
        if not search_spaces:
            raise ValueError(f"{argument} is an empty list; give at least one dict.")
        return [
            SearchSpace(s, argument=f"{argument}[{i}]") for i, s in enumerate(search_spaces)
        ]
    raise TypeError(
        f"{argument} must be a dict or a list of dicts, got {type(search_spaces).__name__}: "
        f"{search_spaces!r}."
    )


def all_grids(subspaces: list[SearchSpace]) -> bool:
    """True when no subspace holds a scikit-optimize dimension (a GridSearchCV grid)."""
    return all(set(s.names) <= set(s._grids) for s in subspaces)
