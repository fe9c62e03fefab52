"""Evaluating rule conditions on a case.

Each condition kind (said, event, any) is one function that returns the hits that made it
hold: every hit carries the Evidence (event, turn, YAML line, quoted text, matched spans)
that a verdict will show. Negated phrases are kept aside so `explain` can show them.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cached_property

from .model import COMPANY_ROLES, KIND_NAMES, Case, Event, Evidence, Turn
from .rules import Condition, EventSelector, channel_key
from .timefmt import humanize_gap
from .text import (Analysed, Match, Normalized, Segmenter, normalize_many, sentence_end,
                   to_simplified)


class Utterance:
    """Something a party said: a dialogue turn, or an event's narration note."""

    __slots__ = ("event", "turn", "party", "text", "line", "position", "ordinal")

    def __init__(self, event: Event, turn: Turn | None, party: str | None, text: str, line: int,
                 ordinal: int = -1):
        self.event, self.turn, self.party, self.text, self.line = event, turn, party, text, line
        self.position = (event.index, turn.index if turn else 0)
        self.ordinal = ordinal  # place in CaseView.utterances

    def evidence(self, matches: list[Match] = (), norm: Normalized | None = None) -> Evidence:
        spans = tuple(norm.span_in_original(m.start, m.end) for m in matches) if norm else ()
        return Evidence(event=self.event.index, turn=self.turn.index if self.turn else None,
                        party=self.party, text=self.text, line=self.line, spans=spans)


class Hit:
    """Where a condition matched. Its Evidence is built only when a verdict or an
    explanation shows it: most hits of most conditions never are."""

    __slots__ = ("position", "_evidence", "_source", "by_company")

    def __init__(self, position: tuple[int, int], evidence: Evidence | None = None,
                 source: tuple | None = None, by_company: bool = False):
        self.position, self._evidence, self._source = position, evidence, source
        # an act the narrative layer reads as done by the company side (whoever tells it)
        self.by_company = by_company

    @classmethod
    def said(cls, u: Utterance, matches: list[Match] = (), norm: Normalized | None = None) -> "Hit":
        return cls(u.position, None, (u, matches, norm))

    @classmethod
    def event(cls, event: Event) -> "Hit":
        return cls((event.index, 0), None, (event,))

    @property
    def evidence(self) -> Evidence:
        if self._evidence is None:
            source = self._source
            if len(source) == 1:
                self._evidence = event_evidence(source[0])
            else:
                u, matches, norm = source
                self._evidence = u.evidence(matches, norm)
        return self._evidence

    def __repr__(self) -> str:
        return f"Hit({self.position}, {self.evidence!r})"


class Outcome:
    """What evaluating one condition found. Made for every condition of every rule of
    every case, so a plain class with slots rather than a dataclass."""

    __slots__ = ("holds", "hits", "negated", "context", "looked_at", "values")

    def __init__(self, holds: bool, hits: list[Hit] | None = None,
                 negated: list[tuple[Evidence, list[Match]]] | None = None,
                 context: list[Evidence] | None = None, looked_at: list[Utterance] | None = None,
                 values: dict | None = None):
        self.holds = holds
        self.hits = [] if hits is None else hits
        self.negated = [] if negated is None else negated
        self.context = [] if context is None else context  # what the hits relate to
        self.looked_at = [] if looked_at is None else looked_at  # said: candidates checked
        self.values = {} if values is None else values  # for the message, e.g. {waited}


