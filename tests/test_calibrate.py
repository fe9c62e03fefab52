"""`casekit calibrate`: the agreement figures (hand-computed) and the command end to end."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from casekit.agreement import Agreement, Scores, balanced_accuracy, calibrate, cohen_kappa
from casekit.loader import load_case
from conftest import CASES

# ------------------------------------------------------------------ metrics, by hand

# expected × actual; 20 labels: 10 pass (7 ok, 2 fail, 1 n/a), 10 fail (3 pass, 7 ok)
KNOWN = {"pass": {"pass": 7, "fail": 2, "n/a": 1}, "fail": {"pass": 3, "fail": 7, "n/a": 0}}


def test_known_matrix_figures():
    s = Scores.of(KNOWN)
    assert (s.labels, s.agreed) == (20, 14)
    assert s.agreement == pytest.approx(0.7)
    # recall of pass 7/10, of fail 7/10
    assert s.balanced_accuracy == pytest.approx(0.7)
    # p_o = 14/20 = .7; rows pass 10, fail 10, n/a 0; columns pass 10, fail 9, n/a 1
    # p_e = (10·10 + 10·9 + 0·1) / 400 = .475; kappa = (.7 − .475) / (1 − .475) = 3/7
    assert s.kappa == pytest.approx(3 / 7)
    assert s.matrix["n/a"] == {"pass": 0, "fail": 0, "n/a": 0}
    assert s.expected_classes == ["pass", "fail"]


def test_balanced_accuracy_is_not_fooled_by_the_majority_label():
    # 9 pass labels all right, 1 fail label missed: agreement .9, balanced (1 + 0) / 2
    matrix = {"pass": {"pass": 9}, "fail": {"pass": 1}}
    s = Scores.of(matrix)
    assert s.agreement == pytest.approx(0.9)
    assert s.balanced_accuracy == pytest.approx(0.5)
    # p_o .9, p_e = (9·10 + 1·0) / 100 = .9 → kappa 0: no better than always saying pass
    assert s.kappa == pytest.approx(0.0)


def test_na_verdict_on_a_pass_or_fail_label_is_a_miss():
    matrix = {"pass": {"n/a": 2}, "fail": {"fail": 2}}
    assert balanced_accuracy(matrix) == pytest.approx(0.5)  # (0/2 + 2/2) / 2
    assert Scores.of(matrix).agreement == pytest.approx(0.5)


def test_three_classes_when_some_case_expects_na():
    matrix = {"pass": {"pass": 2}, "fail": {"fail": 1, "pass": 1}, "n/a": {"n/a": 1, "fail": 1}}
    s = Scores.of(matrix)
    assert s.expected_classes == ["pass", "fail", "n/a"]
    assert s.balanced_accuracy == pytest.approx((1 + 0.5 + 0.5) / 3)
    # n = 6, agreed 4; rows 2, 2, 2; columns pass 3, fail 2, n/a 1
    # p_e = (2·3 + 2·2 + 2·1) / 36 = 1/3; kappa = (2/3 − 1/3) / (2/3) = .5
    assert s.kappa == pytest.approx(0.5)


def test_kappa_below_zero_when_worse_than_chance():
    matrix = {"pass": {"fail": 5}, "fail": {"pass": 5}}
    # p_o 0, p_e .5 → −1
    assert cohen_kappa(matrix) == pytest.approx(-1.0)
    assert balanced_accuracy(matrix) == 0


def test_undefined_figures_are_none():
    empty = Scores.of({})
    assert (empty.labels, empty.agreement, empty.balanced_accuracy, empty.kappa) == (0, None, None, None)
    # one category on both sides: perfect agreement, but kappa is 0/0 → None, not 0 or 1
    single = Scores.of({"pass": {"pass": 4}})
    assert single.agreement == 1.0 and single.balanced_accuracy == 1.0
    assert single.kappa is None
    # labels all pass but casekit varies: defined (0 here)
    assert cohen_kappa({"pass": {"pass": 3, "fail": 1}}) == pytest.approx(0.0)


# ------------------------------------------------------------------ the Agreement class

def test_agreement_over_sample_cases_is_perfect(reviewer):
    agreement = calibrate(reviewer, sorted(CASES.glob("*.yaml")))
    overall = agreement.overall
    assert agreement.cases == agreement.labelled_cases == len(list(CASES.glob("*.yaml")))
    assert overall.labels > 50 and overall.agreement == 1.0 and overall.kappa == 1.0
    assert "n/a" in overall.expected_classes  # some sample cases expect n/a
    assert not agreement.misses and not agreement.disagreements
    assert list(agreement.rules) == [r.id for r in reviewer.rules if r.id in agreement.rules]
    assert sum(s.labels for s in agreement.rules.values()) == overall.labels


def _with_expect(src: Path, dest: Path, expect: str) -> Path:
    """A copy of a sample case whose `expect` block is replaced."""
    text = src.read_text(encoding="utf-8")
    head = text[:text.index("\nexpect:")]
    dest.write_text(head + "\nexpect:\n" + expect, encoding="utf-8")
    return dest


@pytest.fixture()
def disagreeing(tmp_path: Path) -> Path:
    """ceiling-leak (casekit: follow-up fails) now labelled follow-up pass: one disagreement;
    its three other labels agree; plus a model case that agrees throughout."""
    folder = tmp_path / "round"
    folder.mkdir()
    _with_expect(CASES / "ceiling-leak.yaml", folder / "leak.yaml",
                 "  pass: [follow-up]\n  fail: [first-contact-ownership, escalation, timeliness]\n")
    shutil.copy(CASES / "model-broadband.yaml", folder / "model-broadband.yaml")
    return folder


def test_disagreement_carries_message_evidence_and_label_line(reviewer, disagreeing):
    agreement = calibrate(reviewer, [disagreeing / "leak.yaml"])
    assert agreement.disagreements == [(str(disagreeing / "leak.yaml"), "follow-up", "pass", "fail")]
    [miss] = agreement.misses
    actual = next(r for r in reviewer.review(load_case(disagreeing / "leak.yaml")).results
                  if r.rule == "follow-up")
    assert (miss.case, miss.rule, miss.expected, miss.actual) == ("ceiling-leak", "follow-up",
                                                                   "pass", "fail")
    assert miss.message == actual.message and miss.message
    assert miss.evidence == tuple(actual.evidence)
    assert miss.line == load_case(disagreeing / "leak.yaml").expect_lines["follow-up"]
    assert agreement.rules["follow-up"].matrix["pass"]["fail"] == 1
    assert agreement.overall.agreed == 3 and agreement.overall.labels == 4


def test_case_without_expect_is_reviewed_but_not_labelled(reviewer, tmp_path):
    bare = _with_expect(CASES / "ceiling-leak.yaml", tmp_path / "bare.yaml", "  pass: []\n")
    agreement = calibrate(reviewer, [bare, CASES / "model-broadband.yaml"])
    assert (agreement.cases, agreement.labelled_cases) == (2, 1)
    assert agreement.overall.labels == len(load_case(CASES / "model-broadband.yaml").expect)


def test_unknown_rule_in_expect_is_listed_not_counted(reviewer, tmp_path):
    case = _with_expect(CASES / "ceiling-leak.yaml", tmp_path / "c.yaml",
                        "  fail: [follow-up, no-such-rule]\n")
    agreement = calibrate(reviewer, [case])
    assert agreement.overall.labels == 1
    assert [rule for _, _, rule in agreement.unknown] == ["no-such-rule"]


# ------------------------------------------------------------------ the command

def test_cli_sample_cases_all_agree(invoke):
    result = invoke("calibrate", CASES)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    labels = sum(len(load_case(p).expect) for p in CASES.glob("*.yaml"))
    assert f"一致率 100%({labels}/{labels})" in out
    assert "apology" in out and "合计" in out and "专家不适用" in out  # n/a row shown
    assert "不一致之处" not in out
    n = len(list(CASES.glob("*.yaml")))
    assert f"{n} 个案例,其中 {n} 个有专家标注" in out


def test_cli_sample_cases_json_agreement_is_one(invoke):
    result = invoke("calibrate", CASES, "--format", "json", "--min-agreement", "1")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["overall"]["agreement"] == 1.0
    assert doc["disagreements"] == [] and doc["invalid"] == []


def test_cli_lists_disagreement_with_message_and_evidence(invoke, reviewer, disagreeing):
    result = invoke("calibrate", disagreeing)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    actual = next(r for r in reviewer.review(load_case(disagreeing / "leak.yaml")).results
                  if r.rule == "follow-up")
    assert "不一致之处(1 处" in out
    assert "符合→不符合 1" in out  # the rule's off-diagonal cell in the table
    assert "ceiling-leak" in out and "专家:符合" in out and "casekit:不符合" in out
    assert actual.message in out
    assert actual.evidence and actual.evidence[0].text[:15] in out
    assert "2 个案例,其中 2 个有专家标注" in out


def test_cli_min_agreement_fails_below_threshold(invoke, disagreeing):
    labels = 4 + len(load_case(CASES / "model-broadband.yaml").expect)
    below = invoke("calibrate", disagreeing, "--min-agreement", "0.99")
    assert (labels - 1) / labels < 0.99
    assert below.exit_code == 1
    assert "below --min-agreement" in below.stderr
    assert invoke("calibrate", disagreeing, "--min-agreement", "0.9").exit_code == 0
    tmp = disagreeing / "more"
    tmp.mkdir()
    # three more wrong labels on the same case: now under 0.9
    _with_expect(CASES / "ceiling-leak.yaml", tmp / "leak2.yaml",
                 "  pass: [follow-up, first-contact-ownership, escalation, timeliness]\n")
    assert invoke("calibrate", disagreeing, "--min-agreement", "0.9").exit_code == 1


def test_cli_min_agreement_must_be_a_share(invoke):
    assert invoke("calibrate", CASES, "--min-agreement", "90").exit_code == 2


def test_cli_json_shape(invoke, disagreeing):
    result = invoke("calibrate", disagreeing, "-f", "json")
    doc = json.loads(result.stdout)
    assert set(doc) >= {"overall", "rules", "disagreements", "cases", "invalid"}
    assert doc["cases"] == 2 and doc["labelled_cases"] == 2 and doc["invalid"] == []
    keys = {"labels", "agreed", "agreement", "balanced_accuracy", "kappa", "confusion"}
    assert set(doc["overall"]) == keys
    assert all(set(r) == keys for r in doc["rules"].values())
    follow = doc["rules"]["follow-up"]
    assert follow["confusion"]["pass"] == {"pass": 1, "fail": 1, "n/a": 0}  # model case + leak
    assert follow["labels"] == 2 and follow["agreement"] == 0.5
    [d] = doc["disagreements"]
    assert set(d) == {"case", "path", "line", "rule", "title", "expected", "actual", "message",
                      "evidence"}
    assert (d["rule"], d["expected"], d["actual"]) == ("follow-up", "pass", "fail")
    assert d["evidence"] and set(d["evidence"][0]) == {"event", "turn", "line", "party", "text"}


def test_cli_csv_rows_per_rule_and_overall(invoke, disagreeing, tmp_path):
    target = tmp_path / "calibration.csv"
    result = invoke("calibrate", disagreeing, "--format", "csv", "--output", target)
    assert result.exit_code == 0 and result.stdout == ""
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[-1]["rule"] == "overall"
    assert list(rows[0])[:6] == ["rule", "labels", "agreed", "agreement", "balanced_accuracy",
                                 "kappa"]
    assert "expected_pass_casekit_fail" in rows[0] and "expected_na_casekit_na" in rows[0]
    follow = next(r for r in rows if r["rule"] == "follow-up")
    assert (follow["labels"], follow["agreed"], follow["agreement"]) == ("2", "1", "0.5000")
    assert follow["expected_pass_casekit_fail"] == "1"
    overall = rows[-1]
    assert int(overall["labels"]) == sum(int(r["labels"]) for r in rows[:-1])


def test_cli_invalid_file_next_to_valid_one(invoke, tmp_path):
    shutil.copy(CASES / "ceiling-leak.yaml", tmp_path / "a-good.yaml")
    (tmp_path / "b-bad.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = invoke("calibrate", tmp_path, "-f", "json")
    assert result.exit_code == 2
    assert f"{tmp_path / 'b-bad.yaml'}:2:1: YAML syntax error" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["cases"] == 1
    assert doc["overall"]["labels"] == len(load_case(CASES / "ceiling-leak.yaml").expect)
    assert [p["path"] for p in doc["invalid"]] == [str(tmp_path / "b-bad.yaml")]
    text = invoke("calibrate", tmp_path)
    assert text.exit_code == 2 and "1 个文件无效" in text.stdout and "一致率 100%" in text.stdout


def test_cli_missing_path_still_reports_the_others(invoke, tmp_path):
    result = invoke("calibrate", tmp_path / "nope", CASES / "ceiling-leak.yaml", "-f", "json")
    assert result.exit_code == 2
    assert "nope:1:1: no such file or directory" in result.stderr
    assert json.loads(result.stdout)["cases"] == 1


def test_cli_empty_folder(invoke, tmp_path):
    (tmp_path / "notes.txt").write_text("不是案例", encoding="utf-8")
    result = invoke("calibrate", tmp_path)
    assert result.exit_code == 2
    assert f"no case files under {tmp_path}" in result.stderr
    assert result.stdout == ""


def test_cli_no_labels_at_all(invoke, tmp_path):
    _with_expect(CASES / "ceiling-leak.yaml", tmp_path / "bare.yaml", "  pass: []\n")
    result = invoke("calibrate", tmp_path)
    assert result.exit_code == 0
    assert "1 个案例,其中 0 个有专家标注" in result.stdout and "没有可对照的标注" in result.stdout
    gated = invoke("calibrate", tmp_path, "--min-agreement", "0.5")
    assert gated.exit_code == 1 and "no labels" in gated.stderr
