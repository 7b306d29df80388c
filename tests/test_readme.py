"""Acceptance 8: the README's quick start runs as written."""

import pathlib
import re

import pytest

README = pathlib.Path(__file__).parents[1] / "README.md"


def test_readme_opens_with_the_two_setup_commands():
    text = README.read_text()
    first_block = re.search(r"```bash\n(.*?)```", text, re.S).group(1)
    assert [
        line.split("#")[0].strip() for line in first_block.strip().splitlines()
    ] == ["make demo", "make test"]
    assert text.index("make demo") < text.index("```python")


def test_readme_quick_start_runs_as_written(capsys):
    pytest.importorskip("pandas")
    code = re.search(r"```python\n(.*?)```", README.read_text(), re.S).group(1)
    assert 12 <= len(code.strip().splitlines()) <= 25
    namespace = {}
    exec(compile(code, str(README), "exec"), namespace)
    search = namespace["search"]
    out = capsys.readouterr().out
    assert "demographic parity difference (min)" in out and "refitted: candidate" in out
    assert search.cv_results_["is_pareto_optimal"][search.best_index_]


def test_readme_shows_the_demo_front_and_the_pip_line():
    text = README.read_text()
    picture = README.parent / "pareto_front.png"
    assert "](pareto_front.png)" in text and "make readme-figure" in text
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 5_000 < picture.stat().st_size < 250_000  # small, and a real picture
    pip_lines = [line for line in text.splitlines() if line.startswith("pip install")]
    assert pip_lines == ['pip install ".[pandas]"']
