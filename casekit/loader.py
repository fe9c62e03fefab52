"""Loading a case file: decode, parse, validate completely, build the model.

Validation never stops at the first problem: a trainer fixing a file wants the whole list.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from .errors import InputError, ProblemCollector
from .model import (EVENT_KINDS, KINDS_NEEDING_FROM, ROLES, VERDICTS, Case, Event, Party,
                    Turn)
from .text import unfold
from .yamlsrc import Source, YMap, YSeq, parse_yaml, read_source, scalar_text

TOP_KEYS = {"id", "title", "industry", "source", "summary", "parties", "events", "outcome",
            "expect"}
EVENT_KEYS = {"at", "kind", "from", "to", "channel", "note", "dialogue"}
PARTY_KEYS = {"role", "name", "org"}
EXPECT_KEYS = {"pass", "fail", "n/a", "na", "min_score"}
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# A turn typed as `客户:文本` (full-width or ASCII colon without a space) is one string to YAML.
INLINE_TURN_RE = re.compile(r"^\s*([^:：\s]{1,12})\s*[:：]")


def load_case(path: Path | str) -> Case:
    """Read, parse and validate one case file; raise InputError listing every problem."""
    return case_from_source(read_source(path))


def case_from_source(source: Source) -> Case:
    """Parse and validate an already decoded case file."""
    value_problems: list = []
    data = parse_yaml(source, value_problems)
    case = build_case(data, source.path, value_problems)
    case.encoding = source.encoding
    return case


def build_case(data, path: str, problems: list | None = None) -> Case:
    p = ProblemCollector(path)
    p.problems.extend(problems or [])
    if data is None:
        # None with a problem already is a rejected top-level value (a forbidden tag such
        # as !!python/object): the file is not empty, report that problem alone.
        if not p.problems:
            p.add(1, 1, "the file is empty; a case needs at least `title`, `parties` and `events`")
        p.raise_if_any()
    if not isinstance(data, YMap):
        line, col = getattr(data, "line", 1), getattr(data, "column", 1)
        p.add(line, col, "the top level must be a mapping with `title`, `parties` and `events`")
        p.raise_if_any()

    for key in data:
        if key not in TOP_KEYS:
            line, col = data.key_where[key]
            p.add(line, col, f"unknown key '{key}'; known keys: {', '.join(sorted(TOP_KEYS))}")

    case_id = _optional_text(data, "id", p) or Path(path).stem
    if "id" in data and not ID_RE.match(case_id):
        p.add(*data.at("id"), f"id '{case_id}' may only use letters, digits, '-', '_' and '.'")
    title = _optional_text(data, "title", p)
    if not title:
        p.add(data.line, data.column, "missing `title`: add a line such as `title: 吊顶漏水:售后无人负责`")

    parties = _parties(data, p)
    events = _events(data, parties, p)
    outcome = _outcome(data, p)
    expect, expect_lines = _expect(data, p)
    expect_block = data.get("expect")
    min_score = expect_block.get("min_score") if isinstance(expect_block, YMap) else None
    if isinstance(min_score, bool) or not isinstance(min_score, (int, float)):
        min_score = None
    else:
        expect_lines["min_score"] = expect_block.at("min_score")[0]
    p.raise_if_any()
    return Case(id=case_id, title=title or "", path=path, parties=parties, events=events,
                industry=_optional_text(data, "industry", p),
                source=_optional_text(data, "source", p),
                summary=unfold(_optional_text(data, "summary", p) or "") or None,
                outcome=outcome, expect=expect, expect_lines=expect_lines,
                expect_min_score=min_score)


def _optional_text(m: YMap, key: str, p: ProblemCollector) -> str | None:
    if key not in m or m[key] is None:
        return None
    if isinstance(m[key], (YMap, YSeq)):
        p.add(*m.at(key), f"`{key}` must be text, not a {'mapping' if isinstance(m[key], YMap) else 'list'}")
        return None
    return scalar_text(m, key).strip()


def _parties(data: YMap, p: ProblemCollector) -> dict[str, Party]:
    raw = data.get("parties")
    if raw is None:
        p.add(data.line, data.column, "missing `parties`: map each dialogue label to a role, "
                                      "e.g. `客户: customer`")
        return {}
    if not isinstance(raw, YMap) or not raw:
        p.add(*data.at("parties"), "`parties` must be a mapping of labels to roles, "
                                   "e.g. `客户: customer`")
        return {}
    parties: dict[str, Party] = {}
    for label, spec in raw.items():
        line, col = raw.at(label)
        label = str(label)
        role, name, org = None, None, None
        if isinstance(spec, YMap):
            for key in spec:
                if key not in PARTY_KEYS:
                    p.add(*spec.key_where[key], f"unknown party key '{key}'; use role, name or org")
            role = spec.get("role")
            name = scalar_text(spec, "name")
            org = scalar_text(spec, "org")
            if role is None:
                p.add(line, col, f"party '{label}' has no `role`; one of: {', '.join(ROLES)}")
                role = "other"
        elif spec is None or isinstance(spec, YSeq):
            p.add(line, col, f"party '{label}' needs a role: one of {', '.join(ROLES)}")
            role = "other"
        else:
            role = spec
        if role not in ROLES:
            p.add(line, col, f"unknown role '{role}' for party '{label}'; one of: {', '.join(ROLES)}")
            role = "other"  # still declared: no second error where the label is used
        parties[label] = Party(label=label, role=role, name=name, org=org, line=line)
    return parties


def _events(data: YMap, parties: dict[str, Party], p: ProblemCollector) -> list[Event]:
    raw = data.get("events")
    if raw is None:
        p.add(data.line, data.column, "missing `events`: a list of what happened, in time order")
        return []
    if not isinstance(raw, YSeq) or not raw:
        p.add(*data.at("events"), "`events` must be a non-empty list of events")
        return []
    events: list[Event] = []
    previous_at: datetime | None = None
    previous_day_only = False
    for i, item in enumerate(raw, start=1):
        line, col = raw.where[i - 1]
        if not isinstance(item, YMap):
            p.add(line, col, f"event {i} must be a mapping with at least `kind`")
            continue
        for key in item:
            if key not in EVENT_KEYS:
                p.add(*item.key_where[key],
                      f"unknown event key '{key}'; known keys: {', '.join(sorted(EVENT_KEYS))}")
        kind = item.get("kind")
        if kind is None:
            p.add(line, col, f"event {i} has no `kind`; one of: {', '.join(EVENT_KINDS)}")
        elif kind not in EVENT_KINDS:
            p.add(*item.at("kind"), f"unknown kind '{kind}'; one of: {', '.join(EVENT_KINDS)}")
        sender = _party_ref(item, "from", parties, p)
        receiver = _party_ref(item, "to", parties, p)
        if kind in KINDS_NEEDING_FROM and "from" not in item:
            p.add(line, col, f"a `{kind}` event needs `from`: who made it")
        at, day_only = _timestamp(item, p)
        # a date without a time is that whole day: after 2023-12-07 10:20 comes 2023-12-07
        if at and previous_at and (at.date() < previous_at.date() if day_only or previous_day_only
                                   else at < previous_at):
            p.add(*item.at("at"), f"event {i} is dated before the event above it; "
                                  "events must be in time order")
        if at:
            previous_at, previous_day_only = at, day_only
        note = _optional_text(item, "note", p)
        events.append(Event(index=i, kind=kind if kind in EVENT_KINDS else "note", line=line,
                            at=at, sender=sender, to=receiver,
                            channel=_optional_text(item, "channel", p), note=note,
                            note_line=item.at("note")[0] if note else 0,
                            dialogue=_dialogue(item, parties, p), day_only=day_only))
    return events


def _party_ref(item: YMap, key: str, parties: dict[str, Party], p: ProblemCollector) -> str | None:
    if key not in item:
        return None
    label = scalar_text(item, key)
    if not label:
        p.add(*item.at(key), f"`{key}` must name a party")
        return None
    if label not in parties:
        p.add(*item.at(key), _unknown_party(label, parties))
        return None
    return label


def _unknown_party(label: str, parties: dict[str, Party]) -> str:
    known = "、".join(parties) or "(none declared)"
    return f"unknown party '{label}'; declare it under `parties` or use one of: {known}"


def _timestamp(item: YMap, p: ProblemCollector) -> tuple[datetime | None, bool]:
    """The event's `at`, and whether it is a date without a time of day (2023-12-07)."""
    if "at" not in item or item["at"] is None:
        return None, False
    value = item["at"]
    if isinstance(value, datetime):
        return value.replace(tzinfo=None), False
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), True
    text = scalar_text(item, "at") or ""
    try:
        # Times are compared with each other only: local wall-clock time, offset dropped
        # (mixing "…+08:00" with plain times must not crash the time-order check).
        return datetime.fromisoformat(text.strip()).replace(tzinfo=None), len(text.strip()) <= 10
    except ValueError:
        p.add(*item.at("at"), f"bad date '{text}'; write an ISO date or date-time such as "
                              "2021-05-08 or 2021-05-08 10:00")
        return None, False


