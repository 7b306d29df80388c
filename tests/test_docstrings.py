"""Every public name has the numpydoc sections its API page needs (issue #16).

Public names are what the package's ``__init__`` files export; each needs a
summary, ``Parameters`` when its signature takes any, ``Returns``/``Yields``
(functions) or ``Attributes`` (classes), and an ``Examples`` section with a
doctest (the doctests themselves run through ``--doctest-modules``).
"""

import importlib
import inspect
import pathlib
import re

import pytest

import sklearn_moo

ROOT = pathlib.Path(sklearn_moo.__file__).parent
# The package first: a name it exports is documented under it.
PACKAGES = ["sklearn_moo", "sklearn_moo.exceptions"] + sorted(
    f"sklearn_moo.{p.parent.name}"
    for p in ROOT.glob("*/__init__.py")
    if not p.parent.name.startswith("_")
)
API_PAGE = ROOT.parent / "docs" / "api.rst"


def _public():
    seen = {}
    for name in PACKAGES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if not attr.startswith("_") and (
                inspect.isclass(obj) or inspect.isfunction(obj)
            ):
                seen.setdefault(id(obj), (f"{name}.{attr}", obj))
    return sorted(seen.values(), key=lambda item: item[0])


PUBLIC = _public()


def _sections(doc):
    return set(re.findall(r"^(\w[\w ]*)\n-{3,}$", doc, re.M))


def _takes_parameters(obj):
    target = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and issubclass(obj, Warning):
        return True  # a warning takes its message
    try:
        params = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return False
    return (
        any(
            p.name not in ("self", "cls") and p.kind not in (p.VAR_KEYWORD,)
            for p in params
        )
        and target is not object.__init__
    )


def test_the_public_api_is_found():
    names = [name for name, _ in PUBLIC]
    assert "sklearn_moo.MultiObjectiveSearchCV" in names and len(names) == 50


@pytest.mark.parametrize("name,obj", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_docstring_has_its_sections(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert obj.__doc__ is not None and doc.split("\n")[0].strip(), f"{name}: no summary"
    sections = _sections(doc)
    missing = []
    if _takes_parameters(obj) and "Parameters" not in sections:
        missing.append("Parameters")
    wanted = {"Attributes"} if inspect.isclass(obj) else {"Returns", "Yields"}
    if not wanted & sections:
        missing.append("/".join(sorted(wanted)))
    if (
        "Examples" not in sections
        or ">>>" not in doc.split("Examples\n--------", 1)[-1]
    ):
        missing.append("Examples with a doctest")
    assert not missing, f"{name} lacks {', '.join(missing)}"


def test_every_public_name_has_an_api_page():
    """docs/api.rst lists each public name under the module it is documented in."""
    listed, module = set(), None
    for line in API_PAGE.read_text().splitlines():
        if line.startswith(".. currentmodule:: "):
            module = line.split("::")[1].strip()
        elif line.startswith("   ") and line.strip().isidentifier() and module:
            listed.add(f"{module}.{line.strip()}")
    names = {name for name, _ in PUBLIC}
    assert names - listed == set(), "not in docs/api.rst"
    assert listed - names == set(), "in docs/api.rst but not public"
