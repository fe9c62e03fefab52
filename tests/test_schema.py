"""JSON Schemas (casekit.schema) and the case skeleton (casekit.skeleton).

Files are read the way an editor's YAML language server reads them (YAML 1.2: a date is a
string) and validated with `jsonschema`, under draft 2020-12 and under draft-07 (what
yaml-language-server implements). Each invalid sample is also checked against casekit's
own validator, so the schema and the loader are seen to agree on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from casekit import config as config_module
from casekit import loader as loader_module
from casekit import rules as rules_module
from casekit.config import configured_rules, load_config
from casekit.errors import InputError
from casekit.loader import build_case, load_case
from casekit.rules import build_rule, rule_files
from casekit.schema import KINDS, schema, schema_json
from casekit.skeleton import case_skeleton
from casekit.yamlsrc import Source, parse_yaml
from conftest import CASES, FIXTURES, ROOT

VALIDATORS = [jsonschema.Draft202012Validator, jsonschema.Draft7Validator]
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _DatesAsStrings(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: `at: 2021-05-08` stays a string."""


_DatesAsStrings.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def as_editor_sees(text: str):
    """Parse YAML like a YAML 1.2 editor and make it JSON (mapping keys become strings)."""
    return json.loads(json.dumps(yaml.load(text, Loader=_DatesAsStrings)))


def errors(kind: str, text: str, validator=jsonschema.Draft202012Validator) -> list[str]:
    """Every schema error, with those of the alternatives of an anyOf / oneOf."""
    stack = list(validator(schema(kind)).iter_errors(as_editor_sees(text)))
    out = []
    while stack:
        error = stack.pop(0)
        out.append(f"{'/'.join(map(str, error.absolute_path))}: {error.message}")
        stack.extend(error.context or ())
    return out


def loader_problems(kind: str, text: str, tmp_path: Path) -> list[str]:
    """What casekit itself says about the same text (empty when it accepts it)."""
    try:
        if kind == "case":
            data = parse_yaml(Source("t.yaml", text, "utf-8"), problems := [])
            build_case(data, "t.yaml", problems)
        elif kind == "rules":
            build_rule(parse_yaml(Source("t.yaml", text, "utf-8")), "t.yaml")
        else:
            path = tmp_path / ".casekit.yaml"
            path.write_text(text, encoding="utf-8")
            configured_rules(load_config(path))
    except InputError as exc:
        return [p.message for p in exc.problems]
    return []


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the schemas themselves


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_schema_is_a_valid_schema(kind, validator):
    doc = schema(kind)
    validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"] == f"https://casekit.invalid/schema/{kind}.json"
    assert doc["title"] and doc["description"]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_json_is_readable_json(kind):
    text = schema_json(kind)
    assert json.loads(text) == schema(kind)
    assert "\\u" not in text  # Chinese stays readable (ensure_ascii=False)
    assert {"case": "投诉案例", "rules": "规则文件", "config": "项目配置"}[kind] in text
    assert text.startswith('{\n  "$schema"')


def test_unknown_schema_kind():
    with pytest.raises(ValueError, match="one of: case, rules, config"):
        schema("cases")


