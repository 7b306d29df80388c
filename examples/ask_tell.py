"""The engine without scikit-learn: a delivery run, travel time against cost.

A van delivers to a town by motorway (300 km, at the chosen cruising speed) or
by country road (250 km, 80 km/h at most). We choose the route, the cruising
speed and the tyre pressure. Faster means less time but more fuel (drag grows
with the square of the speed), soft tyres cost fuel, and the driver's wage
makes time cost money too. Hard tyres above 110 km/h are not allowed (the
evaluation "fails"), and the van must arrive within 3.5 hours (a constraint,
``<= 0`` when met).

``MultiObjectiveOptimizer`` proposes points with ``ask`` and learns from
``tell``: objectives, constraint values, and ``None`` for a failed evaluation.

Run: ``python examples/ask_tell.py [--budget 30] [--seed 0]``.
"""

import argparse

import numpy as np

from sklearn_moo.engine import Categorical, MultiObjectiveOptimizer, Real
from sklearn_moo.pareto import is_non_dominated

ROUTES = {"motorway": (300.0, np.inf), "country road": (250.0, 80.0)}  # km, km/h limit
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
    litres_per_100km = 4.0 + 0.0012 * speed_kmh ** 2 + 0.35 * (3.2 - tyre_bar)
    euros = litres_per_100km * km / 100 * FUEL_EUR_PER_L + WAGE_EUR_PER_H * hours
    return [hours, euros], [hours - DEADLINE_H]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    optimizer = MultiObjectiveOptimizer(
        [Categorical(list(ROUTES), name="route"), Real(50.0, 130.0, name="speed"),
         Real(2.0, 3.2, name="tyre")],
        n_objectives=2, n_constraints=1, random_state=args.seed)
    points, results, failed = [], [], 0
    while len(points) + failed < args.budget:
        (x,) = optimizer.ask()
        objectives, constraints = delivery(*x)
        optimizer.tell(x, objectives, constraints=constraints)
        if objectives is None:
            failed += 1
        elif constraints[0] <= 0:
            points.append(x)
            results.append(objectives)

    results = np.array(results)
    front = np.flatnonzero(is_non_dominated(results))
    # Above 80 km/h the country road gives the same run: show each result once.
    _, first = np.unique(results[front], axis=0, return_index=True)
    front = front[np.sort(first)]
    front = front[np.argsort(results[front, 0], kind="stable")]
    print(f"{args.budget} evaluations: {len(points)} feasible, {failed} not allowed, "
          f"{len(front)} distinct results on the Pareto front")
    print(f"{'route':>12} {'speed km/h':>10} {'tyre bar':>9} {'hours':>6} {'euros':>7}")
    for i in front:
        route, speed, tyre = points[i]
        speed = min(speed, ROUTES[route][1])
        print(f"{route:>12} {speed:10.1f} {tyre:9.2f} {results[i, 0]:6.2f} {results[i, 1]:7.2f}")


if __name__ == "__main__":
    main()
