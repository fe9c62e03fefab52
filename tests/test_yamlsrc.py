"""casekit's YAML reading gives the values PyYAML's safe loader gives, with positions;
its shortcuts (string tags resolved early and remembered, strings built inline) must not
change any value."""

from __future__ import annotations

import pytest
import yaml

from casekit.errors import InputError

from casekit.yamlsrc import Source, YMap, YSeq, parse_yaml

DOCUMENT = """\
title: 吊顶漏水
to: 经理
"on": on
off: [off, Off, OFF, yes, No, true, FALSE, y, n]
nothing: [~, null, Null, NULL, '', ""]
numbers: [007, 0x1A, 1_000, -3, +4, 1.5, .5, -.inf, .NaN, 1e3, 6.0e+2, 0o17]
dates: [2024-02-19, 2024-02-19 06:05, 2024-02-19T06:05:00Z]
strings: ["yes", 'null', "2024-02-19", 客户, phone, <<not merge, "=", "1.5", -x, +y, .z]
nested: {kind: contact, from: 客户, dialogue: [{客户: 你好}, {客服: 您好}]}
"""


def plain(value):
    if isinstance(value, YMap):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, YSeq):
        return [plain(v) for v in value]
    return value


def test_values_are_those_of_the_safe_loader():
    expected = yaml.safe_load(DOCUMENT)
    for _ in range(2):  # the second time from the remembered tags
        assert plain(parse_yaml(Source("doc.yaml", DOCUMENT, "utf-8"))) == expected


def test_positions_of_inline_strings():
    data = parse_yaml(Source("doc.yaml", DOCUMENT, "utf-8"))
    lines = DOCUMENT.splitlines()

    def column(line: int, text: str) -> tuple[int, int]:
        return line, lines[line - 1].index(text) + 1

    assert data.at("title") == column(1, "吊顶漏水") and data.key_where["to"] == (2, 1)
    assert data["nested"]["dialogue"].where == [column(9, "{客户"), column(9, "{客服")]
    assert data["nested"].at("from") == column(9, "客户")
    assert data["strings"].where[3] == column(8, "客户")


def test_aliases_give_the_anchored_value_with_its_position():
    data = parse_yaml(Source("doc.yaml", "a: &x 007\nb: *x\nc: [*x, &m {k: v}, *m]\n", "utf-8"))
    assert plain(data) == yaml.safe_load("a: &x 007\nb: *x\nc: [*x, &m {k: v}, *m]\n")
    # an alias is placed where its anchor is, as PyYAML's nodes place it
    assert data.raw["b"] == "007" and data.at("b") == (1, 4)
    assert data["c"].where == [(1, 4), (3, 9), (3, 9)]


@pytest.mark.parametrize("text,message,line", [
    ("a: *x\n", "found undefined alias 'x'", 1),
    ("a: &x [1, *x]\n", "alias *x refers to a value that contains it", 1),
    ("a: 1\n---\nb: 2\n", "found another document", 2),
    ("a: [1\nb: 2\n", "YAML syntax error", 2),
    ("a: !!python/object:os.system [1]\nb: 2\n", "tag 'tag:yaml.org,2002:python/object:os.system' is not allowed", 1),
])
def test_bad_documents_are_located_problems(text, message, line):
    with pytest.raises(InputError) as caught:
        parse_yaml(Source("doc.yaml", text, "utf-8"))
    (problem,) = caught.value.problems
    assert message in problem.message and problem.line == line
