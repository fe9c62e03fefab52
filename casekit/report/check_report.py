"""Renderers for `casekit check`: text, JSON, JUnit XML, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from .. import __version__
from ..checking import FileCheck, relative
from ..rules import Rule

KIND_NAMES = {"invalid": "文件无效", "expectation": "与预期不符", "min-score": "得分过低",
              "finding": "不符合", "privacy": "个人信息", "rule-invalid": "规则文件无效"}


def summary(checks: list[FileCheck]) -> dict:
    return {"files": len(checks), "failed": sum(1 for c in checks if not c.ok),
            "failures": sum(len(c.failures) for c in checks),
            "baselined": sum(c.baselined for c in checks)}


def render_text(checks: list[FileCheck], console) -> None:
    from rich.text import Text

    for check in checks:
        if check.ok:
            continue
        console.print(Text(relative(check.path), style="bold underline"), soft_wrap=True)
        for f in check.failures:
            console.print(Text.assemble(
                (f"  {f.line}:{f.column}", "dim"), "  ",
                (KIND_NAMES[f.kind], "bold red" if f.severity == "error" else "bold yellow"),
                (f" [{f.rule}]" if f.rule else "", "cyan"), "  ", f.message), soft_wrap=True)
    s = summary(checks)
    line = f"检查了 {s['files']} 个文件,{s['failed']} 个未通过,共 {s['failures']} 处问题"
    if s["baselined"]:
        line += f"(另有 {s['baselined']} 处已记入基线,不计)"
    console.print(Text(line, style="bold green" if not s["failed"] else "bold red"))


def render_json(checks: list[FileCheck]) -> str:
    files = [{"path": c.path, "ok": c.ok, "id": c.result.case.id if c.result else None,
              "score": c.result.score if c.result else None,
              "failures": [f.to_dict() for f in c.failures]} for c in checks]
    return json.dumps({"files": files, "summary": summary(checks)}, ensure_ascii=False, indent=2)


def render_junit(checks: list[FileCheck], rules: list[Rule]) -> str:
    """One testsuite per case file, one testcase per rule (and per file-level check)."""
    root = ET.Element("testsuites", name="casekit")
    total = failed = 0
    for check in checks:
        suite = ET.SubElement(root, "testsuite", name=relative(check.path))
        cases: dict[str, list] = {"valid": [], "min-score": [], "privacy": []}
        if check.result:
            for r in check.result.results:
                cases.setdefault(r.rule, [])
        for f in check.failures:
            key = {"invalid": "valid", "min-score": "min-score", "privacy": "privacy"}.get(
                f.kind, f.rule or f.kind)
            cases.setdefault(key, []).append(f)
        classname = check.result.case.id if check.result else relative(check.path)
        for name, failures in cases.items():
            case = ET.SubElement(suite, "testcase", name=name, classname=classname)
            if failures:
                text = "\n".join(f"{relative(f.path)}:{f.line}:{f.column}: {f.message}"
                                 for f in failures)
                node = ET.SubElement(case, "failure", message=failures[0].message,
                                     type=failures[0].kind)
                node.text = text
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for v in cases.values() if v)))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += len(cases)
        failed += sum(1 for v in cases.values() if v)
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


LEVELS = {"error": "error", "warning": "warning", "info": "note"}
BUILTIN_CHECKS = {
    "invalid-case": ("案例文件无效", "Fix the problems casekit reports; see docs/case-format.md."),
    "min-score": ("得分低于要求", "The case scores under --min-score or its expect.min_score."),
    "privacy": ("疑似真实个人信息", "Anonymise phone numbers, ID and bank card numbers, e-mail "
                                   "addresses and plate numbers before using a case for training."),
}


def render_sarif(checks: list[FileCheck], rules: list[Rule]) -> str:
    driver_rules = []
    index = {}
    for rule in rules:
        index[rule.id] = len(driver_rules)
        driver_rules.append({
            "id": rule.id, "name": rule.id.title().replace("-", ""),
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": rule.description},
            "help": {"text": f"正确做法:{rule.advice}", "markdown": f"**正确做法**:{rule.advice}"},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"weight": rule.weight},
        })
    for rule_id, (title, help_text) in BUILTIN_CHECKS.items():
        index[rule_id] = len(driver_rules)
        driver_rules.append({"id": rule_id, "shortDescription": {"text": title},
                             "help": {"text": help_text},
                             "defaultConfiguration": {"level": "error"}})
    results = []
    for check in checks:
        for f in check.failures:
            rule_id = ("invalid-case" if f.kind in ("invalid", "rule-invalid") else "min-score" if f.kind == "min-score"
                       else "privacy" if f.kind == "privacy" else f.rule)
            if rule_id not in index:  # e.g. an expectation naming a rule that does not exist
                rule_id = "invalid-case"
            results.append({
                "ruleId": rule_id, "ruleIndex": index[rule_id],
                "level": LEVELS.get(f.severity, "error"),
                "message": {"text": f"{KIND_NAMES[f.kind]}:{f.message}"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": relative(f.path)},
                    "region": {"startLine": max(1, f.line), "startColumn": max(1, f.column)}}}],
                "partialFingerprints": {"casekit/v1": f.fingerprint},
            })
    log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "casekit", "version": __version__,
                                         "rules": driver_rules}},
                     "results": results}]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(checks: list[FileCheck]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files."""
    lines = []
    for check in checks:
        for f in check.failures:
            level = "error" if f.severity == "error" else "warning" if f.severity == "warning" else "notice"
            title = f"casekit {f.rule or f.kind}"
            lines.append(f"::{level} file={_escape_property(relative(f.path))},line={f.line},"
                         f"col={f.column},title={_escape_property(title)}::"
                         f"{_escape_data(KIND_NAMES[f.kind] + ':' + f.message)}")
    s = summary(checks)
    lines.append(f"casekit: {s['files']} files checked, {s['failed']} failed, "
                 f"{s['failures']} problems")
    return "\n".join(lines) + "\n"
