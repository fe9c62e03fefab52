"""Rule files: loading and validating the YAML rule language (see docs/rules.md).

A rule is data: metadata, named parameters (word lists, numbers), and a `check` made of a
few condition kinds. This module only turns files into validated objects; evaluating
conditions against a case is casekit.checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import InputError, Problem, ProblemCollector
from .model import EVENT_KINDS, ROLES, SEVERITIES, VERDICTS
from .text import phrase_parts, to_simplified, unfold, with_pronoun_variants
from .yamlsrc import Source, YMap, YSeq, parse_yaml, read_source

RULE_KEYS = {"id", "title", "severity", "weight", "description", "advice", "references",
             "params", "exceptions", "check", "messages", "examples"}
CHECK_KEYS = {"applies_if", "fail_if", "pass_if"}
PARTY_SELECTORS = set(ROLES) | {"company", "first-owner", "any"}
POSITIONS = ("any", "first", "last", "opening")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PARAM_RE = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")


@dataclass(frozen=True)
class EventSelector:
    kinds: frozenset[str] = frozenset()
    sender: frozenset[str] = frozenset()
    to: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    dated: bool | None = None  # only events with (true) or without (false) an `at`
    narrated: bool | None = None  # only events with (true) or without (false) a `note`
    # events these parties take part in: send, receive or speak in (a note's talk names no `to`)
    with_: frozenset[str] = frozenset()


_CONDITION_KEYS: dict[tuple, int] = {}  # condition signature -> Condition.key
_SELECTORS: dict[EventSelector, EventSelector] = {}  # every distinct selector, interned


_KIND_COST = {"event": 0, "gap": 1, "said": 2, "act": 3}


@dataclass
class Condition:
    """One test on a case. `kind` is 'said', 'event' or 'any'; see docs/rules.md."""

    kind: str
    line: int
    by: frozenset[str] = frozenset()  # said: who speaks
    words: tuple[str, ...] = ()  # said: phrases (empty = any utterance)
    within: EventSelector | None = None  # said: only in these events
    position: str = "any"  # said: any turn, or each event's first/last turn of the speaker
    notes: bool = True  # said: narration notes count as said by the event's `from`
    negation: bool = True  # said: negated phrases do not count
    quoted: bool = False  # said: phrases inside quotes or reported speech count too
    ends_with: tuple[str, ...] = ()  # said: the utterance ends with one of these
    next_by: frozenset[str] = frozenset()  # said: the very next turn is by these parties
    next_not_saying: tuple[str, ...] = ()  # said: …and holds none of these (您接着说)
    repeating: bool = False  # said: only turns that say again what the same side said before
    names_speaker: bool = False  # said: only turns that name their speaker (晚上好，前台小林)
    events: EventSelector | None = None  # event: which events
    not_followed_by: EventSelector | None = None  # event: ... with no such event later
    not_preceded_by: EventSelector | None = None  # event: ... with no such event before
    # event: not the events in which this condition has a hit (a purchase told on its own,
    # 交了两千元订金: no complaint yet)…
    not_holding: "Condition | None" = None
    # …unless this one has a hit there too (the purchase and the trouble told together)
    unless_holding: "Condition | None" = None
    start: "Condition | None" = None  # gap: from the first hit of this
    end: "Condition | None" = None  # gap: to the first hit of this after it
    over_hours: float = 24.0  # gap: holds when longer than this
    promised_limit: bool = False  # gap: …than the limit its start states (七个工作日内)
    # gap: …or than a longer limit a hit of this states, made in the wait's first event
    # (the time frame given on taking the complaint: 三个工作日内上门)
    or_promised: "Condition | None" = None
    after: "Condition | None" = None
    # with `after`: not the matches the case shows came within the time limit the anchor
    # itself states (承诺三个工作日内联系，当晚客户就发帖: not a promise broken)
    past_limit: bool | str = False  # or "stated": only when the anchor states a limit
    unless: "Condition | None" = None  # said/act/event: only hits with no hit of this after them
    unless_before: "Condition | None" = None  # said/act: only hits with no hit of this before them
    # said/act: not the hits this takes back later in their own turn of dialogue (对不起，
    # 行了吧?)
    taken_back: "Condition | None" = None
    # said/act: not the hits this qualifies earlier in their own sentence (如果给您带来不便，
    # 我们深表歉意: an apology on a condition)
    hedged: "Condition | None" = None
    any_of: tuple["Condition", ...] = ()
    acts: tuple[str, ...] = ()  # act: lexicon act names (their words are in `words`)
    actor: frozenset[str] = frozenset()  # act: who did it (the clause's subject)
    negated: bool = False  # act: only narrated as not having happened (未解释, 无人回访)
    repeated: int = 0  # act: only done again (1: 多次/再次/第N次…; 2, `often`: more than once again)
    # act: False: not in the customer's own words in their first contact with the company
    # (their turns, or what its narration tells them saying), the complaint telling what
    # came before it (我这个月打了两次电话了, 说自己跑了三趟了)
    in_complaint: bool = True
    # act: False: not in what a check of the company's found, told in its narration
    # (确认快递员未按备注送货上门: the matter complained of, told back)
    found: bool = True
    lexicon: object = None  # act: the Lexicon the act names come from; said: its negation
    min: int = 1
    message: str | None = None
    # said: the rule's look-alikes (对不起来) that its phrases never match inside; another
    # rule's look-alike does not block them (本来就有 is one rule's exception, another's blame)
    exceptions: frozenset[str] = frozenset()

    @cached_property
    def key(self) -> int:
        """Equal conditions (whatever their line or message) share one small key, so a
        case evaluates each distinct condition once however many rules ask it."""
        def sub(cond):
            return cond.key if cond is not None else None

        signature = (self.kind, self.by, self.words, self.within, self.position, self.notes,
                     self.negation, self.quoted, self.ends_with, self.next_by,
                     self.next_not_saying, self.repeating, self.names_speaker, self.events,
                     self.not_followed_by, self.not_preceded_by, sub(self.start), sub(self.end),
                     self.over_hours, self.promised_limit, sub(self.or_promised),
                     sub(self.after), self.past_limit, sub(self.not_holding),
                     sub(self.unless_holding),
                     sub(self.unless),
                     sub(self.unless_before), sub(self.taken_back), sub(self.hedged),
                     tuple(c.key for c in self.any_of), self.min,
                     self.acts, self.actor, self.negated, self.repeated, self.in_complaint,
                     self.found, self.lexicon.key if self.lexicon is not None else None, self.exceptions)
        return _CONDITION_KEYS.setdefault(signature, len(_CONDITION_KEYS))

    @cached_property
    def scope(self) -> int:
        """Conditions that look at the same utterances (same speakers, events, position)
        share one small key: a case finds those utterances once for all of them."""
        signature = ("scope", self.by, self.within, self.notes, self.position)
        return _CONDITION_KEYS.setdefault(signature, len(_CONDITION_KEYS))

    @cached_property
    def cost(self) -> int:
        """How dear the condition is to evaluate, roughly: events are looked up, phrases
        matched, acts read (actors, negation) as well."""
        if self.kind == "any":
            return max((c.cost for c in self.any_of), default=0)
        cost = _KIND_COST.get(self.kind, 2)
        for other in (self.after, self.unless, self.unless_before, self.taken_back,
                      self.hedged):
            if other is not None:
                cost = max(cost, other.cost)
        if self.not_holding is not None:
            # read only in the events selected, and only when there are some: dearer than
            # looking events up, cheaper than reading a whole case (as the gap it starts)
            cost = max(cost, _KIND_COST["gap"])
        return cost

    @cached_property
    def cheap_alternatives(self) -> tuple["Condition", ...]:
        """any_of, the cheapest first, for a review that needs only whether one holds.
        In the order written when one is a gap: its wait fills in the message."""
        if any(c.kind == "gap" for c in self.any_of):
            return self.any_of
        return tuple(sorted(self.any_of, key=lambda c: c.cost))

    @cached_property
    def by_first_part(self) -> dict[str, tuple[str, ...]]:
        """First part -> the phrases that begin with it, in the rule's order."""
        out: dict[str, tuple[str, ...]] = {}
        for word, first in self.phrase_firsts:
            out[first] = out.get(first, ()) + (word,)
        return out

    @cached_property
    def first_parts(self) -> frozenset[str]:
        """The first Simplified part of each phrase: what a text must contain to match."""
        if self.kind == "act" and self.acts:  # shared by the conditions asking for these acts
            return self.lexicon.first_parts_of(self.acts)
        return frozenset(parts[0] for parts in map(phrase_parts, self.words) if parts)

    @cached_property
    def phrase_firsts(self) -> tuple[tuple[str, str], ...]:
        """(phrase, its first part) in the rule's order, for phrases that have parts."""
        return tuple((w, parts[0]) for w, parts in zip(self.words, map(phrase_parts, self.words))
                     if parts)


