"""One family of exceptions: bad input is reported as located problems, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A located problem in an input file, printed as ``path:line:column: message``."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class CasekitError(Exception):
    """Base class of everything casekit reports to the user instead of crashing."""


class InputError(CasekitError):
    """An input file (case, rule or config) is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ProblemCollector:
    """Collects problems for one file so validation can report all of them at once."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
