"""The search's side of its audit log: the header it writes, the identities it
records, the log it opens before any fit and the decisions it appends."""

from __future__ import annotations

from sklearn.base import clone

from . import _audit


class _AuditedSearchMixin:
    """Audit-log wiring of a search (``_audit.py`` holds the log itself)."""

    def _start_audit(self, X, y, params):
        """Prepare this fit's audit session; it writes or checks the log in ``_run_search``.

        NOTE: every identity is taken here, before any fit and before the log
        exists, so that a value without one is refused with nothing written.
        """
        self._audit = None
        if self.audit_log is None:
            return
        self._audit = _audit.AuditSession(
            self.audit_log,
            X,
            y,
            params,
            other_versions=self.resume_other_versions,
            header={
                "params": self._audited_params(),
                "identity": self._identities(),
                "mode": self._audit_mode(),
                "seeds": self._seeds,
                "objectives": None
                if self._objectives is None
                else [
                    {
                        "name": o.name,
                        "label": o.label,
                        "unit": o.unit,
                        "direction": o.direction(),
                    }
                    for o in self._objectives
                ],
                "constraints": [c.text for c in self._constraint_list],
                "refit": _audit.jsonable(self.refit),
            },
        )

    def _open_audit(self, splits):
        """Open the log (write its header, or check and load it) before any fit; a
        resumed log brings its engine seeds."""
        if self._audit is None:
            return
        self._seeds = self._audit.open(splits) or self._seeds

    def _audited_params(self):
        params = {
            k: _audit.jsonable(v)
            for k, v in self.get_params(deep=False).items()
            if k not in _audit.RESUME_EXEMPT
        }
        # NOTE: the space's identity tells apart two grids of values that print
        # alike (lambdas, closures); the estimator and scorers are in _identities.
        params["space_identity"] = _audit.space_identity(self._space)
        return params

    def _identities(self):
        """What decides a score besides the candidates' values, each by its identity."""
        return {
            "estimator": _audit.identity(clone(self.estimator), "estimator"),
            "scoring": _audit.scoring_identity(self.scoring),
            "cv": _audit.splitter_identity(self.cv),
        }

    def _log_decision(self, kind):
        if getattr(self, "_audit", None) is None or not hasattr(self, "best_index_"):
            return
        self._audit.log_decision(
            kind,
            self.refit_policy_ or self.refit,
            self.best_index_,
            self.best_params_,
            getattr(self, "refit_explanation_", {}).get("text"),
        )
