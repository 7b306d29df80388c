"""Benchmark of the search engine: sample efficiency (hypervolume) and proposal overhead.

Compares sklearn_moo's ask/tell engine ("ours", strategy="bayes"), the same engine with
strategy="random", and Optuna's NSGA-II, TPE (multivariate) and GP samplers on synthetic
problems (ZDT1-3, DTLZ2, the constrained SRN, a mixed real/integer/categorical problem) and
on two tuning tasks on a 10,000-row stratified sample of UCI Adult (3-fold CV; accuracy,
demographic parity difference on sex, a deterministic cost proxy). Run by hand::

    python benchmarks/bench_engine.py [--quick] [--problems ...] [--methods ...]
                                      [--seeds N] [--first-seed K] [--limit SECONDS]
                                      [--jobs N]

Every run (problem, method, seed) is a JSON file under benchmarks/.cache/engine/ written as
soon as it ends, so an interrupted benchmark resumes; ``--report`` only prints the tables of
what is cached. A run past ``--limit`` seconds stops at its next evaluation and is reported
"over limit". Not part of the test suite; optuna, torch (for GPSampler) and pymoo are
benchmark-only dependencies.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(
        _var, "1"
    )  # one core per run; runs go in parallel with --jobs

import argparse  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

# skopt's GP warns on every tiny negative predicted variance (clipped to 0): noise here.
warnings.filterwarnings("ignore", message="Predicted variances smaller than 0")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _engine_problems import (  # noqa: E402
    ADULT_FOLDS,
    ADULT_SPACES,
    REFERENCE,
    SYNTHETIC,
    adult_data,
    adult_estimator,
    adult_objectives,
    adult_problem,
    adult_score_names,
    adult_scoring,
)

CACHE = Path(__file__).resolve().parent / ".cache" / "engine"
DEFAULT_METHODS = ("ours", "ours-b4", "random", "nsga2", "tpe", "gp")
METHODS = DEFAULT_METHODS + ("ours-b4-oracle", "ours-ehvi", "ours-grid50k")
# Our engine's methods: "ours-b4" is ours asked for batches of BATCH points (ask 4, evaluate
# 4, tell 4), run only on BATCH_PROBLEMS. "ours-b4-oracle" is a diagnostic, never run by
# default: ours-b4 with every pending point of a batch believed at its true value (see
# _install_oracle), run only on the synthetic BATCH_PROBLEMS.
# "ours-ehvi" is ours with acquisition="ehvi" (EHVI however large the front's decomposition,
# up to the engine's cap) and "ours-grid50k" ours with "auto"'s rule before #13 (ParEGO once
# the unmerged grid has more than 50,000 columns: 4 objectives and more than 35 front
# points), both synthetic problems only: the measurements behind "auto"'s limit (#24).
OURS = ("ours", "ours-b4", "random", "ours-b4-oracle", "ours-ehvi", "ours-grid50k")
BATCHED = ("ours-b4", "ours-b4-oracle")
BATCH = 4
BATCH_PROBLEMS = ("zdt1", "zdt3", "mixed", "dtlz2", "dtlz2-4", "adult-hgb4")
# The degenerate share counts proposals after the first DEGENERATE_SKIP evaluations (our
# initial design is 8-10 points); an objective within DEGENERATE_TOL of its ideal is "at its
# ideal" and within DEGENERATE_TOL of its nadir "at its worst" (scaled objectives).
DEGENERATE_SKIP = 10
DEGENERATE_TOL = 0.05
SYNTHETIC_NAMES = tuple(SYNTHETIC)
ADULT_NAMES = tuple(ADULT_SPACES)
NSGA2_POPULATION = 20


# ------------------------------------------------------------------ spaces
def engine_dimensions(dims):
    from sklearn_moo.engine import Categorical, Integer, Real

    out = []
    for spec in dims:
        if spec[0] == "real":
            out.append(
                Real(spec[1], spec[2], prior=spec[3] if len(spec) > 3 else "uniform")
            )
        elif spec[0] == "int":
            out.append(Integer(spec[1], spec[2]))
        else:
            out.append(Categorical(list(spec[1])))
    return out


def optuna_distributions(dims, names):
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    out = {}
    for name, spec in zip(names, dims):
        if spec[0] == "real":
            out[name] = FloatDistribution(spec[1], spec[2], log=len(spec) > 3)
        elif spec[0] == "int":
            out[name] = IntDistribution(spec[1], spec[2])
        else:
            out[name] = CategoricalDistribution(list(spec[1]))
    return out


def problem_of(name):
    return SYNTHETIC[name] if name in SYNTHETIC else adult_problem(name)


def names_of(problem):
    return problem.extra.get("names") or [
        f"x{i}" for i in range(len(problem.dimensions))
    ]


# ------------------------------------------------------------- evaluation
class Evaluator:
    """``evaluate(point) -> (objectives, constraints, fit_score_seconds)`` for any problem."""

    def __init__(self, problem):
        self.problem = problem
        if problem.evaluate is None:
            self.X, self.y = adult_data()
            from sklearn.model_selection import StratifiedKFold

            self.folds = list(
                StratifiedKFold(ADULT_FOLDS, shuffle=True, random_state=0).split(
                    self.X, self.y
                )
            )
            self.estimator = adult_estimator(problem.name, self.X)
            self.scoring = adult_scoring(problem.name)
            self.score_names = adult_score_names(problem.name)

    def __call__(self, point):
        if self.problem.evaluate is not None:
            f, g = self.problem.evaluate(point)
            return [float(v) for v in f], g, 0.0
        from sklearn.base import clone
        from sklearn.model_selection import cross_validate

        params = dict(zip(names_of(self.problem), point))
        estimator = clone(self.estimator).set_params(**params)
        cv = cross_validate(
            estimator,
            self.X,
            self.y,
            cv=self.folds,
            scoring=self.scoring,
            n_jobs=1,
            error_score=np.nan,
        )
        means = [float(np.mean(cv[f"test_{k}"])) for k in self.score_names]
        inside = float(np.sum(cv["fit_time"]) + np.sum(cv["score_time"]))
        if not np.all(np.isfinite(means)):
            return None, None, inside
        return adult_objectives(*means), None, inside


class _OverLimit(Exception):
    pass


_ALARM = {"fired": False}


def _on_alarm(signum, frame):
    _ALARM["fired"] = True
    # KeyboardInterrupt: MultiObjectiveSearchCV stops and keeps what it evaluated.
    raise KeyboardInterrupt


def _arm(limit):
    _ALARM["fired"] = False
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)


def _disarm():
    signal.setitimer(signal.ITIMER_REAL, 0)


# ------------------------------------------------------------------ methods
def _ours_optimizer(problem, seed, strategy, acquisition="auto"):
    from sklearn_moo.engine import MultiObjectiveOptimizer

    return MultiObjectiveOptimizer(
        engine_dimensions(problem.dimensions),
        problem.n_objectives,
        n_constraints=problem.n_constraints,
        strategy=strategy,
        acquisition=acquisition,
        random_state=seed,
    )


def _optuna_sampler(method, seed):
    # NOTE: optuna 5 deprecates ``constraints_func``; every sampler reads the constraint
    # values that ``Trial.set_constraint`` stores (see ``_Driver.tell``).
    import optuna

    if method == "nsga2":
        return optuna.samplers.NSGAIISampler(
            population_size=NSGA2_POPULATION, seed=seed
        )
    if method == "tpe":
        return optuna.samplers.TPESampler(multivariate=True, seed=seed)
    import torch

    torch.set_num_threads(1)
    return optuna.samplers.GPSampler(seed=seed)


def _install_oracle(problem):
    """Make every batch of ours condition on the true values of its pending points.

    Diagnostic only (``ours-b4-oracle``; it patches the engine's private believer, and each
    run is a process of its own): a pending point enters the surrogates at its true value
    instead of its predicted mean, and its fantasies all equal that value, so the next
    point's EHVI sees the front the pending point really makes. Kernels stay fixed within
    the batch, as in ``ours-b4``. What is left between this and the sequential run is what
    no conditioning on pending points can recover: fewer kernel fits and model rounds.
    """
    from sklearn_moo.engine import _believer, _optimizer

    add_row = _optimizer._Believer._add_row

    def add_true_row(believer, x, fantasize):
        add_row(believer, x, False)  # as the believer, then the truth over its mean
        opt = believer.opt
        Y = np.array([y for y in opt.yi if y is not None])
        low, high = Y.min(axis=0), Y.max(axis=0)  # the scaling _ask_model used
        f = np.asarray(problem.evaluate(opt._decode(x)[0])[0], float) * opt._signs
        believer.Yn[-1] = (f - low) / np.where(high > low, high - low, 1.0)
        believer.models = [
            opt._fit_gp(("y", j), believer.X, believer.Yn[:, j], refit_kernel=False)
            for j in range(Y.shape[1])
        ]
        if fantasize:
            block = np.broadcast_to(
                believer.Yn[-1], (_believer._N_FANTASIES, 1, Y.shape[1])
            )
            believer.fantasies = (
                block.copy()
                if believer.fantasies is None
                else np.concatenate([believer.fantasies, block], axis=1)
            )

    _optimizer._Believer._add_row = add_true_row


def _install_grid_rule():
    """Make "auto" choose ParEGO whenever the front's unmerged grid has more than 50,000
    columns (``(n + 1) ** (m - 1)``: 4 objectives and more than 35 points), the rule the
    engine had before #13 merged EHVI's boxes. Diagnostic only (``ours-grid50k``; it patches
    the engine's private module, and each run is a process of its own)."""
    from sklearn_moo.engine import _optimizer

    cells_of = _optimizer.non_dominated_cells

    def old_rule(front, reference, *, floor=None, max_cells=50_000):
        front = np.asarray(front)
        inside = front[np.all(front < reference, axis=1)]
        if max_cells == 50_000 and (len(inside) + 1) ** (front.shape[1] - 1) > 50_000:
            return None
        return cells_of(front, reference, floor=floor, max_cells=max_cells)

    _optimizer.non_dominated_cells = old_rule


