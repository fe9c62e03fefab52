"""The HTML reports in a real browser: Debian's chromium, headless, renders them to PNG and
its DOM holds the text of every verdict."""

from __future__ import annotations

import re
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


def _pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def _print_to_pdf(tmp_path: Path, page: Path, pdf: Path) -> subprocess.CompletedProcess:
    return chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())


def test_exercise_and_answer_key_print_on_a4(tmp_path, invoke):
    """The classroom sheets through Chromium's print-to-PDF: produced, A4, and the
    exercise's printed text holds no verdict (checked with pdftotext when installed)."""
    leak = CASES / "ceiling-leak.yaml"
    for sheet in ("exercise", "answer-key"):
        page, pdf = tmp_path / f"{sheet}.html", tmp_path / f"{sheet}.pdf"
        assert invoke("review", leak, "-f", "html", f"--{sheet}", "-o", page).exit_code == 0
        run = _print_to_pdf(tmp_path, page, pdf)
        assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-", run.stderr[-500:]
        box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
        assert box and round(float(box[1])) == 595 and round(float(box[2])) == 842  # A4, pt
        assert _pdf_pages(pdf) > 1
    dom = chromium(tmp_path, "--dump-dom", (tmp_path / "exercise.html").as_uri()).stdout
    body = dom.split("</style>", 1)[-1]
    assert "思考题" in body and "第1句" in body
    assert not any(w in body for w in ("符合", "不适用", "得分", "正确做法"))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "exercise.pdf"), "-"],
                              capture_output=True, text=True).stdout
        assert "思考题" in text and not any(w in text for w in ("符合", "不适用", "得分"))
        key = subprocess.run(["pdftotext", str(tmp_path / "answer-key.pdf"), "-"],
                             capture_output=True, text=True).stdout
        assert "不符合" in key and "正确做法" in key


def test_workbook_of_the_sample_cases_prints_one_case_per_page(tmp_path, invoke):
    files = sorted(CASES.glob("*.yaml"))
    page, pdf = tmp_path / "book.html", tmp_path / "book.pdf"
    assert invoke("review", *files, "-f", "html", "--exercise", "-o", page).exit_code == 0
    run = _print_to_pdf(tmp_path, page, pdf)
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-", run.stderr[-500:]
    # a contents page, then every case starts a page of its own
    assert _pdf_pages(pdf) > len(files)
    if shutil.which("pdftotext"):
        firsts = []
        for n in range(1, _pdf_pages(pdf) + 1):
            text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                  capture_output=True, text=True).stdout.strip()
            firsts.append(text.split("\n", 1)[0])
        assert firsts[0] == "案例分析练习"
        assert sum(1 for f in firsts if re.fullmatch(r"案例[一二三四五六七八九十]+", f)) == len(files)
