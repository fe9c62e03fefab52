"""Agreement with the experts: each case's `expect` against casekit's verdicts.

The matrix is rule × expected verdict × actual verdict, counted over a set of cases; a
disagreement is any expectation casekit does not meet. This is how a QA team calibrates a
scorecard against its evaluators: the expert labels are the reference, casekit is rated.

Figures, per rule and overall (the overall matrix is the sum of the rules' matrices):

- ``labels``: how many expected verdicts were compared; ``agreed``: how many casekit met.
- ``agreement`` = agreed / labels (0..1).
- ``balanced_accuracy``: the mean, over the expected classes present (pass, fail and, when
  some case expects it, n/a), of the share of that class casekit got right (its recall).
  A casekit verdict of n/a where the label is pass or fail counts as a miss. It does not
  reward a rule for always answering the majority label.
- ``kappa``: Cohen's kappa over the categories pass/fail/n/a of the expected × actual
  matrix: (p_o − p_e) / (1 − p_e), with p_o the observed agreement and p_e the agreement
  expected by chance from the two marginals. 1 is perfect, 0 is chance level, below 0
  worse than chance.

Every figure is ``None`` when there are no labels. Kappa is also ``None`` (undefined, not 0)
when p_e = 1: the labels and casekit's verdicts all fall in one and the same category
(e.g. every label is pass and casekit says pass each time), so chance alone explains the
agreement and kappa says nothing; agreement is then 1.0.

Pure data: `calibrate` reviews files into an `Agreement`; casekit.report.calibrate_report
renders it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Mapping

from .errors import InputError, Problem
from .model import VERDICTS, CaseResult, Evidence

# matrix[expected][actual] -> count; rows and columns are verdicts (pass, fail, n/a)
Matrix = Mapping[str, Mapping[str, int]]


def _cell(matrix: Matrix, expected: str, actual: str) -> int:
    return matrix.get(expected, {}).get(actual, 0)


def balanced_accuracy(matrix: Matrix) -> float | None:
    """Mean recall over the expected classes present; None when there are no labels."""
    recalls = []
    for expected in VERDICTS:
        row = sum(_cell(matrix, expected, a) for a in VERDICTS)
        if row:
            recalls.append(Fraction(_cell(matrix, expected, expected), row))
    return float(sum(recalls) / len(recalls)) if recalls else None


def cohen_kappa(matrix: Matrix) -> float | None:
    """Cohen's kappa over pass/fail/n/a; None with no labels or when chance agreement is 1."""
    n = sum(_cell(matrix, e, a) for e in VERDICTS for a in VERDICTS)
    if not n:
        return None
    agreed = sum(_cell(matrix, v, v) for v in VERDICTS)
    rows = {v: sum(_cell(matrix, v, a) for a in VERDICTS) for v in VERDICTS}
    cols = {v: sum(_cell(matrix, e, v) for e in VERDICTS) for v in VERDICTS}
    chance = sum(rows[v] * cols[v] for v in VERDICTS)  # p_e × n², exact
    if chance == n * n:
        return None
    return float(Fraction(n * agreed - chance, n * n - chance))


@dataclass(frozen=True)
class Scores:
    """The figures of one matrix (one rule, or every rule pooled)."""

    matrix: dict[str, dict[str, int]]  # expected -> actual -> count, every verdict present
    labels: int
    agreed: int
    agreement: float | None
    balanced_accuracy: float | None
    kappa: float | None

    @classmethod
    def of(cls, matrix: Matrix) -> "Scores":
        full = {e: {a: _cell(matrix, e, a) for a in VERDICTS} for e in VERDICTS}
        labels = sum(sum(row.values()) for row in full.values())
        agreed = sum(full[v][v] for v in VERDICTS)
        return cls(matrix=full, labels=labels, agreed=agreed,
                   agreement=agreed / labels if labels else None,
                   balanced_accuracy=balanced_accuracy(full), kappa=cohen_kappa(full))

    @property
    def expected_classes(self) -> list[str]:
        """The expected verdicts that occur (normally pass and fail; n/a when labelled)."""
        return [e for e in VERDICTS if any(self.matrix[e].values())]

    def to_dict(self) -> dict:
        return {"labels": self.labels, "agreed": self.agreed, "agreement": self.agreement,
                "balanced_accuracy": self.balanced_accuracy, "kappa": self.kappa,
                "confusion": self.matrix}


