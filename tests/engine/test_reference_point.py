"""The engine's ``reference_point``: validated, optional, in the objectives' own units."""

import numpy as np
import pytest

from sklearn_moo.engine import MultiObjectiveOptimizer, Real


def zdt1(x):
    x = np.asarray(x, dtype=float)
    g = 1.0 + 9.0 * x[1:].mean()
    return np.array([x[0], g * (1.0 - np.sqrt(x[0] / g))])


def _run(seed=0, budget=20, n_points=1, sign=1.0, **kwargs):
    opt = MultiObjectiveOptimizer([Real(0.0, 1.0)] * 4, 2, random_state=seed, **kwargs)
    while len(opt.Xi) < budget:
        for p in opt.ask(min(n_points, budget - len(opt.Xi))):
            opt.tell(p, sign * zdt1(p))
    return np.array(opt.Xi)


@pytest.mark.parametrize(
    "reference_point",
    [
        [1.0],
        [1.0, 2.0, 3.0],
        [1.0, np.inf],
        [[1.0, 2.0]],
        "ab",
        [1.0, "x"],
    ],
)
def test_reference_point_must_be_one_number_per_objective(reference_point):
    with pytest.raises(ValueError, match="reference_point must be 2 numbers"):
        MultiObjectiveOptimizer([Real(0.0, 1.0)], 2, reference_point=reference_point)


def test_no_reference_point_and_all_nan_leave_the_proposals_unchanged():
    default = _run(budget=16)
    np.testing.assert_array_equal(default, _run(budget=16, reference_point=None))
    np.testing.assert_array_equal(
        default, _run(budget=16, reference_point=[np.nan, np.nan])
    )
    assert not np.array_equal(default, _run(budget=16, reference_point=[0.3, 11.0]))


def test_reference_point_keeps_the_proposals_in_the_region_it_bounds():
    # Only points with f1 < 0.3 improve the hypervolume from (0.3, 11): after the
    # design, the model proposals stay there; without it, about half do (seeds 0-3).
    for seed in range(2):
        late = _run(seed, budget=24, reference_point=[0.3, 11.0])[10:]
        assert np.mean(late[:, 0] < 0.3) >= 0.9
        late = _run(seed, budget=24)[10:]
        assert np.mean(late[:, 0] < 0.3) <= 0.7


def test_reference_point_follows_the_objectives_directions():
    # Maximising -f from -r is minimising f from r: the same proposals, batches included.
    for n_points in (1, 3):
        minimised = _run(budget=16, n_points=n_points, reference_point=[0.3, 11.0])
        maximised = _run(
            budget=16,
            n_points=n_points,
            sign=-1.0,
            maximize=True,
            reference_point=[-0.3, -11.0],
        )
        np.testing.assert_array_equal(minimised, maximised)


def test_reference_point_may_leave_one_objective_to_the_engine():
    late = _run(budget=24, reference_point=[0.3, np.nan])[10:]
    assert np.mean(late[:, 0] < 0.3) >= 0.9
