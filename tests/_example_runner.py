"""Run an example script with ``plt.show()`` saving the open figures instead.

``python tests/_example_runner.py <script.py>`` writes ``figures/<k>.png`` in
the working directory, one per figure shown, so that a test can check that
each example draws what it should.
"""

import pathlib
import runpy
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SHOWN = pathlib.Path("figures")


def _save_open_figures(*args, **kwargs):
    SHOWN.mkdir(exist_ok=True)
    for number in plt.get_fignums():
        k = len(list(SHOWN.glob("*.png"))) + 1
        plt.figure(number).savefig(SHOWN / f"{k}.png", dpi=60)
    plt.close("all")


def main():
    plt.show = _save_open_figures
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":  # NOTE: pytest's doctest collection imports this file
    main()
