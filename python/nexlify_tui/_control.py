"""The training side of ``control.json``: the dashboard's ``S`` (stop) and ``C`` (checkpoint).

The dashboard writes ``{"request": "stop"|"checkpoint", "id", "at"}`` into the run directory
(atomically); a listener looks at the file at most once a second (one ``stat``), reads it only
when it changed, and acknowledges a request when it hands it over by writing the file back with
``"acknowledged_at"``, so the dashboard shows that the trainer saw it. A stop, once seen, stays
seen; a checkpoint request is handed over once. Requests made before the listener started (left
by an earlier run of the script) and requests already acknowledged are ignored. Mirrors
``ControlListener`` in MetricsKit.
"""

import json
import os
import stat
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional, Set, Tuple, Union

FILE_NAME = "control.json"
#: The dashboard's clock and ours may differ a little: a request this much older than our start is still taken.
CLOCK_SLACK = 2.0


def _parse_time(text: object) -> Optional[float]:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()


def _format_time(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ControlListener:
    """``should_stop()`` / ``checkpoint_requested()`` for the ``control.json`` of one or more
    directories (a callback may watch the logger's run directory and SB3's own log directory)."""

    def __init__(self, directories: Union[str, Path, Iterable[Union[str, Path]]], interval: float = 1.0) -> None:
        if isinstance(directories, (str, Path)):
            directories = [directories]
        self.paths = [Path(directory) / FILE_NAME for directory in directories]
        self.interval = interval
        self._started = time.time() - CLOCK_SLACK
        self._lock = threading.Lock()
        self._last_look = -float("inf")
        self._seen: dict = {}
        self._settled: Set[str] = set()
        self._stop = False
        self._checkpoint: Optional[Tuple[Path, dict]] = None

    def should_stop(self) -> bool:
        """Whether the dashboard asked the run to stop (acknowledged the first time it is seen)."""
        with self._lock:
            self._look()
            return self._stop

    def checkpoint_requested(self) -> bool:
        """Whether the dashboard asked for a checkpoint since this last returned True
        (acknowledged when it returns True)."""
        with self._lock:
            self._look()
            if self._checkpoint is None:
                return False
            path, request = self._checkpoint
            self._checkpoint = None
            self._acknowledge(path, request)
            return True

    def _look(self) -> None:
        now = time.monotonic()
        if now - self._last_look < self.interval:
            return
        self._last_look = now
        for path in self.paths:
            try:
                info = os.stat(path)
            except OSError:
                continue
            identity = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
            if self._seen.get(path) == identity:
                continue
            self._seen[path] = identity
            request = self._read(path)
            if request is None or request["id"] in self._settled:
                continue
            self._settled.add(request["id"])
            made = _parse_time(request.get("at"))
            if request.get("acknowledged_at") is not None or made is None or made < self._started:
                continue
            if request["request"] == "stop":
                self._stop = True
                self._acknowledge(path, request)
            elif request["request"] == "checkpoint":
                self._checkpoint = (path, request)

    @staticmethod
    def _read(path: Path) -> Optional[dict]:
        try:
            # Opened without blocking and checked to be a file on the descriptor itself: a FIFO
            # put in its place never stalls the training loop.
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            try:
                if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                    return None
                data = json.loads(os.read(descriptor, 64 * 1024).decode("utf-8"))
            finally:
                os.close(descriptor)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("request") not in ("stop", "checkpoint"):
            return None
        if not isinstance(data.get("id"), str) or not data["id"]:
            return None
        return data

    def _acknowledge(self, path: Path, request: dict) -> None:
        """Writes the request back with the time it was handed over, unless a newer one replaced it."""
        current = self._read(path)
        if current is None or current["id"] != request["id"]:
            return
        current["acknowledged_at"] = _format_time(time.time())
        temporary = "%s.tmp-%d" % (path, os.getpid())
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(current) + "\n")
            os.replace(temporary, path)
            info = os.stat(path)
            self._seen[path] = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass
