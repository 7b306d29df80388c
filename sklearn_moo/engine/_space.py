"""Search spaces: GridSearchCV-style lists and scikit-optimize dimensions.

This module and ``_optimizer.py`` are the only importers of scikit-optimize.
"""

from __future__ import annotations

import copy
import inspect
import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np
from skopt import space as _skopt_space
from skopt.space import Dimension, Space

__all__ = [
    "SearchSpace",
    "Real",
    "Integer",
    "Categorical",
    "is_dimension",
    "as_subspaces",
    "all_grids",
    "check_dimension",
    "tuple_range_warnings",
    "result_space",
]

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


def _grid_type_error(name, values) -> TypeError:
    # NOTE: scikit-learn's ParameterGrid wording first (users and tests match on
    # it), then what a range looks like here.
    return TypeError(
        f"Parameter grid for parameter {name!r} needs to be a list or a numpy array, but got "
        f"{values!r} (of type {type(values).__name__}) instead. Single values need to be "
        "wrapped in a list with one element. A range is written Real(low, high), "
        "Integer(low, high) or Categorical([...]) from sklearn_moo.engine, or as a "
        "scipy.stats uniform, loguniform or randint distribution."
    )


class _ValidatedLater:
    """Mixin: arguments scikit-optimize rejects at construction raise when used.

    scikit-optimize raises on ``Real(5, 1)`` (and ``ZeroDivisionError`` on
    ``Categorical([])``) where the dimension is written, before it has a name.
    These subclasses keep the arguments and raise when a search or an optimizer
    reads them, naming the parameter (see :func:`check_dimension`).
    """

    def __init__(self, *args, **kwargs):
        self._arguments = (args, kwargs)
        self._invalid = None
        try:
            super().__init__(*args, **kwargs)
        except (ValueError, TypeError, ZeroDivisionError) as e:
            self._invalid = (
                str(e)
                if not isinstance(e, ZeroDivisionError)
                else "it has no categories; give at least one"
            )
            self.name = kwargs.get("name")

    def _spelling(self) -> str:
        args, kwargs = self._arguments
        parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        return f"{type(self).__name__}({', '.join(parts)})"

    def __repr__(self):
        return self._spelling() if self._invalid else super().__repr__()


class Real(_ValidatedLater, _skopt_space.Real):
    """A range of real numbers to search, for a search space.

    Parameters
    ----------
    low, high : float
        Bounds, both included; ``low < high``.
    prior : {"uniform", "log-uniform"}, default="uniform"
        How the range is sampled and modelled: ``"log-uniform"`` for a
        parameter that matters on a log scale (a regularisation strength, a
        learning rate); then ``low > 0``.
    base : int, default=10
        Base of the logarithm of ``"log-uniform"``.
    transform : {"identity", "normalize"}, default=None
        How the engine sees the range (``"normalize"``: scaled to [0, 1]).
    name : str, default=None
        Set by the search to the parameter's name.
    dtype : type, default=float
        Type of the values proposed.

    Attributes
    ----------
    low, high, prior, name
        As given.
    bounds : tuple of float
        ``(low, high)``.

    Notes
    -----
    scikit-optimize's ``skopt.space.Real``, accepted wherever scikit-optimize's
    is. The difference: a bad dimension is reported by the search's ``fit``,
    with the parameter's name and how to fix it, rather than by the
    constructor.

    Examples
    --------
    >>> from sklearn_moo.engine import Real
    >>> Real(1e-3, 10.0, prior="log-uniform")
    Real(low=0.001, high=10.0, prior='log-uniform', transform='identity')
    >>> Real(1e-3, 10.0, prior="log-uniform").bounds
    (0.001, 10.0)
    """


