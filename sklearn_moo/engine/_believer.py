"""The engine's belief about pending points: a batch's later proposals are scored as
if the earlier ones had returned values sampled from the surrogate (fantasies), and
the hypervolume box those values and the observations span."""

from __future__ import annotations

import numpy as np

from ._acquisition import (
    chebyshev,
    expected_hypervolume_improvement,
    expected_improvement,
    front_of,
    non_dominated_cells,
    probability_below,
)

__all__: list[str] = []  # the engine's own: see _optimizer.py


# Most EHVI boxes (after merging) an "auto" proposal scores against every
# candidate; beyond it, ParEGO. Issue #24, decision 5: 4 objectives and fronts
# of more than 35 points used ParEGO before #13 (a grid of more than 50,000
# unmerged columns) and EHVI since (a few hundred merged boxes). Measured on
# dtlz2-4, 20 seeds paired, the pre-#13 rule against this one: identical at 20
# evaluations, -0.001 [-0.004, +0.000] at 50, +0.009 [-0.017, +0.035] at 100
# and +0.025 [-0.001, +0.053] at 150 (10 seeds better, 10 worse at 100 and at
# 150), for 40 % more proposal time over evaluations 101-150 (ParEGO fits one
# more GP per proposal). No difference that 20 seeds can tell, a certain cost:
# EHVI stays while its boxes are at most this many (benchmarks/README.md).
_AUTO_MAX_CELLS = 50_000
# Most EHVI boxes a forced-EHVI proposal may score against every candidate
# (after merging; "auto" stops at _AUTO_MAX_CELLS): beyond it, ParEGO. The grid the
# boxes are merged from is capped too (4e6 columns): 8 objectives and a front
# of 15 points would need 16 ** 7 = 2.7e8 of them, gigabytes and minutes.
_MAX_EHVI_CELLS = 200_000
# In objectives scaled to [0, 1] over the observations, the hypervolume counts
# from 1 + _MARGIN (reference point) and credits improvement down to -_MARGIN:
# a Gaussian tail below an objective's best value seen (e.g. an accuracy term
# already at its bound) must not outweigh real progress on the front. Without
# the floor, half the proposals of a ZDT1-like mixed problem sat at f1 = 0.
_MARGIN = 0.1
# Sampled values per pending point of a batch (see _Believer). Batches of 4, 50
# evaluations, the mean of the median HVs of seeds 0-9 and of seeds 10-19, 16
# fantasies against the Kriging believer alone: mixed at 20 0.29 -> 0.35, ZDT3
# at 50 0.63 -> 0.68, but DTLZ2 with 4 objectives at 20 0.148 -> 0.115.
_N_FANTASIES = 16


def _box(Yn, reference=None):
    """EHVI's reference point and floor for scaled (and believed) objective values.

    Observed values span ``[0, 1]``: reference ``1 + _MARGIN``, floor ``-_MARGIN``.
    A believed value of a batch below the floor lowers it to ``_MARGIN`` of the
    wider span below that value. Otherwise the believed point dominates the whole
    credited box along its other objectives, and every later point of the batch
    sees no improvement there (#13: batches of 4 on ZDT1 put all their points at
    f1 = 0). Believed values between the floor and 0 leave it where it is: moving
    it for those too credited more room below the front's edges (DTLZ2 with 4
    objectives, batches of 4, 10 seeds: median HV at 50 0.304 -> 0.169). The
    reference point stays: raised by a believed poor value, it credits extreme
    points (DTLZ2 batches then went to the corners).
    """
    low = np.minimum(Yn.min(axis=0), 0.0)
    floor = np.where(low < -_MARGIN, low - _MARGIN * (1.0 - low), -_MARGIN)
    if reference is None:
        return {"reference": np.full(Yn.shape[1], 1.0 + _MARGIN), "floor": floor}
    # A user's reference point (scaled) may lie anywhere, even below the front.
    return {"reference": reference, "floor": np.minimum(floor, reference - _MARGIN)}


_NOT_YET = object()  # fantasy cells not built yet


