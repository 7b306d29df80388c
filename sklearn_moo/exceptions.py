"""Public warnings and errors of sklearn_moo."""

__all__ = ["NoFeasibleCandidateWarning", "SearchSpaceExhaustedWarning", "SearchSpaceWarning"]


class NoFeasibleCandidateWarning(UserWarning):
    """No evaluated candidate satisfies every constraint.

    A refit policy then falls back to the candidate with the smallest total
    constraint violation (see :class:`sklearn_moo.EpsilonConstraint`).
    """


class SearchSpaceExhaustedWarning(UserWarning):
    """A finite search space ran out before ``n_iter`` candidates were evaluated."""


class SearchSpaceWarning(UserWarning):
    """A search space entry means something other than what it may look like.

    For example ``{"degree": (1, 8)}`` in a search that runs the optimiser: a
    tuple is a grid of its values, as in ``GridSearchCV``, not a range.
    """
