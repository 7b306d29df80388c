"""Perturbations and robustness scorers: determinism, immutability, ranking."""

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state

from sklearn_moo.datasets import load_adult
from sklearn_moo.metrics import make_robustness_scorer, perturb

PERTURBATIONS = ["gaussian", "dropout", "swap"]


@pytest.fixture
def frame():
    rng = np.random.default_rng(0)
    n = 200
    return pd.DataFrame(
        {
            "age": rng.integers(18, 80, size=n),
            "income": rng.normal(50.0, 10.0, size=n),
            "city": pd.Series(rng.choice(["a", "b", "c"], size=n), dtype="str"),
            "tier": pd.Categorical(
                rng.choice(["lo", "mid", "hi"], size=n),
                categories=["lo", "mid", "hi", "unused"],
            ),
            "flag": rng.random(n) < 0.3,
        }
    )


@pytest.fixture
def mixed_array():
    rng = np.random.default_rng(1)
    n = 100
    X = np.empty((n, 3), dtype=object)
    X[:, 0] = rng.normal(size=n)
    X[:, 1] = rng.choice(["x", "y", "z"], size=n)
    X[:, 2] = rng.integers(0, 10, size=n)
    X[::17, 1] = None
    X[::13, 0] = np.nan
    return X


def _read_only(X):
    X = np.array(X)
    X.setflags(write=False)
    return X


@pytest.mark.parametrize("perturbation", PERTURBATIONS)
def test_perturb_never_mutates_numpy_input(perturbation, mixed_array):
    numeric = _read_only(np.random.default_rng(0).normal(size=(50, 4)))
    snapshot = numeric.copy()
    categorical = [0] if perturbation == "swap" else None
    out = perturb(
        numeric,
        perturbation=perturbation,
        scale=0.5,
        categorical_features=categorical,
        random_state=0,
    )
    np.testing.assert_array_equal(numeric, snapshot)
    assert out.shape == numeric.shape and out.flags.writeable
    mixed = _read_only(mixed_array)
    snapshot = mixed.copy()
    out = perturb(mixed, perturbation=perturbation, scale=0.5, random_state=0)
    assert out.dtype == object and out.shape == mixed.shape
    np.testing.assert_array_equal(mixed.astype(str), snapshot.astype(str))


@pytest.mark.parametrize("perturbation", PERTURBATIONS)
def test_perturb_never_mutates_dataframe_and_keeps_dtypes(perturbation, frame):
    snapshot = frame.copy(deep=True)
    out = perturb(frame, perturbation=perturbation, scale=0.5, random_state=0)
    pd.testing.assert_frame_equal(frame, snapshot)
    assert list(out.columns) == list(frame.columns)
    assert out.index.equals(frame.index)
    for name in ["city", "tier"]:
        assert out[name].dtype == frame[name].dtype
    assert set(out["tier"].dropna()) <= {"lo", "mid", "hi"}


def test_perturb_gaussian_changes_numeric_columns_only(frame):
    out = perturb(frame, perturbation="gaussian", scale=0.5, random_state=0)
    for name in ["city", "tier", "flag"]:
        pd.testing.assert_series_equal(out[name], frame[name])
    assert (out["income"] != frame["income"]).all()
    noise = out["income"] - frame["income"]
    # Noise std is scale * column std (loose bound for 200 draws).
    assert noise.std() == pytest.approx(0.5 * frame["income"].std(ddof=0), rel=0.15)
    unchanged = perturb(frame, perturbation="gaussian", scale=0.0, random_state=0)
    np.testing.assert_array_equal(unchanged["income"], frame["income"])


