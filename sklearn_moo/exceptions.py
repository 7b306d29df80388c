"""Public warnings and errors of sklearn_moo."""

__all__ = [
    "AuditLogInUseError",
    "AuditLogWriteWarning",
    "NoFeasibleCandidateWarning",
    "NonFiniteScoreWarning",
    "OptimizerOptionWarning",
    "SearchSpaceExhaustedWarning",
    "SearchSpaceWarning",
    "UnstableIdentityError",
]


class AuditLogInUseError(RuntimeError):
    """Another search is writing the same ``audit_log`` file.

    One search writes a log at a time: ``fit`` holds an exclusive lock on
    ``<audit_log>.lock`` from before its first fit to the end of its refit, and
    a second search (another thread or process) given the same path raises
    this error at once, before any fit, naming the path and the holder
    (process id, host, thread, since when). A search killed with its lock held
    leaves the lock to the operating system, which frees it.

    Parameters
    ----------
    message : str
        The path, who holds it, and what to do.

    Attributes
    ----------
    args : tuple
        ``(message,)``, as for every exception.

    Examples
    --------
    >>> from sklearn_moo.exceptions import AuditLogInUseError
    >>> issubclass(AuditLogInUseError, RuntimeError)
    True
    """


class AuditLogWriteWarning(UserWarning):
    """A record could not be written to the ``audit_log`` file.

    A write that fails part-way (a full disk, a file-size limit, a quota) is
    cut back to the last whole record, so the log never holds a torn line and
    always resumes from its last whole record. The search itself goes on: a
    fit record that could not be written is covered by its round's candidate
    record; when a candidate (or refit) record cannot be written, the log
    stops there for the rest of the fit, and a later ``fit`` with the same
    ``audit_log`` resumes from it.

    Parameters
    ----------
    message : str
        The path, the record that failed and the error the write met.

    Attributes
    ----------
    args : tuple
        ``(message,)``, as for every exception.

    Examples
    --------
    >>> from sklearn_moo.exceptions import AuditLogWriteWarning
    >>> issubclass(AuditLogWriteWarning, UserWarning)
    True
    """


class NoFeasibleCandidateWarning(UserWarning):
    """No evaluated candidate satisfies every constraint.

    A refit policy then falls back to the candidate with the smallest total
    constraint violation (see :class:`sklearn_moo.EpsilonConstraint`); the
    message names the bounds that candidate breaks and by how much.

    Parameters
    ----------
    message : str
        What was asked, which candidate was refitted instead, and what it breaks.

    Attributes
    ----------
    args : tuple
        ``(message,)``, as for every warning.

    Examples
    --------
    >>> import warnings
    >>> from sklearn_moo import EpsilonConstraint
    >>> from sklearn_moo.exceptions import NoFeasibleCandidateWarning
    >>> results = {"mean_test_acc": [0.8, 0.9], "mean_test_neg_lat": [-0.002, -0.009],
    ...            "params": [{}, {}]}
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     EpsilonConstraint("acc", "neg_lat <= 0.001")(results)
    0
    >>> caught[0].category is NoFeasibleCandidateWarning
    True
    """


class NonFiniteScoreWarning(UserWarning):
    """A scorer returned NaN or an infinity, without raising, for some candidates.

    Such a candidate has an objective that is not a number, so it cannot be
    compared: the search marks it ``is_failed``, keeps it off the Pareto front
    and never refits it by policy or by scorer name (unless no candidate has a
    number on every objective). The warning is given once per ``fit`` and names
    each scorer and its candidates; a grid with one scorer gives scikit-learn's
    own warning alone, as ``GridSearchCV`` does.

    Parameters
    ----------
    message : str
        The scorers, the candidates and the values they returned.

    Attributes
    ----------
    args : tuple
        ``(message,)``, as for every warning.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_moo import MultiObjectiveSearchCV
    >>> from sklearn_moo.exceptions import NonFiniteScoreWarning
    >>> X, y = make_classification(n_samples=60, random_state=0)
    >>> odd = lambda est, X, y: np.nan if est.C > 1 else 1.0
    >>> search = MultiObjectiveSearchCV(
    ...     LogisticRegression(), {"C": [0.1, 10.0]},
    ...     scoring={"accuracy": "accuracy", "odd": odd}, cv=3)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     search = search.fit(X, y)
    >>> any(w.category is NonFiniteScoreWarning for w in caught)
    True
    >>> search.cv_results_["is_failed"].tolist(), search.best_index_
    ([False, True], 0)
    """


