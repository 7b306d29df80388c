"""Prediction latency, throughput and model size scorers, and sequential re-timing."""

import contextlib
import numbers
import pickle
import time

import numpy as np
from sklearn.base import clone
from threadpoolctl import threadpool_limits

from ._base import _format_repr, _MooScorer

__all__ = [
    "make_latency_scorer",
    "make_model_size_scorer",
    "make_throughput_scorer",
    "retime_candidates",
]

_METHODS = ("predict", "predict_proba", "decision_function", "transform")
_PER = ("row", "batch")

_PARALLEL_NOTES = """Timing inside a search is distorted by parallelism: with ``n_jobs > 1``
    joblib runs several fits and scorings at once on the same cores (they
    compete for CPU, caches and memory bandwidth), and it limits the
    BLAS/OpenMP threads of each worker (to ``cpu_count // n_jobs``), so a
    model that would use several threads when served alone is timed with
    fewer. Compare candidates timed under the same conditions only, and
    re-measure the candidates you care about one at a time with
    :func:`retime_candidates` after the search."""


def _check_timing_params(
    method, batch_size, n_rows, n_repeats, warmup, percentile, per, clock
):
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}.")
    for name, value, low in (
        ("batch_size", batch_size, 1),
        ("n_rows", n_rows, 1),
        ("n_repeats", n_repeats, 1),
        ("warmup", warmup, 0),
    ):
        if (
            not isinstance(value, numbers.Integral)
            or isinstance(value, bool)
            or value < low
        ):
            raise ValueError(f"{name} must be an int >= {low}, got {name}={value!r}.")
    if (
        not isinstance(percentile, numbers.Real)
        or isinstance(percentile, bool)
        or not 0 <= percentile <= 100
    ):
        raise ValueError(
            f"percentile must be a number in [0, 100], got {percentile!r}."
        )
    if per not in _PER:
        raise ValueError(f"per must be one of {_PER}, got {per!r}.")
    if not callable(clock):
        raise ValueError(
            f"clock must be a callable returning nanoseconds, got {clock!r}."
        )


def _rows(X, start, stop):
    return X.iloc[start:stop] if hasattr(X, "iloc") else X[start:stop]


def _n_samples(X):
    return X.shape[0] if hasattr(X, "shape") else len(X)


def _call_times(estimator, X, *, method, batch_size, n_rows, n_repeats, warmup, clock):
    """Per-call times (clock units) of ``estimator.<method>`` on batches of ``X``.

    Returns the times and the number of rows of each call. The batches are
    sliced before timing; only the method call lies between the two clock
    readings.
    """
    func = getattr(estimator, method, None)
    if func is None:
        raise AttributeError(
            f"The latency scorer times {method!r} but {estimator!r} has no such method."
        )
    n_used = min(n_rows, _n_samples(X))
    if n_used == 0:
        raise ValueError("Cannot time predictions on an empty X.")
    size = min(batch_size, n_used)
    batches = [
        _rows(X, start, start + size) for start in range(0, n_used - size + 1, size)
    ]
    for _ in range(warmup):
        func(batches[0])
    times = np.empty(n_repeats * len(batches), dtype=float)
    k = 0
    for _ in range(n_repeats):
        for batch in batches:
            start = clock()
            func(batch)
            stop = clock()
            times[k] = stop - start
            k += 1
    return times, size


class _TimingScorer(_MooScorer):
    """Latency (``kind="latency"``) or throughput scorer."""

    def __init__(self, kind, params, *, natural_name, repr_string):
        sign, unit = (-1, "s") if kind == "latency" else (1, "rows/s")
        # NOTE: sample_weight is accepted and ignored (timing is unweighted), so
        # that scikit-learn forwards it to the other scorers without a warning.
        super().__init__(
            _time_score,
            sign,
            response_method=params["method"],
            natural_name=natural_name,
            unit=unit,
            default_requests={},
            accept_sample_weight=True,
            repr_string=repr_string,
        )
        self._kind = kind
        self._params = params

    def _score(self, method_caller, estimator, X, y_true, **kwargs):
        # NOTE: never use `method_caller`: the multimetric scorer caches
        # predictions, and a cached call would time nothing.
        p = self._params
        times, size = _call_times(
            estimator,
            X,
            method=p["method"],
            batch_size=p["batch_size"],
            n_rows=p["n_rows"],
            n_repeats=p["n_repeats"],
            warmup=p["warmup"],
            clock=p["clock"],
        )
        if self._kind == "throughput" or p["per"] == "row":
            times = times / size
        seconds = float(np.percentile(times, p["percentile"])) / 1e9
        if self._kind == "latency":
            return -seconds
        return float("inf") if seconds <= 0 else 1.0 / seconds


