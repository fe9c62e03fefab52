"""Reviewing a case: rule verdicts, score, complaint keywords. Returns data, prints nothing."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from time import perf_counter

from .checks import CaseView, Hit, Outcome, evaluate, read_in_events
from .errors import InputError
from .loader import build_case
from .model import COMPANY_ROLES, Case, CaseResult, Evidence, RuleResult
from .rules import Condition, Example, Rule
from .text import Segmenter
from .yamlsrc import YMap, YSeq

MAX_EVIDENCE = 4  # per verdict: enough to convince, few enough to read
MAX_CONTEXT = 2  # when a verdict rests on something missing, the context it was missing from
VERDICT_NOTE = {"pass": "符合", "fail": "不符合", "n/a": "不适用"}


class Trace:
    """What each condition of a rule saw, for `casekit explain`."""

    __slots__ = ("section", "condition", "holds", "hits", "negated", "context", "values",
                 "looked_at")

    def __init__(self, section: str, condition: Condition, holds: bool, hits: list[Hit],
                 negated: list | None = None, context: list | None = None,
                 values: dict | None = None, looked_at: list | None = None):
        self.section, self.condition, self.holds, self.hits = section, condition, holds, hits
        self.negated = negated if negated is not None else []
        self.context = context if context is not None else []
        self.values = values if values is not None else {}
        self.looked_at = looked_at if looked_at is not None else []

    @property
    def message(self) -> str | None:
        """The condition's message with its values filled in ({waited}, {limit}…)."""
        return _message(self.condition, self)


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


