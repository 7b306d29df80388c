"""Objective names, directions and units; constraint parsing and violations.

Scores in ``cv_results_`` always follow scikit-learn's "greater is better"
convention. People think in *natural* quantities (a latency in milliseconds, a
demographic parity difference), so everything shown to a person, and every
constraint a person writes, uses natural units; this module converts between
the two once.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Objective",
    "Constraint",
    "describe_objectives",
    "parse_constraints",
    "parse_reference_point",
]

# Unit words a constraint may use, as (kind, factor to the base unit).
_UNITS: dict[str, tuple[str, float]] = {
    "s": ("time", 1.0),
    "sec": ("time", 1.0),
    "ms": ("time", 1e-3),
    "us": ("time", 1e-6),
    "µs": ("time", 1e-6),
    "ns": ("time", 1e-9),
    "b": ("size", 1.0),
    "bytes": ("size", 1.0),
    "kb": ("size", 1e3),
    "mb": ("size", 1e6),
    "gb": ("size", 1e9),
    "kib": ("size", 1024.0),
    "mib": ("size", 1024.0**2),
    "gib": ("size", 1024.0**3),
    "%": ("fraction", 0.01),
}
_BASE_UNIT_KIND = {"s": "time", "bytes": "size", "": "fraction"}

# A number and an optional unit word: "5 ms", "0.05", "80 %".
_QUANTITY = (
    r"(?P<value>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?P<unit>[A-Za-zµ%]*)\s*$"
)
_QUANTITY_RE = re.compile(r"^\s*" + _QUANTITY)
_CONSTRAINT_RE = re.compile(
    r"^\s*(?:(?P<name>[A-Za-z_][\w.\-]*)\s*)?(?P<op><=|>=|<|>|==|=)\s*" + _QUANTITY
)


@dataclass(frozen=True)
class Objective:
    """One scorer seen as an objective.

    ``natural = sign * score``: ``sign`` is -1 when the scorer negates a
    lower-is-better quantity (``neg_log_loss``, a latency scorer).
    """

    name: str
    sign: float = 1.0
    unit: str = ""
    label: str = ""

    def __post_init__(self):
        if not self.label:
            object.__setattr__(self, "label", self.name)

    @property
    def natural_greater_is_better(self) -> bool:
        return self.sign > 0

    def to_natural(self, scores):
        return self.sign * np.asarray(scores, dtype=float)

    def direction(self) -> str:
        return (
            "higher is better" if self.natural_greater_is_better else "lower is better"
        )

    def format(self, score: float) -> str:
        """A score as a person reads it: natural value and unit."""
        value = float(self.sign * score) + 0.0  # + 0.0: no "-0" for a negated zero
        if not math.isfinite(value):
            return "failed"
        if self.unit == "s":
            for factor, word in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")):
                if abs(value) >= factor or factor == 1e-9:
                    return f"{_significant(value / factor, 3)} {word}"
        if self.unit == "bytes":
            for factor, word in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB"), (1.0, "bytes")):
                if abs(value) >= factor or factor == 1.0:
                    return f"{_significant(value / factor, 4)} {word}"
        return f"{_significant(value, 4)}{(' ' + self.unit) if self.unit else ''}"


def _significant(value: float, digits: int) -> str:
    """``digits`` significant digits, trailing zeros kept (0.9300, 33.1), no bare point."""
    if value == 0:
        return "0"
    text = f"{value:#.{digits}g}"
    return text[:-1] if text.endswith(".") else text


def _objective_from_scorer(name: str, scorer) -> Objective:
    # NOTE: our scorers (sklearn_moo.metrics) expose greater_is_better/unit/
    # natural_name; scikit-learn's negated scorers carry `_sign = -1`.
    label = getattr(scorer, "natural_name", None)
    if hasattr(scorer, "greater_is_better") and hasattr(scorer, "unit"):
        sign = 1.0 if scorer.greater_is_better else -1.0
        return Objective(name, sign, scorer.unit or "", label or name)
    sign = float(getattr(scorer, "_sign", 1))
    if sign < 0:
        return Objective(name, -1.0, "", label or name.removeprefix("neg_"))
    return Objective(name, 1.0, "", label or name)


def describe_objectives(scorers) -> list[Objective]:
    """Objectives from a dict ``{name: scorer}`` (order kept)."""
    return [_objective_from_scorer(name, scorer) for name, scorer in scorers.items()]


@dataclass(frozen=True)
class Constraint:
    """``natural(name) <op> bound`` with ``op`` in ``{"<=", ">="}``.

    The bound is stored in the objective's base unit (seconds, bytes, or the
    plain number).
    """

    name: str
    op: str
    bound: float
    text: str

    def violation(self, natural) -> np.ndarray:
        """Amount by which natural values miss the bound (0 when satisfied, NaN if failed)."""
        natural = np.asarray(natural, dtype=float)
        gap = natural - self.bound if self.op == "<=" else self.bound - natural
        return np.where(np.isnan(gap), np.nan, np.maximum(gap, 0.0))

    def signed_gap(self, natural) -> np.ndarray:
        """Negative when satisfied, positive when violated (used by the engine)."""
        natural = np.asarray(natural, dtype=float)
        return natural - self.bound if self.op == "<=" else self.bound - natural


def _parse_one(name, spec, objectives_by_name, argument):
    text = spec if name is None else f"{name} {spec}"
    if isinstance(spec, tuple) and len(spec) == 2 and name is not None:
        op, value = spec
        match = _CONSTRAINT_RE.match(f"{op} {value}")
    elif isinstance(spec, str):
        match = _CONSTRAINT_RE.match(spec)
    else:
        match = None
    if match is None:
        raise ValueError(
            f"Cannot parse the constraint {text!r} in {argument}. Write it as "
            "'<name> <= <value> [unit]' (or {'<name>': '<= <value> [unit]'}), "
            "e.g. 'latency <= 5 ms' or 'dp_difference <= 0.05'."
        )
    name = name if name is not None else match["name"]
    if name is None:
        raise ValueError(f"The constraint {text!r} in {argument} names no scorer.")
    op = match["op"]
    if op not in ("<=", ">="):
        raise ValueError(
            f"The constraint {text!r} in {argument} uses {op!r}; use '<=' or '>=' "
            "(bounds are inclusive)."
        )
    if name not in objectives_by_name:
        raise ValueError(
            f"The constraint {text!r} in {argument} refers to the scorer {name!r}, "
            f"which is not in scoring. Known scorers: {sorted(objectives_by_name)}."
        )
    value = _in_base_unit(
        float(match["value"]),
        match["unit"],
        objectives_by_name[name],
        f"the constraint {text!r}",
    )
    return Constraint(name, op, value, " ".join(str(text).split()))


def _in_base_unit(value, unit, objective, where):
    """``value unit`` in the objective's base unit (seconds, bytes, a plain number)."""
    if not unit:
        return value
    if unit.lower() not in _UNITS and unit not in _UNITS:
        raise ValueError(
            f"Unknown unit {unit!r} in {where}; known units: {sorted(_UNITS)}."
        )
    kind, factor = _UNITS.get(unit, _UNITS.get(unit.lower()))
    expected = _BASE_UNIT_KIND.get(objective.unit)
    if expected is not None and kind != expected:
        subject = "The" + where[3:] if where.startswith("the ") else where
        raise ValueError(
            f"{subject} gives a {kind} in {unit!r}, but the scorer "
            f"{objective.name!r} measures {objective.label!r} in "
            f"{objective.unit or 'plain numbers'}."
        )
    return value * factor


