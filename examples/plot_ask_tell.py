"""
The engine without scikit-learn: a delivery run, time against cost
===================================================================

:class:`~sklearn_moo.engine.MultiObjectiveOptimizer` is the Bayesian engine
behind :class:`~sklearn_moo.MultiObjectiveSearchCV`, usable on its own for any
function of a few parameters that returns several numbers. It proposes points
with ``ask`` and learns from ``tell``: the objectives (all minimised),
constraint values (``<= 0`` when met) and ``None`` for an evaluation that
failed.

The problem: a van delivers to a town by motorway (300 km, at the chosen
cruising speed) or by country road (250 km, 80 km/h at most). We choose the
route, the cruising speed and the tyre pressure. Faster means less time but
more fuel (drag grows with the square of the speed), soft tyres cost fuel, and
the driver's wage makes time cost money too. Hard tyres above 110 km/h are not
allowed (the evaluation fails), and the van must arrive within 3.5 hours.
"""

# %%
# The function to optimise
# ------------------------
import os

import matplotlib.pyplot as plt
import numpy as np

from sklearn_moo.engine import Categorical, MultiObjectiveOptimizer, Real
from sklearn_moo.pareto import is_non_dominated

BUDGET = int(
    os.environ.get("SKLEARN_MOO_EXAMPLE_BUDGET", "30")
)  # small in the test suite
ROUTES = {
    "motorway": (300.0, np.inf),
    "country road": (250.0, 80.0),
}  # km, km/h limit
FUEL_EUR_PER_L = 1.75
WAGE_EUR_PER_H = 28.0
DEADLINE_H = 3.5


def delivery(route, speed_kmh, tyre_bar):
    """Objectives (hours, euros) and the deadline constraint, or None if not allowed."""
    if tyre_bar > 2.8 and speed_kmh > 110:
        return None, None
    km, limit = ROUTES[route]
    speed_kmh = min(speed_kmh, limit)
    hours = km / speed_kmh
    litres_per_100km = 4.0 + 0.0012 * speed_kmh**2 + 0.35 * (3.2 - tyre_bar)
    euros = litres_per_100km * km / 100 * FUEL_EUR_PER_L + WAGE_EUR_PER_H * hours
    return [hours, euros], [hours - DEADLINE_H]


# %%
# The ask/tell loop
# -----------------
# One point per ``ask``; ``tell`` takes the point back with what it gave.
optimizer = MultiObjectiveOptimizer(
    [
        Categorical(list(ROUTES), name="route"),
        Real(50.0, 130.0, name="speed"),
        Real(2.0, 3.2, name="tyre"),
    ],
    n_objectives=2,
    n_constraints=1,
    random_state=0,
)
points, results, failed = [], [], 0
for _ in range(BUDGET):
    (x,) = optimizer.ask()
    objectives, constraints = delivery(*x)
    optimizer.tell(x, objectives, constraints=constraints)
    if objectives is None:
        failed += 1
    elif constraints[0] <= 0:
        points.append(x)
        results.append(objectives)

# %%
# The Pareto front of what was tried
# ----------------------------------
# Above 80 km/h the country road gives the same run: each result is shown once.
results = np.array(results)
front = np.flatnonzero(is_non_dominated(results))
_, first = np.unique(results[front], axis=0, return_index=True)
front = front[np.sort(first)]
front = front[np.argsort(results[front, 0], kind="stable")]
print(
    f"{BUDGET} evaluations: {len(points)} feasible, {failed} not allowed, "
    f"{len(front)} distinct results on the Pareto front"
)
print(f"{'route':>12} {'speed km/h':>10} {'tyre bar':>9} {'hours':>6} {'euros':>7}")
for i in front:
    route, speed, tyre = points[i]
    speed = min(speed, ROUTES[route][1])
    print(
        f"{route:>12} {speed:10.1f} {tyre:9.2f} {results[i, 0]:6.2f} {results[i, 1]:7.2f}"
    )

fig, ax = plt.subplots(figsize=(6.4, 4.2))
ax.scatter(results[:, 0], results[:, 1], color="0.7", label="feasible, dominated")
ax.plot(
    results[front, 0],
    results[front, 1],
    "o-",
    color="C0",
    label="Pareto front",
)
ax.set_xlabel("travel time (hours, lower is better)")
ax.set_ylabel("cost (euros, lower is better)")
ax.set_title("Delivery run: every feasible evaluation")
ax.legend()
plt.show()