class Reviewer:
    """Holds the rules and one segmenter that knows all their phrases; reviews many cases."""

    def __init__(self, rules: list[Rule], segmenter: Segmenter | None = None):
        self.rule_problems: list = []
        self.all_rules = rules
        self.rules = [r for r in rules if r.enabled]
        self._segmenter = segmenter
        self.reviews = 0

    @classmethod
    def from_config(cls, config, rule_dirs: list[Path] | None = None) -> "Reviewer":
        from .config import configured_rules

        problems: list = []
        reviewer = cls(configured_rules(config, rule_dirs, problems))
        reviewer.rule_problems = problems  # malformed rule files, each left out
        # how to rebuild this reviewer in a worker process that cannot be forked
        reviewer.config_path = config.path
        reviewer.rule_dirs = list(rule_dirs or [])
        return reviewer

    @property
    def segmenter(self) -> Segmenter:
        if self._segmenter is None:
            words = {w for r in self.rules for w in r.phrases()}
            # the narrative negators negate phrases too, and are words (没收到 is not 没收 + 到)
            negators = {w for r in self.rules if r.lexicon is not None for w in r.lexicon.negators}
            words = sorted(words)
            exceptions = sorted({w for r in self.rules for w in r.exceptions})
            self._segmenter = Segmenter(words, exceptions, sorted(negators))
            for lexicon in {id(r.lexicon): r.lexicon for r in self.rules
                            if r.lexicon is not None}.values():
                # the narrative layer asks the index which parts of its words a text holds
                self._segmenter.index.add(lexicon.part_set)
        return self._segmenter

    @cached_property
    def first_hit_keys(self) -> frozenset[int]:
        """The keys of conditions asked only whether they hold or where they first hold,
        for verdict-only reviews (see first_hit_keys())."""
        return first_hit_keys(self.rules)

    @cached_property
    def planner(self) -> "Planner":
        return Planner()

    def review(self, case: Case, keywords: bool = False, evidence: bool = True) -> CaseResult:
        """Every enabled rule's verdict on the case, and the score. Without `evidence`
        (batch scoring, which shows only verdicts) no quote is assembled, conditions stop
        at their first hit where nothing counts the others, a rule's conditions are tried
        in the order the planner finds cheapest, and each verdict comes with the rule's own
        message for it and no basis."""
        self.reviews += 1
        if self.reviews == 2:  # a second case: a batch, which reads most of the dictionary
            self.segmenter.load_whole_dictionary()
        view = CaseView(case, self.segmenter)
        if not evidence:
            view.verdict_only, view.first_hit_only = True, self.first_hit_keys
        if evidence:
            results = [self.judge(rule, view)[0] for rule in self.rules]
        else:
            results = [self.verdict(rule, view) for rule in self.rules]
            self.planner.reviewed()
        notices = []
        if case.encoding not in ("utf-8",):
            notices.append(f"文件编码为 {case.encoding},已自动识别。")
        known = {r.id for r in self.rules}
        for rule_id in case.expect:
            if rule_id not in known:
                notices.append(f"expect 中的规则 '{rule_id}' 不存在(第 {case.expect_lines[rule_id]} 行)。")
        result = CaseResult(case=case, results=results, score=score(results),
                            keywords=self.keywords(view) if keywords else [], notices=notices)
        view.release()
        return result

    def verdict(self, rule: Rule, view: CaseView) -> RuleResult:
        """One rule's verdict alone, for a verdict-only view (see review()): any applies_if
        that does not hold makes it n/a; then any fail_if that holds, or any pass_if that
        does not, makes it a fail. Once the rule applies, fail_if and pass_if conditions
        are one list, tried in the planner's order: whichever decides a fail first ends
        it. The rule's own message for the verdict, no evidence, no basis."""
        planner = self.planner
        verdict = "pass"
        steps = _verdict_steps(rule)
        for section, verdict_if_decided in ((steps[0], "n/a"), (steps[1], "fail")):
            for cond, decides_when in planner.order(section):
                if planner.measuring:
                    start = perf_counter()
                    holds = evaluate(cond, view).holds
                    planner.measured(cond, holds, perf_counter() - start)
                else:
                    holds = evaluate(cond, view).holds
                if holds == decides_when:
                    verdict = verdict_if_decided
                    break
            if verdict != "pass":
                break
        return RuleResult(rule=rule.id, title=rule.title, severity=rule.severity,
                          weight=rule.weight, verdict=verdict, veto=rule.veto, basis=None,
                          message=rule.messages.get(verdict) or VERDICT_NOTE[verdict],
                          advice=rule.advice, evidence=[],
                          expected=view.case.expect.get(rule.id))

    def judge(self, rule: Rule, view: CaseView) -> tuple[RuleResult, list[Trace]]:
        """One rule's verdict on one case, with its evidence and basis; with the trace of
        every condition when the view is tracing (`casekit explain`), else an empty list.
        A verdict without evidence is verdict()'s."""
        traces: list[Trace] = []
        tracing = view.tracing

        def run(section: str, conditions: list[Condition],
                until_false: bool = False) -> list[tuple[Condition, Outcome]]:
            out = []
            for cond in conditions:
                o = evaluate(cond, view)
                out.append((cond, o))
                if tracing:
                    traces.append(Trace(section, cond, o.holds, o.hits, o.negated, o.context,
                                        o.values, o.looked_at))
                elif until_false and not o.holds:
                    break  # the rest cannot change the verdict; only explain shows them
            return out

        applies = run("applies_if", rule.applies_if, until_false=True)
        deciding: list[tuple[list, list]] = []  # (context, hits) that the evidence comes from
        basis = None
        if not all(o.holds for _, o in applies):
            verdict, message = "n/a", rule.messages.get("n/a")
        else:
            fired = [(c, o) for c, o in run("fail_if", rule.fail_if) if o.holds]
            if fired:
                verdict, basis = "fail", "evidence"
                deciding = [(o.context, o.hits) for _, o in fired]
                message = _join(_message(c, o) for c, o in fired) or rule.messages.get("fail")
            else:
                passes = run("pass_if", rule.pass_if)
                if all(o.holds for _, o in passes):
                    verdict = "pass"
                    basis = "evidence" if passes else "absence"  # nothing wrong was found
                    # What earned a pass is what the company side said or did: not the
                    # context (the complaint a response came after), nor what the customer
                    # said (a pass on absence may then quote nothing: nothing was wrong).
                    deciding = [([], [h for h in o.hits if _by_company(h, view)])
                                for _, o in passes or applies]
                    message = rule.messages.get("pass")
                else:
                    verdict = "fail"
                    unmet = [(c, o) for c, o in passes if not o.holds]
                    message = (_join(_message(c, o) for c, o in unmet)
                               or rule.messages.get("fail"))
                    # What was required is told as not having happened (未作任何解释,
                    # 无法办理退款): that sentence is the evidence. Else the case is silent,
                    # and the evidence is what the missing thing was missing from.
                    told_not = [evidence for _, o in unmet for evidence, _ in o.negated]
                    if told_not:
                        basis = "evidence"
                        deciding = [(told_not, [])]
                    else:
                        basis = "absence"
                        deciding = [([], o.hits[:MAX_CONTEXT]) for _, o in applies]
        evidence: dict[tuple, Evidence] = {}
        for context, hits in deciding:
            for item in [*context, *(h.evidence for h in hits)]:
                key = (item.event, item.turn, item.line)
                if key in evidence:  # the same turn matched twice: one quote, all its matches
                    spans = tuple(sorted(set(evidence[key].spans) | set(item.spans)))
                    evidence[key] = replace(evidence[key], spans=spans)
                elif len(evidence) < MAX_EVIDENCE:
                    evidence[key] = item
        result = RuleResult(rule=rule.id, title=rule.title, severity=rule.severity,
                            weight=rule.weight, verdict=verdict, veto=rule.veto,
                            basis=basis,
                            message=message or VERDICT_NOTE[verdict], advice=rule.advice,
                            evidence=sorted(evidence.values(), key=lambda e: (e.event, e.turn or 0)),
                            expected=view.case.expect.get(rule.id))
        return result, traces

    def keywords(self, view: CaseView, top: int = 8) -> list[str]:
        """The customer's main complaint words (TF-IDF over what the customer said)."""
        from .keywords import top_keywords

        words = [t.word for u in view.utterances
                 if u.turn is not None and view.case.role_of(u.party) == "customer"
                 for t in view.analysed(u)[1].tokens]
        return top_keywords(words, top, ignore=view.case.parties)


