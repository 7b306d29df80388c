import os

from hypothesis import HealthCheck, settings

# "ci": fewer examples, no deadline (shared 2-core machines), derandomised so that
# CI is reproducible. "dev": the default for local runs, more examples.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)
