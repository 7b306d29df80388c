"""A candidate's identity in the audit log: faithful, and the same in every process.

``repr`` is neither: two lambdas, or two closures named ``f``, print alike, and
a ``frozenset`` prints in an order that depends on the hash seed. The audit log
keys each candidate by :func:`identity`, a JSON value built so that two
parameter values get the same identity only when they are the same value
(issue #26):

- numbers, strings, None and booleans stand as themselves (``1``, ``1.0`` and
  ``True`` stay apart); NumPy scalars and arrays carry their dtype;
- tuples, lists, dicts, sets and frozensets keep their kind, sets sorted by
  their elements' identities;
- scikit-learn estimators are their class and ``get_params(deep=False)``;
- Python functions (lambdas and closures included) are their name plus a
  fingerprint of their code, defaults and closure contents;
  ``functools.partial`` its function, arguments and keywords; other importable
  objects (classes, builtins, ufuncs) their import path;
- scikit-optimize ranges and scipy.stats frozen distributions their
  definition (not the random state their samplers hold);
- a fitted estimator also a fingerprint of its fitted attributes;
- any other object (a scorer, a splitter, a user's class instance) what
  pickling it would save, read the same way: its class, the arguments that
  rebuild it and its state, so that a function it holds is read by its code
  (a scorer's metric function, say), never by its name; builtin objects
  without a kind of their own a fingerprint of their pickled state
  (``joblib.hash``), which is deterministic for the same state.

What a function reads from its module's globals is not part of its identity:
``lambda x: x * K`` keeps its identity when ``K`` changes between a search
and its resumption.

A value with none of these (a generator, an open file, anything that does not
pickle) has no stable identity: :func:`identity` raises
:class:`~sklearn_moo.exceptions.UnstableIdentityError` naming where it sits
(``estimator.steps[0][1].func``), and the search refuses to log it rather than
guess. :func:`identity_differences` names, by the same paths, where two
identities differ.
"""

from __future__ import annotations

import copyreg
import enum
import functools
import hashlib
import importlib
import json
import math
import re
import types

import joblib
import numpy as np

from ..engine._space import is_dimension
from ..exceptions import UnstableIdentityError

__all__ = ["UnstableIdentityError", "identity", "identity_differences", "identity_text"]

# Recursion guard for self-referencing values (a closure that captures itself).
_MAX_DEPTH = 50


def identity_text(params: dict) -> str:
    """The identity of a candidate's parameters as one JSON text (sorted keys)."""
    return json.dumps(
        {str(name): identity(value, name) for name, value in params.items()},
        sort_keys=True,
        allow_nan=False,
    )


def identity(value, name: str = "value", _depth: int = 0):
    """A JSON value that identifies ``value`` faithfully and stably (see the module notes).

    Raises
    ------
    UnstableIdentityError
        When ``value`` has no stable identity; the message names ``name``.
    """
    if _depth > _MAX_DEPTH:
        raise UnstableIdentityError(_refusal(name, value, "it refers to itself"))
    recurse = functools.partial(_recurse, name=name, depth=_depth + 1)
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    for kind, test in _KINDS:
        if test(value):
            return kind(value, recurse, name)
    return _fingerprint(value, name)


def _recurse(value, suffix="", *, name, depth):
    return identity(value, f"{name}{suffix}", depth)


def _sorted_identities(values, recurse) -> list:
    return sorted(
        (recurse(v) for v in values), key=lambda i: json.dumps(i, sort_keys=True)
    )


def _numpy_scalar(value, recurse, name):
    return {"numpy": str(value.dtype), "value": recurse(value.item())}


def _ndarray(value, recurse, name):
    if value.dtype == object:
        return {
            "ndarray": "object",
            "shape": list(value.shape),
            "items": [recurse(v) for v in value.ravel().tolist()],
        }
    # NOTE: contiguous first: joblib.hash sees strides, and a pickled copy (in a
    # worker) of a strided view is contiguous.
    return {
        "ndarray": str(value.dtype),
        "shape": list(value.shape),
        "hash": joblib.hash(np.ascontiguousarray(value)),
    }


def _sequence(value, recurse, name):
    items = [recurse(v, f"[{i}]") for i, v in enumerate(value)]
    return items if type(value) is list else {_type_path(type(value)): items}


def _mapping(value, recurse, name):
    items = sorted(
        ([recurse(k), recurse(v, f"[{k!r}]")] for k, v in value.items()),
        key=lambda kv: json.dumps(kv[0], sort_keys=True),
    )
    return {_type_path(type(value)): items}


def _set(value, recurse, name):
    return {_type_path(type(value)): _sorted_identities(value, recurse)}