class CaseView:
    """A case prepared for checking: utterances, their segmentation (cached), the first owner.

    Everything a condition asks more than once per case (who matches a party selector,
    what a party said, which phrases occur in a text) is computed once and kept here.
    """

    def __init__(self, case: Case, segmenter: Segmenter):
        self.case = case
        self.segmenter = segmenter
        self.utterances: list[Utterance] = []
        for event in case.events:
            if event.note:
                self.utterances.append(Utterance(event, None, event.sender, event.note,
                                                 event.note_line or event.line,
                                                 len(self.utterances)))
            for turn in event.dialogue:
                self.utterances.append(Utterance(event, turn, turn.party, turn.text, turn.line,
                                                 len(self.utterances)))
        self._analysed: list[tuple[Normalized, Analysed] | None] = [None] * len(self.utterances)
        self._present: list[set[str] | None] = [None] * len(self.utterances)
        self._present_version = segmenter.index.version
        # every party: a narrated act may name one who never sends, receives or speaks
        self._labels = ({None} | set(case.parties) | {u.party for u in self.utterances}
                        | {e.sender for e in case.events} | {e.to for e in case.events})
        self._matching: dict[frozenset[str], frozenset] = {}
        self._spoken: dict[tuple, list[Utterance]] = {}
        self._groups: dict[int, list[list[Utterance]]] = {}  # Condition.scope -> groups
        self._events_matching: dict[int, list[Event]] = {}  # id(selector) -> events
        self._group_present: dict[int, list[set[str]]] = {}
        self._replies: frozenset[int] | None = None  # see replies()
        self._machines: frozenset[str] | None = None  # see machine_labels()
        self.repeated_turns: dict[frozenset, set[int]] = {}  # see _repeated_turns
        self.by_event: dict[int, list[Utterance]] = {e.index: [] for e in case.events}
        for u in self.utterances:
            self.by_event[u.event.index].append(u)
        self.first_owner = self._first_owner()
        self.outcomes: dict[int, object] = {}  # Condition.key -> Outcome, see evaluate()
        self._narratives: dict = {}  # Lexicon -> CaseNarrative
        self.tracing = False  # True when explaining: keep everything every condition saw
        # Batch scoring shows verdicts only: a condition of which at most the earliest hit
        # is used (not a gap's end, nor one with `after` or `min`) may stop at its first
        # hit. The reviewer sets the keys of the conditions that may (engine.first_hit_keys).
        self.first_hit_only: frozenset[int] = frozenset()
        self.verdict_only = False

    def analysed(self, u: Utterance) -> tuple[Normalized, Analysed]:
        """The utterance normalised and prepared for matching (segmented on demand), once
        per case, whatever rules ask. The first call normalises every utterance at once."""
        found = self._analysed[u.ordinal]
        if found is None:
            prepare = self.segmenter.prepare
            for v, norm in zip(self.utterances, normalize_many([v.text for v in self.utterances])):
                self._analysed[v.ordinal] = (norm, prepare(norm.text))
            found = self._analysed[u.ordinal]
        return found

    def narrative(self, lexicon) -> "CaseNarrative":
        """The narrative reading of this case (actors, negation, repetition, times)."""
        found = self._narratives.get(lexicon)
        if found is None:
            from .narrative import CaseNarrative

            found = self._narratives[lexicon] = CaseNarrative(self, lexicon)
        return found

    def release(self) -> None:
        """Drop the narrative readings, which refer back to this view: without the cycle,
        a reviewed case is freed as soon as it is dropped, not by the garbage collector
        (a batch reviews thousands; collecting them cost ~10 % of the time)."""
        self._narratives.clear()

    def is_company(self, label: str | None) -> bool:
        return self.case.role_of(label) in COMPANY_ROLES

    def names_speaker(self, u: Utterance) -> bool:
        """The turn says who its speaker is by name: the party's declared `name`, or the name
        in its label after the role (前台小林 -> 小林, 客服6638 -> 6638). A label that is only a
        role (前台, 客服) names nobody: 您好，前台 is a desk, not a person; the role said with a
        name after it (您好，前台小林) does."""
        if u.turn is None:
            return False
        from .narrative import full_name_after_role, name_after_role, name_follows

        party = self.case.parties.get(u.party)
        names = [to_simplified(party.name)] if party is not None and party.name else []
        label = to_simplified(u.party or "")
        number = _STAFF_NUMBER_AT_END_RE.search(label)
        personal = (name_after_role(label) or (number.group() if number and number.start() else None)
                    or full_name_after_role(label))
        if personal:
            names.append(personal)
        text = self.analysed(u)[0].text
        if any(name in text for name in names):
            return True
        if personal and len(personal) == 2 and personal[0] in "老小":
            # 老陈, 小吕: the full name the familiar one stands for, said as a name is, at the
            # end of a clause (您好，安和物业夜班保安陈立国。)
            full = re.compile(re.escape(personal[1]) + r"[\u4e00-\u9fff]{1,2}(?=$|[，。！？,.!?\s~～])")
            if full.search(text):
                return True
        pos = text.find(label) if label else -1
        while pos != -1:
            if name_follows(text, pos + len(label)):
                return True
            pos = text.find(label, pos + 1)
        return False

    def in_complaint(self, u: Utterance, start: int) -> bool:
        """The words are the customer's own in the customer's first event sent to the
        company: the complaint, which tells what came before the case. A turn of the
        customer's there (我这个月打了两次电话了), or in its narration what follows a saying
        verb in the sentence of the word at `start` (说自己跑了三趟了), or what it tells in
        sentences before the customer turns to the company (护理员还没到，电话也打不通。钱先生
        打公司客服电话). Or the complaint told
        back in a company's turn, in any event: what it apologises for or feels for, or reads
        back to check it (让您白等了一上午，真是对不起; 又要专门跑一趟，换谁都不痛快; 我复述一下…，
        是这样吗?). Or what a check of the
        company's found, told in its narration (see found_back)."""
        from .narrative import complaint_told_back, sentence_start, told_as_said  # only acts ask

        if u.turn is not None and self.is_company(u.party):
            return complaint_told_back(self.analysed(u)[0].text, start)
        if u.event.index != self._complaint_event:
            # …or what a check of the company's found, told in its narration (确认快递员未按
            # 备注送货上门): the matter complained of, told back
            return self.found_back(u, start)
        if u.turn is not None:
            return self.case.role_of(u.party) == "customer"
        text = self.analysed(u)[0].text
        # …or, in its narration, what it tells before the customer turns to the company
        # (护理员还没到，电话也打不通。钱先生打公司客服电话…): what the complaint is about
        contacted = _TURNS_TO_COMPANY_RE.search(text)
        if contacted is not None and start < sentence_start(text, contacted.start()):
            return True
        return told_as_said(text, start)

    def found_back(self, u: Utterance, start: int) -> bool:
        """The words at `start` are in what a check of the company's found, told in its
        narration outside the complaint's own event (网点负责人回电，确认快递员未按备注送货上门)."""
        from .narrative import told_as_found

        return (u.turn is None and u.event.index != self._complaint_event
                and self.is_company(u.event.sender)
                and told_as_found(self.analysed(u)[0].text, start))

    @cached_property
    def _complaint_event(self) -> int | None:
        """The index of the customer's first event sent to the company (see in_complaint)."""
        return next((e.index for e in self.case.events
                     if self.case.role_of(e.sender) == "customer" and self.is_company(e.to)),
                    None)

    @cached_property
    def _sole_customer(self) -> str | None:
        """The case's customer, when it has exactly one (see receiver)."""
        customers = [label for label, party in self.case.parties.items()
                     if party.role == "customer"]
        return customers[0] if len(customers) == 1 else None

    def _first_owner(self) -> str | None:
        """Whoever on the company side the customer reached first (首问负责人)."""
        for event in self.case.events:
            if self.case.role_of(event.sender) != "customer":
                continue
            if self.is_company(event.to):
                return event.to
            for turn in event.dialogue:
                if self.is_company(turn.party):
                    return turn.party
        return None

    def present(self, u: Utterance) -> set[str]:
        """The first parts of rule phrases that occur in the utterance, found for every
        rule in one pass over its text (the segmenter's PhraseIndex)."""
        found = self._present[u.ordinal]
        if found is None:
            found = self._present[u.ordinal] = self.segmenter.index.present(self.analysed(u)[0].text)
        return found

    def index_condition(self, cond: Condition) -> None:
        """Make sure the phrase index knows the condition's phrases (the rules' phrases are
        indexed when the segmenter is built; this catches any other caller)."""
        self.index_parts(cond, cond.first_parts)

    def index_parts(self, holder, parts: frozenset[str]) -> None:
        """Make sure the phrase index knows the parts (a condition's, a lexicon's), asked
        once per holder and index; what was found present before it grew is found again."""
        index = self.segmenter.index
        if holder.__dict__.get("_indexed_by") is not index:  # the index only grows: ask once
            if not parts <= index.known:
                index.add(parts)
            holder.__dict__["_indexed_by"] = index
        if self._present_version != index.version:
            self._present = [None] * len(self.utterances)
            self._group_present.clear()
            self._present_version = index.version

    def groups(self, cond: Condition) -> list[list[Utterance]]:
        """The utterances a `said` condition looks at: one list, or one per event when the
        condition is limited to some events or to a position in each event."""
        found = self._groups.get(cond.scope)
        if found is None:
            found = self._groups[cond.scope] = self._make_groups(cond)
        return found

    def _make_groups(self, cond: Condition) -> list[list[Utterance]]:
        if cond.within is None and cond.position == "any":  # the common case, one flat list
            return [self.spoken_by(cond.by, cond.notes)]
        groups = []
        labels = self.matching(cond.by)
        notes = cond.notes and cond.position == "any"
        within = {e.index for e in self.events_matching(cond.within)} if cond.within else ()
        opens = cond.position in ("opening", "first")
        replies = self.replies() if opens else ()
        # a machine's messages open nothing: a person's first words do
        machines = self.machine_labels(cond.lexicon) if opens else frozenset()
        for event in self.case.events:
            if cond.within and event.index not in within:
                continue
            if event.index in replies:  # the same conversation goes on: nothing opens here
                groups.append([])
                continue
            utterances = self.by_event[event.index]
            if machines:
                utterances = [u for u in utterances if u.party not in machines]
            candidates = [u for u in utterances
                          if u.party in labels and (notes or u.turn is not None)]
            if cond.position == "opening":  # the event's first turn, when it is this speaker's
                opening = next((u.turn for u in utterances if u.turn is not None), None)
                candidates = [u for u in candidates if u.turn is not None and u.turn is opening]
            elif cond.position == "first":
                candidates = candidates[:1]
            elif cond.position == "last":
                candidates = candidates[-1:]
            groups.append(candidates)
        return groups

    def machine_labels(self, lexicon) -> frozenset[str]:
        """The parties that are machines: a label or name holding one of the lexicon's
        `machines` words (智能客服, 自动回复). Their turns are no person's opening."""
        if self._machines is None:
            words = lexicon.machines if lexicon is not None else ()
            self._machines = frozenset(
                label for label, party in self.case.parties.items()
                if any(w in to_simplified(str(name)) for name in (label, party.name) if name
                       for w in words))
        return self._machines

    def replies(self) -> frozenset[int]:
        """Events that go on with the conversation just before them: the customer answering, on
        the same channel and with no new time or one a few minutes on (REPLY_MINUTES), the
        company member who has just called or written to them (客服来电 as one event, 何女士一口气
        讲了十来分钟 as the next). Such an event has no opening of its own: what a position
        `opening` or `first` judges is the conversation's."""
        if self._replies is None:
            events, role = self.case.events, self.case.role_of
            self._replies = frozenset(
                event.index for prev, event in zip(events, events[1:])
                if event.sender is not None and event.sender == prev.to and event.to == prev.sender
                and role(event.sender) == "customer" and role(prev.sender) in COMPANY_ROLES
                and event.channel is not None and event.channel == prev.channel
                and (event.at is None or _goes_on(prev.at, event.at)))
        return self._replies

    def group_present(self, cond: Condition) -> list[set[str]]:
        """For each of groups(cond), the phrase first parts anything in it contains."""
        found = self._group_present.get(cond.scope)
        if found is None:
            found = []
            for group in self.groups(cond):
                union: set[str] = set()
                for u in group:
                    union |= self.present(u)
                found.append(union)
            self._group_present[cond.scope] = found
        return found

    def spoken_by(self, selector: frozenset[str], notes: bool) -> list[Utterance]:
        """Every utterance (turns, and notes if asked) of the parties selected, in order."""
        key = (selector, notes)
        found = self._spoken.get(key)
        if found is None:
            labels = self.matching(selector)
            found = self._spoken[key] = [u for u in self.utterances if u.party in labels
                                         and (notes or u.turn is not None)]
        return found

    def matching(self, selector: frozenset[str]) -> frozenset:
        """The labels of this case (None included) that a party selector selects."""
        found = self._matching.get(selector)
        if found is None:
            found = self._matching[selector] = frozenset(
                label for label in self._labels if self._party_matches(selector, label))
        return found

    def party_matches(self, selector: frozenset[str], label: str | None) -> bool:
        return label in self.matching(selector)

    def _party_matches(self, selector: frozenset[str], label: str | None) -> bool:
        if not selector or "any" in selector:
            return True
        role = self.case.role_of(label)
        if role is None:
            return False
        return (role in selector or ("company" in selector and role in COMPANY_ROLES)
                or ("first-owner" in selector and label == self.first_owner))

    def _takes_part(self, selector: frozenset[str], event: Event) -> bool:
        """A party of the selector sends or receives the event (as `receiver` reads it), or
        speaks in its dialogue."""
        labels = self.matching(selector)
        return (event.sender in labels or self.receiver(event) in labels
                or any(turn.party in labels for turn in event.dialogue))

    def receiver(self, event: Event) -> str | None:
        """Who an event is for: its `to`; a resolution by the company that names nobody
        (第二天年费就退回了卡上) is the customer's, when the case has one customer."""
        if event.to is None and event.kind == "resolution" and self.is_company(event.sender):
            return self._sole_customer
        return event.to

    def events_matching(self, sel: EventSelector | None) -> list[Event]:
        """The events a selector selects, in order (found once per case and selector)."""
        key = id(sel)  # selectors live in the rules, as long as this view; hashing is dearer
        found = self._events_matching.get(key)
        if found is None:
            found = self._events_matching[key] = [e for e in self.case.events
                                                  if self.event_matches(sel, e)]
        return found

    def event_matches(self, sel: EventSelector | None, event: Event) -> bool:
        if sel is None:
            return True
        return ((not sel.kinds or event.kind in sel.kinds)
                and (not sel.sender or event.sender in self.matching(sel.sender))
                and (not sel.to or self.receiver(event) in self.matching(sel.to))
                and (not sel.with_ or self._takes_part(sel.with_, event))
                and (not sel.channels or channel_key(event.channel or "") in sel.channels)
                and (sel.dated is None or (event.at is not None) == sel.dated)
                and (sel.narrated is None or bool(event.note) == sel.narrated))