def _time_score(y_true, y_pred):
    """Placeholder metric of timing scorers: they time the estimator themselves."""
    raise NotImplementedError("Timing scorers compute their value in `_score`.")


def _timing_repr(factory, params, defaults, always):
    args = {
        k: v
        for k, v in params.items()
        if k in always or v is not defaults[k] and v != defaults[k]
    }
    if "clock" in args:
        args["clock"] = getattr(params["clock"], "__name__", params["clock"])
    return _format_repr(factory, args).replace("'perf_counter_ns'", "perf_counter_ns")


_LATENCY_DEFAULTS = {
    "method": "predict",
    "batch_size": 1,
    "n_rows": 200,
    "n_repeats": 5,
    "warmup": 1,
    "percentile": 50,
    "per": "row",
    "clock": time.perf_counter_ns,
}


def make_latency_scorer(
    *,
    method="predict",
    batch_size=1,
    n_rows=200,
    n_repeats=5,
    warmup=1,
    percentile=50,
    per="row",
    clock=time.perf_counter_ns,
):
    """Make a scorer of the prediction latency of a fitted estimator.

    Parameters
    ----------
    method : {"predict", "predict_proba", "decision_function", "transform"}, \
default="predict"
        The method timed. The scorer calls it itself, never through
        scikit-learn's shared prediction cache.
    batch_size : int, default=1
        Rows per call (1 for online serving). The sample is cut into
        ``n_used // batch_size`` full batches (a trailing partial batch is
        not timed); if fewer than ``batch_size`` rows are available, one
        call on all of them.
    n_rows : int, default=200
        At most this many rows are used: the *first* ``n_rows`` rows of the
        test fold (deterministic, no random draw).
    n_repeats : int, default=5
        Passes over the batches; each call is timed separately.
    warmup : int, default=1
        Untimed calls on the first batch before timing (caches, lazy
        initialisation).
    percentile : float in [0, 100], default=50
        Percentile of the per-call times (over all repeats and batches):
        50 is the median, 95 the tail latency.
    per : {"row", "batch"}, default="row"
        Report time per row (call time / rows in the call) or per call.
    clock : callable, default=time.perf_counter_ns
        Returns the current time in nanoseconds; injectable for tests.

    Returns
    -------
    scorer : callable
        A scikit-learn scorer returning ``-seconds`` (greater is better),
        with ``greater_is_better=False``, ``unit="s"``, ``natural_name``
        (e.g. ``"p95 latency per row"``) and ``to_natural(score)`` giving
        positive seconds.

    See Also
    --------
    make_throughput_scorer : Rows per second.
    make_model_size_scorer : Serialised size.
    retime_candidates : Re-measure chosen candidates sequentially.

    Notes
    -----
    Only the method call lies between two clock readings: slicing the
    batches, warm-up, other scorers and metric computations are outside.
    ``sample_weight`` is accepted and ignored. Cost: ``warmup + n_repeats *
    n_batches`` calls per scoring.

    {parallel}

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from sklearn_moo.metrics import make_latency_scorer
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = DecisionTreeClassifier(random_state=0).fit(X, y)
    >>> scorer = make_latency_scorer(percentile=95)
    >>> scorer
    make_latency_scorer(method='predict', batch_size=1, percentile=95)
    >>> score = scorer(clf, X, y)
    >>> score < 0, scorer.to_natural(score) > 0, scorer.unit, scorer.natural_name
    (True, True, 's', 'p95 latency per row')
    """
    _check_timing_params(
        method, batch_size, n_rows, n_repeats, warmup, percentile, per, clock
    )
    params = {
        "method": method,
        "batch_size": batch_size,
        "n_rows": n_rows,
        "n_repeats": n_repeats,
        "warmup": warmup,
        "percentile": percentile,
        "per": per,
        "clock": clock,
    }
    unit = "row" if per == "row" else f"batch of {batch_size} rows"
    return _TimingScorer(
        "latency",
        params,
        natural_name=f"p{percentile:g} latency per {unit}",
        repr_string=_timing_repr(
            "make_latency_scorer",
            params,
            _LATENCY_DEFAULTS,
            {"method", "batch_size", "percentile"},
        ),
    )


