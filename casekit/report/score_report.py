"""Batch-score reports: a rich table with a summary, CSV for Excel, JSON and JSON Lines.

Writers receive rows one at a time (streaming formats write them at once) and the summary
at the end; they only render.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TextIO

from ..batch import CaseRow, Summary

GRADES = ((90, "优秀"), (80, "良好"), (70, "中等"), (60, "及格"), (0, "不及格"))


def grade(score: float | None) -> str:
    if score is None:
        return "—"
    return next(name for floor, name in GRADES if score >= floor)


def summary_dict(summary: Summary) -> dict:
    return {"cases": summary.cases, "invalid": summary.invalid, "mean": summary.mean,
            "median": summary.median,
            "distribution": [{"band": band, "cases": n} for band, n in summary.distribution],
            "rules": [{"rule": rule, "pass": p, "fail": f, "n/a": na}
                      for rule, p, f, na in summary.per_rule]}


class Writer:
    """Base: `row` is called for each case in order, `end` once with the summary."""

    streaming = True

    def __init__(self, out: TextIO, rule_ids: list[str], titles: dict[str, str] | None = None):
        self.out = out
        self.rule_ids = rule_ids
        self.titles = titles or {}

    def begin(self) -> None:
        pass

    def row(self, row: CaseRow) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass


class JsonLinesWriter(Writer):
    def row(self, row: CaseRow) -> None:
        self.out.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        self.out.flush()


class JsonWriter(Writer):
    """One document, {"cases": [...], "summary": {...}}, written as the cases arrive."""

    def begin(self) -> None:
        self.out.write('{"cases": [')
        self.first = True

    def row(self, row: CaseRow) -> None:
        self.out.write(("\n  " if self.first else ",\n  ")
                       + json.dumps(row.to_dict(), ensure_ascii=False))
        self.first = False

    def end(self, summary: Summary) -> None:
        self.out.write('\n],\n"summary": ' + json.dumps(summary_dict(summary), ensure_ascii=False,
                                                         indent=2) + "}\n")


class CsvWriter(Writer):
    """One row per case, one column per rule verdict; UTF-8 with BOM so Excel on Chinese
    Windows opens it correctly."""

    def begin(self) -> None:
        self.out.write("\ufeff")
        self.csv = csv.writer(self.out, lineterminator="\r\n")
        self.csv.writerow(["path", "id", "title", "score", "grade", "failed", "error",
                           *self.rule_ids])

    def row(self, row: CaseRow) -> None:
        if row.errors:
            error = "; ".join(f"{p.line}:{p.column}: {p.message}" for p in row.errors)
            self.csv.writerow([row.path, "", "", "", "", "", error, *[""] * len(self.rule_ids)])
        else:
            self.csv.writerow([row.path, row.id, row.title,
                               "" if row.score is None else f"{row.score:g}", grade(row.score),
                               " ".join(row.failed), "",
                               *[row.verdicts.get(r, "") for r in self.rule_ids]])


class BufferedWriter(Writer):
    """A layout that needs every row before it can render (a table, a page)."""

    streaming = False

    def begin(self) -> None:
        self.rows: list[CaseRow] = []

    def row(self, row: CaseRow) -> None:
        self.rows.append(row)


class TableWriter(BufferedWriter):
    """The trainer's view: one line per case, then the spread and the most-failed rules."""

    def end(self, summary: Summary) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console(file=self.out, highlight=False,
                          force_terminal=None if self.out.isatty() else False)
        table = Table(box=None, header_style="dim", padding=(0, 1))
        table.add_column("案例", no_wrap=True)
        table.add_column("标题", max_width=16, overflow="fold")
        table.add_column("得分", justify="right", no_wrap=True)
        table.add_column("等级", no_wrap=True)
        table.add_column("不符合的规则")  # ids separated by spaces wrap between ids
        for row in self.rows:
            if row.errors:  # the full path and every problem are on stderr too
                first = row.errors[0]
                table.add_row(Text(Path(row.path).name, style="red"), Text("文件无效", style="red"),
                              "", "", Text(f"{first.line}:{first.column}: {first.message}",
                                           style="red"))
                continue
            score = "—" if row.score is None else f"{row.score:g}"
            table.add_row(row.id, row.title, score, grade(row.score), " ".join(row.failed))
        console.print(table)
        console.print()
        mean = "—" if summary.mean is None else f"{summary.mean:g}"
        median = "—" if summary.median is None else f"{summary.median:g}"
        console.print(Text.assemble(("汇总 ", "bold"), f"{summary.cases} 个案例",
                                    (f"(无效 {summary.invalid})" if summary.invalid else "", "red"),
                                    f"  平均分 {mean}  中位数 {median}"))
        widest = max((n for _, n in summary.distribution), default=0) or 1
        for band, n in summary.distribution:
            bar = "█" * round(20 * n / widest)
            console.print(f"  {band:>7} {bar} {n}")
        if summary.per_rule:
            rules = Table(title="各规则结果(不符合最多的在前)", title_justify="left", box=None,
                          header_style="dim", padding=(0, 1))
            for name in ("规则", "符合", "不符合", "不适用"):
                rules.add_column(name, justify="left" if name == "规则" else "right")
            for rule, passed, failed, na in summary.per_rule:
                rules.add_row(rule, str(passed), Text(str(failed), style="red" if failed else ""),
                              str(na))
            console.print(rules)


class HtmlWriter(BufferedWriter):
    """The batch summary as one self-contained page, with inline SVG charts."""

    def end(self, summary: Summary) -> None:
        from .documents import batch_html

        self.out.write(batch_html(self.rows, summary, self.titles))


WRITERS = {"table": TableWriter, "html": HtmlWriter, "csv": CsvWriter, "json": JsonWriter, "jsonl": JsonLinesWriter}
