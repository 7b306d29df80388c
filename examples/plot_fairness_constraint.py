"""
Accuracy against fairness with an ε-constraint
==============================================

A model that predicts the same class for everyone treats women and men
exactly alike: its demographic parity difference is 0, so it sits on the
accuracy-fairness Pareto front, and a policy that only looks at fairness may
pick it. This example tunes a logistic regression on the bundled UCI Adult
data, puts such a constant predictor among the candidates, excludes it with a
search constraint on accuracy, picks the most accurate model within a
fairness bound, and shows what happens when no candidate meets the bounds.
"""

# %%
# Candidates, the constant predictor among them
# ---------------------------------------------
# The grid swaps the pipeline's last step: logistic regressions of several
# strengths, and scikit-learn's :class:`~sklearn.dummy.DummyClassifier`,
# which always predicts the majority class ("income <= 50K").
import os
import warnings

import matplotlib.pyplot as plt
from sklearn.compose import make_column_transformer
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from sklearn_moo import EpsilonConstraint, MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.exceptions import NoFeasibleCandidateWarning
from sklearn_moo.metrics import make_fairness_scorer
from sklearn_moo.plotting import ParetoFrontDisplay

SMALL = "SKLEARN_MOO_EXAMPLE_BUDGET" in os.environ  # set by the test suite
adult = load_adult(n_samples=1500 if SMALL else 6000, random_state=0)
X, y = adult.data, adult.target
model = Pipeline(
    [
        (
            "prep",
            make_column_transformer(
                (
                    StandardScaler(),
                    ["age", "education-num", "capital-gain", "hours-per-week"],
                ),
                (
                    OneHotEncoder(handle_unknown="ignore"),
                    ["sex", "marital-status", "relationship", "occupation"],
                ),
            ),
        ),
        ("clf", LogisticRegression(max_iter=1000)),
    ]
)
param_grid = [
    {
        "clf": [LogisticRegression(max_iter=1000)],
        "clf__C": [0.0003, 0.001, 0.003, 0.01, 0.03, 0.3],
        "clf__class_weight": [None, "balanced"],
    },
    {"clf": [DummyClassifier(strategy="most_frequent")]},
]
scoring = {
    "accuracy": "accuracy",
    "dp": make_fairness_scorer(
        "demographic_parity_difference", sensitive_feature="sex"
    ),
}

# %%
# Without a constraint, the constant predictor is "optimal"
# ---------------------------------------------------------
# Nothing beats it on fairness, so it is on the front.
search = MultiObjectiveSearchCV(
    model,
    param_grid,
    scoring=scoring,
    refit=EpsilonConstraint("accuracy", "dp <= 0.05"),
    cv=3,
)
search.fit(X, y)
print(search.pareto_report())
constant = len(search.cv_results_["params"]) - 1  # the grid's last candidate
print(
    f"\nconstant predictor is Pareto-optimal: "
    f"{bool(search.cv_results_['is_pareto_optimal'][constant])}"
)

# %%
# A constraint excludes it
# ------------------------
# Majority-class accuracy on Adult is about 0.76. A search constraint
# "accuracy >= 0.78" makes the constant predictor (and the models that barely
# beat it) infeasible: they stay in ``cv_results_``, marked, but never join the
# front. The refit policy then picks the most accurate model whose demographic
# parity difference is at most 0.05.
search.set_params(constraints="accuracy >= 0.78").fit(X, y)
print(search.pareto_report())
print(
    f"\nconstant predictor is feasible: {bool(search.cv_results_['is_feasible'][constant])}"
)
ParetoFrontDisplay.from_search(search)
plt.show()

# %%
# When nothing is feasible
# ------------------------
# Ask for more than the candidates can give, accuracy of at least 0.78 *and*
# a difference of at most 0.01, and no candidate qualifies. The search does
# not fail: it warns, refits the candidate that comes closest (smallest total
# relative violation of all the bounds), and says what it breaks.
search.set_params(refit=EpsilonConstraint("accuracy", "dp <= 0.01"))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", NoFeasibleCandidateWarning)
    search.fit(X, y)
for w in caught:
    if issubclass(w.category, NoFeasibleCandidateWarning):
        print("warning:", w.message)
print(search.refit_explanation_["text"])
