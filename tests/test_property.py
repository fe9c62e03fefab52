"""Property-based: random and mutated case files never produce a traceback, and casekit
never exits with anything but 0, 1 or 2."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from casekit.cli import app
from conftest import CASES

SEED_TEXT = (CASES / "model-gas-heater.yaml").read_text(encoding="utf-8")
RUNNER = CliRunner()
YAML_BITS = ["\n", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "!!python/name:os.system",
             "客户", "客服", "kind: ", "from: ", "dialogue:", "\t", "'", '"', "#", "---\n", "...\n",
             "at: 2021-02-30", "\ufeff", "\x00", "%YAML 1.1\n", "? ", "|\n", ">\n"]


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    for position, delete, insert in edits:
        position %= max(len(text), 1)
        text = text[:position] + insert + text[position + delete:]
    return text


def run_all(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.yaml"
        path.write_bytes(data)
        for args in (["review", str(path), "-f", "json"], ["check", str(path), "-f", "json"],
                     ["score", str(path), "-f", "jsonl", "--jobs", "1"]):
            result = RUNNER.invoke(app, args)
            assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args, repr(result.exception))
            assert "Traceback" not in result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 40),
                          st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=8))),
                min_size=1, max_size=6))
def test_mutated_sample_case(edits):
    run_all(mutate(SEED_TEXT, edits).encode("utf-8", errors="surrogatepass"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(data):
    run_all(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.text(max_size=6), children, max_size=4),
                    max_leaves=20))
def test_random_yaml_structures(value):
    import yaml

    run_all(yaml.safe_dump({"title": "t", "parties": value, "events": value},
                           allow_unicode=True).encode("utf-8"))
