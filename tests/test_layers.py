"""Imports flow one way (STYLE.md): a module imports only lower layers."""

import ast
import pathlib

import sklearn_moo

ROOT = pathlib.Path(sklearn_moo.__file__).parent
# layer of each top-level unit; a unit may import units of a strictly lower
# layer (utils and exceptions are importable from everywhere).
LAYERS = {
    "utils": 0,
    "exceptions": 0,
    "pareto": 1,
    "metrics": 1,
    "_objectives": 1,
    "datasets": 1,
    "_results": 1.5,
    "_report": 1.6,
    "policies": 2,
    "engine": 2,
    "model_selection": 3,
    "plotting": 3,
    "inspection": 2.5,
    "callback": 3,
}
# NOTE: inspection (2.5) reads cv_results_ only, below plotting, whose
# ObjectiveImportanceDisplay computes through it.


def _unit(path):
    rel = path.relative_to(ROOT).parts
    return rel[0].removesuffix(".py")


def _imported_units(path):
    tree = ast.parse(path.read_text())
    depth = len(path.relative_to(ROOT).parts) - 1
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            parts = path.relative_to(ROOT).parts[: depth - node.level + 1]
            target = list(parts) + (node.module.split(".") if node.module else [])
            if not target and node.module is None:
                target = [alias.name for alias in node.names]
            if target:
                yield target[0]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("sklearn_moo.")
        ):
            yield node.module.split(".")[1]


def test_layers_imports_flow_downwards():
    problems = []
    for path in ROOT.rglob("*.py"):
        unit = _unit(path)
        if unit == "__init__":
            continue
        for target in _imported_units(path):
            if target == unit or target not in LAYERS:
                continue
            if LAYERS[target] > 0 and LAYERS[target] >= LAYERS[unit]:
                problems.append(f"{path.relative_to(ROOT)} imports {target}")
    assert problems == []


def test_layers_skopt_imported_only_by_engine():
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if _unit(p) != "engine" and "skopt" in p.read_text()
    ]
    assert offenders == []


def test_layers_the_two_searches_share_a_base_and_not_each_other():
    import inspect

    from sklearn_moo import MultiObjectiveHalvingSearchCV, MultiObjectiveSearchCV
    from sklearn_moo.model_selection._base import _BaseMultiObjectiveSearch

    for one, other in [
        (MultiObjectiveSearchCV, MultiObjectiveHalvingSearchCV),
        (MultiObjectiveHalvingSearchCV, MultiObjectiveSearchCV),
    ]:
        assert issubclass(one, _BaseMultiObjectiveSearch)
        assert not issubclass(one, other)
        own = set(inspect.signature(one.__init__).parameters) - {"self"}
        assert set(one(None, {}).get_params(deep=False)) == own
        assert set(one._parameter_constraints) == own
    halving = set(MultiObjectiveHalvingSearchCV(None, {}).get_params(deep=False))
    assert not halving & {"n_iter", "strategy", "n_points", "reference_point"}


def test_layers_no_module_over_800_lines_and_halving_uses_the_base_only():
    long = {
        str(p.relative_to(ROOT)): n
        for p in ROOT.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 800
    }
    assert long == {}
    tree = ast.parse((ROOT / "model_selection" / "_halving.py").read_text())
    from_search = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "_search"
        for alias in node.names
    ]
    assert from_search == []