def test_perturb_swap_always_changes_category_within_column(frame):
    out = perturb(frame, perturbation="swap", scale=1.0, random_state=0)
    assert (out["city"] != frame["city"]).all()
    assert (out["tier"].astype(str) != frame["tier"].astype(str)).all()
    assert set(out["city"]) <= set(frame["city"])
    pd.testing.assert_series_equal(out["income"], frame["income"])
    partial = perturb(frame, perturbation="swap", scale=0.2, random_state=0)
    fraction = (partial["city"] != frame["city"]).mean()
    assert 0.1 < fraction < 0.3


def test_perturb_dropout_fills_median_mode_or_nan(frame):
    out = perturb(frame, perturbation="dropout", scale=1.0, random_state=0)
    assert (out["income"] == frame["income"].median()).all()
    assert (out["city"] == frame["city"].mode()[0]).all()
    nan = perturb(
        frame, perturbation="dropout", scale=1.0, dropout_fill="nan", random_state=0
    )
    assert nan["income"].isna().all() and nan["city"].isna().all()


def test_perturb_is_reproducible_for_a_random_state(frame, mixed_array):
    for X in (frame, mixed_array):
        for perturbation in PERTURBATIONS:
            a = perturb(X, perturbation=perturbation, scale=0.3, random_state=42)
            b = perturb(X, perturbation=perturbation, scale=0.3, random_state=42)
            c = perturb(X, perturbation=perturbation, scale=0.3, random_state=43)
            a, b, c = (np.asarray(v, dtype=object).astype(str) for v in (a, b, c))
            np.testing.assert_array_equal(a, b)
            assert (a != c).any()


def test_perturb_categorical_features_by_name_index_and_mask(frame):
    numeric = frame[["age", "income"]]
    by_name = perturb(
        numeric,
        perturbation="swap",
        scale=1.0,
        categorical_features=["age"],
        random_state=0,
    )
    by_mask = perturb(
        numeric,
        perturbation="swap",
        scale=1.0,
        categorical_features=[True, False],
        random_state=0,
    )
    pd.testing.assert_frame_equal(by_name, by_mask)
    assert (by_name["age"] != numeric["age"]).all()
    array = numeric.to_numpy(dtype=float)
    by_index = perturb(
        array, perturbation="swap", scale=1.0, categorical_features=[0], random_state=0
    )
    assert (by_index[:, 0] != array[:, 0]).all()
    np.testing.assert_array_equal(by_index[:, 1], array[:, 1])


def test_robustness_scorer_matches_hand_computation_and_is_deterministic(frame):
    X = frame[["age", "income"]].to_numpy(dtype=float)
    y = (frame["income"] > 50).to_numpy().astype(int)
    clf = LogisticRegression().fit(X, y)
    scorer = make_robustness_scorer(
        "accuracy", scale=0.5, n_repeats=4, relative_to_clean=True, random_state=3
    )
    rng = check_random_state(3)
    perturbed = [
        accuracy_score(y, clf.predict(perturb(X, scale=0.5, random_state=rng)))
        for _ in range(4)
    ]
    expected = np.mean(perturbed) - accuracy_score(y, clf.predict(X))
    assert scorer(clf, X, y) == pytest.approx(expected, abs=1e-12)
    assert scorer(clf, X, y) == scorer(clf, X, y)
    worst = make_robustness_scorer(
        "accuracy", scale=0.5, n_repeats=4, aggregate="worst", random_state=3
    )
    assert worst(clf, X, y) == pytest.approx(min(perturbed), abs=1e-12)


def test_robustness_scorer_of_an_unaffected_model_is_exactly_zero():
    # accuracy 3/199: the mean of three equal values differs from it by 1.7e-18
    X = np.arange(199, dtype=float).reshape(-1, 1)
    y = np.r_[np.ones(3, dtype=int), np.zeros(196, dtype=int)]
    constant = DummyClassifier(strategy="constant", constant=1).fit(X, y)
    scorer = make_robustness_scorer(
        "accuracy", scale=0.5, n_repeats=3, relative_to_clean=True, random_state=0
    )
    assert scorer(constant, X, y) == 0.0


