"""The engine's log-marginal likelihood against scikit-learn's."""

import numpy as np
import pytest
from scipy.optimize import check_grad
from skopt.space import Space
from skopt.space.space import Categorical, Integer, Real
from skopt.utils import cook_estimator

from sklearn_moo.engine import MultiObjectiveOptimizer
from sklearn_moo.engine import _likelihood as likelihood
from sklearn_moo.engine._likelihood import (
    kernel_optimizer,
    length_scale_log_prior,
    matern52_log_marginal_likelihood,
)


def _fitted_gp(X, y):
    """skopt's GP for a real space, fitted with scikit-learn's own optimiser."""
    gp = cook_estimator("GP", space=Space([Real(0.0, 1.0)] * X.shape[1]), noise="gaussian",
                        random_state=0)
    return gp.fit(X, y)


def _squared_differences(X):
    return ((X[:, None, :] - X[None, :, :]) ** 2).reshape(-1, X.shape[1])


def _normalized(y):
    return (y - y.mean()) / (y.std() if y.std() > 0 else 1.0)


@pytest.mark.parametrize("n, d", [(1, 1), (7, 3), (40, 6)])
def test_matern52_log_marginal_likelihood_matches_sklearn(n, d):
    rng = np.random.RandomState(n)
    X = rng.uniform(size=(n, d))
    y = np.sin(3 * X).sum(axis=1) + 0.1 * rng.normal(size=n)
    gp = _fitted_gp(X, y)
    bounds = gp.kernel_.bounds
    for theta in rng.uniform(bounds[:, 0], bounds[:, 1], size=(5, len(bounds))):
        expected, expected_gradient = gp.log_marginal_likelihood(theta, eval_gradient=True)
        value, gradient = matern52_log_marginal_likelihood(
            theta, _squared_differences(X), _normalized(y), gp.alpha)
        np.testing.assert_allclose(value, expected, rtol=1e-9)
        np.testing.assert_allclose(gradient, expected_gradient, rtol=1e-7, atol=1e-9)


def test_matern52_log_marginal_likelihood_gradient_is_the_derivative():
    rng = np.random.RandomState(1)
    X = rng.uniform(size=(15, 2))
    sq, y = _squared_differences(X), rng.normal(size=15)

    def value(theta):
        return matern52_log_marginal_likelihood(theta, sq, y, 1e-10)[0]

    def gradient(theta):
        return matern52_log_marginal_likelihood(theta, sq, y, 1e-10)[1]

    theta = np.log([2.0, 0.3, 0.8, 0.05])
    assert check_grad(value, gradient, theta) < 1e-5 * np.linalg.norm(gradient(theta))


def test_matern52_log_marginal_likelihood_not_positive_definite_is_minus_inf():
    X = np.zeros((3, 1))  # three identical points, no noise: a rank-one kernel matrix
    theta = np.log([1.0, 1.0, 1e-300])
    value, gradient = matern52_log_marginal_likelihood(theta, _squared_differences(X),
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
    ([Real(0.0, 1.0), Integer(0, 5), Categorical(["a", "b", "c"])], True),
    ([Categorical(["a", "b", "c"]), Categorical(["w", "x", "y", "z"])], False),  # Hamming kernel
])
def test_optimizer_fits_kernels_with_the_likelihood_that_fits_them(dimensions, fast, monkeypatch):
    calls = []

    def counted(*args):
        calls.append(1)
        return matern52_log_marginal_likelihood(*args)

    monkeypatch.setattr(likelihood, "matern52_log_marginal_likelihood", counted)
    opt = MultiObjectiveOptimizer(dimensions, n_objectives=2, random_state=0,
                                  n_initial_points=4)
    rng = np.random.RandomState(0)
    for _ in range(7):
        (x,) = opt.ask()
        opt.tell(x, rng.uniform(size=2))
    assert bool(calls) == fast
    for key in (("y", 0), ("y", 1)):
        kernel = opt._kernels[key]
        assert np.all(np.isfinite(kernel.theta))
        assert np.all((kernel.theta >= kernel.bounds[:, 0] - 1e-9)
                      & (kernel.theta <= kernel.bounds[:, 1] + 1e-9))