class Integer(_ValidatedLater, _skopt_space.Integer):
    """A range of integers to search, for a search space.

    Parameters
    ----------
    low, high : int
        Bounds, both included; ``low < high``.
    prior : {"uniform", "log-uniform"}, default="uniform"
        How the range is sampled and modelled (``"log-uniform"``: ``low > 0``).
    base : int, default=10
        Base of the logarithm of ``"log-uniform"``.
    transform : {"identity", "normalize"}, default=None
        How the engine sees the range.
    name : str, default=None
        Set by the search to the parameter's name.
    dtype : type, default=numpy.int64
        Type of the values proposed.

    Attributes
    ----------
    low, high, prior, name
        As given.
    bounds : tuple of int
        ``(low, high)``.

    Notes
    -----
    scikit-optimize's ``skopt.space.Integer``, accepted wherever scikit-optimize's
    is. The difference: a bad dimension is reported by the search's ``fit``,
    with the parameter's name and how to fix it, rather than by the
    constructor.

    Examples
    --------
    >>> from sklearn_moo.engine import Integer
    >>> Integer(2, 64).bounds
    (2, 64)
    """


class Categorical(_ValidatedLater, _skopt_space.Categorical):
    """A set of values to search, without an order, for a search space.

    Use it for choices such as ``class_weight`` or a kernel's name; a list in
    a search space is a grid (as in ``GridSearchCV``) and is also searched by
    the engine, as an ordered index when its values are numbers.

    Parameters
    ----------
    categories : list
        The values; at least one.
    prior : list of float, default=None
        Probabilities of the values when sampled at random (uniform if None).
    transform : {"onehot", "string", "identity", "label"}, default=None
        How the engine sees the values.
    name : str, default=None
        Set by the search to the parameter's name.

    Attributes
    ----------
    categories : tuple
        The values.
    bounds : tuple
        The values, as scikit-optimize reports them.

    Notes
    -----
    scikit-optimize's ``skopt.space.Categorical``, accepted wherever scikit-optimize's
    is. The difference: a bad dimension is reported by the search's ``fit``,
    with the parameter's name and how to fix it, rather than by the
    constructor.

    Examples
    --------
    >>> from sklearn_moo.engine import Categorical
    >>> Categorical([None, "balanced"]).categories
    (None, 'balanced')
    """


# NOTE: _ValidatedLater.__init__ takes (*args, **kwargs); show skopt's own signature.
for _ours, _theirs in (
    (Real, _skopt_space.Real),
    (Integer, _skopt_space.Integer),
    (Categorical, _skopt_space.Categorical),
):
    _ours.__signature__ = inspect.signature(_theirs)
del _ours, _theirs


def check_dimension(dimension: Dimension, where: str) -> None:
    """Raise a ValueError naming ``where`` when a dimension cannot be searched."""
    spelling = (
        dimension._spelling()
        if isinstance(dimension, _ValidatedLater)
        else repr(dimension)
    )
    reason = getattr(dimension, "_invalid", None)
    if reason is None and isinstance(
        dimension, (_skopt_space.Integer, _skopt_space.Real)
    ):
        if not all(math.isfinite(float(b)) for b in (dimension.low, dimension.high)):
            reason = (
                f"its bounds low={dimension.low!r} and high={dimension.high!r} must be "
                "finite numbers (the engine scales each range to the unit interval); "
                "give the widest values that make sense, with prior='log-uniform' "
                "for a range over several orders of magnitude"
            )
    if reason is None and isinstance(dimension, _skopt_space.Integer):
        if not all(float(b).is_integer() for b in (dimension.low, dimension.high)):
            reason = (
                "its bounds must be whole numbers (it would search only the integers "
                "between them); use Real for a continuous range"
            )
    if reason is None and isinstance(
        dimension, (_skopt_space.Integer, _skopt_space.Real)
    ):
        if not dimension.low < dimension.high:
            reason = f"low={dimension.low!r} must be less than high={dimension.high!r}"
    if reason is not None:
        raise ValueError(f"{where} = {spelling} cannot be searched: {reason}.")


def _check_dimension(name: str, dimension: Dimension, argument: str) -> Dimension:
    """A copy of a user's dimension, named, after checks skopt does not make itself."""
    check_dimension(dimension, f"{argument}[{name!r}]")
    dimension = copy.deepcopy(dimension)  # never touch the user's object
    dimension.name = name
    return dimension


