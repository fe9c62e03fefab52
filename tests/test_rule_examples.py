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


def test_verdicts_do_not_depend_on_the_planners_order(reviewer):
    """Verdict-only reviews try conditions in the order the planner finds cheapest on the
    batch; any order must give the same verdicts. Tried here with the order written and
    with it reversed, on every example."""
    from casekit.engine import Planner, Reviewer, example_case

    class Reversed(Planner):
        def _plan(self, steps):
            return list(reversed(steps))

    class Written(Planner):
        def _plan(self, steps):
            return list(steps)

    for planner in (Reversed(), Written()):
        other = Reviewer(reviewer.rules, reviewer.segmenter)
        other.__dict__["planner"] = planner
        for rule, example in CASES:
            case = example_case(rule, example)
            assert ([r.verdict for r in other.review(case, evidence=False).results]
                    == [r.verdict for r in reviewer.review(case).results]), (rule.id, example.name)
        assert planner.reviews == len(CASES)


def test_the_planner_orders_by_time_per_decision():
    from casekit.engine import Planner
    from casekit.rules import Condition

    cheap_rare, dear_often, unseen = (Condition("said", 1, words=(w,)) for w in "甲乙丙")
    planner = Planner()
    for _ in range(10):
        planner.measured(cheap_rare, False, 0.001)  # holds 1 time in 10, 1 ms each
        planner.measured(dear_often, True, 0.004)  # holds every time, 4 ms each
    planner.measured(cheap_rare, True, 0.001)
    def steps(decides_when, *conditions):
        return [(c, decides_when) for c in conditions]

    # fail_if decides when one holds: 4 ms per decision for dear_often, 11 for cheap_rare;
    # the unseen one is tried first once, so that it gets measured
    assert (planner._plan(steps(True, cheap_rare, dear_often, unseen))
            == steps(True, unseen, dear_often, cheap_rare))
    # applies_if / pass_if decide when one does not hold: cheap_rare did, 10 times in 11 ms
    assert (planner._plan(steps(False, cheap_rare, dear_often, unseen))
            == steps(False, unseen, cheap_rare, dear_often))
    # fail_if and pass_if steps in one list: a pass_if that fails cheaply comes before a
    # fail_if that rarely holds (cheap_rare as a pass_if: 1.1 ms per decision; as a
    # fail_if: 11 ms, after dear_often's 4 ms)
    mixed = [(cheap_rare, True), (dear_often, True), (cheap_rare, False)]
    assert planner._plan(mixed) == [(cheap_rare, False), (dear_often, True), (cheap_rare, True)]
    # it plans again after 16, 64, 256 reviews, not after every one
    conditions = steps(True, cheap_rare, dear_often, unseen)
    order = planner.order(conditions)
    for _ in range(15):
        planner.reviewed()
    assert planner.order(conditions) is order
    planner.reviewed()  # the 16th
    assert planner.order(conditions) is not order


def test_the_planner_times_every_review_at_first_then_a_sample():
    from casekit.engine import Planner

    planner = Planner()
    timed = []
    for _ in range(Planner.MEASURE_ALL + 8 * Planner.SAMPLE_EVERY):
        timed.append(planner.measuring)
        planner.reviewed()
    assert all(timed[:Planner.MEASURE_ALL])
    assert sum(timed[Planner.MEASURE_ALL:]) == 8


def test_builtin_examples_are_parsed_when_first_asked_for_and_as_written():
    """A review never uses a rule's examples: the built-in rules parse their `examples:`
    section (most of each file) on first need, with the file's own line numbers; a rule
    read eagerly (a trainer's folder) gives the same examples."""
    from casekit.rules import builtin_rules_dir, load_rule

    for path in sorted(builtin_rules_dir().glob("*.yaml")):
        later = load_rule(path, examples_later=True)
        assert later.given_examples is None and later.examples_text is not None
        eager = load_rule(path)
        assert [(e.name, e.expect, e.line) for e in later.examples] == [
            (e.name, e.expect, e.line) for e in eager.examples]
        lines = path.read_text(encoding="utf-8").splitlines()
        assert all(lines[e.line - 1].lstrip().startswith("- name:") for e in later.examples)
        assert later.applies_if and [c.key for c in later.conditions()] == [
            c.key for c in eager.conditions()]


def test_a_parameter_override_keeps_a_builtin_rules_examples(tmp_path):
    """A config that sets a built-in rule's parameter rebuilds the rule: its examples are
    still there for `casekit rules test`."""
    from casekit.config import configured_rules, load_config

    config = tmp_path / ".casekit.yaml"
    config.write_text("rules:\n  timeliness:\n    params: {hours: 48}\n", encoding="utf-8")
    rules = {r.id: r for r in configured_rules(load_config(config))}
    assert rules["timeliness"].params["hours"] == 48
    assert len(rules["timeliness"].examples) == len(
        next(r for r in RULES if r.id == "timeliness").examples) > 0
