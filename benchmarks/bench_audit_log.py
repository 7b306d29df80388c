"""What the audit log costs: a 50-candidate search on the bundled Adult data.

Run by hand: ``.venv/bin/python benchmarks/bench_audit_log.py``. A logistic
regression pipeline (cheap fits make the log's share as large as it gets) on
3,000 rows, 3 folds, accuracy and demographic parity difference, 50 candidates;
the time inside the log's own code (header, fingerprints, folds, records,
fsync, the lock, the per-fit replay lookup) is measured by wrapping those
methods, and the whole search with and without ``audit_log`` is timed too (3
runs each, interleaved, median).
"""

import contextlib
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.engine import Real
from sklearn_moo.metrics import make_fairness_scorer
from sklearn_moo.model_selection._audit import AuditSession as Session
from sklearn_moo.model_selection._search import MultiObjectiveSearchCV as Search


def make_search(log):
    prep = make_column_transformer(
        (StandardScaler(), ["age", "education-num", "hours-per-week"]),
        (OneHotEncoder(handle_unknown="ignore"), ["sex", "relationship", "occupation"]),
    )
    return MultiObjectiveSearchCV(
        make_pipeline(prep, LogisticRegression(max_iter=300)),
        {"logisticregression__C": Real(1e-3, 10.0, prior="log-uniform")},
        scoring={
            "accuracy": "accuracy",
            "dp": make_fairness_scorer(
                "demographic_parity_difference", sensitive_feature="sex"
            ),
        },
        n_iter=50,
        cv=3,
        random_state=0,
        audit_log=log,
    )


def main():
    adult = load_adult(n_samples=3000, random_state=0)
    spent = []

    def timed(method):
        def wrapper(self, *args, **kwargs):
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                spent.append(time.perf_counter() - start)

        return wrapper

    walls = {"without": [], "with": []}
    logged = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(3):
            for kind in ("without", "with"):
                log = str(Path(tmp) / f"log{run}.jsonl") if kind == "with" else None
                spent.clear()
                patches = [
                    mock.patch.object(owner, name, timed(getattr(owner, name)))
                    for owner, name in (
                        (Search, "_start_audit"),
                        (Session, "open"),
                        (Session, "log_round"),
                        (Session, "log_decision"),
                        (Session, "check_replay"),
                        (Session, "lookup"),
                        (Session, "log_fit"),
                        (Session, "close"),
                    )
                ]
                with contextlib.ExitStack() as stack:
                    for patch in patches:
                        stack.enter_context(patch)
                    start = time.perf_counter()
                    make_search(log).fit(adult.data, adult.target)
                    walls[kind].append(time.perf_counter() - start)
                if kind == "with":
                    logged.append(sum(spent))
    without, with_log = (
        statistics.median(walls["without"]),
        statistics.median(walls["with"]),
    )
    inside = statistics.median(logged)
    print("| measure | seconds | share of the search without a log |\n|---|---|---|")
    print(f"| search without audit_log (median of 3) | {without:.2f} | |")
    print(
        f"| search with audit_log (median of 3) | {with_log:.2f} | "
        f"{100 * (with_log - without) / without:+.1f} % |"
    )
    print(
        f"| time inside the log's code (median of 3) | {inside:.3f} | "
        f"{100 * inside / without:.2f} % |"
    )


if __name__ == "__main__":
    main()
