"""What ``audit_log`` costs a grid: 200 candidates, ``n_jobs=2``, one call either way.

Run by hand: ``.venv/bin/python benchmarks/bench_grid_rounds.py [--repeats 3]``.

A grid is one ``evaluate_candidates`` call, as in ``GridSearchCV``, with or
without ``audit_log``; with it, every fit is appended to the log by the process
that ran it as soon as it finishes, so a crash loses only the fits in flight.
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


def make_search(log):
    prep = make_column_transformer(
        (StandardScaler(), ["age", "education-num", "hours-per-week"]),
        (OneHotEncoder(handle_unknown="ignore"), ["sex", "relationship", "occupation"]),
    )
    return MultiObjectiveSearchCV(
        make_pipeline(prep, DecisionTreeClassifier(random_state=0)),
        GRID,
        scoring={
            "accuracy": "accuracy",
            "dp": make_fairness_scorer(
                "demographic_parity_difference", sensitive_feature="sex"
            ),
        },
        cv=3,
        n_jobs=2,
        audit_log=log,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    adult = load_adult(n_samples=3000, random_state=0)
    kinds = {
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
    base = statistics.median(walls["one call, no audit_log"])
    print(
        f"| grid of 200, n_jobs=2 | median of {args.repeats} (s) | runs (s) | against no log |"
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