@dataclass
class Example:
    name: str
    expect: str
    data: YMap  # a case body or a `dialogue:` snippet, built into a case when tested
    line: int


@dataclass
class Rule:
    id: str
    title: str
    severity: str
    weight: float
    description: str
    advice: str
    path: str
    line: int = 1
    references: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    applies_if: list[Condition] = field(default_factory=list)
    fail_if: list[Condition] = field(default_factory=list)
    pass_if: list[Condition] = field(default_factory=list)
    messages: dict[str, str] = field(default_factory=dict)
    given_examples: list[Example] | None = field(default=None, repr=False)
    enabled: bool = True  # a config may switch a rule off
    veto: float | None = None  # 一票否决: failing caps the case's score at this value
    source: YMap | None = None  # the parsed file, to rebuild with other parameter values
    lexicon: object = None  # the narrative Lexicon its `act` conditions were built with
    # a built-in rule's `examples:` section, parsed on first need (see load_rule)
    examples_text: "Source | None" = field(default=None, repr=False)

    @property
    def examples(self) -> list[Example]:
        if self.given_examples is None:
            self.given_examples = (_examples_of(self.examples_text)
                                   if self.examples_text is not None else [])
        return self.given_examples

    def conditions(self):
        """Every condition, nested ones included."""
        return _all_conditions([*self.applies_if, *self.fail_if, *self.pass_if])

    def phrases(self) -> set[str]:
        out: set[str] = set()
        seen: set[int] = set()
        for c in self.conditions():
            if id(c.words) not in seen:  # conditions asking for the same acts share one tuple
                seen.add(id(c.words))
                out.update(c.words)
        return out


