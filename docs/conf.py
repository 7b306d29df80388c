"""Sphinx configuration of the sklearn-moo documentation (``make docs``).

The build runs offline: no intersphinx inventories (the build machines reach
only package registries); scikit-learn's documentation is linked statically.
"""

import os
import sys
import warnings

sys.path.insert(0, os.path.abspath(".."))
import sklearn_moo  # noqa: E402

project = "sklearn-moo"
author = "The sklearn-moo developers"
copyright = "2026, The sklearn-moo developers"
release = version = sklearn_moo.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
templates_path = ["_templates"]
exclude_patterns = ["_build", "generated/*.examples"]
autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
default_role = "literal"

html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-moo {version}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_prev_next": False,
    "navbar_end": ["navbar-icon-links"],
    "secondary_sidebar_items": ["page-toc"],
}
html_sidebars = {"index": [], "comparison": []}

# Examples run while the docs build, with the budgets they have when run by hand.
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/",  # execute every example, not only plot_*.py
    "ignore_pattern": r"__init__\.py",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "reset_modules": ("matplotlib",),
    "show_memory": False,
    "abort_on_example_error": True,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "min_reported_time": 1,
    "doc_module": ("sklearn_moo",),
    "backreferences_dir": "generated/backreferences",
}

# Warnings the examples raise on purpose are shown in their output, not as
# Sphinx warnings.
warnings.filterwarnings("default", module="sklearn_moo")
