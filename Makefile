# `make demo` and `make test` each build .venv from pyproject.toml when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

FLOOR_VENV := .venv-floor
FLOOR_PY := $(FLOOR_VENV)/bin/python

.PHONY: demo test test-floor clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[demo]"
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

demo: $(VENV)/.demo-installed
	$(PY) examples/demo.py

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
	rm -rf $(VENV) $(FLOOR_VENV) build *.egg-info .pytest_cache .hypothesis
