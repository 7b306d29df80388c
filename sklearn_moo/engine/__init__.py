"""The search engine: the only part of sklearn-moo that imports scikit-optimize.

:class:`MultiObjectiveOptimizer` is a public ask/tell interface for problems
that are not scikit-learn estimators; ``Real``, ``Integer`` and ``Categorical``
describe ranges in ``search_spaces``.
"""

from ._optimizer import MultiObjectiveOptimizer
from ._space import Categorical, Integer, Real

__all__ = ["Categorical", "Integer", "MultiObjectiveOptimizer", "Real"]
