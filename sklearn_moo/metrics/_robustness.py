"""Robustness to input perturbations: ``perturb`` and ``make_robustness_scorer``."""

import numbers

import numpy as np
from sklearn.metrics import check_scoring
from sklearn.utils import check_random_state

from ..utils._optional import import_optional
from ._base import _format_repr, _MooScorer

__all__ = ["make_robustness_scorer", "perturb"]

_PERTURBATIONS = ("gaussian", "dropout", "swap")
_DROPOUT_FILLS = ("median", "nan")
_AGGREGATES = ("mean", "worst")


def _check_perturbation_params(perturbation, scale, dropout_fill):
    if perturbation not in _PERTURBATIONS:
        raise ValueError(
            f"perturbation must be one of {_PERTURBATIONS}, got {perturbation!r}."
        )
    if (
        not isinstance(scale, numbers.Real)
        or isinstance(scale, bool)
        or not np.isfinite(scale)
        or scale < 0
    ):
        raise ValueError(
            f"scale must be a finite non-negative number, got scale={scale!r}; it is "
            "the noise level (a multiple of each column's standard deviation) for "
            "'gaussian' and a probability in [0, 1] for 'dropout' and 'swap'."
        )
    if perturbation != "gaussian" and scale > 1:
        raise ValueError(
            f"scale is the probability of perturbing a value for "
            f"perturbation={perturbation!r} and must be in [0, 1], got {scale!r}."
        )
    if dropout_fill not in _DROPOUT_FILLS:
        raise ValueError(
            f"dropout_fill must be one of {_DROPOUT_FILLS}, got {dropout_fill!r}."
        )


