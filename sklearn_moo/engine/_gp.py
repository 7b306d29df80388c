"""The engine's Gaussian processes: kernels, likelihood, fitting and prediction.

Every number the surrogates produce comes from here; nothing else in the
package knows how a kernel's hyper-parameters are laid out. Two kernels,
both functions of the pairwise squared differences of inputs in
scikit-optimize's transformed space (``[0, 1]`` per real or integer
dimension, 0/1 one-hot columns per categorical one):

``"matern52"``
    ``C * Matern(nu=5/2)`` with one length scale per input, what
    scikit-optimize cooks for a space that is not all categorical.
``"hamming"``
    ``C * exp(-sum_k l_k [x_k != y_k])``, scikit-optimize's ``HammingKernel``
    for all-categorical spaces (on 0/1 columns ``(x_k - y_k) ** 2`` is the
    indicator).

Both add a white-noise term: cross-validated scores are noisy. The
hyper-parameters are one vector ``theta = [log C, log l_1, ..., log l_d, log
noise]`` with scikit-optimize's bounds (``C`` in ``[0.01, 1000]``, noise in
``[1e-5, 1e5]``, Hamming weights in ``[1e-5, 1e5]``) except the Matern
length scales, at least ``0.2`` (scikit-optimize: 0.01; see
``_MIN_LENGTH_SCALE``). Targets are normalised to zero mean and unit
standard deviation and ``1e-10`` is added to the kernel's diagonal, as
scikit-learn's ``GaussianProcessRegressor(normalize_y=True)`` does.

Until issue #13 the engine fitted scikit-optimize's ``GaussianProcessRegressor``
(with this module's likelihood plugged into its ``optimizer`` hook) and
predicted from its fitted attributes. The model is the same; what changed is
the Python around it: scikit-learn's kernel objects, parameter validation and
cloning took about half of every fit (``benchmarks/README.md``). The tests
cross-check likelihood, gradient, fitted hyper-parameters and predictions
against scikit-learn's and scikit-optimize's objects.

Kernel fits are maximum a posteriori for the Matern kernel, with the
log-normal length-scale prior of Hvarfner et al. ("Vanilla Bayesian
Optimization Performs Great in High Dimensions", ICML 2024,
https://arxiv.org/abs/2402.02229), taken as a normal density over the log
length scales that are optimised; its mode is the prior's median, about
``4 sqrt(d)`` of the unit range of ``d`` inputs. Smooth surrogates until the
data say otherwise matter most while there are 10-20 observations: over 8
seeds x 50 evaluations the median hypervolume after 20 evaluations went from
0.23 to 0.46 on ZDT3 and from 0.30 to 0.55 on the mixed problem of
``benchmarks/``. The Hamming kernel's weights get no prior.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.linalg import cho_solve, solve_triangular
from scipy.linalg.lapack import dpotrf, dpotri
from scipy.optimize import minimize
from scipy.spatial.distance import cdist
from sklearn.utils import check_random_state

__all__ = [
    "GaussianProcess",
    "fit_gaussian_process",
    "initial_theta",
    "theta_bounds",
    "log_marginal_likelihood",
    "pairwise_squared_differences",
    "length_scale_log_prior",
    "normalized",
    "lbfgs",
]

Kernel = Literal["matern52", "hamming"]
KERNELS: tuple[str, ...] = ("matern52", "hamming")

_LOG_2PI = float(np.log(2.0 * np.pi))
# log length scale ~ Normal(sqrt(2) + log(d) / 2, standard deviation sqrt(3))
_PRIOR_LOCATION = float(np.sqrt(2.0))
_PRIOR_SCALE = float(np.sqrt(3.0))
# Shortest Matern length scale, in the [0, 1] units of a transformed dimension.
# skopt's 0.01 lets a GP fitted to 10-20 points explain them by wiggles: over 6
# seeds x 50 evaluations, 0.2 lifted the mixed problem from 0.63 to 0.84 median
# HV (no seed stuck) and ZDT3 from 0.63 to 0.70, ZDT1/ZDT2/SRN unchanged
# (0.4 was worse on DTLZ2).
_MIN_LENGTH_SCALE = 0.2
_AMPLITUDE_BOUNDS = (0.01, 1000.0)
_NOISE_BOUNDS = (1e-5, 1e5)
_SCALE_BOUNDS = {"matern52": (_MIN_LENGTH_SCALE, 100.0), "hamming": (1e-5, 1e5)}
_ALPHA = 1e-10


def _check_kernel(kernel: str) -> None:
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {KERNELS}, got {kernel!r}.")


def initial_theta(kernel: Kernel, n_features: int) -> np.ndarray:
    """Where a cold fit starts: ``C = 1``, every length scale (weight) 1, noise 1."""
    _check_kernel(kernel)
    return np.zeros(n_features + 2)


def theta_bounds(kernel: Kernel, n_features: int) -> np.ndarray:
    """Bounds of ``theta`` (logarithms), shape ``(n_features + 2, 2)``."""
    _check_kernel(kernel)
    rows = [_AMPLITUDE_BOUNDS] + [_SCALE_BOUNDS[kernel]] * n_features + [_NOISE_BOUNDS]
    return np.log(np.array(rows, dtype=float))


def pairwise_squared_differences(X: np.ndarray) -> np.ndarray:
    """``(X[i, k] - X[j, k]) ** 2``, shape (n_samples**2, n_features), row ``i * n + j``."""
    return ((X[:, None, :] - X[None, :, :]) ** 2).reshape(-1, X.shape[1])


def _correlation(kernel: str, distances: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The correlation at weighted squared distances ``rho``, and its derivative in ``rho``.

    ``rho`` is ``sum_k D_k / l_k**2`` (Matern 5/2: ``(1 + r + r**2 / 3)
    exp(-r)`` with ``r = sqrt(5 rho)``) or ``sum_k l_k D_k`` (Hamming:
    ``exp(-rho)``).
    """
    if kernel == "matern52":
        r = np.sqrt(5.0 * distances)
        decay = np.exp(-r)
        return (1.0 + r + distances * (5.0 / 3.0)) * decay, (-5.0 / 6.0) * (
            1.0 + r
        ) * decay
    correlation = np.exp(-distances)
    return correlation, -correlation