_THROUGHPUT_DEFAULTS = dict(_LATENCY_DEFAULTS, batch_size=200)


def make_throughput_scorer(
    *,
    method="predict",
    batch_size=200,
    n_rows=200,
    n_repeats=5,
    warmup=1,
    percentile=50,
    clock=time.perf_counter_ns,
):
    """Make a scorer of prediction throughput in rows per second.

    Parameters
    ----------
    method : {"predict", "predict_proba", "decision_function", "transform"}, \
default="predict"
        The method timed.
    batch_size : int, default=200
        Rows per call (batch scoring).
    n_rows : int, default=200
        At most this many rows, the first ones of the test fold.
    n_repeats : int, default=5
        Passes over the batches.
    warmup : int, default=1
        Untimed calls before timing.
    percentile : float in [0, 100], default=50
        Percentile of the per-row times; the throughput is its inverse, so a
        high percentile gives a pessimistic throughput.
    clock : callable, default=time.perf_counter_ns
        Returns the current time in nanoseconds.

    Returns
    -------
    scorer : callable
        A scikit-learn scorer returning rows per second (positive, greater is
        better), ``unit="rows/s"``. A zero measured time gives ``inf``.

    See Also
    --------
    make_latency_scorer : The batching and timing rules, and how parallel
        workers distort timing.

    Notes
    -----
    ``throughput = rows_per_call / percentile(call_times)``.

    {parallel}

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from sklearn_moo.metrics import make_throughput_scorer
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = DecisionTreeClassifier(random_state=0).fit(X, y)
    >>> scorer = make_throughput_scorer(batch_size=50)
    >>> scorer(clf, X, y) > 0, scorer.greater_is_better, scorer.unit
    (True, True, 'rows/s')
    """
    _check_timing_params(
        method, batch_size, n_rows, n_repeats, warmup, percentile, "row", clock
    )
    params = {
        "method": method,
        "batch_size": batch_size,
        "n_rows": n_rows,
        "n_repeats": n_repeats,
        "warmup": warmup,
        "percentile": percentile,
        "per": "row",
        "clock": clock,
    }
    repr_params = {k: v for k, v in params.items() if k != "per"}
    return _TimingScorer(
        "throughput",
        params,
        natural_name=f"throughput (p{percentile:g}, batches of {batch_size} rows)",
        repr_string=_timing_repr(
            "make_throughput_scorer",
            repr_params,
            _THROUGHPUT_DEFAULTS,
            {"method", "batch_size"},
        ),
    )


class _ModelSizeScorer(_MooScorer):
    def __init__(self):
        super().__init__(
            _time_score,
            -1,
            response_method=(
                "predict",
                "predict_proba",
                "decision_function",
                "transform",
            ),
            natural_name="model size",
            unit="bytes",
            default_requests={},
            accept_sample_weight=True,
            repr_string="make_model_size_scorer()",
        )

    def _score(self, method_caller, estimator, X, y_true, **kwargs):
        return -float(len(pickle.dumps(estimator, protocol=pickle.HIGHEST_PROTOCOL)))


def make_model_size_scorer():
    """Make a scorer of the serialised size of the fitted estimator.

    Returns
    -------
    scorer : callable
        A scikit-learn scorer returning ``-bytes`` of
        ``pickle.dumps(estimator, protocol=pickle.HIGHEST_PROTOCOL)`` (greater
        is better), with ``greater_is_better=False``, ``unit="bytes"``,
        ``natural_name="model size"`` and ``to_natural`` giving bytes.

    See Also
    --------
    make_latency_scorer : Prediction time.

    Notes
    -----
    ``X`` and ``y`` are ignored, so the value is the same for the test and
    the train fold. The pickled size includes everything the estimator
    stores (e.g. a fitted pipeline's encoders and any attribute holding
    data), which is what a model registry would store.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from sklearn_moo.metrics import make_model_size_scorer
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = DecisionTreeClassifier(max_depth=1).fit(X, y)
    >>> scorer = make_model_size_scorer()
    >>> score = scorer(clf, X, y)
    >>> score < 0, scorer.to_natural(score) > 100, scorer.unit
    (True, True, 'bytes')
    """
    return _ModelSizeScorer()


