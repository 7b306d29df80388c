"""The search engine: the only part of sklearn-moo that imports scikit-optimize.

:class:`MultiObjectiveOptimizer` is a public ask/tell interface for problems
that are not scikit-learn estimators; ``Real``, ``Integer`` and ``Categorical``
describe ranges in ``search_spaces``. The searches also reach here (not
public: not in ``__all__``) the space helpers they share with the engine:
``as_subspaces``, ``all_grids``, ``is_dimension``, ``check_dimension``,
``result_space``, ``tuple_range_warnings`` and ``INITIAL_POINT_GENERATORS``.
"""

from ._optimizer import (
    INITIAL_POINT_GENERATORS as INITIAL_POINT_GENERATORS,
    MultiObjectiveOptimizer,
)
from ._space import (
    Categorical,
    Integer,
    Real,
    all_grids as all_grids,
    as_subspaces as as_subspaces,
    check_dimension as check_dimension,
    is_dimension as is_dimension,
    result_space as result_space,
    tuple_range_warnings as tuple_range_warnings,
)

__all__ = ["Categorical", "Integer", "MultiObjectiveOptimizer", "Real"]
