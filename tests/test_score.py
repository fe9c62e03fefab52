"""`casekit score` end to end: formats, bad files mid-batch, jobs, CSV for Excel, atomic output."""

from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CASES

BAD = "title: [unclosed\n"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """The sample cases in nested folders, with a broken file in the middle and a config."""
    root = tmp_path / "round1"
    (root / "group-a").mkdir(parents=True)
    (root / "group-b").mkdir()
    for i, path in enumerate(sorted(CASES.glob("*.yaml"))):
        shutil.copy(path, root / ("group-a" if i % 2 else "group-b") / path.name)
    (root / "group-a" / "m-broken.yaml").write_text(BAD, encoding="utf-8")
    (root / ".casekit.yaml").write_text("rules: {}\n", encoding="utf-8")  # never a case
    (root / "notes.txt").write_text("不是案例", encoding="utf-8")
    return root


def test_table_lists_each_case_and_the_summary(invoke, folder):
    result = invoke("score", folder, "--jobs", "1")
    assert result.exit_code == 2  # one invalid file
    out = result.stdout
    assert "ceiling-leak" in out and "model-gas-heater" in out
    assert "文件无效" in out and "m-broken.yaml" in out
    assert "平均分" in out and "中位数" in out and "不符合最多的在前" in out
    assert "m-broken.yaml:2:1: YAML syntax error" in result.stderr
    assert ".casekit.yaml" not in out + result.stderr


def test_jsonl_rows_in_deterministic_order_with_the_error_row(invoke, folder):
    result = invoke("score", folder, "-f", "jsonl", "--jobs", "1")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 16
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)
    broken = [r for r in rows if r.get("errors")]
    assert len(broken) == 1 and broken[0]["errors"][0]["line"] == 2
    good = [r for r in rows if not r.get("errors")]
    assert all(set(r) >= {"id", "title", "score", "verdicts", "failed"} for r in good)


def test_json_document_has_cases_and_summary(invoke, folder):
    doc = json.loads(invoke("score", folder, "-f", "json", "--jobs", "1").stdout)
    assert len(doc["cases"]) == 16
    summary = doc["summary"]
    assert summary["cases"] == 16 and summary["invalid"] == 1
    fails = [r["fail"] for r in summary["rules"]]
    assert fails == sorted(fails, reverse=True)  # most-failed rules first
    assert sum(b["cases"] for b in summary["distribution"]) == 15


def test_jobs_do_not_change_verdicts_scores_or_order(invoke, folder):
    one = invoke("score", folder, "-f", "jsonl", "--jobs", "1").stdout
    two = invoke("score", folder, "-f", "jsonl", "--jobs", "2").stdout
    assert one == two and one.count("\n") == 16


def test_csv_opens_in_excel_on_chinese_windows(invoke, folder, tmp_path):
    out = tmp_path / "scores.csv"
    result = invoke("score", folder, "-f", "csv", "--output", out, "--jobs", "1")
    assert result.exit_code == 2 and result.stdout == ""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:7] == ["path", "id", "title", "score", "grade", "failed", "error"]
    assert "apology" in header and "first-contact-ownership" in header
    leak = next(r for r in rows if r[1] == "ceiling-leak")
    assert leak[header.index("follow-up")] == "fail" and "漏水" in leak[2]
    assert any(r[6] for r in rows[1:])  # the error row


def test_sort_by_score_and_id(invoke, folder):
    rows = [json.loads(x) for x in invoke("score", folder, "-f", "jsonl", "--sort", "score",
                                          "--jobs", "1").stdout.splitlines()]
    scores = [r["score"] for r in rows if r.get("score") is not None]
    assert scores == sorted(scores, reverse=True)
    ids = [r["id"] for r in json.loads(invoke("score", folder, "-f", "json", "--sort", "id",
                                             "--jobs", "1").stdout)["cases"] if r["id"]]
    assert ids == sorted(ids)


