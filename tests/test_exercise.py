"""Classroom sheets end to end: `casekit review --exercise` (the trainee's sheet, nothing that
gives the answer away) and `--answer-key` (the same numbering with verdicts, evidence and
正确做法), in HTML and Markdown, one case or a workbook of several."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from casekit.loader import load_case
from conftest import CASES

SAMPLES = sorted(CASES.glob("*.yaml"))
LEAK = CASES / "ceiling-leak.yaml"
VERDICT_WORDS = ("符合", "不适用", "✔", "✘")
SCORE_WORDS = ("得分", "/ 100", "分数")


class _Text(HTMLParser):
    """The text a reader sees (no <style>, no <title>)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "title")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "title")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return "".join(p.parts)


def without_case_text(sheet: str, case) -> str:
    """The sheet minus what the case itself says (a summary may well contain 符合)."""
    texts = [case.summary or "", case.industry or ""]
    for e in case.events:
        texts += [e.note or ""] + [t.text for t in e.dialogue]
    for p in case.parties.values():
        texts += [p.label, p.org or ""]
    for t in sorted(filter(None, texts), key=len, reverse=True):
        sheet = sheet.replace(t, "")
    return sheet


def question_numbers_md(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"^\*\*(\d+)\.\*\* ", text, re.M)]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_exercise_gives_nothing_away(invoke, reviewer, tmp_path, path):
    result = reviewer.review(load_case(path))
    case = result.case
    applies = [r for r in result.results if r.verdict != "n/a"]
    for fmt in ("html", "markdown"):
        out = tmp_path / f"sheet.{fmt}"
        run = invoke("review", path, "--format", fmt, "--exercise", "-o", out)
        assert run.exit_code == 0, run.output
        raw = out.read_text(encoding="utf-8")
        text = visible_text(raw) if fmt == "html" else raw
        # the case is there: its dialogue, with turn numbers, and its events
        for e in case.events:
            assert f"事件{e.index}" in text
            for t in e.dialogue:
                assert t.text in text and f"第{t.index}句" in text
        if case.summary:
            assert case.summary in text
        # one numbered question per rule that applies
        if fmt == "markdown":
            assert question_numbers_md(text) == list(range(1, len(applies) + 1))
        else:
            assert raw.count("class=\"question\"") == len(applies)
            assert raw.count("class=\"answer-space\"") == len(applies)
        # and nothing that gives the answer away
        assert case.title not in raw
        assert case.id not in raw and (case.source or "\0") not in raw
        rest = without_case_text(text, case)
        for word in VERDICT_WORDS + SCORE_WORDS:
            assert word not in rest, (fmt, word)
        for r in result.results:
            assert r.message not in rest, (fmt, r.rule)
            assert r.advice not in rest, (fmt, r.rule)
            assert r.rule not in raw, (fmt, r.rule)
        # the timeline's own labels name no failure (a customer's escalation is a contact)
        assert "越级" not in rest, fmt


def test_exercise_questions_point_at_events_in_trainee_words(invoke):
    run = invoke("review", LEAK, "--format", "markdown", "--exercise")
    assert run.exit_code == 0
    text = run.stdout
    assert "# 案例一" in text and "## 思考题" in text
    # the customer's second message, by ordinal, and what to do in the answer
    assert "在事件2(客户第二次联系销售人员" in text.replace("（", "(")
    assert "请说明理由" in text and "**答：**" in text


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_answer_key_has_the_same_numbering_with_verdicts_evidence_and_advice(
        invoke, reviewer, tmp_path, fmt):
    result = reviewer.review(load_case(LEAK))
    applies = [r for r in result.results if r.verdict != "n/a"]
    ex, key = tmp_path / f"ex.{fmt}", tmp_path / f"key.{fmt}"
    assert invoke("review", LEAK, "-f", fmt, "--exercise", "-o", ex).exit_code == 0
    assert invoke("review", LEAK, "-f", fmt, "--answer-key", "-o", key).exit_code == 0
    ex_text, key_text = ex.read_text(encoding="utf-8"), key.read_text(encoding="utf-8")
    if fmt == "html":
        ex_text, key_text = visible_text(ex_text), visible_text(key_text)
    # every question of the exercise appears in the key under the same number
    for n, r in enumerate(applies, 1):
        q = re.search(rf"(?m)^\W*{n}\.\W*\s*(\S[^\n]*?？)", ex_text)
        assert q, n
        assert f"{n}. " in key_text or f"**{n}.**" in key_text
        assert q.group(1)[:20] in key_text
    positions = [key_text.index(r.message) for r in applies]
    assert positions == sorted(positions)  # the key follows the exercise's order
    for r in applies:
        assert {"pass": "符合", "fail": "不符合"}[r.verdict] in key_text
        assert r.advice in key_text and r.title in key_text
        for ev in r.evidence:  # evidence by the numbers the exercise shows
            place = f"事件{ev.event}" + (f"·第{ev.turn}句" if ev.turn else "·叙述")
            assert place in key_text, (r.rule, place)
            assert f"事件{ev.event}" in ex_text
    assert result.case.title in key_text and "正确做法" in key_text


@pytest.mark.parametrize("fmt", ["html", "markdown"])
@pytest.mark.parametrize("sheet", ["--exercise", "--answer-key"])
def test_several_cases_make_a_workbook(invoke, tmp_path, fmt, sheet):
    paths = SAMPLES[:3]
    out = tmp_path / f"book.{fmt}"
    run = invoke("review", *paths, "-f", fmt, sheet, "-o", out)
    assert run.exit_code == 0, run.output
    text = out.read_text(encoding="utf-8")
    assert "目录" in text
    for label in ("案例一", "案例二", "案例三"):
        assert label in text
    if fmt == "html":
        assert text.count("<section class=\"case") == 3
        assert all(f"href=\"#case-{i}\"" in text and f"id=\"case-{i}\"" in text for i in (1, 2, 3))
        assert "@page" in text and "A4" in text and "break-before: page" in text
        assert "break-inside: avoid" in text
    else:
        assert len(re.findall(r"(?m)^# 案例[一二三]", text)) == 3


def test_single_case_has_no_table_of_contents(invoke):
    run = invoke("review", LEAK, "-f", "html", "--exercise")
    assert run.exit_code == 0 and "目录" not in run.stdout
    assert "<section class=\"case first\"" in run.stdout


@pytest.mark.parametrize("args", [
    ["--exercise"],                       # the default format is rich
    ["-f", "rich", "--exercise"],
    ["-f", "json", "--exercise"],
    ["-f", "json", "--answer-key"],
    ["-f", "html", "--exercise", "--answer-key"],
    ["-f", "markdown", "--exercise", "--answer-key"],
])
def test_sheet_options_that_make_no_sense_are_usage_errors(invoke, args):
    run = invoke("review", LEAK, *args)
    assert run.exit_code == 2
    assert "Usage" in run.output and ("--format" in run.output or "not both" in run.output)
