"""Clear errors for bad engine input, before any work (issue #12)."""

import re

import numpy as np
import pytest

from sklearn_moo.engine import Categorical, Integer, MultiObjectiveOptimizer, Real


def _opt(**kwargs):
    params = dict(
        dimensions=[Real(0.0, 1.0), Integer(1, 5)], n_objectives=2, random_state=0
    )
    params.update(kwargs)
    return MultiObjectiveOptimizer(**params)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(dimensions=[]), ValueError, "dimensions is empty"),
        (dict(dimensions={"a": Real(0, 1)}), TypeError, "dimensions must be a list"),
        (
            dict(dimensions=[Real(5, 1)]),
            ValueError,
            re.escape("dimensions[0] = Real(5, 1) cannot be searched"),
        ),
        (
            dict(dimensions=[Real(0, 1), Categorical([])]),
            ValueError,
            re.escape(
                "dimensions[1] = Categorical([]) cannot be searched: it has no categories"
            ),
        ),
        (
            dict(dimensions=[Integer(0.5, 3)]),
            ValueError,
            "bounds must be whole numbers",
        ),
        (
            dict(maximize=[True, False, True]),
            ValueError,
            re.escape(
                "maximize must be a bool or 2 bools (one per objective), got [True, False, True]"
            ),
        ),
    ],
)
def test_engine_constructor_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        _opt(**kwargs)


@pytest.mark.parametrize(
    "x, kwargs, error, match",
    [
        ([0.5], {}, ValueError, r"x has 1 values but the space has 2 dimensions"),
        ([0.5, 2, 7], {}, ValueError, r"x has 3 values but the space has 2 dimensions"),
        (
            {"a": 0.5, "b": 2},
            {},
            TypeError,
            "x must be a list with one value per dimension",
        ),
        ([0.5, 2], {"constraints": [0.1]}, ValueError, "made with n_constraints=0"),
    ],
)
def test_engine_tell_rejects_bad_input(x, kwargs, error, match):
    opt = _opt()
    with pytest.raises(error, match=match):
        opt.tell(x, [1.0, 2.0], **kwargs)
    assert opt.Xi == []  # nothing was recorded


def test_engine_forced_ehvi_on_many_objectives_falls_back_before_allocating():
    rng = np.random.RandomState(0)
    opt = MultiObjectiveOptimizer(
        [Real(0.0, 1.0)] * 3, 8, acquisition="ehvi", random_state=0
    )
    for _ in range(20):  # 20 points on the simplex: mutually non-dominated
        opt.tell(list(rng.uniform(size=3)), rng.dirichlet(np.ones(8)))
    with pytest.warns(
        UserWarning, match="needs more than 200,000 EHVI cells"
    ) as record:
        (x,) = opt.ask()
        opt.tell(x, rng.dirichlet(np.ones(8)))
        opt.ask()
    assert (
        sum("EHVI cells" in str(w.message) for w in record) == 1
    )  # once per optimizer
