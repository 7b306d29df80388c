"""The engine's Gaussian processes (``sklearn_moo.engine._gp``) against scikit-optimize's.

Until issue #13 the engine fitted scikit-optimize's ``GaussianProcessRegressor`` (cooked
as ``cook_estimator("GP", noise="gaussian")``, Matern length scales of at least 0.2) with
our likelihood and prior in its ``optimizer`` hook, and predicted from its fitted
attributes. This times the two on the same data, the same way the engine uses them:

- cold fit: from the default start plus 2 random restarts (SciPy's L-BFGS-B defaults);
- warm fit: from the previous hyper-parameters (noise reset to its lower bound), at most
  20 iterations, relative tolerance 1e-5;
- fixed fit: the hyper-parameters as they are (the Kriging believer's refits);
- predict: mean and standard deviation at 1,800 candidates.

Both sides minimise the same objective (the engine plugged ``_gp.log_marginal_likelihood`` and
the prior into skopt's ``optimizer`` hook, as it did before #13), so equal hyper-parameters
show that the wrappers around it agree; ``tests/engine/test_gp.py`` checks that likelihood
against scikit-learn's own. Run by hand::

    python benchmarks/bench_gp.py [--repeats 20]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
from scipy.linalg import solve_triangular  # noqa: E402
from scipy.optimize import minimize  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from skopt.space import Space  # noqa: E402
from skopt.space.space import Real  # noqa: E402
from skopt.utils import cook_estimator  # noqa: E402

from sklearn_moo.engine._gp import (  # noqa: E402
    fit_gaussian_process,
    length_scale_log_prior,
    log_marginal_likelihood,
    normalized,
    pairwise_squared_differences,
)

N_CANDIDATES = 1800


def _skopt_optimizer(X, y, maxiter, ftol):
    """The optimizer hook the engine plugged into skopt's GP before #13."""
    differences = pairwise_squared_differences(X)
    targets = normalized(y)[0]

    def objective(theta):
        value, gradient = log_marginal_likelihood(theta, differences, targets)
        if np.isfinite(value):
            prior_value, prior_gradient = length_scale_log_prior(theta[1:-1])
            value += prior_value
            gradient[1:-1] += prior_gradient
        return -value, -gradient

    def optimizer(obj_func, initial_theta, bounds):
        options = {
            k: v for k, v in (("maxiter", maxiter), ("ftol", ftol)) if v is not None
        }
        result = minimize(
            objective,
            initial_theta,
            method="L-BFGS-B",
            jac=True,
            bounds=bounds,
            options=options,
        )
        return result.x, result.fun

    return optimizer


def _skopt_predict(model, X):
    """The engine's prediction from skopt's fitted attributes before #13."""
    K_trans = model.kernel_(X, model.X_train_)
    mean = (K_trans @ model.alpha_) * model.y_train_std_ + model.y_train_mean_
    V = solve_triangular(model.L_, K_trans.T, lower=True, check_finite=False)
    variance = model.kernel_.diag(X) - np.einsum("ij,ij->j", V, V)
    return mean, np.sqrt(np.maximum(variance, 0.0)) * model.y_train_std_


class Skopt:
    def __init__(self, d):
        self.template = cook_estimator(
            "GP", space=Space([Real(0.0, 1.0)] * d), noise="gaussian"
        )
        self.template.kernel.set_params(k2__length_scale_bounds=[(0.2, 100.0)] * d)

    def fit(self, X, y, previous=None, optimize=True, seed=0):
        gp = clone(self.template).set_params(random_state=seed)
        limits = (None, None)
        if previous is not None:
            kernel = clone(previous.kernel_)
            # skopt zeroes the fitted noise in kernel_: put it back, or restart it
            # from its lower bound for a warm fit (as the engine did)
            kernel.k2.set_params(
                noise_level=kernel.k2.noise_level_bounds[0]
                if optimize
                else previous.noise_
            )
            gp.set_params(kernel=kernel, n_restarts_optimizer=0)
            limits = (20, 1e-5)
        gp.set_params(optimizer=_skopt_optimizer(X, y, *limits) if optimize else None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return gp.fit(X, y)

    def theta(self, gp):
        return np.r_[gp.kernel_.k1.theta, np.log(gp.noise_)]

    predict = staticmethod(_skopt_predict)


class Ours:
    def fit(self, X, y, previous=None, optimize=True, seed=0):
        if previous is None:
            return fit_gaussian_process(X, y, n_restarts=2, random_state=seed)
        theta = previous.theta.copy()
        if optimize:
            theta[-1] = np.log(1e-5)
            return fit_gaussian_process(
                X, y, theta=theta, maxiter=20, ftol=1e-5, random_state=seed
            )
        return fit_gaussian_process(X, y, theta=theta, optimize=False)

    def theta(self, gp):
        return gp.theta

    @staticmethod
    def predict(gp, X):
        return gp.predict(X)


def _median_time(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--dims", type=int, default=4)
    args = parser.parse_args(argv)
    rng = np.random.RandomState(0)
    d = args.dims
    candidates = rng.uniform(size=(N_CANDIDATES, d))
    print(
        f"d = {d}, median of {args.repeats} (milliseconds); candidates {N_CANDIDATES}"
    )
    print("| observations | what | skopt's GP | ours | ratio | max abs. theta diff. |")
    print("|---|---|---|---|---|---|")
    for n in (20, 50, 100, 200):
        X = rng.uniform(size=(n, d))
        y = np.sin(3 * X).sum(axis=1) + 0.05 * rng.normal(size=n)
        X1 = np.vstack([X, rng.uniform(size=(1, d))])
        y1 = np.r_[y, np.sin(3 * X1[-1]).sum()]
        rows = {}
        for name, model in (("skopt", Skopt(d)), ("ours", Ours())):
            cold = model.fit(X, y)
            warm = model.fit(X1, y1, previous=cold)
            rows[name] = {
                "cold fit": _median_time(
                    lambda: model.fit(X, y), max(3, args.repeats // 4)
                ),
                "warm fit": _median_time(
                    lambda: model.fit(X1, y1, previous=cold), args.repeats
                ),
                "fixed fit": _median_time(
                    lambda: model.fit(X1, y1, previous=warm, optimize=False),
                    args.repeats,
                ),
                "predict": _median_time(
                    lambda: model.predict(warm, candidates), args.repeats
                ),
                "theta": (model.theta(cold), model.theta(warm)),
                "prediction": model.predict(warm, candidates),
            }
        diff = max(
            np.abs(a - b).max()
            for a, b in zip(rows["skopt"]["theta"], rows["ours"]["theta"])
        )
        mean_diff = np.abs(
            rows["skopt"]["prediction"][0] - rows["ours"]["prediction"][0]
        ).max()
        for what in ("cold fit", "warm fit", "fixed fit", "predict"):
            a, b = rows["skopt"][what] * 1e3, rows["ours"][what] * 1e3
            extra = f"{diff:.1e}" if what != "predict" else f"means {mean_diff:.1e}"
            print(f"| {n} | {what} | {a:.2f} | {b:.2f} | {a / b:.1f}x | {extra} |")


if __name__ == "__main__":
    main()