def retime_candidates(
    search_or_cv_results,
    X,
    y=None,
    *,
    candidates=None,
    scoring=None,
    estimator=None,
    test_size=0.25,
    random_state=0,
    n_rounds=5,
    n_threads=None,
):
    """Re-measure latency of chosen candidates after a search, one at a time.

    Each candidate's ``params`` (from ``cv_results_["params"]``) are set on a
    ``clone`` of the estimator, which is fitted on a training part of
    ``X, y``. Every fitted candidate is then warmed up with one untimed call
    of each scorer, and timed ``n_rounds`` times on the held-out part, the
    candidates taking turns within each round, all sequentially in this
    process: a slow moment of the machine then hits every candidate alike
    instead of one. The result is the median over the rounds, and the
    spread of the rounds is reported beside it.

    Parameters
    ----------
    search_or_cv_results : fitted search or dict
        A fitted search (with ``cv_results_``, ``estimator`` and, if
        ``scoring`` is None, a dict ``scoring``) or a ``cv_results_`` dict
        (then pass ``estimator`` and ``scoring``).
    X : array-like of shape (n_samples, n_features)
        Data to fit and time on.
    y : array-like of shape (n_samples,), default=None
        Targets.
    candidates : array-like of int, default=None
        Indices into ``cv_results_``; all candidates if None.
    scoring : dict, list of str or scorer, default=None
        ``{name: scorer}``; names, looked up in the search's ``scoring``
        dict; or one scorer (named ``"latency"``). If None, every latency or
        throughput scorer of the search's ``scoring`` dict.
    estimator : estimator, default=None
        Unfitted estimator; defaults to the search's ``estimator``.
    test_size : float or None, default=0.25
        Fraction of ``X`` held out for timing (``train_test_split`` with
        ``random_state``). If None, fit and time on the whole ``X``.
    random_state : int, default=0
        Seed of the split.
    n_rounds : int, default=5
        Timed rounds per candidate after the warm-up call.
    n_threads : int, default=None
        If given, the BLAS and OpenMP threads of the timed calls are limited to
        this many (``threadpoolctl.threadpool_limits``), e.g. 1 for a server
        that answers each request on one thread. None leaves them as they are.
        On a busy machine an OpenMP model timed with several threads can be
        orders of magnitude slower and very irregular (threads wait for each
        other's cores): time it as it will be served.

    Returns
    -------
    retimed : dict
        ``{name: ndarray of shape (len(candidates),)}``, the median over the
        rounds of the scores, with the scorer's sign (negative seconds for
        latency), in the order of ``candidates``. The ``cv_results_`` dict is
        also updated in place with columns ``retimed_<name>`` (those medians,
        one entry per candidate, NaN where not re-timed) and
        ``retimed_<name>_spread`` (largest minus smallest score over the
        rounds, in the same units, always >= 0); existing
        ``*_test_<name>`` columns are never overwritten.

    See Also
    --------
    make_latency_scorer : Notes on why timings taken in parallel differ.

    Notes
    -----
    {parallel} Fit parameters (e.g. ``sample_weight``) are not passed.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from sklearn_moo.metrics import make_latency_scorer, retime_candidates
    >>> X, y = load_iris(return_X_y=True)
    >>> scoring = {"accuracy": "accuracy", "latency": make_latency_scorer(n_rows=20)}
    >>> search = GridSearchCV(DecisionTreeClassifier(random_state=0),
    ...                       {"max_depth": [1, 3]}, scoring=scoring,
    ...                       refit="accuracy", cv=3).fit(X, y)
    >>> retimed = retime_candidates(search, X, y, candidates=[1])
    >>> retimed["latency"].shape, bool(retimed["latency"][0] < 0)
    ((1,), True)
    >>> "retimed_latency" in search.cv_results_
    True
    """
    cv_results, search = _unpack_search(search_or_cv_results)
    estimator = (
        estimator if estimator is not None else getattr(search, "estimator", None)
    )
    if estimator is None:
        raise ValueError(
            "retime_candidates needs estimator= when given a cv_results_ dict."
        )
    scorers = _resolve_retime_scoring(scoring, search)
    n_candidates = len(cv_results["params"])
    candidates = (
        np.arange(n_candidates) if candidates is None else np.asarray(candidates)
    )
    if candidates.dtype.kind not in "iu" or np.any(
        (candidates < 0) | (candidates >= n_candidates)
    ):
        raise ValueError(
            f"candidates must be indices in [0, {n_candidates}), got {candidates.tolist()}."
        )
    if (
        not isinstance(n_rounds, numbers.Integral)
        or isinstance(n_rounds, bool)
        or n_rounds < 1
    ):
        raise ValueError(f"n_rounds must be an int >= 1, got n_rounds={n_rounds!r}.")
    if n_threads is not None and (
        not isinstance(n_threads, numbers.Integral)
        or isinstance(n_threads, bool)
        or n_threads < 1
    ):
        raise ValueError(
            f"n_threads must be None or an int >= 1, got n_threads={n_threads!r}."
        )
    X_fit, X_time, y_fit, y_time = _retime_split(X, y, test_size, random_state)
    fitted = [
        clone(estimator).set_params(**cv_results["params"][c]).fit(X_fit, y_fit)
        for c in candidates
    ]
    rounds = {name: np.empty((n_rounds, len(candidates))) for name in scorers}
    limits = (
        threadpool_limits(n_threads)
        if n_threads is not None
        else contextlib.nullcontext()
    )
    with limits:
        for model in fitted:  # NOTE: the first call pays for lazy set-up; never time it
            for scorer in scorers.values():
                scorer(model, X_time, y_time)
        for r in range(n_rounds):
            for i, model in enumerate(fitted):
                for name, scorer in scorers.items():
                    rounds[name][r, i] = scorer(model, X_time, y_time)
    retimed = {}
    for name, values in rounds.items():
        retimed[name] = np.median(values, axis=0)
        _write_column(cv_results, f"retimed_{name}", candidates, retimed[name])
        _write_column(
            cv_results,
            f"retimed_{name}_spread",
            candidates,
            values.max(axis=0) - values.min(axis=0),
        )
    return retimed


