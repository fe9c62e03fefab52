"""The casekit command line: parse arguments, call the library, pick a reporter, exit.

Heavy modules (jieba, rich rendering, the engine) are imported inside commands so that
`casekit --help` and `--version` stay fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2

app = typer.Typer(
    name="casekit",
    help="Critique Chinese customer-complaint case studies against rule files.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class ReviewFormat(str, Enum):
    rich = "rich"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"casekit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Critique Chinese customer-complaint case studies against rule files."""


RulesOption = typer.Option(None, "--rules", metavar="DIR",
                           help="Extra folder of rule files; a rule with a built-in id replaces it.")


def _print_problems(error) -> None:
    # Plain lines, never wrapped: editors and CI parse `path:line:column: message`.
    for problem in error.problems:
        typer.echo(str(problem), err=True)


def _load_reviewer(rule_dirs: Optional[List[Path]]):
    from .engine import Reviewer
    from .errors import InputError

    try:
        return Reviewer.from_dirs(rule_dirs or [])
    except InputError as exc:
        _print_problems(exc)
        raise typer.Exit(EXIT_INVALID) from None


@app.command()
def review(
    cases: List[Path] = typer.Argument(..., metavar="CASE", help="Case files (.yaml/.yml)."),
    fmt: ReviewFormat = typer.Option(ReviewFormat.rich, "--format", "-f",
                                     help="rich: terminal report; json: machine-readable."),
    rules: Optional[List[Path]] = RulesOption,
) -> None:
    """Review one or more cases and print the critique.

    Exit 0 when every report was produced, whatever the verdicts; 2 when an input file
    is invalid (the other cases are still reported).
    """
    from .errors import InputError
    from .loader import load_case

    reviewer = _load_reviewer(rules)
    entries: list = []
    invalid = False
    for path in cases:
        try:
            entries.append(reviewer.review(load_case(path), keywords=fmt is ReviewFormat.rich))
        except InputError as exc:
            invalid = True
            _print_problems(exc)
            if fmt is ReviewFormat.json:
                from .report.json_report import error_entry

                entries.append(error_entry(str(path), exc))
    if fmt is ReviewFormat.json:
        from .report.json_report import render

        if entries:
            typer.echo(render(entries, as_array=len(cases) > 1))
    else:
        from rich.console import Console

        from .report.rich_report import render_case

        console = Console(highlight=False)
        for result in entries:
            render_case(result, console)
    raise typer.Exit(EXIT_INVALID if invalid else EXIT_OK)


def main() -> None:
    """Console-script entry point; turns Ctrl-C into a quiet exit."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
