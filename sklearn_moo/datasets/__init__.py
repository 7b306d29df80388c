"""Datasets bundled with sklearn-moo (work offline)."""

from ._adult import load_adult

__all__ = ["load_adult"]
