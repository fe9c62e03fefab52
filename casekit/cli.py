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
    markdown = "markdown"
    html = "html"


class ScoreFormat(str, Enum):
    table = "table"
    html = "html"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    github = "github"


class CalibrateFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class SortKey(str, Enum):
    path = "path"
    id = "id"
    score = "score"


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
ConfigOption = typer.Option(None, "--config", metavar="FILE",
                            help="Project config (default: .casekit.yaml here or in a parent).")
OutputOption = typer.Option(None, "--output", "-o", metavar="FILE",
                            help="Write here (atomically) instead of stdout.")
GlobOption = typer.Option(None, "--glob", metavar="PATTERN",
                          help="File pattern in folders (default: *.yaml, *.yml).")


def _output_stream(output: Optional[Path]):
    """A context giving the stream to write a report to: the file (atomically) or stdout."""
    from contextlib import nullcontext

    from .atomic import atomic_text_writer

    return atomic_text_writer(output) if output else nullcontext(sys.stdout)


def _console_for(out):
    """A rich console on a stream: colour only on a terminal (and never with NO_COLOR)."""
    from rich.console import Console

    return Console(file=out, highlight=False, force_terminal=None if out.isatty() else False)


def _print_problems(error) -> None:
    # Plain lines, never wrapped: editors and CI parse `path:line:column: message`.
    _print_problems_list(error.problems)


def _load_reviewer(rule_dirs: Optional[List[Path]], config_path: Optional[Path] = None):
    """Rules (built-in, config folders, --rules) with the project config applied."""
    from .config import find_config, load_config
    from .engine import Reviewer
    from .errors import InputError

    try:
        config = load_config(config_path or find_config())
        reviewer = Reviewer.from_config(config, rule_dirs or [])
    except InputError as exc:
        _print_problems(exc)
        raise typer.Exit(EXIT_INVALID) from None
    # A malformed rule file is reported and left out; everything else still runs.
    _print_problems_list(reviewer.rule_problems)
    return reviewer


def _console():
    from rich.console import Console

    return Console(highlight=False)


