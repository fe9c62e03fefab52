"""JSON Schemas for casekit's three file formats: cases, rule files and `.casekit.yaml`.

Editors use them: VS Code's YAML extension (yaml-language-server) validates a file against
its schema as you type, completes keys and enum values, and shows each `description` on
hover — so the descriptions carry the trainers' Chinese terms next to the YAML names.

The schemas mirror the validators in casekit.loader, casekit.rules and casekit.config: the
key sets, enums and parameter syntax are imported from those modules, not retyped, so a key
added there appears here. What JSON Schema cannot say (every dialogue label must be declared
under `parties`, dates in time order, `$param` names must be declared, …) is still checked
by casekit itself; the schema is the quick feedback, casekit is the authority.

The keywords used have the same meaning in draft 2020-12 and draft-07 (yaml-language-server
implements draft-07): `$defs` are only reached through JSON-pointer `$ref`s, a `$ref`'s siblings
are descriptions only, and there is no `prefixItems` / `unevaluatedProperties` /
`dependentRequired`. `enumDescriptions`, `errorMessage` and `patternErrorMessage` are VS
Code annotations that other validators ignore.
"""

from __future__ import annotations

import json
from functools import lru_cache

from . import config as _config
from . import loader as _loader
from . import rules as _rules
from .errors import InputError
from .model import (EVENT_KINDS, KIND_NAMES, KINDS_NEEDING_FROM, ROLE_NAMES, ROLES,
                    SEVERITIES, VERDICTS)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_URI = "https://casekit.invalid/schema/"
KINDS = ("case", "rules", "config")

SEVERITY_NAMES = {"error": "错误(必须做到)", "warning": "警告(应当做到)", "info": "提示"}
VERDICT_NAMES = {"pass": "符合", "fail": "不符合", "n/a": "不适用"}
SELECTOR_NAMES = {"company": "企业方(agent、staff 或 manager)",
                  "first-owner": "首问人:客户第一次找到的企业方人员",
                  "any": "任何人"}
POSITION_NAMES = {"any": "任意一轮(默认)", "first": "该说话人在每个事件中的第一轮",
                  "last": "该说话人在每个事件中的最后一轮",
                  "opening": "事件的开场第一轮,且必须是该说话人说的"}

# `at`: what the loader accepts as a date, written so that both an editor (YAML 1.2: a
# date is a string) and PyYAML (YAML 1.1: `2021-05-08` and `2021-5-8 10:00:00` are
# timestamps, `2021-05-08 10:00` is a string for datetime.fromisoformat) agree.
# Time-zone offsets are left out on purpose: an offset string becomes an aware datetime
# that the loader cannot compare with the other, naive, dates. Month, day, hour and minute
# ranges are checked; a day the month does not have (02-30) is not.
_MONTH, _DAY = r"(?:0[1-9]|1[0-2])", r"(?:0[1-9]|[12][0-9]|3[01])"
_HOUR, _MINUTE = r"(?:[01][0-9]|2[0-3])", r"[0-5][0-9]"
_ISO_AT = (rf"[0-9]{{4}}-{_MONTH}-{_DAY}"
           rf"(?:[Tt ]{_HOUR}(?::{_MINUTE}(?::{_MINUTE}(?:[.,][0-9]+)?)?)?)?")
_YAML_TIMESTAMP = (r"[0-9]{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01])(?:[Tt]|[ \t]+)"
                   rf"(?:[01]?[0-9]|2[0-3]):{_MINUTE}:{_MINUTE}(?:\.[0-9]*)?")
AT_PATTERN = rf"^\s*(?:{_ISO_AT}|{_YAML_TIMESTAMP})\s*$"


def schema(kind: str) -> dict:
    """The JSON Schema (draft 2020-12) of a case, a rule file or the config file."""
    builders = {"case": _case_schema, "rules": _rules_schema, "config": _config_schema}
    if kind not in builders:
        raise ValueError(f"unknown schema kind '{kind}'; one of: {', '.join(KINDS)}")
    return builders[kind]()


