"""Model selection: the multi-objective searches."""

from ._halving import MultiObjectiveHalvingSearchCV
from ._search import MultiObjectiveSearchCV

__all__ = ["MultiObjectiveHalvingSearchCV", "MultiObjectiveSearchCV"]