def parse_constraints(
    constraints, objectives, *, argument="constraints"
) -> list[Constraint]:
    """Parse constraints given in natural units against known objectives.

    Parameters
    ----------
    constraints : None, str, list of str, or dict
        ``"latency <= 5 ms"``, a list of such strings, or a dict
        ``{"latency": "<= 5 ms", "dp": ("<=", 0.05)}``.
    objectives : list of Objective
    argument : str
        Name of the argument, for error messages.

    Returns
    -------
    list of Constraint
    """
    by_name = {o.name: o for o in objectives}
    if constraints is None:
        return []
    if isinstance(constraints, str):
        constraints = [constraints]
    if isinstance(constraints, dict):
        items = [(name, spec) for name, spec in constraints.items()]
        for name, spec in items:
            if not isinstance(spec, (str, tuple)) and isinstance(spec, numbers.Real):
                raise ValueError(
                    f"{argument}[{name!r}] = {spec!r} has no direction; write "
                    f"'<= {spec}' or '>= {spec}'."
                )
    elif isinstance(constraints, (list, tuple)):
        items = [(None, spec) for spec in constraints]
    else:
        raise TypeError(
            f"{argument} must be None, a string, a list of strings or a dict, "
            f"got {type(constraints).__name__}."
        )
    return [_parse_one(name, spec, by_name, argument) for name, spec in items]


def parse_reference_point(
    reference_point, objectives, *, argument="reference_point"
) -> np.ndarray | None:
    """A reference point in natural units, as scores (greater is better) per objective.

    Parameters
    ----------
    reference_point : None or dict
        ``{scorer name: value}``, each value a number in the objective's natural
        unit (seconds, bytes, a plain number) or a string with a unit
        (``"20 ms"``, ``"80 %"``). Scorers left out get NaN (the engine's own).
    objectives : list of Objective
    argument : str
        Name of the argument, for error messages.

    Returns
    -------
    scores : ndarray of shape (n_objectives,) or None
        The point in ``cv_results_``'s scores, None when not given.
    """
    if reference_point is None:
        return None
    if not isinstance(reference_point, dict):
        raise TypeError(
            f"{argument} must be None or a dict {{scorer name: value}} in "
            f"natural units, got {type(reference_point).__name__}."
        )
    by_name = {o.name: o for o in objectives}
    unknown = sorted(set(reference_point) - set(by_name), key=str)
    if unknown:
        raise ValueError(
            f"{argument} names {unknown}, which are not in scoring. Known "
            f"scorers: {sorted(by_name)}."
        )
    scores = np.full(len(objectives), np.nan)
    for j, objective in enumerate(objectives):
        if objective.name not in reference_point:
            continue
        spec = reference_point[objective.name]
        where = f"{argument}[{objective.name!r}] = {spec!r}"
        if isinstance(spec, numbers.Real) and not isinstance(spec, bool):
            value = float(spec)
        else:
            match = _QUANTITY_RE.match(spec) if isinstance(spec, str) else None
            if match is None:
                raise ValueError(
                    f"Cannot read {where}: give a number in natural units or a "
                    "string such as '20 ms' or '0.1'."
                )
            value = _in_base_unit(
                float(match["value"]), match["unit"], objective, where
            )
        if not math.isfinite(value):
            raise ValueError(f"{where} must be a finite number.")
        scores[j] = objective.sign * value
    return scores
