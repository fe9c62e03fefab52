"""casekit's YAML reading gives the values PyYAML's safe loader gives, with positions;
its shortcuts (string tags resolved early and remembered, strings built inline) must not
change any value."""

from __future__ import annotations

import yaml

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