def first_hit_keys(rules: list[Rule]) -> frozenset[int]:
    """Keys of the conditions of which at most the earliest hit is used: whether they hold,
    or where an `after` anchor is (a condition with `after` of its own: the earliest hit
    after that anchor). Not the ends of a gap (a reply is looked for after the start), nor
    one that counts (`min` > 1). A key used both ways is evaluated in full."""
    everywhere: set[int] = set()
    counted: set[int] = set()

    def walk(cond: Condition | None, full: bool) -> None:
        if cond is None:
            return
        # the hits after its last; or past the anchor's limit (the first may fall within)
        # (a hit taken back or hedged may not count, so the first alone may not decide)
        full = (full or cond.min > 1 or cond.unless is not None or cond.past_limit
                or cond.taken_back is not None or cond.hedged is not None)
        everywhere.add(cond.key)
        if full:
            counted.add(cond.key)
        for alternative in cond.any_of:
            walk(alternative, full)
        walk(cond.after, False)  # the anchor is its earliest hit
        walk(cond.unless, True)  # its latest hit counts
        walk(cond.unless_before, False)  # its earliest hit
        walk(cond.taken_back, True)  # any of its hits may fall in another's utterance
        walk(cond.hedged, True)  # likewise
        for held in (cond.not_holding, cond.unless_holding):  # every event with a hit…
            walk_holding(held)
        # a gap from the first hit that has a date needs them all; held against a promise's
        # own limit, only the first promise counts (so does its evidence, the limit it states)
        walk(cond.start, not cond.promised_limit)
        walk(cond.end, True)
        # …and any promise in the wait's first events may state the longer limit (the first
        # promise alone is often made elsewhere: batch and review disagreed on 7 cases)
        walk(cond.or_promised, True)

    def walk_holding(cond: Condition | None) -> None:
        if cond is None or read_in_events(cond):
            return  # …a plain act read in those events alone (checks._events_holding)
        if cond.kind == "any":
            for alternative in cond.any_of:
                walk_holding(alternative)
        else:
            walk(cond, True)

    for rule in rules:
        for cond in [*rule.applies_if, *rule.fail_if, *rule.pass_if]:
            walk(cond, False)
    return frozenset(everywhere - counted)


