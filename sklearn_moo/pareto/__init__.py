"""Pareto dominance, non-dominated sorting, crowding distance and hypervolume.

Every function takes ``points`` as an (n_points, n_objectives) array and a keyword-only
``maximize`` (one bool, or one per objective) and minimises by default, like moocore. The
kernels are pure NumPy; moocore, if installed, accelerates large inputs (see
:func:`set_backend`).
"""

from ._backend import get_backend, set_backend, use_backend
from ._dominance import (
    crowding_distance,
    dominates,
    is_non_dominated,
    non_dominated_sort,
)
from ._hypervolume import Hypervolume, hypervolume, hypervolume_contributions
from ._reference import default_reference_point

__all__ = [
    "Hypervolume",
    "crowding_distance",
    "default_reference_point",
    "dominates",
    "get_backend",
    "hypervolume",
    "hypervolume_contributions",
    "is_non_dominated",
    "non_dominated_sort",
    "set_backend",
    "use_backend",
]