def _dialogue(item: YMap, parties: dict[str, Party], p: ProblemCollector) -> tuple[Turn, ...]:
    raw = item.get("dialogue")
    if raw is None:
        return ()
    if not isinstance(raw, YSeq):
        p.add(*item.at("dialogue"), "`dialogue` must be a list of turns like `- 客户: 文本`")
        return ()
    turns: list[Turn] = []
    for j, turn in enumerate(raw, start=1):
        line, col = raw.where[j - 1]
        if isinstance(turn, YMap) and len(turn) == 1:
            label, = turn.keys()
            text = scalar_text(turn, label)
            if text is None:
                p.add(line, col, f"turn {j}: the text after '{label}:' must be plain text")
                continue
            if str(label) not in parties:
                p.add(line, col, f"turn {j}: " + _unknown_party(str(label), parties))
                continue
            turns.append(Turn(index=j, party=str(label), text=text.strip(), line=line))
            continue
        hint = ""
        if isinstance(turn, str) and INLINE_TURN_RE.match(turn):
            hint = (" (it reads as one string: write an ASCII colon followed by a space, "
                    "e.g. `- 客户: 文本`)")
        elif isinstance(turn, YMap):
            hint = f" (found {len(turn)} keys; put each turn on its own `- ` line)"
        p.add(line, col, f"turn {j} must be a one-key mapping `label: text`{hint}")
    return tuple(turns)


