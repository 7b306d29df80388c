"""The engine's Gaussian processes against scikit-learn's and scikit-optimize's."""

import warnings

import numpy as np
import pytest
from scipy.optimize import check_grad
from sklearn.exceptions import ConvergenceWarning
from skopt.space import Space
from skopt.space.space import Categorical, Integer, Real
from skopt.utils import cook_estimator, normalize_dimensions

from sklearn_moo.engine import MultiObjectiveOptimizer, _gp
from sklearn_moo.engine._gp import (
    fit_gaussian_process,
    length_scale_log_prior,
    log_marginal_likelihood,
    normalized,
    pairwise_squared_differences,
    theta_bounds,
)

KERNELS = ["matern52", "hamming"]


def _data(kernel, n, d, seed=0):
    """Inputs as the engine encodes them: reals in [0, 1], or one-hot categories."""
    rng = np.random.RandomState(seed)
    if kernel == "matern52":
        space = Space([Real(0.0, 1.0)] * d)
        X = rng.uniform(size=(n, d))
    else:
        space = Space(
            normalize_dimensions(
                [
                    Categorical(list("abc")),
                    Categorical(list("wxyz")),
                    Categorical([0, 1]),
                ][:d]
            )
        )
        X = np.asarray(space.transform(space.rvs(n, random_state=seed)), dtype=float)
    y = np.sin(3 * X).sum(axis=1) + 0.1 * rng.normal(size=n)
    return space, X, y


def _skopt_gp(space, X, y, kernel, fit=True):
    """skopt's GP as the engine cooked it before #13, fitted by scikit-learn's optimiser."""
    gp = cook_estimator("GP", space=space, noise="gaussian", random_state=5)
    if kernel == "matern52":
        gp.kernel.set_params(k2__length_scale_bounds=[(0.2, 100.0)] * X.shape[1])
    if fit:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            gp.fit(X, y)
    return gp


@pytest.mark.parametrize(
    "kernel, n, d",
    [
        ("matern52", 1, 1),
        ("matern52", 7, 3),
        ("matern52", 40, 6),
        ("hamming", 2, 1),
        ("hamming", 12, 3),
    ],
)
def test_log_marginal_likelihood_matches_sklearn(kernel, n, d):
    space, X, y = _data(kernel, n, d, seed=n)
    gp = _skopt_gp(space, X, y, kernel)
    bounds = gp.kernel_.bounds
    np.testing.assert_allclose(theta_bounds(kernel, X.shape[1]), bounds)
    rng = np.random.RandomState(1)
    for theta in rng.uniform(bounds[:, 0], bounds[:, 1], size=(5, len(bounds))):
        expected, expected_gradient = gp.log_marginal_likelihood(
            theta, eval_gradient=True
        )
        value, gradient = log_marginal_likelihood(
            theta, pairwise_squared_differences(X), normalized(y)[0], gp.alpha, kernel
        )
        np.testing.assert_allclose(value, expected, rtol=1e-9)
        # skopt's Hamming gradient uses float32 indicators: sums of a few dozen float32
        # terms agree to about 1e-6 only, and how far depends on the CPU's SIMD
        # kernels (1.5e-6 on the 2-core AMD EPYC VM of 2026-12-03); ours is float64.
        rtol = 1e-6 if kernel == "matern52" else 1e-5
        np.testing.assert_allclose(gradient, expected_gradient, rtol=rtol, atol=1e-8)


@pytest.mark.parametrize("kernel", KERNELS)
def test_log_marginal_likelihood_gradient_is_the_derivative(kernel):
    _, X, _ = _data(kernel, 15, 2, seed=1)
    sq, y = pairwise_squared_differences(X), np.random.RandomState(1).normal(size=15)
    theta = np.log(np.r_[2.0, np.linspace(0.3, 2.0, X.shape[1]), 0.05])

    def value(t):
        return log_marginal_likelihood(t, sq, y, 1e-10, kernel)[0]

    def gradient(t):
        return log_marginal_likelihood(t, sq, y, 1e-10, kernel)[1]

    assert check_grad(value, gradient, theta) < 1e-5 * np.linalg.norm(gradient(theta))


