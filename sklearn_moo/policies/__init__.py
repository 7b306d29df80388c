"""Refit policies: callables ``policy(cv_results_) -> int`` that pick one candidate."""

from ._base import BaseRefitPolicy
from ._epsilon import EpsilonConstraint
from ._simplest import SimplestWithinNoise
from ._weighted_sum import WeightedSum

__all__ = ["BaseRefitPolicy", "EpsilonConstraint", "SimplestWithinNoise", "WeightedSum"]
