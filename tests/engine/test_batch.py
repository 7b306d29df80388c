"""Batches of proposals (``ask(n_points > 1)``): what fills them and what they condition on."""

import numpy as np

from sklearn_moo.engine import MultiObjectiveOptimizer, Real
from sklearn_moo.engine._optimizer import _box


def _zdt1(x):
    x = np.asarray(x, dtype=float)
    g = 1.0 + 9.0 * x[1:].mean()
    return [x[0], g * (1.0 - np.sqrt(x[0] / g))]


def test_batch_past_the_initial_design_is_completed_by_the_model_not_at_random(
    monkeypatch,
):
    # 6 design points asked 4 at a time: the second batch has 2 design points left.
    opt = MultiObjectiveOptimizer(
        [Real(0.0, 1.0)] * 3, 2, n_initial_points=6, random_state=0
    )
    first = opt.ask(4)
    for p in first:
        opt.tell(p, _zdt1(p))
    design_left = [list(map(float, row)) for row in opt._decode(np.array(opt._initial))]

    def no_random(*args, **kwargs):
        raise AssertionError("a batch was filled with random points")

    monkeypatch.setattr(opt, "_random", no_random)
    second = opt.ask(4)
    assert len(second) == 4
    np.testing.assert_allclose(second[:2], design_left)
    # The model's points are new, and not the pending design points again.
    keys = {tuple(np.round(p, 12)) for p in first + second}
    assert len(keys) == 8


def test_box_floor_follows_believed_values_below_the_observed_range():
    observed = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    box = _box(observed)
    np.testing.assert_allclose(box["reference"], [1.1, 1.1])
    np.testing.assert_allclose(box["floor"], [-0.1, -0.1])
    believed = np.vstack([observed, [[-0.05, -1.0]], [[0.3, 1.5]]])
    box = _box(believed)
    # Below the floor: it keeps a margin of 0.1 of the widened span; between the floor
    # and 0 it stays; above the range: the reference point stays.
    np.testing.assert_allclose(box["reference"], [1.1, 1.1])
    np.testing.assert_allclose(box["floor"], [-0.1, -1.2])


def test_batch_believed_far_below_the_observed_range_still_spreads_along_the_front():
    # Every observation is far from ZDT1's front (g >= 4): the model's first point
    # of a batch is believed far below the observed f2 range. With a fixed floor, that
    # believed point dominated the whole credited box and the batch's other points
    # all went to f1 = 0 (#13).
    rng = np.random.default_rng(0)
    opt = MultiObjectiveOptimizer(
        [Real(0.0, 1.0)] * 3, 2, n_initial_points=8, random_state=0
    )
    for _ in range(12):
        x = [float(rng.uniform()), *map(float, rng.uniform(0.35, 1.0, size=2))]
        opt.tell(x, _zdt1(x))
    batch = opt.ask(4)
    f1 = np.array([p[0] for p in batch])
    assert np.sum(f1 > 0.05) >= 2, f"f1 of the batch: {f1}"
