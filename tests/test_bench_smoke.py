"""The benchmark's case generator makes valid, reviewable cases (so bench/ cannot rot)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from gen_cases import generate  # noqa: E402

from casekit.loader import load_case  # noqa: E402


def test_generated_cases_are_valid_and_deterministic(tmp_path, reviewer):
    chars = generate(tmp_path / "a", 5, turns=6, seed=3)
    generate(tmp_path / "b", 5, turns=6, seed=3)
    files = sorted((tmp_path / "a").glob("*.yaml"))
    assert len(files) == 5 and chars > 500
    for path in files:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
        result = reviewer.review(load_case(path))
        assert result.score is not None
    long_chars = generate(tmp_path / "long", 5, turns=60, seed=3)
    assert long_chars > 5 * chars


def test_heldout_cases_are_valid_and_labelled():
    """bench/heldout is measured with `casekit calibrate`: every file must load and carry
    expert labels (agreement itself is a figure for docs/accuracy.md, not a test)."""
    folder = Path(__file__).resolve().parent.parent / "bench" / "heldout"
    files = sorted(folder.glob("set*/*.yaml"))
    assert len(files) == 12176  # 761 sets of 16
    for path in files:
        case = load_case(path)
        assert case.expect, path


def test_probe_snippets_make_valid_cases(tmp_path):
    """bench/probes/probe.py turns each snippet into a case; every one must load (the
    figures are a guide for docs/accuracy.md, not a test)."""
    import yaml

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench" / "probes"))
    from probe import PROBES, case_text

    folder = Path(__file__).resolve().parent.parent / "bench" / "probes"
    files = sorted(folder.glob("*.yaml"))
    assert {f.stem.rstrip("0123456789") for f in files} == set(PROBES) and len(files) == 15
    for file in files:
        name = file.stem
        items = yaml.safe_load(file.read_text(encoding="utf-8"))
        assert len(items) == (200 if name in PROBES else 180)
        assert len({item["id"] for item in items}) == len(items)
        assert {str(item["label"]).lower() for item in items} <= {"yes", "no", "true", "false"}
        for item in items:
            path = tmp_path / f"{name}-{item['id']}.yaml"
            path.write_text(case_text(item), encoding="utf-8")
            case = load_case(path)
            assert case.events and any(p.role == "customer" for p in case.parties.values())
