"""Ask/tell multi-objective Bayesian optimiser: scikit-optimize's spaces and
initial designs, the Gaussian processes of :mod:`._gp`."""

from __future__ import annotations

import copy
import math
import numbers
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.utils import check_random_state
from skopt.sampler import Lhs
from skopt.space import Space
from skopt.space.space import Categorical, Integer
from skopt.utils import cook_initial_point_generator, normalize_dimensions
from threadpoolctl import ThreadpoolController

from ..pareto import is_non_dominated
from ._acquisition import (
    non_dominated_cells,
)
from ._believer import (
    _AUTO_MAX_CELLS,
    _MARGIN,
    _MAX_EHVI_CELLS,
    _Believer,
    _box,
)
from ._gp import GaussianProcess, fit_gaussian_process, theta_bounds
from ._space import check_dimension, is_dimension

__all__ = ["MultiObjectiveOptimizer"]

_STRATEGIES = ("bayes", "random")
_ACQUISITIONS = ("auto", "ehvi", "parego")
INITIAL_POINT_GENERATORS = ("lhs", "random", "sobol", "halton", "hammersly", "grid")
_ENUMERATE_LIMIT = 5_000
# Kernel hyper-parameters are re-optimised at every proposal, warm-started from
# the previous ones with at most _LBFGS_MAXITER iterations. (Re-optimising only
# after the data grew by 10-20 % was 30 % faster and clearly worse: DTLZ2 median
# HV at 50 evaluations 0.30 -> 0.15-0.24 over 4 seeds.)
_LBFGS_MAXITER = 20
# ... and stop at a relative change of the objective of 1e-5 (SciPy: 2.2e-9):
# median likelihood evaluations per warm fit 17-18 -> 10-14 on the Adult tasks,
# hypervolumes the same or higher (10 seeds x 50 evaluations, six synthetic problems).
_LBFGS_FTOL = 1e-5
# A kernel fitted from scratch (the first of each surrogate) takes the best of
# L-BFGS-B from the default start and from this many random ones (skopt's 2).
_COLD_RESTARTS = 2


def _check_int(value, name, low):
    if (
        not isinstance(value, numbers.Integral)
        or isinstance(value, bool)
        or value < low
    ):
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}.")
    return int(value)


def _check_reference_point(reference_point, n_objectives):
    """The reference point as floats (NaN: the engine's own), or None for all NaN."""
    if reference_point is None:
        return None
    try:
        point = np.asarray(reference_point, dtype=float)
    except (TypeError, ValueError):
        point = None
    if point is None or point.shape != (n_objectives,) or np.any(np.isinf(point)):
        raise ValueError(
            f"reference_point must be {n_objectives} numbers (one per objective; "
            f"NaN leaves one to the engine), got {reference_point!r}."
        )
    return None if np.all(np.isnan(point)) else point


