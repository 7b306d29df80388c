"""Group fairness metrics for classifiers and their scorers.

The metric functions follow fairlearn's ``metrics/_fairness_metrics.py``
(thin functions, keyword-only ``sensitive_features``) and agree with it
(``method="between_groups"``) to floating-point precision, except in the
degenerate cases listed in each Notes section.
"""

import numpy as np
from sklearn.base import is_classifier
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    precision_score,
    recall_score,
)
from sklearn.utils.validation import check_consistent_length

from ._base import _format_repr, _MooScorer

__all__ = [
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equal_opportunity_difference",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "make_fairness_scorer",
    "worst_group_score",
]

_BASE_METRICS = {
    "accuracy": accuracy_score,
    "balanced_accuracy": balanced_accuracy_score,
    "f1": f1_score,
    "precision": precision_score,
    "recall": recall_score,
}

_UNKNOWN_METRIC = (
    "Unknown fairness metric {name!r}. Use one of {options}, or 'worst_group' "
    "with base_metric=<callable or one of {bases}>."
)
_NEED_SENSITIVE = (
    "{scorer!r} needs the sensitive features: give sensitive_feature=<column of X> "
    "to make_fairness_scorer, or enable metadata routing "
    "(sklearn.set_config(enable_metadata_routing=True)) and pass "
    "sensitive_features=... to fit (or to the scorer)."
)
_NOT_A_CLASSIFIER = (
    "{scorer!r} needs a classifier, got {estimator!r} (is_classifier is False). "
    "Group fairness metrics compare predicted labels between groups."
)


# ---------------------------------------------------------------- helpers


def _group_codes(sensitive_features):
    """Integer group code per sample; several columns give intersectional groups."""
    values = sensitive_features
    if hasattr(values, "to_numpy"):  # pandas Series or DataFrame
        values = values.to_numpy(dtype=object)
    values = np.asarray(values, dtype=object)
    if values.ndim == 1:
        values = values[:, None]
    if values.ndim != 2:
        raise ValueError(
            f"sensitive_features must be 1D or 2D, got an array of shape {values.shape}."
        )
    codes = np.zeros(values.shape[0], dtype=np.int64)
    for column in values.T:
        lookup = {}
        column_codes = np.fromiter(
            (lookup.setdefault(v, len(lookup)) for v in column),
            dtype=np.int64,
            count=len(column),
        )
        codes = codes * max(len(lookup), 1) + column_codes
    return np.unique(codes, return_inverse=True)[1]


def _prepare(y_true, y_pred, sensitive_features, sample_weight):
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    groups = _group_codes(sensitive_features)
    weights = (
        np.ones(len(y_true))
        if sample_weight is None
        else np.asarray(sample_weight, dtype=float).ravel()
    )
    check_consistent_length(y_true, y_pred, groups, weights)
    return y_true, y_pred, groups, weights