def _estimator(value, recurse, name):
    out = {
        "estimator": _type_path(type(value)),
        "params": {
            k: recurse(v, f".{k}")
            for k, v in sorted(value.get_params(deep=False).items())
        },
    }
    # A fitted estimator (a prefit model inside FrozenEstimator, say) is also
    # what it learnt: two models with the same parameters may differ there.
    fitted = {
        k: v
        for k, v in vars(value).items()
        if k.endswith("_") and not k.startswith("_")
    }
    if fitted:
        out["fitted"] = _fingerprint(fitted, name)["hash"]
    return out


def _dimension(value, recurse, name):
    """A scikit-optimize range: its definition, not its pickled state (which holds
    the global random state of its sampler)."""
    fields = {"low", "high", "prior", "base", "transform_", "dtype"} & set(vars(value))
    out = {
        "dimension": _type_path(type(value)),
        **{
            k: recurse(getattr(value, k) if k != "dtype" else str(getattr(value, k)))
            for k in sorted(fields)
        },
    }
    if hasattr(value, "categories"):
        out["categories"] = [recurse(c) for c in value.categories]
    return out


def _distribution(value, recurse, name):
    """A scipy.stats frozen distribution: its family and arguments, not its random state."""
    return {
        "distribution": value.dist.name,
        "args": [recurse(a) for a in value.args],
        "kwds": {k: recurse(v) for k, v in sorted(value.kwds.items())},
    }


def _partial(value, recurse, name):
    return {
        "partial": recurse(value.func),
        "args": [recurse(a) for a in value.args],
        "keywords": {k: recurse(v) for k, v in sorted(value.keywords.items())},
    }


