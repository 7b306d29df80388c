"""Warnings attributed to the user's line, not to a frame inside a library."""

import pathlib
import sys
import warnings

# Frames in these packages are skipped when finding the line a warning belongs to.
_LIBRARY_DIRS = tuple(
    str(pathlib.Path(module.__file__).parent)
    for module in (sys.modules["sklearn_moo"], __import__("sklearn"))
)


def warn_at_caller(message: str, category: type[Warning]) -> None:
    """``warnings.warn`` with the stack level of the first frame outside our libraries.

    scikit-learn's ``fit`` wrappers and our own helpers sit between the user's
    call and the code that warns, so a fixed ``stacklevel`` points into a library.
    """
    frame, level = sys._getframe(1), 2  # stacklevel 2: the frame that called us
    while frame is not None and frame.f_code.co_filename.startswith(_LIBRARY_DIRS):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
