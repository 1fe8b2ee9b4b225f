"""No escape codes or progress-bar redraws reach a pipe or a file: not from the CLI, not from bin/demo.

Progress bars are drawn only on a terminal. The pty tests give the CLI a real terminal on stdin and stdout
(so System.console() exists) and prove both sides: with stderr in a file, nothing is drawn there; with
stderr on the terminal too, the bar is drawn (so the check would see one that leaked).
"""
from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from plugboard_process import ROOT

CONTROL = ("\x1b", "\r")  # colour/cursor codes, and the carriage return of a bar redraw
DATA = ["--dataset", "hf://datasets/openai/gsm8k", "--config", "main", "--split", "test"]


def assert_plain(text: str, what: str) -> None:
    for c in CONTROL:
        assert c not in text, f"{what} contains {c!r} at {text.find(c)}: {text[max(0, text.find(c) - 80):text.find(c) + 80]!r}"


@pytest.fixture
def gateway(plugboard):
    endpoint = plugboard.hub()
    plugboard.env["HF_ENDPOINT"] = endpoint
    return plugboard.serve("qa", *DATA, "--reward", "math")


def test_cli_output_redirected_to_pipes_is_plain(plugboard, gateway, tmp_path):
    runs = {
        "--help": plugboard.run(["--help"]),
        "usage error": plugboard.run(["serve", "--no-such-flag"], check=False),
        "datasets pull": plugboard.run(["datasets", "pull", "openai/gsm8k", "--config", "main", "--split", "test"]),
        "eval": plugboard.run(["eval", gateway, "--policy", "oracle", *DATA, "--limit", "20", "--report", str(tmp_path / "eval")]),
        "validate": plugboard.run(["validate", "guess", "--level", "runtime"], check=False),
        "quickstart": plugboard.run(["quickstart", "--limit", "5", "--out", str(tmp_path / "qs")]),
    }
    assert runs["usage error"].returncode == 2 and "Unknown option" in runs["usage error"].stderr
    assert "eval: 20/20 episodes done" in runs["eval"].stderr  # the plain progress lines instead of a bar
    for what, proc in runs.items():
        assert_plain(proc.stdout, f"plugboard {what} stdout")
        assert_plain(proc.stderr, f"plugboard {what} stderr")


def run_on_a_terminal(command: list[str], env: dict, stderr) -> str:
    """Runs with stdin and stdout on a new pty (stderr as given); returns what reached the terminal."""
    leader, follower = os.openpty()
    proc = subprocess.Popen(command, env=env, stdin=follower, stdout=follower,
                            stderr=follower if stderr is None else stderr, close_fds=True)
    os.close(follower)
    seen = bytearray()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process ended
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait(30)
    os.close(leader)
    assert proc.returncode == 0, seen.decode(errors="replace")
    return seen.decode(errors="replace")


def test_on_a_terminal_the_bar_goes_to_the_terminal_and_never_into_a_redirected_stderr(plugboard, gateway, tmp_path):
    eval_args = ["eval", gateway, "--policy", "oracle", *DATA, "--limit", "200"]
    log = tmp_path / "stderr.log"
    with open(log, "wb") as f:
        run_on_a_terminal(plugboard.command(eval_args), plugboard.environ(), stderr=f)
    text = log.read_text()
    assert "episodes done" in text, text  # the plain progress lines went to the file
    assert_plain(text, "eval's stderr redirected to a file while stdout is a terminal")
    # the positive control: the same run with stderr on the terminal draws the bar there
    screen = run_on_a_terminal(plugboard.command(eval_args), plugboard.environ(), stderr=None)
    assert "\r" in screen and "eval " in screen, screen[-500:]


def test_bin_demo_redirected_is_plain_and_ends_with_the_three_reports(tmp_path):
    """bin/demo exactly as a user runs it (it builds with Maven first), both streams redirected to files.

    HOME stays the real one for Maven's local repository; Plugboard's home folder is a fresh one.
    """
    out, err = tmp_path / "demo.out", tmp_path / "demo.err"
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "PLUGBOARD_"))}
    env["PLUGBOARD_JAVA_OPTS"] = f"-Duser.home={home}"
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.run([str(ROOT / "bin" / "demo"), "--limit", "5", "--out", str(tmp_path / "reports")],
                              cwd=ROOT, env=env, stdout=o, stderr=e, stdin=subprocess.DEVNULL, timeout=600)
    said, logged = out.read_text(), err.read_text()
    assert proc.returncode == 0, said + logged
    assert_plain(said, "bin/demo stdout")
    assert_plain(logged, "bin/demo stderr")
    last = said.strip().splitlines()[-3:]
    assert str(tmp_path / "reports" / "validate" / "report.html") in last[0], last
    assert last[1].endswith(str(tmp_path / "reports" / "oracle" / "index.html")), last
    assert last[2].endswith(str(tmp_path / "reports" / "null" / "index.html")), last


def test_without_the_repositorys_maven_config_maven_itself_writes_escape_codes(tmp_path):
    """Why .mvn/jvm.config sets jansi.noreset: Maven with -B -q still writes ESC[0m into a pipe without it."""
    mvn = shutil.which("mvn")
    assert mvn, "mvn is not on PATH"
    (tmp_path / "pom.xml").write_text("<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId>"
                                      "<artifactId>y</artifactId><version>1</version><packaging>pom</packaging></project>")
    bare = subprocess.run([mvn, "-B", "-ntp", "-q", "-o", "validate"], cwd=tmp_path, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)
    (tmp_path / ".mvn").mkdir()
    shutil.copy(ROOT / ".mvn" / "jvm.config", tmp_path / ".mvn" / "jvm.config")
    configured = subprocess.run([mvn, "-B", "-ntp", "-q", "-o", "validate"], cwd=tmp_path, capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=120)
    assert configured.returncode == 0, configured.stdout + configured.stderr
    assert_plain(configured.stdout + configured.stderr, "Maven with the repository's .mvn/jvm.config")
    if "\x1b" not in bare.stdout + bare.stderr:
        pytest.fail("this Maven writes no escape codes even without .mvn/jvm.config: "
                    "the config may no longer be needed (check bin/demo's output and update this test)")
