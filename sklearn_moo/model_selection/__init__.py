"""Model selection: the multi-objective search."""

from ._search import MultiObjectiveSearchCV

__all__ = ["MultiObjectiveSearchCV"]
