"""
Running on a dask cluster
=========================

Every fit and scoring of a search goes through joblib, so a search runs on a
`dask <https://www.dask.org>`_ cluster the way any scikit-learn search does:
inside ``joblib.parallel_backend("dask")``, with a ``Client`` connected to the
cluster. The engine proposes ``n_points`` candidates per round; with ``cv=3``
that is ``3 * n_points`` fits in flight at once, so set ``n_points`` to keep
the cluster's workers busy.

This example starts a ``LocalCluster`` of two workers inside this process
(``processes=False``, so that the example runs anywhere, without a
``__main__`` guard); on a real cluster, connect with
``Client("tcp://scheduler:8786")`` instead and change nothing else. The
search's results are the same as without the cluster: the candidates are
proposed in the same order, from the same seed.
"""

# %%
# A cluster, and a search on it
# -----------------------------
import os
import time

import joblib
import matplotlib.pyplot as plt
import numpy as np
from dask.distributed import Client, LocalCluster
from sklearn.datasets import load_digits
from sklearn.svm import SVC

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.engine import Real
from sklearn_moo.metrics import make_model_size_scorer
from sklearn_moo.plotting import HypervolumeHistoryDisplay

BUDGET = int(
    os.environ.get("SKLEARN_MOO_EXAMPLE_BUDGET", "24")
)  # small in the test suite
X, y = load_digits(return_X_y=True)


def make_search():
    return MultiObjectiveSearchCV(
        SVC(),
        {
            "C": Real(0.01, 100.0, prior="log-uniform"),
            "gamma": Real(1e-5, 1e-1, prior="log-uniform"),
        },
        scoring={"accuracy": "accuracy", "size": make_model_size_scorer()},
        n_iter=BUDGET,
        n_points=4,
        cv=3,
        random_state=0,
    )


with (
    LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
    ) as cluster,
    Client(cluster) as client,
):
    print(f"cluster: {len(client.scheduler_info()['workers'])} workers")
    start = time.perf_counter()
    with joblib.parallel_backend("dask"):
        search = make_search().fit(X, y)
    print(f"on the cluster: {BUDGET} candidates in {time.perf_counter() - start:.1f} s")

# %%
# The same search without the cluster
# -----------------------------------
# Same seed, same proposals, same scores (the model size is exact; an SVC
# is deterministic).
local = make_search().fit(X, y)
same = local.cv_results_["params"] == search.cv_results_["params"] and np.allclose(
    local.cv_results_["mean_test_accuracy"],
    search.cv_results_["mean_test_accuracy"],
)
print(f"same candidates and scores as a local run: {same}")
print(search.pareto_report())

# %%
# The search's progress
# ---------------------
# The hypervolume of the front after each round of ``n_points=4``.
HypervolumeHistoryDisplay.from_search(search)
plt.show()
