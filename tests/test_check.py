"""`casekit check` for CI: exit codes, expectations, baselines, privacy, every report format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import CASES

LEAK = CASES / "ceiling-leak.yaml"


@pytest.fixture()
def repo(tmp_path, monkeypatch) -> Path:
    """A training repository: the sample cases, one broken, one lying about its verdict,
    one with a real phone number; commands run from its root."""
    root = tmp_path / "training"
    shutil.copytree(CASES, root / "cases")
    (root / "cases" / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    text = LEAK.read_text(encoding="utf-8")
    wrong = text.replace("  fail: [follow-up,", "  pass: [apology]\n  fail: [follow-up,", 1)
    assert wrong != text
    (root / "cases" / "wrong-expect.yaml").write_text(wrong.replace("id: ceiling-leak",
                                                                    "id: wrong-expect"), encoding="utf-8")
    leaky = text.replace("id: ceiling-leak", "id: leaky").replace(
        "我是去年国庆在你们那儿订吊顶的。", "我是去年国庆在你们那儿订吊顶的,电话13812345678。")
    assert "13812345678" in leaky
    (root / "cases" / "leaky.yaml").write_text(leaky, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_clean_material_passes(invoke):
    result = invoke("check", CASES)
    assert result.exit_code == 0, result.stdout
    assert "0 个未通过" in result.stdout


def test_each_kind_of_failure_is_reported_with_its_location(invoke, repo):
    result = invoke("check", "cases")
    assert result.exit_code == 1
    out = result.stdout
    assert "cases/broken.yaml" in out and "文件无效" in out
    assert "cases/wrong-expect.yaml" in out and "与预期不符 [apology]" in out
    assert "预期符合,实际不符合" in out
    assert "cases/leaky.yaml" in out and "个人信息" in out
    assert "138******78" in out and "13812345678" not in out  # masked, never echoed


def test_min_score_and_fail_on(invoke, repo):
    model = Path("cases/model-broadband.yaml")
    assert invoke("check", model, "--min-score", "90").exit_code == 0
    result = invoke("check", LEAK, "--min-score", "60", "--no-privacy")
    assert result.exit_code == 1 and "得分过低" in result.stdout
    # findings in rules the case states no expectation for fail only with --fail-on
    assert invoke("check", LEAK).exit_code == 0
    failed = invoke("check", LEAK, "--fail-on", "error")
    assert failed.exit_code == 1 and "[apology]" in failed.stdout
    assert "[gratitude]" not in failed.stdout  # a warning-level rule
    assert "[gratitude]" in invoke("check", LEAK, "--fail-on", "warning").stdout


def test_expect_min_score_in_the_case(invoke, tmp_path):
    text = LEAK.read_text(encoding="utf-8").replace("expect:\n", "expect:\n  min_score: 80\n", 1)
    case = tmp_path / "c.yaml"
    case.write_text(text, encoding="utf-8")
    result = invoke("check", case)
    assert result.exit_code == 1 and "低于要求的 80" in result.stdout


def test_usage_errors_and_unreadable_paths_exit_2(invoke, tmp_path):
    assert invoke("check", tmp_path / "missing").exit_code == 2
    assert invoke("check", CASES, "--format", "xml").exit_code == 2
    bad = tmp_path / "baseline.json"
    bad.write_text("{", encoding="utf-8")
    result = invoke("check", CASES, "--baseline", bad)
    assert result.exit_code == 2 and "baseline.json:1:2" in result.stderr


def test_baseline_fails_only_on_new_failures(invoke, repo):
    assert invoke("check", "cases", "--write-baseline", "baseline.json").exit_code == 0
    recorded = json.loads(Path("baseline.json").read_text(encoding="utf-8"))["failures"]
    assert any("wrong-expect.yaml::expectation::apology" in f for f in recorded)
    result = invoke("check", "cases", "--baseline", "baseline.json")
    assert result.exit_code == 0, result.stdout
    assert "已记入基线" in result.stdout
    new = Path("cases/new-leak.yaml")
    new.write_text(Path("cases/leaky.yaml").read_text(encoding="utf-8").replace(
        "id: leaky", "id: new-leak"), encoding="utf-8")
    result = invoke("check", "cases", "--baseline", "baseline.json")
    assert result.exit_code == 1 and "new-leak.yaml" in result.stdout
    assert "wrong-expect.yaml" not in result.stdout


def test_json_report(invoke, repo):
    doc = json.loads(invoke("check", "cases", "-f", "json").stdout)
    assert doc["summary"]["failed"] == 3
    by_path = {Path(f["path"]).name: f for f in doc["files"]}
    assert by_path["model-gas-heater.yaml"]["ok"]
    kinds = {x["kind"] for x in by_path["leaky.yaml"]["failures"]}
    assert kinds == {"privacy"}


def test_junit_report_follows_the_common_junit_schema(invoke, repo):
    """Structure of the common JUnit XML schema (as Jenkins and GitLab read it):
    testsuites > testsuite(name, tests, failures, errors) > testcase(name, classname)
    > optional failure(message, type)."""
    result = invoke("check", "cases", "-f", "junit", "-o", "report.xml")
    assert result.exit_code == 1
    root = ET.parse("report.xml").getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 18
    total = 0
    for suite in suites:
        assert suite.get("name")
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert suite.get("errors") == "0"
        for case in cases:
            assert case.get("name") and case.get("classname")
            assert set(case.attrib) <= {"name", "classname", "time"}
            for child in case:
                assert child.tag == "failure" and child.get("message") and child.get("type")
        total += len(cases)
    assert int(root.get("tests")) == total
    wrong = next(s for s in suites if s.get("name").endswith("wrong-expect.yaml"))
    apology = next(c for c in wrong.findall("testcase") if c.get("name") == "apology")
    assert "wrong-expect.yaml:" in apology.find("failure").text


def test_github_annotations(invoke, repo):
    out = invoke("check", "cases", "-f", "github").stdout
    lines = out.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert any(line.startswith("::error file=cases/broken.yaml,line=2,col=1,title=casekit invalid::")
               for line in errors)
    assert any("file=cases/leaky.yaml" in line and "138******78" in line for line in errors)
    assert all("\n" not in line for line in errors)


def sarif_schema() -> dict:
    """The published SARIF 2.1.0 JSON schema, as the @microsoft/jest-sarif npm package
    ships it; fetched with npm once into the test cache."""
    cache = Path.home() / ".cache" / "casekit-tests"
    schema = cache / "package" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"
    if not schema.exists():
        if not shutil.which("npm"):
            pytest.skip("npm is not installed: cannot fetch the SARIF 2.1.0 schema")
        cache.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(["npm", "pack", "@microsoft/jest-sarif@1.0.0-beta.0", "--silent"],
                              cwd=cache, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            pytest.skip(f"could not fetch the SARIF schema with npm: {proc.stderr[-300:]}")
        with tarfile.open(cache / proc.stdout.strip().splitlines()[-1]) as tar:
            tar.extract("package/lib/schemas/sarif-2.1.0-rtm.5.json", cache)
    return json.loads(schema.read_text(encoding="utf-8"))


def test_sarif_validates_against_the_published_schema(invoke, repo):
    import jsonschema

    result = invoke("check", "cases", "-f", "sarif", "-o", "report.sarif")
    assert result.exit_code == 1
    log = json.loads(Path("report.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, sarif_schema())
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "apology" in rule_ids and all(r.get("help", {}).get("text") for r in run["tool"]["driver"]["rules"])
    wrong = next(r for r in run["results"] if r["ruleId"] == "apology"
                 and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 == "cases/wrong-expect.yaml")
    line = wrong["locations"][0]["physicalLocation"]["region"]["startLine"]
    quoted = Path("cases/wrong-expect.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert "客户" in quoted  # located at the evidence turn of the YAML file
    assert rule_ids[wrong["ruleIndex"]] == "apology"


# --- nothing checked is not a pass -----------------------------------------------------


def _paths_with_no_case_file(tmp_path: Path) -> list[tuple[list[str], str]]:
    """(arguments, the PATH named in the message): an empty folder, a folder named like a
    case (holding a note, not a case), a --glob that matches nothing."""
    empty = tmp_path / "empty"
    empty.mkdir()
    like_a_case = tmp_path / "ceiling-leak.yaml"
    like_a_case.mkdir()
    (like_a_case / "notes.txt").write_text("not a case\n", encoding="utf-8")
    with_cases = tmp_path / "with-cases"
    shutil.copytree(CASES, with_cases)
    return [([str(empty)], str(empty)), ([str(like_a_case)], str(like_a_case)),
            ([str(with_cases), "--glob", "*.case"], str(with_cases))]


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github"])
def test_no_case_files_fails_in_every_format(invoke, tmp_path, fmt):
    for args, shown in _paths_with_no_case_file(tmp_path):
        result = invoke("check", *args, "-f", fmt)
        assert result.exit_code == 2, (args, result.stdout)
        assert f"no case files under {shown}" in result.stderr
        assert result.stdout == ""  # no report of zero files (JUnit tests="0") that CI reads as a pass
        out = tmp_path / f"report.{fmt}"
        assert invoke("check", *args, "-f", fmt, "-o", out).exit_code == 2
        assert not out.exists()


def test_no_case_files_writes_no_baseline(invoke, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    baseline = tmp_path / "baseline.json"
    result = invoke("check", empty, "--write-baseline", baseline)
    assert result.exit_code == 2 and f"no case files under {empty}" in result.stderr
    assert not baseline.exists()


# --- the privacy scan does not cry wolf --------------------------------------------------


def _privacy_rules(invoke, tmp_path: Path, source: str, line: str = "") -> list[tuple[str, int]]:
    """Check the ceiling-leak case with `source:` (and a customer line) replaced; the
    privacy findings as (rule, line)."""
    text = LEAK.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^source: .*$", lambda _: "source: " + source, text, count=1)
    assert new != text
    if line:
        new = new.replace("我是去年国庆在你们那儿订吊顶的。", line, 1)
        assert line in new
    case = tmp_path / "case.yaml"
    case.write_text(new, encoding="utf-8")
    result = invoke("check", case, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    failures = json.loads(result.stdout)["files"][0]["failures"]
    return [(f["rule"], f["line"]) for f in failures if f["kind"] == "privacy"]


VALID_ID = "11010519491231002X"  # passes the GB 11643 check digit
VALID_CARD = "6222020200112233446"  # passes the Luhn check


@pytest.mark.parametrize("source", [
    # the trainer's citation from the issue (160 is no mobile prefix anyway) ...
    "新浪新闻 http://news.example.com.cn/o/2006-02-23/16008284847s.shtml",
    # ... and the same with digits that would be a mobile number outside a URL
    "新浪新闻 http://news.example.com.cn/o/2006-02-23/13808284847s.shtml",
    f"https://example.com/archive/{VALID_ID}/{VALID_CARD}.html",
    f"HTTPS://EXAMPLE.COM/a?id={VALID_CARD}&tel=13812345678#p13912345678",
    "《消费日报》www.example.org.cn/2019/13812345678.htm,2019年",
    f"见 news.example.com.cn/o/{VALID_ID}/13812345678s.shtml。",
    "http://10.0.0.1:8080/13812345678",
])
def test_digits_in_a_url_are_not_personal_data(invoke, tmp_path, source):
    assert _privacy_rules(invoke, tmp_path, source) == []


def test_personal_data_next_to_a_url_is_still_found(invoke, tmp_path):
    found = _privacy_rules(
        invoke, tmp_path, "http://news.example.com.cn/o/16008284847s.shtml 客户电话13912345678。",
        f"我是去年国庆在你们那儿订吊顶的,身份证{VALID_ID},卡号{VALID_CARD},邮箱zhang@example.com。")
    assert sorted(rule for rule, _ in found) == ["privacy-bank-card", "privacy-email",
                                                 "privacy-id-card", "privacy-mobile"]
    assert ("privacy-mobile", 4) in found  # the phone after the URL, on the source line


@pytest.mark.parametrize("number,is_mobile", [
    ("13012345678", True), ("13912345678", True), ("14512345678", True), ("14912345678", True),
    ("15312345678", True), ("15512345678", True), ("16212345678", True), ("16612345678", True),
    ("17012345678", True), ("17812345678", True), ("18012345678", True), ("19012345678", True),
    ("19212345678", True), ("19612345678", True), ("19912345678", True),
    ("16012345678", False), ("16112345678", False), ("16412345678", False), ("16812345678", False),
    ("15412345678", False), ("14012345678", False), ("14412345678", False), ("17912345678", False),
    ("19412345678", False), ("12012345678", False),
])
def test_mobile_numbers_need_an_assigned_prefix(number, is_mobile):
    from casekit.privacy import scan

    kinds = [f.kind for f in scan(f"客户说:我的号码是{number},有事打给我。")]
    assert kinds == (["mobile"] if is_mobile else [])
