"""The terminal critique: a renderer over CaseResult, in Chinese, 80 columns friendly.

Only presentation lives here; every fact shown comes from the result model.
"""

from __future__ import annotations


from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..timefmt import when_and_gap
from ..model import (KIND_NAMES, ROLE_NAMES, Case, CaseResult, Event, Evidence, RuleResult,
                     basis_note, channel_name)

VERDICT_LOOK = {"pass": ("✔", "符合", "green"), "fail": ("✘", "不符合", "red"),
                "n/a": ("–", "不适用", "dim")}
SEVERITY_NAMES = {"error": "严重", "warning": "警告", "info": "提示"}


def render_case(result: CaseResult, console: Console) -> None:
    case = result.case
    console.print(_header(case))
    for notice in result.notices:
        console.print(Text(f"注意:{notice}", style="yellow"))
    console.print(Text("时间线", style="bold"))
    console.print(_timeline(case))
    console.print(Text("点评", style="bold"))
    for r in result.results:
        console.print(_rule_block(r, case))
    console.print(_summary(result))
    console.print()


def _header(case: Case) -> Panel:
    lines = [Text.assemble(("案例 ", "dim"), case.id,
                           *((("  行业 ", "dim"), case.industry) if case.industry else ()))]
    if case.source:
        lines.append(Text.assemble(("来源 ", "dim"), case.source))
    parties = Text("当事方 ", style="dim")
    for i, p in enumerate(case.parties.values()):
        if i:
            parties.append("、")
        detail = ROLE_NAMES[p.role] + (f"·{p.org}" if p.org else "") + (f"·{p.name}" if p.name else "")
        parties.append(p.label, style="bold" if p.is_company else "")
        parties.append(f"({detail})", style="dim")
    lines.append(parties)
    if case.summary:
        lines.append(Text(case.summary))
    return Panel(Group(*lines), title=Text(case.title, style="bold"), title_align="left",
                 border_style="blue")


def _timeline(case: Case) -> Table:
    table = Table(show_header=True, header_style="dim", box=None, padding=(0, 1), expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("时间", no_wrap=True)
    table.add_column("事件", no_wrap=True)
    table.add_column("经过", overflow="fold")
    for e, (when, gap) in zip(case.events, when_and_gap(case.events)):
        if gap:
            when += f"\n(+{gap})"
        table.add_row(str(e.index), when, _kind_label(e, case), _event_summary(e))
    return table


def _kind_label(e: Event, case: Case) -> str:
    name = KIND_NAMES[e.kind]
    if e.kind == "escalation" and case.role_of(e.sender) == "customer":
        name = "越级投诉"
    return name + (f"·{channel_name(e.channel)}" if e.channel else "")


def _event_summary(e: Event) -> Text:
    text = Text()
    if e.sender or e.to:
        text.append(f"{e.sender or '?'}" + (f" → {e.to}" if e.to else ""), style="bold")
    if e.dialogue:
        text.append(f"{'  ' if text else ''}(对话 {len(e.dialogue)} 句)", style="dim")
    if e.note:
        text.append(("\n" if text else "") + e.note)
    return text


def _rule_block(r: RuleResult, case: Case) -> Padding:
    mark, word, colour = VERDICT_LOOK[r.verdict]
    if r.verdict == "fail" and r.severity != "error":
        colour = "yellow"
    head = Text.assemble((f"{mark} {word}", f"bold {colour}"), "  ", (r.title, "bold"),
                         (f"  {r.rule} · {SEVERITY_NAMES[r.severity]} · 权重 {r.weight:g}", "dim"))
    if r.expected and r.expected != r.verdict:
        head.append(f"  与案例预期不符(预期:{VERDICT_LOOK[r.expected][1]})", style="bold magenta")
    parts: list = [head, Text(r.message)]
    if basis_note(r):
        parts.append(Text(basis_note(r), style="dim italic"))
    for ev in r.evidence:
        parts.append(Padding(evidence_text(ev, case), (0, 0, 0, 2)))
    if r.verdict == "fail":
        parts.append(Text.assemble(("正确做法:", "bold cyan"), r.advice))
    return Padding(Group(*parts), (0, 0, 1, 1))


def evidence_text(ev: Evidence, case: Case) -> Text:
    where = f"事件{ev.event}" + (f"·第{ev.turn}句" if ev.turn else "") + f"·第{ev.line}行"
    text = Text(f"[{where}] ", style="dim")
    quoted = Text(ev.text)
    for start, end in ev.spans:
        quoted.stylize("bold reverse", start, end)
    if ev.turn is None:  # a whole event: its narration, not somebody's words
        text.append("(叙述)", style="dim")
        text.append_text(quoted)
        return text
    if ev.party:
        text.append(f"{ev.party}:", style="bold")
    text.append("「")
    text.append_text(quoted)
    text.append("」")
    return text


def _summary(result: CaseResult) -> Text:
    counts = {v: sum(1 for r in result.results if r.verdict == v) for v in VERDICT_LOOK}
    text = Text("得分 ", style="bold")
    if result.score is None:
        text.append("—(没有适用的规则)", style="dim")
    else:
        colour = "green" if result.score >= 80 else "yellow" if result.score >= 60 else "red"
        text.append(f"{result.score:g}", style=f"bold {colour}")
        text.append(" / 100")
    text.append(f"   符合 {counts['pass']} · 不符合 {counts['fail']} · 不适用 {counts['n/a']}",
                style="dim")
    if result.keywords:
        text.append("\n客户诉求关键词 ", style="bold")
        text.append("、".join(result.keywords))
    return text
