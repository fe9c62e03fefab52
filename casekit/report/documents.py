"""Reports to hand out: Markdown and self-contained HTML (no external assets, no
JavaScript), readable on a phone and printable. Renderers over CaseResult / batch rows."""

from __future__ import annotations

from html import escape

from ..batch import CaseRow, Summary
from ..model import (KIND_NAMES, ROLE_NAMES, Case, CaseResult, Event, Evidence, basis_note,
                     channel_name)
from ..timefmt import when_and_gap

VERDICT_WORDS = {"pass": "✔ 符合", "fail": "✘ 不符合", "n/a": "– 不适用"}
SEVERITY_WORDS = {"error": "严重", "warning": "警告", "info": "提示"}

CSS = """
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       line-height: 1.6; margin: 0 auto; padding: 1rem; max-width: 48rem; color: #1f2328; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.15rem; border-bottom: 1px solid var(--line);
     padding-bottom: .2rem; margin-top: 1.6rem; }
.meta, .muted { color: var(--muted); font-size: .9rem; }
.score { font-size: 2rem; font-weight: bold; } .score small { font-size: 1rem; color: var(--muted); }
ol.timeline { padding-left: 1.2rem; } ol.timeline li { margin: .4rem 0; }
.gap { color: var(--muted); font-size: .85rem; }
.verdict { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px;
           padding: .6rem .8rem; margin: .8rem 0; page-break-inside: avoid; }
.verdict.pass { border-left-color: var(--pass); } .verdict.fail { border-left-color: var(--fail); }
.verdict.warning { border-left-color: var(--warn); } .verdict.na { border-left-color: var(--line); }
.verdict h3 { margin: 0; font-size: 1.05rem; } .tag { font-size: .8rem; color: var(--muted); }
.pass .mark { color: var(--pass); } .fail .mark { color: var(--fail); } .warning .mark { color: var(--warn); }
blockquote { margin: .4rem 0; padding: .3rem .6rem; background: #f6f8fa; border-radius: 4px; }
blockquote .where { color: var(--muted); font-size: .8rem; display: block; }
mark { background: #fff8c5; font-weight: bold; }
.advice { background: #ddf4ff; padding: .4rem .6rem; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
td.num, th, td.grade { white-space: nowrap; } td.num { text-align: right; }
svg { max-width: 100%; height: auto; }
@media print { body { max-width: none; } a { color: inherit; } }
"""


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            "</body>\n</html>\n")


def _highlight(ev: Evidence, plain, marked) -> str:
    """The quoted text with its matched words marked, each piece formatted as given."""
    out, pos = [], 0
    for start, end in sorted(ev.spans):
        out.append(plain(ev.text[pos:start]))
        out.append(marked(ev.text[start:end]))
        pos = end
    out.append(plain(ev.text[pos:]))
    return "".join(out)


def _highlight_html(ev: Evidence) -> str:
    return _highlight(ev, escape, lambda t: f"<mark>{escape(t)}</mark>")


def _highlight_md(ev: Evidence) -> str:
    return _highlight(ev, str, lambda t: f"**{t}**")


def _where(ev: Evidence) -> str:
    return f"事件{ev.event}" + (f"·第{ev.turn}句" if ev.turn else "·叙述") + f"·第{ev.line}行"


def _event_line(e: Event, case: Case) -> str:
    kind = KIND_NAMES[e.kind]
    if e.kind == "escalation" and case.role_of(e.sender) == "customer":
        kind = "越级投诉"
    who = f"{e.sender or ''}" + (f" → {e.to}" if e.to else "")
    parts = [kind + (f"·{channel_name(e.channel)}" if e.channel else ""), who]
    return " ".join(p for p in parts if p)


def _parties_text(case: Case) -> str:
    return "、".join(f"{p.label}({ROLE_NAMES[p.role]}" + (f"·{p.org}" if p.org else "") + ")"
                    for p in case.parties.values())


def _verdict_class(r) -> str:
    if r.verdict == "n/a":
        return "na"
    if r.verdict == "fail" and r.severity != "error":
        return "warning"
    return r.verdict