def test_log_marginal_likelihood_not_positive_definite_is_minus_inf():
    X = np.zeros((3, 1))  # three identical points, no noise: a rank-one kernel matrix
    theta = np.log([1.0, 1.0, 1e-300])
    value, gradient = log_marginal_likelihood(
        theta, pairwise_squared_differences(X), np.array([0.0, 1.0, 2.0]), 0.0
    )
    assert value == -np.inf
    np.testing.assert_array_equal(gradient, 0.0)


@pytest.mark.parametrize(
    "y",
    [
        np.array([3.0, -1.0, 2.5, 7.0, 0.0, 1.0]),
        np.full(6, 4.0),  # std 0: divided by 1
        np.full(6, 0.1),  # std 1.4e-17 (round-off), and scikit-learn divides by it
    ],
)
def test_normalized_is_the_target_sklearn_fits(y):
    X = np.linspace(0.0, 1.0, len(y))[:, None]
    gp = _skopt_gp(Space([Real(0.0, 1.0)]), X, y, "matern52")
    targets, mean, std = normalized(y)
    np.testing.assert_array_equal(targets, gp.y_train_)
    assert (mean, std) == (gp.y_train_mean_, gp.y_train_std_)


@pytest.mark.parametrize("kernel, n, d", [("matern52", 30, 3), ("hamming", 14, 3)])
def test_fit_finds_sklearns_hyperparameters_with_the_same_restarts(kernel, n, d):
    space, X, y = _data(kernel, n, d)
    expected = _skopt_gp(space, X, y, kernel)  # 2 random restarts, random_state=5
    ours = fit_gaussian_process(
        X, y, kernel=kernel, n_restarts=2, random_state=5, prior=False
    )
    # skopt keeps the fitted noise in noise_ and zeroes it in kernel_
    np.testing.assert_allclose(
        ours.theta[:-1], expected.kernel_.k1.theta, rtol=1e-5, atol=1e-5
    )
    np.testing.assert_allclose(ours.noise, expected.noise_, rtol=1e-4)


@pytest.mark.parametrize("kernel, n, d", [("matern52", 9, 3), ("hamming", 9, 3)])
def test_predictions_equal_skopts_for_the_same_kernel(kernel, n, d):
    space, X, y = _data(kernel, n, d, seed=2)
    y = y * 1e3 + 5.0  # the normalisation undoes a scale and a shift
    ours = fit_gaussian_process(X, y, kernel=kernel, n_restarts=1, random_state=0)
    expected = _skopt_gp(space, X, y, kernel, fit=False)
    expected.kernel.theta = ours.theta[:-1]
    expected.set_params(optimizer=None, noise=ours.noise)  # a fixed white-noise term
    expected.fit(X, y)
    candidates = np.vstack(
        [np.asarray(space.transform(space.rvs(50, random_state=3))), X]
    )
    mean, std = ours.predict(candidates)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Predicted variances smaller than 0")
        expected_mean, expected_std = expected.predict(candidates, return_std=True)
    np.testing.assert_allclose(mean, expected_mean, rtol=1e-9, atol=1e-9 * 1e3)
    np.testing.assert_allclose(std, expected_std, rtol=1e-6, atol=1e-8 * 1e3)


@pytest.mark.parametrize("d", [1, 3])
def test_predictions_at_observed_points_of_a_smooth_function_stay_within_the_noise(d):
    # The latent variance at an observed point is at most the noise variance.
    # skopt's explicit inverse breaks this in one dimension: standard deviations
    # up to 1.5 times the noise's.
    X = np.random.RandomState(0).uniform(size=(25, d))
    y = np.sin(3 * X).sum(axis=1)
    model = fit_gaussian_process(X, y, n_restarts=2, random_state=0)
    _, std = model.predict(X)
    assert np.all(std <= np.sqrt(model.noise) * model.y_std * (1 + 1e-6))