def schema_json(kind: str) -> str:
    """`schema(kind)` as JSON text, Chinese left readable."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False)


# ---------------------------------------------------------------- building blocks


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def _described(description: str, name: str) -> dict:
    """A reference with its own hover text. Only annotations sit next to a `$ref`: draft
    2020-12 applies them, draft-07 validators ignore them (nothing is lost for validation)
    and yaml-language-server merges them into the referenced schema, so this description,
    not the definition's, is shown on hover."""
    return {"$ref": f"#/$defs/{name}", "description": description}


def _ordered(values, preferred) -> list[str]:
    """`values` in the documentation's order, anything new at the end."""
    values = set(values)
    return [v for v in preferred if v in values] + sorted(values - set(preferred))


def _closed(properties: dict, keys, description: str, **extra) -> dict:
    """A mapping that takes exactly `keys` (the validator's own key set): a key the
    validator accepts but this module does not describe yet is allowed without a
    description; a described key the validator does not know is dropped."""
    props = {k: v for k, v in properties.items() if k in keys}
    for key in sorted(set(keys) - set(props)):
        props[key] = {}
    return {"type": "object", "description": description, "properties": props,
            "additionalProperties": False, **extra}


def _enum(values, names: dict, description: str) -> dict:
    """An enum whose hover text lists each value with its Chinese name."""
    values = list(values)
    listed = " / ".join(f"{v} {names[v]}" if v in names else v for v in values)
    return {"description": f"{description}: {listed}", "enum": values,
            "enumDescriptions": [names.get(v, v) for v in values]}


def _bare(schema_: dict) -> dict:
    """The schema without its description (for an alternative inside an anyOf)."""
    return {k: v for k, v in schema_.items() if k != "description"}


def _word_alternatives() -> list[dict]:
    """Phrases: one word or a `$param` (a string), or a list of words."""
    return [{"type": "string"}, {"type": "array", "items": {"type": ["string", "integer"]}}]


def _flag(description: str, default: bool) -> dict:
    return {"description": description, "type": "boolean", "default": default}


def _text(description: str, *, required: bool = False, nullable: bool | None = None) -> dict:
    """Free text. A number or true/false is read as the text it is written as.
    Optional text may be left empty (null); required text may not be blank either."""
    nullable = not required if nullable is None else nullable
    out = {"description": description,
           "type": ["string", "number", "boolean"] + (["null"] if nullable else [])}
    if required:
        out["pattern"] = r"\S"  # applies to strings only: not blank
    return out


