"""sklearn-moo: multi-objective hyper-parameter search for scikit-learn."""

__version__ = "0.1.0.dev0"
