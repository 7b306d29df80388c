"""Loader for the bundled UCI Adult dataset (CC BY 4.0)."""

import csv
import gzip
from importlib import resources

import numpy as np
from sklearn.utils import Bunch, check_random_state

from ..utils._optional import import_optional

_NUMERIC = [
    "age",
    "fnlwgt",
    "education-num",
    "capital-gain",
    "capital-loss",
    "hours-per-week",
]
_SENSITIVE = ["sex", "race"]
_SUBSETS = ("all", "train", "test")


def _data_path():
    return resources.files(__package__).joinpath("data", "adult.csv.gz")


def _description():
    return resources.files(__package__).joinpath("descr", "adult.rst").read_text()


def _read_columns():
    with (
        resources.as_file(_data_path()) as path,
        gzip.open(path, "rt", newline="") as f,
    ):
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = {name: [row[i] for row in body] for i, name in enumerate(header)}
    for name in _NUMERIC:
        columns[name] = np.asarray(columns[name], dtype=np.int64)
    for name in columns.keys() - set(_NUMERIC):
        columns[name] = np.array(
            [v if v != "" else None for v in columns[name]], dtype=object
        )
    return header, columns


def load_adult(
    *, as_frame=True, return_X_y=False, subset="all", n_samples=None, random_state=None
):
    """Load the UCI Adult (census income) dataset bundled with sklearn-moo.

    Binary classification of ``income > 50K`` with the protected attributes
    ``sex`` and ``race``; it works offline (the file ships with the package).

    Parameters
    ----------
    as_frame : bool, default=True
        Return pandas objects (requires pandas); numeric columns are integers,
        the others strings with missing values as ``NaN``. If False, ``data``
        is an object ndarray with ``None`` for missing values.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    subset : {"all", "train", "test"}, default="all"
        Rows of UCI's ``adult.data`` ("train"), ``adult.test`` ("test"), or both.
    n_samples : int, default=None
        If given, a random subsample of this many rows, stratified on the
        target, in their original order (handy for quick examples).
    random_state : int, RandomState instance or None, default=None
        Seed for ``n_samples``.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (14 features: everything but ``income`` and ``split``),
        ``target`` (1 if income > 50K), ``sensitive_features`` (``sex`` and
        ``race``), ``frame`` (features and target, if ``as_frame``),
        ``feature_names``, ``target_names``, ``split`` and ``DESCR`` (source,
        citation and CC BY 4.0 licence).
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from sklearn_moo.datasets import load_adult
    >>> adult = load_adult()
    >>> adult.data.shape
    (48842, 14)
    >>> round(float(adult.target.mean()), 3)
    0.239
    """
    if subset not in _SUBSETS:
        raise ValueError(f"subset must be one of {_SUBSETS}, got {subset!r}.")
    header, columns = _read_columns()
    keep = np.ones(len(columns["age"]), dtype=bool)
    if subset != "all":
        keep = columns["split"] == subset
    rows = np.flatnonzero(keep)
    target_all = (columns["income"] == ">50K").astype(np.int64)
    if n_samples is not None:
        rows = _stratified_subsample(rows, target_all[rows], n_samples, random_state)
    features = [h for h in header if h not in ("income", "split")]
    target = target_all[rows]
    split = columns["split"][rows].astype(str)
    if as_frame:
        pd = import_optional("pandas", "load_adult(as_frame=True)")
        # Strings load as pandas' default string dtype, missing values as NaN.
        data = pd.DataFrame(
            {
                name: columns[name][rows]
                if name in _NUMERIC
                else pd.Series(columns[name][rows])
                .astype("str")
                .where(pd.notna(columns[name][rows]))
                for name in features
            }
        )
        target = pd.Series(target, name="income_gt_50k")
        sensitive = data[_SENSITIVE].copy()
        frame = pd.concat([data, target], axis=1)
    else:
        data = np.column_stack(
            [columns[name][rows].astype(object) for name in features]
        )
        sensitive = np.column_stack([columns[name][rows] for name in _SENSITIVE])
        frame = None
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        sensitive_features=sensitive,
        frame=frame,
        feature_names=features,
        target_names=np.array(["<=50K", ">50K"]),
        split=split,
        DESCR=_description(),
    )


def _stratified_subsample(rows, target, n_samples, random_state):
    from sklearn.model_selection import train_test_split

    if not 1 <= n_samples <= len(rows):
        raise ValueError(f"n_samples must be in [1, {len(rows)}], got {n_samples!r}.")
    if n_samples == len(rows):
        return rows
    picked, _ = train_test_split(
        rows,
        train_size=n_samples,
        stratify=target,
        random_state=check_random_state(random_state),
    )
    return np.sort(picked)