def test_fit_without_optimizing_keeps_theta_and_conditions_on_the_data():
    X = np.linspace(0.0, 1.0, 6)[:, None]
    theta = np.log([2.0, 0.5, 1e-4])
    model = fit_gaussian_process(X, X[:, 0] ** 2, theta=theta, optimize=False)
    np.testing.assert_array_equal(model.theta, theta)
    mean, _ = model.predict(X)
    np.testing.assert_allclose(mean, X[:, 0] ** 2, atol=1e-3)


def test_fit_rejects_an_unknown_kernel():
    with pytest.raises(ValueError, match="kernel must be one of"):
        fit_gaussian_process(np.zeros((2, 1)), np.zeros(2), kernel="rbf")


def test_length_scale_log_prior_is_normal_in_log_length_scale():
    d = 4
    location = np.sqrt(2) + 0.5 * np.log(d)
    value, gradient = length_scale_log_prior(np.full(d, location))
    assert value == 0.0
    np.testing.assert_array_equal(gradient, 0.0)
    theta = np.array([0.0, 1.0, 2.0, 3.0])
    value, gradient = length_scale_log_prior(theta)
    np.testing.assert_allclose(value, -np.sum((theta - location) ** 2) / 6)
    np.testing.assert_allclose(gradient, -(theta - location) / 3)


def test_fit_prior_pulls_length_scales_towards_its_median():
    rng = np.random.RandomState(3)
    X = rng.uniform(size=(8, 3))  # few points, so the prior weighs against the data
    y = X.sum(axis=1) + 0.01 * rng.normal(size=8)
    location = np.sqrt(2) + 0.5 * np.log(3)
    distances = {}
    for prior in (False, True):
        log_scales = fit_gaussian_process(X, y, prior=prior).theta[1:-1]
        distances[prior] = np.abs(log_scales - location).sum()
    assert distances[True] < distances[False]


@pytest.mark.parametrize(
    "dimensions, kernel",
    [
        ([Real(0.0, 1.0)], "matern52"),
        ([Real(0.0, 1.0), Integer(0, 5), Categorical(["a", "b", "c"])], "matern52"),
        ([Categorical(["a", "b", "c"]), Categorical(["w", "x", "y", "z"])], "hamming"),
    ],
)
def test_optimizer_fits_each_kernel_cold_then_warm(dimensions, kernel, monkeypatch):
    calls = []
    fit = _gp.fit_gaussian_process

    def counted(X, y, **kwargs):
        calls.append(kwargs)
        return fit(X, y, **kwargs)

    monkeypatch.setattr("sklearn_moo.engine._optimizer.fit_gaussian_process", counted)
    opt = MultiObjectiveOptimizer(
        dimensions, n_objectives=2, random_state=0, n_initial_points=4
    )
    rng = np.random.RandomState(0)
    for _ in range(7):
        (x,) = opt.ask()
        opt.tell(x, rng.uniform(size=2))
    # Asks 5-7 are model-based: per objective one cold fit (2 random restarts,
    # no limits), then 2 warm fits starting from the stored theta, noise reset.
    assert [c["kernel"] for c in calls] == [kernel] * 6
    assert [c["n_restarts"] for c in calls] == [2, 2, 0, 0, 0, 0]
    assert calls[0]["theta"] is None and calls[0]["maxiter"] is None
    assert all(c["theta"] is not None and c["maxiter"] == 20 for c in calls[2:])
    for key in (("y", 0), ("y", 1)):
        theta = opt._kernels[key]
        bounds = theta_bounds(kernel, opt.space.transformed_n_dims)
        assert np.all((theta >= bounds[:, 0] - 1e-9) & (theta <= bounds[:, 1] + 1e-9))
    assert all(c["theta"][-1] == bounds[-1, 0] for c in calls[2:])
