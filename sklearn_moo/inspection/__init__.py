"""Inspection of a finished search: which hyper-parameters drive which objective."""

from ._importance import objective_importance

__all__ = ["objective_importance"]
