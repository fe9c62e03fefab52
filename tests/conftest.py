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
