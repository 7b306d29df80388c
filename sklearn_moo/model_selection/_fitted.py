"""What a fitted search offers beyond scikit-learn's: another refit by another policy
(``reselect``) and the tables and reports of its candidates."""

from __future__ import annotations

import textwrap

import numpy as np
from sklearn.utils import indexable
from sklearn.utils.validation import check_is_fitted

from .._report import explain_choice, format_table, results_table, short_value
from ..policies import BaseRefitPolicy
from ..utils._sklearn_compat import (
    BaseSearchCV,
    _check_method_params,
    _MultimetricScorer,
)


class _FittedSearchMixin:
    """``reselect``, ``results_table`` and ``pareto_report`` of a fitted search."""

    def reselect(self, policy, X, y=None, **fit_params):
        """Refit the candidate another policy picks, without searching again.

        Parameters
        ----------
        policy : str or callable
            A scorer name or ``policy(cv_results_) -> int`` (e.g. a
            :class:`~sklearn_moo.WeightedSum`).
        X, y : array-like
            The training data again (the search keeps no copy).
        **fit_params : dict
            Passed to the estimator's ``fit``.

        Returns
        -------
        self : object
            With ``best_index_``, ``best_params_``, ``best_score_``,
            ``best_estimator_``, ``refit_time_`` and ``refit_policy_`` updated.
        """
        if not hasattr(self, "cv_results_"):
            raise AttributeError("reselect needs a fitted search; call fit first.")
        audit = getattr(self, "_audit", None)
        if audit is None:
            return self._reselect(policy, X, y, fit_params)
        # NOTE: the lock and the log's whereabouts first: a reselect that cannot
        # be recorded changes nothing.
        audit.lock.acquire()
        try:
            audit.check_still_here()
            return self._reselect(policy, X, y, fit_params)
        finally:
            audit.lock.release()

    def _reselect(self, policy, X, y, fit_params):
        """Choose, refit, and only then set the attributes and log the decision."""
        results, names = self.cv_results_, self.objective_names_
        if isinstance(policy, str):
            if policy not in names:
                raise ValueError(
                    f"policy={policy!r} is not a scorer name; scorers: {names}."
                )
            index, bound, scored = (
                self._best_by_scorer(results, policy, names),
                None,
                policy,
            )
        else:
            bound = (
                policy._bind(self._objectives, self._constraint_list)
                if isinstance(policy, BaseRefitPolicy)
                else policy
            )
            index = BaseSearchCV._select_best_index(bound, None, results)
            self._warn_if_infeasible(index, bound)
            scored = self._primary_name(bound)
        explanation = explain_choice(
            results,
            self._objectives,
            self._constraint_list,
            index,
            policy if bound is None else bound,
        )
        best_params = results["params"][index]
        X, y = indexable(X, y)
        fit_params = _check_method_params(X, params=fit_params)
        routed = self._get_routed_params_for_fit(fit_params)
        estimator, refit_time = self._refit(best_params, X, y, routed.estimator.fit)
        if not hasattr(self, "scorer_"):  # kept by an interrupted fit
            scorers, _ = self._get_scorers()
            self.multimetric_ = isinstance(scorers, _MultimetricScorer)
            self.scorer_ = scorers._scorers if self.multimetric_ else scorers
        self.best_index_, self.best_params_, self.best_estimator_ = (
            index,
            best_params,
            estimator,
        )
        self.refit_time_, self.refit_policy_, self._scored_objective = (
            refit_time,
            bound,
            scored,
        )
        self.best_score_ = results[f"mean_test_{scored}"][index]
        self.refit_explanation_ = explanation
        self.__dict__.pop("feature_names_in_", None)
        if hasattr(estimator, "feature_names_in_"):
            self.feature_names_in_ = estimator.feature_names_in_
        self._log_decision("reselect")
        return self

    def results_table(self):
        """Every candidate as a row: parameters, objectives in natural units, ranks.

        Returns
        -------
        table : pandas.DataFrame or dict of str -> list
            A DataFrame when pandas is installed, else a dict of columns (see
            Notes), one row per candidate in evaluation order.

        Notes
        -----
        Columns: ``candidate``; one per parameter (the last part of a pipeline
        path); for each objective ``"<label> [<unit>, max|min]"`` (its mean test
        value in natural units: seconds, bytes or plain numbers) and
        ``"<label> sd"`` (the standard deviation across folds); the violation
        columns; ``feasible``, ``failed``, ``pareto_rank``, ``within_noise``;
        ``refitted``. It reads ``cv_results_`` and recomputes nothing.
        """
        check_is_fitted(self, "cv_results_")
        table = results_table(
            self.cv_results_,
            self._objectives,
            self._constraint_list,
            self._refitted_index(),
        )
        try:
            import pandas as pd
        except ImportError:
            return table
        return pd.DataFrame(table).set_index("candidate")

    def _refitted_index(self):
        """``best_index_`` when a model was refitted (refit=False sets no model)."""
        return self.best_index_ if hasattr(self, "best_estimator_") else None

    def pareto_report(self, *, max_rows=20, width=None):
        """The Pareto set as a text table in natural units, with directions.

        Parameters
        ----------
        max_rows : int, default=20
            Most candidates shown (best first on the first objective).
        width : int, default=None
            Columns to fit; the terminal's width, at most 100, by default.

        Returns
        -------
        report : str
            ``*`` marks the refitted candidate; the constraints and the refit
            follow the table.
        """
        check_is_fitted(self, "cv_results_")
        results = self.cv_results_
        first = np.asarray(results[f"mean_test_{self._objectives[0].name}"], float)
        rows = sorted(self.pareto_front_, key=lambda i: (-first[i], i))[:max_rows]
        best = self._refitted_index()
        lines = [
            format_table(
                results, self._objectives, rows=rows, best_index=best, width=width
            )
        ]
        if self.constraints_:
            lines.append("constraints: " + "; ".join(self.constraints_))
        if best is not None:
            marked = " (not on the front)" if best not in self.pareto_front_ else ""
            params = ", ".join(
                f"{k.rsplit('__', 1)[-1]}={short_value(v)}"
                for k, v in self.best_params_.items()
            )
            lines.append(
                textwrap.fill(
                    f"refitted: candidate {best} (marked *){marked}: {params}",
                    width=width or 100,
                    subsequent_indent="  ",
                )
            )
        return "\n".join(lines)
