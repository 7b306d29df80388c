"""Reading formatted exceptions (scikit-learn stores failures as traceback text)."""

import builtins
import re


def last_exception_line(text) -> str:
    """The ``SomeError: message`` line of a formatted traceback."""
    lines = [
        line
        for line in str(text).strip().splitlines()
        if line and not line[0].isspace()
    ]
    for line in reversed(lines):
        if re.match(r"^[\w.]+(Error|Exception|Interrupt|Warning)\b", line):
            return line
    return lines[-1] if lines else str(text)


def exception_type(line: str, default: type[Exception] = ValueError) -> type[Exception]:
    """The built-in exception class a ``SomeError: message`` line names, else ``default``.

    Raising the scorer's own kind of error (a TypeError stays a TypeError) keeps
    what callers catch the same as when the error escapes a refit.
    """
    found = getattr(builtins, line.split(":", 1)[0].strip(), None)
    return (
        found if isinstance(found, type) and issubclass(found, Exception) else default
    )
