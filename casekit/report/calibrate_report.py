"""Renderers for `casekit calibrate`: a text report for trainers, JSON and CSV (Excel).

They only render an `Agreement` (casekit.agreement); every figure is computed there.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

from ..agreement import Agreement, Disagreement, Scores
from ..model import VERDICTS

VERDICT_NAMES = {"pass": "符合", "fail": "不符合", "n/a": "不适用"}


def _share(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def _kappa(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _number(x: float | None) -> str:
    """A ratio for machines (CSV): four decimals, empty when undefined."""
    return "" if x is None else f"{x:.4f}"


# ---------------------------------------------------------------------------- text

def _errors(s: Scores) -> str:
    """The off-diagonal cells in words: what casekit said instead of the label."""
    return "\n".join(f"{VERDICT_NAMES[e]}→{VERDICT_NAMES[a]} {s.matrix[e][a]}"
                     for e in VERDICTS for a in VERDICTS if e != a and s.matrix[e][a])


def _style(x: float | None) -> str:
    return "" if x is None else "green" if x >= 0.9 else "yellow" if x >= 0.7 else "red"


def render_text(agreement: Agreement, console, threshold: float | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    overall = agreement.overall
    rules = agreement.rules
    console.print(Text("与专家标注的一致性(案例 expect 对照 casekit 的结论)", style="bold"))
    if rules:
        table = Table(box=None, header_style="dim", padding=(0, 1), collapse_padding=True)
        table.add_column("规则", no_wrap=True)
        for name in ("标注", "一致", "一致率", "平衡准确率", "κ"):
            table.add_column(name, justify="right", no_wrap=True)
        table.add_column("不一致", no_wrap=True)

        def add(name: str, s: Scores, style: str = "") -> None:
            table.add_row(Text(name, style=style), str(s.labels), str(s.agreed),
                          Text(_share(s.agreement), style=_style(s.agreement)),
                          Text(_share(s.balanced_accuracy), style=_style(s.balanced_accuracy)),
                          _kappa(s.kappa), _errors(s))

        for rule, s in rules.items():
            add(rule, s)
        table.add_section()
        add("合计", overall, "bold")
        console.print(table)
        console.print()
        grid = Table(title="混淆矩阵(合计;行:专家,列:casekit)", title_justify="left",
                     box=None, header_style="dim", padding=(0, 1))
        grid.add_column("")
        for actual in VERDICTS:
            grid.add_column(VERDICT_NAMES[actual], justify="right")
        for expected in overall.expected_classes:
            grid.add_row(f"专家{VERDICT_NAMES[expected]}",
                         *[Text(str(overall.matrix[expected][a]),
                                style="bold" if a == expected else
                                "red" if overall.matrix[expected][a] else "dim")
                           for a in VERDICTS])
        console.print(grid)
        console.print(Text("不一致 = 专家标注→casekit 的结论 及其数目;一致率 = 一致/标注;平衡准确率 = 各类专家标注(符合、不符合…)召回率的平均;"
                           "κ = Cohen's kappa,扣除偶然一致后的一致程度(1 完全一致,0 与随机相当),"
                           "— 表示无法计算", style="dim"))
    console.print()
    line = Text.assemble(("汇总 ", "bold"), f"{agreement.cases} 个案例,其中 "
                         f"{agreement.labelled_cases} 个有专家标注(expect),共 {overall.labels} 个标注")
    if agreement.invalid:
        line.append(f";{agreement.invalid_files} 个文件无效,未计入", style="red")
    console.print(line)
    if overall.labels:
        console.print(Text.assemble(
            "  一致率 ", (_share(overall.agreement), f"bold {_style(overall.agreement)}"),
            f"({overall.agreed}/{overall.labels})  平衡准确率 {_share(overall.balanced_accuracy)}"
            f"  κ {_kappa(overall.kappa)}"))
    else:
        console.print(Text("  没有可对照的标注:这些案例都没有 expect", style="yellow"))
    if threshold is not None:
        met = overall.agreement is not None and overall.agreement >= threshold
        console.print(Text(f"  要求一致率 ≥ {_share(threshold)}:" + ("达到" if met else "未达到"),
                           style="green" if met else "bold red"))
    unlabelled = [r for r in agreement.rule_order if r not in rules]
    if unlabelled and overall.labels:
        console.print(Text("  没有标注的规则(未计入):" + " ".join(unlabelled), style="dim"))
    for path, line_no, rule in agreement.unknown:
        console.print(Text(f"  {path}:{line_no}: expect 中的规则 '{rule}' 不存在或未启用,未计入",
                           style="yellow"), soft_wrap=True)
    if not agreement.misses:
        return
    console.print()
    console.print(Text(f"不一致之处({len(agreement.misses)} 处,按案例)", style="bold"))
    by_case: dict[tuple[str, str], list[Disagreement]] = defaultdict(list)
    for d in agreement.misses:
        by_case[(d.path, d.case)].append(d)
    for (path, case_id), misses in by_case.items():
        console.print()
        console.print(Text.assemble((case_id, "bold underline"), ("  " + path, "dim")),
                      soft_wrap=True)
        for d in misses:
            console.print(Text.assemble(
                "  ", (d.rule, "cyan"), f" {d.title}  ",
                ("专家:" + VERDICT_NAMES[d.expected], "bold"), " · ",
                ("casekit:" + VERDICT_NAMES[d.actual], "bold red"),
                (f"  (expect 第{d.line}行)", "dim")), soft_wrap=True)
            console.print(Text("    " + d.message))
            for ev in d.evidence:
                console.print(_evidence(ev), soft_wrap=True)


def _evidence(ev):
    from rich.text import Text

    where = f"事件{ev.event}" + (f"·第{ev.turn}句" if ev.turn else "") + f"·第{ev.line}行"
    text = Text(f"      [{where}] ", style="dim")
    if ev.turn is None:
        text.append("(叙述)", style="dim")
        text.append(ev.text)
    else:
        if ev.party:
            text.append(f"{ev.party}:", style="bold")
        text.append(f"「{ev.text}」")
    return text


# ---------------------------------------------------------------------------- json

def render_json(agreement: Agreement) -> str:
    """{"overall": {...}, "rules": {rule: {...}}, "disagreements": [...], "cases": N,
    "labelled_cases": N, "invalid": [...], "unknown_rules": [...]}; see Agreement.to_dict."""
    return json.dumps(agreement.to_dict(), ensure_ascii=False, indent=2)


# ---------------------------------------------------------------------------- csv

CONFUSION_COLUMNS = [(e, a) for e in VERDICTS for a in VERDICTS]


def _col(verdict: str) -> str:
    return verdict.replace("/", "")  # n/a -> na in column names


def render_csv(agreement: Agreement) -> str:
    """One row per rule, then the overall row; UTF-8 with BOM (Excel on Chinese Windows)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["rule", "labels", "agreed", "agreement", "balanced_accuracy", "kappa",
                     *[f"expected_{_col(e)}_casekit_{_col(a)}" for e, a in CONFUSION_COLUMNS]])
    rows = list(agreement.rules.items()) + [("overall", agreement.overall)]
    for rule, s in rows:
        writer.writerow([rule, s.labels, s.agreed, _number(s.agreement),
                         _number(s.balanced_accuracy), _number(s.kappa),
                         *[s.matrix[e][a] for e, a in CONFUSION_COLUMNS]])
    return buffer.getvalue()