def _from_distribution(name: str, dist, argument: str) -> Dimension:
    """A scipy.stats frozen distribution as the scikit-optimize range it spans."""
    family = getattr(getattr(dist, "dist", None), "name", None)
    args = list(getattr(dist, "args", ()))
    kwds = dict(getattr(dist, "kwds", {}))
    try:
        if family == "uniform":
            loc, scale = (
                args + [kwds.get("loc", 0.0), kwds.get("scale", 1.0)][len(args) :]
            )[:2]
            return Real(float(loc), float(loc) + float(scale), name=name)
        if (
            family in ("loguniform", "reciprocal")
            and not kwds.get("loc")
            and kwds.get("scale", 1) == 1
        ):
            a, b = (args + [kwds.get("a"), kwds.get("b")][len(args) :])[:2]
            return Real(float(a), float(b), prior="log-uniform", name=name)
        if family == "randint" and not kwds.get("loc"):
            low, high = (args + [kwds.get("low"), kwds.get("high")][len(args) :])[:2]
            return Integer(int(low), int(high) - 1, name=name)
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"{argument}[{name!r}] = {family}{tuple(args)} cannot be read as a "
            f"range: {e}"
        ) from e
    raise ValueError(
        f"{argument}[{name!r}] is a scipy.stats {family or type(dist).__name__} distribution; "
        "the search models ranges, so it accepts uniform(loc, scale), loguniform(a, b) and "
        "randint(low, high) (without loc or scale shifts). Write other ranges as "
        "Real(low, high, prior='uniform' or 'log-uniform') or Integer(low, high)."
    )


def _looks_like_range(values) -> bool:
    """A tuple written as scikit-optimize writes ranges: (low, high[, prior])."""
    if not isinstance(values, tuple) or len(values) not in (2, 3):
        return False
    numeric = all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values[:2]
    )
    return numeric and (len(values) == 2 or values[2] in _PRIOR_WORDS)


class SearchSpace:
    """One dict of parameters -> values, seen by the engine as a skopt Space.

    Lists (and tuples, ranges, 1-d arrays) are finite grids in ``GridSearchCV``'s
    sense. A numeric list is searched as an ordinal index (its order matters to
    the surrogate), any other list as a categorical index; scikit-optimize
    dimensions and scipy.stats ``uniform``/``loguniform``/``randint``
    distributions are ranges. One-value lists are constants outside the modelled
    space; an empty dict is one candidate with the estimator's own parameters.

    Parameters
    ----------
    spec : dict
        ``{name: list | tuple | Real | Integer | Categorical | distribution}``.
    argument : str
        Name used in error messages.
    n_iter : int or None
        Candidates for this space alone (scikit-optimize's ``(space, n_iter)``).
    """

    def __init__(
        self,
        spec: Mapping,
        *,
        argument: str = "search_spaces",
        n_iter: int | None = None,
    ) -> None:
        if not isinstance(spec, Mapping):
            raise TypeError(
                f"Parameter grid is not a dict ({spec!r}); {argument} must be a "
                "dict or a list of dicts."
            )
        self.n_iter = n_iter
        self.names: list[str] = []
        self.constants: dict = {}
        self.tuple_ranges: dict[
            str, tuple
        ] = {}  # grids a scikit-optimize user may misread
        self._grids: dict[str, list] = {}
        dimensions = []
        for name, values in spec.items():
            if not isinstance(name, str):
                raise TypeError(
                    f"Parameter names in {argument} must be strings, got {name!r}."
                )
            dimension = self._dimension(name, values, argument)
            if dimension is None:
                continue
            self.names.append(name)
            dimensions.append(dimension)
        self.space = Space(dimensions) if dimensions else None
        self.grid_order = list(spec)

    def _dimension(self, name, values, argument):
        if is_dimension(values):
            return _check_dimension(name, values, argument)
        if hasattr(values, "rvs"):
            dimension = _from_distribution(name, values, argument)
            check_dimension(dimension, f"{argument}[{name!r}]")
            return dimension
        if isinstance(values, np.ndarray) and values.ndim > 1:
            raise ValueError(
                f"Parameter array for {name!r} should be one-dimensional, got: "
                f"{values!r} with shape {values.shape}"
            )
        if isinstance(values, str) or not isinstance(values, (np.ndarray, Sequence)):
            raise _grid_type_error(name, values)
        if len(values) == 0:
            raise ValueError(
                f"Parameter grid for parameter {name!r} need to be a non-empty "
                f"sequence, got: {values!r}"
            )
        if _looks_like_range(values):
            self.tuple_ranges[name] = values
        values = list(values)
        if len(values) == 1:
            self.constants[name] = values[0]
            return None
        self._grids[name] = values
        k = len(values)
        if _is_numeric_list(values):
            return Integer(0, k - 1, name=name, transform="normalize")
        return Categorical(
            list(range(k)), name=name, transform="onehot" if k > 2 else "normalize"
        )

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

    @property
    def is_grid(self) -> bool:
        """No range in this space (every parameter a list of values)."""
        return self.n_iter is None and set(self.names) <= set(self._grids)


