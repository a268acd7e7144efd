"""The training side of the dashboard's S (stop) and C (checkpoint): control.json in the run directory."""

import json
import os
import time
from datetime import datetime, timedelta, timezone

import pytest

from nexlify_tui import MetricsLogger
from nexlify_tui import _control
from nexlify_tui._control import ControlListener


def request(directory, kind, identifier="r1", at=None, acknowledged=None):
    """Writes control.json as the dashboard does (atomically: a temporary file and a rename)."""
    moment = at or datetime.now(timezone.utc)
    data = {"request": kind, "id": identifier, "at": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")}
    if acknowledged:
        data["acknowledged_at"] = acknowledged
    temporary = os.path.join(directory, "control.json.tmp")
    with open(temporary, "w") as handle:
        json.dump(data, handle)
    os.replace(temporary, os.path.join(directory, "control.json"))


def read(directory):
    with open(os.path.join(directory, "control.json")) as handle:
        return json.load(handle)


def test_a_stop_request_is_seen_acknowledged_and_stays_seen(tmp_path):
    logger = MetricsLogger("run", output_dir=tmp_path)
    logger.control.interval = 0
    logger.log_episode(0, profit=1.0)
    logger.flush()                                             # the run directory exists once a line is written
    assert not logger.should_stop()
    request(logger.run_dir, "stop")
    assert logger.should_stop()
    acknowledged = read(logger.run_dir)
    assert acknowledged["id"] == "r1" and acknowledged["acknowledged_at"].endswith("Z")
    assert logger.should_stop() and logger.should_stop()
    logger.close()


def test_a_checkpoint_request_is_handed_over_once_and_acknowledged_then(tmp_path):
    listener = ControlListener(tmp_path, interval=0)
    request(tmp_path, "checkpoint", "c1")
    assert not listener.should_stop()
    assert "acknowledged_at" not in read(tmp_path)            # not handed over yet
    assert listener.checkpoint_requested()
    assert "acknowledged_at" in read(tmp_path)
    assert not listener.checkpoint_requested()
    request(tmp_path, "checkpoint", "c2")
    assert listener.checkpoint_requested() and not listener.checkpoint_requested()


def test_old_acknowledged_malformed_and_non_file_requests_are_ignored(tmp_path):
    request(tmp_path, "stop", "old", at=datetime.now(timezone.utc) - timedelta(minutes=5))
    listener = ControlListener(tmp_path, interval=0)
    assert not listener.should_stop()                          # left by an earlier run of the script
    request(tmp_path, "stop", "done", acknowledged="2026-12-06T03:00:00Z")
    assert not listener.should_stop()
    for text in ["", "{", "[]", '{"request": "explode", "id": "x", "at": "2026-12-06T03:00:00Z"}', '{"request": "stop", "at": 5}',
                 "\xff\xfe", '{"request": "stop", "id": "", "at": "now"}']:
        with open(tmp_path / "control.json", "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(text)
        assert not listener.should_stop()
    os.unlink(tmp_path / "control.json")
    os.mkfifo(tmp_path / "control.json")                       # never opened: no reader blocks on it
    assert not listener.should_stop()


def test_the_file_is_looked_at_at_most_once_an_interval(tmp_path, monkeypatch):
    listener = ControlListener(tmp_path, interval=1.0)
    looks = []
    real_stat = os.stat
    monkeypatch.setattr(_control.os, "stat", lambda path, *a, **k: looks.append(path) or real_stat(path, *a, **k))
    started = time.monotonic()
    while time.monotonic() - started < 0.5:
        listener.should_stop()
        listener.checkpoint_requested()
    assert len(looks) == 1                                     # thousands of calls, one stat
    request(tmp_path, "stop")
    deadline = time.monotonic() + 1.5
    while not listener.should_stop() and time.monotonic() < deadline:
        pass
    assert listener.should_stop()
    assert time.monotonic() - started <= 1.2                  # seen at the next look, a second after the first


def test_several_directories_are_watched(tmp_path):
    own, sb3 = tmp_path / "run", tmp_path / "sb3"
    own.mkdir()
    sb3.mkdir()
    listener = ControlListener([own, sb3], interval=0)
    request(sb3, "stop")
    assert listener.should_stop()