def channel_key(channel: str) -> str:
    """Channels compare case-blind and script-blind: Phone = phone, 熱線 = 热线."""
    return to_simplified(channel.strip().lower())


def builtin_rules_dir() -> Path:
    """The rules shipped with casekit: inside the wheel, or the checkout's rules/ folder."""
    packaged = Path(__file__).parent / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "rules"


def rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir()
                  if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith("."))


def load_rules(dirs: list[Path] | None = None, include_builtin: bool = True,
               problems: list | None = None) -> list[Rule]:
    """Load rules from the built-in set and extra folders; a later folder overrides an id.

    A malformed rule file raises InputError with every problem; when `problems` is a list,
    its problems go there instead and only that rule is left out (the rest still run)."""
    collect = problems is not None
    folders = ([builtin_rules_dir()] if include_builtin else []) + list(dirs or [])
    by_id: dict[str, Rule] = {}
    problems = problems if collect else []
    from .narrative import load_lexicon

    try:  # the built-in lexicon and each rule folder's lexicons/
        lexicon = load_lexicon([Path(f) for f in dirs or [] if Path(f).is_dir()])
    except InputError as exc:
        if not collect:
            raise
        problems.extend(exc.problems)
        lexicon = load_lexicon([])
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise InputError([Problem(str(folder), 1, 1, "rules folder not found")])
        builtin = include_builtin and folder == folders[0]
        for path in rule_files(folder):
            try:
                rule = load_rule(path, lexicon, examples_later=builtin)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            by_id[rule.id] = rule
    if problems and not collect:
        raise InputError(problems)
    return sorted(by_id.values(), key=lambda r: r.id)


def load_rule(path: Path | str, lexicon=None, examples_later: bool = False) -> Rule:
    """A rule file, checked and built. With `examples_later` (the built-in rules, whose
    examples the test suite runs), the `examples:` section, most of a rule file, is parsed
    only when something asks for the examples (`casekit rules test`, `rules show`): every
    review would otherwise parse ~150 kB of YAML it never uses (~40 ms)."""
    source = read_source(path)
    later = _EXAMPLES_KEY_RE.search(source.text) if examples_later else None
    if later is None:
        return build_rule(parse_yaml(source), source.path, lexicon=lexicon)
    head = Source(source.path, source.text[:later.start()], source.encoding)
    rule = build_rule(parse_yaml(head), source.path, lexicon=lexicon)
    # the section alone, after as many blank lines as came before it: its lines stay the file's
    lines_before = source.text.count("\n", 0, later.start())
    rule.examples_text = Source(source.path, "\n" * lines_before + source.text[later.start():],
                                source.encoding)
    rule.given_examples = None
    return rule


