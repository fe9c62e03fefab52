"""Every shipped rule against its own examples (the `examples:` list in the rule file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit.engine import check_examples
from casekit.rules import load_rules

RULES = load_rules()
CASES = [(rule, example) for rule in RULES for example in rule.examples]


@pytest.mark.parametrize("rule,example", CASES,
                         ids=[f"{r.id}::{e.name}" for r, e in CASES])
def test_rule_example(reviewer, rule, example):
    (ex, verdict, result), = [row for row in check_examples(reviewer, rule) if row[0] is example]
    assert verdict == example.expect, (
        f"{rule.path}:{example.line}: '{example.name}' expected {example.expect}, got {verdict}"
        + (f" ({result.message})" if result else ""))


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_passing_and_failing_examples(rule):
    expects = [e.expect for e in rule.examples]
    assert expects.count("pass") >= 3, f"{rule.id} needs at least three passing examples"
    assert expects.count("fail") >= 3, f"{rule.id} needs at least three failing examples"


def test_core_rules_are_shipped():
    assert {"apology", "follow-up", "first-contact-ownership"} <= {r.id for r in RULES}


def test_every_rule_is_documented():
    text = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| `{rule.id}` |" in text, f"docs/rules.md has no table row for {rule.id}"
        assert rule.references, f"{rule.id} names no seed passage"


def test_verdict_only_reviews_agree_on_every_example(reviewer):
    """Batch scoring reviews for verdicts only: conditions stop at their first hit where
    nothing counts the others. Every example of every rule must get the same verdict
    that way (all rules at once, as `casekit score` runs them)."""
    from casekit.engine import example_case

    checked = 0
    for rule, example in CASES:
        case = example_case(rule, example)
        full = reviewer.review(case)
        bare = reviewer.review(case, evidence=False)
        assert [r.verdict for r in bare.results] == [r.verdict for r in full.results], (
            rule.id, example.name)
        assert all(r.basis is None and not r.evidence for r in bare.results)
        checked += 1
    assert checked == len(CASES) > 150
