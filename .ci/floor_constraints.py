"""Print pip constraints that pin every runtime dependency to its declared floor.

``make test-floor`` installs the package with these constraints, so CI tests
the lowest versions ``pyproject.toml`` promises (``name>=X`` becomes ``name==X``).
"""

import pathlib
import re
import tomllib

project = tomllib.loads(
    (pathlib.Path(__file__).parents[1] / "pyproject.toml").read_text()
)
for requirement in project["project"]["dependencies"]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-\[\]]+)\s*>=\s*([\w.]+)\s*", requirement)
    if match is None:
        raise SystemExit(f"cannot read a floor from the dependency {requirement!r}")
    name = match[1].split("[")[0]
    print(f"{name}=={match[2]}")
