# `make demo` and `make test` each build .venv from pyproject.toml when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

FLOOR_VENV := .venv-floor
FLOOR_PY := $(FLOOR_VENV)/bin/python

.PHONY: demo test test-floor docs lint format readme-figure clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[demo]"
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.lint-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[lint]"
	touch $@

$(VENV)/.docs-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[docs]"
	touch $@

demo: $(VENV)/.demo-installed
	MPLBACKEND=Agg $(PY) examples/demo.py

# The picture of the demo's front beside the README (pareto_front.png).
readme-figure: $(VENV)/.demo-installed
	MPLBACKEND=Agg SKLEARN_MOO_DEMO_FIGURE=pareto_front.png $(PY) examples/demo.py

# The HTML site in docs/_build/html: every example runs; any Sphinx warning fails
# the build, and docs/check_gallery.py checks that every page shows its figures.
docs: $(VENV)/.docs-installed
	rm -rf docs/_build docs/generated docs/auto_examples docs/sg_execution_times.rst
	MPLBACKEND=Agg $(PY) -m sphinx -W --keep-going -b html -q docs docs/_build/html
	$(PY) docs/check_gallery.py docs/_build/html

# ruff, configured in pyproject.toml: the format and the lint rules, checked.
lint: $(VENV)/.lint-installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

# Rewrites the files: the format, and the lint fixes ruff is sure of.
format: $(VENV)/.lint-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: $(VENV)/.test-installed
	$(PY) -m pytest -q

# The same suite on the lowest versions pyproject.toml declares (.ci/floor_constraints.py).
$(FLOOR_VENV)/.test-installed: pyproject.toml .ci/floor_constraints.py
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_PY) -m pip install --quiet --upgrade pip
	$(PYTHON) .ci/floor_constraints.py > $(FLOOR_VENV)/constraints.txt
	$(FLOOR_PY) -m pip install --quiet -c $(FLOOR_VENV)/constraints.txt -e ".[test]"
	touch $@

test-floor: $(FLOOR_VENV)/.test-installed
	$(FLOOR_PY) -m pip list 2>/dev/null | grep -iE "^(scikit-learn|numpy|scipy|scikit-optimize|joblib|threadpoolctl) "
	$(FLOOR_PY) -m pytest -q

clean:
	rm -rf $(VENV) $(FLOOR_VENV) build *.egg-info .pytest_cache .hypothesis \
		docs/_build docs/generated docs/auto_examples
