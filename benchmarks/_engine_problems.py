"""Test problems of ``bench_engine.py``: synthetic fronts and two Adult tuning tasks.

Every problem is minimised. A dimension is ``("real", low, high)``, ``("int", low, high)``
or ``("cat", [choices])``; ``evaluate(x)`` takes a point (a list in the order of the
dimensions) and returns ``(objectives, constraints)`` with constraints feasible iff ``<= 0``
(None when the problem has none). ``ideal``/``nadir`` fix the normalisation of the
hypervolume: objectives are scaled to ``(f - ideal) / (nadir - ideal)`` and the reference
point is ``REFERENCE`` in every scaled objective.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

REFERENCE = 1.1


@dataclass
class Problem:
    name: str
    dimensions: list
    n_objectives: int
    evaluate: Callable
    ideal: list
    nadir: list
    n_constraints: int = 0
    note: str = ""
    extra: dict = field(default_factory=dict)

    def scale(self, values: np.ndarray) -> np.ndarray:
        ideal, nadir = np.asarray(self.ideal, float), np.asarray(self.nadir, float)
        return (np.asarray(values, float) - ideal) / (nadir - ideal)


def _zdt_g(x):
    return 1.0 + 9.0 * float(np.mean(x[1:]))


def zdt1(x):
    x = np.asarray(x, float)
    g = _zdt_g(x)
    return [x[0], g * (1.0 - math.sqrt(x[0] / g))], None


def zdt2(x):
    x = np.asarray(x, float)
    g = _zdt_g(x)
    return [x[0], g * (1.0 - (x[0] / g) ** 2)], None


def zdt3(x):
    x = np.asarray(x, float)
    g = _zdt_g(x)
    h = 1.0 - math.sqrt(x[0] / g) - (x[0] / g) * math.sin(10.0 * math.pi * x[0])
    return [x[0], g * h], None


def dtlz2(x, m=3):
    x = np.asarray(x, float)
    g = float(np.sum((x[m - 1 :] - 0.5) ** 2))
    angles = x[: m - 1] * math.pi / 2.0
    f = []
    for i in range(m):
        value = 1.0 + g
        value *= np.prod(np.cos(angles[: m - 1 - i]))
        if i > 0:
            value *= math.sin(angles[m - 1 - i])
        f.append(float(value))
    return f, None


def srn(x):
    """Srinivas & Deb (1994): two objectives, two nonlinear constraints (g <= 0)."""
    x1, x2 = float(x[0]), float(x[1])
    f1 = 2.0 + (x1 - 2.0) ** 2 + (x2 - 1.0) ** 2
    f2 = 9.0 * x1 - (x2 - 1.0) ** 2
    g1 = (x1**2 + x2**2 - 225.0) / 225.0
    g2 = (x1 - 3.0 * x2 + 10.0) / 10.0
    return [f1, f2], [g1, g2]


def c2_dtlz2(x, radius=0.4):
    """C2-DTLZ2 (Jain & Deb, 2014), 3 objectives: DTLZ2 feasible only where the front is
    within ``radius`` of one of its three corners or of its centre (one constraint, <= 0)."""
    f, _ = dtlz2(x, m=3)
    f = np.asarray(f)
    corners = min(
        float((f[i] - 1.0) ** 2 + np.sum(np.delete(f, i) ** 2)) for i in range(3)
    )
    centre = float(np.sum((f - 1.0 / math.sqrt(3.0)) ** 2))
    return [float(v) for v in f], [min(corners, centre) - radius**2]


_SHIFT = {"a": 0.0, "b": 0.3, "c": 1.0}


def mixed(x):
    """ZDT1-like front over 2 reals, 2 integers and a 3-way categorical that shifts g.

    ``g = 1 + 4 (r2 - 0.3)^2 + ((n1 - 3)^2 + (n2 - 7)^2) / 25 + shift[c]`` (1 only at
    r2 = 0.3, n1 = 3, n2 = 7, c = "a"); ``f1 = r1``, ``f2 = g (1 - sqrt(f1 / g))``.
    """
    r1, r2, n1, n2, c = float(x[0]), float(x[1]), int(x[2]), int(x[3]), x[4]
    g = 1.0 + 4.0 * (r2 - 0.3) ** 2 + ((n1 - 3) ** 2 + (n2 - 7) ** 2) / 25.0 + _SHIFT[c]
    return [r1, g * (1.0 - math.sqrt(r1 / g))], None


def _reals(n):
    return [("real", 0.0, 1.0)] * n


SYNTHETIC = {
    "zdt1": Problem("zdt1", _reals(6), 2, zdt1, [0, 0], [1, 1]),
    "zdt2": Problem("zdt2", _reals(6), 2, zdt2, [0, 0], [1, 1]),
    "zdt3": Problem("zdt3", _reals(6), 2, zdt3, [0, -0.7733], [0.8518, 1]),
    "dtlz2": Problem("dtlz2", _reals(6), 3, dtlz2, [0, 0, 0], [1, 1, 1]),
    # m + k - 1 variables with k = 4 distance variables, as the 3-objective one.
    "dtlz2-4": Problem(
        "dtlz2-4", _reals(7), 4, lambda x: dtlz2(x, m=4), [0] * 4, [1] * 4
    ),
    # Ideal/nadir of SRN's true front (x1 = -2.5, x2 in [2.5, 14.79]; pymoo's pareto_front).
    "srn": Problem(
        "srn",
        [("real", -20.0, 20.0)] * 2,
        2,
        srn,
        [24.5, -212.6696],
        [212.4196, -24.75],
        n_constraints=2,
        note="constraints scaled: g1 = (x1^2+x2^2-225)/225, g2 = (x1-3x2+10)/10",
    ),
    # Constrained DTLZ2 (issue #24's aim): the feasible front is four disconnected patches.
    "c2-dtlz2": Problem(
        "c2-dtlz2",
        _reals(6),
        3,
        c2_dtlz2,
        [0, 0, 0],
        [1, 1, 1],
        n_constraints=1,
        note="C2-DTLZ2, r = 0.4",
    ),
    "mixed": Problem(
        "mixed",
        [
            ("real", 0.0, 1.0),
            ("real", 0.0, 1.0),
            ("int", 0, 10),
            ("int", 0, 10),
            ("cat", ["a", "b", "c"]),
        ],
        2,
        mixed,
        [0, 0],
        [1, 1],
        note="true front at r2=0.3, n1=3, n2=7, c='a'",
    ),
}


# ----------------------------------------------------------------------- Adult tasks
ADULT_ROWS = 10_000
ADULT_FOLDS = 3


def _cost_hgb(estimator):
    hgb = estimator[-1]
    return math.log10(hgb.max_iter * hgb.max_leaf_nodes)


def _cost_logreg(estimator):
    lr = estimator[-1]
    return math.log10(lr.coef_.size + lr.intercept_.size)


def adult_data():
    from sklearn_moo.datasets import load_adult

    bunch = load_adult(n_samples=ADULT_ROWS, random_state=0)
    return bunch.data, bunch.target


def _columns(X):
    categorical = list(X.select_dtypes(exclude="number").columns)
    numeric = [c for c in X.columns if c not in categorical]
    return categorical, numeric


def adult_estimator(task, X):
    """The pipeline of one Adult task (random_state fixed: the cost proxy is deterministic)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

    categorical, numeric = _columns(X)
    if task in ("adult-hgb", "adult-hgb4"):
        encode = ColumnTransformer(
            [
                (
                    "cat",
                    OrdinalEncoder(
                        handle_unknown="use_encoded_value", unknown_value=np.nan
                    ),
                    categorical,
                ),
                ("num", "passthrough", numeric),
            ]
        )
        model = HistGradientBoostingClassifier(
            categorical_features=list(range(len(categorical))),
            early_stopping=False,
            random_state=0,
        )
        return Pipeline([("encode", encode), ("model", model)])
    encode = ColumnTransformer(
        [
            ("cat", OneHotEncoder(handle_unknown="infrequent_if_exist"), categorical),
            ("num", StandardScaler(), numeric),
        ]
    )
    return Pipeline([("encode", encode), ("model", LogisticRegression(max_iter=300))])