class OptimizerOptionWarning(UserWarning):
    """An ``optimizer_kwargs`` option of scikit-optimize's that this engine does not use.

    ``BayesSearchCV`` passes ``optimizer_kwargs`` to scikit-optimize's ``Optimizer``; the
    multi-objective engine honours the options that mean something for it
    (see :class:`~sklearn_moo.MultiObjectiveSearchCV`) and warns once per
    ``fit`` about the others, saying what it does instead.

    Parameters
    ----------
    message : str
        The options ignored, what the engine does instead, and the option that
        maps to each (if any).

    Attributes
    ----------
    args : tuple
        ``(message,)``, as for every warning.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_moo import MultiObjectiveSearchCV
    >>> from sklearn_moo.engine import Real
    >>> from sklearn_moo.exceptions import OptimizerOptionWarning
    >>> X, y = make_classification(n_samples=60, random_state=0)
    >>> search = MultiObjectiveSearchCV(
    ...     LogisticRegression(), {"C": Real(0.01, 10.0)}, n_iter=3, cv=3,
    ...     optimizer_kwargs={"acq_func": "EI", "n_initial_points": 2}, random_state=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     search = search.fit(X, y)
    >>> [w.category for w in caught if w.category is OptimizerOptionWarning]
    [<class 'sklearn_moo.exceptions.OptimizerOptionWarning'>]
    """


class SearchSpaceExhaustedWarning(UserWarning):
    """A finite search space ran out before ``n_iter`` candidates were evaluated.

    The search then ends with every point of the space evaluated once.

    Parameters
    ----------
    message : str
        How many candidates were asked for and how many the space has.

    Attributes
    ----------
    args : tuple
        ``(message,)``, as for every warning.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from sklearn_moo import MultiObjectiveSearchCV
    >>> from sklearn_moo.engine import Categorical
    >>> from sklearn_moo.exceptions import SearchSpaceExhaustedWarning
    >>> X, y = make_classification(n_samples=60, random_state=0)
    >>> search = MultiObjectiveSearchCV(
    ...     DecisionTreeClassifier(random_state=0), {"max_depth": Categorical([1, 2])},
    ...     scoring={"accuracy": "accuracy", "recall": "recall"}, n_iter=5, cv=3,
    ...     random_state=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     search = search.fit(X, y)
    >>> any(w.category is SearchSpaceExhaustedWarning for w in caught)
    True
    >>> len(search.cv_results_["params"])
    2
    """


class SearchSpaceWarning(UserWarning):
    """A search space entry means something other than what it may look like.

    For example ``{"degree": (1, 8)}`` in a search that runs the optimiser: a
    tuple is a grid of its values, as in ``GridSearchCV``, not a range. The
    message gives the range's spelling (``Integer(1, 8)``); it is attributed
    to the line of the caller's code that calls ``fit``.

    Parameters
    ----------
    message : str
        What the entry means, and how to write what it may have meant.

    Attributes
    ----------
    args : tuple
        ``(message,)``, as for every warning.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from sklearn_moo import MultiObjectiveSearchCV
    >>> from sklearn_moo.exceptions import SearchSpaceWarning
    >>> X, y = make_classification(n_samples=60, random_state=0)
    >>> search = MultiObjectiveSearchCV(
    ...     DecisionTreeClassifier(random_state=0), {"max_depth": (1, 8)},
    ...     scoring={"accuracy": "accuracy", "recall": "recall"}, n_iter=2, cv=3,
    ...     random_state=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     search = search.fit(X, y)
    >>> any(w.category is SearchSpaceWarning for w in caught)
    True
    """


class UnstableIdentityError(ValueError):
    """A value that decides a score has no identity that is the same in every process.

    With ``audit_log``, the search records an identity for everything that
    decides a score (each candidate's parameter values, the estimator, every
    scorer, the splitter) and compares them when it resumes. A value that
    cannot be pickled (a generator, an open file, a lock) has no such
    identity; ``fit`` then raises this error before any fit and before the
    log is created, naming where the value sits (for example
    ``estimator.steps[0][1].func`` or ``parameter 'class_weight'``). Replace
    the value with one that can be pickled, or fit without ``audit_log``.

    Subclass of :class:`ValueError`.

    Parameters
    ----------
    message : str
        The value, where it sits, why it has no identity, and what to do.

    Attributes
    ----------
    args : tuple
        ``(message,)``, as for every exception.

    Examples
    --------
    >>> from sklearn_moo.exceptions import UnstableIdentityError
    >>> issubclass(UnstableIdentityError, ValueError)
    True
    """