def test_glob_and_missing_paths(invoke, folder, tmp_path):
    (folder / "group-a" / "extra.case").write_text(
        (CASES / "ceiling-leak.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    rows = invoke("score", folder, "--glob", "*.case", "-f", "jsonl").stdout.splitlines()
    assert len(rows) == 1 and "extra.case" in rows[0]
    result = invoke("score", tmp_path / "nowhere", CASES / "ceiling-leak.yaml", "-f", "jsonl")
    assert result.exit_code == 2 and "nowhere:1:1: no such file or directory" in result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_output_is_atomic_and_replaces_the_old_file(invoke, folder, tmp_path):
    out = tmp_path / "scores.jsonl"
    out.write_text("old\n", encoding="utf-8")
    invoke("score", folder, "-f", "jsonl", "-o", out, "--jobs", "1")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 16 and "old" not in lines
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_ctrl_c_stops_cleanly_and_keeps_what_was_written(tmp_path):
    cases = tmp_path / "many"
    cases.mkdir()
    source = (CASES / "ceiling-leak.yaml").read_text(encoding="utf-8")
    for i in range(400):
        (cases / f"c{i:04}.yaml").write_text(source, encoding="utf-8")
    out = tmp_path / "partial.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "casekit", "score", str(cases), "-f", "jsonl",
                             "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            # a CI runner may start us with SIGINT ignored (nohup, background
                            # jobs); give the child the default so Ctrl-C reaches Python
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    def written() -> int:  # bytes in the temporary file the rows stream into
        return sum(p.stat().st_size for p in tmp_path.iterdir() if p.name.startswith(".partial"))

    deadline = time.time() + 60
    while time.time() < deadline and written() == 0 and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert b"Traceback" not in stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(rows) < 400  # stopped early, every kept row complete
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_score_rows_agree_with_full_reviews(invoke, folder, reviewer):
    """score builds no evidence (a row shows none); its verdicts and scores must still be
    exactly those of `casekit review`."""
    from casekit.loader import load_case

    rows = [json.loads(line) for line in invoke("score", folder, "-f", "jsonl", "--jobs", "1").stdout.splitlines()]
    checked = 0
    for row in rows:
        if row.get("errors"):
            continue
        full = reviewer.review(load_case(row["path"]))
        assert row["score"] == full.score
        assert row["verdicts"] == {r.rule: r.verdict for r in full.results}
        bare = reviewer.review(load_case(row["path"]), evidence=False)
        assert [r.verdict for r in bare.results] == [r.verdict for r in full.results]
        assert all(not r.evidence for r in bare.results)
        checked += 1
    assert checked == 15


@pytest.mark.parametrize("fmt", ["table", "html", "csv", "json", "jsonl"])
def test_no_case_files_is_not_an_empty_batch(invoke, tmp_path, fmt):
    """An empty folder, a folder named like a case, a --glob that matches nothing, paths
    that do not exist: exit 2, and no table, summary or file as if a batch had run."""
    empty = tmp_path / "empty"
    empty.mkdir()
    like_a_case = tmp_path / "ceiling-leak.yaml"
    (like_a_case / "sub").mkdir(parents=True)
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    for args, message in [([empty], f"no case files under {empty}"),
                          ([like_a_case], f"no case files under {like_a_case}"),
                          ([cases, "--glob", "*.case"], f"no case files under {cases}"),
                          ([empty, like_a_case], f"no case files under {empty}, {like_a_case}"),
                          ([tmp_path / "nowhere"], "nowhere:1:1: no such file or directory")]:
        result = invoke("score", *args, "-f", fmt)
        assert result.exit_code == 2, (args, result.stdout)
        assert message in result.stderr
        assert result.stdout == ""
        out = tmp_path / f"scores.{fmt}"
        assert invoke("score", *args, "-f", fmt, "-o", out).exit_code == 2
        assert not out.exists()


def test_a_reviewed_case_is_freed_without_the_garbage_collector():
    """A batch reviews thousands of cases: each must be freed when dropped. A reference
    cycle (the narrative readings pointed back at the case's view) left every case to the
    collector, whose passes took ~10 % of a batch's time."""
    import gc

    from casekit.config import load_config
    from casekit.engine import Reviewer
    from casekit.loader import load_case

    reviewer = Reviewer.from_config(load_config(None))
    paths = sorted(CASES.glob("*.yaml"))[:6]
    for path in paths:  # warm: the reviewer's own lasting caches are not garbage
        reviewer.review(load_case(path), evidence=False)
    gc.collect()
    gc.disable()
    try:
        for path in paths:
            reviewer.review(load_case(path), evidence=False)
            reviewer.review(load_case(path))
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_batch_collects_less_often_and_restores_the_collector(reviewer, tmp_path):
    """`score` raises the collector's threshold and freezes what is loaded for the length
    of a batch (the collector ran more than once per case); a caller that goes on, or a
    consumer that stops reading rows early, gets the collector back as it was."""
    import gc

    from casekit.batch import BATCH_GC_THRESHOLD, score_files

    paths = sorted(CASES.glob("*.yaml"))[:3]
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    during = [(gc.get_threshold()[0], gc.get_freeze_count())
              for row in score_files(paths, reviewer, jobs=1) if row.valid]
    assert len(during) == 3
    assert all(threshold == BATCH_GC_THRESHOLD and count > frozen for threshold, count in during)
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)
    rows = score_files(paths, reviewer, jobs=1)
    next(rows)
    assert gc.get_threshold()[0] == BATCH_GC_THRESHOLD
    rows.close()  # the consumer stopped early
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)
