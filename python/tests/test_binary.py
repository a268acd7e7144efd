"""Which nexlify-tui binary the package runs: $NEXLIFY_TUI, else the one a platform wheel
carries, else PATH; and what the console command says without one."""

import os

from nexlify_tui import _binary


def executable(path, text="#!/bin/sh\necho real\n"):
    path.write_text(text)
    path.chmod(0o755)
    return str(path)


def test_the_setting_wins_then_the_packaged_binary_then_path(tmp_path, monkeypatch):
    packaged = executable(tmp_path / "packaged")
    on_path = tmp_path / "path"
    on_path.mkdir()
    executable(on_path / "nexlify-tui")
    monkeypatch.setattr(_binary, "PACKAGED", packaged)
    monkeypatch.setenv("PATH", str(on_path))
    monkeypatch.setenv("NEXLIFY_TUI", executable(tmp_path / "configured"))
    assert _binary.find_binary() == str(tmp_path / "configured")
    monkeypatch.delenv("NEXLIFY_TUI")
    assert _binary.find_binary() == packaged
    monkeypatch.setattr(_binary, "PACKAGED", str(tmp_path / "none"))
    assert _binary.find_binary() == str(on_path / "nexlify-tui")


def test_without_a_binary_the_command_says_how_to_get_one(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("NEXLIFY_TUI", raising=False)
    monkeypatch.setattr(_binary, "PACKAGED", str(tmp_path / "none"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # The console script pip installs is on PATH too: it is not taken for the binary.
    executable(bin_dir / "nexlify-tui", "#!/usr/bin/python3\nfrom nexlify_tui._binary import main\nmain()\n")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert _binary.find_binary() is None
    assert _binary.main([]) == 127
    assert "scripts/build-dist" in capsys.readouterr().err