def _verdict_steps(rule: Rule) -> tuple[list, list]:
    """A rule's conditions as the planner's steps: the applies_if ones, then the fail_if
    and pass_if ones together (made once per rule and kept on it)."""
    found = rule.__dict__.get("_verdict_steps")
    if (found is None or found[0] is not rule.applies_if or found[1] is not rule.fail_if
            or found[2] is not rule.pass_if):
        found = rule.__dict__["_verdict_steps"] = (
            rule.applies_if, rule.fail_if, rule.pass_if,
            ([(c, False) for c in rule.applies_if],
             [(c, True) for c in rule.fail_if] + [(c, False) for c in rule.pass_if]))
    return found[3]


def _by_company(hit: Hit, view: CaseView) -> bool:
    """The hit quotes the company side: a company party's turn, an event narrated as the
    company's (its `from`), or narration the narrative layer reads as the company's act."""
    if hit.by_company and hit.position[1] == 0:  # narration (a turn is its speaker's words)
        return True
    return view.case.role_of(hit.evidence.party) in COMPANY_ROLES


class Planner:
    """The order in which verdict-only reviews try a rule's conditions.

    Any applies_if that does not hold decides a verdict (n/a); once a rule applies, any
    fail_if that holds decides it (fail), as does any pass_if that does not hold, so the
    fail_if and pass_if conditions are planned as one list. The order cannot change a
    verdict, only how much is evaluated before it is known. The planner starts from each
    condition's static cost (events, then gaps, phrases, acts) and, as a batch goes on,
    orders by the time a condition has taken per time it decided, measured on the batch
    itself (a query optimiser's adaptive predicate ordering). It plans again after 16, 64,
    256… reviews.
    """

    FIRST_PLAN = 16
    # Timing every condition costs ~2 % of a batch; past the first reviews one review in
    # SAMPLE_EVERY is timed, which estimates the same time per decision.
    MEASURE_ALL = 256
    SAMPLE_EVERY = 8

    def __init__(self) -> None:
        self.stats: dict[int, list] = {}  # Condition.key -> [evaluations, held, seconds]
        self._orders: dict[int, tuple[list, list]] = {}  # id(steps) -> (steps, order)
        self.reviews = 0
        self._next_plan = self.FIRST_PLAN
        self.measuring = True  # whether this review's conditions are timed

    def order(self, steps: list[tuple[Condition, bool]]) -> list[tuple[Condition, bool]]:
        """The steps (each a condition and the outcome of it that decides: True for a
        fail_if, False for an applies_if or a pass_if) in the order to try them."""
        key = id(steps)
        found = self._orders.get(key)
        if found is None or found[0] is not steps:  # the list is kept: ids are reused
            found = self._orders[key] = (steps, self._plan(steps))
        return found[1]

    def _plan(self, steps: list[tuple[Condition, bool]]) -> list[tuple[Condition, bool]]:
        def expected(step: tuple[Condition, bool]) -> tuple:
            cond, decides_when = step
            evaluations, held, seconds = self.stats.get(cond.key, (0, 0, 0.0))
            if not evaluations:  # never reached yet: tried first once, so it gets measured
                return (0, cond.cost)
            decided = held if decides_when else evaluations - held
            return (1, seconds / max(decided, 0.5))  # time per decision

        return sorted(steps, key=expected)

    def measured(self, cond: Condition, holds: bool, seconds: float) -> None:
        found = self.stats.get(cond.key)
        if found is None:
            found = self.stats[cond.key] = [0, 0, 0.0]
        found[0] += 1
        found[1] += holds
        found[2] += seconds

    def reviewed(self) -> None:
        self.reviews += 1
        self.measuring = (self.reviews < self.MEASURE_ALL
                          or self.reviews % self.SAMPLE_EVERY == 0)
        if self.reviews == self._next_plan:
            self._orders.clear()
            self._next_plan *= 4