# A turn told a few minutes after the company member's call or message began (客服14:00来电,
# 客户14:05一口气讲了二十来分钟) is that conversation going on, not a contact of its own
REPLY_MINUTES = 10


def _goes_on(began, later) -> bool:
    return began is not None and timedelta(0) <= later - began <= timedelta(minutes=REPLY_MINUTES)


def evaluate(cond: Condition, view: CaseView) -> Outcome:
    """The outcome of one condition on the case; equal conditions are evaluated once per
    case (rules share many, such as what the customer complained of). Outcomes are
    shared, so nobody may change one after it is returned."""
    memo = view.outcomes
    outcome = memo.get(cond.key)
    if outcome is None:
        outcome = memo[cond.key] = _evaluate(cond, view)
    return outcome


def _evaluate(cond: Condition, view: CaseView) -> Outcome:
    if cond.kind == "any":
        # Evidence comes from the first alternative that holds: the most specific one
        # is listed first (the customer's own words before the narration of the event).
        if not view.tracing:  # only an explanation shows what the other alternatives saw
            negated = []
            # which alternative holds matters only to evidence, which a verdict-only
            # review does not show (unless its hits are counted or placed: not first_hit)
            alternatives = (cond.cheap_alternatives if cond.key in view.first_hit_only
                            else cond.any_of)
            for c in alternatives:
                o = evaluate(c, view)
                if o.holds:
                    return Outcome(True, o.hits, o.negated, o.context, values=o.values)
                negated.extend(o.negated)
            return Outcome(False, negated=negated)  # "did not happen" may be the evidence
        outcomes = [evaluate(c, view) for c in cond.any_of]
        negated = [n for o in outcomes for n in o.negated]
        for o in outcomes:
            if o.holds:
                return Outcome(True, o.hits, negated, context=o.context, values=o.values,
                               looked_at=[u for x in outcomes for u in x.looked_at])
        return Outcome(False, [], negated, looked_at=[u for x in outcomes for u in x.looked_at])
    if cond.kind == "gap":
        return _gap(cond, view)
    anchor = floor = None
    if cond.after is not None:
        before = evaluate(cond.after, view)
        if not before.holds:
            return Outcome(False)
        # the first match of the anchor: of any of its alternatives, whichever came first
        anchor = _all_hits(cond.after, view)[0] if cond.after.kind == "any" else before.hits[0]
        # where the anchor's words start, in its utterance: an act told earlier in the same
        # turn (让您白等了一天。…今天下午安排师傅上门) came before it, not after
        mark = (*anchor.position[:2], _start_of(anchor))
        if cond.key in view.first_hit_only:  # only the first hit after the anchor is used
            floor = mark
    if cond.kind == "said":
        outcome = _said(cond, view, floor)
    elif cond.kind == "act":
        outcome = _act(cond, view, floor)
    else:
        outcome = _event(cond, view, anchor.position[0] if anchor is not None else 0)
    if anchor is not None:
        outcome.hits = [h for h in outcome.hits
                        if h.position > (mark if len(h.position) > 2 else mark[:2])]
        if cond.past_limit and outcome.hits:
            stated = _stated_limit(anchor, view)
            if stated is not None:
                outcome.hits = [h for h in outcome.hits
                                if not _within_limit(anchor, h, stated, view)]
            elif cond.past_limit == "stated":
                outcome.hits = []  # no limit stated: nothing to have run out
        if not view.verdict_only:  # a verdict-only review quotes nothing
            outcome.context.insert(0, anchor.evidence)
    if cond.unless is not None and outcome.hits:
        # what was set right later (a brush-off, then a remedy) no longer counts
        later = _all_hits(cond.unless, view)
        if later:
            last = max(h.position for h in later)
            outcome.hits = [h for h in outcome.hits if h.position > last]
    if cond.unless_before is not None and outcome.hits:
        # what is told after it (the matter resolved, then "nobody called since") is no
        # longer the same matter
        earlier = _all_hits(cond.unless_before, view)
        if earlier:
            first = earlier[0].position
            outcome.hits = [h for h in outcome.hits if h.position < first]
    if cond.taken_back is not None and outcome.hits:
        # what the speaker takes back in the same breath (对不起，行了吧?) was not meant
        back = _all_hits(cond.taken_back, view)
        if back:
            outcome.hits = [h for h in outcome.hits if not _taken_back(h, back)]
    if cond.hedged is not None and outcome.hits:
        # what the speaker puts on a condition first (如果给您带来不便，我们深表歉意) is not said
        hedges = _all_hits(cond.hedged, view)
        if hedges:
            outcome.hits = [h for h in outcome.hits if not _hedged(h, hedges, view)]
    outcome.holds = len(outcome.hits) >= cond.min
    return outcome


