"""`casekit review` end to end: the rich report, the JSON contract, rules folders."""

from __future__ import annotations

import json
import shutil

from conftest import CASES, ROOT

LEAK = CASES / "ceiling-leak.yaml"


def test_rich_report_reads_as_a_critique(invoke):
    result = invoke("review", LEAK)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for heading in ("时间线", "点评", "得分", "正确做法", "客户诉求关键词"):
        assert heading in out
    assert "致歉" in out and "首问负责" in out and "回访闭环" in out
    assert "这个我弄不了" in out  # the deflection is quoted as evidence
    assert "\x1b[" not in out  # no colour codes when not a terminal
    assert max(len(line) for line in out.splitlines()) <= 80


def test_no_color_is_respected_even_when_forced_terminal(invoke):
    result = invoke("review", LEAK, env={"NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0
    assert "\x1b[3" not in result.stdout  # no foreground colours


def test_json_shape_is_the_contract(invoke):
    result = invoke("review", LEAK, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) >= {"case", "score", "results"}
    assert set(doc["case"]) >= {"id", "title", "path"}
    assert doc["case"]["id"] == "ceiling-leak" and doc["case"]["path"] == str(LEAK)
    assert doc["score"] is None or 0 <= doc["score"] <= 100
    for r in doc["results"]:
        assert set(r) >= {"rule", "title", "severity", "verdict", "message", "advice", "evidence"}
        assert r["verdict"] in ("pass", "fail", "n/a")
        assert r["severity"] in ("error", "warning", "info")
        for e in r["evidence"]:
            assert set(e) >= {"event", "turn", "party", "text", "line"}
            assert e["event"] >= 1 and (e["turn"] is None or e["turn"] >= 1)
            assert e["line"] >= 1
    ownership = next(r for r in doc["results"] if r["rule"] == "first-contact-ownership")
    assert ownership["verdict"] == "fail"
    quoted = [e for e in ownership["evidence"] if "弄不了" in e["text"]]
    assert quoted and quoted[0]["turn"] is not None
    # the quoted line really is that line of the YAML file
    line = LEAK.read_text(encoding="utf-8").splitlines()[quoted[0]["line"] - 1]
    assert quoted[0]["text"] in line


def test_score_formula(invoke, tmp_path):
    case = tmp_path / "c.yaml"
    case.write_text("title: t\nparties: {客户: customer, 客服: agent}\nevents:\n"
                    "  - kind: contact\n    from: 客户\n    to: 客服\n    dialogue:\n"
                    "      - 客户: 网断了。\n      - 客服: 您自己去找装维师傅吧。\n", encoding="utf-8")
    doc = json.loads(invoke("review", case, "-f", "json").stdout)
    verdicts = {r["rule"]: r["verdict"] for r in doc["results"]}
    assert (verdicts["apology"], verdicts["first-contact-ownership"], verdicts["follow-up"]) == \
        ("fail", "fail", "n/a")
    applicable = [r for r in doc["results"] if r["verdict"] != "n/a"]
    passed = sum(r["weight"] for r in applicable if r["verdict"] == "pass")
    assert doc["score"] == round(100 * passed / sum(r["weight"] for r in applicable), 1)
    only_na = tmp_path / "empty.yaml"
    only_na.write_text("title: t\nparties: {客服: agent}\nevents:\n  - kind: note\n    note: 内部记录。\n",
                       encoding="utf-8")
    assert json.loads(invoke("review", only_na, "-f", "json").stdout)["score"] is None


def test_several_cases_give_a_json_array(invoke):
    result = invoke("review", LEAK, CASES / "freight-damage.yaml", "-f", "json")
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and [d["case"]["id"] for d in docs] == ["ceiling-leak", "freight-damage"]


def test_extra_rules_folder_overrides_a_builtin_rule(invoke, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    text = (ROOT / "rules" / "apology.yaml").read_text(encoding="utf-8")
    (rules / "apology.yaml").write_text(text.replace("title: 致歉", "title: 道歉(本单位版)"),
                                        encoding="utf-8")
    shutil.copy(ROOT / "rules" / "follow-up.yaml", rules / "my-follow-up.yaml")
    builtin = json.loads(invoke("review", LEAK, "-f", "json").stdout)
    doc = json.loads(invoke("review", LEAK, "--rules", rules, "-f", "json").stdout)
    titles = {r["rule"]: r["title"] for r in doc["results"]}
    assert titles["apology"] == "道歉(本单位版)"
    assert set(titles) == {r["rule"] for r in builtin["results"]}  # replaced, not added


def test_version_and_help(invoke):
    assert invoke("--version").stdout.startswith("casekit ")
    assert "review" in invoke("--help").stdout


def test_missing_rules_folder_is_a_clean_error(invoke, tmp_path):
    result = invoke("review", LEAK, "--rules", tmp_path / "none")
    assert result.exit_code == 2 and "rules folder not found" in result.stderr
