"""Renderers for rule authors: the rule list, one rule, `explain` and `rules test`."""

from __future__ import annotations

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..engine import ExampleRun, Explanation
from ..model import ROLE_NAMES, Case
from ..rules import Rule
from .rich_report import SEVERITY_NAMES, VERDICT_LOOK, evidence_text

# who a condition asks about (rules/*.yaml writes customer, company, first-owner…)
SELECTOR_NAMES = {**ROLE_NAMES, "company": "企业方", "first-owner": "首问人", "any": "任何人"}

SECTION_NAMES = {"applies_if": "适用条件(全部成立才适用)", "fail_if": "不符合条件(任一成立即不符合)",
                 "pass_if": "符合条件(全部成立才符合)"}


def plain(value):
    """YMap/YSeq back to plain dicts and lists, for printing as YAML."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def as_yaml(value) -> str:
    return yaml.safe_dump(plain(value), allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=76).rstrip()


def render_rule_table(rules: list[Rule], console: Console) -> None:
    table = Table(box=None, header_style="dim", padding=(0, 1))
    for name in ("id", "severity", "weight", "title", "enabled"):
        table.add_column(name, no_wrap=name != "title")
    for r in rules:
        weight = f"{r.weight:g}" + (f" veto≤{r.veto:g}" if r.veto is not None else "")
        table.add_row(r.id, r.severity, weight, r.title,
                      Text("yes", style="green") if r.enabled else Text("no", style="dim"))
    console.print(table)


def render_rule(rule: Rule, console: Console) -> None:
    head = Text.assemble((rule.title, "bold"), f"  {rule.id}",
                         (f"  {SEVERITY_NAMES[rule.severity]} · 权重 {rule.weight:g}", "dim"))
    if rule.veto is not None:
        head.append(f" · 一票否决(上限 {rule.veto:g} 分)", style="bold red")
    if not rule.enabled:
        head.append(" · 已停用", style="dim")
    console.print(head)
    console.print(Text(rule.path, style="dim"))
    for label, body in (("说明", rule.description), ("正确做法", rule.advice)):
        console.print(Text(label, style="bold"))
        console.print(body)
    if rule.references:
        console.print(Text("依据", style="bold"))
        for ref in rule.references:
            console.print(f"- {ref}")
    if rule.params:
        console.print(Text("参数(可在 .casekit.yaml 中调整)", style="bold"))
        console.print(as_yaml(rule.params), markup=False)
    console.print(Text("检查(check)", style="bold"))
    console.print(as_yaml(rule.source.get("check") if rule.source else {}), markup=False)
    console.print(Text("示例", style="bold"))
    for ex in rule.examples:
        console.print(Text.assemble(f"- [{ex.expect}] ", ex.name, (f"  (第{ex.line}行)", "dim")))


def render_explanation(ex: Explanation, case: Case, console: Console) -> None:
    r = ex.result
    mark, word, colour = VERDICT_LOOK[r.verdict]
    console.print(Text.assemble((f"{mark} {word}", f"bold {colour}"), "  ", (r.title, "bold"),
                                f"  {r.rule}", ("  " + r.message, "")))
    if ex.first_owner:
        console.print(Text.assemble(("首问人(first-owner):", "dim"), ex.first_owner))
    shown = set()
    for trace in ex.traces:
        status = Text("成立" if trace.holds else "不成立", style="green" if trace.holds else "red")
        console.print(Text.assemble("\n", (SECTION_NAMES[trace.section], "bold"), " ",
                                    (f"(规则第{trace.condition.line}行) ", "dim"), status))
        cond = trace.condition
        if cond.kind == "said" and cond.words:
            words = "、".join(cond.words[:12]) + ("…" if len(cond.words) > 12 else "")
            console.print(Text.assemble(("  查找词语:", "dim"), words))
        if _names_speaker(cond):
            console.print(Text.assemble(("  查找:", "dim"),
                                        "说话人说出自己的名字(当事方的 name,或名称里角色后面的名字、工号)"))
        for text in _act_lines(cond):
            console.print(Text.assemble(("  查找行为:", "dim"), text))
        for item in trace.context:
            console.print(Text.assemble("  关联:", evidence_text(item, case)))
        for hit in trace.hits:
            console.print(Text.assemble("  命中:", evidence_text(hit.evidence, case)))
        told = set()  # an `any` of a phrase list and an act may both have read the same words
        for evidence, matches in trace.negated:
            key = (evidence.event, evidence.turn, tuple((m.start, m.end) for m in matches))
            if key in told:
                continue
            told.add(key)
            # read the other way: negated where the condition asks for what happened, and
            # told as done where it asks for what did not happen (negated: true)
            if any(m.negated for m in matches):
                label = "  否定,不计:"
                words = "、".join(f"{m.phrase}(被“{m.negator}”否定)" for m in matches)
            else:
                label = "  发生了,不计:"
                words = "、".join(m.phrase for m in matches)
            console.print(Text.assemble((label, "yellow"), words, " ",
                                        evidence_text(evidence, case)))
        if _looks_at_words(trace.condition):
            for u in trace.looked_at:
                if u.position in shown:
                    continue
                shown.add(u.position)
                console.print(_segmented(u, ex.segmentation.get(u.position, [])))
        if not trace.hits and not trace.negated and not _looks_at_words(trace.condition):
            console.print(Text("  (没有符合的事件)", style="dim"))
    if ex.narrative:
        console.print(Text.assemble("\n", ("叙述解读", "bold"),
                                    ("(规则用到的行为:谁做的、是否被否定、是否一再发生)", "dim")))
        for r in ex.narrative:
            where = f"事件{r.event}" + (f"·第{r.turn}句" if r.turn else "·叙述") + f"·第{r.line}行"
            who = r.actor or {"customer": "客户一方", "company": "企业一方",
                              "other": "第三方"}.get(r.side or "", "不明")
            line = Text.assemble(f"  [{where}] ", (r.word, "bold"), f" → {r.act}({r.act_title})",
                                 "  做的人:", who)
            if r.negated:
                line.append(f"  没有发生(被“{r.negator}”否定)", style="yellow")
            if r.repeated:
                line.append("  一再发生" if r.repeated > 1 else "  又一次", style="cyan")
            line.append(f"  「{r.quote}」", style="dim")
            console.print(line)
    console.print()


def _looks_at_words(cond) -> bool:
    """A condition (or an alternative of it) that reads text: its segmentation is worth showing."""
    if cond.kind in ("said", "act"):
        return bool(cond.words)
    return cond.kind == "any" and any(_looks_at_words(c) for c in cond.any_of)


def _names_speaker(cond) -> bool:
    """A `said` condition (or one in an `any`) that asks for the speaker's own name."""
    if cond.kind == "any":
        return any(_names_speaker(c) for c in cond.any_of)
    return cond.kind == "said" and cond.names_speaker


