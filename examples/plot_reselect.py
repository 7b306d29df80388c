"""
Change your mind without searching again: ``reselect`` with your own chooser
============================================================================

The search is the expensive part; the choice among its candidates is cheap,
and often made after looking at the results. ``reselect`` refits the candidate
that another policy picks from ``cv_results_``, without evaluating anything
again: a built-in policy, a scorer name, or any function of ``cv_results_``
that returns an index. This example writes such a function, "the fairest
model among those within one point of the best accuracy", and compares its
choice with the built-in ones.
"""

# %%
# One search
# ----------
import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OrdinalEncoder

from sklearn_moo import MultiObjectiveSearchCV, WeightedSum
from sklearn_moo.datasets import load_adult
from sklearn_moo.engine import Integer, Real
from sklearn_moo.metrics import make_fairness_scorer
from sklearn_moo.plotting import ParetoFrontDisplay

BUDGET = int(
    os.environ.get("SKLEARN_MOO_EXAMPLE_BUDGET", "20")
)  # small in the test suite
adult = load_adult(n_samples=2500, random_state=0)
categorical = [
    "workclass",
    "marital-status",
    "occupation",
    "relationship",
    "race",
    "sex",
]
numeric = [
    "age",
    "education-num",
    "capital-gain",
    "capital-loss",
    "hours-per-week",
]
X, y = adult.data[numeric + categorical], adult.target
model = make_pipeline(
    make_column_transformer(
        ("passthrough", numeric),
        (
            OrdinalEncoder(
                handle_unknown="use_encoded_value",
                unknown_value=-1,
                encoded_missing_value=-1,
            ),
            categorical,
        ),
    ),
    HistGradientBoostingClassifier(
        categorical_features=list(range(5, 11)), random_state=0
    ),
)
search = MultiObjectiveSearchCV(
    model,
    {
        "histgradientboostingclassifier__learning_rate": Real(
            0.01, 0.5, prior="log-uniform"
        ),
        "histgradientboostingclassifier__max_iter": Integer(5, 150),
        "histgradientboostingclassifier__max_leaf_nodes": Integer(2, 32),
    },
    scoring={
        "accuracy": "accuracy",
        "dp": make_fairness_scorer(
            "demographic_parity_difference", sensitive_feature="sex"
        ),
    },
    n_iter=BUDGET,
    n_points=2,
    n_jobs=2,
    cv=3,
    random_state=0,
)
search.fit(X, y)
print(f"default policy {search.refit_policy_!r} chose candidate {search.best_index_}")

# %%
# A chooser of our own
# --------------------
# A chooser receives ``cv_results_`` and returns an index. Scores there are
# "greater is better": the fairness scorer's mean test score is the negated
# demographic parity difference, so the fairest model has the largest score.


def fairest_within_one_point(cv_results):
    """The fairest candidate whose accuracy is within 0.01 of the best."""
    accuracy = np.asarray(cv_results["mean_test_accuracy"])
    fairness = np.asarray(
        cv_results["mean_test_dp"]
    )  # -(demographic parity difference)
    close = np.flatnonzero(accuracy >= np.nanmax(accuracy) - 0.01)
    return int(close[np.argmax(fairness[close])])


choices = {"default (equal-weight sum)": search.best_index_}
for label, policy in (
    ("fairest within one point", fairest_within_one_point),
    ("most accurate", "accuracy"),
    ("weighted sum, fairness x3", WeightedSum({"accuracy": 1, "dp": 3})),
):
    search.reselect(policy, X, y)  # refits; nothing is evaluated again
    choices[label] = search.best_index_
results = search.cv_results_
for label, i in choices.items():
    print(
        f"{label:>28}: candidate {i:>2}, accuracy {results['mean_test_accuracy'][i]:.4f}, "
        f"demographic parity difference {abs(results['mean_test_dp'][i]):.4f}"
    )

# %%
# The choices on the front
# ------------------------
# The display marks the last refitted model; the others are annotated.
display = ParetoFrontDisplay.from_search(search)
for label, i in choices.items():
    display.ax_.annotate(
        label,
        (results["mean_test_accuracy"][i], -results["mean_test_dp"][i]),
        xytext=(-8, 8),
        textcoords="offset points",
        ha="right",
        fontsize="small",
    )
plt.show()
