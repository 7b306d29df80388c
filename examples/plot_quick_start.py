"""
Quick start: a drop-in replacement for GridSearchCV
===================================================

If you can write a :class:`~sklearn.model_selection.GridSearchCV`, you can
write a :class:`~sklearn_moo.MultiObjectiveSearchCV`: the code below is a
plain scikit-learn grid search over a logistic regression on the bundled UCI
Adult census data, with two scorers, and then the same code with one class
name changed. The second search evaluates exactly the same candidates and
gives the same ``best_params_``; it also tells which candidates are
*Pareto-optimal*, that is, not beaten on accuracy and on fairness at once by
any other candidate.
"""

# %%
# The data and the model
# ----------------------
# ``load_adult`` ships with sklearn-moo, so this runs offline. Fairness is
# measured as the demographic parity difference between women and men: the
# gap between the two groups' rates of positive predictions (0 is parity).
import os

from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.metrics import make_fairness_scorer

SMALL = "SKLEARN_MOO_EXAMPLE_BUDGET" in os.environ  # set by the test suite
adult = load_adult(n_samples=1500 if SMALL else 5000, random_state=0)
X, y = adult.data, adult.target
model = make_pipeline(
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
    LogisticRegression(max_iter=1000),
)
param_grid = {
    "logisticregression__C": [0.001, 0.003, 0.01, 0.03, 0.1, 1.0],
    "logisticregression__class_weight": [None, "balanced"],
}
scoring = {
    "accuracy": "accuracy",
    "dp": make_fairness_scorer(
        "demographic_parity_difference", sensitive_feature="sex"
    ),
}

# %%
# The scikit-learn search
# -----------------------
grid = GridSearchCV(model, param_grid, scoring=scoring, refit="accuracy", cv=3)
grid.fit(X, y)
print("GridSearchCV best_params_:", grid.best_params_)

# %%
# The same search, one name changed
# ---------------------------------
search = MultiObjectiveSearchCV(
    model, param_grid, scoring=scoring, refit="accuracy", cv=3
)
search.fit(X, y)
print("MultiObjectiveSearchCV best_params_:", search.best_params_)
assert search.best_params_ == grid.best_params_
assert list(search.cv_results_["params"]) == list(grid.cv_results_["params"])

# %%
# What the second search adds
# ---------------------------
# ``cv_results_`` has every key ``GridSearchCV`` writes, plus
# ``pareto_rank``, ``is_pareto_optimal`` and a few more. ``pareto_report``
# prints the Pareto set in natural units: the demographic parity difference
# is shown as itself (lower is better), although ``cv_results_`` stores it
# negated, greater is better, like every scikit-learn score. The ``*`` marks
# the refitted model.
print(search.pareto_report())

# %%
# The trade-off, drawn
# --------------------
# Every candidate is a dot; the Pareto-optimal ones are joined. Moving along
# the front buys accuracy with unfairness: this is the choice the search
# leaves to you, and that a refit policy such as
# :class:`~sklearn_moo.EpsilonConstraint` states in one line.
import matplotlib.pyplot as plt

from sklearn_moo.plotting import ParetoFrontDisplay

ParetoFrontDisplay.from_search(search)
plt.show()
