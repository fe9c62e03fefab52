"""Bad input through the real CLI: every problem located, exit code 2, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOOD = """\
title: 测试案例
parties:
  客户: customer
  客服: agent
events:
  - kind: contact
    from: 客户
    to: 客服
    dialogue:
      - 客户: 我的宽带断了。
      - 客服: 对不起,我马上帮您报修。
"""


def write(tmp_path: Path, text: str | bytes, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def assert_clean_error(result, *patterns: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for pattern in patterns:
        assert re.search(pattern, result.stderr), (pattern, result.stderr)


@pytest.mark.parametrize("text,patterns", [
    ("", [r"case\.yaml:1:1: the file is empty"]),
    ("title: [unclosed\n", [r"case\.yaml:2:1: YAML syntax error", r"a \[ or \{ not closed"]),
    ("- a\n- b\n", [r"case\.yaml:1:1: the top level must be a mapping"]),
    (GOOD.replace("title: 测试案例\n", ""), [r"case\.yaml:1:1: missing `title`"]),
    (GOOD.replace("    to: 客服", "    to: 经理"), [r"case\.yaml:8:9: unknown party '经理'"]),
    (GOOD.replace("kind: contact", "kind: call"), [r"case\.yaml:6:11: unknown kind 'call'"]),
    (GOOD.replace("客服: agent", "客服: boss"), [r"case\.yaml:4:7: unknown role 'boss'"]),
    (GOOD.replace("- 客服: 对不起", "- 客服:对不起"), [r"case\.yaml:11:9: turn 2 must be a one-key mapping",
                                                  "ASCII colon followed by a space"]),
    (GOOD.replace("- 客服: 对不起", "- 客服：对不起"), [r"turn 2 must be a one-key mapping"]),
    (GOOD.replace("- 客户: 我的宽带断了。", "- 路人: 我的宽带断了。"), [r"case\.yaml:10:9: turn 1: unknown party '路人'"]),
    (GOOD.replace("  - kind: contact", "  - at: 2021-13-45\n    kind: contact"), [r"case\.yaml:6:9: (bad date|invalid value)"]),
    (GOOD.replace("  - kind: contact", "  - at: next tuesday\n    kind: contact"), [r"case\.yaml:6:9: bad date 'next tuesday'"]),
    (GOOD + "colour: red\n", [r"case\.yaml:12:1: unknown key 'colour'"]),
    (GOOD + "!!python/object/apply:os.system ['echo hi']\n", [r"YAML syntax error|unsupported value"]),
])
def test_invalid_case_is_reported_with_location(invoke, tmp_path, text, patterns):
    assert_clean_error(invoke("review", write(tmp_path, text)), *patterns)


def test_every_problem_is_reported_at_once(invoke, tmp_path):
    text = GOOD.replace("kind: contact", "kind: call").replace("客服: agent", "客服: boss")
    text = text.replace("title: 测试案例\n", "")
    result = invoke("review", write(tmp_path, text))
    assert_clean_error(result, "missing `title`", "unknown kind 'call'", "unknown role 'boss'")


def test_object_constructing_tag_is_rejected(invoke, tmp_path):
    text = "title: !!python/object/apply:os.system ['echo pwned']\n" + GOOD.split("\n", 1)[1]
    result = invoke("review", write(tmp_path, text))
    assert_clean_error(result, r"case\.yaml:1:8: unsupported value")
    assert "pwned" not in result.output


def test_missing_file_and_directory(invoke, tmp_path):
    assert_clean_error(invoke("review", tmp_path / "nope.yaml"), r"nope\.yaml:1:1: no such file")
    (tmp_path / "x.yaml").mkdir()
    assert_clean_error(invoke("review", tmp_path / "x.yaml"), r"x\.yaml:1:1: is a directory")


def test_undecodable_bytes(invoke, tmp_path):
    path = write(tmp_path, b"title: \xff\xfe\xfd\xfc\n")
    assert_clean_error(invoke("review", path), r"case\.yaml:1:8: the file is neither UTF-8 nor GB18030")


def test_binary_file(invoke, tmp_path):
    assert_clean_error(invoke("review", write(tmp_path, b"\x00\x01\x02binary")), "binary file")


@pytest.mark.parametrize("encoding,shown", [("gb18030", "gb18030"), ("gbk", "gb18030"),
                                            ("utf-8-sig", "utf-8-sig")])
def test_chinese_windows_encodings_are_read(invoke, tmp_path, encoding, shown):
    path = write(tmp_path, GOOD.encode(encoding))
    result = invoke("review", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["case"]["encoding"] == shown
    assert any(shown in n for n in doc["notices"])
    apology = next(r for r in doc["results"] if r["rule"] == "apology")
    assert apology["verdict"] == "pass" and apology["evidence"][0]["matched"] == ["对不起"]


def test_batch_goes_on_after_a_bad_file(invoke, tmp_path):
    bad = write(tmp_path, "title: [\n", "bad.yaml")
    good = write(tmp_path, GOOD, "good.yaml")
    result = invoke("review", bad, good, "--format", "json")
    assert result.exit_code == 2
    docs = json.loads(result.stdout)
    assert [d["case"]["path"] for d in docs] == [str(bad), str(good)]
    assert docs[0]["errors"][0]["line"] == 2
    assert docs[1]["results"] and docs[1]["score"] is not None


def test_malformed_rule_file_names_file_and_line(invoke, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.yaml").write_text(
        "id: Broken_Rule\ntitle: 坏规则\ndescription: x\nadvice: y\ncheck:\n  pass_if:\n"
        "    - said: {by: robot}\n", encoding="utf-8")
    result = invoke("review", write(tmp_path, GOOD), "--rules", rules)
    assert_clean_error(result, r"broken\.yaml:1:5: rule id 'Broken_Rule' must be kebab-case",
                       r"broken\.yaml:7:\d+: `by` takes one or more of")


def test_bad_values_do_not_hide_other_problems(invoke, tmp_path):
    text = GOOD.replace("客服: agent", "客服: agnet").replace(
        "  - kind: contact", "  - at: 2021-02-30\n    kind: contact") + "  - kind: callback\n"
    result = invoke("review", write(tmp_path, text))
    assert_clean_error(result, r"case\.yaml:4:7: unknown role 'agnet'",
                       r"case\.yaml:6:9: invalid value '2021-02-30'",
                       r"unknown kind 'callback'")
    assert "unknown party '客服'" not in result.stderr  # declared, only its role is wrong


def test_time_zone_offsets_mixed_with_plain_times(invoke, tmp_path):
    text = GOOD.replace("  - kind: contact", '  - at: "2021-05-08T10:00+08:00"\n    kind: contact')
    text += "  - at: 2021-05-09\n    kind: note\n    note: 次日。\n"
    result = invoke("review", write(tmp_path, text), "-f", "json")
    assert result.exit_code == 0, result.stderr


def test_a_date_without_a_time_is_that_whole_day(invoke, tmp_path):
    """2023-12-07 after 2023-12-07 10:20 is in time order (the date is that whole day);
    a day earlier is still an error, located at the `at`."""
    timed = GOOD.replace("  - kind: contact", "  - at: 2023-12-07 10:20\n    kind: contact")
    same_day = timed + "  - at: 2023-12-07\n    kind: note\n    note: 当天退款到账。\n"
    result = invoke("review", write(tmp_path, same_day), "-f", "json")
    assert result.exit_code == 0, result.stderr
    day_before = timed + "  - at: 2023-12-06\n    kind: note\n    note: 前一天。\n"
    assert_clean_error(invoke("review", write(tmp_path, day_before)),
                       r"case\.yaml:13:9: event 2 is dated before the event above it")
    later_time = same_day + "  - at: 2023-12-07 09:00\n    kind: note\n    note: 当天上午。\n"
    result = invoke("review", write(tmp_path, later_time), "-f", "json")
    assert result.exit_code == 0, result.stderr  # within the whole day of the event above


@pytest.mark.parametrize("text,where,tag", [
    ("!!python/object:os.system\n", "1:1", "python/object:os.system"),
    ("!!python/object/apply:os.system ['echo pwned']\n", "1:1", "python/object/apply:os.system"),
    ("!!python/object:os.system {}\n", "1:1", "python/object:os.system"),
    ("!custom\n", "1:1", "!custom"),
    ("--- !foo\n", "1:5", "!foo"),
    ("!case {title: 测试案例}\n", "1:1", "!case"),
])
def test_a_file_that_is_only_a_forbidden_tag_is_reported_once(invoke, tmp_path, text, where, tag):
    """Not also "the file is empty": the one reason is the tag."""
    path = write(tmp_path, text)
    result = invoke("review", path)
    assert_clean_error(result, rf"case\.yaml:{where}: unsupported value: .*{re.escape(tag)}")
    assert "empty" not in result.stderr and "pwned" not in result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    checked = invoke("check", path, "-f", "json")
    assert checked.exit_code == 1
    failures = json.loads(checked.stdout)["files"][0]["failures"]
    assert len(failures) == 1 and "unsupported value" in failures[0]["message"], failures


def test_an_empty_file_is_still_reported_as_empty(invoke, tmp_path):
    for text in ("", "# only a comment\n", "---\n", "~\n"):
        result = invoke("review", write(tmp_path, text))
        assert_clean_error(result, r"case\.yaml:1:1: the file is empty")
