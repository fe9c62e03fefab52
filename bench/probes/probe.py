"""Probe one rule with short snippets written blind (bench/probes/*.yaml).

Each snippet is one staff reply to a complaint (or one or two sentences of narration) with a
trainer's yes/no: did the staff member blame the customer, show empathy, make a promise,
deflect? Each becomes a one- or two-event case and is reviewed with the rule at stake.
Prints how many yes-snippets the rule catches and how many look-alikes it leaves alone; with
--misses, the snippets it gets wrong.

usage: python bench/probes/probe.py blame|blame2|blame3|empathy|promise|deflect|empathy2|deflect2|empathy3|deflect3 [--misses]

A name with a number (deflect2) is a later set on the same question, written blind again.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from casekit.config import find_config, load_config  # noqa: E402
from casekit.engine import Reviewer  # noqa: E402
from casekit.loader import load_case  # noqa: E402

# probe -> (rule, the verdict a yes-snippet should get; "applies" = anything but n/a)
PROBES = {"blame": ("no-blame", "fail"), "empathy": ("empathy", "pass"),
          "promise": ("promise-kept", "applies"), "deflect": ("first-contact-ownership", "fail")}
CUSTOMER_NOUNS = ("顾客", "客户", "业主", "乘客", "患者", "用户", "车主", "家属", "旅客", "住户",
                  "学员", "会员")
NAMED = re.compile(r"[\u4e00-\u9fff](?:女士|先生|阿姨|大爷|奶奶|大妈|大姐|小姐)|老[\u4e00-\u9fff](?=[，。、说])")


def case_text(item: dict) -> str:
    """The snippet as a case: the customer complains, the staff member answers (or the
    narration tells what they did)."""
    role, text = item.get("role") or "客服", str(item["text"])
    named = sorted(n for n in set(NAMED.findall(text + str(item.get("customer", "")))) if n != role)
    customer = next((c for c in CUSTOMER_NOUNS if c in text), named[0] if named else "顾客")
    parties = {customer: "customer", role: "staff", **{n: "customer" for n in named if n != customer}}
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731
    lines = [f"id: probe-{item['id']}", "title: probe", "parties:",
             *(f"  {label}: {role_}" for label, role_ in parties.items()), "events:",
             "  - kind: contact", f"    from: {customer}", f"    to: {role}", "    channel: onsite"]
    if item["mode"] == "dialogue":
        said = str(item.get("customer") or "你们这是怎么回事？")
        lines += [f"    note: {q(customer + '来反映问题。')}", "    dialogue:",
                  f"      - {customer}: {q(said)}", f"      - {role}: {q(text)}"]
    else:
        lines += [f"    note: {q(customer + '来找' + role + '反映问题，很不满。')}",
                  "  - kind: contact", f"    from: {role}", f"    to: {customer}",
                  "    channel: onsite", f"    note: {q(text)}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    question = argv[0].rstrip("0123456789") if argv else ""
    if question not in PROBES or not (Path(__file__).parent / f"{argv[0]}.yaml").exists():
        print(__doc__)
        return 2
    rule, wanted = PROBES[question]
    items = yaml.safe_load((Path(__file__).parent / f"{argv[0]}.yaml").read_text(encoding="utf-8"))
    reviewer = Reviewer.from_config(load_config(find_config(ROOT)))
    counts: Counter = Counter()
    misses = []
    with tempfile.TemporaryDirectory() as folder:
        for item in items:
            path = Path(folder) / f"{item['id']}.yaml"
            path.write_text(case_text(item), encoding="utf-8")
            result = next(r for r in reviewer.review(load_case(path)).results if r.rule == rule)
            got = result.verdict
            hit = got != "n/a" if wanted == "applies" else got == wanted
            yes = str(item["label"]).lower() in ("yes", "true")
            counts[(yes, hit)] += 1
            if hit != yes:
                misses.append((item, got))
    print(f"{argv[0]} ({rule}): yes caught {counts[(True, True)]}/{counts[(True, True)] + counts[(True, False)]}, "
          f"look-alikes left alone {counts[(False, False)]}/{counts[(False, True)] + counts[(False, False)]}")
    if "--misses" in argv:
        for item, got in misses:
            print(f"  [{item['label']}] {item['text']}  → {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
