"""Start and stop the built Plugboard jar from tests, the way a user runs it.

Every process gets the test session's fresh home folder (``HOME`` and the JVM's ``user.home``), so no
test depends on what earlier runs left in the real home folder, and none writes there.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "harness" / "target" / "plugboard.jar"
SHARED = Path(os.environ.get("PLUGBOARD_SHARED", ROOT.parent / "shared")).resolve()
CORPUS = SHARED / "corpus"


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Running:
    """A Plugboard process started in the background; ``output`` is its stdout and stderr so far."""

    args: list[str]
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    @property
    def output(self) -> str:
        with self._cond:
            return "".join(self.lines)

    def _pump(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            with self._cond:
                self.lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match:
        """Block until a line matches ``pattern`` (a regex); fail with the output if the process exits first."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for line in self.lines[seen:]:
                    m = regex.search(line)
                    if m:
                        return m
                seen = len(self.lines)
                if self.process.poll() is not None and seen == len(self.lines):
                    raise AssertionError(
                        f"plugboard {' '.join(self.args)} exited with {self.process.returncode} before printing "
                        f"/{pattern}/; output:\n{''.join(self.lines)}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no /{pattern}/ within {timeout}s from plugboard {' '.join(self.args)}; "
                                         f"output:\n{''.join(self.lines)}")
                self._cond.wait(min(left, 0.5))

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM, then SIGKILL if it does not end within ``timeout``; returns the exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        return self.process.returncode


class PythonServer:
    """OpenEnv's own Python server (``create_app`` from the installed package) running an app of
    ``reference_envs.py`` under uvicorn on a free loopback port; stopped when the test ends."""

    def __init__(self, app: str):
        import sys
        import urllib.request

        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", f"reference_envs:{app}", "--app-dir", str(Path(__file__).parent),
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"uvicorn reference_envs:{app} exited {self.process.returncode}:\n"
                                     f"{self.process.stdout.read()}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"uvicorn reference_envs:{app} did not answer /health within 60 s")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(20)


class Plugboard:
    """Runs ``java -jar plugboard.jar`` with an isolated home folder and environment."""

    def __init__(self, home: Path, env: Optional[dict[str, str]] = None):
        if not JAR.is_file():
            raise AssertionError(f"{JAR} is missing: build first (mvn -B -ntp -DskipTests package)")
        self.home = home
        self.env = dict(env or {})
        self._running: list[Running] = []

    def environ(self, extra: Optional[dict[str, str]] = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "PLUGBOARD_"))}
        env.update({
            "HOME": str(self.home),
            "HF_HOME": str(self.home / ".cache" / "huggingface"),
            "PLUGBOARD_STORE": str(self.home / "plugboard.db"),
            "HF_HUB_DISABLE_TELEMETRY": "1",
            # teardown stops servers with SIGTERM: no drain wait on sessions a test left open
            # (the drain itself is tested in the deploy module)
            "PLUGBOARD_DRAIN_GRACE": "0",
        })
        env.update(self.env)
        env.update(extra or {})
        return env

    def command(self, args: list[str]) -> list[str]:
        return ["java", f"-Duser.home={self.home}", "-Xmx1g", "-jar", str(JAR), *args]

    def run(self, args: list[str], env: Optional[dict[str, str]] = None, timeout: float = 300,
            check: bool = True) -> subprocess.CompletedProcess:
        """Run a command to its end; with ``check``, a non-zero exit fails the test with its output."""
        proc = subprocess.run(self.command(args), env=self.environ(env), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        if check and proc.returncode != 0:
            raise AssertionError(f"plugboard {' '.join(args)} exited {proc.returncode}\nstdout:\n{proc.stdout}\n"
                                 f"stderr:\n{proc.stderr}")
        return proc

    def start(self, args: list[str], env: Optional[dict[str, str]] = None) -> Running:
        """Start a long-running command (serve, hub serve, rewards serve); stopped at the end of the test."""
        process = subprocess.Popen(self.command(args), env=self.environ(env), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL, bufsize=1)
        running = Running(args, process)
        threading.Thread(target=running._pump, daemon=True).start()
        self._running.append(running)
        return running

    def serve(self, env_name: str, *extra: str) -> str:
        """``plugboard serve <env>`` on a free port; returns its base URL once it listens."""
        running = self.start(["serve", env_name, "--host", "127.0.0.1", "--port", "0", *extra])
        return running.wait_for(r"Serving .* on (http://[\d.]+:\d+)").group(1)

    def hub(self, root: Optional[Path] = None) -> str:
        """The Hub emulator (``plugboard hub serve``) on the bundled sample or a folder; returns its endpoint."""
        args = ["hub", "serve", "--port", "0"]
        args += [str(root)] if root else ["--sample"]
        return self.start(args).wait_for(r"HF_ENDPOINT=(\S+)").group(1)

    def stop_all(self) -> None:
        for running in reversed(self._running):
            running.stop()
        self._running.clear()
