"""The engine's log-marginal likelihood against scikit-learn's."""

import numpy as np
import pytest
from scipy.optimize import check_grad
from skopt.space import Space
from skopt.space.space import Categorical, Integer, Real
from skopt.utils import cook_estimator

from sklearn_moo.engine import MultiObjectiveOptimizer
from sklearn_moo.engine import _likelihood as likelihood
from sklearn_moo.engine import _optimizer as optimizer_module
from sklearn_moo.engine._likelihood import (
    _normalized,
    kernel_optimizer,
    length_scale_log_prior,
    matern52_log_marginal_likelihood,
    pairwise_squared_differences,
)


def _fitted_gp(X, y, normalize_y=True):
    """skopt's GP for a real space, fitted with scikit-learn's own optimiser."""
    gp = cook_estimator("GP", space=Space([Real(0.0, 1.0)] * X.shape[1]), noise="gaussian",
                        random_state=0, normalize_y=normalize_y)
    return gp.fit(X, y)


@pytest.mark.parametrize("n, d, normalize_y", [
    (1, 1, True), (2, 1, False), (7, 3, True), (7, 3, False), (40, 6, True),
])
def test_matern52_log_marginal_likelihood_matches_sklearn(n, d, normalize_y):
    rng = np.random.RandomState(n)
    X = rng.uniform(size=(n, d))
    y = np.sin(3 * X).sum(axis=1) + 0.1 * rng.normal(size=n)
    gp = _fitted_gp(X, y, normalize_y)
    bounds = gp.kernel_.bounds
    targets = _normalized(y) if normalize_y else y
    for theta in rng.uniform(bounds[:, 0], bounds[:, 1], size=(5, len(bounds))):
        expected, expected_gradient = gp.log_marginal_likelihood(theta, eval_gradient=True)
        value, gradient = matern52_log_marginal_likelihood(
            theta, pairwise_squared_differences(X), targets, gp.alpha)
        np.testing.assert_allclose(value, expected, rtol=1e-9)
        np.testing.assert_allclose(gradient, expected_gradient, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("y", [
    np.array([3.0, -1.0, 2.5, 7.0, 0.0, 1.0]),
    np.full(6, 4.0),  # std 0: divided by 1
    np.full(6, 0.1),  # std 1.4e-17 (round-off), and scikit-learn divides by it
])
def test_normalized_is_the_target_sklearn_fits(y):
    X = np.linspace(0.0, 1.0, len(y))[:, None]
    np.testing.assert_array_equal(_normalized(y), _fitted_gp(X, y).y_train_)


def test_matern52_log_marginal_likelihood_gradient_is_the_derivative():
    rng = np.random.RandomState(1)
    X = rng.uniform(size=(15, 2))
    sq, y = pairwise_squared_differences(X), rng.normal(size=15)

    def value(theta):
        return matern52_log_marginal_likelihood(theta, sq, y, 1e-10)[0]

    def gradient(theta):
        return matern52_log_marginal_likelihood(theta, sq, y, 1e-10)[1]

    theta = np.log([2.0, 0.3, 0.8, 0.05])
    assert check_grad(value, gradient, theta) < 1e-5 * np.linalg.norm(gradient(theta))


def test_matern52_log_marginal_likelihood_not_positive_definite_is_minus_inf():
    X = np.zeros((3, 1))  # three identical points, no noise: a rank-one kernel matrix
    theta = np.log([1.0, 1.0, 1e-300])
    value, gradient = matern52_log_marginal_likelihood(theta, pairwise_squared_differences(X),
                                                       np.array([0.0, 1.0, 2.0]), 0.0)
    assert value == -np.inf
    np.testing.assert_array_equal(gradient, 0.0)


def test_kernel_optimizer_finds_sklearns_hyperparameters():
    rng = np.random.RandomState(0)
    X = rng.uniform(size=(30, 3))
    y = np.cos(4 * X[:, 0]) + X[:, 1] + 0.05 * rng.normal(size=30)
    expected = _fitted_gp(X, y)
    gp = cook_estimator("GP", space=Space([Real(0.0, 1.0)] * 3), noise="gaussian",
                        random_state=0)
    gp.set_params(optimizer=kernel_optimizer(X, y, alpha=gp.alpha, normalize_y=True,
                                             prior=False))
    gp.fit(X, y)
    # skopt zeroes the fitted noise in kernel_ (theta[-1] = log 0) and keeps it in noise_
    np.testing.assert_allclose(gp.kernel_.k1.theta, expected.kernel_.k1.theta, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(gp.noise_, expected.noise_, rtol=1e-3)
    np.testing.assert_allclose(gp.log_marginal_likelihood_value_,
                               expected.log_marginal_likelihood_value_, rtol=1e-8)


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


def test_kernel_optimizer_prior_pulls_length_scales_towards_its_median():
    rng = np.random.RandomState(3)
    X = rng.uniform(size=(8, 3))  # few points, so the prior weighs against the data
    y = X.sum(axis=1) + 0.01 * rng.normal(size=8)
    location = np.sqrt(2) + 0.5 * np.log(3)
    distances = {}
    for prior in (False, True):
        gp = cook_estimator("GP", space=Space([Real(0.0, 1.0)] * 3), noise="gaussian",
                            random_state=0)
        gp.set_params(optimizer=kernel_optimizer(X, y, alpha=gp.alpha, normalize_y=True,
                                                 prior=prior))
        log_scales = gp.fit(X, y).kernel_.k1.k2.theta
        distances[prior] = np.abs(log_scales - location).sum()
    assert distances[True] < distances[False]


@pytest.mark.parametrize("dimensions, fast", [
    ([Real(0.0, 1.0)], True),  # one length scale, which scikit-learn stores as a scalar
    ([Real(0.0, 1.0), Integer(0, 5), Categorical(["a", "b", "c"])], True),
    ([Categorical(["a", "b", "c"]), Categorical(["w", "x", "y", "z"])], False),  # Hamming kernel
])
def test_optimizer_fits_kernels_with_the_likelihood_that_fits_them(dimensions, fast, monkeypatch):
    calls = {"ours": 0, "prior": 0, "sklearn": 0}

    def counted(name, function):
        def call(*args):
            calls[name] += 1
            return function(*args)
        return call

    monkeypatch.setattr(likelihood, "matern52_log_marginal_likelihood",
                        counted("ours", matern52_log_marginal_likelihood))
    monkeypatch.setattr(likelihood, "length_scale_log_prior",
                        counted("prior", length_scale_log_prior))
    monkeypatch.setattr(optimizer_module, "lbfgs", counted("sklearn", optimizer_module.lbfgs))
    opt = MultiObjectiveOptimizer(dimensions, n_objectives=2, random_state=0,
                                  n_initial_points=4)
    rng = np.random.RandomState(0)
    fits = []
    for _ in range(7):
        (x,) = opt.ask()
        opt.tell(x, rng.uniform(size=2))
        fits.append(dict(calls))
    # Asks 5-7 are model-based. Each of the 2 objectives gets a cold fit (skopt's
    # 2 random restarts: 3 L-BFGS runs), then 2 warm fits (1 run each).
    assert calls["sklearn"] == (0 if fast else 2 * (3 + 2))
    assert (calls["ours"] > 0) == fast and calls["prior"] == calls["ours"]
    if fast:
        assert all(later["ours"] > earlier["ours"] for earlier, later in zip(fits[3:], fits[4:]))
    for key in (("y", 0), ("y", 1)):
        kernel = opt._kernels[key]
        assert np.all(np.isfinite(kernel.theta))
        assert np.all((kernel.theta >= kernel.bounds[:, 0] - 1e-9)
                      & (kernel.theta <= kernel.bounds[:, 1] + 1e-9))
