"""Small estimators and scorers shared by tests."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from sklearn_moo.utils._sklearn_compat import HAS_CALLBACK_API


class AnalyticClassifier(ClassifierMixin, BaseEstimator):
    """A classifier whose fit fails where ``x > fail_above``; scored analytically."""

    def __init__(self, x=0.5, z=0.5, fail_above=np.inf, kind="a"):
        self.x = x
        self.z = z
        self.fail_above = fail_above
        self.kind = kind

    def fit(self, X, y):
        if self.x > self.fail_above:
            raise ValueError("x is in the failing region")
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def f1(est, X, y):
    return -(est.x**2) - 0.1 * est.z


def f2(est, X, y):
    return -((est.x - 1.0) ** 2) - 0.1 * (1.0 - est.z)


ANALYTIC_SCORING = {"f1": f1, "f2": f2}


class WaitForFile(AnalyticClassifier):
    """Each fit waits (60 s at most) until the file named by the environment variable
    ``SKLEARN_MOO_TEST_RELEASE`` exists; without the variable it does not wait.

    A class attribute, not a parameter, so that a search in a test process and one
    in a helper process that waits have the same parameters (and may share a log).
    """

    def fit(self, X, y):
        import os
        import time

        release = os.environ.get("SKLEARN_MOO_TEST_RELEASE")
        deadline = time.time() + 60
        while release and not os.path.exists(release) and time.time() < deadline:
            time.sleep(0.05)
        return super().fit(X, y)


# Tests of scikit-learn's callback API (set_callbacks), which 1.9 brought.
requires_callback_api = pytest.mark.skipif(
    not HAS_CALLBACK_API, reason="scikit-learn's callback API (set_callbacks) needs 1.9"
)
