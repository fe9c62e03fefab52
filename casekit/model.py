"""The data casekit works on: a case as loaded, and the result of reviewing it.

Everything downstream (rules, scoring, every reporter) reads these plain dataclasses;
nothing here knows about YAML, jieba or the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

ROLES = ("customer", "agent", "staff", "manager", "other")
COMPANY_ROLES = frozenset({"agent", "staff", "manager"})
EVENT_KINDS = ("contact", "transfer", "escalation", "visit", "resolution", "follow-up", "note")
# Kinds that describe someone acting towards someone else, so `from` is required.
KINDS_NEEDING_FROM = frozenset({"contact", "transfer", "escalation", "follow-up"})
VERDICTS = ("pass", "fail", "n/a")
# How a report says what a verdict rests on (RuleResult.basis).
BASIS_NAMES = {"evidence": "判定依据:案例中的言行(见引文)",
               "absence": "判定依据:案例中未见企业方这样做(引文是本该回应的地方)"}
# Report wording (Chinese, the trainers' language) for roles and event kinds.
ROLE_NAMES = {"customer": "客户", "agent": "客服", "staff": "员工", "manager": "管理者",
              "other": "第三方"}
KIND_NAMES = {"contact": "联系", "transfer": "转交", "escalation": "上报", "visit": "上门",
              "resolution": "解决", "follow-up": "回访", "note": "备注"}
# Channels as a case writes them (any case); a report shows the Chinese name.
CHANNEL_NAMES = {"phone": "电话", "sms": "短信", "hotline": "热线", "onsite": "现场",
                 "online": "网络", "letter": "信函", "email": "邮件", "wechat": "微信",
                 "app": "应用"}


def channel_name(channel: str | None) -> str:
    """A channel in report wording: phone / Phone → 电话; an unknown one as written."""
    if not channel:
        return ""
    return CHANNEL_NAMES.get(channel.strip().lower(), channel)


SEVERITIES = ("error", "warning", "info")


def basis_note(result: "RuleResult") -> str:
    """What a fail rests on, for reports: evidence, or nothing in the case showing it."""
    return BASIS_NAMES.get(result.basis, "") if result.verdict == "fail" else ""


@dataclass(frozen=True)
class Party:
    label: str
    role: str
    name: str | None = None
    org: str | None = None
    line: int = 0

    @property
    def is_company(self) -> bool:
        return self.role in COMPANY_ROLES


@dataclass(frozen=True)
class Turn:
    """One line of dialogue; ``index`` counts from 1 within its event."""

    index: int
    party: str
    text: str
    line: int


@dataclass(frozen=True)
class Event:
    """One step of the timeline; ``index`` counts from 1 within the case."""

    index: int
    kind: str
    line: int
    at: datetime | None = None
    sender: str | None = None  # the YAML key is `from`, a Python keyword
    to: str | None = None
    channel: str | None = None
    note: str | None = None
    note_line: int = 0
    dialogue: tuple[Turn, ...] = ()
    day_only: bool = False  # `at` is a date without a time of day (2024-04-11): that whole day


@dataclass
class Case:
    id: str
    title: str
    path: str
    parties: dict[str, Party]
    events: list[Event]
    industry: str | None = None
    source: str | None = None
    summary: str | None = None
    outcome: dict = field(default_factory=dict)
    expect: dict[str, str] = field(default_factory=dict)  # rule id -> expected verdict
    expect_lines: dict[str, int] = field(default_factory=dict)
    expect_min_score: float | None = None  # a model case must keep at least this score
    encoding: str = "utf-8"

    def role_of(self, label: str | None) -> str | None:
        party = self.parties.get(label) if label else None
        return party.role if party else None


@dataclass(frozen=True)
class Evidence:
    """What decided a verdict: an event, or one turn of it, quoted as written."""

    event: int
    turn: int | None
    party: str | None
    text: str
    line: int
    spans: tuple[tuple[int, int], ...] = ()  # matched words, as offsets into `text`

    @property
    def matched(self) -> list[str]:
        return [self.text[a:b] for a, b in self.spans]

    def to_dict(self) -> dict:
        return {"event": self.event, "turn": self.turn, "party": self.party,
                "text": self.text, "line": self.line, "matched": self.matched}


@dataclass
class RuleResult:
    rule: str
    title: str
    severity: str
    weight: float
    verdict: str
    message: str
    advice: str
    evidence: list[Evidence] = field(default_factory=list)
    expected: str | None = None  # what the case's `expect` says, if anything
    veto: float | None = None  # failing caps the score at this (一票否决)
    # What the verdict rests on: "evidence" (something said or narrated, a negated act
    # included) or "absence" (nothing in the case shows it); None for n/a.
    basis: str | None = None

    def to_dict(self) -> dict:
        return {"rule": self.rule, "title": self.title, "severity": self.severity,
                "weight": self.weight, "veto": self.veto, "verdict": self.verdict,
                "basis": self.basis, "message": self.message, "advice": self.advice,
                "expected": self.expected, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class CaseResult:
    case: Case
    results: list[RuleResult]
    score: float | None
    keywords: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def mismatches(self) -> list[RuleResult]:
        """Results that contradict the case's own `expect`."""
        return [r for r in self.results if r.expected and r.expected != r.verdict]

    def to_dict(self) -> dict:
        c = self.case
        return {"case": {"id": c.id, "title": c.title, "path": c.path,
                         "industry": c.industry, "encoding": c.encoding},
                "score": self.score,
                "results": [r.to_dict() for r in self.results],
                "keywords": self.keywords,
                "notices": self.notices}
