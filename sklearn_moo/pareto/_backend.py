"""Choice of the computational backend: pure NumPy (reference) or moocore (optional, fast).

The NumPy kernels are always available and are the reference implementation. When moocore is
installed, the large inputs with three or more objectives are dispatched to it (``"auto"``),
unless the environment variable ``SKLEARN_MOO_PARETO_BACKEND`` is ``"numpy"``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from types import ModuleType

from ..utils._optional import has_module, import_optional

_BACKENDS = ("auto", "numpy", "moocore")
_ENV_VAR = "SKLEARN_MOO_PARETO_BACKEND"
# NOTE: below this many points the NumPy kernels are as fast as a call into moocore, so "auto"
# keeps them (one code path for the search's own sizes).
_AUTO_MIN_POINTS = 2000
_AUTO_MIN_OBJECTIVES = 3
# The NumPy hypervolume in m >= 4 (WFG) grows quickly with the size of the front: hand it over
# sooner.
_AUTO_MIN_POINTS_HV_4D = 200

_state: dict = {"backend": "auto"}


def _check_backend(name: str) -> str:
    if name not in _BACKENDS:
        raise ValueError(
            f"backend must be one of {_BACKENDS}; got {name!r}. Use 'numpy' for the pure NumPy "
            "kernels, 'moocore' to force the moocore library, or 'auto' to let sklearn_moo choose."
        )
    return name


def get_backend() -> str:
    """Return the current Pareto backend: ``"auto"``, ``"numpy"`` or ``"moocore"``.

    Returns
    -------
    backend : str
        The value last given to :func:`set_backend` (``"auto"`` by default).

    See Also
    --------
    set_backend : Choose the backend.
    use_backend : Choose the backend inside a ``with`` block.

    Notes
    -----
    The backend is process-wide state (like NumPy's print options); it is not thread-local.

    Examples
    --------
    >>> from sklearn_moo.pareto import get_backend
    >>> get_backend()
    'auto'
    """
    return _state["backend"]


def set_backend(backend: str) -> str:
    """Choose the backend of the Pareto kernels and return the previous one.

    Parameters
    ----------
    backend : {"auto", "numpy", "moocore"}
        ``"numpy"`` always runs the pure NumPy kernels (the reference implementation).
        ``"moocore"`` runs moocore for every input with two or more objectives (it raises
        ImportError at the first call if moocore is not installed). ``"auto"`` runs moocore for
        inputs with at least 2000 points and three or more objectives (for the hypervolume
        and its contributions in four or more objectives: at least 200 points) when moocore
        is importable and the environment variable ``SKLEARN_MOO_PARETO_BACKEND`` is not
        ``"numpy"``, and NumPy otherwise. Inputs with infinite values always run in NumPy.

    Returns
    -------
    previous : str
        The backend in use before the call.

    See Also
    --------
    use_backend : Context manager that restores the previous backend.

    Notes
    -----
    Both backends follow the same conventions (minimisation by default, duplicates of a
    non-dominated point all kept, 0-based fronts), so results agree up to floating-point
    rounding in the hypervolume.

    Examples
    --------
    >>> from sklearn_moo.pareto import set_backend
    >>> previous = set_backend("numpy")
    >>> _ = set_backend(previous)
    """
    previous = _state["backend"]
    _state["backend"] = _check_backend(backend)
    return previous


@contextlib.contextmanager
def use_backend(backend: str) -> Iterator[None]:
    """Context manager running the Pareto kernels with ``backend``, then restoring the previous.

    Parameters
    ----------
    backend : {"auto", "numpy", "moocore"}
        See :func:`set_backend`.

    Yields
    ------
    None

    See Also
    --------
    set_backend : Set the backend globally.

    Notes
    -----
    The previous backend is restored even if the block raises. Tests use it to run each
    path: ``with use_backend("numpy"): ...``.

    Examples
    --------
    >>> from sklearn_moo.pareto import use_backend, is_non_dominated
    >>> with use_backend("numpy"):
    ...     is_non_dominated([[1, 2], [2, 1], [2, 2]])
    array([ True,  True, False])
    """
    previous = set_backend(backend)
    try:
        yield
    finally:
        set_backend(previous)


def _moocore_for(
    n_points: int, n_objectives: int, *, hypervolume: bool = False
) -> ModuleType | None:
    """The moocore module if this input should be dispatched to it, else None."""
    backend = _state["backend"]
    if backend == "numpy" or n_objectives < 2:
        return None
    if backend == "moocore":
        return _import_moocore()
    min_points = _AUTO_MIN_POINTS
    if hypervolume and n_objectives >= 4:
        min_points = _AUTO_MIN_POINTS_HV_4D
    if (
        n_points < min_points
        or n_objectives < _AUTO_MIN_OBJECTIVES
        or os.environ.get(_ENV_VAR, "auto").strip().lower() == "numpy"
        or not _moocore_available()
    ):
        return None
    return _import_moocore()


def _import_moocore() -> ModuleType:
    module = _state.get("moocore")
    if module is None:
        module = _state["moocore"] = import_optional(
            "moocore", "The 'moocore' Pareto backend"
        )
    return module


def _moocore_available() -> bool:
    cached = _state.get("has_moocore")
    if cached is None:
        cached = _state["has_moocore"] = has_module("moocore")
    return bool(cached)
