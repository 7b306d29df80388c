"""
What a weight means: time against cost on the freeway
=====================================================

A driver has 100 miles of freeway ahead and chooses a cruising speed. Faster
saves time but burns more fuel, so the two objectives, travel time and fuel
cost, conflict. This example needs no model and no data: it shows, on a
problem small enough to solve exactly, why sklearn-moo asks you for bounds in
natural units (an ε-constraint) rather than weights.

* A weighted sum of raw objectives depends on their units: the same weight
  picks a different speed when time is counted in minutes instead of hours, or
  cost in yen instead of dollars.
* Min-max normalisation (the default of :class:`~sklearn_moo.WeightedSum`)
  removes the units, but then the weight depends on which candidates were
  tried, and still has no meaning a driver can state.
* An ε-constraint says what the driver means: "cost at most 11 dollars, then
  the fastest", or "arrive within 90 minutes, then the cheapest".
"""

# %%
# A smooth fuel-economy curve
# ---------------------------
# Cars are most economical at moderate speed: aerodynamic drag grows with the
# square of the speed, and at low speed the engine runs outside its efficient
# range. We model fuel economy as a parabola that peaks at 33 miles per gallon
# at 48 mph and loses 0.008 mpg per squared mph away from it (25.8 mpg at
# 78 mph, 29.8 mpg at 28 mph). At 3 dollars a gallon, 100 miles cost
# ``100 / mpg * 3`` dollars.
import matplotlib.pyplot as plt
import numpy as np

from sklearn_moo import EpsilonConstraint, WeightedSum
from sklearn_moo.pareto import is_non_dominated

MILES, DOLLARS_PER_GALLON = 100.0, 3.0
speeds = np.round(np.arange(30.0, 85.01, 0.1), 1)  # mph, every candidate speed


def miles_per_gallon(mph):
    return 33.0 - 0.008 * (mph - 48.0) ** 2


hours = MILES / speeds
dollars = MILES / miles_per_gallon(speeds) * DOLLARS_PER_GALLON

# %%
# The candidates as search results
# --------------------------------
# Refit policies read a ``cv_results_``-like dict, where every score is
# "greater is better". Scores named ``neg_*`` are read as negated, so the
# bounds below are written in hours and dollars. Below 48 mph both time and
# cost get worse: those speeds are dominated.


def as_results(time, cost, time_name="hours", cost_name="dollars"):
    return {
        f"mean_test_neg_{time_name}": -time,
        f"mean_test_neg_{cost_name}": -cost,
        "params": [{"speed": s} for s in speeds],
    }


front = is_non_dominated(np.column_stack([hours, dollars]))
print(
    f"Pareto-optimal speeds: {speeds[front].min():.1f} to {speeds[front].max():.1f} mph"
)

# %%
# What the driver means, as ε-constraints
# ---------------------------------------
results = as_results(hours, dollars)
budget = EpsilonConstraint("neg_hours", "neg_dollars <= 11")(results)
deadline = EpsilonConstraint("neg_dollars", "neg_hours <= 1.5")(results)
for label, i in (
    ("cost at most 11 dollars, then fastest", budget),
    ("arrive within 90 minutes, then cheapest", deadline),
):
    print(f"{label}: {speeds[i]:.1f} mph, {hours[i] * 60:.0f} min, ${dollars[i]:.2f}")

fig, ax = plt.subplots(figsize=(6.4, 4.4))
ax.plot(
    hours[~front] * 60,
    dollars[~front],
    color="0.75",
    label="dominated (below 48 mph)",
)
ax.plot(hours[front] * 60, dollars[front], color="C0", label="Pareto front")
for i, marker, label in (
    (budget, "s", "cost <= $11, fastest"),
    (deadline, "D", "within 90 min, cheapest"),
):
    ax.plot(
        hours[i] * 60,
        dollars[i],
        marker,
        color="C3" if marker == "s" else "C2",
        markersize=9,
        label=f"{label}: {speeds[i]:.0f} mph",
    )
ax.set_xlabel("travel time (minutes)")
ax.set_ylabel("fuel cost (dollars)")
ax.set_title("100 miles of freeway: every cruising speed from 30 to 85 mph")
ax.legend()
plt.show()

# %%
# The weighted sum's speed as a function of its weight
# ----------------------------------------------------
# ``WeightedSum({"neg_<time>": w, "neg_<cost>": 1 - w}, normalize=None)``
# maximises ``-(w * time + (1 - w) * cost)`` over the Pareto-optimal speeds.
# Counting time in minutes instead of hours multiplies its weight by 60 in
# effect; counting cost in yen (150 to the dollar) multiplies the cost's
# weight by 150. The optimal speed moves accordingly, for the same ``w``.
# With ``normalize="minmax"`` the units no longer matter (the curve is the
# same for all three), but each objective is rescaled by the range of the
# candidates, so the weight now depends on which speeds were tried.
weights = np.linspace(0.0, 1.0, 101)
unit_choices = {
    "hours and dollars": as_results(hours, dollars),
    "minutes and dollars": as_results(hours * 60, dollars, time_name="minutes"),
    "hours and yen": as_results(hours, dollars * 150, cost_name="yen"),
}


def chosen_speed(results, w, normalize):
    time_name, cost_name = (k.removeprefix("mean_test_") for k in list(results)[:2])
    policy = WeightedSum({time_name: w, cost_name: 1 - w}, normalize=normalize)
    return speeds[policy(results)]


fig, ax = plt.subplots(figsize=(6.4, 4.4))
for (label, results), style in zip(unit_choices.items(), ("-", "--", ":")):
    ax.plot(
        weights,
        [chosen_speed(results, w, None) for w in weights],
        style,
        label=f"raw {label}",
    )
ax.plot(
    weights,
    [chosen_speed(unit_choices["hours and dollars"], w, "minmax") for w in weights],
    color="k",
    alpha=0.5,
    label="min-max normalised (any units)",
)
ax.set_xlabel("weight w on travel time (1 - w on cost)")
ax.set_ylabel("chosen cruising speed (mph)")
ax.set_title("Same weight, different units, different speed")
ax.legend()
plt.show()

for label, results in unit_choices.items():
    print(f"w = 0.5 on raw {label}: {chosen_speed(results, 0.5, None):.1f} mph")
