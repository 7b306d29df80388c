"""Display objects (scikit-learn's Display API) for a multi-objective search.

Each Display stores its data; ``plot(ax=None, ...)`` draws it and returns self
with ``figure_`` and ``ax_`` set; ``from_search`` and ``from_cv_results``
compute, then plot. matplotlib is imported only when drawing (the ``plot`` extra).
"""

from ._history import HypervolumeHistoryDisplay
from ._importance import ObjectiveImportanceDisplay
from ._parallel import ParallelCoordinatesDisplay
from ._pareto import ParetoFrontDisplay

__all__ = [
    "HypervolumeHistoryDisplay",
    "ObjectiveImportanceDisplay",
    "ParallelCoordinatesDisplay",
    "ParetoFrontDisplay",
]