def _properties(node):
    """Every `properties` mapping in a schema, recursively."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield node["properties"]
        for key, value in node.items():
            if key not in ("if", "then", "else"):  # conditions, not declarations
                yield from _properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value)


def test_key_sets_come_from_the_validators():
    case, rules, cfg = schema("case"), schema("rules"), schema("config")
    defs = rules["$defs"]
    parser = rules_module._ConditionParser
    assert set(case["properties"]) == loader_module.TOP_KEYS
    assert set(case["$defs"]["event"]["properties"]) == loader_module.EVENT_KEYS
    assert set(case["properties"]["expect"]["properties"]) == loader_module.EXPECT_KEYS
    long_form = case["$defs"]["party"]["anyOf"][1]
    assert set(long_form["properties"]) == loader_module.PARTY_KEYS
    assert set(rules["properties"]) == rules_module.RULE_KEYS
    assert set(rules["properties"]["check"]["properties"]) == rules_module.CHECK_KEYS
    condition = defs["condition"]["properties"]
    assert set(condition) == {*parser.KINDS, "message"}
    assert set(condition["said"]["properties"]) == parser.SAID_KEYS
    assert set(condition["event"]["properties"]) == parser.EVENT_KEYS
    assert set(condition["gap"]["properties"]) == parser.GAP_KEYS
    assert set(defs["selector"]["properties"]) == parser.SELECTOR_KEYS
    assert set(cfg["properties"]) == config_module.TOP_KEYS
    assert set(cfg["properties"]["rules"]["additionalProperties"]["properties"]) == \
        config_module.RULE_KEYS
    # every key is described (a key added to a validator but not described here is `{}`)
    for doc in (case, rules, cfg):
        for props in _properties(doc):
            for key, sub in props.items():
                assert sub.get("description"), f"property '{key}' has no description"


def test_descriptions_use_the_trainers_terms():
    text = schema_json("case")
    assert "contact 联系 / transfer 转交" in text and "manager 管理者" in text
    assert "apology 致歉" in schema_json("config")


# ---------------------------------------------------------------- valid files


SAMPLE_CASES = sorted(CASES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))
RULE_FILES = rule_files(ROOT / "rules")


@pytest.mark.parametrize("path", SAMPLE_CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_sample_cases_validate(path, validator):
    load_case(path)  # casekit accepts it…
    assert errors("case", read(path), validator) == []  # …and so does the schema


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_rule_files_validate(path, validator):
    assert errors("rules", read(path), validator) == []


def test_there_are_samples():
    assert len(SAMPLE_CASES) >= 15 and len(RULE_FILES) >= 13


def docs_config() -> str:
    """The example `.casekit.yaml` of docs/configuration.md (its rule folder left out)."""
    text = read(ROOT / "docs" / "configuration.md").split("```yaml\n", 1)[1].split("```", 1)[0]
    return text.replace("rule_dirs: [training/rules]", "rule_dirs: []")


CONFIGS = {
    "docs example": docs_config(),
    "empty rules": "rules: {}\n",
    "veto false and a number": "rules:\n  apology: {veto: false}\n  closing: {veto: 60.5}\n",
    "weight zero, info": "rules:\n  greeting: {weight: 0, severity: info, enabled: true}\n",
    "list and number params": "rules:\n  greeting:\n    params: {phone_channels: [phone, 电话]}\n"
                              "  first-contact-ownership:\n    params: {repeat_contacts: 4}\n",
}


@pytest.mark.parametrize("text", CONFIGS.values(), ids=CONFIGS.keys())
@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_sample_configs_validate(text, validator, tmp_path):
    assert loader_problems("config", text, tmp_path) == []
    assert errors("config", text, validator) == []


def test_custom_rules_in_the_config():
    text = "rule_dirs: [our-rules]\nrules:\n  our-rule: {weight: 2, params: {any_name: [a]}}\n"
    assert errors("config", text) == []
    # with rule folders, a built-in id may name a replacement rule with more parameters…
    text = "rule_dirs: [our-rules]\nrules:\n  apology:\n    params: {sorry: [抱歉]}\n"
    assert errors("config", text) == []
    # …without them it is a parameter the rule does not declare (see INVALID_CONFIGS)
    assert errors("config", text.replace("rule_dirs: [our-rules]", "rule_dirs: []"))


# A minimal valid case, mutated below into invalid ones.
CASE = """\
title: 网络故障
parties:
  客户: customer
  客服: {role: agent, org: 宽带公司}
events:
  - at: 2024-03-01 09:00
    kind: contact
    from: 客户
    to: 客服
    channel: phone
    dialogue:
      - 客户: 网断了。
      - 客服: 对不起，我马上帮您报修。
  - {at: 2024-03-02, kind: resolution, from: 客服}
