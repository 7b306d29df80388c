"""Multi-objective successive halving against the full-resource search (issue #25).

Run by hand: ``.venv/bin/python benchmarks/bench_halving.py [--seeds 5] [--quick]``.

The bundled UCI Adult data, all 48,842 rows (categorical columns ordinal-encoded
once, as in ``examples/demo.py``); a ``HistGradientBoostingClassifier`` with
native categorical support; four objectives: accuracy, demographic parity
difference (on ``sex``), p95 prediction latency per row and model size. For
each seed, 48 candidates are drawn from a five-parameter space and given to:

- ``full``: :class:`~sklearn_moo.MultiObjectiveSearchCV` on every candidate at
  full resources (the reference);
- ``halving``: :class:`~sklearn_moo.MultiObjectiveHalvingSearchCV`, ``factor=3``,
  ``resource="n_samples"`` (rungs of 48, 16, 6 and 2 candidates), with the
  crowding-distance tie-break, and again with the hypervolume-contribution one;
- ``weighted``: scikit-learn's ``HalvingGridSearchCV`` on the same candidates
  with one scorer, the equal-weight sum of the four scores (what a user can do
  today); its front is the candidates of its last rung.

Every search uses the same folds (3, shuffled with the seed) and ``n_jobs=2``,
without refit. A front's hypervolume is computed honestly: each candidate
that a search puts on its front is scored with the **full search's**
full-resource values, so a low-resource measurement never counts. Each
objective is scaled to [0, 1] over the full search's 48 candidates (0 = best)
and the reference point is 1.1; the table gives each front's hypervolume as a
fraction of the full search's front, and the wall time as a fraction of the
full search's. The plot (``benchmarks/halving.png``) shows both per seed.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import time

import numpy as np
from scipy.stats import loguniform, randint
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingGridSearchCV, KFold, ParameterSampler
from sklearn.preprocessing import OrdinalEncoder

from sklearn_moo import MultiObjectiveHalvingSearchCV, MultiObjectiveSearchCV
from sklearn_moo.datasets import load_adult
from sklearn_moo.metrics import make_fairness_scorer, make_latency_scorer, make_model_size_scorer
from sklearn_moo.pareto import hypervolume

NUMERIC = ["age", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
CATEGORICAL = ["workclass", "marital-status", "occupation", "relationship", "race", "sex"]
SPACE = {"learning_rate": loguniform(0.02, 0.5), "max_iter": randint(20, 200),
         "max_leaf_nodes": randint(4, 64), "l2_regularization": loguniform(1e-4, 10.0),
         "min_samples_leaf": randint(5, 100)}
NAMES = ["accuracy", "dp", "latency", "size"]
HERE = pathlib.Path(__file__).parent


def data(n_samples=None):
    adult = load_adult(n_samples=n_samples, random_state=0)
    X = np.column_stack([adult.data[NUMERIC].to_numpy(float),
                         OrdinalEncoder(encoded_missing_value=-1).fit_transform(
                             adult.data[CATEGORICAL])])
    return X, adult.target.to_numpy()


def scoring():
    sex = len(NUMERIC) + CATEGORICAL.index("sex")
    return {"accuracy": "accuracy",
            "dp": make_fairness_scorer("demographic_parity_difference", sensitive_feature=sex),
            "latency": make_latency_scorer(batch_size=1, n_rows=50, n_repeats=3, percentile=95),
            "size": make_model_size_scorer()}


def weighted_scorer(scorers):
    """One scorer: the equal-weight sum of the four scores (latency in ms, size in MB)."""
    from sklearn.metrics import get_scorer

    parts = {name: get_scorer(s) if isinstance(s, str) else s for name, s in scorers.items()}
    scale = {"accuracy": 1.0, "dp": 1.0, "latency": 1e3, "size": 1e-6}

    def weighted(estimator, X, y):
        return sum(scale[name] * part(estimator, X, y) for name, part in parts.items())

    return weighted


def model():
    categorical = list(range(len(NUMERIC), len(NUMERIC) + len(CATEGORICAL)))
    return HistGradientBoostingClassifier(categorical_features=categorical,
                                          early_stopping=False, random_state=0)


def timed(search, X, y):
    start = time.perf_counter()
    search.fit(X, y)
    return search, time.perf_counter() - start


def rows_in_full(params_list, candidates):
    keys = [tuple(sorted(c.items())) for c in candidates]
    return sorted({keys.index(tuple(sorted((k, v[0] if isinstance(v, list) else v)
                                           for k, v in p.items()))) for p in params_list})


def front_hv(full_scores, rows):
    best, worst = full_scores.max(axis=0), full_scores.min(axis=0)
    loss = (best - full_scores) / np.where(best > worst, best - worst, 1.0)
    return hypervolume(loss[rows], np.full(full_scores.shape[1], 1.1))


def rung_local_front(results):
    """Rows non-dominated among their own rung's rows, for candidates that stopped there."""
    from sklearn_moo.pareto import is_non_dominated

    scores = np.column_stack([results[f"mean_test_{n}"] for n in NAMES])
    superseded = results["pareto_rank"] == results["pareto_rank"].max()
    out = []
    for rung in np.unique(results["iter"]):
        rows = np.flatnonzero(results["iter"] == rung)
        nd = rows[is_non_dominated(scores[rows], maximize=True)]
        out += [i for i in nd if not superseded[i] or rung == results["iter"].max()]
    return out


