"""Multi-objective successive halving against the full-resource search (issue #25).

Run by hand::

    .venv/bin/python benchmarks/bench_halving.py [--data adult|synthetic] [--seeds 5]
        [--resource n_samples max_iter] [--quick]

Two tasks: the bundled UCI Adult data, all 48,842 rows (categorical columns
ordinal-encoded once, as in ``examples/demo.py``), and a synthetic one of
100,000 rows (``make_classification``, 20 features, and a binary group column
that the target depends on). A ``HistGradientBoostingClassifier`` (native
categorical support on Adult, no early stopping); four objectives: accuracy,
demographic parity difference (on ``sex``, or the group column), p95
prediction latency per row and model size. For each seed, 48 candidates are
drawn from a five-parameter space and given to:

- ``full``: :class:`~sklearn_moo.MultiObjectiveSearchCV` on every candidate at
  full resources (the reference);
- ``halving``: :class:`~sklearn_moo.MultiObjectiveHalvingSearchCV`, ``factor=3``
  (rungs of 48, 16, 6 and 2 candidates), with the crowding-distance tie-break,
  and again with the hypervolume-contribution one;
- ``weighted``: scikit-learn's ``HalvingGridSearchCV`` on the same candidates
  with one scorer, the equal-weight sum of the four scores (what a user can do
  today); its front is the candidates of its last rung.

Two resources, each a table: ``n_samples`` (rows of each fold subsampled; the
five parameters are searched, ``max_iter`` among them) and ``max_iter`` (the
number of boosting iterations, up to 200; the other four are searched, and the
full search fits 200 iterations). Every search uses the same folds (3,
shuffled with the seed) and ``n_jobs=2``, without refit. A front's hypervolume is
computed honestly: each candidate that a search puts on its front is scored with the
**full search's** full-resource values, so a low-resource measurement never counts.
Each objective is scaled to [0, 1] over the full search's 48 candidates (0 = best)
and the reference point is 1.1; the table gives each front's hypervolume as a
fraction of the full search's front, and the wall time as a fraction of the full
search's. The plot (``benchmarks/halving_<task>.png``) shows both per seed.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import time

import numpy as np
from scipy.stats import loguniform, randint
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingGridSearchCV, KFold, ParameterSampler
from sklearn.preprocessing import OrdinalEncoder

from sklearn_moo import MultiObjectiveHalvingSearchCV, MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.metrics import (
    make_fairness_scorer,
    make_latency_scorer,
    make_model_size_scorer,
)
from sklearn_moo.pareto import hypervolume

NUMERIC = ["age", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
CATEGORICAL = [
    "workclass",
    "marital-status",
    "occupation",
    "relationship",
    "race",
    "sex",
]
SPACE = {
    "learning_rate": loguniform(0.02, 0.5),
    "max_iter": randint(20, 200),
    "max_leaf_nodes": randint(4, 64),
    "l2_regularization": loguniform(1e-4, 10.0),
    "min_samples_leaf": randint(5, 100),
}
MAX_ITER = (
    200  # the full resource when max_iter is the resource (it is not searched then)
)
RESOURCES = ("n_samples", "max_iter")
NAMES = ["accuracy", "dp", "latency", "size"]
HERE = pathlib.Path(__file__).parent


SYNTHETIC_ROWS, SYNTHETIC_FEATURES = 100_000, 20


def data(name, n_samples=None):
    """``X, y, sensitive column, categorical columns`` of the Adult or synthetic task."""
    if name == "synthetic":
        # 100,000 rows, 20 numeric features, and a binary group column that the
        # target depends on (so that accuracy and demographic parity trade off).
        X, y = make_classification(
            n_samples=n_samples or SYNTHETIC_ROWS,
            n_features=SYNTHETIC_FEATURES,
            n_informative=8,
            random_state=0,
        )
        rng = np.random.default_rng(0)
        group = (X[:, 0] + rng.normal(0.0, 1.0, len(X)) > 0).astype(float)
        return np.column_stack([X, group]), y, SYNTHETIC_FEATURES, None
    adult = load_adult(n_samples=n_samples, random_state=0)
    X = np.column_stack(
        [
            adult.data[NUMERIC].to_numpy(float),
            OrdinalEncoder(encoded_missing_value=-1).fit_transform(
                adult.data[CATEGORICAL]
            ),
        ]
    )
    categorical = list(range(len(NUMERIC), len(NUMERIC) + len(CATEGORICAL)))
    return (
        X,
        adult.target.to_numpy(),
        len(NUMERIC) + CATEGORICAL.index("sex"),
        categorical,
    )


def scoring(sex):
    return {
        "accuracy": "accuracy",
        "dp": make_fairness_scorer(
            "demographic_parity_difference", sensitive_feature=sex
        ),
        "latency": make_latency_scorer(
            batch_size=1, n_rows=50, n_repeats=3, percentile=95
        ),
        "size": make_model_size_scorer(),
    }


def weighted_scorer(scorers):
    """One scorer: the equal-weight sum of the four scores (latency in ms, size in MB)."""
    from sklearn.metrics import get_scorer

    parts = {
        name: get_scorer(s) if isinstance(s, str) else s for name, s in scorers.items()
    }
    scale = {"accuracy": 1.0, "dp": 1.0, "latency": 1e3, "size": 1e-6}

    def weighted(estimator, X, y):
        return sum(scale[name] * part(estimator, X, y) for name, part in parts.items())

    return weighted


def model(categorical):
    return HistGradientBoostingClassifier(
        categorical_features=categorical,
        max_iter=MAX_ITER,
        early_stopping=False,
        random_state=0,
    )


def halving_options(resource):
    return (
        {}
        if resource == "n_samples"
        else {"resource": resource, "max_resources": MAX_ITER}
    )


def timed(search, X, y):
    start = time.perf_counter()
    search.fit(X, y)
    return search, time.perf_counter() - start


def rows_in_full(params_list, candidates, resource):
    """Each searched candidate's row in the full search (the resource's value dropped)."""
    keys = [tuple(sorted(c.items())) for c in candidates]
    return sorted(
        {
            keys.index(
                tuple(
                    sorted(
                        (k, v[0] if isinstance(v, list) else v)
                        for k, v in p.items()
                        if k != resource
                    )
                )
            )
            for p in params_list
        }
    )


def front_hv(full_scores, rows):
    best, worst = full_scores.max(axis=0), full_scores.min(axis=0)
    loss = (best - full_scores) / np.where(best > worst, best - worst, 1.0)
    return hypervolume(loss[rows], np.full(full_scores.shape[1], 1.1))


def one_seed(seed, task, n_candidates, resource):
    X, y, sex, categorical = task
    space = {k: v for k, v in SPACE.items() if k != resource}
    draws = list(ParameterSampler(space, n_candidates, random_state=seed))
    candidates = [{k: [v] for k, v in c.items()} for c in draws]
    cv = KFold(3, shuffle=True, random_state=seed)
    common = dict(cv=cv, n_jobs=2, refit=False)
    full, t_full = timed(
        MultiObjectiveSearchCV(
            model(categorical), candidates, scoring=scoring(sex), **common
        ),
        X,
        y,
    )
    full_scores = np.column_stack([full.cv_results_[f"mean_test_{n}"] for n in NAMES])
    reference = front_hv(full_scores, full.pareto_front_)
    rows = {"full": (1.0, 1.0, len(full.pareto_front_))}
    halving = dict(factor=3, random_state=seed, **halving_options(resource), **common)
    for tie_break in ("crowding", "hypervolume"):
        search = MultiObjectiveHalvingSearchCV(
            model(categorical), candidates, scoring=scoring(sex), **halving
        )
        search._tie_break = tie_break
        search, t = timed(search, X, y)
        results = search.cv_results_
        front = rows_in_full(
            [results["params"][i] for i in search.pareto_front_], draws, resource
        )
        last = np.flatnonzero(results["iter"] == results["iter"].max())
        final = rows_in_full([results["params"][i] for i in last], draws, resource)
        rows[f"halving ({tie_break})"] = (
            front_hv(full_scores, front) / reference,
            t / t_full,
            len(front),
        )
        rows[f"halving ({tie_break}), last rung only"] = (
            front_hv(full_scores, final) / reference,
            t / t_full,
            len(final),
        )
    theirs, t = timed(
        HalvingGridSearchCV(
            model(categorical),
            candidates,
            scoring=weighted_scorer(scoring(sex)),
            return_train_score=False,
            **halving,
        ),
        X,
        y,
    )
    results = theirs.cv_results_
    last = np.flatnonzero(results["iter"] == results["iter"].max())
    final = rows_in_full([results["params"][i] for i in last], draws, resource)
    rows["weighted-sum HalvingGridSearchCV, last rung"] = (
        front_hv(full_scores, final) / reference,
        t / t_full,
        len(final),
    )
    return rows, t_full


def plot(tables, path, name, n_rows):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(
        1, len(tables), figsize=(6.2 * len(tables), 4.6), sharey=True, squeeze=False
    )
    title = {"adult": "Adult", "synthetic": "Synthetic"}.get(name, name)
    for ax, (resource, per_seed) in zip(axes[0], tables.items()):
        names = [n for n in per_seed[0] if n != "full"]
        for marker, name in zip("o^sDv", names):
            ax.scatter(
                [rows[name][1] for rows in per_seed],
                [rows[name][0] for rows in per_seed],
                marker=marker,
                label=name,
                alpha=0.8,
            )
        ax.axhline(0.98, color="#999999", linestyle="--", linewidth=1)
        ax.axvline(1 / 3, color="#999999", linestyle=":", linewidth=1)
        ax.set_xlim(0.0, 1.05)
        ax.set_xlabel("wall time / the full search's (lower is better)")
        ax.set_title(f"resource={resource!r}, {len(per_seed)} seeds")
        ax.grid(True, color="#EEEEEE")
    axes[0, 0].set_ylabel(
        "front hypervolume / the full search's\n"
        "(full-resource values; higher is better)"
    )
    axes[0, -1].legend(fontsize="small", loc="lower right")
    fig.suptitle(
        f"{title} ({n_rows:,} rows), HistGradientBoosting, 4 objectives; dashed: "
        "98 % of the hypervolume, dotted: 1/3 of the time",
        fontsize="medium",
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def table(per_seed):
    print("| search | front HV / full's | wall time / full's | front size |")
    print("|---|---|---|---|")
    for name in per_seed[0]:
        hv = [rows[name][0] for rows in per_seed]
        wall = [rows[name][1] for rows in per_seed]
        size = [rows[name][2] for rows in per_seed]
        print(
            f"| {name} | {statistics.median(hv):.3f} [{min(hv):.3f}, {max(hv):.3f}] | "
            f"{statistics.median(wall):.2f} [{min(wall):.2f}, {max(wall):.2f}] | "
            f"{statistics.median(size):.0f} |"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument(
        "--resource", choices=RESOURCES, nargs="+", default=list(RESOURCES)
    )
    parser.add_argument("--data", choices=("adult", "synthetic"), default="adult")
    parser.add_argument(
        "--quick", action="store_true", help="5,000 rows, 18 candidates"
    )
    args = parser.parse_args(argv)
    task = data(args.data, 5000 if args.quick else None)
    X = task[0]
    n_candidates = 18 if args.quick else 48
    tables = {}
    for resource in args.resource:
        per_seed = tables[resource] = []
        for seed in range(args.seeds):
            rows, t_full = one_seed(seed, task, n_candidates, resource)
            per_seed.append(rows)
            print(
                f"{resource}, seed {seed}: full search {t_full:.0f} s; "
                + "; ".join(
                    f"{name}: HV {hv:.3f}, time {wall:.2f}"
                    for name, (hv, wall, _) in rows.items()
                ),
                flush=True,
            )
        print(
            f"\nresource={resource!r}: {len(X)} rows, {n_candidates} candidates, "
            f"{args.seeds} seeds (median [min, max])"
        )
        table(per_seed)
    if not args.quick:
        plot(tables, HERE / f"halving_{args.data}.png", args.data, len(X))


if __name__ == "__main__":
    main()