class MultiObjectiveOptimizer:
    """Multi-objective Bayesian optimisation with an ask/tell interface.

    Proposes points of a mixed continuous/integer/categorical space for several
    objectives at once, with optional black-box constraints and failed
    evaluations. :class:`~sklearn_moo.MultiObjectiveSearchCV` drives it; it can
    also tune any function of a few parameters that returns several numbers.

    Parameters
    ----------
    dimensions : list
        scikit-optimize dimensions (``Real``, ``Integer``, ``Categorical``) or
        anything ``skopt.space.Space`` accepts, e.g. ``(0.0, 1.0)`` for a real range.
    n_objectives : int
        Number of objectives told with each point.
    maximize : bool or sequence of bool, default=False
        Direction of each objective (minimised by default).
    n_constraints : int, default=0
        Number of constraint values told with each point; a point is feasible
        when every constraint value is ``<= 0``.
    strategy : {"bayes", "random"}, default="bayes"
        ``"random"`` proposes uniformly random points (a baseline).
    n_initial_points : int, default=None
        Size of the space-filling initial design (maximin Latin hypercube).
        Defaults to ``min(10, max(5, 2 * n_dims))``.
    acquisition : {"auto", "ehvi", "parego"}, default="auto"
        ``"ehvi"``: exact expected hypervolume improvement over a cell
        decomposition of the non-dominated region; ``"parego"``: expected
        improvement of a random augmented Chebyshev scalarisation drawn afresh
        for each proposal. ``"auto"`` uses EHVI whenever the decomposition
        has at most 50,000 boxes (from a grid of at most 4 million columns)
        and ParEGO otherwise (many objectives, large fronts).
    initial_point_generator : {"lhs", "random", "sobol", "halton", "hammersly", "grid"}, \
            default="lhs"
        How the initial design is drawn: ``"lhs"`` a maximin Latin hypercube;
        ``"random"`` uniformly random points; the others scikit-optimize's
        quasi-random sequences of those names.
    reference_point : array-like of shape (n_objectives,), default=None
        Where the hypervolume that EHVI improves is counted from, in the
        objectives' own units and directions (as told to :meth:`tell`): only
        points better than it in every objective improve it, so the search
        spends its proposals on the region it bounds. None, or NaN for one
        objective: 10 % of the observed range beyond the worst value observed
        (recomputed at every proposal). The user guide (:ref:`engine`) has
        what it gains on problems whose reference point is known.
    n_candidates : int, default=1000
        Random candidates scored by the acquisition at each proposal, plus
        perturbations of the current front (finite spaces with at most 5,000
        points are enumerated instead).
    random_state : int, RandomState instance or None, default=None
        Seed; identical seeds and identical ``tell`` histories give identical
        proposals.

    Attributes
    ----------
    Xi : list of list
        Points told so far.
    yi : list of ndarray or None
        Objective values told (None for failures).

    Notes
    -----
    Objectives are scaled to ``[0, 1]`` over the successful observations and
    modelled by one Gaussian process each (Matern 5/2 with automatic relevance
    determination, length scales of at least 0.2 of each transformed
    dimension, and a white-noise term, so cross-validated scores are treated
    as noisy). Unless every dimension is categorical, kernel hyper-parameters
    are maximum a posteriori estimates under a log-normal prior on the length
    scales (Hvarfner et al., 2024), which keeps surrogates of 10-20
    observations smooth. Expected hypervolume improvement is measured in that
    scaled space from the reference point 1.1 (or ``reference_point``, scaled
    alike) and credits improvement down to -0.1 in each objective. The
    acquisition is multiplied by the probability that every constraint holds
    and by the probability that an evaluation
    succeeds (a Gaussian process on +/-1 success labels), so failures steer the
    search away without a NaN ever reaching a surrogate. Batches of
    ``n_points`` are chosen one after another, each conditioned on the points
    chosen before it (pending): they enter the surrogates at their predicted
    means (the Kriging believer), and each gets 16 values sampled from the
    posterior (fantasies, approximately joint); the next point's EHVI is
    averaged over the fantasies' fronts (sequential greedy q-EHVI). A believed value below
    the observed range lowers the floor of the credited box. A batch that
    outlasts the initial design takes what is left of it and is completed by
    the model, with those design points pending (conditioned on the same
    way); random points fill a batch only while no model can be fitted. In a
    finite space a point is never proposed twice; :meth:`ask` returns fewer
    points once the space is exhausted.

    Examples
    --------
    >>> from sklearn_moo.engine import MultiObjectiveOptimizer
    >>> opt = MultiObjectiveOptimizer([(0.0, 1.0)], n_objectives=2, random_state=0)
    >>> for _ in range(8):
    ...     (x,) = opt.ask()
    ...     _ = opt.tell(x, [x[0] ** 2, (x[0] - 1) ** 2])
    >>> len(opt.Xi)
    8
    """

    def __init__(
        self,
        dimensions: Sequence,
        n_objectives: int,
        *,
        maximize: bool | Sequence[bool] = False,
        n_constraints: int = 0,
        strategy: str = "bayes",
        n_initial_points: int | None = None,
        acquisition: str = "auto",
        initial_point_generator: str = "lhs",
        reference_point: Sequence[float] | None = None,
        n_candidates: int = 1000,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        if isinstance(dimensions, (str, bytes, Mapping)) or not isinstance(
            dimensions, Sequence
        ):
            raise TypeError(
                "dimensions must be a list of dimensions (Real, Integer, "
                f"Categorical or (low, high) tuples), got {dimensions!r}."
            )
        if len(dimensions) == 0:
            raise ValueError(
                "dimensions is empty; give at least one dimension, e.g. "
                "[Real(0.0, 1.0)]."
            )
        for i, dimension in enumerate(dimensions):
            if is_dimension(dimension):
                check_dimension(dimension, f"dimensions[{i}]")
        user_space = Space(copy.deepcopy(list(dimensions)))
        self.space = Space(normalize_dimensions(user_space.dimensions))
        self.n_objectives = _check_int(n_objectives, "n_objectives", 1)
        self.n_constraints = _check_int(n_constraints, "n_constraints", 0)
        if strategy not in _STRATEGIES:
            raise ValueError(
                f"strategy must be one of {_STRATEGIES}, got {strategy!r}."
            )
        if acquisition not in _ACQUISITIONS:
            raise ValueError(
                f"acquisition must be one of {_ACQUISITIONS}, got {acquisition!r}."
            )
        if initial_point_generator not in INITIAL_POINT_GENERATORS:
            raise ValueError(
                f"initial_point_generator must be one of {INITIAL_POINT_GENERATORS}, got "
                f"{initial_point_generator!r}."
            )
        self.strategy = strategy
        self.acquisition = acquisition
        self.initial_point_generator = initial_point_generator
        self.n_candidates = _check_int(n_candidates, "n_candidates", 1)
        maximize = np.asarray(maximize, dtype=bool)
        if maximize.ndim > 1 or maximize.size not in (1, self.n_objectives):
            raise ValueError(
                f"maximize must be a bool or {self.n_objectives} bools (one per "
                f"objective), got {maximize.tolist()!r}."
            )
        maximize = np.broadcast_to(maximize.reshape(-1), (self.n_objectives,))
        self._signs = np.where(maximize, -1.0, 1.0)
        self.reference_point = _check_reference_point(
            reference_point, self.n_objectives
        )
        n_dims = len(self.space.dimensions)
        if n_initial_points is None:
            n_initial_points = min(10, max(5, 2 * n_dims))
        self.n_initial_points = _check_int(n_initial_points, "n_initial_points", 1)
        self._rng = check_random_state(random_state)
        self.Xi: list[list] = []
        self.yi: list[np.ndarray | None] = []
        self.ci: list[np.ndarray | None] = []
        self._asked: set = set()
        self._initial: list[list] | None = None
        self._kernels: dict = {}
        self._finite = all(
            isinstance(d, (Integer, Categorical)) for d in self.space.dimensions
        )
        self._size = (
            math.prod(
                (d.high - d.low + 1) if isinstance(d, Integer) else len(d.categories)
                for d in self.space.dimensions
            )
            if self._finite
            else math.inf
        )
        self._enumerated = None
        self._warned_ehvi = False

    # ------------------------------------------------------------------ public
    def ask(self, n_points: int = 1) -> list[list]:
        """Propose ``n_points`` new points (fewer only when a finite space runs out).

        Returns
        -------
        points : list of list
        """
        n_points = _check_int(n_points, "n_points", 1)
        n_points = int(min(n_points, self._size - len(self._asked)))
        if n_points <= 0:
            return []
        n_ok = sum(y is not None for y in self.yi)
        if self.strategy == "random" or n_ok < min(self.n_initial_points, 2):
            points = self._ask_design(n_points)
        else:
            # What is left of the initial design comes first; once a model can be
            # fitted, the rest of a batch is chosen by it with those design points
            # pending, never filled at random (#13: a batch of 4 that ran out of
            # design points mid-batch took random ones).
            design = (
                self._ask_design(n_points, fill=False)
                if n_ok < self.n_initial_points and self._initial
                else []
            )
            points = design
            if len(design) < n_points:
                pending = self._encode(design) if design else None
                # Small dense matrices: BLAS threads only contend (3x slower on 2 cores).
                with _single_threaded():
                    points = design + self._ask_model(
                        n_points - len(design), pending=pending
                    )
        if points:
            self._asked.update(self._keys(self._encode(points)))
        return points

    def tell(
        self,
        x: Sequence,
        y: Sequence[float] | None,
        *,
        constraints: Sequence[float] | None = None,
    ) -> MultiObjectiveOptimizer:
        """Record the result of evaluating ``x``.

        Parameters
        ----------
        x : list
            A point (usually from :meth:`ask`).
        y : array-like of shape (n_objectives,) or None
            Objective values; None, or any non-finite value, marks a failed
            evaluation (kept out of every surrogate but the success model).
        constraints : array-like of shape (n_constraints,), default=None
            Constraint values, feasible when ``<= 0``.
        """
        if (
            isinstance(x, Mapping)
            or isinstance(x, (str, bytes))
            or not isinstance(x, Sequence)
        ):
            raise TypeError(
                f"x must be a list with one value per dimension, in order, got {x!r}."
            )
        x = list(x)
        if len(x) != len(self.space.dimensions):
            raise ValueError(
                f"x has {len(x)} values but the space has "
                f"{len(self.space.dimensions)} dimensions; got {x!r}."
            )
        if not self.space.__contains__(x):
            raise ValueError(
                f"The point {x!r} is not in the search space {self.space}."
            )
        failed = y is None
        if not failed:
            y = np.asarray(y, dtype=float).reshape(-1)
            if y.shape != (self.n_objectives,):
                raise ValueError(
                    f"y must have {self.n_objectives} values, got {y.shape[0]}."
                )
            failed = not np.all(np.isfinite(y))
        c = None
        if constraints is not None and not self.n_constraints:
            raise ValueError(
                "constraints were given, but the optimizer was made with "
                "n_constraints=0; pass n_constraints to the constructor."
            )
        if self.n_constraints:
            if constraints is None and not failed:
                raise ValueError(
                    f"{self.n_constraints} constraint values are expected."
                )
            if constraints is not None:
                c = np.asarray(constraints, dtype=float).reshape(-1)
                if c.shape != (self.n_constraints,):
                    raise ValueError(
                        f"constraints must have {self.n_constraints} values."
                    )
                if not np.all(np.isfinite(c)):
                    failed = True
        self.Xi.append(x)
        self.yi.append(None if failed else y * self._signs)
        self.ci.append(None if failed else c)
        self._asked.update(self._keys(self._encode([x])))
        return self

    # ----------------------------------------------------------------- helpers
    # Candidates live in the transformed space ([0, 1] per real or integer
    # dimension; categories one-hot, or one 0/1 column for two) as one array;
    # only the chosen rows are decoded into points.
    def _encode(self, points):
        return np.asarray(self.space.transform([list(p) for p in points]), dtype=float)

    def _decode(self, X):
        X = np.asarray(X, dtype=float)
        columns = []
        for d, block in self._blocks(X):
            if isinstance(
                d, Categorical
            ):  # by index: the user's own objects, never a cast
                columns.append([d.categories[i] for i in _category_index(d, block)])
            else:
                columns.append(
                    [
                        v.item() if isinstance(v, np.generic) else v
                        for v in d.inverse_transform(block)
                    ]
                )
        return [list(p) for p in zip(*columns)]

    def _blocks(self, X):
        """``(dimension, its column or columns of X)`` pairs."""
        start = 0
        for d in self.space.dimensions:
            size = d.transformed_size
            yield d, (X[:, start] if size == 1 else X[:, start : start + size])
            start += size

    @staticmethod
    def _keys(X):
        # Rounded (and -0.0 folded into 0.0) so that a point decoded and encoded
        # again has the key it had as a candidate. An empty list gives no keys.
        return [row.tobytes() for row in np.round(X, 12) + 0.0]

    def _fresh(self, X, taken=()):
        """Rows of ``X`` never asked, not in ``taken`` and not repeated."""
        keep = np.zeros(len(X), dtype=bool)
        seen = set(taken)
        for i, key in enumerate(self._keys(X)):
            if key not in self._asked and key not in seen:
                seen.add(key)
                keep[i] = True
        return X[keep]

    def _sample(self, n):
        """``n`` draws from the prior of every dimension, transformed."""
        columns = []
        for d in self.space.dimensions:
            if isinstance(d, Categorical):
                k = len(d.categories)
                p = (
                    None
                    if d.prior is None
                    else np.asarray(d.prior, float) / np.sum(d.prior)
                )
                columns.append(_category_encode(d, self._rng.choice(k, size=n, p=p)))
            elif isinstance(d, Integer) and d.prior == "uniform":
                raw = self._rng.randint(d.low, d.high + 1, size=n)
                columns.append(np.asarray(d.transform(raw), dtype=float).reshape(n, 1))
            else:  # the normalised transform of a Real (or log-uniform Integer) is its prior's scale
                columns.append(self._rng.uniform(0.0, 1.0, size=(n, 1)))
        return self._snap(np.hstack(columns))

    def _snap(self, X):
        """Nearest valid encoding: clip, round integers, arg-max categories."""
        X = np.clip(X, 0.0, 1.0)
        start = 0
        for d, block in self._blocks(X):
            size = d.transformed_size
            if isinstance(d, Categorical):
                X[:, start : start + size] = _category_encode(
                    d, _category_index(d, block)
                )
            elif isinstance(d, Integer):
                X[:, start : start + size] = np.asarray(
                    d.transform(d.inverse_transform(block)), dtype=float
                ).reshape(len(X), size)
            start += size
        return X

    def _enumerable(self):
        return self._finite and self._size <= _ENUMERATE_LIMIT

    def _all_points(self):
        if self._enumerated is None:
            import itertools

            axes = [
                list(range(d.low, d.high + 1))
                if isinstance(d, Integer)
                else list(d.categories)
                for d in self.space.dimensions
            ]
            self._enumerated = self._encode(itertools.product(*axes))
        return self._enumerated

    def _ask_design(self, n_points, fill=True):
        """The next points of the initial design; random ones after it if ``fill``."""
        if self._initial is None:
            if self.strategy == "random" or self.initial_point_generator == "random":
                self._initial = []
            else:
                generator = (
                    Lhs(criterion="maximin", iterations=200)
                    if self.initial_point_generator == "lhs"
                    else cook_initial_point_generator(self.initial_point_generator)
                )
                design = generator.generate(
                    self.space.dimensions,
                    self.n_initial_points,
                    random_state=self._rng.randint(2**31 - 1),
                )
                self._initial = list(self._fresh(self._encode(design)))
        rows = []
        while self._initial and len(rows) < n_points:
            row = self._initial.pop(0)
            if len(self._fresh(row[None], taken=self._keys(np.array(rows)))):
                rows.append(row)
        if fill and len(rows) < n_points:
            rows += list(
                self._random(n_points - len(rows), taken=self._keys(np.array(rows)))
            )
        return self._decode(np.array(rows)) if rows else []

    def _random(self, n, taken=()):
        if self._enumerable():
            pool = self._fresh(self._all_points(), taken)
            return pool[self._rng.permutation(len(pool))[:n]]
        rows = np.empty((0, self.space.transformed_n_dims))
        for _ in range(100):
            taken = list(taken) + self._keys(rows)
            rows = np.vstack([rows, self._fresh(self._sample(max(4 * n, 16)), taken)])
            if len(rows) >= n:
                break
        return rows[:n]

    def _candidates(self, front_X):
        if self._enumerable():
            return self._fresh(self._all_points())
        pool = self._sample(self.n_candidates)
        if len(front_X):
            reps = max(1, 200 // len(front_X))
            noise = self._rng.normal(
                scale=0.05, size=(len(front_X) * reps, front_X.shape[1])
            )
            pool = np.vstack(
                [pool, self._snap(np.repeat(front_X, reps, axis=0) + noise)]
            )
        return self._fresh(pool)

    def _refine(self, Xc, score, acquisition, taken, n_best=10, n_local=20):
        """Local search around the best candidates with shrinking Gaussian steps.

        A cheap stand-in for multi-start gradient ascent that also works on
        integer and categorical dimensions (steps are snapped back into the
        space). Enumerated finite spaces are already searched exhaustively.
        """
        if self._enumerable():
            return Xc, score
        for step in (0.1, 0.03, 0.01):
            top = np.argsort(-score, kind="stable")[:n_best]
            local = np.repeat(Xc[top], n_local, axis=0)
            local += self._rng.normal(scale=step, size=local.shape)
            new = self._fresh(self._snap(local), taken)
            if len(new):
                Xc = np.vstack([Xc, new])
                score = np.concatenate([score, acquisition(new)])
        return Xc, score

    def _fit_gp(self, key, X, y, refit_kernel=True) -> GaussianProcess:
        """The surrogate ``key`` fitted to ``(X, y)``; its hyper-parameters are kept for
        the next fit (a warm start), or used as they are when not ``refit_kernel``."""
        kernel = "hamming" if self.space.is_categorical else "matern52"
        seed = self._rng.randint(2**31 - 1)
        theta = self._kernels.get(key)
        if theta is None:
            limits, restarts = (None, None), _COLD_RESTARTS
        else:
            theta = theta.copy()
            if refit_kernel:
                # Warm start from the previous hyper-parameters: one more
                # observation moves the optimum little, so no random restarts
                # and a capped number of iterations. The noise restarts from
                # its lower bound: continuing from the fitted noise stalled in
                # smooth, noisy fits (ZDT3 median HV at 50 evaluations 0.70 ->
                # 0.55 over 6 seeds); deterministic objectives need the low end.
                theta[-1] = theta_bounds(kernel, X.shape[1])[-1, 0]
            limits, restarts = (_LBFGS_MAXITER, _LBFGS_FTOL), 0
        gp = fit_gaussian_process(
            X,
            y,
            kernel=kernel,
            theta=theta,
            optimize=refit_kernel,
            n_restarts=restarts,
            random_state=seed,
            maxiter=limits[0],
            ftol=limits[1],
        )
        if refit_kernel:
            self._kernels[key] = gp.theta
        return gp

    def _ask_model(self, n_points, pending=None):
        """``n_points`` points chosen by the surrogates, with ``pending`` encoded rows
        (asked, not yet told) believed at their predicted means first."""
        ok = [i for i, y in enumerate(self.yi) if y is not None]
        X_ok = self.space.transform([self.Xi[i] for i in ok])
        Y = np.array([self.yi[i] for i in ok])
        low, high = Y.min(axis=0), Y.max(axis=0)
        scale = np.where(high > low, high - low, 1.0)
        Yn = (Y - low) / scale
        C = np.array([self.ci[i] for i in ok]) if self.n_constraints else None
        success = np.array([-1.0 if y is None else 1.0 for y in self.yi])
        X_all = self.space.transform(self.Xi)
        reference = (
            None
            if self.reference_point is None
            else np.where(
                np.isnan(self.reference_point),
                1.0 + _MARGIN,
                (self.reference_point * self._signs - low) / scale,
            )
        )
        believed = _Believer(self, X_ok, Yn, C, X_all, success, reference)
        if pending is not None and len(pending):
            believed.add(pending, fantasize=self.acquisition != "parego")
        feasible = np.all(C <= 0, axis=1) if C is not None else np.ones(len(Yn), bool)
        front = believed.front()
        use_parego = self.acquisition == "parego"
        weights = None
        cells = None
        box = _box(believed.Yn, reference)
        if not use_parego and len(front):
            cells = non_dominated_cells(front, **box, max_cells=_AUTO_MAX_CELLS)
            use_parego = cells is None and self.acquisition == "auto"
            if cells is None and self.acquisition == "ehvi":
                cells = non_dominated_cells(front, **box, max_cells=_MAX_EHVI_CELLS)
                use_parego = cells is None
                if use_parego and not self._warned_ehvi:
                    self._warned_ehvi = True
                    warnings.warn(
                        f"acquisition='ehvi': the front of {len(front)} points in "
                        f"{self.n_objectives} objectives needs more than {_MAX_EHVI_CELLS:,} "
                        "EHVI cells; such proposals use ParEGO instead.",
                        UserWarning,
                        stacklevel=3,
                    )
        if use_parego:
            weights = self._rng.dirichlet(np.ones(self.n_objectives))
        on_front = (
            np.flatnonzero(feasible)[is_non_dominated(Yn[feasible])]
            if feasible.any()
            else []
        )
        Xc = self._candidates(X_ok[on_front])
        chosen = []
        for _ in range(n_points):
            Xc = self._fresh(Xc, taken=self._keys(np.array(chosen)))
            if not len(Xc):
                break
            score = believed.acquisition(Xc, cells, weights, front)
            Xc, score = self._refine(
                Xc,
                score,
                lambda X: believed.acquisition(X, cells, weights, front),
                taken=self._keys(np.array(chosen)),
            )
            best = int(np.argmax(score))  # ties: the first candidate (deterministic)
            chosen.append(Xc[best])
            if len(chosen) < n_points:
                believed.add(Xc[best : best + 1], fantasize=weights is None)
                front = believed.front()
                if weights is None and len(front):
                    # A new believed front (possibly the first feasible point: a
                    # batch may start with none) needs its cells, and believed
                    # values beyond the observed range widen the box.
                    box = _box(believed.Yn, reference)
                    cells = non_dominated_cells(front, **box, max_cells=_MAX_EHVI_CELLS)
                    if (
                        cells is None
                    ):  # too many cells: ParEGO for the rest of the batch
                        weights = self._rng.dirichlet(np.ones(self.n_objectives))
        return self._decode(np.array(chosen)) if chosen else []


def _category_index(d, block):
    """Category indices of encoded rows: one-hot columns, or one 0/1 column (<= 2 categories)."""
    if block.ndim == 2:
        return np.argmax(block, axis=1)
    return np.clip(np.rint(block).astype(int), 0, len(d.categories) - 1)


def _category_encode(d, index):
    """Encoded rows of category indices, as skopt's transform of ``d`` encodes them."""
    if d.transformed_size == 1:
        return np.asarray(index, dtype=float).reshape(-1, 1)
    return np.eye(d.transformed_size)[index]


_THREADPOOLS = []


def _single_threaded():
    # A ThreadpoolController scans the loaded libraries when created: once.
    if not _THREADPOOLS:
        _THREADPOOLS.append(ThreadpoolController())
    return _THREADPOOLS[0].limit(limits=1)