expect: {pass: [apology], n/a: [follow-up], fail: timeliness, min_score: 50}
"""

VALID_CASE_VARIANTS = {
    "as is": CASE,
    "date-time with T and seconds": CASE.replace("2024-03-01 09:00", "2024-03-01T09:00:30"),
    "YAML timestamp, one-digit month": CASE.replace("2024-03-01 09:00", "2024-3-1 09:00:00"),
    "quoted date": CASE.replace("2024-03-01 09:00", '"2024-03-01 09:00"'),
    "na spelling": CASE.replace("n/a:", "na:"),
    "numbers as text": CASE.replace("title: 网络故障", "title: 2024"),
    "party with name only": CASE.replace("{role: agent, org: 宽带公司}", "{role: agent, name: 小王}"),
    "null optional fields": "title: t\nindustry:\nsummary:\noutcome:\nexpect:\n"
                            "parties: {客户: customer}\nevents:\n"
                            "  - {at: null, kind: visit, to: 客户, channel: null, dialogue: null}\n",
    "outcome": CASE + "outcome: {resolved: true, satisfied: false, note: 客户后来又投诉}\n",
    "empty turn text": CASE.replace("- 客户: 网断了。", "- 客户: ''"),
    "note event without from": CASE.replace("{at: 2024-03-02, kind: resolution, from: 客服}",
                                            "{kind: note, note: 背景}"),
}


@pytest.mark.parametrize("text", VALID_CASE_VARIANTS.values(), ids=VALID_CASE_VARIANTS.keys())
@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_valid_case_variants(text, validator, tmp_path):
    assert loader_problems("case", text, tmp_path) == []
    assert errors("case", text, validator) == []


# `at` as written -> (the schema accepts it, casekit accepts it)
DATES = {
    "2021-05-08": (True, True), "2021-05-08 10:00": (True, True),
    "2021-05-08T10:00": (True, True), "2021-05-08 10": (True, True),
    "2021-05-08 10:00:00.5": (True, True), "2021-5-8 9:00:00": (True, True),
    "2021-05-08  10:00:00": (True, True),
    "2021-5-8": (False, False), "2021/05/08": (False, False), "2021-13-08": (False, False),
    "2021-05-32": (False, False), "2021-05-08 25:00": (False, False),
    "2021-05-08 10:61": (False, False),
    # stricter than casekit: offsets (an aware date cannot be compared with naive ones)
    "2021-05-08 10:00+08:00": (False, True), "2021-05-08T10:00:00Z": (False, True),
    "20210508": (False, True),
    # beyond a pattern: a day the month does not have
    "2021-02-30": (True, False),
}


@pytest.mark.parametrize("at", DATES)
def test_dates(at, tmp_path):
    text = f"title: t\nparties: {{客户: customer}}\nevents:\n  - {{kind: note, at: {at}}}\n"
    assert (errors("case", text) == [], loader_problems("case", text, tmp_path) == []) == DATES[at]


# ---------------------------------------------------------------- invalid files

# What casekit itself says about each invalid sample: the same problem, not another one.
LOADER_SAYS = {
    "unknown top key": "unknown key 'remarks'",
    "unknown event key": "unknown event key 'who'",
    "unknown party key": "unknown party key 'company'",
    "unknown role": "unknown role 'client'",
    "unknown role, long form": "unknown role 'operator'",
    "long form without role": "has no `role`",
    "unknown kind": "unknown kind 'call'",
    "missing kind": "has no `kind`",
    "contact without from": "needs `from`",
    "turn with two keys": "found 2 keys",
    "turn as one string": "it reads as one string",
    "turn without text": "must be plain text",
    "bad expect verdict": "unknown expect key 'skip'",
    "min_score over 100": "min_score` must be a number from 0 to 100",
    "expect list is null": "must be a list of rule ids",
    "bad date": "bad date '2024/03/01'",
    "missing title": "missing `title`",
    "blank title": "missing `title`",
    "no parties": "`parties` must be a mapping",
    "empty events": "non-empty list of events",
    "outcome not boolean": "`outcome.resolved` must be true or false",
    "bad id": "id '-x' may only use",
    # rules
    "unknown condition kind": "a condition is a mapping with one of",
    "two condition kinds": "a condition is a mapping with one of",
    "bad severity": "severity must be one of",
    "unknown rule key": "unknown rule key 'author'",
    "unknown said option": "unknown `said` option 'minimum'",
    "unknown selector key": "unknown selector key 'kinds'",
    "bad position": "position must be one of",
    "position is no $param": "position must be one of",
    "bad party selector": "`by` takes one or more of",
    "bad event kind": "`kind` takes one or more of",
    "gap without to": "`gap` needs `to`",
    "min zero": "`min` must be a whole number",
    "words null": "expected a list of words",
    "example without dialogue or events": "needs a `dialogue` or `events`",
    "example with a bad verdict": "an example needs `expect: pass|fail|n/a`",
    "id not kebab-case": "must be kebab-case",
    "missing check": "missing `check`",
    "messages with an unknown verdict": "`messages` maps pass, fail and n/a",
    # config
    "unknown top key (config)": "unknown config key 'rulez'",
    "unknown setting": "unknown setting 'colour'",
    "veto over 100": "veto is true",
    "veto as text": "veto is true",
    "bad severity (config)": "severity must be one of",
    "negative weight": "weight must be a number ≥ 0",
    "enabled as text": "`enabled` must be true or false",
    "settings not a mapping": "must be a mapping",
    "rule_dirs not a list": "`rule_dirs` must be a list",
    "undeclared parameter of a built-in rule": "has no parameter 'sorry'",
    "parameter of the wrong type": "parameter 'hours' of 'timeliness' must be like 24",
}


def assert_both_reject(kind: str, name: str, text: str, hint: str, tmp_path: Path,
                       loader_text: str | None = None) -> None:
    said = loader_problems(kind, text if loader_text is None else loader_text, tmp_path)
    assert any(LOADER_SAYS[name] in p for p in said), said
    for validator in VALIDATORS:
        found = errors(kind, text, validator)
        assert any(hint in e for e in found), (validator.__name__, found)


INVALID_CASES = {
    "unknown top key": (CASE + "remarks: 备注\n", "remarks"),
    "unknown event key": (CASE.replace("    channel: phone", "    channel: phone\n    who: 客户"),
                          "who"),
    "unknown party key": (CASE.replace("org: 宽带公司", "company: 宽带公司"), "company"),
    "unknown role": (CASE.replace("客户: customer", "客户: client"), "client"),
    "unknown role, long form": (CASE.replace("role: agent", "role: operator"), "operator"),
    "long form without role": (CASE.replace("role: agent, ", ""), "role"),
    "unknown kind": (CASE.replace("kind: contact", "kind: call"), "call"),
    "missing kind": (CASE.replace("    kind: contact\n", ""), "kind"),
    "contact without from": (CASE.replace("    from: 客户\n", ""), "from"),
    "turn with two keys": (CASE.replace("      - 客户: 网断了。", "      - {客户: 网断了。, 客服: 好的}"),
                           "0"),
    "turn as one string": (CASE.replace("- 客户: 网断了。", "- 客户:网断了。"), "客户:网断了"),
    "turn without text": (CASE.replace("- 客户: 网断了。", "- 客户:"), "None"),
    "bad expect verdict": (CASE.replace("n/a: [follow-up]", "skip: [follow-up]"), "skip"),
    "min_score over 100": (CASE.replace("min_score: 50", "min_score: 120"), "120"),
    "expect list is null": (CASE.replace("n/a: [follow-up]", "n/a: null"), "None"),
    "bad date": (CASE.replace("2024-03-01 09:00", "2024/03/01"), "2024/03/01"),
    "missing title": (CASE.replace("title: 网络故障\n", ""), "title"),
    "blank title": (CASE.replace("title: 网络故障", "title: '  '"), "  "),
    "no parties": ("title: t\nparties: {}\nevents: [{kind: note}]\n", "should be non-empty"),
    "empty events": (CASE.split("events:")[0] + "events: []\n", "[]"),
    "outcome not boolean": (CASE + "outcome: {resolved: maybe}\n", "maybe"),
    "bad id": ("id: '-x'\n" + CASE, "-x"),
}


@pytest.mark.parametrize("name", INVALID_CASES)
def test_invalid_cases_are_rejected_by_both(name, tmp_path):
    text, hint = INVALID_CASES[name]
    assert_both_reject("case", name, text, hint, tmp_path)


RULE = """\
id: sample-rule
title: 样例
severity: warning
weight: 1
description: 说明。
advice: 做法。
params:
  words: [抱歉]
  times: 2