class _Driver:
    """One ask/tell interface over our engine and an Optuna study."""

    def __init__(self, problem, method, seed):
        self.problem, self.method = problem, method
        self.names = names_of(problem)
        self.batch = BATCH if method in BATCHED else 1
        if method in OURS:
            self.opt = _ours_optimizer(
                problem,
                seed,
                "random" if method == "random" else "bayes",
                "ehvi" if method == "ours-ehvi" else "auto",
            )
            if method == "ours-b4-oracle":
                _install_oracle(problem)
            if method == "ours-grid50k":
                _install_grid_rule()
            return
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        warnings.filterwarnings(
            "ignore", category=optuna.exceptions.ExperimentalWarning
        )
        self.dists = optuna_distributions(problem.dimensions, self.names)
        sampler = _optuna_sampler(method, seed)
        self.study = optuna.create_study(
            directions=["minimize"] * problem.n_objectives, sampler=sampler
        )
        self.trial = None

    def ask(self):
        if self.method in OURS:
            return self.opt.ask(1)[0]
        self.trial = self.study.ask(self.dists)
        return [self.trial.params[n] for n in self.names]

    def ask_batch(self):
        """The next ``self.batch`` points (one ask of several for ours-b4)."""
        if self.batch > 1:
            return self.opt.ask(self.batch)
        return [self.ask()]

    def tell(self, point, f, g):
        if self.method in OURS:
            self.opt.tell(point, f, constraints=g)
            return
        import optuna

        for i, value in enumerate(g if g is not None else []):
            self.trial.set_constraint(f"g{i}", float(value))
        if f is None:
            self.study.tell(self.trial, state=optuna.trial.TrialState.FAIL)
        else:
            self.study.tell(self.trial, f)

    def preload(self, points, results):
        """Tell many observations at once (timing runs)."""
        if self.method in OURS:
            for p, (f, g, _) in zip(points, results):
                self.opt.tell(p, f, constraints=g)
            return
        import optuna

        trials = [
            optuna.trial.create_trial(
                params=dict(zip(self.names, p)),
                distributions=self.dists,
                values=f,
                constraints={f"g{i}": float(v) for i, v in enumerate(g)}
                if g is not None
                else None,
            )
            for p, (f, g, _) in zip(points, results)
        ]
        self.study.add_trials(trials)