ADULT_SPACES = {
    "adult-hgb": {
        "model__learning_rate": ("real", 0.01, 0.5, "log-uniform"),
        "model__max_iter": ("int", 10, 200),
        "model__max_leaf_nodes": ("int", 4, 64),
        "model__min_samples_leaf": ("int", 5, 200),
    },
    "adult-hgb4": {
        "model__learning_rate": ("real", 0.01, 0.5, "log-uniform"),
        "model__max_iter": ("int", 10, 200),
        "model__max_leaf_nodes": ("int", 4, 64),
        "model__min_samples_leaf": ("int", 5, 200),
    },
    "adult-logreg": {
        "model__C": ("real", 1e-3, 100.0, "log-uniform"),
        "encode__cat__max_categories": ("int", 2, 40),
        "model__class_weight": ("cat", [None, "balanced"]),
    },
}
# Objectives (minimised): 1 - accuracy, demographic parity difference (sex), log10(cost);
# adult-hgb4 adds 1 - accuracy on test folds under Gaussian input noise (third objective).
# cost: HGB max_iter * max_leaf_nodes; logistic regression: number of parameters.
ADULT_BOUNDS = {
    "adult-hgb": ([0.12, 0.0, math.log10(10 * 4)], [0.25, 0.4, math.log10(200 * 64)]),
    "adult-hgb4": (
        [0.12, 0.0, 0.12, math.log10(10 * 4)],
        [0.25, 0.4, 0.25, math.log10(200 * 64)],
    ),
    "adult-logreg": ([0.12, 0.0, 1.3], [0.25, 0.4, 2.1]),
}


