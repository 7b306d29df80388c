"""Lazy imports of optional dependencies with a helpful error."""

import importlib

_EXTRAS = {
    "pandas": "pandas",
    "matplotlib": "plot",
    "rich": "progress",
    "moocore": "fast",
}


def import_optional(name, purpose):
    """Import ``name`` or raise an ImportError that says which extra to install."""
    try:
        return importlib.import_module(name)
    except ImportError as e:
        extra = _EXTRAS.get(name.split(".")[0], name)
        raise ImportError(
            f"{purpose} requires the optional dependency {name!r}. Install it with "
            f"`pip install sklearn-moo[{extra}]` or `pip install {name.split('.')[0]}`."
        ) from e


def has_module(name):
    """Whether ``name`` can be imported (without raising)."""
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True
