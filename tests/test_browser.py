"""The HTML reports in a real browser: Debian's chromium, headless, renders them to PNG and
its DOM holds the text of every verdict."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from casekit.report.documents import batch_html, case_html
from conftest import CASES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                "(apt-get install chromium); the HTML is still tested without a browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def test_case_report_renders_and_holds_every_verdict(tmp_path, reviewer):
    from casekit.loader import load_case

    result = reviewer.review(load_case(CASES / "ceiling-leak.yaml"), keywords=True)
    page = tmp_path / "leak.html"
    page.write_text(case_html([result]), encoding="utf-8")
    png = tmp_path / "leak.png"
    shot = chromium(tmp_path, f"--screenshot={png}", "--window-size=412,3000", page.as_uri())
    assert png.exists() and png.stat().st_size > 20_000, shot.stderr[-500:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    for r in result.results:
        assert r.title in dom and r.message in dom, r.rule


def test_batch_page_renders_with_its_charts(tmp_path, reviewer):
    from casekit.batch import SummaryBuilder, score_files

    files = sorted(CASES.glob("*.yaml"))
    rows = list(score_files(files, reviewer, jobs=1))
    builder = SummaryBuilder()
    for row in rows:
        builder.add(row)
    page = tmp_path / "batch.html"
    page.write_text(batch_html(rows, builder.result(), {r.id: r.title for r in reviewer.rules}),
                    encoding="utf-8")
    png = tmp_path / "batch.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1000,2400", page.as_uri())
    assert png.exists() and png.stat().st_size > 20_000
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert dom.count("<svg") == 2 and "ceiling-leak" in dom
