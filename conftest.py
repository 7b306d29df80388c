"""Skip the doctests that need scikit-learn's callback API where it is missing (< 1.9).

Tests themselves say so with ``tests._helpers.requires_callback_api``.
"""

import pytest


def pytest_collection_modifyitems(config, items):
    from sklearn_moo.utils._sklearn_compat import HAS_CALLBACK_API

    if HAS_CALLBACK_API:
        return
    skip = pytest.mark.skip(
        reason="scikit-learn's callback API (set_callbacks) needs 1.9"
    )
    for item in items:
        examples = getattr(getattr(item, "dtest", None), "examples", ())
        if any("set_callbacks" in example.source for example in examples):
            item.add_marker(skip)
