"""CI checks on training material: each case valid, teaching what its `expect` says,
scoring high enough, free of personal data. Returns data; casekit.report.check_report
renders it as text, JSON, JUnit XML, SARIF or GitHub annotations.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .model import SEVERITIES, VERDICTS, CaseResult
from .privacy import scan
from .yamlsrc import read_source

VERDICT_NAMES = {"pass": "符合", "fail": "不符合", "n/a": "不适用"}


@dataclass(frozen=True)
class Failure:
    """One reason a check fails, located in a file."""

    kind: str  # invalid | expectation | min-score | finding | privacy | rule-invalid
    path: str
    line: int
    column: int
    message: str
    rule: str | None = None
    severity: str = "error"

    @property
    def fingerprint(self) -> str:
        """Stable identity for baselines: no line numbers, so edits elsewhere don't matter."""
        path = Path(self.path)
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            pass
        detail = self.message if self.kind == "privacy" else ""
        return f"{path.as_posix()}::{self.kind}::{self.rule or ''}::{detail}"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "path": self.path, "line": self.line, "column": self.column,
                "rule": self.rule, "severity": self.severity, "message": self.message}


@dataclass
class FileCheck:
    path: str
    result: CaseResult | None = None
    failures: list[Failure] = field(default_factory=list)
    baselined: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class CheckOptions:
    min_score: float | None = None
    fail_on: str | None = None  # error | warning | info; None: findings alone never fail
    privacy: bool = True


def severity_at_least(severity: str, threshold: str) -> bool:
    order = {s: i for i, s in enumerate(SEVERITIES)}  # error, warning, info
    return order[severity] <= order[threshold]


def check_file(reviewer, path: Path, options: CheckOptions) -> FileCheck:
    from .loader import case_from_source

    shown = str(path)
    check = FileCheck(shown)
    try:
        source = read_source(path)  # read once: for the case and for the privacy scan
        case = case_from_source(source)
    except InputError as exc:
        check.failures = [Failure("invalid", p.path, p.line, p.column, p.message)
                          for p in exc.problems]
        return check
    result = reviewer.review(case)
    check.result = result
    rules = {r.id: r for r in reviewer.rules}
    for rule_id, expected in case.expect.items():
        line = case.expect_lines.get(rule_id, 1)
        if rule_id not in rules:
            check.failures.append(Failure("expectation", shown, line, 1,
                                          f"expect 中的规则 '{rule_id}' 不存在或未启用", rule_id))
    for r in result.results:
        if r.expected and r.expected != r.verdict:
            line = r.evidence[0].line if r.evidence else case.expect_lines.get(r.rule, 1)
            check.failures.append(Failure(
                "expectation", shown, line, 1,
                f"预期{VERDICT_NAMES[r.expected]},实际{VERDICT_NAMES[r.verdict]}:{r.message}",
                r.rule, r.severity))
        elif (r.verdict == "fail" and not r.expected and options.fail_on
              and severity_at_least(r.severity, options.fail_on)):
            line = r.evidence[0].line if r.evidence else 1
            check.failures.append(Failure("finding", shown, line, 1, r.message, r.rule, r.severity))
    floor = case.expect_min_score if case.expect_min_score is not None else options.min_score
    if floor is not None and result.score is not None and result.score < floor:
        check.failures.append(Failure("min-score", shown, case.expect_lines.get("min_score", 1), 1,
                                      f"得分 {result.score:g} 低于要求的 {floor:g}"))
    if options.privacy:
        for finding in scan(source.text):
            check.failures.append(Failure("privacy", shown, finding.line, finding.column,
                                          finding.message, f"privacy-{finding.kind}"))
    return check


def rule_file_checks(problems: list[Problem]) -> list[FileCheck]:
    """Malformed rule files, one failed check each (their rules were left out)."""
    by_file: dict[str, FileCheck] = {}
    for p in problems:
        check = by_file.setdefault(p.path, FileCheck(p.path))
        check.failures.append(Failure("rule-invalid", p.path, p.line, p.column, p.message))
    return list(by_file.values())


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(read_source(path).text)
    except (json.JSONDecodeError, InputError) as exc:
        problems = exc.problems if isinstance(exc, InputError) else [
            Problem(str(path), exc.lineno, exc.colno, f"not a casekit baseline: {exc.msg}")]
        raise InputError(problems) from None
    if not isinstance(data, dict) or not isinstance(data.get("failures"), list):
        raise InputError([Problem(str(path), 1, 1, "not a casekit baseline: expected "
                                                   '{"version": 1, "failures": [...]}')])
    return set(map(str, data["failures"]))


def baseline_document(checks: list[FileCheck]) -> str:
    fingerprints = sorted({f.fingerprint for c in checks for f in c.failures})
    return json.dumps({"version": 1, "tool": "casekit", "failures": fingerprints},
                      ensure_ascii=False, indent=2) + "\n"


def apply_baseline(checks: list[FileCheck], known: set[str]) -> None:
    for check in checks:
        kept = [f for f in check.failures if f.fingerprint not in known]
        check.baselined = len(check.failures) - len(kept)
        check.failures = kept


def relative(path: str) -> str:
    """A path as CI systems want it: relative to the working directory, with slashes."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:
        return Path(path).as_posix()


__all__ = ["Failure", "FileCheck", "CheckOptions", "check_file", "VERDICTS"]