check:
  applies_if:
    - event: {kind: contact, from: customer}
  fail_if:
    - said: {by: $who, words: [不管], min: $times}
      message: 推诿。
  pass_if:
    - said: {by: company, words: $words, in: {kind: [contact], from: customer}, position: first}
examples:
  - {name: 例一, expect: pass, dialogue: [客户: 网断了。, 客服: 抱歉。]}
"""

INVALID_RULES = {
    "unknown condition kind": (RULE.replace("- event: {kind: contact", "- events: {kind: contact"),
                               "events"),
    "two condition kinds": (RULE.replace("- event: {kind: contact, from: customer}",
                                         "- {event: {kind: contact}, said: {by: customer}}"),
                            "is valid under each of"),
    "bad severity": (RULE.replace("severity: warning", "severity: fatal"), "fatal"),
    "unknown rule key": (RULE + "author: 张三\n", "author"),
    "unknown said option": (RULE.replace("min: $times", "minimum: 2"), "minimum"),
    "unknown selector key": (RULE.replace("in: {kind: [contact]", "in: {kinds: [contact]"),
                             "kinds"),
    "bad position": (RULE.replace("position: first", "position: middle"), "middle"),
    "position is no $param": (RULE.replace("position: first", "position: $words"), "$words"),
    "bad party selector": (RULE.replace("by: company", "by: shop"), "shop"),
    "bad event kind": (RULE.replace("{kind: contact, from", "{kind: phone, from"), "phone"),
    "gap without to": (RULE.replace("- event: {kind: contact, from: customer}",
                                    "- gap: {from: {event: {kind: contact}}}"), "to"),
    "min zero": (RULE.replace("min: $times", "min: 0"), "0"),
    "words null": (RULE.replace("words: [不管]", "words: null"), "None"),
    "example without dialogue or events": (RULE.replace("dialogue: [客户: 网断了。, 客服: 抱歉。]",
                                                        "note: 无"),
                                           "'dialogue' is a required property"),
    "example with a bad verdict": (RULE.replace("expect: pass", "expect: ok"), "ok"),
    "id not kebab-case": (RULE.replace("id: sample-rule", "id: Sample_Rule"), "Sample_Rule"),
    "missing check": (RULE.split("check:")[0], "check"),
    "messages with an unknown verdict": (RULE + "messages: {ok: 好}\n", "ok"),
}


def test_rule_sample_is_valid(tmp_path):
    text = RULE.replace("by: $who", "by: customer")  # $who is undeclared: only casekit sees that
    assert loader_problems("rules", text, tmp_path) == []
    assert errors("rules", RULE) == []
    assert any("unknown parameter '$who'" in p for p in loader_problems("rules", RULE, tmp_path))


@pytest.mark.parametrize("name", INVALID_RULES)
def test_invalid_rules_are_rejected_by_both(name, tmp_path):
    text, hint = INVALID_RULES[name]
    # RULE's `$who` is undeclared, which only casekit sees: give casekit a declared selector
    assert_both_reject("rules", name, text, hint, tmp_path,
                       loader_text=text.replace("$who", "customer"))


INVALID_CONFIGS = {
    "unknown top key (config)": ("rulez: {}\n", "rulez"),
    "unknown setting": ("rules:\n  apology: {colour: red}\n", "colour"),
    "veto over 100": ("rules:\n  apology: {veto: 150}\n", "150"),
    "veto as text": ("rules:\n  apology: {veto: always}\n", "always"),
    "bad severity (config)": ("rules:\n  apology: {severity: high}\n", "high"),
    "negative weight": ("rules:\n  apology: {weight: -1}\n", "-1"),
    "enabled as text": ("rules:\n  apology: {enabled: 'no'}\n", "no"),
    "settings not a mapping": ("rules:\n  apology: false\n", "False"),
    "rule_dirs not a list": ("rule_dirs: rules\n", "rules"),
    "undeclared parameter of a built-in rule": ("rules:\n  apology:\n    params: {sorry: [抱歉]}\n",
                                                "sorry"),
    "parameter of the wrong type": ("rules:\n  timeliness:\n    params: {hours: [48]}\n", "48"),
}


@pytest.mark.parametrize("name", INVALID_CONFIGS)
def test_invalid_configs_are_rejected_by_both(name, tmp_path):
    text, hint = INVALID_CONFIGS[name]
    assert_both_reject("config", name, text, hint, tmp_path)


# ---------------------------------------------------------------- the skeleton


def test_skeleton_validates_and_loads(tmp_path):
    text = case_skeleton()
    assert text.startswith("# yaml-language-server: $schema=case.schema.json\n")
    assert "casekit schema case > case.schema.json" in text
    assert "在这里写客户的第一句话" in text and "TODO" in text
    for validator in VALIDATORS:
        assert errors("case", text, validator) == []
    path = tmp_path / "new-case.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case(path)
    assert case.id == "new-case" and case.title.startswith("TODO")
    assert [e.kind for e in case.events] == ["contact", "resolution", "follow-up"]
    assert {p.role for p in case.parties.values()} == {"customer", "agent", "staff", "manager"}
    assert case.parties["维修师傅"].org and case.parties["客服主管"].name  # the long form
    assert case.events[0].dialogue[0].text == "TODO 在这里写客户的第一句话"
    assert all(e.at for e in case.events) and case.expect == {"follow-up": "pass"}
    assert case.outcome == {"resolved": True, "satisfied": True}


def test_skeleton_teaches_what_it_expects(reviewer):
    data = parse_yaml(Source("new-case.yaml", case_skeleton(), "utf-8"))
    result = reviewer.review(build_case(data, "new-case.yaml"))
    assert result.mismatches == []


def test_skeleton_schema_path():
    text = case_skeleton(schema_path="../schemas/case.schema.json")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schemas/case.schema.json"
    assert "casekit schema case > ../schemas/case.schema.json" in text


def test_every_invalid_sample_says_what_casekit_reports():
    assert set(LOADER_SAYS) == {*INVALID_CASES, *INVALID_RULES, *INVALID_CONFIGS}


def test_cli_schema_and_new(invoke, tmp_path):
    import json as _json

    for kind in ("case", "rules", "config"):
        result = invoke("schema", kind)
        assert result.exit_code == 0 and _json.loads(result.stdout)["$schema"].endswith("schema")
    target = tmp_path / "mine.yaml"
    assert invoke("new", target).exit_code == 0
    assert invoke("review", target, "-f", "json").exit_code == 0
    again = invoke("new", target)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert invoke("new", target, "--force").exit_code == 0
    assert invoke("new").stdout.startswith("# yaml-language-server")
