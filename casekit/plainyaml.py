"""A fast reader for the plain block YAML that case files are written in.

libyaml makes a Python event object, with two position marks, for every scalar and
collection; building a case from them cost as much as jieba's segmentation of a short case.
Case files use a small part of YAML: block mappings and sequences, plain, quoted and block
(``>-``, ``|``) scalars, one-line flow collections of plain values (``{role: staff}``) and
comments. This module reads exactly that part, line by line, into the same values with the
same positions as ``yamlsrc._Builder`` gives from libyaml's events, and gives up
(``Unsupported``) on anything else: anchors, tags, escapes, multi-line plain or quoted
scalars, nested flow collections, tabs, document markers, an empty value, a duplicate key,
an indentation it does not expect. The caller then parses the file with libyaml, which
also reports every syntax error: this reader never decides that a file is wrong.

tests/test_plainyaml.py compares the two on every YAML file of the repository and on
thousands of mutated ones.
"""

from __future__ import annotations

import re

import yaml

from .yamlsrc import MAX_DEPTH, MAX_NODES, STR_TAG, YMap, YSeq, _RESOLVER


class Unsupported(Exception):
    """The text uses YAML this reader does not read; parse it with libyaml instead."""


# Characters outside what it reads: tabs, other line breaks, a BOM, and what libyaml
# rejects as non-printable (its error message is the one to show).
_AVOID_RE = re.compile("[\x00-\x08\t\x0b\x0c\r\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
# A document marker or a directive at the start of a line.
_MARKER_RE = re.compile(r"^(?:---|\.\.\.|%)", re.M)
# A plain key and its colon: it may not start with an indicator, and holds no colon or #.
_KEY_RE = re.compile(r"([^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*?):(?: +|$)")
# Characters a plain value may not start with (- only before a space, but we keep it simple).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# What may follow a closed quote or flow collection: spaces and perhaps a comment.
_TRAILING_RE = re.compile(r"(?: +#.*| *)$")
_BLOCK_HEADER_RE = re.compile(r"([|>])([-+]?)(?: +#.*| *)$")
_DOUBLE_RE = re.compile(r'"([^"\\]*)"')
_SINGLE_RE = re.compile(r"'((?:[^']|'')*)'")
# Characters a plain value inside a flow collection may not hold.
_FLOW_AVOID = frozenset(":?#&*!|>'\"%@`[]{},")

_PLAIN = (True, False)


class _Scalar:
    """What the safe constructor needs of a scalar that is not a string (yamlsrc._construct)."""

    __slots__ = ("value", "start_mark", "end_mark", "style")

    def __init__(self, value: str, mark) -> None:
        self.value = value
        self.start_mark = self.end_mark = mark
        self.style = None


_KEY_SEEN: dict[str, bool] = {}  # key text -> whether it reads as a plain string key


def _plain_key(key: str) -> bool:
    """A key this reader takes: a string (not a number, date or boolean), no trailing space.
    Keys repeat from case to case (at, kind, from…), so the answer is remembered."""
    ok = _KEY_SEEN.get(key)
    if ok is None:
        ok = key[-1] != " " and _RESOLVER.scalar_tag(key, _PLAIN) == STR_TAG
        if len(_KEY_SEEN) < 10_000:
            _KEY_SEEN[key] = ok
    return ok


def _plain(value: str, line: int, column: int, path: str, construct):
    """A plain scalar's value: its text, or what its tag makes of it (1-based position)."""
    tag = _RESOLVER.scalar_tag(value, _PLAIN)
    if tag == STR_TAG:
        return value
    return construct(_Scalar(value, yaml.Mark(path, 0, line - 1, column - 1, None, None)), tag)


def read_plain(text: str, path: str, construct):
    """The document's value, built as yamlsrc._Builder builds it from libyaml's events;
    raises Unsupported for what it does not read. `construct(scalar, tag)` makes numbers,
    dates and booleans (yamlsrc._Builder._construct, which records a bad one's problem).

    One loop over the lines with a stack of the open collections, each
    [container, column, is_mapping]: a line's indentation closes the deeper ones. A key
    with nothing after it is pending until the next line opens its value."""
    if _AVOID_RE.search(text) or _MARKER_RE.search(text):
        raise Unsupported
    lines = text.split("\n")
    final_break = text.endswith("\n")  # the last line break ends a line, starts none
    if final_break:
        lines.pop()
    key_match = _KEY_RE.match
    double_match = _DOUBLE_RE.match
    key_seen = _KEY_SEEN
    root = None
    stack: list[list] = []
    pending = None  # (mapping, key, key position) whose value is the block below
    count = 0
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        rest = line.lstrip(" ")
        if not rest or rest[0] == "#":
            i += 1
            continue
        indent = len(line) - len(rest)
        dash = rest[0] == "-" and (len(rest) == 1 or rest[1] == " ")
        # -- where this line belongs: the collection it opens or continues
        if pending is not None:
            parent, key, key_position = pending
            pending = None
            column = stack[-1][1]
            if not (indent > column or (dash and indent == column)):
                raise Unsupported  # an empty value: null, placed by libyaml's reading
            container = YSeq() if dash else YMap()
            container.line, container.column = i + 1, indent + 1
            parent[key] = container
            parent.where[key] = (i + 1, indent + 1)
            parent.key_where[key] = key_position
            stack.append([container, indent, not dash])
            count += 1
            if len(stack) > MAX_DEPTH:
                raise Unsupported
        elif stack:
            top = stack[-1]
            # a less indented line closes collections, and so does a key after an
            # indentless sequence (one whose dashes stand at its mapping's keys)
            while indent < top[1] or (indent == top[1] and not top[2] and not dash):
                stack.pop()
                if not stack:
                    raise Unsupported
                top = stack[-1]
            if indent != top[1] or dash == top[2]:
                # a continuation line, an indentation error, a dash among keys or a key
                # among dashes
                raise Unsupported
            container = top[0]
        else:
            if root is not None:
                raise Unsupported  # a second node after the document's
            container = root = YSeq() if dash else YMap()
            container.line, container.column = i + 1, indent + 1
            stack.append([container, indent, not dash])
            count += 1
        # -- a sequence's item: a scalar, a flow collection, or a mapping's first key
        if dash:
            after = rest[1:]
            value_text = after.lstrip(" ")
            column = indent + 1 + len(after) - len(value_text)
            if not value_text or value_text[0] == "#":
                raise Unsupported  # the item is the block below (rare): libyaml reads it
            match = key_match(value_text)
            if match is None:
                position = (i + 1, column + 1)
                value, raw, i = _scalar(lines, i, value_text, column, indent, path, construct,
                                        final_break)
                if raw is None:  # a flow collection: its items count too
                    count += 2 * len(value)
                container.append(value)
                container.where.append(position)
                count += 1
                continue
            mapping = YMap()
            mapping.line, mapping.column = i + 1, column + 1
            container.append(mapping)
            container.where.append((i + 1, column + 1))
            stack.append([mapping, column, True])
            if len(stack) > MAX_DEPTH:
                raise Unsupported
            container, indent, rest = mapping, column, value_text
            count += 1
        else:
            match = key_match(rest)
            if match is None:
                raise Unsupported
        # -- a mapping's key and its value
        key = match.group(1)
        if key in container or not (key_seen.get(key) or _plain_key(key)):
            raise Unsupported  # a spaced key, a duplicate (libyaml's reading reports it)
        key_position = (i + 1, indent + 1)
        value_text = rest[match.end():]
        count += 2
        if not value_text or value_text[0] == "#":
            pending = (container, key, key_position)
            i += 1
            continue
        column = indent + match.end()
        position = (i + 1, column + 1)
        quoted = double_match(value_text) if value_text[0] == '"' else None
        if quoted is not None and quoted.end() == len(value_text):  # most values: inline
            value = raw = quoted.group(1)
            i += 1
        else:
            value, raw, i = _scalar(lines, i, value_text, column, indent, path, construct,
                                    final_break)
            if raw is None:  # a flow collection: its items count too
                count += 2 * len(value)
        container[key] = value
        container.where[key] = position
        container.key_where[key] = key_position
        if raw is not None:
            container.raw[key] = raw
    if pending is not None or root is None or count > MAX_NODES:
        raise Unsupported  # a null at the end, an empty document, or one libyaml must bound
    return root


def _scalar(lines: list[str], i: int, text: str, column: int, parent: int, path: str,
            construct, final_break: bool):
    """The scalar (or one-line flow collection) `text` that starts on line i at `column`
    (0-based) under a node indented `parent`: (value, its text or None, the next line)."""
    first = text[0]
    if first == '"' or first == "'":
        match = (_DOUBLE_RE if first == '"' else _SINGLE_RE).match(text)
        if match is None or not _TRAILING_RE.match(text, match.end()):
            raise Unsupported  # an escape, or a quote that goes on to the next line
        value = match.group(1)
        if first == "'":
            value = value.replace("''", "'")
        return value, value, i + 1
    if first == "|" or first == ">":
        return _block_scalar(lines, i, text, parent, final_break)
    if first == "{" or first == "[":
        return _flow(i, column, text, path, construct), None, i + 1
    if first in _INDICATORS:
        raise Unsupported
    cut = text.find(" #")
    if cut != -1:
        text = text[:cut]
    value = text.rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise Unsupported
    return _plain(value, i + 1, column + 1, path, construct), value, i + 1


def _block_scalar(lines: list[str], i: int, text: str, parent: int, final_break: bool):
    header = _BLOCK_HEADER_RE.match(text)
    if header is None:
        raise Unsupported  # an indentation indicator, or something after the header
    style, chomping = header.groups()
    j = i + 1
    if j >= len(lines) or not lines[j].strip(" "):
        raise Unsupported  # leading blank lines, or an empty scalar
    indent = len(lines[j]) - len(lines[j].lstrip(" "))
    if indent <= parent:
        raise Unsupported
    content: list[str] = []
    blanks = 0  # blank lines since the last content line
    while j < len(lines):
        line = lines[j]
        stripped = line.lstrip(" ")
        if not stripped:
            if len(line) > indent:
                raise Unsupported  # spaces beyond the indentation: content
            blanks += 1
            j += 1
            continue
        here = len(line) - len(stripped)
        if here < indent:
            break
        if here > indent and style == ">":
            raise Unsupported  # a more-indented line of a folded scalar keeps its breaks
        if content:
            if style == "|":
                content.append("\n" * (blanks + 1))
            else:
                content.append("\n" * blanks if blanks else " ")
        content.append(line[indent:])
        blanks = 0
        j += 1
    if j == len(lines) and not final_break:
        raise Unsupported  # the last line has no line break to keep
    value = "".join(content)
    if chomping == "":
        value += "\n"
    elif chomping == "+":
        value += "\n" * (blanks + 1)
    return value, value, j


def _flow(i: int, column: int, text: str, path: str, construct):
    """A flow mapping or sequence of plain values, closed on its line."""
    close = "}" if text[0] == "{" else "]"
    end = text.find(close)
    if end == -1 or not _TRAILING_RE.match(text, end + 1):
        raise Unsupported
    inner = text[1:end]
    if not _FLOW_AVOID.isdisjoint(inner.replace(": ", "").replace(",", "")):
        raise Unsupported
    container = YMap() if close == "}" else YSeq()
    container.line, container.column = i + 1, column + 1
    if not inner.strip(" "):
        return container
    offset = column + 1
    for item in inner.split(","):
        item_column = offset + len(item) - len(item.lstrip(" "))
        offset += len(item) + 1
        item = item.strip(" ")
        if not item or item[0] in _INDICATORS:
            raise Unsupported
        if close == "]":
            if ":" in item:
                raise Unsupported  # a pair (a: b) or a colon libyaml may read either way
            container.append(_plain(item, i + 1, item_column + 1, path, construct))
            container.where.append((i + 1, item_column + 1))
            continue
        key, sep, value = item.partition(": ")
        if not sep or key[-1] == " " or ":" in key:
            raise Unsupported
        stripped = value.lstrip(" ")
        if (not stripped or stripped[0] in _INDICATORS or ":" in stripped or key in container
                or _RESOLVER.scalar_tag(key, _PLAIN) != STR_TAG):
            raise Unsupported
        value_column = item_column + len(key) + 2 + len(value) - len(stripped)
        container[key] = _plain(stripped, i + 1, value_column + 1, path, construct)
        container.raw[key] = stripped
        container.where[key] = (i + 1, value_column + 1)
        container.key_where[key] = (i + 1, item_column + 1)
    return container
