"""TrainingDashboard in a real tmux server: the pane opens running the real nexlify-tui on the
logger's run, shows what the loop logs, and `stop()` closes it."""

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from nexlify_tui import MetricsLogger, TrainingDashboard
from nexlify_tui.dashboard import find_binary

REPO = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("NEXLIFY_TUI") or str(REPO / ".build" / "debug" / "nexlify-tui")

pytestmark = pytest.mark.skipif(not os.access(BINARY, os.X_OK), reason="build nexlify-tui first (swift build); .ci/run does")

LOOP = r'''
import os, sys, time
sys.path.insert(0, {package!r})
os.environ["NEXLIFY_TUI"] = {binary!r}
from nexlify_tui import MetricsLogger, TrainingDashboard
logger = MetricsLogger("dqn", output_dir={logs!r}, flush_latency=0.2)
dashboard = TrainingDashboard(logger, update_interval=500, theme="dark")
dashboard.start()
open({pane_file!r}, "w").write(dashboard.pane or "")
episode = 0
while not os.path.exists({stop_file!r}):
    logger.log_episode(episode=episode, profit=float(episode))
    open({last_file!r}, "w").write(str(episode))
    episode += 1
    time.sleep(1 / 50)
running_before = dashboard.is_running()
dashboard.stop()
time.sleep(0.3)
open({result_file!r}, "w").write("%s %s" % (running_before, dashboard.is_running()))
logger.close()
time.sleep(30)
'''


def tmux(socket, *args):
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True)


def wait_for(condition, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return condition()


def test_the_pane_opens_follows_the_run_and_closes(tmp_path):
    socket = "nexlify-py-" + uuid.uuid4().hex[:8]
    files = {name: str(tmp_path / name) for name in ["pane_file", "stop_file", "last_file", "result_file"]}
    script = tmp_path / "loop.py"
    script.write_text(LOOP.format(package=str(REPO / "python"), binary=BINARY, logs=str(tmp_path / "logs"), **files))
    assert tmux(socket, "new-session", "-d", "-x", "200", "-y", "50", sys.executable + " " + str(script)).returncode == 0
    try:
        pane = wait_for(lambda: os.path.exists(files["pane_file"]) and Path(files["pane_file"]).read_text().strip())
        assert pane and pane.startswith("%"), "start() opened no pane"
        command = tmux(socket, "display-message", "-p", "-t", pane, "#{pane_current_command}").stdout.strip()
        assert command == "nexlify-tui"
        # An episode logged shows within one refresh (0.5 s) plus the logger's flush latency (0.2 s).
        def shown():
            found = re.search(r"(\d+) logged", tmux(socket, "capture-pane", "-p", "-t", pane).stdout)
            return int(found.group(1)) - 1 if found else None
        assert wait_for(lambda: (shown() or 0) > 10), tmux(socket, "capture-pane", "-p", "-t", pane).stdout
        for _ in range(3):
            logged = int(Path(files["last_file"]).read_text() or 0)
            time.sleep(0.5 + 0.2 + 0.3)
            assert shown() >= logged, tmux(socket, "capture-pane", "-p", "-t", pane).stdout
        Path(files["stop_file"]).write_text("")
        result = wait_for(lambda: os.path.exists(files["result_file"]) and Path(files["result_file"]).read_text())
        assert result == "True False"
        panes = tmux(socket, "list-panes", "-a", "-F", "#{pane_id}").stdout.split()
        assert pane not in panes
    finally:
        tmux(socket, "kill-server")


def test_outside_tmux_it_prints_the_command(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.setenv("NEXLIFY_TUI", BINARY)
    logger = MetricsLogger("solo", output_dir=tmp_path)
    with pytest.warns(UserWarning, match="port is ignored"):
        dashboard = TrainingDashboard(logger, port=8050, update_interval=2000, theme="light")
    dashboard.start()
    printed = capsys.readouterr().err
    assert "%s --run %s --refresh 2 --theme light" % (BINARY, tmp_path / "solo") in printed
    assert not dashboard.is_running()
    monkeypatch.setenv("NEXLIFY_TUI", str(tmp_path / "missing"))
    assert find_binary() is None
    dashboard.start()
    assert "swift build -c release" in capsys.readouterr().err
    logger.close()
