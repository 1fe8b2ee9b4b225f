"""Must-show 2: `plugboard validate` and `plugboard eval` drive servers built with the installed
OpenEnv package's own create_app (reference_envs.py, served by uvicorn). The Java OpenEnvClient side
is environments/src/test/.../PythonReferenceServerTest.java."""
from __future__ import annotations

import json


def validate(plugboard, url: str, tmp_path, check: bool = True) -> tuple[int, dict]:
    out = tmp_path / "report"
    proc = plugboard.run(["validate", url, "--level", "runtime", "--report", str(out)], check=False, timeout=600)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    report = json.loads((out / "report.json").read_text())
    return proc.returncode, report


def results(report: dict) -> dict:
    return {r["check_id"]: r for r in report["results"]}


def test_validate_gives_openenvs_reference_echo_warn_and_names_the_framework(plugboard, openenv_server, tmp_path):
    code, report = validate(plugboard, openenv_server("echo_app"), tmp_path)
    by_id = results(report)
    assert (code, report["verdict"]) == (0, "warn"), json.dumps([r for r in report["results"] if r["status"] == "fail"], indent=1)
    failed = sorted(k for k, r in by_id.items() if r["status"] in ("fail", "error"))
    assert failed == ["runtime.framework_limits"], failed
    limits = by_id["runtime.framework_limits"]
    assert limits["severity"] == "warn"
    assert limits["measured"]["framework"] == "OpenEnv Python server (FastAPI on uvicorn)"
    assert "OpenEnv HTTP API 1.0.0" in limits["measured"]["framework_version"]
    assert "SESSION_ERROR" in limits["evidence"][0] and "Server: uvicorn" in limits["evidence"][0]
    malformed = by_id["runtime.malformed_input"]
    assert malformed["status"] == "pass" and malformed["measured"]["attributed_to_framework"] == ["deep-nesting"]
    for check in ("runtime.api_conformance", "runtime.observation_schema", "runtime.state_contract",
                  "runtime.tool_declaration_accuracy", "runtime.episode_isolation", "runtime.session_hygiene"):
        assert by_id[check]["status"] == "pass", (check, by_id[check]["evidence"])
    assert by_id["runtime.task_declaration_accuracy"]["status"] == "skip"


def test_validate_passes_a_create_app_environment_with_its_own_state_class(plugboard, openenv_server, tmp_path):
    code, report = validate(plugboard, openenv_server("sum_app"), tmp_path)
    by_id = results(report)
    assert code == 0 and report["verdict"] in ("pass", "warn"), report["verdict"]
    assert not [k for k, r in by_id.items() if r["status"] in ("fail", "error") and r["severity"] == "fail"]
    for check in ("runtime.state_contract", "runtime.reward_well_formed", "runtime.seed_control",
                  "runtime.episode_determinism", "runtime.observation_schema"):
        assert by_id[check]["status"] == "pass", (check, by_id[check]["evidence"])


def test_validate_still_fails_a_broken_environment_on_the_python_server(plugboard, openenv_server, tmp_path):
    code, report = validate(plugboard, openenv_server("broken_echo_app"), tmp_path)
    assert (code, report["verdict"]) == (1, "fail")
    assert results(report)["runtime.state_contract"]["status"] == "fail"


def test_eval_runs_episodes_on_a_python_server(plugboard, openenv_server, home):
    url = openenv_server("sum_app")
    proc = plugboard.run(["eval", url, "--policy", "null", "--limit", "3", "--json"], timeout=300)
    summary = json.loads(proc.stdout)
    assert summary["status"] == "finished" and summary["episodes"] == 3 and summary["graded"] == 3, summary
    assert summary["outcomes"] == {"ok": 3} and summary["mean_reward"] == 0.0
    echo = plugboard.run(["eval", openenv_server("echo_app"), "--policy", "null", "--limit", "1", "--max-steps", "2",
                          "--json"], check=False, timeout=300)
    # echo never ends an episode: eval says so (exit 1, env_error) after driving its tools over /ws
    assert echo.returncode == 1 and json.loads(echo.stdout)["outcomes"] == {"env_error": 1}