def _common_defs() -> dict:
    """Definitions shared by the case and rule schemas (rule examples are small cases)."""
    role = _enum(ROLES, ROLE_NAMES, "角色 role")
    kind = _enum(EVENT_KINDS, KIND_NAMES, "事件类型 kind")
    needing_from = sorted(KINDS_NEEDING_FROM, key=EVENT_KINDS.index)
    party_long = _closed(
        {"role": role,
         "name": _text("姓名或化名 name(可选)"),
         "org": _text("所属单位 org(可选),例如 当地经销商、400售后热线")},
        _loader.PARTY_KEYS,
        "完整写法 long form: {role: staff, name: …, org: …}",
        required=["role"])
    label = {"description": "一个称呼 party label,须在 parties 下声明",
             "type": ["string", "number"], "minLength": 1}
    event = _closed(
        {"at": {"description": "时间 at(可选):ISO 日期或日期时间,如 2021-05-08 或 "
                               "2021-05-08 10:00(可用 T 分隔,可带秒)。"
                               "有日期的事件不能早于上一个事件。",
                "type": ["string", "null"], "pattern": AT_PATTERN,
                "patternErrorMessage": "写成 2021-05-08 或 2021-05-08 10:00"},
         "kind": kind,
         "from": _described("发起方 from:一个称呼(" + "、".join(needing_from) + " 事件必填)",
                            "label"),
         "to": _described("对象 to:一个称呼", "label"),
         "channel": _text("渠道 channel(可选,自由填写):phone 电话、sms 短信、hotline 热线、"
                          "onsite 现场、online 在线、letter 信函……"),
         "note": _text("旁白 note(可选):发生了什么。规则把它视为 from 一方所说"
                       "(例如 经理上门道歉 算作经理道歉)。"),
         "dialogue": {"description": "对话 dialogue(可选):每一轮写成 `- 称呼: 文本`"
                                     "(英文冒号后加空格)",
                      "type": ["array", "null"], "items": _ref("turn")}},
        _loader.EVENT_KEYS,
        "一个事件 event:至少要有 kind",
        required=["kind"],
        allOf=[{"if": {"required": ["kind"],
                       "properties": {"kind": {"enum": needing_from}}},
                "then": {"required": ["from"]}}])
    return {
        "label": label,
        "party": {"description": "称呼对应的角色:简写 `客户: customer`,或完整写法 "
                                 "`销售人员: {role: staff, org: 家具卖场}`",
                  "anyOf": [role, party_long]},
        "parties": {"description": "当事人 parties:对话、from、to 中用到的每个称呼 → 角色。"
                                   "角色 role: " + " / ".join(f"{r} {ROLE_NAMES[r]}" for r in ROLES),
                    "type": "object", "minProperties": 1,
                    "additionalProperties": _ref("party")},
        "turn": {"description": "一轮对话 turn:只有一个键的映射 `称呼: 文本`,英文冒号后加空格"
                                "(`- 客户:文本` 或全角冒号会被当成一整个字符串)",
                 "type": "object", "minProperties": 1, "maxProperties": 1,
                 "additionalProperties": _text("这一轮说的话", nullable=False),
                 "errorMessage": "每一轮对话写成 `- 客户: 文本`:一个称呼,英文冒号,空格,文本"},
        "event": event,
        "events": {"description": "事件 events:案情的时间线,按时间顺序",
                   "type": "array", "minItems": 1, "items": _ref("event")},
    }


@lru_cache(maxsize=1)
def _builtin_rules() -> tuple:
    """The rules shipped with casekit (for completion and hover text only)."""
    try:
        return tuple(_rules.load_rules())
    except InputError:  # a broken installation must not break the schema
        return ()


def _rule_id_hint() -> str:
    rules = _builtin_rules()
    return ("内置规则 built-in rules: " + ", ".join(f"{r.id} {r.title}" for r in rules)) if rules else ""


# ---------------------------------------------------------------- case


def _case_schema() -> dict:
    rule_ids = [r.id for r in _builtin_rules()]
    rule_list = {"description": "规则 id 的列表(一个 id 也可以直接写)。" + _rule_id_hint(),
                 "anyOf": [{"type": "string"},
                           {"type": "array", "items": {"type": "string", "examples": rule_ids}}]}
    expect_lists = {
        "pass": {**rule_list, "description": "应当 符合 pass 的规则。" + rule_list["description"]},
        "fail": {**rule_list, "description": "应当 不符合 fail 的规则。" + rule_list["description"]},
        "n/a": {**rule_list, "description": "应当 不适用 n/a 的规则。" + rule_list["description"]},
        "na": {**rule_list, "description": "同 n/a(写法不同)。" + rule_list["description"]},
        "min_score": {"description": "最低得分 min_score(0–100),供 CI 使用",
                      "type": "number", "minimum": 0, "maximum": 100},
    }
    expect = _closed(expect_lists, _loader.EXPECT_KEYS,
                     "预期 expect(可选):这个案例要教什么——哪些规则应当 pass 符合、"
                     "fail 不符合、n/a 不适用。例如 {fail: [follow-up], pass: [apology]}")
    expect["type"] = ["object", "null"]
    top = _closed(
        {"id": {"description": "案例编号 id(可选):字母、数字、- _ . ;默认取文件名",
                "type": ["string", "integer", "null"], "pattern": _loader.ID_RE.pattern,
                "minimum": 0},
         "title": _text("标题 title(必填):报告顶部显示的案例标题,例如 吊顶漏水:售后无人负责",
                        required=True),
         "industry": _text("行业 industry(可选),例如 家装、汽车维修"),
         "source": _text("出处 source(可选),例如 改编自《客户世界》2021年9月刊"),
         "summary": _text("案情简介 summary(可选),可用折叠块 `>-`"),
         "parties": _described("当事人 parties(必填):对话、from、to 中用到的每个称呼 → 角色",
                               "parties"),
         "events": _described("事件 events(必填):时间线,按时间顺序", "events"),
         "outcome": {"description": "结果 outcome(可选):{resolved: 是否解决, satisfied: 客户是否满意}",
                     "type": ["object", "null"],
                     "properties": {"resolved": {"description": "问题是否解决 resolved",
                                                 "type": "boolean"},
                                    "satisfied": {"description": "客户是否满意 satisfied",
                                                  "type": "boolean"}}},
         "expect": expect},
        _loader.TOP_KEYS,
        "casekit 投诉案例 complaint case:一个文件一个案例。格式见 docs/case-format.md",
        required=["title", "parties", "events"])
    return {"$schema": DIALECT, "$id": BASE_URI + "case.json",
            "title": "casekit 投诉案例 (case)", **top, "$defs": _common_defs()}


