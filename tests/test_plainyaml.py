"""The fast reader of plain block YAML (casekit/plainyaml.py) against libyaml.

Whatever it reads must come out exactly as yamlsrc builds it from libyaml's events: the same
values and types, the same positions of every key and value, the same text as written, the
same problems. Whatever it does not read it must leave to libyaml (Unsupported), never
accept a file libyaml rejects. Checked on every YAML file of the repository, on thousands of
mutated ones, and on small cases of each construct.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import ROOT
from casekit.errors import InputError
from casekit.plainyaml import Unsupported, read_plain
from casekit.yamlsrc import Source, YMap, YSeq, _Builder, _parse_events, parse_yaml, read_source

DEVSET = ROOT.parent / "shared" / "devset" / "cases"


def difference(a, b, path: str = "$") -> str | None:
    """Where two parsed values differ (type, value, position, text as written), or None."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} {a!r:.40} vs {type(b).__name__} {b!r:.40}"
    if isinstance(a, (YMap, YSeq)) and (a.line, a.column) != (b.line, b.column):
        return f"{path}: at {(a.line, a.column)} vs {(b.line, b.column)}"
    if isinstance(a, YMap):
        for name in ("where", "key_where", "raw"):
            if getattr(a, name) != getattr(b, name):
                return f"{path}.{name}: {getattr(a, name)} vs {getattr(b, name)}"
        if list(a) != list(b):
            return f"{path}: keys {list(a)} vs {list(b)}"
        return next(filter(None, (difference(a[k], b[k], f"{path}.{k}") for k in a)), None)
    if isinstance(a, YSeq):
        if len(a) != len(b) or a.where != b.where:
            return f"{path}: items at {a.where} vs {b.where}"
        return next(filter(None, (difference(x, y, f"{path}[{i}]")
                                  for i, (x, y) in enumerate(zip(a, b)))), None)
    return None if a == b else f"{path}: {a!r:.60} vs {b!r:.60}"


def compare(text: str) -> str | None:
    """'unsupported', None when both read the text alike, else what differs."""
    fast_builder = _Builder("f.yaml")
    try:
        fast = read_plain(text, "f.yaml", fast_builder._construct)
    except Unsupported:
        return "unsupported"
    builder = _Builder("f.yaml")
    try:
        slow = _parse_events(Source("f.yaml", text, "utf-8"), builder)
    except InputError as exc:
        return f"libyaml rejects what the fast reader read: {exc.problems[0]}"
    if [str(p) for p in fast_builder.problems] != [str(p) for p in builder.problems]:
        return f"problems {fast_builder.problems} vs {builder.problems}"
    return difference(fast, slow)


def repository_yaml() -> list[Path]:
    files = [*ROOT.glob("cases/*.yaml"), *ROOT.glob("rules/**/*.yaml"),
             *ROOT.glob("tests/fixtures/**/*.yaml"), *ROOT.glob("bench/heldout/*/*.yaml")]
    return sorted(files + sorted(DEVSET.glob("*.yaml")))


def test_every_yaml_file_of_the_repository_reads_alike():
    results = {path: compare(read_source(path).text) for path in repository_yaml()}
    differing = {str(p): r for p, r in results.items() if r not in (None, "unsupported")}
    assert differing == {}
    # the fast reader is what reads cases, or it is no use: nearly all of them
    cases = [p for p in results if p.parent.name != "rules" and "rules" not in p.parts]
    read = [p for p in cases if results[p] is None]
    assert len(read) >= 0.9 * len(cases), [str(p) for p in cases if results[p]]


