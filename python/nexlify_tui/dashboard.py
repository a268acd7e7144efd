"""The guide's ``TrainingDashboard``, in the terminal: nexlify-tui following the logger's run.

* inside tmux, ``start()`` opens a side pane (``tmux split-window -h``) running
  ``nexlify-tui --run <run> --refresh <s> --theme <theme>`` and returns; ``stop()`` closes it;
* ``start(blocking=True)`` runs the dashboard in the foreground when stdout is a terminal;
* otherwise (no tmux, no terminal: a batch job, a notebook) it prints the exact command to run,
  e.g. over ``ssh -t``.

The binary is ``$NEXLIFY_TUI`` when set, else the one this package carries (a platform wheel's),
else ``nexlify-tui`` on ``PATH``. ``port`` is accepted for the guide's signature and ignored:
there is no web server.
"""

import os
import shlex
import shutil
import subprocess
import sys
import warnings
from typing import Any, List, Optional

from ._binary import HINT as BUILD_HINT
from ._binary import find_binary


class TrainingDashboard:
    """The guide's dashboard API; see the module documentation."""

    def __init__(self, metrics_logger: Any, port: Optional[int] = None, update_interval: int = 2000, theme: str = "cyberpunk") -> None:
        if port is not None:
            warnings.warn("TrainingDashboard: port is ignored, nexlify-tui draws in the terminal (there is no web server)", stacklevel=2)
        if not 250 <= update_interval <= 60000:
            raise ValueError("update_interval is in milliseconds, from 250 to 60000, not %r" % (update_interval,))
        self.metrics_logger = metrics_logger
        self.update_interval = update_interval
        self.theme = theme
        self.pane = None
        self._process = None

    def command(self) -> List[str]:
        """The command that shows this run, as a list."""
        binary = find_binary() or "nexlify-tui"
        return [binary, "--run", str(self.metrics_logger.run_dir), "--refresh", "%g" % (self.update_interval / 1000), "--theme", self.theme]

    def start(self, blocking: bool = False) -> None:
        binary = find_binary()
        if binary is None:
            print("nexlify_tui: " + BUILD_HINT, file=sys.stderr)
            return
        command = self.command()
        if blocking and sys.stdout.isatty():
            self._process = subprocess.Popen(command)
            try:
                self._process.wait()
            finally:
                self._process = None
            return
        if os.environ.get("TMUX") and shutil.which("tmux"):
            output = subprocess.run(["tmux", "split-window", "-h", "-d", "-P", "-F", "#{pane_id}", " ".join(shlex.quote(part) for part in command)],
                                    capture_output=True, text=True)
            if output.returncode == 0:
                self.pane = output.stdout.strip()
                return
            print("nexlify_tui: tmux could not open a pane (%s)" % output.stderr.strip(), file=sys.stderr)
        print("nexlify_tui: to watch this run, in a terminal (over ssh: ssh -t HOST ...):\n    "
              + " ".join(shlex.quote(part) for part in command), file=sys.stderr)

    def stop(self) -> None:
        if self.pane:
            subprocess.run(["tmux", "kill-pane", "-t", self.pane], capture_output=True)
            self.pane = None
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()

    def is_running(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        if not self.pane:
            return False
        listed = subprocess.run(["tmux", "list-panes", "-a", "-F", "#{pane_id} #{pane_dead}"], capture_output=True, text=True)
        return any(line.split()[0] == self.pane and line.split()[1:] != ["1"] for line in listed.stdout.splitlines() if line.strip())