def _scale_factors(kernel: str, theta: np.ndarray) -> np.ndarray:
    """Per-input factors ``f_k`` of the weighted distance ``sum_k f_k D_k``."""
    if kernel == "matern52":
        return np.exp(-2.0 * theta[1:-1])
    return np.exp(theta[1:-1])


def log_marginal_likelihood(
    theta: np.ndarray,
    squared_differences: np.ndarray,
    y: np.ndarray,
    alpha: float | np.ndarray = _ALPHA,
    kernel: Kernel = "matern52",
) -> tuple[float, np.ndarray]:
    """Log-marginal likelihood of ``C * kernel + White`` and its gradient in ``theta``.

    Parameters
    ----------
    theta : ndarray of shape (n_features + 2,)
        ``[log C, log l_1..l_d, log noise]`` (scikit-learn's ``kernel.theta``
        of the same sum).
    squared_differences : ndarray of shape (n_samples**2, n_features)
        :func:`pairwise_squared_differences` of the inputs (fixed for a data
        set, so computed once per fit).
    y : ndarray of shape (n_samples,)
        Targets as the GP sees them (normalised).
    alpha : float or ndarray of shape (n_samples,), default=1e-10
        Value added to the diagonal.
    kernel : {"matern52", "hamming"}, default="matern52"

    Returns
    -------
    value : float
        ``-inf`` when the kernel matrix is not positive definite.
    gradient : ndarray of shape (n_features + 2,)
        Zeros when ``value`` is ``-inf``.

    Notes
    -----
    The gradient is ``0.5 tr((a a^T - K^-1) dK/dtheta)`` with ``a = K^-1 y``
    (Rasmussen & Williams, *Gaussian Processes for Machine Learning*, eq.
    5.9). Cost: O(n**2 d) for the distances and O(n**3) for the Cholesky
    factor and the inverse, both in LAPACK.
    """
    n = y.shape[0]
    amplitude = np.exp(theta[0])
    factors = _scale_factors(kernel, theta)
    noise = np.exp(theta[-1])
    distances = (squared_differences @ factors).reshape(n, n)
    correlation, slope = _correlation(kernel, distances)
    signal = amplitude * correlation
    factor, info = dpotrf(signal + np.diag(np.full(n, noise + alpha)), lower=1, clean=1)
    if info != 0:
        return -np.inf, np.zeros_like(theta)
    # dpotri fails only on a zero diagonal, which dpotrf has ruled out. It
    # fills the lower triangle; clean=1 left zeros above it.
    inverse, _ = dpotri(factor, lower=1)
    inverse += np.tril(inverse, -1).T
    a = inverse @ y
    value = -0.5 * (y @ a) - np.log(np.diag(factor)).sum() - 0.5 * n * _LOG_2PI
    w = np.outer(a, a) - inverse
    gradient = np.empty_like(theta)
    gradient[0] = 0.5 * np.vdot(w, signal)
    # d rho / d log l_k = -2 D_k / l_k^2 (Matern) or l_k D_k (Hamming)
    chain = -2.0 * factors if kernel == "matern52" else factors
    gradient[1:-1] = (
        (0.5 * amplitude) * chain * ((w * slope).ravel() @ squared_differences)
    )
    gradient[-1] = 0.5 * noise * np.trace(w)
    return float(value), gradient