def _score_text(result: CaseResult) -> str:
    return "—" if result.score is None else f"{result.score:g}"


def case_html(results: list[CaseResult]) -> str:
    """One page: each case's critique, one after another."""
    title = results[0].case.title if len(results) == 1 else "案例点评"
    return _page(title, "\n<hr>\n".join(_case_body(r) for r in results))


def _case_body(result: CaseResult) -> str:
    case = result.case
    body = [f"<h1>{escape(case.title)}</h1>"]
    meta = [f"案例 {escape(case.id)}"]
    if case.industry:
        meta.append(f"行业 {escape(case.industry)}")
    if case.source:
        meta.append(f"来源 {escape(case.source)}")
    body.append(f"<p class=\"meta\">{' · '.join(meta)}</p>")
    body.append(f"<p class=\"meta\">当事方:{escape(_parties_text(case))}</p>")
    counts = {v: sum(1 for r in result.results if r.verdict == v) for v in VERDICT_WORDS}
    body.append(f"<p class=\"score\">{_score_text(result)} <small>/ 100 分 · 符合 {counts['pass']}"
                f" · 不符合 {counts['fail']} · 不适用 {counts['n/a']}</small></p>")
    if case.summary:
        body.append(f"<h2>案情</h2><p>{escape(case.summary)}</p>")
    body.append("<h2>时间线</h2><ol class=\"timeline\">")
    for e, (when, gap) in zip(case.events, when_and_gap(case.events)):
        if gap:
            when += f" <span class=\"gap\">(+{gap})</span>"
        body.append(f"<li><strong>{escape(_event_line(e, case))}</strong> {when}")
        if e.note:
            body.append(f"<br>{escape(e.note)}")
        if e.dialogue:
            body.append("<br>" + "<br>".join(f"{escape(t.party)}:{escape(t.text)}"
                                            for t in e.dialogue))
        body.append("</li>")
    body.append("</ol><h2>点评</h2>")
    for r in result.results:
        body.append(f"<section class=\"verdict {_verdict_class(r)}\">")
        body.append(f"<h3><span class=\"mark\">{VERDICT_WORDS[r.verdict]}</span> {escape(r.title)} "
                    f"<span class=\"tag\">{escape(r.rule)} · {SEVERITY_WORDS[r.severity]} · "
                    f"权重 {r.weight:g}</span></h3>")
        body.append(f"<p>{escape(r.message)}</p>")
        if basis_note(r):
            body.append(f"<p class=\"basis\">{escape(basis_note(r))}</p>")
        for ev in r.evidence:
            who = f"{escape(ev.party)}:" if ev.party and ev.turn else ""
            body.append(f"<blockquote><span class=\"where\">{_where(ev)}</span>{who}"
                        f"{_highlight_html(ev)}</blockquote>")
        if r.verdict == "fail":
            body.append(f"<p class=\"advice\"><strong>正确做法:</strong>{escape(r.advice)}</p>")
        body.append("</section>")
    if result.keywords:
        body.append(f"<h2>客户诉求关键词</h2><p>{escape('、'.join(result.keywords))}</p>")
    body.append("<p class=\"muted\">由 casekit 生成</p>")
    return "\n".join(body)