def _said(cond: Condition, view: CaseView, floor: tuple | None = None) -> Outcome:
    """What the parties said that matches; with `floor` (a position), only the first hit
    after it is looked for."""
    outcome = Outcome(False)
    words = cond.words
    groups = view.groups(cond)
    if view.tracing:
        outcome.looked_at = [u for group in groups for u in group]
    firsts = cond.first_parts
    if words:
        view.index_condition(cond)
        # only the groups where one of the phrases occurs somewhere
        groups = [g for g, there in zip(groups, view.group_present(cond))
                  if not firsts.isdisjoint(there)]
    hits = outcome.hits
    first_only = cond.key in view.first_hit_only  # verdict only: the first hit decides
    repeated = _repeated_turns(view, cond.by) if cond.repeating else None
    for candidates in groups:
        if first_only and hits:
            break
        for u in candidates:
            if floor is not None and not u.position > floor:
                continue
            if cond.ends_with and not u.text.rstrip().endswith(cond.ends_with):
                continue
            if repeated is not None and u.ordinal not in repeated:
                continue
            if cond.names_speaker and not view.names_speaker(u):
                continue
            if cond.next_by:
                following = _next_turn(u)
                if following is None or not view.party_matches(cond.next_by, following.party):
                    continue
                if cond.next_not_saying and _says_any(view, u, following, cond.next_not_saying):
                    continue  # 您接着说: the company asked the customer to go on
                outcome.context.append(Utterance(u.event, following, following.party,
                                                 following.text, following.line).evidence())
            if not words:
                hits.append(Hit.said(u))
                if first_only:
                    break
                continue
            there = firsts & view.present(u)
            if not there:
                continue
            norm, analysed = view.analysed(u)
            if len(there) == 1:
                (first,) = there
                phrases = cond.by_first_part[first]
            else:
                phrases = tuple(w for w, first in cond.phrase_firsts if first in there)
            matches = view.segmenter.match(analysed, phrases, negation=cond.negation,
                                           exceptions=cond.exceptions)
            if not matches:
                continue
            if not cond.quoted:
                quoted = analysed.quoted
                if quoted:
                    matches = [m for m in matches if not any(a <= m.start < b for a, b in quoted)]
            if u.turn is None and cond.lexicon is not None and cond.negation:
                # a narration's words are negated as its acts are, in the whole clause
                narrative = view.narrative(cond.lexicon)
                matches = [m if m.negated else _negated_by(narrative, u, m) for m in matches]
            positive = [m for m in matches if not m.negated]
            if positive:
                hits.append(Hit.said(u, positive, norm))
                if first_only:
                    break
            if len(positive) < len(matches) and not first_only:
                negated = [m for m in matches if m.negated]
                outcome.negated.append((u.evidence(negated, norm), negated))
    return outcome


def _negated_by(narrative, u, m):
    negator = narrative.negator_at(u, m.start, m.end)
    return m if negator is None else m._replace(negated=True, negator=negator)


COMPANY_SIDE = frozenset({"company"})
# a staff number after the role in a party's label: 客服6638
_STAFF_NUMBER_AT_END_RE = re.compile(r"\d{3,}$")


def _act(cond: Condition, view: CaseView, floor: tuple | None = None) -> Outcome:
    """An act of the narrative lexicon, by the party the sentence says did it, narrated as
    having happened (or, with `negated`, as not having happened). With `floor`, only the
    first after that position."""
    outcome = Outcome(False)
    if view.tracing:
        outcome.looked_at = [u for group in view.groups(cond) for u in group]
    if not cond.acts:
        return outcome
    view.index_condition(cond)
    narrative = view.narrative(cond.lexicon)
    within = _within_events(cond, view)
    if cond.key in view.first_hit_only:
        return _first_act(cond, view, narrative, within, floor)
    kept: dict[int, list] = {}  # utterance ordinal -> matches, in text order
    other: dict[int, list] = {}
    seen = set()
    # A verdict-only review quotes nothing: when only what did not happen counts, the
    # acts told as done (the evidence read the other way) need not be read.
    negated_only = cond.negated and view.verdict_only
    again = bool(cond.repeated)  # which texts to read: those with a repetition word
    for name in cond.acts:
        act = cond.lexicon.acts[name]
        for u, m, reading in (narrative.each_occurrence(act, again, True) if negated_only
                              else narrative.occurrences(act, again)):
            if (u.ordinal, m.start, m.end) in seen:  # a word listed under two of the acts
                continue
            seen.add((u.ordinal, m.start, m.end))
            if not _as_asked(cond, narrative, u, reading, within, m.start):
                continue
            m = m._replace(negated=reading.negated, negator=reading.negator)
            (kept if reading.negated == cond.negated else other).setdefault(u.ordinal, []).append(
                (m, narrative.actor_matches(COMPANY_SIDE, reading)))
    utterances = view.utterances
    for ordinal, matches in kept.items():
        u = utterances[ordinal]
        norm = view.analysed(u)[0]
        e, t = u.position
        for m, by_company in matches:  # one hit per act, placed within the text (a story)
            outcome.hits.append(Hit((e, t, m.start), None, (u, [m], norm), by_company))  # in order
    for ordinal, matches in sorted(other.items()):
        u = utterances[ordinal]  # read the other way: "did not happen" is a verdict's evidence
        matches = [m for m, _ in matches]
        outcome.negated.append((u.evidence(sorted(matches), view.analysed(u)[0]), matches))
    outcome.hits.sort(key=lambda h: h.position)
    return outcome


