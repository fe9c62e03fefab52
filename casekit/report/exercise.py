"""Classroom sheets: the trainee's exercise (the case and numbered questions, nothing that
gives the answer away) and the trainer's answer key (the same numbering, with verdicts,
evidence and 正确做法), as print-ready HTML (A4) or Markdown. Several cases make one
workbook with a table of contents, each case on its own page.

What the exercise leaves out on purpose: the case title and id (titles often name the
failure, e.g. "宽带报修一个多月不上门"), the source, `expect`, `outcome`, the score,
verdicts, rule messages and advice. YAML comments never reach the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..model import (KIND_NAMES, ROLE_NAMES, Case, CaseResult, Event, Evidence, RuleResult,
                     basis_note, channel_name)
from ..timefmt import when_and_gap
from .documents import CSS, _highlight_html, _highlight_md

SHEETS = ("exercise", "answer-key")
VERDICT_TEXT = {"pass": "✔ 符合", "fail": "✘ 不符合", "n/a": "– 不适用"}
SEVERITY_TEXT = {"error": "严重", "warning": "警告", "info": "提示"}

# One question per rule id, phrased for trainees: what to look at, never what was found.
# `{where}` opens the question at the event(s) the rule's evidence lies in, e.g.
# "在事件2（客户第二次联系销售人员·短信）中"; `{look}` says the same as a closing hint,
# "（请重点看事件8）". Evidence lies there whatever the verdict, so neither gives it away.
QUESTIONS = {
    "apology": "{where}，企业方是否向客户表达了歉意？",
    "closing": "{where}，企业方是否礼貌地结束了沟通——确认客户是否认可处理、还有没有别的问题，并感谢客户？",
    "empathy": "{where}，客户流露出情绪时，企业方是否先认可了客户的感受，而不只是讲事实、问信息？",
    "escalation": "{where}，一线人员遇到自己解决不了的问题时，是否及时向管理者逐级上报？",
    "first-contact-ownership": "{where}，首先接待客户的企业人员是否做到了首问负责，把问题负责到底？",
    "follow-up": "问题解决之后，企业方是否回访了客户、确认客户满意，形成闭环？{look}",
    "gratitude": "{where}，企业方是否感谢了客户提出的问题或意见？",
    "greeting": "{where}，企业方接听电话的第一句话是否做到了问候客户并表明身份（工号或姓名）？",
    "listening": "{where}，企业方是否耐心倾听，让客户把话说完？",
    "no-blame": "{where}，企业方有没有与客户争辩、指责客户，或未经核实就否认客户的说法？",
    "promise-kept": "{where}，企业方对客户作出了什么承诺？这些承诺是否按时主动兑现了？",
    "remedy": "{where}，客户表达不满之后，企业方是否提出了具体的解决办法、替代方案或补偿？",
    "timeliness": "{where}，从客户第一次联系到企业方第一次实质回应，隔了多久？企业方是否在规定时限内作出了答复？",
}
GENERIC_QUESTION = "{where}，企业方在“{title}”这一点上做得如何？"
ASK_REASON = "请说明理由，并指出对应的事件和对话（如“事件2·第1句”）。"
INSTRUCTIONS = ("请阅读案例，逐题作答。题中的“企业方”指案例中代表企业的客服、员工和管理者；"
                "回答时请说明理由，并注明对应的事件和对话。")

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm; }
body { max-width: 46rem; color: #000; }
.sheet-head { border-bottom: 2px solid #000; margin-bottom: .6rem; }
.sheet-head .meta { color: #333; }
.toc ol { padding-left: 1.4rem; } .toc li { margin: .3rem 0; }
.case { break-before: page; page-break-before: always; }
.case.first { break-before: auto; page-break-before: auto; }
.event { margin: .7rem 0; }
.event-head { font-weight: bold; break-after: avoid; page-break-after: avoid; }
.event-head .gap { font-weight: normal; }
.note { margin: .2rem 0 .3rem; break-after: avoid; page-break-after: avoid; }
ol.dialogue { list-style: none; padding: 0; margin: .2rem 0 0; }
ol.dialogue li { display: flex; gap: .5rem; padding: .15rem 0; border-bottom: 1px dotted #999;
                 break-inside: avoid; page-break-inside: avoid; }
ol.dialogue .n { flex: 0 0 3.2rem; color: #333; font-size: .85rem; padding-top: .1rem; }
ol.dialogue .who { font-weight: bold; }
.questions { break-before: auto; }
.question { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
.question .q { font-weight: bold; }
.answer-space { border: 1px solid #000; min-height: 7.5rem; margin-top: .3rem;
                background: repeating-linear-gradient(transparent, transparent 1.85rem,
                            #bbb 1.85rem, #bbb calc(1.85rem + 1px)); }
.answer-space span { font-size: .8rem; color: #333; padding: .1rem .3rem; display: block; }
.key { border: 1px solid #000; border-radius: 4px; padding: .5rem .7rem; margin: .8rem 0; }
.key .q, .key .verdict-line { break-after: avoid; page-break-after: avoid; }
.key blockquote, .key .advice, .key .verdict-line { break-inside: avoid; page-break-inside: avoid; }
.key.fail { border-width: 1px 1px 1px 6px; border-left-style: double; }
.key .verdict-line { font-weight: bold; margin: .2rem 0; }
.key blockquote { background: none; border-left: 3px solid #777; border-radius: 0; }
.key .advice { background: none; border: 1px dashed #000; }
mark { background: none; font-weight: bold; text-decoration: underline; }
@media print {
  body { padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .toc a { text-decoration: none; }
}
"""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十; beyond 99 in digits."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def case_label(index: int) -> str:
    """The neutral heading a case gets on the sheets: 案例一, 案例二…"""
    return "案例" + chinese_number(index)


