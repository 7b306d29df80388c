"""
Weighted sum against ε-constraint on a concave front
====================================================

A weighted sum of objectives can only ever choose a point of the front's
*convex hull*: where the front bulges towards the worse corner (a concave
front, for objectives that are minimised), no weight selects the points in the
bulge, however finely the weights are swept. An ε-constraint ("the best on one
objective, subject to a bound on the other") reaches every Pareto-optimal
point. This is why :class:`~sklearn_moo.EpsilonConstraint` is the policy to
reach for when a front may be concave, and why a weighted sum's pick is not
"the balanced model" it looks like.

The candidates here are generated, so the front is known exactly.
"""

# %%
# Candidates with a concave front
# -------------------------------
# Two costs to minimise; the Pareto-optimal candidates lie on the curve
# ``b = 1 - a**2`` (above the straight line between its ends: concave), and
# each of the others is a front point made worse on both costs.
import matplotlib.pyplot as plt
import numpy as np

from sklearn_moo import EpsilonConstraint, WeightedSum
from sklearn_moo.pareto import is_non_dominated

rng = np.random.default_rng(0)
a_front = np.linspace(0.0, 1.0, 21)
on_front = np.column_stack([a_front, 1.0 - a_front**2])
behind = on_front[rng.integers(0, len(on_front), 150)] + rng.uniform(
    0.02, 0.3, (150, 2)
)
costs = np.vstack([on_front, behind])
results = {
    "mean_test_neg_a": -costs[:, 0],
    "mean_test_neg_b": -costs[:, 1],
    "params": [{"candidate": i} for i in range(len(costs))],
}
front = np.flatnonzero(is_non_dominated(costs))
print(f"{len(costs)} candidates, {len(front)} on the Pareto front")

# %%
# Every weight, every bound
# -------------------------
# 1,001 weights between 0 and 1 (raw scores, no normalisation: the two costs
# share a scale) choose only the two ends of the front. One ε-constraint per
# front point, "the lowest ``a`` with ``b`` at most that point's ``b``",
# chooses each of them.
by_weight = {
    WeightedSum({"neg_a": w, "neg_b": 1 - w}, normalize=None)(results)
    for w in np.linspace(0.0, 1.0, 1001)
}
by_bound = {
    EpsilonConstraint("neg_a", f"neg_b <= {float(b)!r}")(results)
    for b in costs[front, 1]
}
print(
    f"weighted sums reach {len(by_weight)} of {len(front)} Pareto points: "
    f"{sorted(map(tuple, costs[sorted(by_weight)].round(2).tolist()))}"
)
print(f"ε-constraints reach {len(by_bound)} of {len(front)}")

fig, ax = plt.subplots(figsize=(8.4, 5.0), layout="constrained")
ax.scatter(*behind.T, s=10, color="0.8", label="dominated candidates")
ax.scatter(
    *costs[sorted(by_bound)].T,
    s=60,
    facecolors="none",
    edgecolors="C2",
    label=f"reached by an ε-constraint ({len(by_bound)})",
)
ax.scatter(
    *costs[sorted(by_weight)].T,
    s=120,
    marker="*",
    color="C3",
    label=f"reached by a weighted sum ({len(by_weight)})",
)
ax.plot(
    [0, 1],
    [1, 0],
    ":",
    color="C3",
    alpha=0.6,
    label="convex hull of the front",
)
ax.set_xlabel("cost a (lower is better)")
ax.set_ylabel("cost b (lower is better)")
ax.set_title("A concave front: the weights skip its middle")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
plt.show()