# ---------------------------------------------------------------- rule files

PARAM_REF = {"description": "$参数名:引用本规则 params 下声明的参数",
             "type": "string", "pattern": _rules.PARAM_RE.pattern}


def _rule_defs() -> dict:
    parser = _rules._ConditionParser
    selectors = _ordered(_rules.PARTY_SELECTORS, [*ROLES, "company", "first-owner", "any"])
    selector_names = {**ROLE_NAMES, **SELECTOR_NAMES}
    # Alternatives inside an anyOf carry no description: yaml-language-server shows the
    # innermost description on hover, which must be the one of the key being hovered.
    one_selector = _bare(_enum(selectors, selector_names, ""))
    selector_list = ("一个或几个:" + " / ".join(f"{v} {selector_names[v]}" for v in selectors)
                     + ";也可以是 $参数")
    party_selector = {
        "description": "说话人/发起方/对象," + selector_list,
        "anyOf": [one_selector, {"type": "array", "items": one_selector}, _ref("param"),
                  {"type": "null"}]}
    one_kind = _bare(_enum(EVENT_KINDS, KIND_NAMES, ""))
    kinds = {"description": "事件类型 kind:一个或几个 "
                            + " / ".join(f"{k} {KIND_NAMES[k]}" for k in EVENT_KINDS)
                            + ";也可以是 $参数(默认:任何事件)",
             "anyOf": [one_kind, {"type": "array", "items": one_kind}, _ref("param"),
                       {"type": "null"}]}
    channels = {"description": "渠道 channel:一个或几个(不分大小写、繁简:Phone = phone,"
                              "熱線 = 热线);也可以是 $参数",
                "type": ["string", "array", "null"],
                "items": {"type": ["string", "number", "boolean"]}}
    dated = {"description": "dated:true 只算有 at 的事件,false 只算没有 at 的事件",
             "type": ["boolean", "null"]}
    narrated = {"description": "narrated:true 只算有叙述(note)的事件,false 只算没有叙述的事件",
                "type": ["boolean", "null"]}
    selector_props = {"kind": kinds,
                      "from": _described("发起方 from:" + selector_list, "party_selector"),
                      "to": _described("对象 to:" + selector_list, "party_selector"),
                      "with": _described("参与方 with:发起、接收或在对话里说话的一方:" + selector_list,
                                         "party_selector"),
                      "channel": channels, "dated": dated, "narrated": narrated}
    minimum = {"description": "min:至少要有几处匹配(默认 1);也可以是 $参数",
               "default": 1, "anyOf": [{"type": "integer", "minimum": 1}, _ref("param")]}
    after = _described("after:只算在这个条件第一次匹配之后的匹配(先按事件,再按对话轮次)",
                       "condition")
    past_limit = {"description": "past_limit:与 after 连用:案例写明是在 after 那句话自己说的时限之内发生的"
                                 "(承诺“三个工作日内联系您”,当晚客户就发帖),不算;按事件日期,没有日期时按叙述中的时长"
                                 "(当晚、第四天、半个多月);看不出来的照算。stated:after 那句话没有说时限"
                                 "(“尽快”)时一处都不算。默认 false",
                  "default": False, "anyOf": [{"type": "boolean"}, {"enum": ["stated"]}]}
    unless = _described("unless_followed_by:只算此后再没有这个条件匹配的那些匹配"
                        "(先推托、后来又给了办法的,推托不再算)", "condition")
    unless_before = _described("unless_preceded_by:只算此前还没有这个条件匹配的那些匹配"
                               "(问题解决之后才说“此后没人联系”,说的是回访,不是答复迟迟不来)",
                               "condition")
    taken_back = _described("taken_back_by:同一轮对话里后面跟着这个条件的匹配,不算"
                            "(“对不起,行了吧”:话一出口就收回了);叙述不算",
                            "condition")
    hedged = _described("hedged_by:同一句话里前面先出现这个条件的匹配,不算"
                        "(“如果给您带来不便,我们深表歉意”:先加了条件的道歉);同一轮对话或同一段叙述",
                        "condition")
    message = _text("message:这个条件成立(或未满足)时报告里的那句话")
    said = _closed(
        {"by": _described("by:谁说的(默认:任何人)," + selector_list, "party_selector"),
         "words": _described("words:要找的词语;`A…B` 表示同一分句中 A 之后出现 B,"
                             "`A……B` 表示同一句中(可以隔着逗号)A 之后出现 B。"
                             "省略则匹配任何一句话", "words"),
         "in": _described("in:只看这些事件里的话,例如 {kind: contact, from: customer}",
                          "selector"),
         "position": {**_enum(_rules.POSITIONS, POSITION_NAMES, "position:哪一轮"),
                      "default": "any"},
         "notes": _flag("notes:事件的旁白 note 是否算作 from 一方说的(默认 true)", True),
         "negation": _flag("negation:被否定的词语不算(“不会道歉”),默认 true", True),
         "quoted": _flag("quoted:引号里或转述(您说…、客户说…)中的词语也算,默认 false", False),
         "ends_with": _described("ends_with:只看以这些结尾的话(纯文本,不是正则),"
                                 "例如 [……, ——]", "words"),
         "next_by": _described("next_by:只看下一轮紧接着由这些人说的话," + selector_list,
                               "party_selector"),
         "next_not_saying": _described("next_not_saying:……且下一轮里没有这些词语"
                                       "(例如请客户接着说的“您接着说”)", "words"),
         "repeating": _flag("repeating:只看把自己之前说过的话(六个字以上的分句)又原样说了一遍的那一轮"
                            "(套话、复制粘贴;每次通话的开场白不算),默认 false", False),
         "names_speaker": _flag("names_speaker:只看说出了说话人自己名字的那一轮(当事方的 name,"
                                "或名称里角色后面的名字、工号:“晚上好，前台小林”),默认 false", False),
         "after": after, "past_limit": past_limit, "unless_followed_by": unless,
         "unless_preceded_by": unless_before, "taken_back_by": taken_back, "hedged_by": hedged,
         "min": minimum, "message": message},
        parser.SAID_KEYS, "said:说了什么、谁说的、在哪里说的")
    said["type"] = ["object", "null"]
    event = _closed(
        {**selector_props,
         "not_followed_by": _described("not_followed_by:……且此后没有这样的事件", "selector"),
         "not_preceded_by": _described("not_preceded_by:……且此前没有这样的事件(有 after 时只看锚点之后的事件)",
                                       "selector"),
         "not_holding": _described("not_holding:不算在其中找得到这个条件的事件(单独叙述的一次购买、"
                                   "预订:“交了两千元订金”,还没有投诉)", "condition"),
         "unless_holding": _described("unless_holding:……除非这个条件在同一事件里也找得到"
                                      "(购买和问题一起讲的)", "condition"),
         "after": after, "past_limit": past_limit, "unless_followed_by": unless,
         "unless_preceded_by": unless_before, "min": minimum, "message": message},
        parser.EVENT_KEYS, "event:时间线上有没有这样的事件")
    event["type"] = ["object", "null"]
    gap = _closed(
        {"from": _described("from:等待从这个条件第一次(有日期的)匹配开始", "condition"),
         "to": _described("to:到这个条件在其后第一次匹配为止;从未发生则算到最后一个有日期的事件",
                          "condition"),
         "over_hours": {"description": "over_hours:等待超过这么多小时时条件成立(默认 24);"
                                       "也可以是 $参数,或 promised:超过 from 的承诺自己说的时限"
                                       "(“七个工作日内答复”)",
                        "default": 24,
                        "anyOf": [{"type": "number", "exclusiveMinimum": 0}, _ref("param"),
                                  {"const": "promised"}]},
         "or_promised": _described("or_promised:等待开始的那次事件里,这个条件的匹配(如企业方的承诺)"
                                   "说了更长的时限(“三个工作日内上门”)时,按那个时限算", "condition"),
         "message": _text("message:可用 {waited}(如 3天8小时)、{limit}(小时数)、"
                          "{limit_text}(如“24 小时”或企业方自己说的时限)、"
                          "{answered}(才得到回应 / 仍未得到回应)")},
        parser.GAP_KEYS, "gap:某人等了多久(按事件的 at 计算;没有日期时按叙述中的时长,"
                        "如“两个多小时后”“1个多月”)", required=["from", "to"])
    from .narrative import load_lexicon

    act_names = sorted(load_lexicon().acts)
    one_act = {"type": "string", "examples": act_names}
    act = _closed(
        {"act": {"description": "act:叙述词库(rules/lexicons/)中的一种或几种行为:"
                                + "、".join(act_names) + ";也可以是 $参数",
                 "anyOf": [one_act, {"type": "array", "items": one_act}, _ref("param")]},
         "by": _described("by:谁做的(句子的主语:当事方名称或角色名词;没有则沿用前一分句,"
                          "再没有则是事件的 from 或说话人)," + selector_list, "party_selector"),
         "in": _described("in:只看这些事件,例如 {kind: contact, from: customer}", "selector"),
         "negated": _flag("negated:true 只算叙述中没有发生的(未解释、没有露面、无人回访),"
                          "默认 false 只算发生了的", False),
         "repeated": {"description": "repeated:true 只算又做了一次以上的(多次、再次、又、第N次、"
                                     "10多个电话);often 只算不止再做一次的(多次、三次、一再;"
                                     "不算只有“再次”“又”的)",
                      "enum": [True, False, "often"], "default": False},
         "in_complaint": _flag("in_complaint:false 不算客户第一次找企业时自己说的话(对话里说的,"
                               "或叙述里转述的:投诉本身讲的以前的事,“这个月第三次了”“说自己跑了"
                               "三趟了”),也不算企业方道歉、体谅时复述的客户的麻烦(“让您白等了一上午，对不起”)"
                               "和企业方核实查明的事(“确认快递员未按备注送货上门”),默认 true 都算", True),
         "found": _flag("found:false 不算企业方叙述里核实、查明的事(“回电确认快递员未按备注送货上门”:"
                        "查明的是投诉的事),默认 true 都算", True),
         "after": after, "past_limit": past_limit, "unless_followed_by": unless,
         "unless_preceded_by": unless_before, "taken_back_by": taken_back, "hedged_by": hedged,
         "min": minimum, "message": message},
        parser.ACT_KEYS, "act:叙述或对话中谁做了(或没做)什么", required=["act"])
    act["type"] = ["object"]
    condition_props = {
        "said": said, "event": event, "gap": gap, "act": act,
        "any": {"description": "any:几个备选条件,其中一个成立即成立(after、min 写在备选条件里面)",
                "type": ["array", "null"], "items": _ref("condition")},
        "message": message}
    condition = _closed(condition_props, {*parser.KINDS, "message"},
                        "条件 condition:said / event / act / gap / any 中的一个,可加 message",
                        oneOf=[{"required": [k]} for k in parser.KINDS],
                        errorMessage="一个条件只能有 said、event、act、gap、any 中的一个(可加 message)")
    selector = _closed(selector_props, parser.SELECTOR_KEYS,
                       "事件选择 event selector,例如 {kind: contact, from: customer}")
    return {
        "param": PARAM_REF,
        "words": {"description": "词语列表,或一个 $参数(指向 params 中的列表),"
                                 "或单独一个词",
                  "anyOf": _word_alternatives()},
        "party_selector": party_selector,
        "selector": selector,
        "condition": condition,
        "conditions": {"description": "条件列表", "type": ["array", "null"],
                       "items": _ref("condition")},
    }