@app.command()
def review(
    cases: List[Path] = typer.Argument(..., metavar="CASE", help="Case files (.yaml/.yml)."),
    fmt: ReviewFormat = typer.Option(ReviewFormat.rich, "--format", "-f",
                                     help="rich: terminal report; json: machine-readable; "
                                          "markdown or html: a document to hand out."),
    output: Optional[Path] = OutputOption,
    watch: bool = typer.Option(False, "--watch",
                               help="Re-render each time a case file is saved (Ctrl-C stops)."),
    exercise: bool = typer.Option(False, "--exercise",
                                  help="With html/markdown: the trainee's sheet (the case and "
                                       "numbered questions, no verdicts)."),
    answer_key: bool = typer.Option(False, "--answer-key",
                                    help="With html/markdown: the trainer's sheet (the same "
                                         "questions with verdicts, evidence and 正确做法)."),
    rules: Optional[List[Path]] = RulesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Review one or more cases and print the critique (or, with --exercise/--answer-key,
    the classroom sheets; several cases make one workbook).

    Exit 0 when every report was produced, whatever the verdicts; 2 when an input file
    is invalid (the other cases are still reported).
    """
    sheet = _sheet_choice(fmt, exercise, answer_key)
    reviewer = _load_reviewer(rules, config)
    invalid = _review_once(reviewer, cases, fmt, output, sheet)
    if watch:
        _watch(reviewer, cases, fmt, output, sheet=sheet)
    raise typer.Exit(EXIT_INVALID if invalid or reviewer.rule_problems else EXIT_OK)


def _sheet_choice(fmt: "ReviewFormat", exercise: bool, answer_key: bool) -> Optional[str]:
    """Which classroom sheet to write, if any; the options' combinations that make no sense
    are usage errors (exit 2)."""
    if exercise and answer_key:
        raise typer.BadParameter("use --exercise or --answer-key, not both (they are two "
                                 "hand-outs)", param_hint="'--exercise' / '--answer-key'")
    if (exercise or answer_key) and fmt not in (ReviewFormat.html, ReviewFormat.markdown):
        raise typer.BadParameter(f"a sheet is a document: use --format html or markdown, "
                                 f"not {fmt.value}", param_hint="'--format'")
    return "exercise" if exercise else "answer-key" if answer_key else None


def _review_once(reviewer, cases: List[Path], fmt: "ReviewFormat", output: Optional[Path],
                 sheet: Optional[str] = None) -> bool:
    """Review the cases and render them; True when any file was invalid."""
    from .errors import InputError
    from .loader import load_case

    entries: list = []
    invalid = False
    for path in cases:
        try:
            entries.append(reviewer.review(load_case(path), keywords=fmt is not ReviewFormat.json))
        except InputError as exc:
            invalid = True
            _print_problems(exc)
            if fmt is ReviewFormat.json:
                from .report.json_report import error_entry

                entries.append(error_entry(str(path), exc))
    target = _output_stream(output)
    with target as out:
        if fmt is ReviewFormat.json:
            from .report.json_report import render

            if entries:
                out.write(render(entries, as_array=len(cases) > 1) + "\n")
        elif sheet:
            from .report.exercise import render as render_sheet

            if entries:
                out.write(render_sheet(entries, sheet, fmt.value))
        elif fmt is ReviewFormat.markdown:
            from .report.documents import case_markdown

            out.write("\n---\n\n".join(case_markdown(r) for r in entries))
        elif fmt is ReviewFormat.html:
            from .report.documents import case_html

            if entries:
                out.write(case_html(entries))
        else:
            from .report.rich_report import render_case

            console = _console_for(out)
            for result in entries:
                render_case(result, console)
    return invalid


def _watch(reviewer, cases: List[Path], fmt: "ReviewFormat", output: Optional[Path],
           interval: float = 0.5, rounds: Optional[int] = None,
           sheet: Optional[str] = None) -> None:
    """Poll the files' modification times and re-render on change, keeping jieba loaded."""
    import time

    def stamp():
        out = []
        for path in cases:
            try:
                out.append(path.stat().st_mtime_ns)
            except OSError:
                out.append(None)
        return out

    seen = stamp()
    typer.echo("watching for changes; Ctrl-C stops", err=True)
    try:
        while rounds is None or rounds > 0:
            time.sleep(interval)
            now = stamp()
            if now != seen:
                seen = now
                if fmt is ReviewFormat.rich and output is None and sys.stdout.isatty():
                    typer.clear()
                _review_once(reviewer, cases, fmt, output, sheet)
            if rounds is not None:
                rounds -= 1
    except KeyboardInterrupt:
        typer.echo("stopped watching", err=True)


@app.command()
def score(
    paths: List[Path] = typer.Argument(..., metavar="PATH",
                                       help="Case files, or folders searched recursively."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Worker processes (default: the number of CPUs)."),
    fmt: ScoreFormat = typer.Option(ScoreFormat.table, "--format", "-f",
                                    help="table: terminal; csv: Excel (UTF-8 with BOM); "
                                         "json: one document; jsonl: one case per line."),
    output: Optional[Path] = OutputOption,
    sort: SortKey = typer.Option(SortKey.path, "--sort",
                                 help="Row order: path (input order), id, or score (best first)."),
    globs: Optional[List[str]] = GlobOption,
    rules: Optional[List[Path]] = RulesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Score many cases: one row per case, then a summary (mean, median, distribution,
    the most-failed rules first).

    An invalid file is one error row and the batch goes on. Exit 0 when every file was
    valid, 2 when any was not or when the paths hold no case file (nothing is written);
    Ctrl-C stops cleanly and keeps what was written.
    """
    import os

    from .batch import (DEFAULT_GLOBS, SORT_KEYS, CaseRow, SummaryBuilder, expand_paths,
                        score_files)
    from .report.score_report import WRITERS

    files, missing = expand_paths(paths, tuple(globs) if globs else DEFAULT_GLOBS)
    _require_case_files(files, missing, paths)
    reviewer = _load_reviewer(rules, config)
    rule_ids = [r.id for r in reviewer.rules]
    summary = SummaryBuilder()
    interrupted = False
    target = _output_stream(output)
    with target as out:
        writer = WRITERS[fmt.value](out, rule_ids, {r.id: r.title for r in reviewer.rules})
        key = SORT_KEYS[sort.value]
        held: list[CaseRow] = []  # only when rows must be sorted or laid out as a table

        def take(row: CaseRow) -> None:
            summary.add(row)
            if key or not writer.streaming:
                held.append(row)
            else:
                writer.row(row)

        writer.begin()
        for problem in missing:
            _print_problems_list([problem])
            take(CaseRow(path=problem.path, errors=[problem]))
        with _progress(len(files)) as advance:
            try:
                for row in score_files(files, reviewer, jobs or os.cpu_count() or 1):
                    if row.errors:
                        _print_problems_list(row.errors)
                    take(row)
                    advance()
            except KeyboardInterrupt:
                interrupted = True
        for row in sorted(held, key=key) if key else held:
            writer.row(row)
        writer.end(summary.result())
    if interrupted:
        typer.echo(f"interrupted: kept the {summary.cases} cases scored so far", err=True)
        raise typer.Exit(130)
    raise typer.Exit(EXIT_INVALID if summary.invalid or reviewer.rule_problems else EXIT_OK)


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., metavar="PATH",
                                       help="Case files, or folders searched recursively."),
    min_score: Optional[float] = typer.Option(None, "--min-score", min=0, max=100,
                                              help="Fail a case scoring under this."),
    fail_on: Optional[Severity] = typer.Option(
        None, "--fail-on", help="Fail on findings of this severity or above in rules a case "
                                "states no expectation for (default: findings alone never fail)."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f",
                                    help="text, json, junit (JUnit XML), sarif (SARIF 2.1.0) "
                                         "or github (workflow annotations)."),
    output: Optional[Path] = OutputOption,
    baseline: Optional[Path] = typer.Option(None, "--baseline", metavar="FILE",
                                            help="Fail only on failures not recorded in FILE."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", metavar="FILE",
                                                  help="Record today's failures in FILE; exit 0."),
    privacy: bool = typer.Option(True, "--privacy/--no-privacy",
                                 help="Flag phone, ID and bank card numbers, e-mail, plates."),
    globs: Optional[List[str]] = GlobOption,
    rules: Optional[List[Path]] = RulesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Check training material in CI: cases valid, verdicts as each case's `expect` says,
    scores high enough, no personal data.

    Exit 0 when every check holds, 1 when any fails, 2 on usage errors, unreadable paths
    or no case file under the paths.
    """
    from .atomic import atomic_text_writer
    from .batch import DEFAULT_GLOBS, expand_paths
    from .checking import (CheckOptions, apply_baseline, baseline_document, check_file,
                           read_baseline, rule_file_checks)
    from .errors import InputError
    from .report import check_report

    files, missing = expand_paths(paths, tuple(globs) if globs else DEFAULT_GLOBS)
    if missing:
        _print_problems_list(missing)
        raise typer.Exit(EXIT_INVALID)
    _require_case_files(files, missing, paths)
    known = set()
    if baseline:
        try:
            known = read_baseline(baseline)
        except InputError as exc:
            _print_problems(exc)
            raise typer.Exit(EXIT_INVALID) from None
    reviewer = _load_reviewer(rules, config)
    options = CheckOptions(min_score=min_score, fail_on=fail_on.value if fail_on else None,
                           privacy=privacy)
    checks = [check_file(reviewer, path, options) for path in files]
    checks.extend(rule_file_checks(reviewer.rule_problems))
    if write_baseline:
        with atomic_text_writer(write_baseline) as out:
            out.write(baseline_document(checks))
        count = sum(len(c.failures) for c in checks)
        typer.echo(f"wrote {count} current failures to {write_baseline}", err=True)
        raise typer.Exit(EXIT_OK)
    if known:
        apply_baseline(checks, known)
    target = _output_stream(output)
    with target as out:
        if fmt is CheckFormat.text:
            check_report.render_text(checks, _console_for(out))
        elif fmt is CheckFormat.json:
            out.write(check_report.render_json(checks) + "\n")
        elif fmt is CheckFormat.junit:
            out.write(check_report.render_junit(checks, reviewer.rules))
        elif fmt is CheckFormat.sarif:
            out.write(check_report.render_sarif(checks, reviewer.rules) + "\n")
        else:
            out.write(check_report.render_github(checks))
    raise typer.Exit(EXIT_FINDINGS if any(not c.ok for c in checks) else EXIT_OK)


@app.command()
def calibrate(
    paths: List[Path] = typer.Argument(..., metavar="PATH",
                                       help="Case files, or folders searched recursively."),
    fmt: CalibrateFormat = typer.Option(CalibrateFormat.text, "--format", "-f",
                                        help="text: per-rule table and the disagreements; "
                                             "json: one document; csv: Excel (UTF-8 with BOM)."),
    output: Optional[Path] = OutputOption,
    min_agreement: Optional[float] = typer.Option(
        None, "--min-agreement", min=0, max=1, metavar="X",
        help="Exit 1 when the overall agreement (0..1) is below X."),
    globs: Optional[List[str]] = GlobOption,
    rules: Optional[List[Path]] = RulesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Agreement between casekit's verdicts and the experts' labels (each case's `expect`):
    per rule and overall, agreement, balanced accuracy, Cohen's kappa, the confusion
    matrix, and every disagreement with casekit's message and evidence.

    Exit 0 when done, 1 when the overall agreement is below --min-agreement, 2 on usage
    errors, missing paths, invalid files (the other cases still count) or no case files.
    """
    from .agreement import Agreement, calibrate as run_calibration
    from .batch import DEFAULT_GLOBS, expand_paths
    from .report import calibrate_report

    files, missing = expand_paths(paths, tuple(globs) if globs else DEFAULT_GLOBS)
    _require_case_files(files, missing, paths)
    _print_problems_list(missing)
    reviewer = _load_reviewer(rules, config)
    agreement = Agreement()
    agreement.add_invalid(missing)
    run_calibration(reviewer, files, agreement)
    _print_problems_list(p for p in agreement.invalid if p not in missing)
    with _output_stream(output) as out:
        if fmt is CalibrateFormat.json:
            out.write(calibrate_report.render_json(agreement) + "\n")
        elif fmt is CalibrateFormat.csv:
            out.write(calibrate_report.render_csv(agreement))
        else:
            calibrate_report.render_text(agreement, _console_for(out), min_agreement)
    overall = agreement.overall.agreement
    below = min_agreement is not None and (overall is None or overall < min_agreement)
    if below:
        shown = "no labels" if overall is None else f"{overall:.1%}"
        typer.echo(f"overall agreement {shown} is below --min-agreement {min_agreement:g}",
                   err=True)
    if agreement.invalid or reviewer.rule_problems:
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_FINDINGS if below else EXIT_OK)


def _print_problems_list(problems) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)


def _require_case_files(files, missing, paths) -> None:
    """Nothing checked is not a pass: exit 2 when the paths hold no case file at all
    (an empty folder, a folder named like a case, a --glob matching nothing, only paths
    that do not exist), before any report is written."""
    if files:
        return
    _print_problems_list(missing)
    if not missing:
        typer.echo("no case files under " + ", ".join(str(p) for p in paths), err=True)
    raise typer.Exit(EXIT_INVALID)


class _progress:
    """A progress bar on stderr for long runs; silent when stderr is not a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if sys.stderr.isatty() and self.total > 1:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            task = self.bar.add_task("scoring", total=self.total)
            return lambda: self.bar.advance(task)
        return lambda: None

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


@app.command("import")
def import_command(
    transcript: Path = typer.Argument(..., metavar="TRANSCRIPT",
                                      help="A plain-text transcript (UTF-8 or GB18030)."),
    output: Optional[Path] = OutputOption,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Turn a transcript (客户:… / 客服人员:… lines, narration, timestamps) into a case file.

    Says what it could not place and what the trainer must check or fill in.
    """
    from .errors import InputError
    from .importer import import_transcript
    from .yamlsrc import read_source

    try:
        source = read_source(transcript)
    except InputError as exc:
        _print_problems(exc)
        raise typer.Exit(EXIT_INVALID) from None
    result = import_transcript(source.text, transcript.name)
    if output is None:
        typer.echo(result.yaml_text, nl=False)
    else:
        if output.exists() and not force:
            typer.echo(f"{output}: already exists; use --force to overwrite", err=True)
            raise typer.Exit(EXIT_INVALID)
        from .atomic import atomic_text_writer

        with atomic_text_writer(output) as out:
            out.write(result.yaml_text)
        typer.echo(f"wrote {output}", err=True)
    for line, text in result.unplaced:
        typer.echo(f"{transcript}:{line}: not placed: {text[:60]}", err=True)
    for item in result.todo:
        typer.echo(f"check: {item}", err=True)


class SchemaKind(str, Enum):
    case = "case"
    rules = "rules"
    config = "config"


@app.command()
def schema(
    kind: SchemaKind = typer.Argument(SchemaKind.case, help="case, rules or config"),
) -> None:
    """Print the JSON Schema of case files, rule files or .casekit.yaml (for editors:
    point the YAML language server at it for completion and red squiggles)."""
    from .schema import schema_json

    typer.echo(schema_json(kind.value))


@app.command()
def new(
    path: Optional[Path] = typer.Argument(None, metavar="[PATH]",
                                          help="Write the skeleton here (default: stdout)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented case skeleton to start a new case from."""
    from .skeleton import case_skeleton

    text = case_skeleton()
    if path is None:
        typer.echo(text, nl=False)
        raise typer.Exit(EXIT_OK)
    if path.exists() and not force:
        typer.echo(f"{path}: already exists; use --force to overwrite", err=True)
        raise typer.Exit(EXIT_INVALID)
    from .atomic import atomic_text_writer

    with atomic_text_writer(path) as out:
        out.write(text)
    typer.echo(f"wrote {path}; replace the TODO placeholders, then: casekit review {path}",
               err=True)


rules_app = typer.Typer(help="List, show and test rules.", no_args_is_help=False)
app.add_typer(rules_app, name="rules")


@rules_app.callback(invoke_without_command=True)
def rules_list(
    ctx: typer.Context,
    rules: Optional[List[Path]] = RulesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """List the rules: id, severity, weight, title, enabled."""
    if ctx.invoked_subcommand is not None:
        return
    from .report.rules_report import render_rule_table

    render_rule_table(_load_reviewer(rules, config).all_rules, _console())


@rules_app.command("show")
def rules_show(
    rule_id: str = typer.Argument(..., metavar="ID"),
    rules: Optional[List[Path]] = RulesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Print a rule's description, advice, check and examples."""
    from .report.rules_report import render_rule

    reviewer = _load_reviewer(rules, config)
    rule = _find_rule(reviewer, rule_id)
    render_rule(rule, _console())


def _find_rule(reviewer, rule_id: str):
    for rule in reviewer.all_rules:
        if rule.id == rule_id:
            return rule
    known = ", ".join(r.id for r in reviewer.all_rules)
    typer.echo(f"unknown rule '{rule_id}'; known rules: {known}", err=True)
    raise typer.Exit(EXIT_INVALID)


@rules_app.command("test")
def rules_test(
    directory: Optional[Path] = typer.Argument(None, metavar="[DIR]",
                                               help="Folder of rules to test (default: all rules)."),
    config: Optional[Path] = ConfigOption,
) -> None:
    """Run every rule against its own examples.

    Each miss is reported as a false pass or false fail with the rule and example named.
    Exit 0 when all examples give their expected verdict, 1 on any miss, 2 on invalid rules.
    """
    from .engine import Reviewer, run_examples
    from .errors import InputError
    from .report.rules_report import render_example_runs
    from .rules import load_rules

    if directory is not None:
        try:
            reviewer = Reviewer(load_rules([directory], include_builtin=False))
        except InputError as exc:
            _print_problems(exc)
            raise typer.Exit(EXIT_INVALID) from None
    else:
        reviewer = _load_reviewer(None, config)
    runs = run_examples(reviewer)
    render_example_runs(runs, _console())
    if not runs:
        typer.echo("no rule examples found", err=True)
    if reviewer.rule_problems:  # a malformed rule file was left out: its examples never ran
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_FINDINGS if any(r.miss for r in runs) else EXIT_OK)


@app.command()
def explain(
    case: Path = typer.Argument(..., metavar="CASE"),
    rule_id: str = typer.Argument(..., metavar="RULE"),
    rules: Optional[List[Path]] = RulesOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Show how a rule reached its verdict on a case: each condition, the words matched or
    negated, the events counted, and the segmentation of the turns it looked at."""
    from .engine import explain as explain_rule
    from .errors import InputError
    from .loader import load_case
    from .report.rules_report import render_explanation

    reviewer = _load_reviewer(rules, config)
    rule = _find_rule(reviewer, rule_id)
    try:
        loaded = load_case(case)
    except InputError as exc:
        _print_problems(exc)
        raise typer.Exit(EXIT_INVALID) from None
    render_explanation(explain_rule(reviewer, loaded, rule.id), loaded, _console())


def main() -> None:
    """Console-script entry point; turns Ctrl-C into a quiet exit."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