def _group_rates(hits, condition, groups, weights):
    """Weighted rate of ``hits`` among ``condition`` per group; NaN if undefined."""
    n_groups = groups.max() + 1 if len(groups) else 0
    w = weights * condition
    denominator = np.bincount(groups, weights=w, minlength=n_groups)
    numerator = np.bincount(groups, weights=w * hits, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = numerator / denominator
    return rates[denominator > 0]


def _difference(rates):
    # NOTE: with fewer than two groups there is nothing to compare: no disparity.
    return float(rates.max() - rates.min()) if len(rates) > 1 else 0.0


def _ratio(rates):
    if len(rates) < 2 or rates.max() == 0:  # all rates equal (0/0 counts as parity)
        return 1.0
    return float(rates.min() / rates.max())


def _selection_rates(y_true, y_pred, sensitive_features, sample_weight, pos_label):
    y_true, y_pred, groups, w = _prepare(
        y_true, y_pred, sensitive_features, sample_weight
    )
    return _group_rates(y_pred == pos_label, np.ones(len(y_pred)), groups, w)


def _tpr_fpr(y_true, y_pred, sensitive_features, sample_weight, pos_label):
    y_true, y_pred, groups, w = _prepare(
        y_true, y_pred, sensitive_features, sample_weight
    )
    positive = y_true == pos_label
    predicted = y_pred == pos_label
    return (
        _group_rates(predicted, positive, groups, w),
        _group_rates(predicted, ~positive, groups, w),
    )


# --------------------------------------------------------- metric functions

_DEGENERATE_NOTES = """Only the groups present in the data (e.g. in a test fold) are compared.
    A group whose rate is undefined (no sample in its conditioning set, or zero
    total weight) is left out; with fewer than two groups left, there is no
    disparity to measure and the difference is 0 (a ratio is 1)."""


def demographic_parity_difference(
    y_true, y_pred, *, sensitive_features, sample_weight=None, pos_label=1
):
    """Largest minus smallest group selection rate ``P(h(X) = pos_label | A = a)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels (unused, kept for the metric signature).
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    sensitive_features : array-like of shape (n_samples,) or (n_samples, n_columns)
        Group membership; several columns define intersectional groups.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights; rates are weighted means.
    pos_label : int, float, bool or str, default=1
        The label of the favourable (selected) outcome.

    Returns
    -------
    difference : float
        In ``[0, 1]``; 0 means all groups have the same selection rate.
        Lower is better.

    See Also
    --------
    demographic_parity_ratio : The ratio form (disparate impact).
    make_fairness_scorer : Use it in a search (the scorer returns ``-difference``).

    Notes
    -----
    Agrees with ``fairlearn.metrics.demographic_parity_difference``
    (``method="between_groups"``). {degenerate} A single group gives 0, as in
    fairlearn. Runs in O(n_samples).

    Examples
    --------
    >>> from sklearn_moo.metrics import demographic_parity_difference
    >>> y_pred = [1, 1, 0, 0, 1, 0]
    >>> group = ["a", "a", "a", "b", "b", "b"]
    >>> round(demographic_parity_difference(y_pred, y_pred, sensitive_features=group), 4)
    0.3333
    """
    rates = _selection_rates(
        y_true, y_pred, sensitive_features, sample_weight, pos_label
    )
    return _difference(rates)


def demographic_parity_ratio(
    y_true, y_pred, *, sensitive_features, sample_weight=None, pos_label=1
):
    """Smallest over largest group selection rate (disparate impact ratio).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels (unused, kept for the metric signature).
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    sensitive_features : array-like of shape (n_samples,) or (n_samples, n_columns)
        Group membership; several columns define intersectional groups.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    pos_label : int, float, bool or str, default=1
        The label of the favourable (selected) outcome.

    Returns
    -------
    ratio : float
        In ``[0, 1]``; 1 means parity. Greater is better (the "80 % rule"
        asks for at least 0.8).

    See Also
    --------
    demographic_parity_difference : The difference form.
    make_fairness_scorer : Use it in a search (the scorer returns the ratio).

    Notes
    -----
    Agrees with ``fairlearn.metrics.demographic_parity_ratio``
    (``method="between_groups"``). {degenerate} **Differs from fairlearn**
    when no group is ever selected: all rates are 0, fairlearn returns NaN
    (0/0) and this function returns 1.0 (all groups are treated alike).

    Examples
    --------
    >>> from sklearn_moo.metrics import demographic_parity_ratio
    >>> y_pred = [1, 1, 0, 0, 1, 0]
    >>> group = ["a", "a", "a", "b", "b", "b"]
    >>> demographic_parity_ratio(y_pred, y_pred, sensitive_features=group)
    0.5
    """
    rates = _selection_rates(
        y_true, y_pred, sensitive_features, sample_weight, pos_label
    )
    return _ratio(rates)


def equal_opportunity_difference(
    y_true, y_pred, *, sensitive_features, sample_weight=None, pos_label=1
):
    """Largest minus smallest group true positive rate ``P(h(X)=1 | A=a, Y=1)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    sensitive_features : array-like of shape (n_samples,) or (n_samples, n_columns)
        Group membership; several columns define intersectional groups.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    pos_label : int, float, bool or str, default=1
        The positive label; other labels count as negative (one-vs-rest).

    Returns
    -------
    difference : float
        In ``[0, 1]``; lower is better.

    See Also
    --------
    equalized_odds_difference : Also compares false positive rates.

    Notes
    -----
    Agrees with ``fairlearn.metrics.equal_opportunity_difference``.
    {degenerate} **Differs from fairlearn** for a group without positive
    labels: its true positive rate is undefined and the group is skipped,
    whereas fairlearn (through scikit-learn's ``confusion_matrix``) counts it
    as a rate of 0 and so reports a large disparity.

    Examples
    --------
    >>> from sklearn_moo.metrics import equal_opportunity_difference
    >>> y_true = [1, 1, 0, 1, 1, 0]
    >>> y_pred = [1, 1, 0, 1, 0, 0]
    >>> group = ["a", "a", "a", "b", "b", "b"]
    >>> equal_opportunity_difference(y_true, y_pred, sensitive_features=group)
    0.5
    """
    tpr, _ = _tpr_fpr(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    return _difference(tpr)


def equalized_odds_difference(
    y_true,
    y_pred,
    *,
    sensitive_features,
    sample_weight=None,
    pos_label=1,
    agg="worst_case",
):
    """Larger of the true and false positive rate differences between groups.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    sensitive_features : array-like of shape (n_samples,) or (n_samples, n_columns)
        Group membership; several columns define intersectional groups.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    pos_label : int, float, bool or str, default=1
        The positive label; other labels count as negative (one-vs-rest).
    agg : {"worst_case", "mean"}, default="worst_case"
        Take the larger of the two differences or their mean (as fairlearn).

    Returns
    -------
    difference : float
        In ``[0, 1]``; lower is better.

    See Also
    --------
    equalized_odds_ratio : The ratio form.
    equal_opportunity_difference : True positive rates only.

    Notes
    -----
    Agrees with ``fairlearn.metrics.equalized_odds_difference``.
    {degenerate} **Differs from fairlearn** for a group without positive
    (negative) labels: it is skipped for the true (false) positive rate,
    where fairlearn counts the undefined rate as 0.

    Examples
    --------
    >>> from sklearn_moo.metrics import equalized_odds_difference
    >>> y_true = [1, 1, 0, 1, 1, 0]
    >>> y_pred = [1, 1, 0, 1, 0, 1]
    >>> group = ["a", "a", "a", "b", "b", "b"]
    >>> equalized_odds_difference(y_true, y_pred, sensitive_features=group)
    1.0
    """
    _check_agg(agg)
    tpr, fpr = _tpr_fpr(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    differences = [_difference(tpr), _difference(fpr)]
    return max(differences) if agg == "worst_case" else float(np.mean(differences))


def equalized_odds_ratio(
    y_true,
    y_pred,
    *,
    sensitive_features,
    sample_weight=None,
    pos_label=1,
    agg="worst_case",
):
    """Smaller of the true and false positive rate ratios between groups.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    sensitive_features : array-like of shape (n_samples,) or (n_samples, n_columns)
        Group membership; several columns define intersectional groups.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    pos_label : int, float, bool or str, default=1
        The positive label; other labels count as negative (one-vs-rest).
    agg : {"worst_case", "mean"}, default="worst_case"
        Take the smaller of the two ratios or their mean (as fairlearn).

    Returns
    -------
    ratio : float
        In ``[0, 1]``; greater is better.

    See Also
    --------
    equalized_odds_difference : The difference form.

    Notes
    -----
    Agrees with ``fairlearn.metrics.equalized_odds_ratio``. {degenerate}
    **Differs from fairlearn** where a rate is undefined in a group (the
    group is skipped for that rate; fairlearn counts it as 0) and where a
    rate is 0 in every group (ratio 1 here, NaN in fairlearn).

    Examples
    --------
    >>> from sklearn_moo.metrics import equalized_odds_ratio
    >>> y_true = [1, 1, 0, 1, 1, 0]
    >>> y_pred = [1, 1, 1, 1, 0, 1]
    >>> group = ["a", "a", "a", "b", "b", "b"]
    >>> equalized_odds_ratio(y_true, y_pred, sensitive_features=group)
    0.5
    """
    _check_agg(agg)
    tpr, fpr = _tpr_fpr(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    ratios = [_ratio(tpr), _ratio(fpr)]
    return min(ratios) if agg == "worst_case" else float(np.mean(ratios))


def worst_group_score(
    y_true,
    y_pred,
    *,
    sensitive_features,
    metric,
    greater_is_better=True,
    sample_weight=None,
):
    """Worst value over groups of any scikit-learn metric (e.g. worst-group recall).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    sensitive_features : array-like of shape (n_samples,) or (n_samples, n_columns)
        Group membership; several columns define intersectional groups.
    metric : callable or {"accuracy", "balanced_accuracy", "f1", "precision", "recall"}
        ``metric(y_true, y_pred, sample_weight=...)`` evaluated on each group.
    greater_is_better : bool, default=True
        Whether larger metric values are better: the worst group is then the
        minimum, else the maximum.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights, passed to ``metric`` for each group (only if given).

    Returns
    -------
    score : float
        The metric in the worst group, in the metric's own direction.

    See Also
    --------
    make_fairness_scorer : ``make_fairness_scorer("worst_group", base_metric=...)``.

    Notes
    -----
    Equals fairlearn's ``MetricFrame(...).group_min()`` (``group_max()`` if
    ``greater_is_better=False``). Only groups present are evaluated, and a
    group whose weights sum to 0 is skipped. The metric's own conventions for
    a degenerate group apply (e.g. ``recall_score`` of a group without
    positives is 0 with an ``UndefinedMetricWarning``).

    Examples
    --------
    >>> from sklearn_moo.metrics import worst_group_score
    >>> y_true = [1, 1, 0, 1, 1, 0]
    >>> y_pred = [1, 1, 0, 1, 0, 0]
    >>> group = ["a", "a", "a", "b", "b", "b"]
    >>> worst_group_score(y_true, y_pred, sensitive_features=group, metric="recall")
    0.5
    """
    func = _resolve_base_metric(metric)
    y_true, y_pred, groups, weights = _prepare(
        y_true, y_pred, sensitive_features, sample_weight
    )
    values = []
    for g in np.unique(groups):
        mask = groups == g
        if weights[mask].sum() <= 0:
            continue
        kwargs = {} if sample_weight is None else {"sample_weight": weights[mask]}
        values.append(float(func(y_true[mask], y_pred[mask], **kwargs)))
    if not values:
        raise ValueError(
            "worst_group_score needs at least one group with positive weight."
        )
    return min(values) if greater_is_better else max(values)


for _f in (
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
    equalized_odds_ratio,
):
    _f.__doc__ = _f.__doc__.replace("{degenerate}", _DEGENERATE_NOTES)
del _f


def _check_agg(agg):
    if agg not in ("worst_case", "mean"):
        raise ValueError(f"agg must be 'worst_case' or 'mean', got {agg!r}.")


def _resolve_base_metric(metric):
    if callable(metric):
        return metric
    if isinstance(metric, str) and metric in _BASE_METRICS:
        return _BASE_METRICS[metric]
    raise ValueError(
        f"Unknown base metric {metric!r}: pass a callable "
        f"metric(y_true, y_pred, sample_weight=None) or one of {sorted(_BASE_METRICS)}."
    )


# ---------------------------------------------------------------- scorers

# name -> (function, natural greater_is_better)
_FAIRNESS_METRICS = {
    "demographic_parity_difference": (demographic_parity_difference, False),
    "demographic_parity_ratio": (demographic_parity_ratio, True),
    "equal_opportunity_difference": (equal_opportunity_difference, False),
    "equalized_odds_difference": (equalized_odds_difference, False),
    "equalized_odds_ratio": (equalized_odds_ratio, True),
}


class _FairnessScorer(_MooScorer):
    """Scorer of a group fairness metric; see :func:`make_fairness_scorer`."""

    def __init__(
        self,
        metric_func,
        sign,
        *,
        sensitive_feature,
        metric_kwargs,
        natural_name,
        repr_string,
    ):
        if sensitive_feature is None:
            requests = {"sensitive_features": True, "sample_weight": None}
        else:
            requests = {"sensitive_features": False, "sample_weight": None}
        super().__init__(
            metric_func,
            sign,
            response_method="predict",
            natural_name=natural_name,
            unit="",
            default_requests=requests,
            accept_sample_weight=True,
            repr_string=repr_string,
        )
        self._sensitive_feature = sensitive_feature
        self._metric_kwargs = dict(metric_kwargs)

    def _check_fit_metadata(self, X, params, *, routing_enabled):
        """Raise before any fit when the search cannot give this scorer its groups.

        Parameters
        ----------
        X : array-like
            The data passed to the search's ``fit``.
        params : dict
            The search's fit parameters.
        routing_enabled : bool
            Whether metadata routing is enabled (else no metadata reaches a scorer).
        """
        if self._sensitive_feature is not None:
            _select_columns(X, self._sensitive_feature)
            return
        alias = self._get_metadata_request().score.requests.get("sensitive_features")
        key = alias if isinstance(alias, str) else "sensitive_features"
        if not routing_enabled or alias in (False, None) or params.get(key) is None:
            raise ValueError(_NEED_SENSITIVE.format(scorer=self))
        n_groups, n_samples = _n_rows(params[key]), _n_rows(X)
        if n_groups != n_samples:
            raise ValueError(
                f"{key} has {n_groups} rows but X has {n_samples}; {self!r} needs one group "
                "label per sample of X."
            )

    def _score(self, method_caller, estimator, X, y_true, **kwargs):
        if not is_classifier(estimator):
            raise TypeError(_NOT_A_CLASSIFIER.format(scorer=self, estimator=estimator))
        if self._sensitive_feature is not None:
            sensitive = _select_columns(X, self._sensitive_feature)
        elif kwargs.get("sensitive_features") is not None:
            sensitive = kwargs["sensitive_features"]
        else:
            raise ValueError(_NEED_SENSITIVE.format(scorer=self))
        y_pred = method_caller(estimator, "predict", X)
        value = self._score_func(
            y_true,
            y_pred,
            sensitive_features=sensitive,
            sample_weight=kwargs.get("sample_weight"),
            **self._metric_kwargs,
        )
        return self._sign * value


def _n_rows(data):
    shape = getattr(data, "shape", None)
    return shape[0] if shape else len(data)


def _select_columns(X, key):
    """The sensitive column(s) ``key`` of X, with an error naming what exists."""
    keys = list(key) if isinstance(key, (list, tuple)) else [key]
    if hasattr(X, "columns"):
        columns = list(X.columns)
        missing = [k for k in keys if k not in columns]
        if missing:
            raise ValueError(
                f"sensitive_feature={key!r}: column(s) {missing} not found in X; "
                f"available columns are {columns}."
            )
        selected = X[keys]
        return selected.iloc[:, 0] if len(keys) == 1 else selected
    X = np.asarray(X)
    n_columns = X.shape[1] if X.ndim == 2 else 0
    bad = [
        k
        for k in keys
        if not isinstance(k, (int, np.integer)) or not -n_columns <= k < n_columns
    ]
    if bad:
        raise ValueError(
            f"sensitive_feature={key!r}: {bad} is not a column index of X, an array "
            f"with {n_columns} columns and no column names; pass an int index in "
            f"[0, {n_columns}) or use a pandas DataFrame for column names."
        )
    return X[:, keys[0]] if len(keys) == 1 else X[:, keys]


def make_fairness_scorer(
    metric,
    *,
    sensitive_feature=None,
    base_metric=None,
    greater_is_better=True,
    **kwargs,
):
    """Make a scorer of a group fairness metric for a classifier.

    Parameters
    ----------
    metric : str
        One of ``"demographic_parity_difference"``, ``"demographic_parity_ratio"``,
        ``"equalized_odds_difference"``, ``"equalized_odds_ratio"``,
        ``"equal_opportunity_difference"`` or ``"worst_group"`` (with
        ``base_metric``).
    sensitive_feature : str, int or list, default=None
        Where the sensitive features are: a column name of a DataFrame ``X``
        or an int column index of an array ``X`` (or a list of them, for
        intersectional groups). The column is read from the *unchanged* test
        ``X``; the model may drop it in its own pipeline. If None, they come
        through metadata routing: the scorer requests ``sensitive_features``
        by default, so ``search.fit(X, y, sensitive_features=A)`` (with
        ``enable_metadata_routing=True``) splits ``A`` per fold and passes it.
    base_metric : callable or str, default=None
        For ``metric="worst_group"``: ``metric(y_true, y_pred, sample_weight=None)``
        or one of ``"accuracy"``, ``"balanced_accuracy"``, ``"f1"``,
        ``"precision"``, ``"recall"``.
    greater_is_better : bool, default=True
        For ``metric="worst_group"``: the direction of ``base_metric``.
    **kwargs : dict
        Passed to the metric function, e.g. ``pos_label=">50K"`` or
        ``agg="mean"`` for equalized odds; for ``"worst_group"``, to
        ``base_metric`` (e.g. ``pos_label``, ``average``).

    Returns
    -------
    scorer : callable
        A scikit-learn scorer ``scorer(estimator, X, y, **metadata)`` with
        attributes ``greater_is_better``, ``unit`` (``""``), ``natural_name``
        and method ``to_natural(score)``.

    Raises
    ------
    ValueError
        For an unknown metric or base metric. At scoring time: a sensitive
        column missing from X, or no sensitive features at all.
    TypeError
        At scoring time, when the estimator is not a classifier.

    See Also
    --------
    demographic_parity_difference, equalized_odds_difference, worst_group_score

    Notes
    -----
    Sign convention: scikit-learn maximises scores, so a *difference* scorer
    returns ``-difference`` (like ``neg_mean_squared_error``; its
    ``greater_is_better`` is False and ``to_natural`` gives the positive
    difference back), while a *ratio* scorer returns the ratio. The
    degenerate cases are those of the metric functions. ``sample_weight``
    is accepted: scikit-learn forwards it from ``fit`` without metadata
    routing; with routing, request it with ``set_score_request(sample_weight=True)``
    (the ``sensitive_features`` request is kept). Predictions come from
    ``predict`` and are shared with other scorers through scikit-learn's cache.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_moo.metrics import make_fairness_scorer
    >>> X = np.array([[0, 1.0], [0, 2.0], [1, 3.0], [1, 4.0], [0, 5.0], [1, 6.0]])
    >>> y = np.array([0, 0, 0, 1, 1, 1])
    >>> clf = LogisticRegression().fit(X, y)
    >>> scorer = make_fairness_scorer("demographic_parity_difference", sensitive_feature=0)
    >>> scorer
    make_fairness_scorer('demographic_parity_difference', sensitive_feature=0)
    >>> score = scorer(clf, X, y)
    >>> score <= 0, scorer.greater_is_better, scorer.to_natural(score) >= 0
    (True, False, True)
    """
    if metric == "worst_group":
        func = _resolve_base_metric(base_metric)
        name = getattr(func, "__name__", repr(func))
        natural_name = f"worst-group {name}"
        sign = 1 if greater_is_better else -1
        metric_func = _WorstGroup(func, greater_is_better)
        args = {"base_metric": base_metric if isinstance(base_metric, str) else name}
        if not greater_is_better:
            args["greater_is_better"] = False
    elif metric in _FAIRNESS_METRICS:
        if base_metric is not None:
            raise ValueError(
                f"base_metric is only used with metric='worst_group', got "
                f"metric={metric!r} and base_metric={base_metric!r}."
            )
        metric_func, natural_greater = _FAIRNESS_METRICS[metric]
        sign = 1 if natural_greater else -1
        natural_name = metric.replace("_", " ")
        args = {}
    else:
        raise ValueError(
            _UNKNOWN_METRIC.format(
                name=metric,
                options=sorted(_FAIRNESS_METRICS),
                bases=sorted(_BASE_METRICS),
            )
        )
    if sensitive_feature is not None:
        args = {"sensitive_feature": sensitive_feature, **args}
    repr_string = _format_repr(
        "make_fairness_scorer", {**args, **kwargs}, positional=(metric,)
    )
    return _FairnessScorer(
        metric_func,
        sign,
        sensitive_feature=sensitive_feature,
        metric_kwargs=kwargs,
        natural_name=natural_name,
        repr_string=repr_string,
    )


class _WorstGroup:
    """Picklable ``worst_group_score`` with a frozen base metric."""

    def __init__(self, func, greater_is_better):
        self.func = func
        self.greater_is_better = greater_is_better
        self.__name__ = "worst_group_score"

    def __call__(
        self, y_true, y_pred, *, sensitive_features, sample_weight=None, **kwargs
    ):
        func = self.func
        if kwargs:

            def func(yt, yp, **kw):
                return self.func(yt, yp, **kw, **kwargs)

        return worst_group_score(
            y_true,
            y_pred,
            sensitive_features=sensitive_features,
            metric=func,
            greater_is_better=self.greater_is_better,
            sample_weight=sample_weight,
        )
