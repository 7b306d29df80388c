"""What a grid's rounds cost with ``audit_log``: a 200-candidate grid, ``n_jobs=2``.

Run by hand: ``.venv/bin/python benchmarks/bench_grid_rounds.py [--repeats 3]``.

Without ``audit_log`` a grid is one ``evaluate_candidates`` call, as in
``GridSearchCV``. With it, the grid runs in rounds of as many candidates as
there are workers (2 here; ``n_points`` raises it), so that a crash loses at
most the candidates in flight. This times the whole search both ways (runs
interleaved, median), on 3,000 rows of the bundled Adult data: a decision tree
pipeline (fits of a few milliseconds, so per-round costs weigh as much as they
can), 3 folds, accuracy and demographic parity difference, 200 candidates.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sklearn.compose import make_column_transformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.metrics import make_fairness_scorer

GRID = {"decisiontreeclassifier__max_depth": [2, 3, 4, 5, 6, 8, 10, 12, 16, 20],
        "decisiontreeclassifier__min_samples_leaf": [1, 2, 5, 10, 20, 50, 100, 200, 400, 800],
        "decisiontreeclassifier__criterion": ["gini", "entropy"]}


def make_search(log, n_points):
    prep = make_column_transformer(
        (StandardScaler(), ["age", "education-num", "hours-per-week"]),
        (OneHotEncoder(handle_unknown="ignore"), ["sex", "relationship", "occupation"]))
    return MultiObjectiveSearchCV(
        make_pipeline(prep, DecisionTreeClassifier(random_state=0)), GRID,
        scoring={"accuracy": "accuracy",
                 "dp": make_fairness_scorer("demographic_parity_difference",
                                            sensitive_feature="sex")},
        cv=3, n_jobs=2, n_points=n_points, audit_log=log)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    adult = load_adult(n_samples=3000, random_state=0)
    kinds = {"one call (no audit_log)": (False, 1), "rounds of 2 (audit_log)": (True, 1),
             "rounds of 4 (audit_log, n_points=4)": (True, 4)}
    walls = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        make_search(None, 1).fit(adult.data, adult.target)  # start the workers once
        for run in range(args.repeats):
            for kind, (logged, n_points) in kinds.items():
                log = str(Path(tmp) / f"{run}-{n_points}.jsonl") if logged else None
                start = time.perf_counter()
                search = make_search(log, n_points).fit(adult.data, adult.target)
                walls[kind].append(time.perf_counter() - start)
                assert len(search.cv_results_["params"]) == 200
    base = statistics.median(walls["one call (no audit_log)"])
    print(f"| grid of 200, n_jobs=2 | median of {args.repeats} (s) | runs (s) | against one call |")
    print("|---|---|---|---|")
    for kind, times in walls.items():
        median = statistics.median(times)
        print(f"| {kind} | {median:.2f} | {', '.join(f'{t:.2f}' for t in times)} | "
              f"{100 * (median - base) / base:+.1f} % |")


if __name__ == "__main__":
    main()