def _act_lines(cond) -> list[str]:
    """What an `act` condition (or each in an `any`) looks for, in words a trainer reads."""
    if cond.kind == "any":
        return [line for c in cond.any_of for line in _act_lines(c)]
    if cond.kind != "act":
        return []
    names = "、".join(f"{n}({cond.lexicon.acts[n].title})" for n in cond.acts)
    who = "、".join(SELECTOR_NAMES.get(a, a) for a in sorted(cond.actor)) or "任何人"
    how = "没有发生(叙述中被否定)" if cond.negated else "发生了"
    again = ",且不止一次重复(多次、一再)" if cond.repeated > 1 else ",且一再发生" if cond.repeated else ""
    told = "" if cond.in_complaint else ";不算客户第一次来时自己讲的以前的事"
    found = "" if cond.found else ";不算企业方核实查明的投诉旧事"
    return [f"{names};做的人:{who};{how}{again}{told}{found}"]


def _segmented(u, tokens) -> Text:
    where = f"事件{u.event.index}" + (f"·第{u.turn.index}句" if u.turn else "·叙述")
    text = Text(f"  分词 [{where}] ", style="dim")
    if u.party:
        text.append(f"{u.party}:")
    for i, (word, matched) in enumerate(tokens):
        if i:
            text.append("/", style="dim")
        text.append(word, style="bold reverse" if matched else "")
    return text


def render_example_runs(runs: list[ExampleRun], console: Console) -> None:
    by_rule: dict[str, list[ExampleRun]] = {}
    for run in runs:
        by_rule.setdefault(run.rule.id, []).append(run)
    for rule_id, rule_runs in by_rule.items():
        misses = [r for r in rule_runs if r.miss]
        mark = Text("✘", style="bold red") if misses else Text("✔", style="bold green")
        console.print(Text.assemble(mark, f" {rule_id}  ",
                                    (f"{len(rule_runs) - len(misses)}/{len(rule_runs)} examples", "dim")))
        for run in misses:
            # never wrapped: the path:line must stay clickable in editors and CI logs
            console.print(Text.assemble(("  " + run.miss, "bold red"), f": '{run.example.name}' ",
                                        (f"({run.rule.path}:{run.example.line})", "dim")),
                          soft_wrap=True)
            if run.detail:
                console.print(Text("    " + run.detail, style="dim"), soft_wrap=True)
    total = len(runs)
    missed = sum(1 for r in runs if r.miss)
    console.print(Text(f"{total - missed}/{total} examples gave their expected verdict; "
                       f"{missed} missed", style="bold"))