def _outcome(data: YMap, p: ProblemCollector) -> dict:
    raw = data.get("outcome")
    if raw is None:
        return {}
    if not isinstance(raw, YMap):
        p.add(*data.at("outcome"), "`outcome` must be a mapping such as "
                                   "`{resolved: true, satisfied: true}`")
        return {}
    for key in ("resolved", "satisfied"):
        if key in raw and not isinstance(raw[key], bool):
            p.add(*raw.at(key), f"`outcome.{key}` must be true or false")
    return dict(raw)


def _expect(data: YMap, p: ProblemCollector) -> tuple[dict[str, str], dict[str, int]]:
    raw = data.get("expect")
    if raw is None:
        return {}, {}
    if not isinstance(raw, YMap):
        p.add(*data.at("expect"), "`expect` must be a mapping such as "
                                  "`{fail: [follow-up], pass: [apology]}`")
        return {}, {}
    expect: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key, ids in raw.items():
        if key not in EXPECT_KEYS:
            p.add(*raw.key_where[key], f"unknown expect key '{key}'; use {', '.join(VERDICTS)}")
            continue
        if key == "min_score":
            if isinstance(ids, bool) or not isinstance(ids, (int, float)) or not 0 <= ids <= 100:
                p.add(*raw.at(key), "`expect.min_score` must be a number from 0 to 100")
            continue
        verdict = "n/a" if key == "na" else key
        if isinstance(ids, str):
            ids = [ids]
            where = [raw.at(key)]
        elif isinstance(ids, YSeq):
            where = ids.where
        else:
            p.add(*raw.at(key), f"`expect.{key}` must be a list of rule ids")
            continue
        for rule_id, (line, col) in zip(ids, where):
            rule_id = str(rule_id)
            if rule_id in expect and expect[rule_id] != verdict:
                p.add(line, col, f"rule '{rule_id}' is expected both to {expect[rule_id]} and to {verdict}")
            expect[rule_id] = verdict
            lines[rule_id] = line
    return expect, lines


__all__ = ["load_case", "build_case", "InputError"]