def one_seed(seed, X, y, n_candidates):
    draws = list(ParameterSampler(SPACE, n_candidates, random_state=seed))
    candidates = [{k: [v] for k, v in c.items()} for c in draws]
    cv = KFold(3, shuffle=True, random_state=seed)
    common = dict(scoring=scoring(), cv=cv, n_jobs=2, refit=False)
    full, t_full = timed(MultiObjectiveSearchCV(model(), candidates, **common), X, y)
    full_scores = np.column_stack([full.cv_results_[f"mean_test_{n}"] for n in NAMES])
    reference = front_hv(full_scores, full.pareto_front_)
    rows = {"full": (1.0, 1.0, len(full.pareto_front_))}
    for tie_break in ("crowding", "hypervolume"):
        search = MultiObjectiveHalvingSearchCV(model(), candidates, factor=3,
                                               random_state=seed, **common)
        search._tie_break = tie_break
        search, t = timed(search, X, y)
        results = search.cv_results_
        front = rows_in_full([results["params"][i] for i in search.pareto_front_], draws)
        last = np.flatnonzero(results["iter"] == results["iter"].max())
        final = rows_in_full([results["params"][i] for i in last], draws)
        rows[f"halving ({tie_break})"] = (front_hv(full_scores, front) / reference,
                                          t / t_full, len(front))
        local = rows_in_full([results["params"][i] for i in rung_local_front(results)], draws)
        rows[f"halving ({tie_break}), rung-local front"] = (
            front_hv(full_scores, local) / reference, t / t_full, len(local))
        rows[f"halving ({tie_break}), last rung only"] = (
            front_hv(full_scores, final) / reference, t / t_full, len(final))
    theirs, t = timed(HalvingGridSearchCV(model(), candidates, factor=3, random_state=seed,
                                          scoring=weighted_scorer(scoring()), cv=cv, n_jobs=2,
                                          refit=False), X, y)
    results = theirs.cv_results_
    last = np.flatnonzero(results["iter"] == results["iter"].max())
    final = rows_in_full([results["params"][i] for i in last], draws)
    rows["weighted-sum HalvingGridSearchCV, last rung"] = (
        front_hv(full_scores, final) / reference, t / t_full, len(final))
    return rows, t_full


def plot(per_seed, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    markers = dict(zip(per_seed[0], "o^sDvP"))
    for name in per_seed[0]:
        hv = [rows[name][0] for rows in per_seed]
        wall = [rows[name][1] for rows in per_seed]
        ax.scatter(wall, hv, marker=markers[name], label=name, alpha=0.8)
    ax.axhline(0.98, color="#999999", linestyle="--", linewidth=1)
    ax.axvline(1 / 3, color="#999999", linestyle=":", linewidth=1)
    ax.set_xlabel("wall time / full search's wall time (lower is better)")
    ax.set_ylabel("front hypervolume / full search's\n(full-resource values; higher is better)")
    ax.set_title(f"Adult, HistGradientBoosting, 4 objectives, {len(per_seed)} seeds")
    ax.legend(fontsize="small", loc="lower right")
    ax.grid(True, color="#EEEEEE")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="5,000 rows, 18 candidates")
    args = parser.parse_args(argv)
    X, y = data(5000 if args.quick else None)
    n_candidates = 18 if args.quick else 48
    per_seed = []
    for seed in range(args.seeds):
        rows, t_full = one_seed(seed, X, y, n_candidates)
        per_seed.append(rows)
        print(f"seed {seed}: full search {t_full:.0f} s; " + "; ".join(
            f"{name}: HV {hv:.3f}, time {wall:.2f}" for name, (hv, wall, _) in rows.items()),
            flush=True)
    print(f"\n{len(X)} rows, {n_candidates} candidates, {args.seeds} seeds (median [min, max])")
    print("| search | front HV / full's | wall time / full's | front size |")
    print("|---|---|---|---|")
    for name in per_seed[0]:
        hv = [rows[name][0] for rows in per_seed]
        wall = [rows[name][1] for rows in per_seed]
        size = [rows[name][2] for rows in per_seed]
        print(f"| {name} | {statistics.median(hv):.3f} [{min(hv):.3f}, {max(hv):.3f}] | "
              f"{statistics.median(wall):.2f} [{min(wall):.2f}, {max(wall):.2f}] | "
              f"{statistics.median(size):.0f} |")
    if not args.quick:
        plot(per_seed, HERE / "halving.png")


if __name__ == "__main__":
    main()
