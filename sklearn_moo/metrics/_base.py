"""Shared machinery of the scorers in :mod:`sklearn_moo.metrics`.

Every factory of this subpackage returns a subclass of scikit-learn's
``_BaseScorer``, so that ``check_scoring``, ``cross_validate`` and
``_MultimetricScorer`` dispatch to our ``_score`` (which calls the estimator
itself when it must, e.g. to time ``predict`` or to predict on perturbed data).
"""

import numbers

import numpy as np
from sklearn.utils.metadata_routing import MetadataRequest, get_routing_for_object

from ..utils._sklearn_compat import _BaseScorer

__all__ = []


def _call_method(estimator, response_method, X, **kwargs):
    """Uncached method caller with the signature of scikit-learn's ``_cached_call``."""
    return getattr(estimator, response_method)(X)


class _MooScorer(_BaseScorer):
    """A scorer that knows its direction, unit and natural name.

    Subclasses implement ``_score(method_caller, estimator, X, y_true, **kwargs)``
    and set ``_repr_string``. ``sign`` is +1 if the natural quantity is
    greater-is-better, else -1; the score is ``sign * natural`` so that, as in
    scikit-learn, greater scores are always better.

    Parameters
    ----------
    score_func : callable
        The metric function (kept for scikit-learn's introspection).
    sign : {1, -1}
        Direction of the natural quantity.
    response_method : str or tuple of str
        Method of the estimator this scorer uses; scikit-learn's multimetric
        scorer counts these to decide whether to cache predictions.
    natural_name, unit : str
        Human-readable name and unit of the natural quantity.
    default_requests : dict
        Default metadata requests of ``score``, ``{param: alias}``.
    accept_sample_weight : bool
        Whether scikit-learn (without metadata routing) should forward
        ``sample_weight`` to this scorer.
    repr_string : str
        What ``repr`` returns.
    """

    def __init__(
        self,
        score_func,
        sign,
        *,
        response_method,
        natural_name,
        unit,
        default_requests,
        accept_sample_weight,
        repr_string,
    ):
        super().__init__(score_func, sign, {}, response_method=response_method)
        self.natural_name = natural_name
        self.unit = unit
        self._default_requests = dict(default_requests)
        self._accepts_sample_weight = accept_sample_weight
        self._repr_string = repr_string

    @property
    def greater_is_better(self):
        """Whether a larger *natural* value is better (False for a difference, a time)."""
        return self._sign > 0

    def to_natural(self, score):
        """Convert a score (greater is better) to the natural quantity.

        Parameters
        ----------
        score : float or array-like
            Score(s) as returned by this scorer or stored in ``cv_results_``.

        Returns
        -------
        natural : float or ndarray
            ``score * sign``: e.g. a positive difference, positive seconds.
        """
        if isinstance(score, numbers.Real):
            return float(score) * self._sign
        return np.asarray(score, dtype=float) * self._sign

    def __repr__(self):
        return self._repr_string

    def _accept_sample_weight(self):
        return self._accepts_sample_weight

    def __call__(self, estimator, X, y_true=None, **kwargs):
        """Score ``estimator`` on ``X`` and ``y_true``.

        Parameters
        ----------
        estimator : object
            A fitted estimator.
        X : array-like of shape (n_samples, n_features)
            Test data.
        y_true : array-like of shape (n_samples,), default=None
            True targets.
        **kwargs : dict
            Metadata this scorer accepts (``sample_weight``, and
            ``sensitive_features`` for fairness scorers); accepted in a
            direct call whether or not metadata routing is enabled.

        Returns
        -------
        score : float
            Greater is better; see ``to_natural``.
        """
        known = set(self._default_requests) | {"sample_weight"}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise TypeError(
                f"{self!r} got unexpected keyword argument(s) {unknown}; it accepts "
                f"{sorted(known)}."
            )
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        return self._score(_call_method, estimator, X, y_true, **kwargs)

    def set_score_request(self, **kwargs):
        """Set the metadata requested by ``score`` (needs metadata routing).

        Unlike scikit-learn's scorers, requests are *merged* with the current
        ones, so that e.g. a fairness scorer keeps requesting
        ``sensitive_features`` after ``set_score_request(sample_weight=True)``.

        Parameters
        ----------
        **kwargs : dict
            ``param=alias`` with alias in ``{True, False, None, str}``.

        Returns
        -------
        self : object
            The scorer.
        """
        current = dict(self._get_metadata_request().score.requests)
        return super().set_score_request(**{**current, **kwargs})

    def _get_metadata_request(self):
        if hasattr(self, "_metadata_request"):
            return get_routing_for_object(self._metadata_request)
        requests = MetadataRequest(owner=self)
        for param, alias in self._default_requests.items():
            requests.score.add_request(param=param, alias=alias)
        return requests


def _format_repr(factory, args, positional=()):
    """``factory(p, ..., k=v, ...)``: the call that made a scorer, for its repr."""
    parts = [repr(p) for p in positional] + [f"{k}={v!r}" for k, v in args.items()]
    return f"{factory}({', '.join(parts)})"
