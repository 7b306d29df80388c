"""Check that every gallery page shows the figures its example draws.

Usage: ``python docs/check_gallery.py docs/_build/html`` (``make docs`` runs it).

An example draws one figure per ``plt.show()`` call and per ``.savefig(`` call
outside of one (the figures are left open, so sphinx-gallery captures them);
its page must embed at least that many of sphinx-gallery's images of it, each
a real PNG file of more than 5 kB.
"""

import pathlib
import re
import sys

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


def expected_figures(source: str) -> int:
    shows = source.count("plt.show()")
    return shows if shows else source.count(".savefig(")


def check(html_root: pathlib.Path) -> list[str]:
    problems = []
    for script in sorted(EXAMPLES.glob("*.py")):
        page = html_root / "auto_examples" / f"{script.stem}.html"
        if not page.exists():
            problems.append(f"{script.name}: no gallery page {page}")
            continue
        wanted = expected_figures(script.read_text())
        images = set(
            re.findall(
                rf'src="(?:\.\./)?(_images/sphx_glr_{script.stem}_\d+\.png)"',
                page.read_text(),
            )
        )
        if len(images) < max(wanted, 1):
            problems.append(
                f"{script.name}: draws {wanted} figure(s), its page shows {len(images)}"
            )
        for image in sorted(images):
            path = html_root / image
            if not path.exists() or path.stat().st_size < 5000:
                problems.append(f"{script.name}: {image} is missing or empty")
            elif path.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
                problems.append(f"{script.name}: {image} is not a PNG file")
    return problems


if __name__ == "__main__":
    problems = check(pathlib.Path(sys.argv[1]))
    for line in problems:
        print(line)
    n = len(list(EXAMPLES.glob("*.py")))
    print(
        f"{n} gallery pages checked: "
        + ("ok" if not problems else f"{len(problems)} problems")
    )
    sys.exit(1 if problems else 0)