@dataclass(frozen=True)
class Disagreement:
    """One expected verdict casekit did not give, with what casekit said and why."""

    case: str  # the case id
    path: str
    rule: str
    title: str  # the rule's title
    expected: str
    actual: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    line: int = 1  # the line of the label in the case's `expect`

    def to_dict(self) -> dict:
        return {"case": self.case, "path": self.path, "line": self.line, "rule": self.rule,
                "title": self.title, "expected": self.expected, "actual": self.actual,
                "message": self.message,
                "evidence": [{"event": e.event, "turn": e.turn, "line": e.line,
                              "party": e.party, "text": e.text} for e in self.evidence]}


@dataclass
class Agreement:
    # counts[rule][expected][actual]
    counts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(
        lambda: defaultdict(int))))
    disagreements: list[tuple[str, str, str, str]] = field(default_factory=list)  # case, rule, exp, act
    misses: list[Disagreement] = field(default_factory=list)  # the disagreements in full
    cases: int = 0  # valid cases reviewed
    labelled_cases: int = 0  # of which some `expect` label was compared
    invalid: list[Problem] = field(default_factory=list)  # files that could not be reviewed
    unknown: list[tuple[str, int, str]] = field(default_factory=list)  # path, line, rule id
    rule_order: list[str] = field(default_factory=list)  # the reviewer's order, as seen

    def add(self, result: CaseResult) -> None:
        self.cases += 1
        case = result.case
        labelled = False
        for r in result.results:
            if r.rule not in self.rule_order:
                self.rule_order.append(r.rule)
            if r.expected is None:
                continue
            labelled = True
            self.counts[r.rule][r.expected][r.verdict] += 1
            if r.expected != r.verdict:
                self.disagreements.append((case.path, r.rule, r.expected, r.verdict))
                self.misses.append(Disagreement(
                    case=case.id, path=case.path, rule=r.rule, title=r.title,
                    expected=r.expected, actual=r.verdict, message=r.message,
                    evidence=tuple(r.evidence), line=case.expect_lines.get(r.rule, 1)))
        # A label naming a rule that is unknown or disabled cannot be compared.
        reviewed = {r.rule for r in result.results}
        for rule_id in case.expect:
            if rule_id not in reviewed:
                self.unknown.append((case.path, case.expect_lines.get(rule_id, 1), rule_id))
        if labelled:
            self.labelled_cases += 1

    def add_invalid(self, problems: Iterable[Problem]) -> None:
        self.invalid.extend(problems)

    @property
    def rules(self) -> dict[str, Scores]:
        """Scores per rule that has labels, in the reviewer's rule order."""
        order = self.rule_order + sorted(r for r in self.counts if r not in self.rule_order)
        return {rule: Scores.of(self.counts[rule]) for rule in order if rule in self.counts}

    @property
    def overall(self) -> Scores:
        pooled: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for by_expected in self.counts.values():
            for expected, row in by_expected.items():
                for actual, n in row.items():
                    pooled[expected][actual] += n
        return Scores.of(pooled)

    @property
    def invalid_files(self) -> int:
        return len({p.path for p in self.invalid})

    def to_dict(self) -> dict:
        """The stable JSON document of `casekit calibrate --format json`."""
        return {"overall": self.overall.to_dict(),
                "rules": {rule: s.to_dict() for rule, s in self.rules.items()},
                "disagreements": [d.to_dict() for d in self.misses],
                "cases": self.cases, "labelled_cases": self.labelled_cases,
                "invalid": [{"path": p.path, "line": p.line, "column": p.column,
                             "message": p.message} for p in self.invalid],
                "unknown_rules": [{"path": path, "line": line, "rule": rule}
                                  for path, line, rule in self.unknown]}

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


def calibrate(reviewer, files: Iterable[Path], agreement: Agreement | None = None) -> Agreement:
    """Review every file and count its labels; an invalid file is recorded and skipped."""
    from .loader import load_case

    agreement = agreement if agreement is not None else Agreement()
    for path in files:
        try:
            case = load_case(path)
        except InputError as exc:
            agreement.add_invalid(exc.problems)
            continue
        except (OSError, RecursionError, MemoryError, UnicodeError, ValueError) as exc:
            # Defensive, as in `score`: a file that defeats the loader is still one problem.
            agreement.add_invalid([Problem(str(path), 1, 1, f"cannot read: {exc}")])
            continue
        agreement.add(reviewer.review(case))
    return agreement