def _rules_schema() -> dict:
    examples = {
        "description": "示例 examples:测试套件逐个运行,每个必须得到它的 expect;"
                       "至少三个 pass 和三个 fail",
        "type": ["array", "null"],
        "items": {
            "type": "object",
            "description": "一个示例:name、expect,以及 dialogue(一段对话)或 events(小案例)",
            "required": ["expect"],
            "anyOf": [{"required": ["dialogue"]}, {"required": ["events"]}],
            "properties": {
                "name": _text("示例名称 name"),
                "expect": _enum(VERDICTS, VERDICT_NAMES, "expect:这个示例应得的结论"),
                "dialogue": {"description": "一段对话,作为 客户 打给第一个企业方说话人的一次电话联系。"
                                            "默认称呼:客户/顾客、客服、经理/主管、师傅/销售/服务顾问",
                             "type": ["array", "null"], "items": _ref("turn")},
                "channel": _text("dialogue 示例的渠道(默认 phone)"),
                "parties": _described("当事人 parties(可选,默认见 dialogue)", "parties"),
                "events": _described("事件 events:案例格式的一小段时间线", "events"),
            }},
    }
    top = _closed(
        {"id": {"description": "规则 id:kebab-case,例如 first-contact-ownership;"
                               "报告、配置和案例的 expect 都引用它",
                "type": "string", "pattern": _rules.ID_RE.pattern},
         "title": {"description": "标题 title(中文),显示在报告里",
                   "type": "string", "pattern": r"\S"},
         "severity": {**_enum(SEVERITIES, SEVERITY_NAMES, "严重程度 severity"),
                      "default": "warning"},
         "weight": {"description": "权重 weight:在得分中所占的份额(≥ 0,默认 1)",
                    "type": "number", "minimum": 0, "default": 1},
         "description": {"description": "说明 description:检查的究竟是什么(中文)",
                         "type": "string", "pattern": r"\S"},
         "advice": {"description": "正确做法 advice:每次不符合时显示(中文)",
                    "type": "string", "pattern": r"\S"},
         "references": {"description": "依据 references:支持这条规则的原文段落",
                        "type": ["array", "null"],
                        "items": {"type": ["string", "number", "boolean"]}},
         "params": {"description": "参数 params:条件中以 $名称 引用的值(词语列表、数字),"
                                   "配置文件可以改写",
                    "type": ["object", "null"]},
         "exceptions": {"description": "例外词 exceptions:形近词,其中出现的词语一律不算"
                                       "(例如 对不起来 不是 对不起)",
                        "anyOf": [*_word_alternatives(), {"type": "null"}]},
         "check": _closed(
             {"applies_if": _described("applies_if:全部成立才适用,否则 n/a 不适用",
                                       "conditions"),
              "fail_if": _described("fail_if:任何一个成立即 fail 不符合", "conditions"),
              "pass_if": _described("pass_if:全部成立才 pass 符合;为空时没有 fail 即 pass",
                                    "conditions")},
             _rules.CHECK_KEYS, "检查 check:applies_if / fail_if / pass_if"),
         "messages": _closed(
             {v: _text(f"结论为 {v} {VERDICT_NAMES[v]} 时报告里的那句话") for v in VERDICTS},
             VERDICTS, "结论的说明 messages:pass / fail / n/a 各一句"),
         "examples": examples},
        _rules.RULE_KEYS,
        "casekit 规则文件 rule file:一个文件一条规则。格式见 docs/rules.md",
        required=["id", "title", "description", "advice", "check"])
    top["properties"]["messages"]["type"] = ["object", "null"]
    return {"$schema": DIALECT, "$id": BASE_URI + "rules.json",
            "title": "casekit 规则 (rule file)", **top,
            "$defs": {**_common_defs(), **_rule_defs()}}