def _message(cond: Condition, outcome: Outcome | Trace) -> str | None:
    """The condition's message with the outcome's values filled in ({waited}, {limit}…)."""
    return cond.message.format_map(_Blank(outcome.values)) if cond.message else None


def _join(messages) -> str:
    """Several condition messages as one sentence: 甲;乙。 A message two conditions share
    (a reply and a call told as not made) is said once."""
    parts = list(dict.fromkeys(m.strip().rstrip("。;;") for m in messages if m))
    return ";".join(parts) + "。" if parts else ""


def score(results: list[RuleResult]) -> float | None:
    """100 × weight passed / weight applicable; None when no rule applies.
    A failed veto rule (一票否决) caps the score at its veto value."""
    applicable = [r for r in results if r.verdict != "n/a"]
    total = sum(r.weight for r in applicable)
    if not applicable or total == 0:
        return None
    passed = sum(r.weight for r in applicable if r.verdict == "pass")
    value = round(100 * passed / total, 1)
    caps = [r.veto for r in applicable if r.verdict == "fail" and r.veto is not None]
    return min([value, *caps])


DEFAULT_SNIPPET_PARTIES = {"客户": "customer", "顾客": "customer", "客服": "agent",
                           "经理": "manager", "主管": "manager", "师傅": "staff",
                           "销售": "staff", "服务顾问": "staff"}


def example_case(rule: Rule, example: Example) -> Case:
    """Build a case from a rule example: a full case body, or a bare `dialogue` snippet
    (one phone contact from 客户 to the first company speaker)."""
    src = example.data
    data = YMap()
    data.line, data.column = src.line, src.column
    data["title"] = f"{rule.id}: {example.name}"
    if "parties" in src:
        data["parties"] = src["parties"]
        data.where["parties"] = src.at("parties")
    else:
        parties = YMap()
        parties.line, parties.column = src.line, src.column
        parties.update(DEFAULT_SNIPPET_PARTIES)
        data["parties"] = parties
    if "events" in src:
        data["events"] = src["events"]
        data.where["events"] = src.at("events")
    else:
        event = YMap()
        event.line, event.column = src.at("dialogue")
        event["kind"] = "contact"
        speakers = [next(iter(t)) for t in src["dialogue"] or [] if isinstance(t, YMap) and t]
        roles = {label: (spec.get("role") if isinstance(spec, dict) else spec)
                 for label, spec in data["parties"].items()}
        customers = [s for s in speakers if roles.get(s) == "customer"] or [
            label for label, role in roles.items() if role == "customer"]
        event["from"] = customers[0] if customers else "客户"
        company = [s for s in speakers if roles.get(s) not in ("customer", None)]
        if company:
            event["to"] = company[0]
        event["channel"] = src.get("channel", "phone")
        event["dialogue"] = src["dialogue"]
        event.where["dialogue"] = src.at("dialogue")
        events = YSeq()
        events.line, events.column = event.line, event.column
        events.append(event)
        events.where.append((event.line, event.column))
        data["events"] = events
    return build_case(data, rule.path)


@dataclass
class Explanation:
    """Why a rule gave its verdict on a case: every condition, what it saw, how text was cut."""

    result: RuleResult
    traces: list[Trace]
    first_owner: str | None
    segmentation: dict  # (event, turn) -> [(word, is_match)] for every turn looked at
    # what the narrative layer read for the rule's `act` conditions, in text order
    narrative: list[ActReading] = field(default_factory=list)


@dataclass
class ActReading:
    """One act word as the narrative layer read it (for `casekit explain`)."""

    event: int
    turn: int | None
    line: int
    word: str  # as written in the case
    act: str
    act_title: str
    actor: str | None  # a party label, or None when only the side is known
    side: str | None  # customer | company | other
    negated: bool
    negator: str | None
    repeated: int  # 0; 1 told as once more (再次, 又); 2 more than that (多次, 三次)
    quote: str  # the clause around it, as written