def test_generated_bench_cases_read_alike(tmp_path):
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_cases.py"), str(tmp_path),
                    "--count", "30"], check=True, capture_output=True)
    results = [compare(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.yaml"))]
    assert results and all(r is None for r in results), results


SPECIAL = [*" \n-:#'\"{}[],|>&*!%@`?\t", "  ", "- ", ": ", " #", "\n  ", "\n- ", "''", "\\",
           "---\n", "yes", "1", "2024-02-30", "~", "null", ">-\n", "|\n", "|+\n"]


def mutated(text: str, rng: random.Random) -> str:
    """The text with a few characters or lines inserted, deleted, re-indented or swapped."""
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 3)):
            p = rng.randrange(len(text) + 1)
            cut = rng.randint(0, 3) if rng.random() < 0.6 else 0
            text = text[:p] + (rng.choice(SPECIAL) if rng.random() < 0.7 else "") + text[p + cut:]
        return text
    lines = text.split("\n")
    for _ in range(rng.randint(1, 2)):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        choice = rng.randrange(5)
        if choice == 0:
            lines[i] = " " * rng.choice([1, 2, 4]) + lines[i]
        elif choice == 1:
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
        elif choice == 2:
            lines.insert(i, lines[j])
        elif choice == 3:
            del lines[i]
        else:
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines).rstrip("\n") if rng.random() < 0.2 else "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_cases_read_alike_or_go_to_libyaml(seed):
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("cases/*.yaml"))[:24]]
    outcomes = {"unsupported": 0, "same": 0}
    for _ in range(600):
        result = compare(mutated(rng.choice(texts), rng))
        assert result in (None, "unsupported"), result
        outcomes["same" if result is None else "unsupported"] += 1
    assert outcomes["same"] > 100  # the mutations leave much that is still plain YAML


READ_ALIKE = {
    "block scalars": "a: >-\n  一行\n  二行\n\n  三行\nb: |\n  x\n\n  y\nc: |+\n  z\n\nd: >\n  w\n",
    "literal keeps more-indented lines": "a: |\n  x\n    y\n  z\nb: 1\n",
    "flow collections": "p: {role: staff, org: 某公司}\nq: [apology, remedy]\nr: {}\ns: []\n",
    "indentless sequence": "events:\n- at: 2024-01-01 09:00\n  kind: contact\n- kind: note\nz: 1\n",
    "comments and blank lines": "# top\na: 1  # one\n\n  # indented comment\nb: 'it''s'\nc: \"引号\"  # 注\n",
    "values that are not strings": "a: true\nb: 12\nc: 2024-01-02\nd: 1.5\ne: 2024-01-02 10:00\n",
    "an impossible date is a problem at its place": "at: 2024-02-30\n",
    "dialogue": "dialogue:\n  - 客户: 你好\n  - 客服: \"您好，工号1234\"\n  -   经理: 好的\n",
    "no final line break": "a: 1\nb: x",
    "a block scalar at the end without a final line break": "a: >-\n  x",
}


@pytest.mark.parametrize("text", READ_ALIKE.values(), ids=READ_ALIKE.keys())
def test_constructs_read_alike(text):
    assert compare(text) in (None, "unsupported")


@pytest.mark.parametrize("text", [v for k, v in READ_ALIKE.items() if "without" not in k],
                         ids=[k for k in READ_ALIKE if "without" not in k])
def test_constructs_are_read_by_the_fast_reader(text):
    assert compare(text) is None


LEFT_TO_LIBYAML = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "tab": "a:\tb\n",
    "multi-line plain scalar": "a: one\n  two\n",
    "multi-line quoted scalar": "a: \"one\n  two\"\n",
    "escape": "a: \"\\n\"\n",
    "empty value": "a:\nb: 1\n",
    "duplicate key": "a: 1\na: 2\n",
    "nested flow": "a: {b: [1, 2]}\n",
    "colon in a flow value": "a: {b: c: d}\n",
    "document marker": "---\na: 1\n",
    "quoted key": "'a': 1\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "a mapping value not allowed here": "a: b: c\n",
    "complex key": "? a\n: b\n",
    "folded more-indented line": "a: >\n  x\n    y\n",
    "empty document": "# nothing\n",
}


@pytest.mark.parametrize("text", LEFT_TO_LIBYAML.values(), ids=LEFT_TO_LIBYAML.keys())
def test_what_it_does_not_read_goes_to_libyaml(text):
    with pytest.raises(Unsupported):
        read_plain(text, "f.yaml", _Builder("f.yaml")._construct)


def test_parse_yaml_reports_errors_through_libyaml():
    """The fast reader never judges a file: a broken one still gets libyaml's message."""
    with pytest.raises(InputError) as info:
        parse_yaml(Source("bad.yaml", "a: 1\n b: 2\n", "utf-8"))
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (2, 3) and "YAML syntax error" in problem.message
    problems: list = []
    assert parse_yaml(Source("d.yaml", "at: 2024-02-30\nx: 1\n", "utf-8"), problems)["x"] == 1
    assert [(p.line, p.column) for p in problems] == [(1, 5)]