def run_loop(problem, method, seed, budget, limit):
    """Ask/tell loop; returns the run record (one entry per evaluation)."""
    evaluate = Evaluator(problem)
    start = time.perf_counter()
    records, status = [], "ok"
    _arm(limit)
    try:
        driver = _Driver(problem, method, seed)
        while len(records) < budget:
            t0 = time.perf_counter()
            points = driver.ask_batch()[: budget - len(records)]
            ask = (time.perf_counter() - t0) / len(
                points
            )  # a batch's ask, shared evenly
            for point in points:
                t1 = time.perf_counter()
                f, g, inside = evaluate(point)
                t2 = time.perf_counter()
                driver.tell(point, f, g)
                t3 = time.perf_counter()
                records.append(
                    {
                        "x": _plain(point),
                        "f": f,
                        "g": _plain(g) if g is not None else None,
                        "ask": ask,
                        "tell": t3 - t2,
                        "eval": t2 - t1,
                        "inside": inside,
                    }
                )
    except KeyboardInterrupt:
        if not _ALARM["fired"]:
            raise
        status = "over limit"
    finally:
        _disarm()
    return {"status": status, "wall": time.perf_counter() - start, "records": records}


def run_search_cv(problem, method, seed, budget, limit):
    """Ours on an Adult task through MultiObjectiveSearchCV (n_jobs=1)."""
    from sklearn_moo import MultiObjectiveSearchCV

    evaluate = Evaluator(problem)
    spaces = dict(zip(names_of(problem), engine_dimensions(problem.dimensions)))
    search = MultiObjectiveSearchCV(
        evaluate.estimator,
        spaces,
        scoring=evaluate.scoring,
        n_iter=budget,
        n_points=BATCH if method == "ours-b4" else 1,
        cv=evaluate.folds,
        refit=False,
        n_jobs=1,
        random_state=seed,
        strategy="random" if method == "random" else "bayes",
    )
    status = "ok"
    _arm(limit)
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            search.fit(evaluate.X, evaluate.y)
    finally:
        _disarm()
        wall = time.perf_counter() - start
    if _ALARM["fired"]:
        status = "over limit"
    res = search.cv_results_
    records = []
    for i, params in enumerate(res["params"]):
        means = [float(res[f"mean_test_{k}"][i]) for k in evaluate.score_names]
        f = adult_objectives(*means) if np.all(np.isfinite(means)) else None
        inside = (
            float(res["mean_fit_time"][i] + res["mean_score_time"][i]) * ADULT_FOLDS
        )
        records.append(
            {
                "x": _plain([params[n] for n in names_of(problem)]),
                "f": f,
                "g": None,
                "inside": inside,
            }
        )
    return {"status": status, "wall": wall, "records": records}


