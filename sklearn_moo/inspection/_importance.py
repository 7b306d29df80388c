"""Objective importance: permutation importance of each hyper-parameter, per objective."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.ensemble import RandomForestRegressor
from sklearn.inspection import permutation_importance
from sklearn.utils import Bunch, check_random_state

from .._objectives import Objective, describe_objectives
from .._results import failed_mask, natural_matrix, objective_names

__all__ = ["objective_importance", "objectives_of"]


def objectives_of(
    search=None, cv_results=None, objectives=None
) -> tuple[dict, list[Objective]]:
    """``(cv_results, objectives)`` from a fitted search or a bare ``cv_results_``.

    ``objectives`` may be a dict ``{name: scorer}`` (units and directions come
    from the scorers) or a list of names; None reads the names from
    ``cv_results`` and treats them as raw scores, greater is better.
    """
    if search is not None:
        cv_results = search.cv_results_
        scorers = getattr(search, "scorer_", None)
        if objectives is None and isinstance(scorers, dict):
            objectives = scorers
        elif objectives is None:
            objectives = getattr(search, "objective_names_", None)
    if isinstance(objectives, dict):
        return cv_results, describe_objectives(objectives)
    names = list(objectives) if objectives is not None else objective_names(cv_results)
    return cv_results, [Objective(n, 1.0, "", n) for n in names]


def _encode(values: list) -> tuple[np.ndarray, str]:
    """One parameter's values as numbers: log10 for values spread over decades (positive,
    over 100x apart, the median below a tenth of the mid-range, as log-uniform draws
    are), linear for other numbers, codes for the rest."""
    numeric = [
        v for v in values if isinstance(v, numbers.Real) and not isinstance(v, bool)
    ]
    if len(numeric) == len(values):
        x = np.asarray(values, dtype=float)
        if (
            np.all(x > 0)
            and x.max() / x.min() > 100
            and np.median(x) < 0.1 * (x.max() + x.min()) / 2
        ):
            return np.log10(x), "log10"
        return x, "linear"
    codes = {}
    return np.array(
        [codes.setdefault(repr(v), len(codes)) for v in values], float
    ), "codes"


def objective_importance(
    search=None, *, cv_results=None, objectives=None, n_repeats=10, random_state=0
):
    """How much each hyper-parameter drives each objective, from the evaluated candidates.

    For each objective, a random forest is fitted to the candidates' mean test
    values (natural units) as a function of their parameters, and scikit-learn's
    :func:`~sklearn.inspection.permutation_importance` measures how much its R²
    drops when one parameter's values are shuffled. Values that are not numbers
    are read as categories.

    Parameters
    ----------
    search : MultiObjectiveSearchCV, default=None
        A fitted search. Give either it or ``cv_results``.
    cv_results : dict, default=None
        A ``cv_results_`` (e.g. of a ``GridSearchCV`` or loaded from a pickle).
    objectives : dict or list of str, default=None
        ``{name: scorer}`` or names (see ``objectives_of``); by default the
        search's scorers, or every ``mean_test_<name>`` of ``cv_results``.
    n_repeats : int, default=10
        Shuffles per parameter.
    random_state : int, RandomState instance or None, default=0
        Seed of the forests and the shuffles.

    Returns
    -------
    result : Bunch
        ``parameters`` (list of str), ``objectives`` (labels), ``importances_mean``
        and ``importances_std`` of shape ``(n_parameters, n_objectives)`` (drop
        in R²; larger means the objective depends more on the parameter),
        ``scale`` (how each parameter was encoded) and ``n_candidates``.

    Notes
    -----
    Numeric parameters whose values spread over decades (log-uniform draws) are
    read on a log scale. Failed candidates and constant parameters are left out. The forests (100
    trees each) are scored on the candidates they were fitted to, so read the
    importances as a ranking, not as out-of-sample R². Cost: one forest and ``n_repeats``
    permutations per parameter and objective (``benchmarks/README.md`` has
    timings).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_moo.inspection import objective_importance
    >>> c = np.logspace(-3, 2, 30)
    >>> depth = np.arange(30) % 5 + 1
    >>> results = {"mean_test_acc": np.log10(c), "mean_test_size": -depth * 1.0,
    ...            "params": [{"C": a, "depth": int(b)} for a, b in zip(c, depth)]}
    >>> result = objective_importance(cv_results=results, n_repeats=3)
    >>> result.parameters, result.scale
    (['C', 'depth'], ...)
    >>> result.importances_mean.argmax(axis=0).tolist()  # C drives acc, depth drives size
    [0, 1]
    """
    if (search is None) == (cv_results is None):
        raise ValueError(
            "Give either a fitted search or cv_results, not both or neither."
        )
    cv_results, objs = objectives_of(search, cv_results, objectives)
    keep = ~failed_mask(cv_results, [o.name for o in objs])
    params = [p for p, k in zip(cv_results["params"], keep) if k]
    if len(params) < 3:
        raise ValueError(
            f"objective_importance needs at least 3 successful candidates, got "
            f"{len(params)}."
        )
    names = [
        n
        for n in sorted({k for p in params for k in p})
        if len({repr(p.get(n)) for p in params}) > 1
    ]
    if not names:
        raise ValueError(
            "Every parameter has one value across the candidates; there is "
            "nothing to attribute the objectives to."
        )
    columns, scale = zip(*(_encode([p.get(n) for p in params]) for n in names))
    X = np.column_stack(columns)
    Y = natural_matrix(cv_results, objs)[keep]
    rng = check_random_state(random_state)
    mean = np.zeros((len(names), len(objs)))
    std = np.zeros_like(mean)
    for j in range(len(objs)):
        if np.ptp(Y[:, j]) == 0:
            continue  # a constant objective depends on nothing
        seed = rng.randint(2**31 - 1)
        forest = RandomForestRegressor(n_estimators=100, random_state=seed, n_jobs=1)
        forest.fit(X, Y[:, j])
        result = permutation_importance(
            forest, X, Y[:, j], n_repeats=n_repeats, random_state=seed
        )
        mean[:, j], std[:, j] = result.importances_mean, result.importances_std
    return Bunch(
        parameters=names,
        objectives=[o.label for o in objs],
        importances_mean=mean,
        importances_std=std,
        scale=dict(zip(names, scale)),
        n_candidates=len(params),
    )