# The robustness objective of adult-hgb4: accuracy on each test fold with Gaussian noise of
# 0.1 standard deviation on the numeric columns, 5 repeats averaged, a fixed seed (every
# candidate sees the same noise).
ROBUSTNESS = {
    "perturbation": "gaussian",
    "scale": 0.1,
    "n_repeats": 5,
    "random_state": 0,
}


def adult_scoring(task="adult-hgb"):
    from sklearn_moo.metrics import make_fairness_scorer, make_robustness_scorer

    def cost(estimator, X, y):
        # Negated so that greater is better, like every scorer.
        return -(
            _cost_hgb(estimator)
            if hasattr(estimator[-1], "max_leaf_nodes")
            else _cost_logreg(estimator)
        )

    scoring = {
        "accuracy": "accuracy",
        "dp": make_fairness_scorer(
            "demographic_parity_difference", sensitive_feature="sex"
        ),
    }
    if task == "adult-hgb4":
        scoring["robust"] = make_robustness_scorer("accuracy", **ROBUSTNESS)
    scoring["cost"] = cost
    return scoring


def adult_score_names(task):
    """Scorer keys of a task, in the order of its objectives."""
    return (
        ["accuracy", "dp", "robust", "cost"]
        if task == "adult-hgb4"
        else ["accuracy", "dp", "cost"]
    )


def adult_objectives(*scores):
    """Minimisation vector from greater-is-better scores (accuracy, dp, [robust], cost)."""
    if len(scores) == 4:
        accuracy, dp_score, robust, cost_score = scores
        return [1.0 - accuracy, -dp_score, 1.0 - robust, -cost_score]
    accuracy, dp_score, cost_score = scores
    return [1.0 - accuracy, -dp_score, -cost_score]


def adult_problem(task):
    low, high = ADULT_BOUNDS[task]
    dims = list(ADULT_SPACES[task].values())
    note = (
        "1-accuracy, DP difference (sex), 1-accuracy under noise, log10 cost"
        if task == "adult-hgb4"
        else "1-accuracy, DP difference (sex), log10 cost"
    )
    return Problem(
        task,
        dims,
        len(low),
        None,
        low,
        high,
        note=note,
        extra={"names": list(ADULT_SPACES[task])},
    )