def _is_space_and_count(item) -> bool:
    return (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], Mapping)
        and isinstance(item[1], numbers.Integral)
        and not isinstance(item[1], bool)
    )


def as_subspaces(
    search_spaces, *, argument: str = "search_spaces"
) -> list[SearchSpace]:
    """A dict, a list of dicts or of scikit-optimize's ``(dict, n_iter)`` pairs."""
    if isinstance(search_spaces, Mapping):
        return [SearchSpace(search_spaces, argument=argument)]
    if isinstance(search_spaces, Sequence) and not isinstance(
        search_spaces, (str, bytes)
    ):
        if not search_spaces:
            raise ValueError(f"{argument} is an empty list; give at least one dict.")
        subspaces = []
        for i, item in enumerate(search_spaces):
            n_iter = None
            if _is_space_and_count(item):
                item, n_iter = item
                if n_iter < 1:
                    raise ValueError(
                        f"{argument}[{i}] asks for n_iter={n_iter}; each "
                        "(space, n_iter) pair needs n_iter >= 1."
                    )
            subspaces.append(
                SearchSpace(
                    item,
                    argument=f"{argument}[{i}]",
                    n_iter=int(n_iter) if n_iter is not None else None,
                )
            )
        return subspaces
    raise TypeError(
        f"Parameter grid should be a dict or a list, got: {search_spaces!r} of type "
        f"{type(search_spaces).__name__}"
    )


def all_grids(subspaces: list[SearchSpace]) -> bool:
    """True when no subspace holds a range or its own n_iter (a GridSearchCV grid)."""
    return all(s.is_grid for s in subspaces)


def tuple_range_warnings(subspaces: list[SearchSpace], argument: str) -> list[str]:
    """Messages for 2-tuples of numbers (and skopt's prior tuples) in a Bayesian search.

    In a search that runs the engine, a scikit-optimize user may have meant
    ``(1, 8)`` as a range; it stays a grid of its values, as in GridSearchCV.
    """
    messages = []
    for s in subspaces:
        for name, values in s.tuple_ranges.items():
            low, high = values[:2]
            integral = all(isinstance(v, numbers.Integral) for v in (low, high))
            spelling = (
                f"Integer({low}, {high})"
                if integral and len(values) == 2
                else f"Real({low!r}, {high!r}"
                + (f", prior={values[2]!r})" if len(values) == 3 else ")")
            )
            messages.append(
                f"{argument}[{name!r}] = {values!r} is a grid of its {len(values)} values, as in "
                f"GridSearchCV, not a range. If you meant a range, write {spelling} "
                "(from sklearn_moo.engine)."
            )
    return messages


def result_space(spec: Mapping) -> Space | None:
    """scikit-optimize's view of one search-space dict, for an ``OptimizeResult``.

    One dimension per parameter in sorted name order (scikit-optimize's order
    of ``x``): ranges as given, lists as ``Categorical`` of their values. None
    when a list's values cannot be categories (unhashable values, say).
    """
    dimensions = []
    try:
        for name in sorted(spec):
            values = spec[name]
            if is_dimension(values):
                dimension = copy.deepcopy(values)
            elif hasattr(values, "rvs"):
                dimension = _from_distribution(name, values, "search_spaces")
            else:
                dimension = _skopt_space.Categorical(list(values))
            dimension.name = name
            dimensions.append(dimension)
        return Space(dimensions)
    except (TypeError, ValueError):
        return None
