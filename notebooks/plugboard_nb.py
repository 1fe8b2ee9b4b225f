"""Run Plugboard's CLI from a notebook, the way you would type it in a shell.

``plugboard ...`` here means exactly ``bin/plugboard ...`` (``java -jar harness/target/plugboard.jar ...``).
Every command is printed before it runs (``$ plugboard serve echo --host 127.0.0.1 --port 0``), so a cell
shows the CLI line you would use yourself. Servers listen on 127.0.0.1 with free ports (``--port 0``); the
helper reads the URL each one prints. Everything a notebook writes (run store, reward registrations, the
Hugging Face cache shared by Plugboard and ``datasets``, reports) goes to one scratch folder, ``pb.work``,
removed by ``pb.close()``; nothing touches your home folder or leaves loopback.
"""
from __future__ import annotations

import atexit
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
JAR = ROOT / "harness" / "target" / "plugboard.jar"
SHARED = Path(os.environ.get("PLUGBOARD_SHARED", ROOT.parent / "shared")).resolve()
URL = re.compile(r"http://127\.0\.0\.1:\d+")
# tqdm (imported by openenv and datasets) warns in a kernel without ipywidgets; its bars are not used here
warnings.filterwarnings("ignore", message="IProgress not found")


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now (for servers written in the notebook itself)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Plugboard command running in the background; ``url`` is the address it printed."""

    def __init__(self, args: list[str], process: subprocess.Popen):
        self.args = args
        self.process = process
        self.url: Optional[str] = None
        self.lines: list[str] = []
        self._seen = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()
        with self._seen:
            self._seen.notify_all()

    def wait_for_url(self, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                for line in self.lines:
                    m = URL.search(line)
                    if m:
                        self.url = m.group(0)
                        return self.url
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"plugboard {shlex.join(self.args)} did not start:\n" + "\n".join(self.lines))
                self._seen.wait(0.2)

    def stop(self) -> None:
        """Stops it as Ctrl-C would (SIGTERM), then waits for it to end."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(20)


class Plugboard:
    """Runs ``plugboard`` commands with a scratch folder of their own; ``close()`` stops every server it started."""

    def __init__(self) -> None:
        if not JAR.is_file():
            raise RuntimeError(f"{JAR} is missing: build it first (mvn -B -ntp -DskipTests package, or notebooks/run)")
        self.work = Path(tempfile.mkdtemp(prefix="plugboard-nb-"))
        (self.work / "home").mkdir()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "PLUGBOARD_"))}
        self.env.update({
            "PLUGBOARD_STORE": str(self.work / "plugboard.db"),   # runs and reward registrations
            "HF_HOME": str(self.work / "hf"),                     # the Hugging Face cache, shared with datasets
            "HF_HUB_DISABLE_TELEMETRY": "1",
        })
        # this Python process (datasets, huggingface_hub) uses the same cache; set before they are imported
        os.environ["HF_HOME"] = self.env["HF_HOME"]
        os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
        self._servers: list[Server] = []
        atexit.register(self._stop_servers)  # also when the kernel is shut down before close()

    def _command(self, args: list[str]) -> list[str]:
        return ["java", f"-Duser.home={self.work / 'home'}", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", str(JAR), *args]

    def run(self, *args: str, check: bool = True, quiet: bool = False) -> subprocess.CompletedProcess:
        """Runs ``plugboard ARGS`` to its end, printing the command and what it printed on stdout.

        A non-zero exit raises with its output unless ``check=False`` (then look at ``.returncode``).
        """
        argv = [str(a) for a in args]
        print("$ plugboard " + shlex.join(argv))
        proc = subprocess.run(self._command(argv), env=self.env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=600)
        if not quiet and proc.stdout.strip():
            print(proc.stdout.rstrip())
        if check and proc.returncode != 0:
            raise RuntimeError(f"plugboard {shlex.join(argv)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def start(self, *args: str) -> Server:
        """Starts ``plugboard ARGS`` in the background (serve, hub serve, rewards serve) and waits for its URL."""
        argv = [str(a) for a in args]
        print("$ plugboard " + shlex.join(argv) + " &")
        process = subprocess.Popen(self._command(argv), env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, text=True, bufsize=1)
        server = Server(argv, process)
        self._servers.append(server)
        print("  listening on " + server.wait_for_url())
        return server

    def hub(self, *folder: str) -> Server:
        """``plugboard hub serve`` (the bundled sample, or a folder laid out like the Hub); later commands use it."""
        server = self.start("hub", "serve", *(folder or ("--sample",)), "--port", "0")
        self.env["HF_ENDPOINT"] = server.url  # type: ignore[assignment]
        print(f"  export HF_ENDPOINT={server.url}")
        return server

    def json(self, *args: str, lines: bool = False):
        """Runs ``plugboard ARGS --json`` and returns what it printed; ``lines=True`` for JSON Lines (a list)."""
        out = self.run(*args, "--json", quiet=True).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()] if lines else json.loads(out)

    def _stop_servers(self) -> None:
        for server in reversed(self._servers):
            server.stop()
        self._servers.clear()

    def close(self) -> None:
        """Stops every server this helper started and removes the scratch folder."""
        self._stop_servers()
        shutil.rmtree(self.work, ignore_errors=True)
        print("stopped every server and removed the scratch folder")
