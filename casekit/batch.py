"""Scoring many cases: finding the files, reviewing them in worker processes, in order.

Workers are forked after the parent has built the Reviewer, so jieba's dictionary is
loaded once and shared copy-on-write (where fork is unavailable each worker builds its
own Reviewer once). Results stream back in input order as small rows, so memory stays
flat however many cases there are.
"""

from __future__ import annotations

import fnmatch
import gc
import multiprocessing
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .config import CONFIG_NAME
from .errors import InputError, Problem
from .loader import load_case

DEFAULT_GLOBS = ("*.yaml", "*.yml")


@dataclass
class CaseRow:
    """One scored case (or one invalid file), small enough to stream between processes."""

    path: str
    id: str | None = None
    title: str | None = None
    score: float | None = None
    verdicts: dict[str, str] = field(default_factory=dict)  # rule id -> verdict
    errors: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        return [rule for rule, verdict in self.verdicts.items() if verdict == "fail"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        if self.errors:
            return {"path": self.path, "id": None, "title": None, "score": None, "verdicts": {},
                    "errors": [{"path": p.path, "line": p.line, "column": p.column,
                                "message": p.message} for p in self.errors]}
        return {"path": self.path, "id": self.id, "title": self.title, "score": self.score,
                "failed": self.failed, "verdicts": self.verdicts}


def expand_paths(paths: list[Path], globs: tuple[str, ...] = DEFAULT_GLOBS
                 ) -> tuple[list[Path], list[Problem]]:
    """Files named, plus case files found recursively in folders, in a deterministic order.

    Hidden files and folders (.casekit.yaml, .git) are skipped; symlinked folders are not
    followed (no loops); a path that does not exist is a problem, not an exception.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(path: Path, key: str | None = None) -> None:
        key = key or os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append(path)

    # A pattern without a folder part is matched against the name alone, the quick way
    # (a folder of 10,000 cases); Path.match handles the others.
    name_patterns = [re.compile(fnmatch.translate(os.path.normcase(g)))
                     for g in globs if "/" not in g and os.sep not in g]
    path_globs = [g for g in globs if "/" in g or os.sep in g]

    def wanted(name: str) -> bool:
        return (any(pattern.match(os.path.normcase(name)) for pattern in name_patterns)
                or any(Path(name).match(g) for g in path_globs))

    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                base = os.path.normcase(os.path.abspath(folder))
                for name in sorted(files):
                    if name.startswith(".") or name == CONFIG_NAME:
                        continue
                    if wanted(name):
                        add(Path(folder, name), os.path.join(base, os.path.normcase(name)))
        elif path.exists() or path.is_symlink():
            add(path)
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or directory"))
    return found, problems


# The reviewer a worker process uses; set in the parent before forking, or by _init_worker.
_REVIEWER = None

# A review allocates thousands of short-lived objects; at the default threshold (700) the
# collector runs more than once per case, and its older generations walk the long-lived
# dictionary and rules every time. Reviews free their own cycles (CaseView.release), so a
# batch collects young objects far less often: ~6 % of the time of `score --jobs 1`.
BATCH_GC_THRESHOLD = 10_000


@contextmanager
def batch_gc():
    """For the length of a batch: what is already loaded (jieba's dictionary, the rules)
    is moved out of the collector's sight (gc.freeze: it also keeps forked workers from
    copying the pages the collector would touch), and young objects are collected less
    often. Restored afterwards, for a caller that goes on."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(BATCH_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _init_worker(config_path, rule_dirs) -> None:
    import signal

    # Ctrl-C is the parent's to handle: it stops the pool and keeps what was written.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _REVIEWER
    if _REVIEWER is None:
        from .config import load_config
        from .engine import Reviewer

        _REVIEWER = Reviewer.from_config(load_config(config_path), rule_dirs)
        _REVIEWER.segmenter.load_whole_dictionary()  # load jieba now, once per worker
        gc.freeze()
    gc.set_threshold(BATCH_GC_THRESHOLD, *gc.get_threshold()[1:])  # a worker only reviews


def _score_one(path: Path) -> CaseRow:
    try:
        case = load_case(path)
    except InputError as exc:
        return CaseRow(path=str(path), errors=exc.problems)
    except (OSError, RecursionError, MemoryError, UnicodeError, ValueError) as exc:
        # Defensive: a file that defeats the loader still becomes one error row.
        return CaseRow(path=str(path), errors=[Problem(str(path), 1, 1, f"cannot read: {exc}")])
    result = _REVIEWER.review(case, evidence=False)  # a row shows verdicts, never quotes
    return CaseRow(path=str(path), id=case.id, title=case.title, score=result.score,
                   verdicts={r.rule: r.verdict for r in result.results})


def score_files(files: list[Path], reviewer, jobs: int = 1) -> Iterator[CaseRow]:
    """Review every file, yielding rows in input order as they finish."""
    global _REVIEWER
    _REVIEWER = reviewer
    if jobs <= 1 or len(files) <= 1:
        with batch_gc():
            for path in files:
                yield _score_one(path)
        return
    # load jieba's whole dictionary before forking, so that the workers share it
    reviewer.segmenter.load_whole_dictionary()
    # frozen before forking: the workers' collectors then leave the shared pages alone
    with batch_gc():
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        initargs = (getattr(reviewer, "config_path", None), getattr(reviewer, "rule_dirs", []))
        chunk = max(1, min(64, len(files) // (jobs * 8) or 1))
        pool = ctx.Pool(jobs, initializer=_init_worker, initargs=initargs)
        try:
            yield from pool.imap(_score_one, files, chunksize=chunk)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()


@dataclass
class Summary:
    """What a trainer wants from a batch: the spread of scores and what to teach next."""

    cases: int
    invalid: int
    mean: float | None
    median: float | None
    distribution: list[tuple[str, int]]  # score band -> number of cases
    per_rule: list[tuple[str, int, int, int]]  # rule, passed, failed, n/a — most failed first


SCORE_BANDS = (("90–100", 90, 101), ("80–89", 80, 90), ("70–79", 70, 80), ("60–69", 60, 70),
               ("0–59", 0, 60))


class SummaryBuilder:
    """Accumulates a Summary row by row, so a batch need not keep its rows in memory."""

    def __init__(self) -> None:
        self.cases = 0
        self.invalid = 0
        self.scores: list[float] = []
        self.counts: dict[str, list[int]] = {}

    def add(self, row: CaseRow) -> None:
        self.cases += 1
        if not row.valid:
            self.invalid += 1
            return
        if row.score is not None:
            self.scores.append(row.score)
        for rule, verdict in row.verdicts.items():
            self.counts.setdefault(rule, [0, 0, 0])[("pass", "fail", "n/a").index(verdict)] += 1

    def result(self) -> Summary:
        scores = sorted(self.scores)
        median = None
        if scores:
            mid = len(scores) // 2
            median = scores[mid] if len(scores) % 2 else round((scores[mid - 1] + scores[mid]) / 2, 1)
        per_rule = sorted(((rule, *c) for rule, c in self.counts.items()),
                          key=lambda t: (-t[2], t[0]))
        return Summary(cases=self.cases, invalid=self.invalid,
                       mean=round(sum(scores) / len(scores), 1) if scores else None,
                       median=median,
                       distribution=[(band, sum(1 for x in scores if lo <= x < hi))
                                     for band, lo, hi in SCORE_BANDS],
                       per_rule=per_rule)


SORT_KEYS = {
    "path": None,  # input order: the expanded paths are already sorted
    "id": lambda r: (r.id is None, r.id or r.path),
    "score": lambda r: (r.score is None, -(r.score or 0), r.id or r.path),  # best first
}
