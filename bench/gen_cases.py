"""Generate realistic synthetic cases for benchmarks, from the sample cases' own words.

    python bench/gen_cases.py OUT_DIR --count 10000 [--turns 12] [--seed 1]

Each case is a phone complaint and its aftermath (contact, transfer or visit, resolution,
follow-up, with dates), its dialogue drawn at random from what customers and company staff
say in cases/*.yaml. `--turns` sets the dialogue length of the first contact: 12 (the
default) gives cases the size of the sample cases (~22 utterances), 6 short ones, 60 long
ones. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from casekit.loader import load_case

ROOT = Path(__file__).resolve().parent.parent


def vocabulary(cases_dir: Path) -> tuple[list[str], list[str], list[str]]:
    """(customer turns, company turns, event notes) of the sample cases."""
    customer, company, notes = [], [], []
    for path in sorted(cases_dir.glob("*.yaml")):
        case = load_case(path)
        for event in case.events:
            if event.note:
                notes.append(event.note)
            for turn in event.dialogue:
                role = case.role_of(turn.party)
                (customer if role == "customer" else company).append(turn.text)
    return customer, company, notes


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def make_case(rng: random.Random, i: int, turns: int, words) -> tuple[str, int]:
    customer, company, notes = words
    start = datetime(2024, 1, 1, 8, 0) + timedelta(minutes=rng.randrange(0, 60 * 24 * 300))
    lines = [f"id: bench-{i:05d}", f"title: {q('合成案例 ' + str(i))}", "industry: 基准测试",
             "parties:", "  客户: customer", "  客服: agent", "  师傅: staff", "  经理: manager",
             "events:"]
    chars = 0

    def event(kind: str, sender: str, to: str, at: datetime, n_turns: int, first: str) -> None:
        nonlocal chars
        note = rng.choice(notes)
        chars += len(note)
        lines.extend([f"  - at: {at:%Y-%m-%d %H:%M}", f"    kind: {kind}", f"    from: {sender}",
                      f"    to: {to}", "    channel: phone", f"    note: {q(note)}"])
        if n_turns:
            lines.append("    dialogue:")
            speaker = first
            for _ in range(n_turns):
                text = rng.choice(customer if speaker == "客户" else company)
                chars += len(text)
                lines.append(f"      - {speaker}: {q(text)}")
                speaker = "客服" if speaker == "客户" else "客户"

    event("contact", "客户", "客服", start, turns, "客服")
    later = start + timedelta(hours=rng.choice([1, 3, 20, 30, 72]))
    kind = rng.choice(["transfer", "visit"])
    if kind == "transfer":
        event("transfer", "客服", "师傅", start + timedelta(minutes=10), 0, "客服")
    event("resolution", "师傅", "客户", later, max(2, turns // 3), "客户")
    if rng.random() < 0.6:
        event("follow-up", "客服", "客户", later + timedelta(days=1), max(2, turns // 3), "客服")
    lines.append(f"outcome: {{resolved: true, satisfied: {'true' if rng.random() < 0.7 else 'false'}}}")
    return "\n".join(lines) + "\n", chars


def generate(out: Path, count: int, turns: int = 12, seed: int = 1) -> int:
    """Write `count` cases into `out`; return the characters of text they hold."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words = vocabulary(ROOT / "cases")
    total = 0
    for i in range(count):
        text, chars = make_case(rng, i, turns, words)
        (out / f"bench-{i:05d}.yaml").write_text(text, encoding="utf-8")
        total += chars
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chars = generate(args.out, args.count, args.turns, args.seed)
    print(f"wrote {args.count} cases, {chars} characters of text, to {args.out}")


if __name__ == "__main__":
    main()