@dataclass
class Question:
    number: int
    result: RuleResult
    text: str  # the question as the trainee reads it, with ASK_REASON


def questions(result: CaseResult) -> list[Question]:
    """One numbered question per rule that applies to the case (verdict not n/a), in the
    order of the report; the exercise and the answer key share this numbering."""
    out = []
    for r in (r for r in result.results if r.verdict != "n/a"):
        template = QUESTIONS.get(r.rule, GENERIC_QUESTION)
        text = template.format(where=_where_phrase(result.case, r.evidence),
                               look=_look_hint(result.case, r.evidence), title=r.title)
        out.append(Question(len(out) + 1, r, text + ASK_REASON))
    return out


def _contacts_by(case: Case, sender: str | None) -> list[int]:
    """The events in which this customer-side sender contacts the company."""
    return [e.index for e in case.events if e.sender == sender
            and e.kind in ("contact", "escalation") and case.role_of(e.sender) == "customer"]


def event_clause(case: Case, e: Event) -> str:
    """What happens in an event, neutrally: 客户第二次联系销售人员·短信."""
    sender, to = e.sender or "", e.to or ""
    # a customer going over heads is told as a contact too: "越级投诉" would be the answer
    customer_escalates = e.kind == "escalation" and case.role_of(e.sender) == "customer"
    if e.kind == "contact" or customer_escalates:
        contacts = _contacts_by(case, e.sender)
        if len(contacts) > 1 and e.index in contacts:
            sender += f"第{chinese_number(contacts.index(e.index) + 1)}次"
        clause = f"{sender}联系{to}" if to else f"{sender}来联系"
    elif e.kind == "escalation":
        clause = f"{sender}上报{to}"
    elif e.kind == "transfer":
        clause = f"{sender}转交{to}"
    elif e.kind == "follow-up":
        clause = f"{sender}回访{to}"
    elif e.kind == "visit":
        clause = f"{sender}上门"
    elif e.kind == "resolution":
        clause = f"{sender}为{to}处理问题" if to else f"{sender}处理问题"
    else:  # a note, or a kind this module does not know
        clause = sender + ("情况说明" if e.kind == "note" else KIND_NAMES.get(e.kind, e.kind))
    if e.channel:
        clause += f"·{channel_name(e.channel)}"
    return clause


def _where_phrase(case: Case, evidence: list[Evidence]) -> str:
    """Where to look, from the events holding a verdict's evidence (whatever the verdict)."""
    events = {e.index: e for e in case.events}
    seen = sorted({ev.event for ev in evidence if ev.event in events})
    if not seen:
        return "纵观整个案例"
    if len(seen) == 1:
        return f"在事件{seen[0]}（{event_clause(case, events[seen[0]])}）中"
    if len(seen) <= 3:
        return "在" + "、".join(f"事件{i}" for i in seen) + "中"
    return "纵观整个案例（特别是" + "、".join(f"事件{i}" for i in seen) + "）"


def _look_hint(case: Case, evidence: list[Evidence]) -> str:
    indexes = {e.index for e in case.events}
    seen = sorted({ev.event for ev in evidence if ev.event in indexes})
    return "（请重点看" + "、".join(f"事件{i}" for i in seen) + "）" if seen else ""


def evidence_place(ev: Evidence) -> str:
    """An evidence's place in the numbering the exercise shows: 事件2·第1句 (or ·叙述)."""
    return f"事件{ev.event}" + (f"·第{ev.turn}句" if ev.turn else "·叙述")


def _parties(case: Case) -> list[str]:
    return [f"{p.label}（{ROLE_NAMES.get(p.role, p.role)}" + (f"·{p.org}" if p.org else "") + "）"
            for p in case.parties.values()]