# ---------------------------------------------------------------- config


def _param_value(default) -> dict:
    """A config value for a parameter must have the type of the rule's default."""
    if isinstance(default, list):
        return {"type": "array", "items": {"type": ["string", "integer"]},
                "description": "词语列表(整体替换默认值)。默认:" + "、".join(map(str, default))}
    if isinstance(default, (bool, str)):
        return {"type": ["string", "boolean"], "description": f"默认:{default}"}
    return {"type": "number", "description": f"默认:{default}"}


def _settings(description: str, params: dict | None = None) -> dict:
    params_schema = {"description": "参数 params:改写规则在 params 下声明的参数"
                                    "(类型须与默认值相同:列表对列表,数字对数字)",
                     "type": "object"}
    if params is not None:
        params_schema["properties"] = {k: _param_value(v) for k, v in params.items()}
        params_schema["description"] += ";这条规则的参数:" + (", ".join(params) or "无")
    return _closed(
        {"enabled": {"description": "enabled:false 不参加评审和计分", "type": "boolean"},
         "severity": _enum(SEVERITIES, SEVERITY_NAMES, "严重程度 severity"),
         "weight": {"description": "权重 weight:在得分中所占的份额(≥ 0)",
                    "type": "number", "minimum": 0},
         "veto": {"description": "一票否决 veto:不符合时得分封顶为这个值(0–100);"
                                 "true 即封顶为 0,false 取消",
                  "anyOf": [{"type": "number", "minimum": 0, "maximum": 100},
                            {"type": "boolean"}]},
         "params": params_schema},
        _config.RULE_KEYS, description)


