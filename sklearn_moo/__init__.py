"""sklearn-moo: multi-objective hyper-parameter search for scikit-learn."""

from .model_selection import MultiObjectiveHalvingSearchCV, MultiObjectiveSearchCV
from .policies import (
    BaseRefitPolicy,
    EpsilonConstraint,
    SimplestWithinNoise,
    WeightedSum,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "BaseRefitPolicy",
    "EpsilonConstraint",
    "MultiObjectiveHalvingSearchCV",
    "MultiObjectiveSearchCV",
    "SimplestWithinNoise",
    "WeightedSum",
    "__version__",
]
