"""Appends JSON lines to files from a background thread.

The training thread only puts a record on a deque (well under a microsecond); the thread
encodes and writes them, at most ``latency`` seconds later, at ``flush()``, at ``close()`` and at
interpreter exit. A write that fails (full disk, removed directory, no permission) is reported
once on stderr and through ``failure``; the lines stay queued and the next write tries again
(a removed directory is created again). While writes keep failing, at most ``max_pending`` lines
wait per file: past that the oldest are dropped (counted in ``dropped`` and said once), so a disk
that stays full never grows memory without limit. Only the thread touches the files: ``close``
waits for it, and a thread still writing when the wait ends closes them itself. Nothing here
ever raises into the training loop.
"""

import atexit
import collections
import json
import os
import sys
import threading
import time
import weakref
from typing import Any, Callable, Deque, Dict, IO, Optional

_open_appenders: "weakref.WeakSet[LineAppender]" = weakref.WeakSet()


def _python_json(value):
    """``json.dumps`` as the guide's package writes (bare NaN/Infinity), never raising."""
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError):
        return json.dumps({k: (v if isinstance(v, (int, float, str, bool, type(None))) else str(v)) for k, v in value.items()})


class LineAppender:
    """Background appender of JSON lines to several files (one queue per file)."""

    #: Lines encoded and written at a time (about half a millisecond's work, under the GIL).
    chunk_lines = 128
    #: The rest between two chunks: long enough that a training thread waiting for the GIL gets
    #: it (``sleep(0)`` gives it back at once, and the waiting thread only forces a switch after
    #: ``sys.getswitchinterval()``, 5 ms).
    chunk_pause = 0.0005

    def __init__(self, latency: float = 0.5, max_pending: int = 100_000) -> None:
        self.latency = latency
        self.max_pending = max(1, max_pending)
        self.failure = None
        self.failures = 0
        #: Lines given up while writes kept failing (the oldest first).
        self.dropped = 0
        self._queues: Dict[str, Deque[Any]] = {}
        self._to_record: Dict[str, Callable[[Any], Dict[str, Any]]] = {}
        self._handles: Dict[str, IO[str]] = {}
        self._wake = threading.Event()
        self._idle = threading.Condition()
        self._pending_flush = 0
        self._closing = False
        self._reported = False
        self._reported_drop = False
        self._thread = threading.Thread(target=self._run, name="nexlify_tui.appender", daemon=True)
        self._thread.start()
        _open_appenders.add(self)

    def queue(self, path: str, to_record: Optional[Callable[[Any], Dict[str, Any]]] = None) -> Deque[Any]:
        """The deque for ``path``: append records (dicts) to it from any thread, or items that
        ``to_record`` turns into records (on this thread, not the training one)."""
        queue = self._queues.get(path)
        if queue is None:
            queue = self._queues.setdefault(path, collections.deque())
        if to_record is not None:
            self._to_record[path] = to_record
        return queue

    def wake(self) -> None:
        self._wake.set()

    def flush(self, timeout: float = 10.0) -> None:
        """Waits until everything queued so far is written (or a write failed)."""
        with self._idle:
            self._pending_flush += 1
            self._wake.set()
            self._idle.wait_for(lambda: self._pending_flush == 0 or not self._thread.is_alive(), timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Writes what is queued, then stops the thread, which closes the files (so no handle
        is closed under a write still running)."""
        with self._idle:
            if self._closing:
                return
            self._closing = True
        self._wake.set()
        self._thread.join(timeout)

    # The thread.

    def _run(self):
        while True:
            self._wake.wait(self.latency)
            self._wake.clear()
            with self._idle:
                requested = self._pending_flush
                closing = self._closing
            self._write_all()
            with self._idle:
                if requested:
                    self._pending_flush -= requested
                    self._idle.notify_all()
            if closing:
                for path in list(self._handles):
                    self._drop_handle(path)
                return

    def _write_all(self):
        """Writes every queue; True when all of them were written out."""
        complete = True
        for path, queue in list(self._queues.items()):
            if queue and not self._write(path, queue):
                complete = False
        return complete

    def _write(self, path, queue):
        """Writes what ``queue`` held when the write began (what comes meanwhile goes next time),
        a chunk at a time: each chunk is taken, encoded, written and flushed, then this thread
        rests unless a flush or close waits, so the training thread never waits for more than
        one chunk. A chunk that fails to be written goes back to the queue's front."""
        to_record = self._to_record.get(path)
        remaining = len(queue)
        try:
            handle = self._handle(path)
            while remaining > 0:
                chunk = [queue.popleft() for _ in range(min(remaining, self.chunk_lines))]
                records = chunk if to_record is None else map(to_record, chunk)
                try:
                    handle.write("\n".join(map(_python_json, records)) + "\n")
                    handle.flush()
                except OSError:
                    # Kept for the next attempt, in order, ahead of anything logged since.
                    queue.extendleft(reversed(chunk))
                    raise
                remaining -= len(chunk)
                if not (self._closing or self._pending_flush):
                    time.sleep(self.chunk_pause)
        except OSError as error:
            self._bound(path, queue)
            self._report(path, error)
            self._drop_handle(path)
            return False
        self.failure = None
        return True

    def _bound(self, path: str, queue: Deque[Dict[str, Any]]) -> None:
        """Keeps the newest ``max_pending`` lines waiting for ``path``; the rest are dropped."""
        excess = len(queue) - self.max_pending
        if excess <= 0:
            return
        for _ in range(excess):
            queue.popleft()
        self.dropped += excess
        if not self._reported_drop:
            self._reported_drop = True
            print("nexlify_tui: %s still cannot be written; more than %d lines were waiting, so the oldest are dropped "
                  "(the in-memory history and the snapshots keep them; see dropped_lines)" % (path, self.max_pending), file=sys.stderr)

    def _handle(self, path):
        handle = self._handles.get(path)
        if handle is not None:
            try:
                same = os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
            except OSError:
                same = False
            if same:
                return handle
            self._drop_handle(path)
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        handle = open(path, "a", encoding="utf-8")
        self._handles[path] = handle
        return handle

    def _drop_handle(self, path):
        handle = self._handles.pop(path, None)
        if handle is not None:
            try:
                handle.close()
            except OSError:
                pass

    def _report(self, path, error):
        self.failures += 1
        self.failure = "%s: %s" % (path, error.strerror or error)
        if not self._reported:
            self._reported = True
            print("nexlify_tui: cannot write %s (%s); training goes on, lines are kept and written when it works again"
                  % (path, error.strerror or error), file=sys.stderr)


def close_all():
    for appender in list(_open_appenders):
        appender.close()


atexit.register(close_all)
