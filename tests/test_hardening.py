"""Anything in a pull request is untrusted: every hazard gives a clear error in bounded
time and memory, and the rest of the batch is still checked."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import CASES

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def hazards(folder: Path) -> dict[str, str]:
    """Write one file per hazard; return file name -> the error expected for it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    (folder / "deep.yaml").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    with open(folder / "huge.yaml", "wb") as f:  # 100 MB, sparse: no disk is used
        f.truncate(100 * 1024 * 1024)
    (folder / "binary.yaml").write_bytes(b"\x7fELF\x00\x01\x02" + bytes(range(256)))
    (folder / "dir.yaml").mkdir()
    os.symlink("loop-b.yaml", folder / "loop-a.yaml")
    os.symlink("loop-a.yaml", folder / "loop-b.yaml")
    (folder / "latin1.yaml").write_bytes("title: café \xff\xfe\n".encode("latin-1"))
    (folder / "tag.yaml").write_text("title: !!python/object/apply:os.system [echo hi]\n",
                                     encoding="utf-8")
    (folder / "good.yaml").write_text((CASES / "model-broadband.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    return {"bomb.yaml": "alias bomb", "deep.yaml": "nesting",
            "huge.yaml": "file is too large", "binary.yaml": "binary file",
            "dir.yaml": "is a directory", "loop-a.yaml": "cannot read the file",
            "loop-b.yaml": "cannot read the file",
            "latin1.yaml": "neither UTF-8 nor GB18030", "tag.yaml": "unsupported value"}


def test_every_hazard_is_a_clear_error_and_the_batch_goes_on(invoke, tmp_path):
    expected = hazards(tmp_path / "pr")
    start = time.perf_counter()
    result = invoke("check", tmp_path / "pr", "-f", "json")
    elapsed = time.perf_counter() - start
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    import json

    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    for name, message in expected.items():
        if name == "dir.yaml":
            continue  # folders are searched, never read as cases
        assert name in files, name
        assert any(message in f["message"] for f in files[name]["failures"]), (name, files[name])
    assert files["good.yaml"]["ok"]  # the rest of the batch was still checked
    assert elapsed < 60


def test_a_directory_named_like_a_case_given_explicitly(invoke, tmp_path):
    (tmp_path / "x.yaml").mkdir()
    result = invoke("review", tmp_path / "x.yaml")
    assert result.exit_code == 2 and "is a directory" in result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their permission bits")
def test_unreadable_file(invoke, tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text("title: t\n", encoding="utf-8")
    path.chmod(0)
    result = invoke("review", path)
    assert result.exit_code == 2 and "cannot read the file" in result.stderr


def test_score_survives_the_hazards_too(invoke, tmp_path):
    hazards(tmp_path / "pr")
    result = invoke("score", tmp_path / "pr", "-f", "jsonl", "--jobs", "2")
    assert result.exit_code == 2
    rows = result.stdout.splitlines()
    assert len(rows) == 9 and "Traceback" not in result.stderr  # every file but the folder


def test_a_malformed_rule_stops_only_itself(invoke, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.yaml").write_text("id: broken\ntitle: 坏\ncheck: [\n", encoding="utf-8")
    case = CASES / "model-broadband.yaml"
    result = invoke("review", case, "--rules", rules, "-f", "json")
    assert result.exit_code == 2
    assert "broken.yaml:4:1: YAML syntax error" in result.stderr
    import json

    doc = json.loads(result.stdout)
    assert len(doc["results"]) == 13  # every other rule still ran
    checked = invoke("check", case, "--rules", rules)
    assert checked.exit_code == 1 and "规则文件无效" in checked.stdout


def test_rules_cannot_hold_regular_expressions(invoke, tmp_path):
    """Phrases are literal text (escaped before any scan): a catastrophic pattern is just
    a string that never matches, so no rule can make casekit hang."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "redos.yaml").write_text(
        "id: redos\ntitle: t\ndescription: d\nadvice: a\ncheck:\n  pass_if:\n"
        "    - said: {by: customer, words: ['(a+)+$', '(x+x+)+y']}\n", encoding="utf-8")
    case = tmp_path / "c.yaml"
    case.write_text("title: t\nparties: {客户: customer, 客服: agent}\nevents:\n"
                    "  - kind: contact\n    from: 客户\n    to: 客服\n    dialogue:\n"
                    f"      - 客户: {'a' * 5000}!\n", encoding="utf-8")
    start = time.perf_counter()
    result = invoke("review", case, "--rules", rules, "-f", "json")
    assert result.exit_code == 0 and time.perf_counter() - start < 30
