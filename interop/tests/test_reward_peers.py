"""Peers' own reward servers, run for real, scored through Plugboard's ``RewardEndpointClient`` dialects.

NeMo Gym (``nemo-gym`` 0.4.0 on PyPI, in ``.venv-nemo-gym``): its math resources server's ``/verify``
(``nemo_gym_server.py``) scores episodes of the ``qa`` gateway over NeMo Gym's own example tasks through
the ``nemo-gym`` dialect. slime and OpenRLHF ship no reward server that installs and runs offline here;
docs/rewards.md quotes what fails.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugboard_process import ROOT, Running, free_port

HERE = Path(__file__).resolve().parent
NEMO_PYTHON = ROOT / ".venv-nemo-gym" / "bin" / "python"
EXAMPLE = "nvidia/nemo-gym-math-example"


@pytest.fixture(scope="module")
def nemo_gym(tmp_path_factory):
    """NeMo Gym's math_with_judge resources server on a free loopback port, and its example tasks."""
    if not NEMO_PYTHON.is_file():
        pytest.fail(f"{NEMO_PYTHON} is missing: run bin/setup-test-tools nemo-gym (NeMo Gym needs Python >= 3.12)")
    work = tmp_path_factory.mktemp("nemo-gym")
    found = subprocess.run([str(NEMO_PYTHON), "-c", "import resources_servers.math_with_judge as m; print(m.__path__[0])"],
                           capture_output=True, text=True, check=True, cwd=work)
    example = Path(found.stdout.strip()) / "data" / "example.jsonl"
    port = free_port()
    process = subprocess.Popen([str(NEMO_PYTHON), str(HERE / "nemo_gym_server.py"), str(port)], cwd=work,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                               stdin=subprocess.DEVNULL)
    server = Running(["nemo_gym_server.py", str(port)], process)
    threading.Thread(target=server._pump, daemon=True).start()
    try:
        server.wait_for(r"Uvicorn running on http://127\.0\.0\.1:\d+", timeout=120)
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}", server=server, example=example)
    finally:
        server.stop()


def verify_calls(server: Running) -> list[str]:
    return [line for line in server.output.splitlines() if '"POST /verify HTTP/1.1"' in line]


def test_nemo_gym_verify_scores_gateway_episodes_through_the_nemo_gym_dialect(nemo_gym, plugboard, tmp_path):
    repo = tmp_path / "hub" / "datasets" / EXAMPLE
    repo.mkdir(parents=True)
    shutil.copyfile(nemo_gym.example, repo / "example.jsonl")  # question, expected_answer, responses_create_params
    env = {"HF_ENDPOINT": plugboard.hub(tmp_path / "hub")}
    plugboard.run(["rewards", "add", "nemo-math", "--url", nemo_gym.url, "--dialect", "nemo-gym"])
    gateway = plugboard.start(["serve", "qa", "--dataset", f"hf://datasets/{EXAMPLE}", "--split", "train",
                               "--hide", "expected_answer", "--reward", "nemo-math", "--host", "127.0.0.1", "--port", "0"],
                              env=env)
    url = gateway.wait_for(r"Serving .* on (http://[\d.]+:\d+)").group(1)
    before = len(verify_calls(nemo_gym.server))
    results = {}
    for policy in ("oracle", "null"):
        run = plugboard.run(["eval", url, "--policy", policy, "--dataset", f"hf://datasets/{EXAMPLE}", "--split", "train",
                             "--hide", "expected_answer", "--json"], env=env, check=False)
        results[policy] = json.loads(run.stdout)
    # NeMo Gym's math-verify grades the oracle's reference answers 1 and the null policy's empty answers 0:
    # every one an ok score from the real server (10 calls to /verify), none an error taken for a zero
    assert results["oracle"]["outcomes"] == {"ok": 5} and results["oracle"]["mean_reward"] == 1.0, results["oracle"]
    assert results["null"]["outcomes"] == {"ok": 5} and results["null"]["mean_reward"] == 0.0, results["null"]
    calls = verify_calls(nemo_gym.server)[before:]
    assert len(calls) == 10 and all(c.rstrip().endswith("200 OK") for c in calls), calls


def test_a_request_nemo_gym_rejects_is_an_error_not_a_zero(nemo_gym, plugboard):
    """The probe's task has no ``expected_answer``: NeMo Gym answers 422, which Plugboard reports as a
    rejected call (exit 1); mapping the field (``--map expected_answer=label``) makes the same probe score."""
    plugboard.run(["rewards", "add", "nemo-unmapped", "--url", nemo_gym.url, "--dialect", "nemo-gym"])
    rejected = plugboard.run(["rewards", "probe", "nemo-unmapped"], check=False)
    assert rejected.returncode == 1, rejected.stdout + rejected.stderr
    assert "sample score: Score{error endpoint_rejected" in rejected.stdout and "HTTP 422" in rejected.stdout
    assert "expected_answer" in rejected.stdout and "Field required" in rejected.stdout
    plugboard.run(["rewards", "add", "nemo-mapped", "--url", nemo_gym.url, "--dialect", "nemo-gym",
                   "--map", "expected_answer=label"])
    scored = plugboard.run(["rewards", "probe", "nemo-mapped"])
    assert "sample score: Score{ok 1.0}" in scored.stdout, scored.stdout