def _within_events(cond: Condition, view: CaseView) -> set[int] | None:
    """The indexes of the events an act condition's `in` selects (None: any event)."""
    return ({e.index for e in view.events_matching(cond.within)}
            if cond.within is not None else None)


def _as_asked(cond: Condition, narrative, u: Utterance, reading, within, start: int) -> bool:
    """The occurrence (its word at `start`) is in the events, by the party and repeated as
    the condition asks (whether it was negated is sorted out by the caller)."""
    return ((within is None or u.event.index in within)
            and reading.repeated >= cond.repeated
            and (cond.in_complaint or not narrative.view.in_complaint(u, start))
            and (cond.found or not narrative.view.found_back(u, start))
            and (not cond.actor or narrative.actor_matches(cond.actor, reading)))


def _first_act(cond: Condition, view: CaseView, narrative, within,
               floor: tuple | None = None) -> Outcome:
    """_act for a verdict or an anchor: the earliest qualifying occurrence only (after
    `floor`, when given), each act read utterance by utterance until its first is found.
    The hit keeps what it matched (a gap reads a promise's own time limit from it), not a
    quote: nothing shows it."""
    hit = None
    for name in cond.acts:
        act = cond.lexicon.acts[name]
        for u, m, reading in narrative.each_occurrence(act, bool(cond.repeated), cond.negated):
            position = (u.event.index, u.turn.index if u.turn else 0, m.start)
            if hit is not None and position >= hit.position:
                break  # an earlier one was found for another act
            if floor is not None and not position > floor:
                continue
            if reading.negated != cond.negated or not _as_asked(cond, narrative, u, reading,
                                                                 within, m.start):
                continue
            # what was matched, not quoted: a gap reads the time limit a promise states
            hit = Hit(position, None, (u, [m._replace(negated=reading.negated,
                                                      negator=reading.negator)],
                                       view.analysed(u)[0]),
                      narrative.actor_matches(COMPANY_SIDE, reading))
            break
    return Outcome(hit is not None, [hit] if hit is not None else [])


def _event(cond: Condition, view: CaseView, since: int = 0) -> Outcome:
    """The events the condition selects; with an `after` anchor (in event `since`),
    `not_preceded_by` looks only at the events after the anchor's: the customer came back
    with nothing from the company since the promise (the promise's own event, 护士告诉她周三
    下午就能取, is no answer to it)."""
    hits = []
    # Where the condition counts the customer coming back (after something, not preceded by an
    # answer, more than once), the customer talking in a call the company made is no return of
    # theirs (CaseView.replies). Elsewhere it counts: such a reply still tells the complaint.
    counts_returns = cond.not_preceded_by or since or cond.min > 1
    replies = (view.replies() if counts_returns and cond.events is not None and cond.events.sender
               else ())
    selected = view.events_matching(cond.events)
    left_out: set[int] = set()
    if selected and cond.not_holding is not None:  # read the acts only where events are picked
        left_out = _events_holding(cond.not_holding, view, {e.index for e in selected})
        if left_out and cond.unless_holding is not None:
            left_out -= _events_holding(cond.unless_holding, view, left_out)
    for event in selected:
        if event.index in replies or event.index in left_out:
            continue
        if cond.not_followed_by and any(later.index > event.index for later
                                        in view.events_matching(cond.not_followed_by)):
            continue
        if cond.not_preceded_by and any(since < earlier.index < event.index for earlier
                                        in view.events_matching(cond.not_preceded_by)):
            continue
        hits.append(Hit.event(event))
    return Outcome(False, hits)


def read_in_events(cond: Condition) -> bool:
    """A plain act (no anchor, no later or earlier hit that takes it back, not repeated):
    _events_holding reads it in the events it tests, not through evaluate(), so a batch
    may still evaluate it to its first hit elsewhere (see engine.first_hit_keys)."""
    return (cond.kind == "act" and bool(cond.acts) and not cond.repeated and cond.after is None
            and cond.unless is None and cond.unless_before is None and cond.taken_back is None
            and cond.hedged is None)


def _events_holding(cond: Condition | None, view: CaseView, among: set[int]) -> set[int]:
    """Which of the events `among` (indexes) the condition has a hit in. A plain act is read
    only in those events' utterances (a batch reads most acts only until a first hit; reading
    one everywhere to test a few events cost a tenth of a review)."""
    if cond is None or not among:
        return set()
    if cond.kind == "any":
        held: set[int] = set()
        for alternative in cond.any_of:
            held |= _events_holding(alternative, view, among - held)
        return held
    if read_in_events(cond):
        view.index_condition(cond)
        narrative = view.narrative(cond.lexicon)
        within = _within_events(cond, view)
        held = set()
        for name in cond.acts:
            for u, m, reading in narrative.each_occurrence(cond.lexicon.acts[name],
                                                           events=among - held):
                if (reading.negated == cond.negated
                        and _as_asked(cond, narrative, u, reading, within, m.start)):
                    held.add(u.event.index)
        return held
    return {h.position[0] for h in _all_hits(cond, view)} & among


def event_evidence(event: Event) -> Evidence:
    """A whole event as evidence: its narration, or who did what when there is none."""
    if event.note:
        text = event.note
    else:
        arrow = f"{event.sender or '?'} → {event.to}" if event.to else (event.sender or "")
        kind = KIND_NAMES[event.kind]
        text = f"{arrow}({kind})" if arrow else kind
    return Evidence(event=event.index, turn=None, party=event.sender, text=text,
                    line=event.note_line or event.line)


# A clause said again word for word, of at least this many characters (请您耐心等待,
# 本店商品出厂均经过严格质检哦), is a scripted line, not an answer; shorter ones (好的,
# 您稍等) are not.
MIN_REPEATED_CLAUSE = 6
_CLAUSE_SPLIT_RE = re.compile(r"[，。！？；：,.!?;:~～、…—\s]+")


def _repeated_turns(view: CaseView, selector: frozenset[str]) -> set[int]:
    """The ordinals of the turns by the selected parties holding a clause one of them had
    already said in an earlier turn. A call's opening turn (您好，工号3390) is neither
    counted nor compared: greeting each call alike is no repetition."""
    cache = view.repeated_turns
    found = cache.get(selector)
    if found is None:
        found, seen = set(), set()
        for u in view.spoken_by(selector, False):
            if u.turn.index == 1:
                continue
            clauses = {c for c in _CLAUSE_SPLIT_RE.split(view.analysed(u)[0].text)
                       if len(c) >= MIN_REPEATED_CLAUSE}
            if not clauses.isdisjoint(seen):
                found.add(u.ordinal)
            seen |= clauses
        cache[selector] = found
    return found


def _says_any(view: CaseView, u: Utterance, following: Turn, words: tuple[str, ...]) -> bool:
    """The turn after u's (normalised, as every text is) holds one of the words."""
    after = next(v for v in view.by_event[u.event.index] if v.turn is following)
    text = view.analysed(after)[0].text
    return any(w in text for w in words)


def _next_turn(u: Utterance) -> Turn | None:
    if u.turn is None or u.turn.index >= len(u.event.dialogue):
        return None
    return u.event.dialogue[u.turn.index]  # turn indexes count from 1


