"""A wall-time budget and a no-improvement stopper for MultiObjectiveSearchCV."""

from __future__ import annotations

import numbers
import time

import numpy as np

from .._objectives import Objective
from .._results import hypervolume_history, objective_names

__all__ = ["WallTimeBudget", "NoImprovementStopper"]


class _RoundCallback:
    """Reacts to the end of each round of a search; every other task is ignored."""

    def setup(self, estimator, context):
        pass

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        if context.task_name != "round" or fitted_estimator is None:
            return False
        return bool(self._stop(fitted_estimator))

    def _stop(self, search) -> bool:
        raise NotImplementedError


class WallTimeBudget(_RoundCallback):
    """Stop a search once it has run for ``seconds``, at the end of a round.

    The round under way when the budget runs out finishes (its fits are
    already paid for), so a search ends within one round of its limit; the
    refit then happens as usual.

    Parameters
    ----------
    seconds : float
        Budget, from the start of ``fit``.
    clock : callable, default=time.monotonic
        Returns the current time in seconds (injectable for tests).

    Attributes
    ----------
    start_ : float
        ``clock()`` when the search started.
    elapsed_ : float
        Seconds from the start to the end of the last round.

    Examples
    --------
    >>> from sklearn_moo.callback import WallTimeBudget
    >>> budget = WallTimeBudget(3600)  # search.set_callbacks(budget).fit(X, y)
    """

    def __init__(self, seconds, *, clock=time.monotonic):
        if not isinstance(seconds, numbers.Real) or not seconds > 0:
            raise ValueError(f"seconds must be a positive number, got {seconds!r}.")
        self.seconds = seconds
        self.clock = clock

    def setup(self, estimator, context):
        self.start_ = self.clock()

    def _stop(self, search):
        self.elapsed_ = self.clock() - self.start_
        return self.elapsed_ >= self.seconds


class NoImprovementStopper(_RoundCallback):
    """Stop when the front's hypervolume has not grown by ``tol`` for ``patience`` rounds.

    At the end of each round the hypervolume history of the candidates so far
    is computed with one normalisation (that of
    ``MultiObjectiveSearchCV.hypervolume_history_``), and the search stops when
    its relative growth over the last ``patience`` rounds is at most ``tol``.

    Parameters
    ----------
    patience : int, default=5
        Rounds without improvement before stopping.
    tol : float, default=1e-3
        Relative growth of the hypervolume that counts as an improvement.
    min_rounds : int, default=None
        Rounds always run first (default: ``patience + 1``), e.g. the initial design.

    Attributes
    ----------
    sizes_ : list of int
        Candidates evaluated after each round.
    improvement_ : float
        Relative growth of the hypervolume over the last ``patience`` rounds, at
        the last check.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from sklearn_moo import MultiObjectiveSearchCV
    >>> from sklearn_moo.callback import NoImprovementStopper
    >>> from sklearn_moo.engine import Real
    >>> X, y = make_classification(n_samples=100, random_state=0)
    >>> search = MultiObjectiveSearchCV(
    ...     DecisionTreeClassifier(random_state=0), {"ccp_alpha": Real(0.0, 0.5)},
    ...     scoring={"accuracy": "accuracy", "recall": "recall"}, n_iter=30, cv=3,
    ...     random_state=0)
    >>> stopper = NoImprovementStopper(patience=2, tol=0.0)
    >>> search = search.set_callbacks(stopper).fit(X, y)
    >>> len(search.cv_results_["params"]), float(stopper.improvement_)
    (5, 0.0)
    """

    def __init__(self, patience=5, *, tol=1e-3, min_rounds=None):
        if not isinstance(patience, numbers.Integral) or patience < 1:
            raise ValueError(f"patience must be an integer >= 1, got {patience!r}.")
        if not isinstance(tol, numbers.Real) or tol < 0:
            raise ValueError(f"tol must be a number >= 0, got {tol!r}.")
        self.patience = patience
        self.tol = tol
        self.min_rounds = min_rounds

    def setup(self, estimator, context):
        self.sizes_ = []  # candidates after each round

    def _stop(self, search):
        results = search.cv_results_
        self.sizes_.append(len(results["params"]))
        if len(self.sizes_) < max(self.min_rounds or 0, self.patience + 1):
            return False
        objectives = getattr(search, "_objectives", None) or [
            Objective(n) for n in objective_names(results)
        ]
        history = hypervolume_history(results, objectives)["hypervolume"]
        now, before = history[-1], history[self.sizes_[-1 - self.patience] - 1]
        self.improvement_ = (now - before) / now if now > 0 else np.inf
        return self.improvement_ <= self.tol
