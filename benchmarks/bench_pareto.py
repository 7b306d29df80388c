"""Benchmark of the Pareto kernels: non-dominated mask and hypervolume.

Compares sklearn_moo.pareto (NumPy backend forced, then moocore backend forced) with moocore,
pymoo and Optuna on uniform random points and on points that are all non-dominated (on the
positive orthant of the unit sphere). Each measurement runs in its own subprocess with a time
limit; the reported time is the median of up to 25 repeats within about a second (one run
for slow calls; data generation and imports excluded). The ratios to moocore come from timing
both alternately in one subprocess, which keeps them meaningful on a loaded machine. Run by
hand::

    python benchmarks/bench_pareto.py [--quick] [--limit SECONDS]

Not part of the test suite; optuna, pymoo and moocore are benchmark-only dependencies.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

import numpy as np

METHODS = ("ours-numpy", "ours-moocore", "moocore", "pymoo", "optuna")
KINDS = ("uniform", "front")
REFERENCE = 1.1  # points lie in [0, 1]^m


def make_points(kind: str, n: int, m: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "uniform":
        return rng.random((n, m))
    points = np.abs(rng.normal(size=(n, m)))
    return points / np.linalg.norm(
        points, axis=1, keepdims=True
    )  # mutually non-dominated


def _ours(task: str, backend: str):
    from sklearn_moo import pareto

    pareto.set_backend(backend)
    if task == "nd":
        return pareto.is_non_dominated
    return lambda points, ref: pareto.hypervolume(points, ref)


def _callable(task: str, method: str):
    """The function to time: ``f(points)`` for "nd", ``f(points, ref)`` for "hv"."""
    if method == "ours-numpy":
        return _ours(task, "numpy")
    if method == "ours-moocore":
        return _ours(task, "moocore")
    if method == "moocore":
        import moocore

        if task == "nd":
            return lambda points: moocore.is_nondominated(points, keep_weakly=True)
        return lambda points, ref: moocore.hypervolume(points, ref=ref)
    if method == "pymoo":
        from pymoo.indicators.hv import HV
        from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

        if task == "nd":
            return lambda points: NonDominatedSorting().do(
                points, only_non_dominated_front=True
            )
        return lambda points, ref: HV(ref_point=ref)(points)
    if method == "optuna":
        from optuna._hypervolume import compute_hypervolume
        from optuna.study._multi_objective import _is_pareto_front

        if task == "nd":
            return lambda points: _is_pareto_front(
                points, assume_unique_lexsorted=False
            )
        return lambda points, ref: compute_hypervolume(points, ref)
    raise ValueError(f"unknown method {method!r}")


def _time(call, max_repeats: int = 25, budget: float = 1.0) -> float:
    """Median wall time of up to ``max_repeats`` calls, fewer if the calls are slow."""
    times = []
    while len(times) < max_repeats and (not times or sum(times) < budget):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _time_paired(call, reference, max_repeats: int = 25, budget: float = 2.0):
    """Medians of ``call`` and ``reference`` timed alternately in one process.

    The ratio of the two is robust to the load of a shared machine drifting between runs.
    """
    times, reference_times = [], []
    while len(times) < max_repeats and (
        not times or sum(times) + sum(reference_times) < budget
    ):
        for bucket, func in ((times, call), (reference_times, reference)):
            start = time.perf_counter()
            func()
            bucket.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(reference_times)


def worker(task: str, method: str, kind: str, n: int, m: int) -> None:
    points = make_points(kind, n, m)
    ref = np.full(m, REFERENCE)
    func = _callable(task, method)
    call = (lambda: func(points)) if task == "nd" else (lambda: func(points, ref))
    if method.startswith("ours-"):
        moocore = _callable(task, "moocore")
        reference = (
            (lambda: moocore(points))
            if task == "nd"
            else (lambda: moocore(points, ref))
        )
        seconds, moocore_seconds = _time_paired(call, reference)
        print(json.dumps({"seconds": seconds, "moocore_seconds": moocore_seconds}))
    else:
        print(json.dumps({"seconds": _time(call)}))


def search_worker(n: int, m: int, kind: str) -> None:
    """The search's own calls, default ("auto") backend: milliseconds per call."""
    from sklearn_moo import pareto

    points = make_points(kind, n, m)
    ref = pareto.default_reference_point(points)
    calls = {
        "is_non_dominated": lambda: pareto.is_non_dominated(points),
        "non_dominated_sort": lambda: pareto.non_dominated_sort(points),
        "hypervolume": lambda: pareto.hypervolume(points, ref),
        "crowding_distance": lambda: pareto.crowding_distance(points),
    }
    print(json.dumps({name: _time(call) for name, call in calls.items()}))


def run(args: list[str], limit: float) -> dict | None:
    try:
        out = subprocess.run(
            [sys.executable, __file__, *args],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as e:
        return {"error": e.stderr.strip().splitlines()[-1] if e.stderr else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cell(result: dict | None) -> str:
    if result is None:
        return "over limit"
    if "error" in result:
        return "error"
    return f"{result['seconds'] * 1e3:.2f}"


def _ratio(result: dict | None) -> str:
    """Ours over moocore, both timed alternately in the same process."""
    if not result or "moocore_seconds" not in result:
        return "-"
    return f"{result['seconds'] / result['moocore_seconds']:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n in {1e3, 1e4} only")
    parser.add_argument(
        "--limit", type=float, default=60.0, help="seconds per measurement"
    )
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--search-worker", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        task, method, kind, n, m = options.worker
        worker(task, method, kind, int(n), int(m))
        return
    if options.search_worker:
        n, m, kind = options.search_worker
        search_worker(int(n), int(m), kind)
        return

    sizes = (1_000, 10_000) if options.quick else (1_000, 10_000, 100_000)
    ratios = ["numpy/moocore (paired)", "ours-moocore/moocore (paired)"]
    header = " | ".join(["task", "m", "points", "n", *METHODS, *ratios])
    print("Times in ms (median).\n")
    print(f"| {header} |")
    print("|" + "---|" * (len(METHODS) + 6))
    for task in ("nd", "hv"):
        for m in (2, 3, 4):
            for kind in KINDS:
                for n in sizes:
                    results = {}
                    for method in METHODS:
                        results[method] = run(
                            ["--worker", task, method, kind, str(n), str(m)],
                            options.limit,
                        )
                    row = [
                        task,
                        str(m),
                        kind,
                        f"{n:.0e}",
                        *(_cell(results[k]) for k in METHODS),
                    ]
                    row += [
                        _ratio(results["ours-numpy"]),
                        _ratio(results["ours-moocore"]),
                    ]
                    print("| " + " | ".join(row) + " |", flush=True)

    names = (
        "is_non_dominated",
        "non_dominated_sort",
        "hypervolume",
        "crowding_distance",
    )
    print("\nSearch sizes, default backend, ms per call (median).\n")
    print("| m | points | n | " + " | ".join(names) + " |")
    print("|" + "---|" * (3 + len(names)))
    for m in (2, 3, 4):
        for kind in KINDS:
            for n in (100, 500, 2000):
                result = run(["--search-worker", str(n), str(m), kind], options.limit)
                cells = (
                    [f"{result[k] * 1e3:.2f}" for k in names]
                    if result and "error" not in result
                    else [_cell(result)] * len(names)
                )
                print(f"| {m} | {kind} | {n} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