class _Believer:
    """Surrogates of one proposal round, updated with the pending points of a batch.

    Pending points (chosen for the batch, or design points not yet told) enter
    the models at their predicted means (the Kriging believer), which shrinks
    the variances around them. For EHVI they also get ``_N_FANTASIES``
    sampled values each, drawn from the posterior of an observation there
    given the samples of the points pending before (one pending point at a
    time), and a batch point's EHVI is its average over these fantasies, each
    with its own front (sequential greedy q-EHVI by fantasies, as BoTorch's
    qEHVI conditions on pending points). With the believer alone, two
    uncertain points that could each improve the same part of the front were
    both credited as if the other stayed at its mean (#13).

    NOTE: the samples are joint only approximately. Each refit normalises the
    targets anew, pending points included, which rescales the model a little
    (amplitude and noise are fitted in normalised units): with 3 pending
    points, fixed hyper-parameters and 40,000 fantasies, a far point's sampled
    mean was 0.340 against the exact joint 0.357 and its variance 7 % low, and
    every standard deviation 7 % lower. Keeping the observations'
    normalisation makes them exact but measured worse (see ``add``).
    """

    def __init__(self, opt, X, Yn, C, X_all, success, reference=None):
        self.opt = opt
        self.reference = reference
        self.X, self.Yn, self.C = X, Yn, C
        self.X_all, self.success = X_all, success
        self.n_observed = len(X)
        self.fantasies = None  # (n_fantasies, n_pending, n_objectives) or None
        self._fantasy_cells = None
        self.models = [opt._fit_gp(("y", j), X, Yn[:, j]) for j in range(Yn.shape[1])]
        self.cmodels = (
            [opt._fit_gp(("c", j), X, C[:, j]) for j in range(C.shape[1])]
            if C is not None
            else []
        )
        self.smodel = (
            opt._fit_gp(("s",), X_all, success) if np.any(success < 0) else None
        )

    def _feasible(self):
        return (
            np.all(self.C <= 0, axis=1)
            if self.C is not None
            else np.ones(len(self.Yn), bool)
        )

    def front(self):
        return front_of(self.Yn[self._feasible()])

    def _fantasy_targets(self, j):
        """Training targets of objective ``j``'s model, one column per fantasy."""
        observed = np.repeat(
            self.Yn[: self.n_observed, j : j + 1], len(self.fantasies), axis=1
        )
        return np.vstack([observed, self.fantasies[:, :, j].T])

    def _fantasy_means(self, Xc):
        """Means (len(Xc), n_fantasies, n_objectives) and std (len(Xc), n_objectives)."""
        preds = [
            m.predict_fantasies(Xc, self._fantasy_targets(j))
            for j, m in enumerate(self.models)
        ]
        return np.stack([p[0] for p in preds], axis=2), np.column_stack(
            [p[1] for p in preds]
        )

    def acquisition(self, Xc, cells, weights, front):
        factor = np.ones(len(Xc))
        for model in self.cmodels:
            factor *= probability_below(*model.predict(Xc))
        if self.smodel is not None:
            mean, std = self.smodel.predict(Xc)
            factor *= 1.0 - probability_below(mean, std, 0.0)
        if len(front) == 0:  # nothing feasible yet: find the feasible region first
            return factor
        if weights is None and self.fantasy_cells is not None:
            means, std = self._fantasy_means(Xc)
            value = np.mean(
                [
                    expected_hypervolume_improvement(means[:, s], std, cells_s)
                    for s, cells_s in enumerate(self.fantasy_cells)
                ],
                axis=0,
            )
            return value * factor
        preds = [m.predict(Xc) for m in self.models]
        mean = np.column_stack([p[0] for p in preds])
        std = np.column_stack([p[1] for p in preds])
        if weights is None:
            value = expected_hypervolume_improvement(mean, std, cells)
        else:
            # ParEGO: model the scalarised objective directly.
            s = chebyshev(self.Yn, weights)
            model = self.opt._fit_gp(("parego",), self.X, s)
            m, sd = model.predict(Xc)
            value = expected_improvement(m, sd, s.min())
        return value * factor

    def add(self, x, fantasize=True):
        """Add pending rows ``x``, one at a time: believed means, and fantasies if ``fantasize``."""
        for row in x:
            self._add_row(row[None], fantasize)
        if fantasize:
            # Built when EHVI first needs them: "auto" may still choose ParEGO.
            self._fantasy_cells = _NOT_YET

    def _add_row(self, x, fantasize):
        preds = [m.predict(x) for m in self.models]
        y = np.column_stack([p[0] for p in preds])
        if fantasize:
            n = _N_FANTASIES
            if self.fantasies is None:
                means = np.broadcast_to(y, (n, y.shape[1]))
            else:
                means = self._fantasy_means(x)[0][0]
            # An observation there: the latent variance plus the fitted noise.
            sd = np.sqrt(
                [p[1][0] ** 2 + m.noise_variance for p, m in zip(preds, self.models)]
            )
            drawn = means + sd * self.opt._rng.standard_normal(means.shape)
            self.fantasies = (
                drawn[:, None]
                if self.fantasies is None
                else np.concatenate([self.fantasies, drawn[:, None]], axis=1)
            )
        self.X = np.vstack([self.X, x])
        self.Yn = np.vstack([self.Yn, y])
        if self.C is not None:
            c = np.column_stack([m.predict(x)[0] for m in self.cmodels])
            self.C = np.vstack([self.C, c])
        # NOTE: the refits normalise the targets anew, pending points included.
        # A point believed at its mean shrinks the targets' std and with it the
        # model's variances by a few per cent; keeping the observations'
        # normalisation instead was worse (batches of 4, seeds 10-19, HV at 50:
        # dtlz2 0.324 -> 0.238, dtlz2-4 0.256 -> 0.225, zdt3 0.694 -> 0.681).
        opt = self.opt
        self.models = [
            opt._fit_gp(("y", j), self.X, self.Yn[:, j], refit_kernel=False)
            for j in range(self.Yn.shape[1])
        ]
        self.cmodels = [
            opt._fit_gp(("c", j), self.X, self.C[:, j], refit_kernel=False)
            for j in range(len(self.cmodels))
        ]

    @property
    def fantasy_cells(self):
        """EHVI cells of every fantasy's front (None, falling back to the believer, when
        there are no fantasies, nothing is feasible or a front needs too many cells)."""
        if self._fantasy_cells is _NOT_YET:
            self._fantasy_cells = self._cells_of_fantasies()
        return self._fantasy_cells

    @fantasy_cells.setter
    def fantasy_cells(self, value):
        self._fantasy_cells = value

    def _cells_of_fantasies(self):
        feasible = self._feasible()
        observed = self.Yn[: self.n_observed]
        # "auto" keeps its own limit on every fantasy's front; beyond it, the
        # believer alone (a forced "ehvi" allows _MAX_EHVI_CELLS).
        limit = _MAX_EHVI_CELLS if self.opt.acquisition == "ehvi" else _AUTO_MAX_CELLS
        cells = []
        for fantasy in self.fantasies:
            values = np.vstack([observed, fantasy])
            front = front_of(values[feasible])
            cells.append(
                non_dominated_cells(
                    front, **_box(values, self.reference), max_cells=limit
                )
                if len(front)
                else None
            )
            if cells[-1] is None:
                return None
        return cells