def _start_of(hit: Hit) -> int:
    """Where in its utterance a hit's first match starts (0 for a whole utterance or an
    event, whose source holds no matches)."""
    if len(hit.position) > 2:
        return hit.position[2]
    source = hit._source
    return source[1][0].start if source is not None and len(source) == 3 and source[1] else 0


def _taken_back(hit: Hit, back: list[Hit]) -> bool:
    """A hit of `back` comes later in the hit's own turn of dialogue (not in a note, whose
    story may tell an apology and then the blame it was for: 道歉，承认没有核实就下结论)."""
    where, start = hit.position[:2], _start_of(hit)
    return where[1] != 0 and any(b.position[:2] == where and _start_of(b) > start for b in back)


def _hedged(hit: Hit, hedges: list[Hit], view: CaseView) -> bool:
    """A hedge begins earlier in the hit's own sentence, in the same utterance (a turn, or a
    note that tells the words)."""
    where, start = hit.position[:2], _start_of(hit)
    for hedge in hedges:
        if (hedge.position[:2] != where or not _start_of(hedge) < start
                or hedge._source is None or len(hedge._source) != 3):
            continue
        text = view.analysed(hedge._source[0])[0].text
        if sentence_end(text, _start_of(hedge)) >= start:  # no sentence ends between them
            return True
    return False


def _all_hits(cond: Condition, view: CaseView) -> list[Hit]:
    """Every match in time order; for `any`, of all its alternatives (a wait ends at the
    earliest response of any kind, not at the first kind listed)."""
    if cond.kind == "any":
        hits = [h for c in cond.any_of for h in _all_hits(c, view)]
        return sorted(hits, key=lambda h: h.position)
    outcome = evaluate(cond, view)
    return outcome.hits if outcome.holds else []


# The customer turning to the company, in the complaint's narration (打公司客服电话, 拨打热线,
# 来电, 投诉到…)
_TURNS_TO_COMPANY_RE = re.compile("拨打|致电|来电|打[^，,。；;！？!?]{0,8}电话|打给|打到|投诉|反映|找到|留言")