# ------------------------------------------------------------- column model


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_missing(value):
    """None, NaN, NaT or pandas.NA (whose comparisons raise)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return True


def _auto_categorical_array(X):
    """Which columns of an ndarray are categorical when not told."""
    if X.dtype.kind in "iuf":
        return np.zeros(X.shape[1], dtype=bool)
    if X.dtype.kind != "O":  # bool, strings
        return np.ones(X.shape[1], dtype=bool)
    return np.array(
        [
            not all(_is_number(v) or _is_missing(v) for v in X[:, j])
            for j in range(X.shape[1])
        ]
    )


def _auto_categorical_frame(X):
    pd = import_optional("pandas", "perturb with a DataFrame")
    return np.array(
        [
            not (
                pd.api.types.is_numeric_dtype(dtype)
                and not pd.api.types.is_bool_dtype(dtype)
            )
            for dtype in X.dtypes
        ]
    )


def _categorical_mask(X, categorical_features, names):
    """Boolean mask of categorical columns; ``names`` are column labels or None."""
    n_columns = len(names) if names is not None else X.shape[1]
    if categorical_features is None:
        return (
            _auto_categorical_frame(X)
            if names is not None
            else _auto_categorical_array(X)
        )
    spec = np.asarray(categorical_features)
    if spec.dtype.kind == "b":
        if spec.shape != (n_columns,):
            raise ValueError(
                f"categorical_features as a boolean mask must have one entry per column "
                f"({n_columns}), got shape {spec.shape}."
            )
        return spec.copy()
    mask = np.zeros(n_columns, dtype=bool)
    for key in spec.ravel().tolist():
        if names is not None and key in names:
            mask[names.index(key)] = True
        elif isinstance(key, int) and -n_columns <= key < n_columns:
            mask[key] = True
        else:
            raise ValueError(
                f"categorical_features: {key!r} is not a column of X "
                f"(columns: {names if names is not None else list(range(n_columns))})."
            )
    return mask


# ------------------------------------------------------- column perturbations


def _as_float(values):
    if values.dtype.kind == "O":
        return np.array([np.nan if _is_missing(v) else v for v in values], dtype=float)
    return values.astype(float)


def _gaussian_column(values, scale, rng):
    values = _as_float(values)
    spread = np.nanstd(values) if np.isfinite(values).any() else 0.0
    noise = rng.normal(0.0, 1.0, size=len(values)) * (scale * spread)
    return values + noise


def _dropout_column(values, scale, rng, categorical, fill):
    """Replace a fraction of the *present* values by the median/mode or NaN."""
    draws = rng.random_sample(len(values))
    if categorical:
        out = values.astype(object)
        present = np.array([not _is_missing(v) for v in out], dtype=bool)
        hit = (draws < scale) & present
        if fill == "nan" or not present.any():
            out[hit] = np.nan
        else:
            uniques, counts = _value_counts(out[present])
            out[hit] = uniques[int(np.argmax(counts))]  # the mode, first seen on ties
        return out
    out = _as_float(values)
    present = ~np.isnan(out)
    hit = (draws < scale) & present
    out[hit] = np.nan if fill == "nan" or not present.any() else np.nanmedian(out)
    return out


def _value_counts(values):
    lookup = {}
    for v in values:
        lookup[v] = lookup.get(v, 0) + 1
    uniques = np.empty(len(lookup), dtype=object)
    uniques[:] = list(lookup)
    return uniques, np.fromiter(lookup.values(), dtype=float, count=len(lookup))


def _swap_column(values, scale, rng):
    """Replace a fraction of values by *another* category, drawn empirically."""
    out = values.astype(object)
    present = np.array([not _is_missing(v) for v in out], dtype=bool)
    hit = (rng.random_sample(len(out)) < scale) & present
    uniques, counts = _value_counts(out[present])
    if len(uniques) < 2 or not hit.any():
        return out
    index = {v: i for i, v in enumerate(uniques)}
    codes = np.array([index[v] for v in out[hit]])
    rows = np.flatnonzero(hit)
    for code in np.unique(codes):
        p = counts.copy()
        p[code] = 0.0  # NOTE: a swap always changes the category.
        chosen = rows[codes == code]
        out[chosen] = uniques[rng.choice(len(uniques), size=len(chosen), p=p / p.sum())]
    return out


def _perturb_column(values, categorical, perturbation, scale, rng, fill):
    if perturbation == "gaussian":
        return None if categorical else _gaussian_column(values, scale, rng)
    if perturbation == "dropout":
        return _dropout_column(values, scale, rng, categorical, fill)
    return _swap_column(values, scale, rng) if categorical else None


# ------------------------------------------------------------- public function


def perturb(
    X,
    *,
    perturbation="gaussian",
    scale=0.1,
    categorical_features=None,
    dropout_fill="median",
    random_state=None,
):
    """Return a perturbed copy of ``X`` (the input is never modified).

    Parameters
    ----------
    X : ndarray or pandas DataFrame of shape (n_samples, n_features)
        Data, possibly with mixed types (object arrays, pandas string,
        categorical and boolean columns). Read-only arrays are fine.
    perturbation : {"gaussian", "dropout", "swap"}, default="gaussian"
        - ``"gaussian"``: add ``N(0, (scale * std_j)^2)`` noise to each numeric
          column ``j``, ``std_j`` being the column's standard deviation in
          ``X`` (NaN ignored; a constant column gets no noise). Categorical
          columns are left unchanged. Integer columns become float.
        - ``"dropout"``: each non-missing value is replaced with probability
          ``scale`` by the column's median (numeric) or mode (categorical,
          first seen on ties) in ``X``, or by NaN if ``dropout_fill="nan"``.
        - ``"swap"``: each non-missing value of a categorical column is
          replaced with probability ``scale`` by a *different* category drawn
          from the column's empirical distribution in ``X``. Numeric columns
          are left unchanged.
    scale : float, default=0.1
        Noise level in standard deviations (gaussian), or the probability
        of perturbing each value (dropout, swap; must be in ``[0, 1]``).
    categorical_features : array-like of int, str or bool, default=None
        Categorical columns as indices, names or a boolean mask. If None:
        for a DataFrame, all non-numeric and boolean columns; for an array,
        no column of a numeric array, every column of a bool or string
        array, and the columns of an object array that hold anything but
        numbers and missing values.
    dropout_fill : {"median", "nan"}, default="median"
        What dropout writes: the median/mode, or a missing value.
    random_state : int, RandomState instance or None, default=None
        Seed of the perturbation.

    Returns
    -------
    X_perturbed : ndarray or DataFrame
        Same type, shape, index and column names as ``X``. A DataFrame keeps
        each column's dtype where the new values fit it (categorical and
        string columns do); numeric columns with noise become float.

    Raises
    ------
    ValueError
        For a negative scale, a probability above 1, an unknown perturbation,
        or when there is no column to perturb (e.g. ``"swap"`` without any
        categorical column).
    TypeError
        For a sparse matrix.

    See Also
    --------
    make_robustness_scorer : Score a model on perturbed test folds.

    Notes
    -----
    Missing values are never perturbed and stay missing. Runs in
    O(n_samples * n_features), plus O(n_categories) draws per categorical
    column for swaps. The same ``random_state`` gives the same perturbation
    of the same data.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_moo.metrics import perturb
    >>> X = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    >>> Xp = perturb(X, scale=0.1, random_state=0)
    >>> Xp.shape, bool((Xp != X).all()), float(X[0, 0])
    ((3, 2), True, 1.0)
    """
    _check_perturbation_params(perturbation, scale, dropout_fill)
    rng = check_random_state(random_state)
    if hasattr(X, "columns") and hasattr(X, "iloc"):
        return _perturb_frame(
            X, perturbation, scale, categorical_features, dropout_fill, rng
        )
    if hasattr(X, "toarray") or hasattr(X, "tocsr"):
        raise TypeError("perturb does not support sparse matrices; pass a dense X.")
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be 2D, got an array of shape {X.shape}.")
    mask = _categorical_mask(X, categorical_features, None)
    new_columns = _perturb_columns(
        [X[:, j] for j in range(X.shape[1])],
        mask,
        perturbation,
        scale,
        rng,
        dropout_fill,
    )
    out = np.array(
        X, dtype=_output_dtype(X.dtype, perturbation, dropout_fill), copy=True
    )
    for j, column in new_columns.items():
        out[:, j] = column
    return out


def _output_dtype(dtype, perturbation, fill):
    """Dtype of a perturbed ndarray: keep it where the new values fit it."""
    if dtype.kind == "O":
        return object
    if perturbation == "swap" or (
        perturbation == "dropout" and fill == "median" and dtype.kind not in "iuf"
    ):
        return dtype  # values drawn from the same column
    return np.result_type(dtype, float) if dtype.kind in "iuf" else object


def _perturb_columns(columns, mask, perturbation, scale, rng, fill):
    new = {}
    for j, values in enumerate(columns):
        column = _perturb_column(values, bool(mask[j]), perturbation, scale, rng, fill)
        if column is not None:
            new[j] = column
    if not new and len(columns):
        kind = "categorical" if perturbation == "swap" else "numeric"
        raise ValueError(
            f"perturbation={perturbation!r} changes {kind} columns only, and X has none "
            f"(categorical columns: {np.flatnonzero(mask).tolist()}); set "
            "categorical_features or choose another perturbation."
        )
    return new


def _perturb_frame(X, perturbation, scale, categorical_features, fill, rng):
    pd = import_optional("pandas", "perturb with a DataFrame")
    names = list(X.columns)
    mask = _categorical_mask(X, categorical_features, names)
    columns = [
        X.iloc[:, j].to_numpy(dtype=object, copy=True)
        if mask[j]
        else X.iloc[:, j].to_numpy(dtype=float, na_value=np.nan, copy=True)
        for j in range(X.shape[1])
    ]
    new_columns = _perturb_columns(columns, mask, perturbation, scale, rng, fill)
    out = X.copy(deep=True)
    for j, values in new_columns.items():
        dtype = X.dtypes.iloc[j]
        series = pd.Series(values, index=X.index, name=names[j])
        if mask[j]:
            try:
                series = series.astype(dtype)
            except (TypeError, ValueError):  # e.g. NaN in a bool column
                pass
        out.isetitem(j, series)
    return out


# ------------------------------------------------------------------ scorer


class _RobustnessScorer(_MooScorer):
    """Score under perturbation; see :func:`make_robustness_scorer`."""

    def __init__(self, inner, *, params, natural_name, sign, repr_string):
        requests = (
            dict(inner._get_metadata_request().score.requests)
            if hasattr(inner, "_get_metadata_request")
            else {"sample_weight": None}
        )
        accept = (
            inner._accept_sample_weight()
            if hasattr(inner, "_accept_sample_weight")
            else True
        )
        super().__init__(
            getattr(inner, "_score_func", inner),
            sign,
            response_method=getattr(inner, "_response_method", "predict"),
            natural_name=natural_name,
            unit="",
            default_requests=requests,
            accept_sample_weight=accept,
            repr_string=repr_string,
        )
        self._inner = inner
        self._params = params

    def _score(self, method_caller, estimator, X, y_true, **kwargs):
        # NOTE: predictions on perturbed X must never come from the multimetric
        # cache (keyed by method name only), so the inner scorer is *called*:
        # scikit-learn's __call__ uses a fresh, uncached method caller.
        p = self._params
        rng = check_random_state(p["random_state"])
        scores = np.array(
            [
                self._inner(
                    estimator,
                    perturb(
                        X,
                        perturbation=p["perturbation"],
                        scale=p["scale"],
                        categorical_features=p["categorical_features"],
                        dropout_fill=p["dropout_fill"],
                        random_state=rng,
                    ),
                    y_true,
                    **kwargs,
                )
                for _ in range(p["n_repeats"])
            ],
            dtype=float,
        )
        if p["relative_to_clean"]:
            # Differences first: a model that perturbation does not change
            # scores exactly 0, not the round-off of a mean minus its value.
            scores = scores - self._inner(estimator, X, y_true, **kwargs)
        return float(scores.mean() if p["aggregate"] == "mean" else scores.min())


def make_robustness_scorer(
    scoring="accuracy",
    *,
    perturbation="gaussian",
    scale=0.1,
    n_repeats=5,
    aggregate="mean",
    relative_to_clean=False,
    categorical_features=None,
    dropout_fill="median",
    random_state=0,
):
    """Make a scorer of a metric under perturbation of the test data.

    Parameters
    ----------
    scoring : str or callable, default="accuracy"
        A scikit-learn scorer name or scorer ``scorer(estimator, X, y)``.
    perturbation : {"gaussian", "dropout", "swap"}, default="gaussian"
        How the test fold is perturbed; see :func:`perturb`.
    scale : float, default=0.1
        Noise level in standard deviations (gaussian) or the probability of
        perturbing each value (dropout, swap).
    n_repeats : int, default=5
        Number of independent perturbations of the test fold.
    aggregate : {"mean", "worst"}, default="mean"
        Average over the repeats, or take the worst (smallest) score.
    relative_to_clean : bool, default=False
        If True, return the perturbed score minus the clean score, i.e. the
        *negative drop*; the natural value is the drop (lower is better).
    categorical_features : array-like of int, str or bool, default=None
        Categorical columns; see :func:`perturb`.
    dropout_fill : {"median", "nan"}, default="median"
        What dropout writes; see :func:`perturb`.
    random_state : int, RandomState instance or None, default=0
        Seed. With an int, every call perturbs the same way (same data gives
        the same score), so all candidates of a search see the same noise.

    Returns
    -------
    scorer : callable
        A scikit-learn scorer with attributes ``greater_is_better``, ``unit``
        (``""``), ``natural_name`` and method ``to_natural(score)``.

    Raises
    ------
    ValueError
        For an unknown perturbation or aggregate, a negative scale, a
        probability above 1, or ``n_repeats < 1``.

    See Also
    --------
    perturb : The perturbations.

    Notes
    -----
    Sign convention: without ``relative_to_clean`` the score is the base
    scorer's score (e.g. accuracy, greater is better); with it, the score is
    ``perturbed - clean`` (<= 0 when the noise hurts), and
    ``to_natural`` returns the drop ``clean - perturbed``. The caller's
    data are never modified. Costs ``n_repeats`` (+1 if relative) predictions
    of the test fold; predictions of perturbed data bypass scikit-learn's
    multimetric prediction cache. ``sample_weight`` and other metadata are
    passed to the base scorer as it requests them.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_moo.metrics import make_robustness_scorer
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = LogisticRegression(max_iter=1000).fit(X, y)
    >>> scorer = make_robustness_scorer("accuracy", scale=0.5, relative_to_clean=True)
    >>> scorer
    make_robustness_scorer('accuracy', perturbation='gaussian', scale=0.5, n_repeats=5, \
aggregate='mean', relative_to_clean=True, random_state=0)
    >>> drop = scorer.to_natural(scorer(clf, X, y))
    >>> 0 < drop < 0.5, scorer.greater_is_better
    (True, False)
    """
    _check_perturbation_params(perturbation, scale, dropout_fill)
    if aggregate not in _AGGREGATES:
        raise ValueError(f"aggregate must be one of {_AGGREGATES}, got {aggregate!r}.")
    if not isinstance(n_repeats, numbers.Integral) or n_repeats < 1:
        raise ValueError(f"n_repeats must be an int >= 1, got {n_repeats!r}.")
    inner = check_scoring(None, scoring=scoring)
    inner_sign = getattr(inner, "_sign", 1)
    base_name = (
        scoring if isinstance(scoring, str) else getattr(inner, "natural_name", "score")
    )
    how = f"{perturbation} (scale={scale:g}, {aggregate} of {n_repeats})"
    if relative_to_clean:
        sign, natural_name = -1, f"{base_name} drop under {how}"
    else:
        sign, natural_name = inner_sign, f"{base_name} under {how}"
    args = {
        "perturbation": perturbation,
        "scale": scale,
        "n_repeats": n_repeats,
        "aggregate": aggregate,
        "relative_to_clean": relative_to_clean,
    }
    if categorical_features is not None:
        args["categorical_features"] = categorical_features
    if dropout_fill != "median":
        args["dropout_fill"] = dropout_fill
    args["random_state"] = random_state
    repr_string = _format_repr("make_robustness_scorer", args, positional=(scoring,))
    params = dict(
        args, categorical_features=categorical_features, dropout_fill=dropout_fill
    )
    return _RobustnessScorer(
        inner,
        params=params,
        natural_name=natural_name,
        sign=sign,
        repr_string=repr_string,
    )