def length_scale_log_prior(log_length_scales: np.ndarray) -> tuple[float, np.ndarray]:
    """Log-density (up to a constant) of log length scales, and its gradient.

    Each ``log l_k`` is Normal with mean ``sqrt(2) + log(d) / 2`` and standard
    deviation ``sqrt(3)``, ``d`` the number of length scales (inputs in
    ``[0, 1]``): the log-normal prior of Hvarfner et al. (2024) as a density
    over the log length scales that the kernel is fitted in.
    """
    d = log_length_scales.shape[0]
    z = (log_length_scales - (_PRIOR_LOCATION + 0.5 * np.log(d))) / _PRIOR_SCALE
    return float(-0.5 * (z @ z)), -z / _PRIOR_SCALE


def normalized(y: np.ndarray) -> tuple[np.ndarray, float, float]:
    """``(y - mean) / std``, the mean and the std (1 when it is exactly 0).

    As ``GaussianProcessRegressor(normalize_y=True)`` does to a 1-d target:
    its ``_handle_zeros_in_scale`` replaces a scalar std only when it is 0.
    """
    mean = float(np.mean(y))
    std = float(np.std(y))
    std = std if std != 0.0 else 1.0
    return (y - mean) / std, mean, std


def lbfgs(
    objective: Callable,
    initial: np.ndarray,
    bounds: np.ndarray,
    maxiter: int | None = None,
    ftol: float | None = None,
) -> tuple[np.ndarray, float]:
    """Minimise ``objective`` (value, gradient) with L-BFGS-B, as scikit-learn does.

    ``maxiter`` caps the iterations and ``ftol`` is the relative change of the
    objective that stops them; None keeps SciPy's defaults.
    """
    options = {
        key: value
        for key, value in (("maxiter", maxiter), ("ftol", ftol))
        if value is not None
    }
    result = minimize(
        objective, initial, method="L-BFGS-B", jac=True, bounds=bounds, options=options
    )
    return result.x, float(result.fun)