def _write_column(cv_results, key, rows, values):
    n_candidates = len(cv_results["params"])
    column = np.asarray(
        cv_results.get(key, np.full(n_candidates, np.nan)), dtype=float
    ).copy()
    column[rows] = values
    cv_results[key] = column


def _unpack_search(search_or_cv_results):
    if isinstance(search_or_cv_results, dict):
        return search_or_cv_results, None
    if hasattr(search_or_cv_results, "cv_results_"):
        return search_or_cv_results.cv_results_, search_or_cv_results
    raise TypeError(
        "retime_candidates expects a fitted search (with cv_results_) or a cv_results_ "
        f"dict, got {type(search_or_cv_results).__name__}."
    )


def _resolve_retime_scoring(scoring, search):
    search_scoring = getattr(search, "scoring", None)
    if scoring is None:
        if not isinstance(search_scoring, dict):
            raise ValueError(
                "retime_candidates needs scoring= (a dict {name: scorer})."
            )
        scorers = {
            name: s
            for name, s in search_scoring.items()
            if isinstance(s, _TimingScorer)
        }
        if not scorers:
            raise ValueError(
                f"The search's scoring has no latency or throughput scorer "
                f"(names: {sorted(search_scoring)}); pass scoring=."
            )
        return scorers
    if callable(scoring):
        return {"latency": scoring}
    if isinstance(scoring, dict):
        return dict(scoring)
    names = [scoring] if isinstance(scoring, str) else list(scoring)
    missing = [
        n
        for n in names
        if not isinstance(search_scoring, dict) or n not in search_scoring
    ]
    if missing:
        raise ValueError(
            f"scoring names {missing} are not in the search's scoring dict "
            f"({sorted(search_scoring) if isinstance(search_scoring, dict) else None})."
        )
    return {n: search_scoring[n] for n in names}


def _retime_split(X, y, test_size, random_state):
    if test_size is None:
        return X, X, y, y
    from sklearn.model_selection import train_test_split

    arrays = (X,) if y is None else (X, y)
    parts = train_test_split(*arrays, test_size=test_size, random_state=random_state)
    if y is None:
        return parts[0], parts[1], None, None
    return parts


for _f in (make_latency_scorer, make_throughput_scorer, retime_candidates):
    _f.__doc__ = _f.__doc__.replace("{parallel}", _PARALLEL_NOTES)
del _f
