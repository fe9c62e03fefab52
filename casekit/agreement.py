"""Agreement with the experts: each case's `expect` against casekit's verdicts.

The matrix is rule × expected verdict × actual verdict, counted over a set of cases; a
disagreement is any expectation casekit does not meet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import VERDICTS, CaseResult


@dataclass
class Agreement:
    # counts[rule][expected][actual]
    counts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(
        lambda: defaultdict(int))))
    disagreements: list[tuple[str, str, str, str]] = field(default_factory=list)  # case, rule, exp, act

    def add(self, result: CaseResult) -> None:
        for r in result.results:
            if r.expected is None:
                continue
            self.counts[r.rule][r.expected][r.verdict] += 1
            if r.expected != r.verdict:
                self.disagreements.append((result.case.path, r.rule, r.expected, r.verdict))

    def table(self) -> list[str]:
        """Plain-text matrix, one line per rule and expected verdict."""
        lines = [f"{'rule':26} {'expected':9} " + " ".join(f"{v:>5}" for v in VERDICTS) + "  agree"]
        for rule in sorted(self.counts):
            for expected in VERDICTS:
                row = self.counts[rule].get(expected)
                if not row:
                    continue
                cells = " ".join(f"{row.get(v, 0):>5}" for v in VERDICTS)
                total = sum(row.values())
                lines.append(f"{rule:26} {expected:9} {cells}  {row.get(expected, 0)}/{total}")
        agreed = sum(row.get(exp, 0) for r in self.counts.values() for exp, row in r.items())
        total = sum(sum(row.values()) for r in self.counts.values() for row in r.values())
        lines.append(f"agreement: {agreed}/{total} expected verdicts")
        return lines