# ---- HTML -------------------------------------------------------------------------------

def render_html(results: list[CaseResult], sheet: str) -> str:
    """The exercise (sheet="exercise") or the answer key (sheet="answer-key") of the cases."""
    key = sheet == "answer-key"
    name = "案例分析练习 · 答案" if key else "案例分析练习"
    body = []
    if len(results) > 1:
        body.append(_toc_html(results, name, key))
    for i, result in enumerate(results, 1):
        first = " first" if i == 1 and len(results) == 1 else ""
        section = _answer_key_html(result, i) if key else _exercise_html(result, i)
        body.append(f"<section class=\"case{first}\" id=\"case-{i}\">\n{section}\n</section>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(name)}</title>\n<style>{CSS}{PRINT_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _toc_html(results: list[CaseResult], name: str, key: bool) -> str:
    rows = []
    for i, result in enumerate(results, 1):
        bits = [case_label(i)]
        if result.case.industry:
            bits.append(result.case.industry)
        if key:
            bits.append(result.case.title)
        bits.append(f"{len(questions(result))} 题")
        rows.append(f"<li><a href=\"#case-{i}\">{escape(' · '.join(bits))}</a></li>")
    return (f"<section class=\"toc\"><h1>{escape(name)}</h1>\n"
            f"<p class=\"meta\">共 {len(results)} 个案例，每个案例单独成页。</p>\n"
            "<h2>目录</h2>\n<ol>\n" + "\n".join(rows) + "\n</ol></section>")


def _head_html(result: CaseResult, index: int, key: bool) -> list[str]:
    case = result.case
    heading = case_label(index) + (" 答案" if key else "")
    meta = [f"行业：{escape(case.industry)}"] if case.industry else []
    out = [f"<header class=\"sheet-head\"><h1>{escape(heading)}</h1>"]
    if key:
        meta = [f"标题：{escape(case.title)}", f"案例 {escape(case.id)}"] + meta
        if case.source:
            meta.append(f"来源：{escape(case.source)}")
        score = "—" if result.score is None else f"{result.score:g}"
        meta.append(f"得分 {score} / 100")
    else:
        meta.append("姓名：________  日期：________")
    out.append(f"<p class=\"meta\">{' · '.join(meta)}</p></header>")
    return out


def _exercise_html(result: CaseResult, index: int) -> str:
    case = result.case
    out = _head_html(result, index, key=False)
    out.append(f"<p><strong>当事方：</strong>{escape('、'.join(_parties(case)))}</p>")
    if case.summary:
        out.append(f"<h2>案情</h2>\n<p>{escape(case.summary)}</p>")
    out.append("<h2>经过</h2>")
    for e, (when, gap) in zip(case.events, when_and_gap(case.events)):
        head = f"事件{e.index} · {escape(event_clause(case, e))}"
        if when:
            head += f" · {when}"
        if gap:
            head += f" <span class=\"gap\">（距上一事件 {gap}）</span>"
        out.append(f"<div class=\"event\"><div class=\"event-head\">{head}</div>")
        if e.note:
            out.append(f"<p class=\"note\">{escape(e.note)}</p>")
        if e.dialogue:
            out.append("<ol class=\"dialogue\">")
            for t in e.dialogue:
                out.append(f"<li><span class=\"n\">第{t.index}句</span><span><span class=\"who\">"
                           f"{escape(t.party)}：</span>{escape(t.text)}</span></li>")
            out.append("</ol>")
        out.append("</div>")
    qs = questions(result)
    out.append(f"<section class=\"questions\"><h2>思考题（共 {len(qs)} 题）</h2>")
    out.append(f"<p class=\"meta\">{escape(INSTRUCTIONS)}</p>")
    for q in qs:
        out.append(f"<div class=\"question\"><p class=\"q\">{q.number}. {escape(q.text)}</p>"
                   "<div class=\"answer-space\"><span>答：</span></div></div>")
    out.append("</section>")
    return "\n".join(out)


def _answer_key_html(result: CaseResult, index: int) -> str:
    out = _head_html(result, index, key=True)
    qs = questions(result)
    out.append(f"<h2>参考答案（共 {len(qs)} 题，题号与练习一致）</h2>")
    for q in qs:
        r = q.result
        out.append(f"<div class=\"key {'fail' if r.verdict == 'fail' else 'pass'}\">")
        out.append(f"<p class=\"q\">{q.number}. {escape(q.text)}</p>")
        out.append(f"<p class=\"verdict-line\">判定：{VERDICT_TEXT[r.verdict]} —— {escape(r.title)}"
                   f"<span class=\"tag\">（{escape(r.rule)} · "
                   f"{SEVERITY_TEXT.get(r.severity, r.severity)} · 权重 {r.weight:g}）</span></p>")
        out.append(f"<p>{escape(r.message)}</p>")
        if basis_note(r):
            out.append(f"<p class=\"muted\">{escape(basis_note(r))}</p>")
        if r.evidence:
            out.append("<p><strong>依据：</strong></p>")
        for ev in r.evidence:
            who = f"{escape(ev.party)}：" if ev.party and ev.turn else ""
            out.append(f"<blockquote><span class=\"where\">{evidence_place(ev)}</span>{who}"
                       f"{_highlight_html(ev)}</blockquote>")
        out.append(f"<p class=\"advice\"><strong>正确做法：</strong>{escape(r.advice)}</p></div>")
    return "\n".join(out)


# ---- Markdown ---------------------------------------------------------------------------

ANSWER_LINES = ["**答：**", "", "＿" * 36, "", "＿" * 36, "", "＿" * 36, ""]


def render_markdown(results: list[CaseResult], sheet: str) -> str:
    """The same sheets as Markdown, to edit in a word processor."""
    key = sheet == "answer-key"
    name = "案例分析练习 · 答案" if key else "案例分析练习"
    parts = []
    if len(results) > 1:
        toc = [f"# {name}", "", "## 目录", ""]
        for i, result in enumerate(results, 1):
            bits = [case_label(i)] + ([result.case.industry] if result.case.industry else [])
            bits += [result.case.title] if key else []
            toc.append(f"{i}. {' · '.join(bits)} · {len(questions(result))} 题")
        parts.append("\n".join(toc) + "\n")
    for i, result in enumerate(results, 1):
        parts.append(_answer_key_md(result, i) if key else _exercise_md(result, i))
    return "\n---\n\n".join(parts)


def _exercise_md(result: CaseResult, index: int) -> str:
    case = result.case
    out = [f"# {case_label(index)}", ""]
    if case.industry:
        out += [f"行业：{case.industry}", ""]
    out += ["姓名：＿＿＿＿＿＿  日期：＿＿＿＿＿＿", "", f"**当事方：**{'、'.join(_parties(case))}", ""]
    if case.summary:
        out += ["## 案情", "", case.summary, ""]
    out += ["## 经过", ""]
    for e, (when, gap) in zip(case.events, when_and_gap(case.events)):
        head = f"### 事件{e.index} · {event_clause(case, e)}"
        head += (f" · {when}" if when else "") + (f"（距上一事件 {gap}）" if gap else "")
        out += [head, ""]
        if e.note:
            out += [e.note, ""]
        for t in e.dialogue:
            out.append(f"- 第{t.index}句 **{t.party}：**{t.text}")
        if e.dialogue:
            out.append("")
    qs = questions(result)
    out += [f"## 思考题（共 {len(qs)} 题）", "", INSTRUCTIONS, ""]
    for q in qs:
        out += [f"**{q.number}.** {q.text}", ""] + ANSWER_LINES
    return "\n".join(out)


def _answer_key_md(result: CaseResult, index: int) -> str:
    case = result.case
    score = "—" if result.score is None else f"{result.score:g}"
    meta = [f"标题：{case.title}", f"案例 `{case.id}`"]
    meta += [f"行业：{case.industry}"] if case.industry else []
    meta += ([f"来源：{case.source}"] if case.source else []) + [f"得分 {score} / 100"]
    qs = questions(result)
    out = [f"# {case_label(index)} 答案", "", " · ".join(meta), "",
           f"## 参考答案（共 {len(qs)} 题，题号与练习一致）", ""]
    for q in qs:
        r = q.result
        out += [f"**{q.number}.** {q.text}", "",
                f"**判定：{VERDICT_TEXT[r.verdict]}** —— {r.title}（`{r.rule}`，"
                f"{SEVERITY_TEXT.get(r.severity, r.severity)}，权重 {r.weight:g}）", "", r.message, ""]
        if basis_note(r):
            out += [f"*{basis_note(r)}*", ""]
        if r.evidence:
            out += ["依据：", ""]
        for ev in r.evidence:
            who = f"{ev.party}：" if ev.party and ev.turn else ""
            out.append(f"> {evidence_place(ev)} {who}{_highlight_md(ev)}")
            out.append("")
        out += [f"**正确做法：**{r.advice}", ""]
    return "\n".join(out)


def render(results: list[CaseResult], sheet: str, fmt: str) -> str:
    """The CLI's one entry: sheet is "exercise" or "answer-key", fmt "html" or "markdown"."""
    if sheet not in SHEETS:
        raise ValueError(f"unknown sheet {sheet!r}")
    return render_html(results, sheet) if fmt == "html" else render_markdown(results, sheet)
