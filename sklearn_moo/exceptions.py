"""Public warnings and errors of sklearn_moo."""

__all__ = ["NoFeasibleCandidateWarning", "SearchSpaceExhaustedWarning"]


class NoFeasibleCandidateWarning(UserWarning):
    """No evaluated candidate satisfies every constraint.

    A refit policy then falls back to the candidate with the smallest total
    constraint violation (see :class:`sklearn_moo.EpsilonConstraint`).
    """


class SearchSpaceExhaustedWarning(UserWarning):
    """A finite search space ran out before ``n_iter`` candidates were evaluated."""