@dataclass(frozen=True, eq=False)
class GaussianProcess:
    """A fitted Gaussian process (use :func:`fit_gaussian_process`).

    Attributes
    ----------
    kernel : {"matern52", "hamming"}
    theta : ndarray of shape (n_features + 2,)
        Fitted ``[log C, log l_1..l_d, log noise]``.
    X_train : ndarray of shape (n_samples, n_features)
    y_mean, y_std : float
        The normalisation of the targets.
    cholesky : ndarray of shape (n_samples, n_samples)
        Lower Cholesky factor of the training kernel matrix, noise included.
    weights : ndarray of shape (n_samples,)
        ``K^-1 y`` of the normalised targets.
    """

    kernel: str
    theta: np.ndarray
    X_train: np.ndarray
    y_mean: float
    y_std: float
    cholesky: np.ndarray
    weights: np.ndarray

    @property
    def noise(self) -> float:
        """The fitted white-noise variance, in normalised units."""
        return float(np.exp(self.theta[-1]))

    def _cross(self, X: np.ndarray) -> np.ndarray:
        factors = np.sqrt(_scale_factors(self.kernel, self.theta))
        distances = cdist(X * factors, self.X_train * factors, "sqeuclidean")
        return np.exp(self.theta[0]) * _correlation(self.kernel, distances)[0]

    def predict(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and standard deviation of the latent (noise-free) function.

        As skopt's ``predict(X, return_std=True)``, except that the variance's
        quadratic form goes through the Cholesky factor: skopt's explicit
        inverse is off by up to 30 % at observed points of a noise-free
        objective (condition number ~1e8). Round-off negative variances are
        clipped to 0.
        """
        X = np.asarray(X, dtype=float)
        cross = self._cross(X)
        mean = (cross @ self.weights) * self.y_std + self.y_mean
        return mean, self._std(cross)

    def _std(self, cross: np.ndarray) -> np.ndarray:
        V = solve_triangular(self.cholesky, cross.T, lower=True, check_finite=False)
        variance = np.exp(self.theta[0]) - np.einsum("ij,ij->j", V, V)
        return np.sqrt(np.maximum(variance, 0.0)) * self.y_std

    @property
    def noise_variance(self) -> float:
        """The fitted white-noise variance in the units of the targets."""
        return self.noise * self.y_std**2

    def predict_fantasies(
        self, X: np.ndarray, targets: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Posterior means at ``X`` had the training points had other targets.

        ``targets`` has shape ``(n_samples, n_fantasies)``: one column of
        values for the training points per fantasy (e.g. sampled values of
        the pending points of a batch). Kernel, normalisation and so the
        standard deviation are this model's: only the means change, linearly
        in the targets. Returns means of shape ``(len(X), n_fantasies)`` and
        the standard deviation of shape ``(len(X),)``.
        """
        X = np.asarray(X, dtype=float)
        cross = self._cross(X)
        weights = cho_solve(
            (self.cholesky, True),
            (targets - self.y_mean) / self.y_std,
            check_finite=False,
        )
        return (cross @ weights) * self.y_std + self.y_mean, self._std(cross)


def fit_gaussian_process(
    X: np.ndarray,
    y: np.ndarray,
    *,
    kernel: Kernel = "matern52",
    theta: np.ndarray | None = None,
    optimize: bool = True,
    n_restarts: int = 0,
    random_state: int | np.random.RandomState | None = None,
    maxiter: int | None = None,
    ftol: float | None = None,
    prior: bool | None = None,
) -> GaussianProcess:
    """Fit a GP to ``(X, y)``, optimising ``theta`` unless ``optimize`` is False.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    kernel : {"matern52", "hamming"}, default="matern52"
    theta : ndarray of shape (n_features + 2,), default=None
        Start of the optimisation (a warm start), or the hyper-parameters
        used as they are when ``optimize`` is False. None:
        :func:`initial_theta`.
    optimize : bool, default=True
    n_restarts : int, default=0
        Further L-BFGS-B runs from points drawn uniformly in the log bounds;
        the best of all runs is kept (scikit-learn's ``n_restarts_optimizer``,
        with the same draws for the same ``random_state``).
    random_state : int, RandomState instance or None, default=None
    maxiter, ftol : int and float, default=None
        Limits of each L-BFGS-B run (None: SciPy's defaults).
    prior : bool, default=None
        Maximise the likelihood times :func:`length_scale_log_prior`. None:
        for the Matern kernel only.

    Returns
    -------
    GaussianProcess
    """
    _check_kernel(kernel)
    X = np.asarray(X, dtype=float)
    targets, y_mean, y_std = normalized(np.asarray(y, dtype=float))
    differences = pairwise_squared_differences(X)
    bounds = theta_bounds(kernel, X.shape[1])
    theta = (
        initial_theta(kernel, X.shape[1]) if theta is None else np.asarray(theta, float)
    )
    prior = kernel == "matern52" if prior is None else prior
    if optimize:

        def objective(t):
            value, gradient = log_marginal_likelihood(
                t, differences, targets, _ALPHA, kernel
            )
            if prior and np.isfinite(value):
                prior_value, prior_gradient = length_scale_log_prior(t[1:-1])
                value += prior_value
                gradient[1:-1] += prior_gradient
            return -value, -gradient

        rng = check_random_state(random_state)
        runs = [lbfgs(objective, theta, bounds, maxiter, ftol)]
        for _ in range(n_restarts):
            runs.append(
                lbfgs(
                    objective,
                    rng.uniform(bounds[:, 0], bounds[:, 1]),
                    bounds,
                    maxiter,
                    ftol,
                )
            )
        theta = runs[int(np.argmin([value for _, value in runs]))][0]
    return _conditioned(kernel, theta, X, differences, targets, y_mean, y_std)


def _conditioned(
    kernel, theta, X, differences, targets, y_mean, y_std
) -> GaussianProcess:
    n = len(X)
    distances = (differences @ _scale_factors(kernel, theta)).reshape(n, n)
    K = np.exp(theta[0]) * _correlation(kernel, distances)[0]
    K[np.diag_indices_from(K)] += np.exp(theta[-1]) + _ALPHA
    factor, info = dpotrf(K, lower=1, clean=1)
    if info != 0:
        raise np.linalg.LinAlgError(
            f"The kernel matrix of {n} points is not positive definite with theta={theta!r}; "
            "duplicate inputs with a noise level at its lower bound can cause this."
        )
    weights = solve_triangular(
        factor.T,
        solve_triangular(factor, targets, lower=True, check_finite=False),
        lower=False,
        check_finite=False,
    )
    return GaussianProcess(
        kernel, np.array(theta, dtype=float), X, y_mean, y_std, factor, weights
    )