def _gap(cond: Condition, view: CaseView) -> Outcome:
    """Holds when the wait from the first dated `from` hit to the first dated `to` hit
    after it is longer than `over_hours`; with no `to` hit, the wait runs to the last
    dated event (the customer was still waiting then)."""
    def event_of(hit: Hit) -> Event:
        return view.case.events[hit.position[0] - 1]

    def dated(hit: Hit):
        return event_of(hit).at

    over, limit = cond.over_hours, f"{cond.over_hours:g}"
    # a limit of whole days beyond one is said in days (216 hours: 9 天); 24 小时 stays, as
    # trainers say it
    limit_text = (f"{over / 24:g} 天" if over >= 48 and over % 24 == 0 else f"{limit} 小时")
    starts = _all_hits(cond.start, view)
    working_days = whole_days = 0
    if cond.promised_limit:  # the wait is held against the limit the promise itself states
        stated = _stated_limit(starts[0], view) if starts else None
        if stated is None:
            return Outcome(False)
        (over, working_days), limit = _allowed(stated), stated.text
        limit_text = limit
        whole_days = _whole_days(stated)
        starts = starts[:1]  # that promise's wait, not a later one's
    first = next((h for h in starts if dated(h)), None)
    if cond.or_promised is not None and (first or starts):
        # a longer time frame given in the wait's first event (登记后说三个工作日内上门) is the
        # limit the company set itself: a reply within it is in time
        opening = (first or starts[0]).position[0]
        # …or, after a dated first event, in the undated events that follow it (转给产品部门核实，
        # 两个工作日内给您回复, the agent's own note of passing it on): that contact's time, told on
        told_on = opening
        while (first is not None and told_on < len(view.case.events)
               and view.case.events[told_on].at is None):  # events[told_on] is number told_on + 1
            told_on += 1
        for hit in _all_hits(cond.or_promised, view):
            if not opening <= hit.position[0] <= told_on:
                continue
            stated = _stated_limit(hit, view)
            if stated is not None:
                allowed, days = _allowed(stated)
                if allowed > over:
                    over, working_days, limit = allowed, days, f"{allowed:g}"
                    whole_days = _whole_days(stated)  # 两天内 is counted by the calendar
                    limit_text = f"企业方自己说的“{stated.text}”"
                break
    # the rule's own limit in whole days (24 hours), not one a promise stated: counted in
    # calendar days, as trainers count 24小时内答复 (called at 16:00, answered at 17:00 the
    # next day: 次日即答复, in time)
    calendar_days = (not cond.promised_limit and over == cond.over_hours and not working_days
                     and over % 24 == 0)

    def late_from(began: Event, event: Event, spoken_later: bool = False) -> bool:
        """A reply in `event` comes after the limit, for a wait that began at `began`'s time."""
        at, start = event.at, began.at
        if working_days:
            return at >= end_of_working_days(start, working_days)
        if whole_days:  # 三天之内, promised on the 28th: kept through the 2nd (calendar days)
            return _past_calendar_days(at, start, whole_days)
        if began.day_only and not event.day_only:
            # the wait began some time that day (2024-04-11), the reply came at a stated
            # time (04-12 09:30): late only if late from the end of that day (a reply next
            # morning keeps 24小时内); two dates alone are counted in whole days
            start += timedelta(days=1)
        elif spoken_later:
            # a promise made some way into a dated conversation (十分钟之内到, said after the
            # customer had told the story) was made after the contact's time: a tenth of the
            # limit is given for that
            start += timedelta(hours=over * SPOKEN_LATER_SLACK)
        elif calendar_days:
            return _past_calendar_days(at, start, int(over // 24))
        return (at - start).total_seconds() > over * 3600

    if first is None:
        # The wait's start has no date (售后客服登记后说24小时内安排师傅上门, told after the dated
        # call): it began after the last dated event before it; a dated first reply in time
        # from that event was in time from the start too. Else the story may state the wait.
        if starts:
            reply = next((h for h in _all_hits(cond.end, view)
                          if h.position > starts[0].position), None)
            began = next((e for e in reversed(view.case.events)
                          if e.at and e.index <= starts[0].position[0]), None)
            if (reply is not None and began is not None and dated(reply)
                    and not late_from(began, event_of(reply))):
                return Outcome(False)
        return _gap_from_text(cond, view, starts, over, limit, limit_text)
    source = first._source
    spoken_later = (cond.promised_limit and source is not None and len(source) == 3
                    and source[0].turn is not None and source[0].turn.index > 1)

    def late(event: Event) -> bool:  # a reply in `event` comes after the limit
        return late_from(event_of(first), event, spoken_later)

    first_day_only = event_of(first).day_only
    replies = [h for h in _all_hits(cond.end, view) if h.position > first.position]
    if replies and not dated(replies[0]):
        # the first reply has no date (值班站长三分钟内赶到, told between dated events): it
        # came before the next dated event; if that is in time, so was it, else the dates do
        # not say how long it took, and what the story states may
        bound = next((e for e in view.case.events
                      if e.at and e.index > replies[0].position[0]), None)
        if bound is not None and not late(bound):
            return Outcome(False)
        return _gap_from_text(cond, view, starts, over, limit, limit_text)
    reply = next((h for h in replies if dated(h)), None)
    if reply is None:
        later = [e for e in view.case.events if e.at and e.index > first.position[0]]
        if not later:
            return _gap_from_text(cond, view, starts, over, limit, limit_text)
        if later[-1].index < len(view.case.events):
            # the story goes on past its last date (第二天…, 第四天才打来电话): what it
            # states may be a longer wait than the dates show
            told = _gap_from_text(cond, view, starts, over, limit, limit_text)
            if told.holds:
                return told
        reply = Hit((later[-1].index, 0), event_evidence(later[-1]))
        answered = False
    else:
        answered = True
    waited = dated(reply) - dated(first)
    if first_day_only:  # from a day with no time of day: whole days (3天), not 3天10小时
        waited = timedelta(days=waited.days)
    values = {"waited": humanize_gap(waited), "limit": limit, "limit_text": limit_text,
              "answered": "才得到回应" if answered else "仍未得到回应"}
    return Outcome(late(event_of(reply)), [first, reply], values=values)


# The share of a promise's limit given for the time into a dated conversation it was said
# (see _gap's spoken_later): the case tells only when the contact began
SPOKEN_LATER_SLACK = 0.1


def _allowed(stated) -> tuple[float, int]:
    """The hours a stated time limit allows, and its working days (两个工作日内: to the end of
    the second working day; 0 for a limit in hours or days). An estimate (大概十分钟) is not a
    deadline: only much more than it breaks it. A range's high end is the limit itself
    (1至3个工作日内: to the end of the third)."""
    from .timetext import limit_hours

    hours = limit_hours(stated)
    working_days = round(hours / 24) if "工作日" in stated.text else 0
    if hours != stated.hours:
        return hours, working_days
    return hours * (ESTIMATE_SLACK if stated.approx else 1), working_days


def _past_calendar_days(at: datetime, start: datetime, days: int) -> bool:
    """`at` falls on a later calendar day than the `days`-th after `start`'s: late for a limit
    counted in whole days, whatever the hours (promised on the 28th, the 2nd is the third day)."""
    return at.date() > start.date() + timedelta(days=days)


def _whole_days(stated) -> int:
    """The days of a limit a promise states in whole days (三天之内, 两日内, 一周内), which
    trainers count by the calendar as working days are: promised on the 28th to be done 三天之内,
    a visit on the 2nd keeps it, whatever the hour. 0 for a limit in hours or minutes, in
    working days (see end_of_working_days), or an estimate."""
    text = stated.text
    if stated.approx or "工作日" in text or any(unit in text for unit in ("小时", "钟", "分", "点", "點")):
        return 0
    days, rest = divmod(stated.hours, 24)
    return int(days) if days and not rest else 0


def _within_limit(anchor: Hit, hit: Hit, stated, view: CaseView) -> bool:
    """The case shows that `hit` came within the time limit `stated` in the anchor (a
    promise's 三个工作日内): by the dates of their events, or else by the times the story
    states from the anchor to the hit (当晚, 第四天, 半个多月后); at the limit itself (三天后
    of 三天内) the time is up. False when it does not show it: no dates and no stated time,
    or the same sentence."""
    from .narrative import stated_waits

    over, working_days = _allowed(stated)
    if hit.position[:2] == anchor.position[:2]:
        return False
    events = view.case.events
    start, event = events[anchor.position[0] - 1], events[hit.position[0] - 1]
    # An undated promise came no earlier than the last dated event before it: a hit within
    # the limit counted from that one is within it (and one past it may not be past it)
    began = start.at if start.at is not None else next(
        (e.at for e in reversed(events[:anchor.position[0] - 1]) if e.at is not None), None)
    if began is not None and event.at is not None:
        if working_days:
            within = event.at < end_of_working_days(began, working_days)
        elif days := _whole_days(stated):
            within = not _past_calendar_days(event.at, began, days)
        else:
            within = (event.at - began).total_seconds() < over * 3600
        if within or start.at is not None:
            return within
    longest = None
    first, last = anchor.position, hit.position
    for u in view.utterances:
        if not first[:2] <= u.position <= last[:2]:
            continue
        for span in stated_waits(view.analysed(u)[0].text):
            before_anchor = u.position == first[:2] and len(first) > 2 and span.start < first[2]
            after_hit = u.position == last[:2] and len(last) > 2 and span.start > last[2]
            if before_anchor or after_hit:  # in their own texts
                continue
            if longest is None or span.hours > longest:
                longest = span.hours
    if longest is None and first[0] == last[0] and first[1] and last[1]:
        # a later turn of the same conversation (24小时内联系您 — 我催一下就该被骂?): no time ran
        return True
    if longest is None and last[0] > first[0]:
        # the next contact told as coming right after (冯先生接着想问优惠券的事), or the same day
        # of a limit in days (当晚又在网上留言): no time ran out
        told = next((view.analysed(u)[0].text for u in view.utterances
                     if u.event.index == last[0] and u.turn is None), "")
        soon = _RIGHT_AFTER_RE.match(told)
        if soon is not None and (soon.group(1) in _AT_ONCE or over >= 24):
            return True
    return longest is not None and longest < over  # 三天后 of 三天内: the time is up


# A contact told as following at once, or the same day (its opening words)
_AT_ONCE = ("接着", "紧接着", "随即", "当即", "马上", "立刻")
_SAME_DAY = ("当晚", "当天", "同一天", "当日")
_RIGHT_AFTER_RE = re.compile("[^，,。；;！？!?]{0,8}?(%s)" % "|".join(_AT_ONCE + _SAME_DAY))


def end_of_working_days(start: datetime, days: int) -> datetime:
    """The end of the `days`-th working day (Monday to Friday) after `start`'s day: a
    promise made on a Tuesday to answer 两个工作日内 is kept until Thursday midnight, one made on
    a Friday until Tuesday's. Public holidays are not known, so they count as working days."""
    day = datetime(start.year, start.month, start.day)
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day + timedelta(days=1)


# How much longer than an estimate stated (大概十分钟, 一个小时左右) a wait may run before the
# promise counts as broken: 13 minutes for "about ten" is kept, two hours for "about one" not.
ESTIMATE_SLACK = 1.5


# A clock time a promise is to be kept before (下午五点前一定交车, 明天中午十二点前送到, 八点之前)
_HOUR = r"(?:[0-9０-９]{1,2}|[一二两三四五六七八九十]{1,3})"
_CLOCK_DEADLINE_RE = re.compile(
    r"(?P<day>明天|明早|次日|第二天|后天|今天|今晚|当天)?(?P<part>上午|中午|下午|傍晚|晚上|早上|凌晨)?"
    # a window (下午两点到四点之间上门): its end is the limit
    rf"(?:{_HOUR}[点點]半?(?:到|至|—|～|~|-)(?P<end_part>上午|中午|下午|傍晚|晚上)?"
    rf"(?P<end_hour>{_HOUR})[点點](?P<end_half>半)?(?:之间|以内|之内|之前|以前|前)?"
    # …or a time it is to be done before (下午五点前交车)
    rf"|(?:(?P<hour>{_HOUR})[点點](?P<half>半)?)?(?:之前|以前|前))")
_DAYS_AHEAD = {"明天": 1, "明早": 1, "次日": 1, "第二天": 1, "后天": 2}
# a date or weekday said before the clock time (4月18日上午9点到12点): not the day it was said
_DATED_BEFORE_RE = re.compile(r"(?:[0-9０-９一二三四五六七八九十]+[日号]|(?:周|星期|礼拜)[一二三四五六日天])$")


def _clock_deadline(text: str, lo: int, hi: int, made: datetime):
    """The limit a promise's clause text[lo:hi] states as a clock time (下午五点前交车: five in
    the afternoon of the day it was made, `made`), as a TimeSpan of the hours from `made` to
    it; None when it states none."""
    from .timetext import TimeSpan, chinese_number

    for m in _CLOCK_DEADLINE_RE.finditer(text, lo, hi):
        if _DATED_BEFORE_RE.search(text, max(lo, m.start() - 6), m.start()):
            continue
        hour_text, part, half = m.group("hour"), m.group("part"), m.group("half")
        if m.group("end_hour") is not None:
            hour_text, part = m.group("end_hour"), m.group("end_part") or part
            half = m.group("end_half")
        if hour_text is None:
            if part != "中午":
                continue
            hour = 12.0
        else:
            hour = chinese_number(hour_text)
            if hour is None or not 0 <= hour <= 24:
                continue
            if part in ("下午", "傍晚", "晚上") and hour < 12:
                hour += 12
            elif part is None and hour < 12 and hour <= made.hour:
                hour += 12  # 五点前, said at ten in the morning: five in the afternoon
        if half:
            hour += 0.5
        day = made.date() + timedelta(days=_DAYS_AHEAD.get(m.group("day") or "", 0))
        deadline = datetime(day.year, day.month, day.day) + timedelta(hours=hour)
        hours = (deadline - made).total_seconds() / 3600
        if hours > 0:
            return TimeSpan(m.start(), m.end(), m.group(), hours, "within", False)
    return None


def _stated_limit(hit: Hit, view: CaseView):
    """The time limit a promise's own clause states (七个工作日内, 两天之内), or the duration
    an estimate promised states within its own words (告诉他保养大约两个小时): a TimeSpan, or
    None when it states none. In a dated event, a clock time it is to be kept before (下午
    五点前一定交车) is a limit too: the hours from the event's time to it."""
    from .narrative import clause_end, clause_start
    from .timetext import find_times

    source = hit._source
    if source is None or len(source) != 3 or not source[1] or source[2] is None:
        return None
    _, matches, norm = source
    text = norm.text
    match = matches[0]
    lo, hi = clause_start(text, match.start), clause_end(text, match.end)
    found = next((span for span in find_times(text)
                  if (span.kind == "within" and lo <= span.start < hi)
                  or (span.kind == "duration" and match.start <= span.start < match.end)), None)
    if found is None:
        made = view.case.events[hit.position[0] - 1].at
        if made is not None:
            return _clock_deadline(text, lo, hi, made)
    return found


def _opening_when(text: str, span) -> bool:
    """A time told later (…后, 第N天) in the opening clause of a customer's contact, with no
    才 after it in that clause: when the contact was made (五天后去取; 首保后第三天上午打客服
    电话), not how long a reply took (报修后第三天才有人来)."""
    from .narrative import clause_end, clause_start

    return (clause_start(text, span.start) == 0
            and "才" not in text[span.end:clause_end(text, span.end)])


def _gap_from_text(cond: Condition, view: CaseView, starts: list[Hit], over: float,
                   limit: str, limit_text: str) -> Outcome:
    """Without dates, the wait the narrative states (两个多小时后, 1个多月, 第五天…) in the
    events from the start of the wait (the first of `starts`) to the reply (or to the end
    of the case): the longest counts, held against `over` hours. Its message says the time
    was read from the text, and quotes the phrase.
    Of a reply in an event of its own (or any reply, held against a promise's own limit)
    only the first time it states counts (第十五天才接到回复电话, not the appointment it then
    makes: 约好第二天上门); held against a promise's limit, only what is told after the
    promise counts."""
    from .narrative import how_long_a_state_lasted, sentence_start, stated_waits, told_as_said
    from .text import LATER_EPISODE, Match
    from .timetext import find_times

    if not starts:
        return Outcome(False)
    first = starts[0]
    reply = next((h for h in _all_hits(cond.end, view) if h.position > first.position), None)
    if reply is not None and reply.position[:2] == first.position[:2]:
        return Outcome(False)  # answered in the same breath (我处理不了，我马上报给主管)
    last_event = reply.position[0] if reply is not None else len(view.case.events)
    promised = cond.promised_limit
    longest = None
    for u in view.utterances:
        if not first.position[0] <= u.event.index <= last_event:
            continue
        if u.event.index == first.position[0] and u.turn is not None:
            continue  # the complaint itself (快递三天了还没到), or the company telling it back
            # in the same talk (这两年一直在扣钱，事先又没收到提醒), is what the wait starts from
        if promised and u.position < first.position[:2]:
            continue  # told before the promise
        norm = view.analysed(u)[0]
        text = norm.text
        # The reply, in an event of its own, tells when it came by the first time it states
        # (第二天下午主管就回了电话); what it goes on to arrange (约了两周后的考试) is no wait.
        in_reply = (reply is not None and u.event.index == last_event
                    and (promised or last_event > first.position[0]))
        if in_reply and promised:  # its first time, a wait or not (不到一个小时…来电)
            spans = [t for t in find_times(text) if t.kind in ("duration", "later")
                     and not how_long_a_state_lasted(text, t)][:1]
        elif in_reply:
            spans = stated_waits(text)[:1]
        else:
            spans = stated_waits(text)
        if promised and len(first.position) > 2 and u.position == first.position[:2]:
            spans = [t for t in spans if t.start >= first.position[2]]  # told before it
        if (u.event.index == first.position[0] and u.turn is None
                and view.case.role_of(u.party) == "customer"):
            # the time after something that the customer's own contact opens on (五天后去取，
            # 鞋边都黄了) tells when the wait began, not how long it lasted
            # (also after what came before, in the opening clause with no 才: 首保后第三天上午
            # 王女士打店里的客服电话 tells when she called, 报修后第三天才有人来 a wait)
            spans = [t for t in spans if t.kind != "later" or not _opening_when(norm.text, t)]
            # …and a time in what the customer is told as saying (拨打12305，说明物流信息一天
            # 半没有更新) is the complaint told, before the wait
            # (not a time told after the saying, as what followed: 表示需要请示领导，此后
            # 二十多天没有任何答复)
            spans = [t for t in spans if not told_as_said(norm.text, t.start)
                     or any(w in norm.text[sentence_start(norm.text, t.start):t.start]
                            for w in LATER_EPISODE)]
        for span in spans:
            if longest is None or span.hours > longest[0].hours:
                longest = (span, u, norm)
        if in_reply and spans:
            break  # the reply's first stated time is read, not what it goes on to arrange
    if longest is None:
        return Outcome(False)
    span, u, norm = longest
    values = {"waited": f"“{span.text}”", "limit": limit, "limit_text": limit_text,
              "answered": "(时长据案例叙述推算，案例没有写明日期)"}
    hit = Hit.said(u, [Match(span.text, span.start, span.end)], norm)
    return Outcome(span.hours > over, [first, hit], values=values)
