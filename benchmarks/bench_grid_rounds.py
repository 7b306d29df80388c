"""Our grid against ``GridSearchCV``, and what ``audit_log`` costs: 200 candidates,
``n_jobs=2``, one call each.

Run by hand: ``.venv/bin/python benchmarks/bench_grid_rounds.py [--repeats 7]``.

A grid is one ``evaluate_candidates`` call, as in ``GridSearchCV``, with or
without ``audit_log``; with it, every fit is appended to the log by the
search's process as its result returns, so a crash loses only the fits in
flight. ``GridSearchCV`` gets the same scorers (refit on accuracy).
(Issue #23 first asked for rounds of as many candidates as there are workers;
benchmarks/README.md has what those cost, measured on d499992, which had
them.) Whole searches, runs interleaved, median, on 3,000
rows of the bundled Adult data: a decision tree pipeline (fits of a few
milliseconds, so per-fit and per-round costs weigh as much as they can), 3
folds, accuracy and demographic parity difference.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sklearn.compose import make_column_transformer
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.metrics import make_fairness_scorer

GRID = {
    "decisiontreeclassifier__max_depth": [2, 3, 4, 5, 6, 8, 10, 12, 16, 20],
    "decisiontreeclassifier__min_samples_leaf": [
        1,
        2,
        5,
        10,
        20,
        50,
        100,
        200,
        400,
        800,
    ],
    "decisiontreeclassifier__criterion": ["gini", "entropy"],
}


def scoring():
    return {
        "accuracy": "accuracy",
        "dp": make_fairness_scorer(
            "demographic_parity_difference", sensitive_feature="sex"
        ),
    }


def make_pipe():
    prep = make_column_transformer(
        (StandardScaler(), ["age", "education-num", "hours-per-week"]),
        (OneHotEncoder(handle_unknown="ignore"), ["sex", "relationship", "occupation"]),
    )
    return make_pipeline(prep, DecisionTreeClassifier(random_state=0))


def make_search(log):
    return MultiObjectiveSearchCV(
        make_pipe(), GRID, scoring=scoring(), cv=3, n_jobs=2, audit_log=log
    )


def make_stock():
    return GridSearchCV(
        make_pipe(), GRID, scoring=scoring(), refit="accuracy", cv=3, n_jobs=2
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    adult = load_adult(n_samples=3000, random_state=0)
    kinds = {
        "GridSearchCV": lambda tmp, run: make_stock(),
        "one call, no audit_log": lambda tmp, run: make_search(None),
        "one call, audit_log (a record per fit)": lambda tmp, run: make_search(
            str(Path(tmp) / f"log{run}.jsonl")
        ),
    }
    walls = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        make_search(None).fit(adult.data, adult.target)  # start the workers once
        for run in range(args.repeats):
            for kind, build in kinds.items():
                search = build(tmp, run)
                start = time.perf_counter()
                search.fit(adult.data, adult.target)
                walls[kind].append(time.perf_counter() - start)
                assert len(search.cv_results_["params"]) == 200
    base = statistics.median(walls["GridSearchCV"])
    print(
        f"| grid of 200, n_jobs=2 | median of {args.repeats} (s) | runs (s) | against GridSearchCV |"
    )
    print("|---|---|---|---|")
    for kind, times in walls.items():
        median = statistics.median(times)
        print(
            f"| {kind} | {median:.2f} | {', '.join(f'{t:.2f}' for t in times)} | "
            f"{100 * (median - base) / base:+.1f} % |"
        )


if __name__ == "__main__":
    main()
