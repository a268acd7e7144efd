"""The nexlify-tui binary this package carries, and the ``nexlify-tui`` console command.

A platform wheel (``scripts/build-wheel``) puts the self-contained binary in
``nexlify_tui/bin/nexlify-tui``; an sdist, or a wheel for a platform without one, installs the
Python part only, and the command says how to get the binary.
"""

import os
import shutil
import sys
from typing import List, Optional

PACKAGED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "nexlify-tui")

HINT = ("this nexlify_tui has no nexlify-tui binary (an sdist, or a platform without a prebuilt one): build it from "
        "the nexlify-tui checkout with scripts/build-dist (or swift build -c release) and set NEXLIFY_TUI to it, or put it on PATH")


def find_binary() -> Optional[str]:
    """The binary to run: ``$NEXLIFY_TUI`` when set, else the one this package carries, else
    ``nexlify-tui`` on ``PATH`` (the console command itself is skipped); None when there is none."""
    configured = os.environ.get("NEXLIFY_TUI")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    if os.access(PACKAGED, os.X_OK):
        return PACKAGED
    found = shutil.which("nexlify-tui")
    if found and not _is_this_command(found):
        return found
    return None


def _is_this_command(path: str) -> bool:
    """Whether ``path`` is the console script that runs ``main`` (not a real binary)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(2) == b"#!" and b"nexlify_tui._binary" in handle.read(4096)
    except OSError:
        return False


def main(argv: Optional[List[str]] = None) -> int:
    """``nexlify-tui …`` after ``pip install``: runs the packaged binary with the arguments."""
    binary = find_binary()
    if binary is None:
        print("nexlify-tui: " + HINT, file=sys.stderr)
        return 127
    arguments = sys.argv[1:] if argv is None else argv
    os.execv(binary, [binary] + list(arguments))
    return 0  # not reached
