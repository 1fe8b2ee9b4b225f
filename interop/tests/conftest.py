"""Fixtures shared by the interop tests: a fresh home folder per test and the Plugboard launcher."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from plugboard_process import Plugboard, PythonServer


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty home folder; the Python side of the test uses it too (HOME, HF_HOME)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HF_HOME", str(home / ".cache" / "huggingface"))
    for name in list(os.environ):
        if name.startswith("HF_") and name != "HF_HOME":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    return home


@pytest.fixture
def plugboard(home: Path):
    """Launches ``plugboard.jar`` commands; every process it started is stopped when the test ends."""
    pb = Plugboard(home)
    yield pb
    pb.stop_all()


@pytest.fixture
def openenv_server():
    """Starts apps of ``reference_envs.py`` on OpenEnv's own Python server; returns their base URLs."""
    started: list[PythonServer] = []

    def start(app: str) -> str:
        server = PythonServer(app)
        started.append(server)
        return server.url

    yield start
    for server in started:
        server.stop()