def _plain(values):
    return [v.item() if isinstance(v, np.generic) else v for v in values]


# ------------------------------------------------------------------ timing runs
def run_timing(problem, method, n_obs, n_asks=3, seed=0):
    """Tell ``n_obs - 1`` random observations, one cold ask/tell, then time warm asks."""
    evaluate = Evaluator(problem)
    sampler = _ours_optimizer(problem, seed + 1000, "random")
    points = sampler.ask(n_obs - 1)
    driver = _Driver(problem, method, seed)
    driver.preload(points, [evaluate(p) for p in points])
    times = []
    for _ in range(n_asks + 1):
        t0 = time.perf_counter()
        point = driver.ask()
        times.append(time.perf_counter() - t0)
        f, g, _ = evaluate(point)
        driver.tell(point, f, g)
    return {"status": "ok", "cold": times[0], "warm": times[1:]}


# ------------------------------------------------------------------ cache and jobs
def cache_path(kind, problem, method, key):
    return CACHE / f"{kind}__{problem}__{method}__{key}.json"


def engine_fingerprint():
    """md5 of the engine and pareto sources on disk: the engine is edited while benchmarked."""
    import hashlib

    root = Path(__file__).resolve().parent.parent / "sklearn_moo"
    digest = hashlib.md5()
    for path in sorted(root.glob("engine/*.py")) + sorted(root.glob("pareto/*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _job(args):
    kind, problem_name, method, key, budget, limit = args
    path = cache_path(kind, problem_name, method, key)
    fingerprint = (
        engine_fingerprint()
    )  # each job runs in a fresh process: this is its engine
    problem = problem_of(problem_name)
    start = time.perf_counter()
    if kind == "timing":
        out = run_timing(problem, method, budget)
    elif problem.evaluate is None and method in OURS:
        out = run_search_cv(problem, method, key, budget, limit)
    else:
        out = run_loop(problem, method, key, budget, limit)
    out.update(
        problem=problem_name,
        method=method,
        key=key,
        budget=budget,
        limit=limit,
        date=time.strftime("%Y-%m-%d %H:%M:%S"),
        engine=fingerprint,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(out))
    tmp.replace(path)  # atomic: a half-written file is never read as a result
    return path.name, out["status"], time.perf_counter() - start


def load(kind, problem, method, key):
    path = cache_path(kind, problem, method, key)
    return json.loads(path.read_text()) if path.exists() else None


def _cached_enough(job, fingerprint=None):
    """Cached with enough budget (and, given ``fingerprint``, run on that engine if ours)."""
    kind, problem, method, key, budget, _ = job
    out = load(kind, problem, method, key)
    if out is None:
        return False
    if fingerprint and method in OURS and out.get("engine") != fingerprint:
        return False
    return out["budget"] >= budget or out["status"] != "ok"


def plan(args):
    jobs = []
    for n_obs in args.timing_obs:
        for problem in args.timing_problems:
            jobs += [
                ("timing", problem, m, n_obs, n_obs, args.limit)
                for m in args.methods
                if m not in ("random",) + BATCHED
            ]
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        for problem in args.problems:
            budget = max(args.budgets if problem in SYNTHETIC else args.adult_budgets)
            if problem not in SYNTHETIC and seed >= args.first_seed + args.adult_seeds:
                continue
            jobs += [
                ("run", problem, m, seed, budget, args.limit)
                for m in args.methods
                if _runs_on(m, problem)
            ]
    fingerprint = engine_fingerprint() if args.rerun_stale else None
    return [j for j in jobs if not _cached_enough(j, fingerprint)]


def _runs_on(method, problem):
    if method == "ours-b4-oracle":
        return problem in BATCH_PROBLEMS and problem in SYNTHETIC
    if method in ("ours-ehvi", "ours-grid50k"):
        return problem in SYNTHETIC
    return method != "ours-b4" or problem in BATCH_PROBLEMS


def execute(jobs, n_workers):
    if not jobs:
        return
    # A fresh process per run: runs do not share warm caches, and each imports the engine
    # as it is on disk when the run starts.
    with ProcessPoolExecutor(max_workers=n_workers, max_tasks_per_child=1) as pool:
        futures = [pool.submit(_job, j) for j in jobs]
        for future in as_completed(futures):
            try:
                name, status, seconds = future.result()
                print(
                    f"[{time.strftime('%H:%M:%S')}] {name}: {status} ({seconds:.1f} s)",
                    flush=True,
                )
            except (
                Exception
            ) as e:  # report and carry on: one broken run must not stop all
                print(
                    f"[{time.strftime('%H:%M:%S')}] FAILED: {type(e).__name__}: {e}",
                    flush=True,
                )


# ------------------------------------------------------------------ metrics and tables
def anytime_hypervolume(problem, records, budget):
    from sklearn_moo.pareto import hypervolume

    rows = []
    for r in records[:budget]:
        if r["f"] is None or (r["g"] is not None and max(r["g"]) > 0):
            continue
        rows.append(r["f"])
    if not rows:
        return 0.0
    scaled = problem.scale(np.array(rows, float))
    scaled = scaled[np.all(scaled < REFERENCE, axis=1)]
    if not len(scaled):
        return 0.0
    return float(hypervolume(scaled, np.full(problem.n_objectives, REFERENCE)))


def degenerate_share(problem, records):
    """Shares of proposals (after the first DEGENERATE_SKIP) that are degenerate, and on an edge.

    In objectives scaled by the problem's ideal/nadir (0 = ideal, 1 = nadir), a proposal is
    *degenerate* when some objective is within DEGENERATE_TOL of its ideal while every other
    objective is within DEGENERATE_TOL of its nadir or beyond; it is on an *edge* when some
    objective is within DEGENERATE_TOL of its ideal (with 3 or more objectives, a boundary of
    the front where one objective contributes nothing). Failed evaluations count as neither.
    """
    rows = [r["f"] for r in records[DEGENERATE_SKIP:] if r["f"] is not None]
    if not rows:
        return float("nan"), float("nan")
    s = problem.scale(np.array(rows, float))
    at_ideal = s <= DEGENERATE_TOL
    at_worst = s >= 1.0 - DEGENERATE_TOL
    m = s.shape[1]
    degenerate = np.zeros(len(s), bool)
    for i in range(m):
        others = [j for j in range(m) if j != i]
        degenerate |= at_ideal[:, i] & np.all(at_worst[:, others], axis=1)
    n = len(records[DEGENERATE_SKIP:])
    return degenerate.sum() / n, at_ideal.any(axis=1).sum() / n


def _summary(values):
    if not values:
        return "-"
    q1, med, q3 = np.percentile(values, [25, 50, 75])
    return f"{med:.3f} [{q1:.3f}, {q3:.3f}]"


def hv_table(args):
    lines, versions = [], set()
    for name in args.problems:
        problem = problem_of(name)
        budgets = args.budgets if name in SYNTHETIC else args.adult_budgets
        n_seeds = args.seeds if name in SYNTHETIC else min(args.seeds, args.adult_seeds)
        lines += [
            f"\n**{name}** (ideal {problem.ideal}, nadir {problem.nadir}, "
            f"reference {REFERENCE} per scaled objective)\n",
            "| method | seeds done | "
            + " | ".join(f"HV @ {b}" for b in budgets)
            + (
                " | ask+tell time per run |"
                if name in SYNTHETIC
                else " | wall share outside fit/score |"
            )
            + " degenerate / edge share |",
            "|---" * (len(budgets) + 4) + "|",
        ]
        for method in args.methods:
            if not _runs_on(method, name):
                continue
            seeds = range(args.first_seed, args.first_seed + n_seeds)
            runs = [load("run", name, method, s) for s in seeds]
            runs = [r for r in runs if r is not None]
            cells = []
            for b in budgets:
                done = [
                    anytime_hypervolume(problem, r["records"], b)
                    for r in runs
                    if len(r["records"]) >= b
                ]
                over = sum(len(r["records"]) < b and r["status"] != "ok" for r in runs)
                cells.append(_summary(done) + (f" ({over} over limit)" if over else ""))
            share = [_overhead(r, name in SYNTHETIC) for r in runs]
            share = (
                f"{_fmt(np.median(share))} s"
                if share and name in SYNTHETIC
                else f"{100 * np.median(share):.1f} %"
                if share
                else "-"
            )
            shares = (
                np.array([degenerate_share(problem, r["records"]) for r in runs])
                if runs
                else np.full((1, 2), np.nan)
            )
            degenerate = (
                (
                    f"{100 * np.nanmedian(shares[:, 0]):.0f} % / "
                    f"{100 * np.nanmedian(shares[:, 1]):.0f} %"
                )
                if runs
                else "-"
            )
            lines.append(
                f"| {method} | {len(runs)}/{n_seeds} | "
                + " | ".join(cells)
                + f" | {share} | {degenerate} |"
            )
            versions.update(r.get("engine", "?") for r in runs)
    return (
        "\n".join(lines) + f"\n\nengine fingerprints in these runs: {sorted(versions)}"
    )


def _fmt(seconds):
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.0f}"


def _overhead(run, synthetic):
    """Synthetic: seconds in ask + tell; Adult: share of wall time outside fitting/scoring."""
    if synthetic:
        return sum(r["ask"] + r["tell"] for r in run["records"])
    inside = sum(r["inside"] for r in run["records"])
    return 1.0 - inside / run["wall"] if run["wall"] > 0 else 0.0


def timing_table(args):
    lines = [
        "| problem | method | "
        + " | ".join(
            f"ask @ {n} obs (warm median; cold; engine)" for n in args.timing_obs
        )
        + " |",
        "|---" * (len(args.timing_obs) + 2) + "|",
    ]
    for name in args.timing_problems:
        for method in args.methods:
            if method in ("random",) + BATCHED:
                continue
            cells = []
            for n in args.timing_obs:
                out = load("timing", name, method, n)
                cells.append(
                    "-"
                    if out is None
                    else f"{np.median(out['warm']):.3f} s; {out['cold']:.3f} s "
                    f"({out.get('engine', '?')})"
                )
            lines.append(f"| {name} | {method} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------ CLI
def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="2 seeds, budgets 20 and 50, ZDT1/DTLZ2/mixed, no Adult",
    )
    parser.add_argument("--problems", nargs="+", choices=SYNTHETIC_NAMES + ADULT_NAMES)
    parser.add_argument(
        "--methods", nargs="+", choices=METHODS, default=list(DEFAULT_METHODS)
    )
    parser.add_argument("--seeds", type=int, default=None)
    parser.add_argument(
        "--first-seed",
        type=int,
        default=0,
        help="seeds run are first-seed .. first-seed + seeds - 1",
    )
    parser.add_argument("--adult-seeds", type=int, default=5)
    parser.add_argument(
        "--budgets",
        dest="budgets_arg",
        nargs="+",
        type=int,
        default=None,
        help="evaluation budgets of the tables (synthetic problems); the "
        "largest is what each run is given",
    )
    parser.add_argument(
        "--limit",
        type=float,
        default=600.0,
        help="seconds per run; a run past it is reported 'over limit'",
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="runs in parallel (processes)"
    )
    parser.add_argument(
        "--report", action="store_true", help="only print cached tables"
    )
    parser.add_argument(
        "--timing-problems",
        dest="timing_problems_arg",
        nargs="*",
        choices=SYNTHETIC_NAMES + ADULT_NAMES,
        default=None,
        help="problems of the proposal-time table (none: no timing runs)",
    )
    parser.add_argument(
        "--timing-obs",
        dest="timing_obs_arg",
        nargs="+",
        type=int,
        default=None,
        help="observation counts of the proposal-time table",
    )
    parser.add_argument(
        "--rerun-stale",
        action="store_true",
        help="redo cached runs of ours/random made with another engine version",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.problems = args.problems or ["zdt1", "dtlz2", "mixed"]
        args.seeds = args.seeds or 2
        args.budgets, args.adult_budgets = [20, 50], [20]
        args.timing_obs, args.timing_problems = [50, 200], ["dtlz2"]
    else:
        args.problems = args.problems or list(SYNTHETIC_NAMES + ADULT_NAMES)
        args.seeds = args.seeds or 10
        args.budgets, args.adult_budgets = [20, 50, 100], [20, 50]
        args.timing_obs, args.timing_problems = [50, 200], ["zdt1", "dtlz2"]
    if args.budgets_arg is not None:
        args.budgets = sorted(args.budgets_arg)
    if args.timing_problems_arg is not None:
        args.timing_problems = args.timing_problems_arg
    if args.timing_obs_arg is not None:
        args.timing_obs = args.timing_obs_arg
    return args


def main(argv=None):
    args = parse(argv)
    start = time.perf_counter()
    if not args.report:
        jobs = plan(args)
        print(f"{len(jobs)} runs to do (the others are cached in {CACHE})", flush=True)
        execute(jobs, args.jobs)
    print(
        f"\n## Hypervolume: median [IQR] over seeds from {args.first_seed}\n"
        + hv_table(args)
    )
    print("\n## Proposal time (one ask, evaluation excluded)\n\n" + timing_table(args))
    print(f"\nwall time: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
