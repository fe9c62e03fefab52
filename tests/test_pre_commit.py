"""casekit as a pre-commit hook, run the way a training repository would: `pre-commit
try-repo` against this checkout, in a real git repository of cases."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def try_repo(repo: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT),
                           "casekit-check", "--all-files"],
                          cwd=repo, capture_output=True, text=True, timeout=900, env=env)


def test_hook_passes_good_cases_and_fails_a_broken_one(tmp_path):
    repo = tmp_path / "training"
    (repo / "cases").mkdir(parents=True)
    for name in ("model-broadband.yaml", "ceiling-leak.yaml"):
        shutil.copy(CASES / name, repo / "cases" / name)
    (repo / ".gitlab-ci.yml").write_text("test:\n  script: [echo]\n", encoding="utf-8")  # not a case
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "cases")
    passed = try_repo(repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "casekit check" in passed.stdout and "Passed" in passed.stdout

    (repo / "cases" / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    git(repo, "add", ".")
    failed = try_repo(repo)
    assert failed.returncode == 1
    assert "Failed" in failed.stdout and "cases/broken.yaml" in failed.stdout