def explain(reviewer: Reviewer, case: Case, rule_id: str) -> Explanation:
    rule = next((r for r in reviewer.all_rules if r.id == rule_id), None)
    if rule is None:
        raise KeyError(rule_id)
    view = CaseView(case, reviewer.segmenter)
    view.tracing = True
    result, traces = reviewer.judge(rule, view)
    segmentation = {}
    for trace in traces:
        for u in trace.looked_at:
            norm, analysed = view.analysed(u)
            tokens = analysed.tokens
            matched = [span for t in traces for h in t.hits if h.position[:2] == u.position
                       for span in h.evidence.spans]
            segmentation[u.position] = [(norm.text[t.start:t.end],
                                         any(norm.span_in_original(t.start, t.end)[0] < b and
                                             a < norm.span_in_original(t.start, t.end)[1]
                                             for a, b in matched))
                                        for t in tokens]
    return Explanation(result, traces, view.first_owner, segmentation,
                       _act_readings(rule, view))


def _act_readings(rule: Rule, view: CaseView) -> list[ActReading]:
    """Every occurrence of the acts the rule asks about, as read: who, negated, repeated."""
    from .narrative import clause_end, clause_start

    out = []
    for lexicon, names in _acts_by_lexicon(rule).items():
        narrative = view.narrative(lexicon)
        for u in view.utterances:
            present = view.present(u)
            norm = view.analysed(u)[0]
            for name in names:
                act = lexicon.acts[name]
                for m, reading in narrative.found(u, act, present):
                    a, b = norm.span_in_original(m.start, m.end)
                    start, end = norm.span_in_original(clause_start(norm.text, m.start),
                                                       clause_end(norm.text, m.end))
                    out.append(ActReading(u.event.index, u.turn.index if u.turn else None, u.line,
                                          u.text[a:b], name, act.title, reading.actor,
                                          reading.side, reading.negated, reading.negator,
                                          reading.repeated, u.text[start:end]))
    out.sort(key=lambda r: (r.event, r.turn or 0))
    return out


def _acts_by_lexicon(rule: Rule) -> dict:
    found: dict = {}
    for cond in rule.conditions():
        if cond.kind == "act":
            names = found.setdefault(cond.lexicon, [])
            names.extend(n for n in cond.acts if n not in names)
    return found


def check_examples(reviewer: Reviewer, rule: Rule) -> list[tuple[Example, str, RuleResult | None]]:
    """Run a rule on its own examples: (example, actual verdict, result) for each."""
    out = []
    for example in rule.examples:
        try:
            case = example_case(rule, example)
        except InputError as exc:
            out.append((example, str(exc), None))
            continue
        result, _ = reviewer.judge(rule, CaseView(case, reviewer.segmenter))
        out.append((example, result.verdict, result))
    return out


@dataclass
class ExampleRun:
    """One rule example run for `casekit rules test`."""

    rule: Rule
    example: Example
    actual: str  # pass | fail | n/a | invalid
    detail: str = ""

    @property
    def miss(self) -> str | None:
        """None when the example gave what it expects, else what kind of miss it is."""
        if self.actual == self.example.expect:
            return None
        if self.actual == "invalid":
            return "invalid example"
        if self.example.expect == "fail" and self.actual == "pass":
            return "false pass"
        if self.example.expect == "pass" and self.actual == "fail":
            return "false fail"
        return f"expected {self.example.expect}, got {self.actual}"


def run_examples(reviewer: Reviewer, rules: list[Rule] | None = None) -> list[ExampleRun]:
    runs = []
    for rule in rules if rules is not None else reviewer.all_rules:
        for example, actual, result in check_examples(reviewer, rule):
            if result is None:
                runs.append(ExampleRun(rule, example, "invalid", actual))
            else:
                runs.append(ExampleRun(rule, example, actual, result.message))
    return runs
