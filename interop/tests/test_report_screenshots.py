"""Screenshots of the eval report and the validation report in headless Chromium, and what they show.

Each report is rendered by Debian's chromium (bin/setup-test-tools installs it): a PNG screenshot (kept in
interop/target/screenshots/ to look at), the DOM after scripts ran (the verdict, the charts), and Chromium's
network log, which must hold no request made by the page beyond the file itself (the reports are
self-contained). Chromium's own background calls are kept on the machine by a resolver rule that resolves nothing.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from plugboard_process import ROOT

SHOTS = ROOT / "interop" / "target" / "screenshots"
DATA = ["--dataset", "hf://datasets/openai/gsm8k", "--config", "main", "--split", "test"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("chromium is not installed: run bin/setup-test-tools (installs Debian's chromium) and re-run")


def render(page: Path, name: str, work: Path) -> tuple[str, Image.Image, list[str]]:
    """Screenshot, DOM and the URLs Chromium requested while loading ``page``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot, netlog = SHOTS / f"{name}.png", work / f"{name}-netlog.json"
    common = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
              "--hide-scrollbars", "--no-pings", "--disable-domain-reliability",
              # nothing resolves, so Chromium's own service calls (updates, time, accounts) never leave the machine
              "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={work / (name + '-profile')}", "--virtual-time-budget=3000",
              "--window-size=1280,1600"]
    subprocess.run([*common, f"--screenshot={shot}", f"--log-net-log={netlog}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True,
                         timeout=120).stdout
    log = json.loads(netlog.read_text() or "{}") if netlog.stat().st_size else {"events": []}
    # the page's own requests carry its origin as initiator ("null" for a file); the browser's have none
    urls = sorted({e["params"]["url"] for e in log.get("events", [])
                   if "url" in e.get("params", {}) and e["params"].get("initiator", "not an origin") != "not an origin"})
    return dom, Image.open(shot), urls


def assert_shown(image: Image.Image, urls: list[str], page: Path) -> None:
    assert image.size == (1280, 1600)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, f"the screenshot of {page.name} is (nearly) blank: {len(colours)} colours"
    external = [u for u in urls if not u.startswith(("file:", "data:", "chrome:", "about:"))]
    assert not external, f"{page.name} made requests beyond the file: {external}"


@pytest.fixture
def reports(plugboard, tmp_path):
    plugboard.env["HF_ENDPOINT"] = plugboard.hub()
    gateway = plugboard.serve("qa", *DATA, "--reward", "math")
    plugboard.run(["eval", gateway, "--policy", "oracle", *DATA, "--limit", "20", "--report", str(tmp_path / "eval")])
    plugboard.run(["validate", gateway, *DATA, "--reward", "math", "--report", str(tmp_path / "validate")])
    return tmp_path / "eval" / "index.html", tmp_path / "validate" / "report.html"


def test_the_validation_report_shows_its_verdict_and_charts(reports, tmp_path):
    page = reports[1]
    verdict = json.loads((page.parent / "report.json").read_text())["verdict"]
    dom, image, urls = render(page, "validation-report", tmp_path)
    shown = re.search(r'id="verdict"[^>]*>([^<]+)<', dom)
    assert shown and shown.group(1).strip().lower() == verdict, shown and shown.group(0)
    assert dom.count("<svg") >= 2 and "<rect" in dom, "the charts are missing from the rendered report"
    assert "runtime.state_contract" in dom and "semantic.oracle_max" in dom
    assert_shown(image, urls, page)


def test_the_eval_report_shows_its_scores_and_charts(reports, tmp_path):
    page = reports[0]
    dom, image, urls = render(page, "eval-report", tmp_path)
    assert "<svg" in dom and "<rect" in dom, "the reward histogram is missing from the rendered report"
    assert "pass@1" in dom and "oracle" in dom, dom[:2000]
    assert re.search(r"1\.0+\b", dom), "the oracle's mean reward 1.0 is not shown"
    assert_shown(image, urls, page)


def test_the_checks_catch_a_report_that_loads_from_outside(tmp_path):
    """The broken variant: a report pulling a script from a CDN, and a blank page."""
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><script src="https://cdn.example.invalid/chart.js"></script></body></html>')
    dom, image, urls = render(page, "broken-variant", tmp_path)
    with pytest.raises(AssertionError, match="blank|beyond the file"):
        assert_shown(image, urls, page)
    assert any(u.startswith("https://cdn.example.invalid") for u in urls), urls