# a top-level `examples:` key, the last section of a rule file
_EXAMPLES_KEY_RE = re.compile(r"^examples:[ \t]*(?:#.*)?$", re.MULTILINE)


def _examples_of(source: "Source") -> list[Example]:
    """The examples of a rule file's `examples:` section (see load_rule)."""
    data = parse_yaml(source)
    p = ProblemCollector(source.path)
    examples = _examples(data.get("examples"), data.at("examples"), p) if isinstance(data, YMap) else []
    p.raise_if_any()
    return examples


def build_rule(data, path: str, param_overrides: dict | None = None, lexicon=None) -> Rule:
    if lexicon is None:
        from .narrative import load_lexicon

        lexicon = load_lexicon()
    p = ProblemCollector(path)
    if not isinstance(data, YMap):
        p.add(getattr(data, "line", 1), 1, "a rule file must be a mapping with id, title, check…")
        p.raise_if_any()
    for key in data:
        if key not in RULE_KEYS:
            p.add(*data.key_where[key], f"unknown rule key '{key}'; known keys: "
                                        f"{', '.join(sorted(RULE_KEYS))}")
    rule_id = str(data.get("id") or "")
    if not ID_RE.match(rule_id):
        p.add(*data.at("id"), f"rule id '{rule_id}' must be kebab-case, e.g. first-contact-ownership")
    for key in ("title", "description", "advice"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            p.add(*data.at(key), f"missing `{key}`")
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        p.add(*data.at("severity"), f"severity must be one of: {', '.join(SEVERITIES)}")
    weight = data.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
        p.add(*data.at("weight"), "weight must be a number ≥ 0")
        weight = 1
    params = data.get("params") or {}
    if not isinstance(params, YMap) and params:
        p.add(*data.at("params"), "`params` must be a mapping of names to values")
        params = {}
    params = {**params, **(param_overrides or {})}
    exceptions = _word_list(data.get("exceptions") or [], data.at("exceptions"), params, p)
    for word in dict.fromkeys(w.replace("您", "你") for w in exceptions if "…" in w):
        # an exception is found as written, so a gap in one would never match anything
        p.add(*data.at("exceptions"), f"exception '{word}' holds '…': exceptions are whole "
                                      "words found as written; write each wording in full")
    parser = _ConditionParser(params, p, lexicon)
    check = data.get("check")
    applies, fails, passes = [], [], []
    if not isinstance(check, YMap):
        p.add(*data.at("check"), "missing `check` with applies_if / fail_if / pass_if")
    else:
        for key in check:
            if key not in CHECK_KEYS:
                p.add(*check.key_where[key], f"unknown check key '{key}'; use "
                                             "applies_if, fail_if or pass_if")
        applies = parser.list(check.get("applies_if"), check.at("applies_if"))
        fails = parser.list(check.get("fail_if"), check.at("fail_if"))
        passes = parser.list(check.get("pass_if"), check.at("pass_if"))
    messages = data.get("messages") or YMap()
    if not isinstance(messages, YMap) or any(k not in VERDICTS for k in messages):
        p.add(*data.at("messages"), "`messages` maps pass, fail and n/a to a sentence")
        messages = {}
    references = data.get("references") or YSeq()
    if not isinstance(references, YSeq):
        p.add(*data.at("references"), "`references` must be a list")
        references = []
    examples = _examples(data.get("examples"), data.at("examples"), p)
    p.raise_if_any()
    own = frozenset(to_simplified(w.strip()) for w in exceptions if w.strip())
    for cond in _all_conditions([*applies, *fails, *passes]):
        if cond.kind == "said" and cond.words:
            cond.exceptions = own
    return Rule(id=rule_id, title=data["title"].strip(), severity=severity, weight=float(weight),
                description=unfold(data["description"]), advice=unfold(data["advice"]),
                path=path, line=data.line, references=[str(r) for r in references],
                params=dict(params), exceptions=exceptions, applies_if=applies, fail_if=fails,
                pass_if=passes, messages={k: str(v).strip() for k, v in messages.items()},
                given_examples=examples, source=data, lexicon=lexicon)


def _all_conditions(conditions):
    stack = list(conditions)
    while stack:
        cond = stack.pop()
        yield cond
        stack.extend(cond.any_of)
        stack.extend(c for c in (cond.after, cond.unless, cond.unless_before, cond.taken_back,
                                 cond.hedged, cond.start, cond.end, cond.not_holding,
                                 cond.unless_holding)
                     if c)


def _word_list(value, where, params, p: ProblemCollector) -> list[str]:
    if isinstance(value, str):
        m = PARAM_RE.match(value)
        if m:
            if m.group(1) not in params:
                p.add(*where, f"unknown parameter '{value}'; declare it under `params`")
                return []
            value = params[m.group(1)]
        else:
            value = [value]
    if not isinstance(value, list) or not all(isinstance(w, (str, int)) for w in value):
        p.add(*where, "expected a list of words or phrases, or a $parameter naming one")
        return []
    return with_pronoun_variants(str(w) for w in value if str(w).strip())


class _ConditionParser:
    SAID_KEYS = {"by", "words", "in", "position", "notes", "negation", "quoted", "ends_with",
                 "next_by", "next_not_saying", "repeating", "names_speaker", "after",
                 "past_limit", "unless_followed_by", "unless_preceded_by", "taken_back_by",
                 "hedged_by", "min", "message"}
    EVENT_KEYS = {"kind", "from", "to", "with", "channel", "dated", "narrated", "after",
                  "past_limit", "not_followed_by", "not_preceded_by", "unless_followed_by",
                  "unless_preceded_by", "not_holding", "unless_holding", "min", "message"}
    ACT_KEYS = {"act", "by", "in", "negated", "repeated", "in_complaint", "found", "after",
                "past_limit", "unless_followed_by", "unless_preceded_by", "taken_back_by",
                "hedged_by", "min", "message"}
    GAP_KEYS = {"from", "to", "over_hours", "or_promised", "message"}
    KINDS = ("said", "event", "gap", "any", "act")
    SELECTOR_KEYS = {"kind", "from", "to", "with", "channel", "dated", "narrated"}

    def __init__(self, params, p: ProblemCollector, lexicon=None):
        self.params = params
        self.p = p
        self.lexicon = lexicon

    def list(self, value, where) -> list[Condition]:
        if value is None:
            return []
        if not isinstance(value, YSeq):
            self.p.add(*where, "expected a list of conditions (`- said: {...}` or `- event: {...}`)")
            return []
        return [c for c in (self.one(v, w) for v, w in zip(value, value.where)) if c]

    def one(self, value, where) -> Condition | None:
        kinds = [k for k in value if k in self.KINDS] if isinstance(value, YMap) else []
        extra = [k for k in value if k not in (*self.KINDS, "message")] if kinds else []
        if len(kinds) != 1 or extra:
            self.p.add(*where, "a condition is a mapping with one of said, event, act, gap or "
                               "any (and optionally `message`)")
            return None
        kind = kinds[0]
        body = value[kind]
        line = where[0]
        message = value.get("message")
        if kind == "any":
            return Condition("any", line, any_of=tuple(self.list(body, value.at(kind))),
                             message=message)
        if body is None:
            body = YMap()
            body.line, body.column = where
        if not isinstance(body, YMap):
            self.p.add(*value.at(kind), f"`{kind}` takes a mapping of options")
            return None
        allowed = {"said": self.SAID_KEYS, "event": self.EVENT_KEYS, "gap": self.GAP_KEYS,
                   "act": self.ACT_KEYS}[kind]
        for key in body:
            if key not in allowed:
                self.p.add(*body.key_where[key], f"unknown `{kind}` option '{key}'; "
                                                 f"known: {', '.join(sorted(allowed))}")
        cond = Condition(kind, line, message=body.get("message", message))
        if kind == "gap":
            for key in ("from", "to"):
                if key not in body:
                    self.p.add(*where, f"`gap` needs `{key}`: a condition whose first match "
                                       f"{'starts' if key == 'from' else 'ends'} the wait")
            cond.start = self.one(body["from"], body.at("from")) if "from" in body else None
            cond.end = self.one(body["to"], body.at("to")) if "to" in body else None
            if "or_promised" in body:
                cond.or_promised = self.one(body["or_promised"], body.at("or_promised"))
            hours = body.get("over_hours", 24)
            if hours == "promised":  # the limit the start's own text states (三天内给您答复)
                cond.promised_limit = True
                return cond
            if isinstance(hours, str) and PARAM_RE.match(hours):
                hours = self.params.get(hours[1:])
            if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours <= 0:
                self.p.add(*body.at("over_hours"),
                           "`over_hours` must be a number of hours > 0, or `promised`")
                hours = 24
            cond.over_hours = float(hours)
            return cond
        cond.min = self._min(body)
        if "after" in body:
            cond.after = self.one(body["after"], body.at("after"))
        if "past_limit" in body:
            value = body.get("past_limit", False)
            if value == "stated" or isinstance(value, bool):
                cond.past_limit = value
            else:
                self.p.add(*body.at("past_limit"), "`past_limit` must be true, false or stated "
                           "(only when the first match of `after` states its time limit)")
            if cond.past_limit and cond.after is None:
                self.p.add(*body.key_where["past_limit"], "`past_limit` needs `after`: the "
                           "condition whose first match states the time limit (三天内给您答复)")
        if "unless_followed_by" in body:
            cond.unless = self.one(body["unless_followed_by"], body.at("unless_followed_by"))
        if "unless_preceded_by" in body:
            cond.unless_before = self.one(body["unless_preceded_by"], body.at("unless_preceded_by"))
        if "taken_back_by" in body:
            cond.taken_back = self.one(body["taken_back_by"], body.at("taken_back_by"))
        if "hedged_by" in body:
            cond.hedged = self.one(body["hedged_by"], body.at("hedged_by"))
        if kind == "act":
            self._act(cond, body, where)
        elif kind == "said":
            cond.by = self._parties(body, "by")
            if "words" in body:
                cond.words = tuple(_word_list(body["words"], body.at("words"), self.params, self.p))
            if "in" in body:
                cond.within = self._selector(body["in"], body.at("in"))
            cond.position = body.get("position", "any")
            if cond.position not in POSITIONS:
                self.p.add(*body.at("position"), f"position must be one of: {', '.join(POSITIONS)}")
            cond.notes = self._bool(body, "notes", True)
            cond.negation = self._bool(body, "negation", True)
            cond.lexicon = self.lexicon  # a narration's negation is read as its acts' is
            cond.quoted = self._bool(body, "quoted", False)
            if "ends_with" in body:
                cond.ends_with = tuple(_word_list(body["ends_with"], body.at("ends_with"),
                                                  self.params, self.p))
            cond.next_by = self._parties(body, "next_by")
            cond.repeating = self._bool(body, "repeating", False)
            cond.names_speaker = self._bool(body, "names_speaker", False)
            if "next_not_saying" in body:
                cond.next_not_saying = tuple(to_simplified(w) for w in _word_list(
                    body["next_not_saying"], body.at("next_not_saying"), self.params, self.p))
        else:
            cond.events = self._selector(body, (body.line, body.column), strict=False)
            for key in ("not_followed_by", "not_preceded_by"):
                if key in body:
                    setattr(cond, key, self._selector(body[key], body.at(key)))
            for key in ("not_holding", "unless_holding"):
                if key in body:
                    setattr(cond, key, self.one(body[key], body.at(key)))
            if cond.unless_holding is not None and cond.not_holding is None:
                self.p.add(*body.key_where["unless_holding"], "`unless_holding` needs "
                           "`not_holding`: it keeps some of the events that one leaves out")
        return cond

    def _act(self, cond: Condition, body: YMap, where) -> None:
        """`act: {act: refuse, by: company, negated: false}`: an act of the narrative
        lexicon, by whoever the sentence says did it (see casekit.narrative)."""
        names = self._param(body.get("act"), body.at("act"))
        names = [names] if isinstance(names, str) else names
        known = self.lexicon.acts if self.lexicon is not None else {}
        if not names or not isinstance(names, list) or any(n not in known for n in names):
            self.p.add(*(body.at("act") if "act" in body else where),
                       f"`act` takes one or more act names of the lexicon: {', '.join(sorted(known))}")
            names = [n for n in names or [] if isinstance(n, str) and n in known]
        cond.acts = tuple(names)
        cond.lexicon = self.lexicon
        cond.words = self.lexicon.words_of(tuple(names)) if names else ()
        cond.actor = self._parties(body, "by")
        if "in" in body:
            cond.within = self._selector(body["in"], body.at("in"))
        cond.negated = self._bool(body, "negated", False)
        # true: done again (再次, 多次…); often: more than once again (多次, 三次, 一再; not 再次, 又)
        cond.repeated = self._repeated(body)
        cond.in_complaint = self._bool(body, "in_complaint", True)
        cond.found = self._bool(body, "found", True)
        cond.quoted = True  # narration quotes what the actor said (声称“年底工作很忙”)
        cond.negation = False  # the narrative layer decides what is negated

    def _min(self, body: YMap) -> int:
        value = body.get("min", 1)
        if isinstance(value, str) and PARAM_RE.match(value):
            value = self.params.get(value[1:])
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.p.add(*body.at("min"), "`min` must be a whole number ≥ 1")
            return 1
        return value

    def _repeated(self, body: YMap) -> int:
        value = body.get("repeated", False)
        if not (isinstance(value, bool) or value == "often"):
            self.p.add(*body.at("repeated"), "`repeated` is true, false or often")
            return 0
        return 2 if value == "often" else int(value)

    def _bool(self, body: YMap, key: str, default: bool) -> bool:
        value = body.get(key, default)
        if not isinstance(value, bool):
            self.p.add(*body.at(key), f"`{key}` must be true or false")
            return default
        return value

    def _param(self, value, where):
        """A `$name` value stands for the rule parameter of that name."""
        if isinstance(value, str) and PARAM_RE.match(value):
            if value[1:] not in self.params:
                self.p.add(*where, f"unknown parameter '{value}'; declare it under `params`")
                return None
            return self.params[value[1:]]
        return value

    def _parties(self, body: YMap, key: str) -> frozenset[str]:
        value = self._param(body.get(key), body.at(key))
        if value is None:
            return frozenset()
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or any(v not in PARTY_SELECTORS for v in values):
            self.p.add(*body.at(key), f"`{key}` takes one or more of: "
                                      f"{', '.join(sorted(PARTY_SELECTORS))}")
            return frozenset()
        return frozenset(values)

    def _selector(self, body, where, strict: bool = True) -> EventSelector | None:
        if not isinstance(body, YMap):
            self.p.add(*where, "expected an event selector such as `{kind: contact, from: customer}`")
            return None
        if strict:
            for key in body:
                if key not in self.SELECTOR_KEYS:
                    self.p.add(*body.key_where[key], f"unknown selector key '{key}'; "
                                                     f"known: {', '.join(sorted(self.SELECTOR_KEYS))}")
        kinds = self._param(body.get("kind"), body.at("kind")) or []
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not isinstance(kinds, list) or any(k not in EVENT_KINDS for k in kinds):
            self.p.add(*body.at("kind"), f"`kind` takes one or more of: {', '.join(EVENT_KINDS)}")
            kinds = []
        channels = self._param(body.get("channel"), body.at("channel")) or []
        channels = [channels] if isinstance(channels, str) else channels
        if not isinstance(channels, list):
            self.p.add(*body.at("channel"), "`channel` takes one or more channel names")
            channels = []
        flags = {}
        for flag in ("dated", "narrated"):
            value = flags[flag] = body.get(flag)
            if value is not None and not isinstance(value, bool):
                self.p.add(*body.at(flag), f"`{flag}` must be true or false")
                flags[flag] = None
        selector = EventSelector(kinds=frozenset(kinds), sender=self._parties(body, "from"),
                                 to=self._parties(body, "to"),
                                 with_=self._parties(body, "with"),
                                 channels=frozenset(channel_key(str(c)) for c in channels),
                                 **flags)
        # One object per distinct selector: a case finds the events of each object once.
        return _SELECTORS.setdefault(selector, selector)


def _examples(value, where, p: ProblemCollector) -> list[Example]:
    if value is None:
        return []
    if not isinstance(value, YSeq):
        p.add(*where, "`examples` must be a list")
        return []
    examples = []
    for i, (item, (line, col)) in enumerate(zip(value, value.where), start=1):
        if not isinstance(item, YMap) or item.get("expect") not in VERDICTS:
            p.add(line, col, "an example needs `expect: pass|fail|n/a` and a `dialogue` or `events`")
            continue
        if "dialogue" not in item and "events" not in item:
            p.add(line, col, "an example needs a `dialogue` or `events`")
            continue
        examples.append(Example(name=str(item.get("name") or f"example {i}"),
                                expect=item["expect"], data=item, line=line))
    return examples