def _function(value, recurse, name):
    closure = [
        cell.cell_contents for cell in value.__closure__ or () if _cell_is_set(cell)
    ]
    content = {
        "code": _code(value.__code__),
        "defaults": recurse(value.__defaults__),
        "kwdefaults": recurse(value.__kwdefaults__),
        "closure": recurse(closure),
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[
        :16
    ]
    return {"function": f"{value.__module__}:{value.__qualname__}", "content": digest}


def _module(value, recurse, name):
    return {"module": value.__name__}


def _reduced(value, recurse, name):
    """An object as pickling sees it: what rebuilds it and its state, each read by
    identity (so a function inside is its code, not its name)."""
    reducer = copyreg.dispatch_table.get(type(value))  # as pickle looks it up
    try:
        parts = reducer(value) if reducer is not None else value.__reduce_ex__(4)
    except Exception as e:  # noqa: BLE001 - whatever refuses pickling, the answer is the same
        raise UnstableIdentityError(
            _refusal(name, value, f"it cannot be pickled ({e})")
        ) from e
    if isinstance(parts, str):  # a module-level singleton, pickled by name
        return {"global": f"{getattr(value, '__module__', None)}:{parts}"}
    rebuild, args, state, *items = (*parts, None, None, None)[:5]
    out = {
        "object": _type_path(type(value)),
        "rebuild": recurse(rebuild, ".<rebuild>"),
        "args": [recurse(a, ".<args>") for a in args if a is not type(value)],
    }
    if isinstance(state, tuple) and len(state) == 2 and state[0] is None:
        state = state[1]  # __slots__ only
    if isinstance(state, dict) and all(isinstance(k, str) for k in state):
        out["state"] = {k: recurse(v, f".{k}") for k, v in sorted(state.items())}
    elif state is not None:
        out["state"] = recurse(state, ".<state>")
    for kind, found in zip(("items", "dict_items"), items):
        if found is not None:
            out[kind] = recurse(list(found), f".<{kind}>")
    return out


def _method(value, recurse, name):
    return {"method": value.__func__.__name__, "of": recurse(value.__self__)}


def _enum(value, recurse, name):
    return {"enum": _type_path(type(value)), "name": value.name}


def _importable(value, recurse, name):
    return {"global": _type_path(value)}


def _cell_is_set(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - reading it is the test
    except ValueError:  # a free variable not bound yet
        return False
    return True


def _code(code: types.CodeType):
    """The parts of a code object that decide what it computes."""
    consts = [
        _code(c) if isinstance(c, types.CodeType) else identity(c, "constant")
        for c in code.co_consts
    ]
    return {
        "bytes": code.co_code.hex(),
        "consts": consts,
        "names": list(code.co_names),
        "varnames": list(code.co_varnames),
        "freevars": list(code.co_freevars),
        "argcount": code.co_argcount,
        "kwonly": code.co_kwonlyargcount,
    }


def _type_path(obj) -> str:
    return f"{getattr(obj, '__module__', None)}:{getattr(obj, '__qualname__', obj.__name__)}"


def _is_importable(value) -> bool:
    """Whether ``value`` is what its ``module:qualname`` imports (a class, a builtin, a ufunc)."""
    module = getattr(value, "__module__", None)
    path = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if not isinstance(module, str) or not isinstance(path, str) or "<" in path:
        return False
    try:
        found = importlib.import_module(module)
        for part in path.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        return False
    return found is value


def _fingerprint(value, name):
    try:
        digest = joblib.hash(value)
    except Exception as e:  # noqa: BLE001 - whatever pickling raises, the answer is the same
        raise UnstableIdentityError(
            _refusal(name, value, f"it cannot be pickled ({e})")
        ) from e
    return {"object": _type_path(type(value)), "hash": digest}


def _refusal(name, value, why) -> str:
    root = re.split(r"[.\[]", name, maxsplit=1)[0]
    where = repr(root) if root == name else f"{root!r} (at {name})"
    return (
        f"The value {value!r} of parameter {where} has no identity that stays the same "
        f"from one process to the next ({why}), so the audit log cannot record it and "
        "check it when the search resumes. Use a value that can be pickled (a module-level "
        "function, a class instance), or fit without audit_log."
    )


def identity_differences(logged, current, path: str) -> list[str]:
    """Where two identities differ, each named by its path (``scoring['acc']._score_func``).

    Parameters
    ----------
    logged, current : JSON values
        Identities from :func:`identity`: the audit log's and this search's.
    path : str
        The name of what both identify (``"estimator"``).

    Returns
    -------
    differences : list of str
        One sentence per difference, empty when the identities are equal.
    """
    if logged == current:
        return []
    if isinstance(logged, dict) and isinstance(current, dict):
        for kind, parts in (("estimator", ("params",)), ("object", ("state", "args"))):
            if kind in logged and kind in current:
                if logged[kind] != current[kind]:
                    return [
                        f"{path} is a {current[kind]}, the log has a {logged[kind]}"
                    ]
                return _differences_within(
                    logged, current, path, parts, kind == "object"
                )
        if "function" in logged and "function" in current:
            if logged["function"] != current["function"]:
                return [
                    f"{path} is the function {current['function']}, the log has "
                    f"{logged['function']}"
                ]
            return [
                f"{path} ({current['function']}) computes something else: its code, "
                "defaults or closure differ from the log's"
            ]
        if set(logged) == set(current) and not any(":" in k for k in logged):
            return [
                d
                for k in sorted(logged)  # a JSON object: the scorers by name
                for d in identity_differences(logged[k], current[k], f"{path}[{k!r}]")
            ]
        common = [k for k in logged if k in current and ":" in k and len(logged) == 1]
        if common:  # a tuple, dict or set: {type path: items}
            return identity_differences(logged[common[0]], current[common[0]], path)
    if (
        isinstance(logged, list)
        and isinstance(current, list)
        and len(logged) == len(current)
    ):
        pairs = all(isinstance(x, list) and len(x) == 2 for x in logged + current)
        if pairs and [k for k, _ in logged] == [
            k for k, _ in current
        ]:  # a dict's items
            return [
                d
                for (k, a), (_, b) in zip(logged, current)
                for d in identity_differences(a, b, f"{path}[{_key(k)}]")
            ]
        return [
            d
            for i, (a, b) in enumerate(zip(logged, current))
            for d in identity_differences(a, b, f"{path}[{i}]")
        ]
    return [f"{path} is {_short(current)}, the log has {_short(logged)}"]


def _differences_within(logged, current, path, parts, attributes):
    out = []
    for part in parts:
        a, b = logged.get(part), current.get(part)
        if isinstance(a, dict) and isinstance(b, dict) and set(a) == set(b):
            sep = "." if attributes or part == "params" else ""
            out += [
                d
                for k in sorted(a)
                for d in identity_differences(a[k], b[k], f"{path}{sep}{k}")
            ]
        else:
            out += identity_differences(a, b, f"{path}.<{part}>")
    return out or [f"{path} differs from the log's"]


def _key(key) -> str:
    return repr(key) if isinstance(key, str) else _short(key)


def _short(value) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."


# NOTE: order matters: estimators before generic objects, partials and functions
# before importable globals (a module-level function is both; its code counts).
_KINDS = (
    (_numpy_scalar, lambda v: isinstance(v, np.generic)),
    (_ndarray, lambda v: isinstance(v, np.ndarray)),
    (_enum, lambda v: isinstance(v, enum.Enum)),
    (_sequence, lambda v: isinstance(v, (list, tuple))),
    (_mapping, lambda v: isinstance(v, dict)),
    (_set, lambda v: isinstance(v, (set, frozenset))),
    (
        _estimator,
        lambda v: (
            not isinstance(v, type)
            and callable(getattr(v, "get_params", None))
            and hasattr(v, "fit")
        ),
    ),
    (_dimension, is_dimension),
    (
        _distribution,
        lambda v: hasattr(v, "rvs") and hasattr(v, "dist") and hasattr(v, "kwds"),
    ),
    (_partial, lambda v: isinstance(v, functools.partial)),
    (_function, lambda v: isinstance(v, types.FunctionType)),
    (_method, lambda v: isinstance(v, types.MethodType)),
    (_module, lambda v: isinstance(v, types.ModuleType)),
    (_importable, _is_importable),
    (_reduced, lambda v: not isinstance(v, type) and type(v).__module__ != "builtins"),
)