def case_markdown(result: CaseResult) -> str:
    case = result.case
    out = [f"# {case.title}", ""]
    meta = [f"案例 `{case.id}`"] + ([f"行业 {case.industry}"] if case.industry else []) + (
        [f"来源 {case.source}"] if case.source else [])
    out += [" · ".join(meta), "", f"当事方:{_parties_text(case)}", ""]
    counts = {v: sum(1 for r in result.results if r.verdict == v) for v in VERDICT_WORDS}
    out += [f"**得分 {_score_text(result)} / 100**(符合 {counts['pass']} · 不符合 {counts['fail']}"
            f" · 不适用 {counts['n/a']})", ""]
    if case.summary:
        out += ["## 案情", "", case.summary, ""]
    out += ["## 时间线", ""]
    for e, (when, gap) in zip(case.events, when_and_gap(case.events)):
        when = (f" — {when}" if when else "") + (f"(+{gap})" if gap else "")
        out.append(f"{e.index}. **{_event_line(e, case)}**{when}")
        if e.note:
            out.append(f"   {e.note}")
        for t in e.dialogue:
            out.append(f"   - {t.party}:{t.text}")
    out += ["", "## 点评", ""]
    for r in result.results:
        out.append(f"### {VERDICT_WORDS[r.verdict]} {r.title}(`{r.rule}`,"
                   f"{SEVERITY_WORDS[r.severity]},权重 {r.weight:g})")
        out += ["", r.message, ""]
        if basis_note(r):
            out += [f"*{basis_note(r)}*", ""]
        for ev in r.evidence:
            who = f"{ev.party}:" if ev.party and ev.turn else ""
            out.append(f"> {who}{_highlight_md(ev)}  ")
            out.append(f"> <sub>{_where(ev)}</sub>")
            out.append("")
        if r.verdict == "fail":
            out += [f"**正确做法:**{r.advice}", ""]
    if result.keywords:
        out += ["## 客户诉求关键词", "", "、".join(result.keywords), ""]
    return "\n".join(out)


def _bar_chart(title: str, items: list[tuple[str, int]], colour: str) -> str:
    """A horizontal bar chart as inline SVG (no JavaScript, prints fine)."""
    width, label_w, bar_h, gap = 640, 190, 22, 6
    top = 30
    height = top + len(items) * (bar_h + gap) + 10
    peak = max((n for _, n in items), default=0) or 1
    parts = [f"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" "
             f"role=\"img\" aria-label=\"{escape(title)}\">",
             f"<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">{escape(title)}</text>"]
    for i, (label, n) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = round((width - label_w - 50) * n / peak)
        parts.append(f"<text x=\"{label_w - 8}\" y=\"{y + 16}\" font-size=\"13\" "
                     f"text-anchor=\"end\">{escape(label)}</text>")
        parts.append(f"<rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bar_h}\" "
                     f"fill=\"{colour}\" rx=\"3\"/>")
        parts.append(f"<text x=\"{label_w + w + 6}\" y=\"{y + 16}\" font-size=\"13\">{n}</text>")
    parts.append("</svg>")
    return "\n".join(parts)


def batch_html(rows: list[CaseRow], summary: Summary, titles: dict[str, str]) -> str:
    """The batch summary as one page: per-rule failures and score distribution charts,
    then one row per case."""
    from .score_report import grade

    mean = "—" if summary.mean is None else f"{summary.mean:g}"
    median = "—" if summary.median is None else f"{summary.median:g}"
    body = ["<h1>批量评分汇总</h1>",
            f"<p class=\"score\">{mean} <small>平均分 · 中位数 {median} · {summary.cases} 个案例"
            + (f" · 无效 {summary.invalid}" if summary.invalid else "") + "</small></p>",
            "<h2>各规则不符合的案例数(最多的在前)</h2>",
            _bar_chart("不符合的案例数",
                       [(f"{titles.get(rule, rule)}", failed)
                        for rule, _, failed, _ in summary.per_rule], "#cf222e"),
            "<h2>得分分布</h2>",
            _bar_chart("案例数", list(summary.distribution), "#0969da"),
            "<h2>各案例</h2>",
            "<table><thead><tr><th>案例</th><th>标题</th><th>得分</th><th>等级</th>"
            "<th>不符合的规则</th></tr></thead><tbody>"]
    for row in rows:
        if row.errors:
            first = row.errors[0]
            body.append(f"<tr><td>{escape(row.path)}</td><td colspan=\"4\">文件无效:"
                        f"{first.line}:{first.column}: {escape(first.message)}</td></tr>")
            continue
        score = "—" if row.score is None else f"{row.score:g}"
        failed = "、".join(titles.get(r, r) for r in row.failed)
        body.append(f"<tr><td>{escape(row.id or '')}</td><td>{escape(row.title or '')}</td>"
                    f"<td class=\"num\">{score}</td><td class=\"grade\">{grade(row.score)}</td>"
                    f"<td>{escape(failed)}</td></tr>")
    body.append("</tbody></table><p class=\"muted\">由 casekit 生成</p>")
    return _page("批量评分汇总", "\n".join(body))
