"""Shared fixtures: one Reviewer (jieba loads once per test session) and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from casekit.engine import Reviewer
from casekit.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def reviewer() -> Reviewer:
    return Reviewer(load_rules())


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def invoke(runner):
    """Run the real CLI in-process; returns click's Result (stdout/stderr kept apart)."""
    from casekit.cli import app

    def run(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return run


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the agreement matrix (expected vs actual verdicts over cases/) after the run."""
    if not getattr(config, "_casekit_agreement", None):
        return
    terminalreporter.section("agreement with the experts (cases/*.yaml expect)")
    for line in config._casekit_agreement.table():
        terminalreporter.write_line(line)
