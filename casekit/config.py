"""The project config file, `.casekit.yaml`: an organisation's tuning of the scorecard.

```yaml
rule_dirs: [our-rules]            # extra rule folders, relative to this file
rules:
  greeting: {enabled: false}
  apology: {severity: warning, weight: 5}
  timeliness: {params: {hours: 48}}
  no-blame: {veto: 59}            # 一票否决: failing it caps the score at 59 (true = 0)
```

Found in the current directory or the nearest parent; `--config FILE` names one. Unknown
keys, rule ids and parameters are errors located in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem, ProblemCollector
from .model import SEVERITIES
from .rules import Rule, build_rule, load_rules
from .yamlsrc import YMap, YSeq, parse_yaml, read_source

CONFIG_NAME = ".casekit.yaml"
TOP_KEYS = {"rules", "rule_dirs"}
RULE_KEYS = {"enabled", "severity", "weight", "params", "veto"}


@dataclass
class RuleSettings:
    line: int
    enabled: bool | None = None
    severity: str | None = None
    weight: float | None = None
    params: YMap | None = None
    veto: float | None = None


@dataclass
class Config:
    path: str | None = None
    rule_dirs: list[Path] = field(default_factory=list)
    rules: dict[str, RuleSettings] = field(default_factory=dict)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `.casekit.yaml` in `start` (default: the current directory) or above."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | str | None) -> Config:
    """Read and validate a config file; no path means the empty config."""
    if path is None:
        return Config()
    source = read_source(path)
    data = parse_yaml(source)
    p = ProblemCollector(source.path)
    config = Config(path=source.path)
    if data is None:
        return config
    if not isinstance(data, YMap):
        p.add(getattr(data, "line", 1), 1, "the config must be a mapping with `rules` and/or `rule_dirs`")
        p.raise_if_any()
    for key in data:
        if key not in TOP_KEYS:
            p.add(*data.key_where[key], f"unknown config key '{key}'; known: {', '.join(sorted(TOP_KEYS))}")
    base = Path(source.path).resolve().parent
    dirs = data.get("rule_dirs") or YSeq()
    if not isinstance(dirs, YSeq):
        p.add(*data.at("rule_dirs"), "`rule_dirs` must be a list of folders")
    else:
        for value, where in zip(dirs, dirs.where):
            folder = base / str(value)
            if not folder.is_dir():
                p.add(*where, f"rules folder '{value}' not found (relative to {base})")
            config.rule_dirs.append(folder)
    rules = data.get("rules") or YMap()
    if not isinstance(rules, YMap):
        p.add(*data.at("rules"), "`rules` maps rule ids to settings")
        rules = YMap()
    for rule_id, spec in rules.items():
        line, col = rules.key_where[rule_id]
        if not isinstance(spec, YMap):
            p.add(*rules.at(rule_id), f"settings of '{rule_id}' must be a mapping, e.g. `{{enabled: false}}`")
            continue
        settings = RuleSettings(line=line)
        for key in spec:
            if key not in RULE_KEYS:
                p.add(*spec.key_where[key], f"unknown setting '{key}' for rule '{rule_id}'; "
                                            f"known: {', '.join(sorted(RULE_KEYS))}")
        if "enabled" in spec:
            if isinstance(spec["enabled"], bool):
                settings.enabled = spec["enabled"]
            else:
                p.add(*spec.at("enabled"), "`enabled` must be true or false")
        if "severity" in spec:
            if spec["severity"] in SEVERITIES:
                settings.severity = spec["severity"]
            else:
                p.add(*spec.at("severity"), f"severity must be one of: {', '.join(SEVERITIES)}")
        if "weight" in spec:
            weight = spec["weight"]
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
                p.add(*spec.at("weight"), "weight must be a number ≥ 0")
            else:
                settings.weight = float(weight)
        if "veto" in spec:
            veto = spec["veto"]
            if veto is True:
                settings.veto = 0.0
            elif veto is False:
                settings.veto = None
            elif isinstance(veto, (int, float)) and 0 <= veto <= 100:
                settings.veto = float(veto)
            else:
                p.add(*spec.at("veto"), "veto is true (cap the score at 0) or the cap, 0–100")
        if "params" in spec:
            if isinstance(spec["params"], YMap):
                settings.params = spec["params"]
            else:
                p.add(*spec.at("params"), "`params` maps parameter names to values")
        config.rules[str(rule_id)] = settings
    p.raise_if_any()
    return config


def configured_rules(config: Config, extra_dirs: list[Path] | None = None,
                     rule_problems: list | None = None) -> list[Rule]:
    """All rules (built-in, the config's folders, then `extra_dirs`) with the config applied.
    Disabled rules are kept, marked `enabled = False`, so they can be listed. With a
    `rule_problems` list, a malformed rule file only leaves that rule out."""
    rules = load_rules([*config.rule_dirs, *(extra_dirs or [])], problems=rule_problems)
    broken = {Path(p.path).stem for p in rule_problems or []}
    by_id = {r.id: r for r in rules}
    problems: list[Problem] = []
    for rule_id, settings in config.rules.items():
        if rule_id not in by_id:
            if rule_id in broken:  # its file is reported already; don't blame the config
                continue
            known = ", ".join(sorted(by_id))
            problems.append(Problem(config.path or CONFIG_NAME, settings.line, 3,
                                    f"unknown rule id '{rule_id}'; known: {known}"))
            continue
        rule = by_id[rule_id]
        if settings.params is not None:
            rule = _with_params(rule, settings, config, problems)
            if rule is None:
                continue
        if settings.enabled is not None:
            rule.enabled = settings.enabled
        if settings.severity:
            rule.severity = settings.severity
        if settings.weight is not None:
            rule.weight = settings.weight
        rule.veto = settings.veto
        by_id[rule_id] = rule
    if problems:
        raise InputError(problems)
    return sorted(by_id.values(), key=lambda r: r.id)


def _with_params(rule: Rule, settings: RuleSettings, config: Config,
                 problems: list[Problem]) -> Rule | None:
    """Rebuild the rule from its file with the config's parameter values."""
    overrides = {}
    for name, value in settings.params.items():
        line, col = settings.params.key_where[name]
        if name not in rule.params:
            declared = ", ".join(sorted(rule.params)) or "none"
            problems.append(Problem(config.path, line, col, f"rule '{rule.id}' has no parameter "
                                                            f"'{name}'; its parameters: {declared}"))
            continue
        default = rule.params[name]
        if isinstance(default, list) != isinstance(value, list) or (
                not isinstance(default, list) and isinstance(value, (bool, str)) != isinstance(default, (bool, str))):
            kind = "a list of words" if isinstance(default, list) else f"like {default!r}"
            problems.append(Problem(config.path, *settings.params.at(name),
                                    f"parameter '{name}' of '{rule.id}' must be {kind}"))
            continue
        overrides[name] = value
    try:
        rebuilt = build_rule(rule.source, rule.path, overrides, lexicon=rule.lexicon)
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    if rule.examples_text is not None:  # a built-in rule's examples, still to be parsed
        rebuilt.examples_text, rebuilt.given_examples = rule.examples_text, None
    return rebuilt