def test_robustness_scorer_ranks_regularised_model_more_robust_on_adult():
    adult = load_adult(n_samples=3000, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(
        adult.data, adult.target, test_size=0.3, random_state=0, stratify=adult.target
    )
    numeric = make_column_selector(dtype_include="number")
    categorical = make_column_selector(dtype_exclude="number")
    regularised = make_pipeline(
        make_column_transformer(
            (StandardScaler(), numeric),
            (
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"),
                    OneHotEncoder(handle_unknown="ignore"),
                ),
                categorical,
            ),
        ),
        LogisticRegression(C=1e-3),
    )
    overfitted = make_pipeline(
        make_column_transformer(
            ("passthrough", numeric),
            (
                OrdinalEncoder(
                    handle_unknown="use_encoded_value",
                    unknown_value=-1,
                    encoded_missing_value=-2,
                ),
                categorical,
            ),
        ),
        DecisionTreeClassifier(random_state=0),
    )
    scorer = make_robustness_scorer(
        "accuracy",
        perturbation="gaussian",
        scale=0.3,
        relative_to_clean=True,
        random_state=0,
    )
    snapshot = X_test.copy(deep=True)
    drops = {}
    for name, model in [("regularised", regularised), ("overfitted", overfitted)]:
        model.fit(X_train, y_train)
        drops[name] = scorer.to_natural(scorer(model, X_test, y_test))
    pd.testing.assert_frame_equal(X_test, snapshot)
    assert drops["regularised"] < 0.005
    assert drops["overfitted"] > drops["regularised"] + 0.01


def test_robustness_errors(frame):
    with pytest.raises(
        ValueError, match="scale must be a finite non-negative number, got scale=-0.1"
    ):
        make_robustness_scorer(scale=-0.1)
    with pytest.raises(ValueError, match="scale must be a finite non-negative number"):
        perturb(frame, scale=-1)
    with pytest.raises(ValueError, match=r"must be in \[0, 1\], got 1.5"):
        perturb(frame, perturbation="swap", scale=1.5)
    with pytest.raises(ValueError, match="perturbation must be one of"):
        make_robustness_scorer(perturbation="blur")
    with pytest.raises(ValueError, match="aggregate must be one of"):
        make_robustness_scorer(aggregate="median")
    with pytest.raises(ValueError, match="n_repeats must be an int >= 1"):
        make_robustness_scorer(n_repeats=0)
    with pytest.raises(ValueError, match="dropout_fill must be one of"):
        perturb(frame, perturbation="dropout", dropout_fill="zero")
    with pytest.raises(ValueError, match="'swap' changes categorical columns only"):
        perturb(np.zeros((3, 2)), perturbation="swap")
    with pytest.raises(ValueError, match="'gaussian' changes numeric columns only"):
        perturb(frame[["city"]], perturbation="gaussian")
    with pytest.raises(
        ValueError, match="categorical_features: 'nope' is not a column"
    ):
        perturb(frame, categorical_features=["nope"])
    with pytest.raises(ValueError, match="X must be 2D"):
        perturb(np.zeros(3))


@pytest.mark.parametrize("perturbation", PERTURBATIONS)
def test_perturb_nullable_dtypes_with_pandas_na(perturbation):
    X = pd.DataFrame(
        {
            "s": pd.array(["a", None, "b", "a", "c"] * 4, dtype="string"),
            "n": pd.array([1, None, 3, 4, 5] * 4, dtype="Int64"),
            "f": np.arange(20.0),
        }
    )
    snapshot = X.copy(deep=True)
    out = perturb(X, perturbation=perturbation, scale=0.5, random_state=0)
    pd.testing.assert_frame_equal(X, snapshot)
    assert out["s"].dtype == X["s"].dtype
    assert out["s"].isna().sum() >= (1 if perturbation == "dropout" else 4)
    assert out["n"].isna().sum() >= 4  # missing values stay missing
