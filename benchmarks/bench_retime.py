"""Do two back-to-back re-timings of the same finalists agree? (issue #16)

Runs a small search like the demo's (HistGradientBoosting on UCI Adult, with a
p95 latency-per-row scorer, ``n_jobs=2``), then calls
``retime_candidates`` twice in a row on the same Pareto candidates and prints,
per candidate, the search's timing, both re-timings and their relative
disagreement ``|first - second| / first``, and the median over candidates.
With ``--single-shot`` each re-timing is one timed call of the scorer per
candidate, without warm-up (what ``retime_candidates`` did before #16).

Run on an idle machine:
``.venv/bin/python benchmarks/bench_retime.py [--single-shot] [--n-threads 1]``.
"""

import argparse
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.preprocessing import OrdinalEncoder

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.engine import Integer, Real
from sklearn_moo.metrics import make_latency_scorer, retime_candidates

NUMERIC = ["age", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
CATEGORICAL = [
    "workclass",
    "marital-status",
    "occupation",
    "relationship",
    "race",
    "sex",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--single-shot", action="store_true")
    parser.add_argument("--n-iter", type=int, default=16)
    parser.add_argument("--n-threads", type=int, default=None)
    args = parser.parse_args()
    adult = load_adult(n_samples=4000, random_state=0)
    X = np.column_stack(
        [
            adult.data[NUMERIC].to_numpy(float),
            OrdinalEncoder(encoded_missing_value=-1).fit_transform(
                adult.data[CATEGORICAL]
            ),
        ]
    )
    y = adult.target.to_numpy()
    latency = make_latency_scorer(batch_size=1, n_rows=50, n_repeats=3, percentile=95)
    search = MultiObjectiveSearchCV(
        HistGradientBoostingClassifier(
            categorical_features=list(range(5, 11)), random_state=0
        ),
        {
            "learning_rate": Real(0.01, 0.5, prior="log-uniform"),
            "max_iter": Integer(10, 200),
            "max_leaf_nodes": Integer(4, 64),
        },
        scoring={"accuracy": "accuracy", "latency": latency},
        refit=False,
        n_iter=args.n_iter,
        n_points=2,
        n_jobs=2,
        cv=3,
        random_state=0,
    ).fit(X, y)
    finalists = search.pareto_front_
    rounds = 1 if args.single_shot else 5
    timings = []
    for _ in range(2):
        start = time.perf_counter()
        if args.single_shot:  # one timed call per candidate, no warm-up
            values = _single_shot(search, X, y, finalists, latency)
        else:
            values = retime_candidates(
                search,
                X,
                y,
                candidates=finalists,
                n_rounds=rounds,
                n_threads=args.n_threads,
            )["latency"]
        timings.append((-values * 1e3, time.perf_counter() - start))
    (first, t1), (second, t2) = timings
    disagreement = np.abs(first - second) / first
    print(
        f"{'candidate':>9} {'max_iter':>8} {'in search':>10} {'1st':>9} {'2nd':>9} "
        f"{'disagree':>8}"
    )
    for i, c in enumerate(finalists):
        print(
            f"{c:>9} {search.cv_results_['params'][c]['max_iter']:>8} "
            f"{-search.cv_results_['mean_test_latency'][c] * 1e3:>8.3f}ms "
            f"{first[i]:>7.3f}ms {second[i]:>7.3f}ms {disagreement[i]:>8.1%}"
        )
    print(
        f"{len(finalists)} finalists; re-timings took {t1:.1f} s and {t2:.1f} s; median "
        f"disagreement {np.median(disagreement):.1%} (max {disagreement.max():.1%})"
    )


def _single_shot(search, X, y, finalists, scorer):
    from sklearn.base import clone
    from sklearn.model_selection import train_test_split

    X_fit, X_time, y_fit, y_time = train_test_split(
        X, y, test_size=0.25, random_state=0
    )
    out = []
    for c in finalists:
        model = clone(search.estimator).set_params(**search.cv_results_["params"][c])
        out.append(scorer(model.fit(X_fit, y_fit), X_time, y_time))
    return np.array(out)


if __name__ == "__main__":
    main()
