"""
See the trade-off and defend the choice
=======================================

A gradient-boosting model on the bundled UCI Adult data is tuned for accuracy,
demographic parity difference between women and men, and model size. After the
search we draw every display of :mod:`sklearn_moo.plotting`, print the results
table and the refit explanation, and ask which hyper-parameters drive which
objective.

Run ``python examples/plot_tradeoffs.py`` (``SKLEARN_MOO_EXAMPLE_BUDGET``
sets the number of candidates, 24 by default).
"""

# %%
# The search
# ----------
# Three objectives, one constraint (a model of at most 300 kB), and the most
# accurate model whose demographic parity difference is at most 0.10.
import os

import matplotlib.pyplot as plt
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OrdinalEncoder

from sklearn_moo import EpsilonConstraint, MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.engine import Integer, Real
from sklearn_moo.inspection import objective_importance
from sklearn_moo.metrics import make_fairness_scorer, make_model_size_scorer
from sklearn_moo.plotting import (
    HypervolumeHistoryDisplay,
    ObjectiveImportanceDisplay,
    ParallelCoordinatesDisplay,
    ParetoFrontDisplay,
)

BUDGET = int(os.environ.get("SKLEARN_MOO_EXAMPLE_BUDGET", "24"))
NUMERIC = [
    "age",
    "education-num",
    "capital-gain",
    "capital-loss",
    "hours-per-week",
]
CATEGORICAL = [
    "workclass",
    "marital-status",
    "occupation",
    "relationship",
    "race",
    "sex",
]

adult = load_adult(n_samples=3000, random_state=0)
X, y = adult.data[NUMERIC + CATEGORICAL], adult.target
prep = make_column_transformer(
    ("passthrough", NUMERIC),
    (
        OrdinalEncoder(
            handle_unknown="use_encoded_value",
            unknown_value=-1,
            encoded_missing_value=-1,
        ),
        CATEGORICAL,
    ),
)
model = make_pipeline(
    prep,
    HistGradientBoostingClassifier(
        categorical_features=list(range(len(NUMERIC), len(NUMERIC) + len(CATEGORICAL))),
        random_state=0,
    ),
)
search = MultiObjectiveSearchCV(
    model,
    {
        "histgradientboostingclassifier__learning_rate": Real(
            0.01, 0.5, prior="log-uniform"
        ),
        "histgradientboostingclassifier__max_iter": Integer(10, 200),
        "histgradientboostingclassifier__max_leaf_nodes": Integer(4, 64),
    },
    scoring={
        "accuracy": "accuracy",
        "dp": make_fairness_scorer(
            "demographic_parity_difference", sensitive_feature="sex"
        ),
        "size": make_model_size_scorer(),
    },
    constraints="size <= 300 kB",
    refit=EpsilonConstraint("accuracy", "dp <= 0.10"),
    n_iter=BUDGET,
    n_points=2,
    n_jobs=2,
    cv=3,
    random_state=0,
)
search.fit(X, y)

# %%
# The table and the choice, explained
# -----------------------------------
# ``pareto_report`` prints the front (``*`` marks the refitted model);
# ``refit_explanation_`` says what its neighbours on the front would trade.
print(search.pareto_report())
print()
print(search.refit_explanation_["text"])

# %%
# The front
# ---------
# Three objectives give a grid of pairwise projections: the front in blue,
# dominated candidates in grey, the refitted model as a star, the size
# constraint's infeasible side shaded.
ParetoFrontDisplay.from_search(search, error_bars=True)
plt.show()

# %%
# Parallel coordinates and the hypervolume history
# ------------------------------------------------
ParallelCoordinatesDisplay.from_search(search, include_parameters=True)
HypervolumeHistoryDisplay.from_search(search)
plt.show()

# %%
# Which hyper-parameters drive which objective
# --------------------------------------------
importance = objective_importance(search)
for name, row in zip(importance.parameters, importance.importances_mean):
    print(
        f"{name.rsplit('__', 1)[-1]:>16}: "
        + "  ".join(f"{o} {v:6.3f}" for o, v in zip(importance.objectives, row))
    )
ObjectiveImportanceDisplay(importance).plot()
plt.show()