def _config_schema() -> dict:
    builtin = _builtin_rules()
    rules = {"description": "规则设置 rules:规则 id → 设置。" + _rule_id_hint(),
             "type": ["object", "null"],
             "properties": {r.id: _settings(f"{r.id} {r.title}(内置,{r.severity},"
                                            f"权重 {r.weight:g})", dict(r.params))
                            for r in builtin},
             "additionalProperties": _settings("一条规则的设置(rule_dirs 中的自定义规则)")}
    top = _closed(
        {"rule_dirs": {"description": "rule_dirs:额外的规则文件夹,相对于本配置文件;"
                                      "与内置规则同 id 的规则会替换内置规则",
                       "type": ["array", "null"],
                       "items": {"type": ["string", "number"]}},
         "rules": rules},
        _config.TOP_KEYS,
        "casekit 项目配置 .casekit.yaml:调整评分(启用、严重程度、权重、一票否决、参数)。"
        "见 docs/configuration.md")
    top["type"] = ["object", "null"]
    # A parameter a built-in rule does not declare is an error, unless `rule_dirs` may
    # hold a rule that replaces the built-in one (and declares more parameters).
    top["if"] = {"required": ["rule_dirs"],
                 "properties": {"rule_dirs": {"type": "array", "minItems": 1}}}
    top["else"] = {"properties": {"rules": {"properties": {
        r.id: {"properties": {"params": {"properties": {name: True for name in r.params},
                                         "additionalProperties": False}}}
        for r in builtin}}}}
    return {"$schema": DIALECT, "$id": BASE_URI + "config.json",
            "title": "casekit 配置 (.casekit.yaml)", **top}


__all__ = ["schema", "schema_json", "KINDS"]
