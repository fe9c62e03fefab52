"""The bundled sample cases: casekit agrees with the seeds' expert critiques (`expect`)."""

from __future__ import annotations

import pytest

from casekit.loader import load_case
from conftest import CASES, FIXTURES

SAMPLES = sorted(CASES.glob("*.yaml"))


def test_enough_sample_cases():
    assert len(SAMPLES) >= 12
    assert sum(1 for p in SAMPLES if p.name.startswith("model-")) >= 2


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_case_agrees_with_its_expectations(reviewer, path):
    result = reviewer.review(load_case(path))
    assert result.case.expect, f"{path.name} states no expectations"
    wrong = [f"{r.rule}: expected {r.expected}, got {r.verdict} ({r.message})"
             for r in result.mismatches]
    assert not wrong, f"{path}: " + "; ".join(wrong)
    assert not result.notices or all("编码" in n for n in result.notices), result.notices


def test_agreement_matrix_has_no_disagreement(reviewer, pytestconfig):
    """Every expectation of every sample case, as one matrix; printed after the run."""
    from casekit.agreement import Agreement

    agreement = Agreement()
    for path in SAMPLES:
        agreement.add(reviewer.review(load_case(path)))
    pytestconfig._casekit_agreement = agreement
    assert not agreement.disagreements, "\n".join(agreement.table())


def test_every_rule_passes_and_fails_in_some_sample_case(reviewer):
    expected = {}
    for path in SAMPLES:
        for rule_id, verdict in load_case(path).expect.items():
            expected.setdefault(rule_id, set()).add(verdict)
    for rule in reviewer.rules:
        assert {"pass", "fail"} <= expected.get(rule.id, set()), (
            f"no sample case expects {rule.id} to both pass and fail: {expected.get(rule.id)}")


def test_each_core_rule_passes_and_fails_somewhere(reviewer):
    seen = {}
    for path in SAMPLES:
        for r in reviewer.review(load_case(path)).results:
            seen.setdefault(r.rule, set()).add(r.verdict)
    for rule in ("apology", "follow-up", "first-contact-ownership"):
        assert {"pass", "fail"} <= seen[rule], (rule, seen[rule])


def test_traditional_case_gets_the_same_verdicts_as_its_simplified_twin(reviewer):
    traditional = reviewer.review(load_case(CASES / "flashlight-gift.yaml"))
    simplified = reviewer.review(load_case(FIXTURES / "flashlight-gift-simplified.yaml"))
    assert [(r.rule, r.verdict) for r in traditional.results] == \
           [(r.rule, r.verdict) for r in simplified.results]
    assert traditional.score == simplified.score
    # evidence quotes the original script, not the normalised text
    quoted = " ".join(e.text for r in traditional.results for e in r.evidence)
    assert any(ch in quoted for ch in "們這說禮") , quoted
