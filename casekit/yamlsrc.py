"""Reading YAML files with their encodings and line numbers.

Cases and rules are untrusted text written in many editors: we decode UTF-8 (with or
without BOM) and GB18030 (a superset of GBK/GB2312), parse with PyYAML's *safe* loader
only (the libyaml C loader when present) and keep every node's line and column so that
evidence and errors can point into the file.
"""

from __future__ import annotations

import codecs
import operator
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml import ScalarNode

from .errors import InputError, Problem

try:  # the C loader is several times faster; fall back when libyaml is absent
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader



class _Loader(_SafeLoader):
    """The safe loader, resolving the tag of an ordinary string faster.

    libyaml's composer asks Python for the tag of every scalar; nearly all of a case's
    scalars are Chinese text or quoted, which no implicit resolver (numbers, dates,
    booleans, null) can claim, and those are answered here without the generic search.
    """

    _first_chars = frozenset(k for k in _SafeLoader.yaml_implicit_resolvers if k)
    _plain_tags: dict[str, str] = {}  # short plain scalars (keys, kinds, dates) -> tag

    # The shortcuts hold while no path resolver or catch-all implicit resolver is
    # registered (PyYAML's safe loader has none; a program could add some).
    _shortcuts = (not _SafeLoader.yaml_path_resolvers
                  and None not in _SafeLoader.yaml_implicit_resolvers)

    if _shortcuts:
        # libyaml's composer calls these two around every node; with no path resolvers
        # they do nothing, so C built-ins that do nothing stand in (no Python frame).
        descend_resolver = operator.is_  # called as (node, index)
        ascend_resolver = tuple  # called with no argument

    def resolve(self, kind, value, implicit):
        if not self._shortcuts:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if not implicit[0] or (value and value[0] not in self._first_chars):
                return self.DEFAULT_SCALAR_TAG
            tag = self._plain_tags.get(value)
            if tag is None:  # the tag of a plain scalar depends on its text alone
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 32 and len(self._plain_tags) < 10_000:
                    self._plain_tags[value] = tag
            return tag
        if kind is yaml.MappingNode:
            return self.DEFAULT_MAPPING_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return super().resolve(kind, value, implicit)


MAX_FILE_BYTES = 5 * 1024 * 1024
# Bounds the work an alias bomb ("billion laughs") can cause when nodes are expanded.
MAX_NODES = 200_000
MAX_DEPTH = 64
STR_TAG = "tag:yaml.org,2002:str"
PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


@dataclass
class Source:
    """A decoded text file: its path as given, its text and the encoding used."""

    path: str
    text: str
    encoding: str


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed) or GB18030; return (text, encoding name)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _decode_error(data, path, exc) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise _decode_error(data, path, utf8_error) from None


def _decode_error(data: bytes, path: str, exc: UnicodeDecodeError) -> InputError:
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return InputError([Problem(path, line, column,
                               "the file is neither UTF-8 nor GB18030 text "
                               f"(byte 0x{data[exc.start]:02x}); save it as UTF-8")])


def read_source(path: Path | str) -> Source:
    """Read and decode a text file, turning OS errors into located problems."""
    shown = str(path)
    p = Path(path)
    try:
        with open(p, "rb") as f:  # one open and one fstat: a batch reads thousands of files
            info = os.fstat(f.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if info.st_size > MAX_FILE_BYTES:
                raise InputError([Problem(shown, 1, 1, f"file is too large ({info.st_size} bytes; "
                                                       f"the limit is {MAX_FILE_BYTES})")])
            data = f.read()
    except FileNotFoundError:
        raise InputError([Problem(shown, 1, 1, "no such file")]) from None
    except OSError as exc:
        if isinstance(exc, IsADirectoryError) or p.is_dir():  # Windows says PermissionError
            raise InputError([Problem(shown, 1, 1, "is a directory, not a file")]) from None
        raise InputError([Problem(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")]) from None
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError([Problem(shown, 1, 1, "looks like a binary file, not YAML text")])
    text, encoding = decode(data, shown)
    return Source(shown, text, encoding)


class YMap(dict):
    """A YAML mapping that remembers where it starts (line, column); ``where[key]`` is the
    (line, column) of each value, ``key_where[key]`` of each key. Slots, not an instance
    dict: a case has dozens of mappings."""

    __slots__ = ("where", "key_where", "raw", "line", "column")

    def __init__(self) -> None:
        self.where: dict = {}
        self.key_where: dict = {}
        self.raw: dict = {}  # the scalar text exactly as written, e.g. for dialogue
        self.line = self.column = 0

    def at(self, key) -> tuple[int, int]:
        return self.where.get(key, (self.line, self.column))


class YSeq(list):
    """A YAML sequence that remembers where it starts; ``where[i]`` is the (line, column)
    of item i."""

    __slots__ = ("where", "line", "column")

    def __init__(self) -> None:
        self.where: list[tuple[int, int]] = []
        self.line = self.column = 0


def parse_yaml(source: Source, problems: list[Problem] | None = None) -> object:
    """Parse one YAML document into YMap/YSeq/plain scalars, keeping positions.

    A syntax error raises at once. A bad value (an impossible date, a forbidden tag)
    becomes None; its problem is appended to `problems` when the caller collects them
    (so validation can go on and report everything), else it raises.
    """
    path = source.path
    try:
        loader = _Loader(source.text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        raise InputError([Problem(path, line, col, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, 1, 1, f"YAML error: {exc}")]) from None
    try:
        if node is None:
            return None
        builder = _Builder(path, loader)
        value = builder.build(node, 0)
    finally:
        loader.dispose()
    if builder.problems:
        if problems is None:
            raise InputError(builder.problems)
        problems.extend(builder.problems)
    return value


class _Builder:
    def __init__(self, path: str, loader) -> None:
        self.path = path
        self.loader = loader
        self.problems: list[Problem] = []
        self.count = 0

    def _fail(self, node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1,
                                     node.start_mark.column + 1, message))

    def _count(self, node, more: int = 1) -> None:
        self.count += more
        if self.count > MAX_NODES:
            self._fail(node, f"document expands to more than {MAX_NODES} nodes "
                             "(alias bomb?); simplify the file")
            raise InputError(self.problems)

    def build(self, node, depth: int):
        self._count(node)
        if depth > MAX_DEPTH:
            self._fail(node, f"nesting deeper than {MAX_DEPTH} levels")
            raise InputError(self.problems)
        pos = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS:
            # Only safe loading, ever: a tag such as !!python/object never constructs anything.
            self._fail(node, f"unsupported value: tag '{node.tag}' is not allowed; "
                             "only plain YAML values are allowed")
            return None
        # A string child is taken here, not by a call of build: most nodes are strings.
        inline = depth < MAX_DEPTH
        if isinstance(node, yaml.MappingNode):
            result = YMap()
            result.line, result.column = pos
            where, key_where, raw = result.where, result.key_where, result.raw
            strings = 0
            for key_node, value_node in node.value:
                if inline and key_node.__class__ is ScalarNode and key_node.tag == STR_TAG:
                    strings += 1
                    key = key_node.value
                else:
                    key = self.build(key_node, depth + 1)
                if isinstance(key, (YMap, YSeq)):
                    self._fail(key_node, "a mapping key must be a plain value")
                    continue
                if key in result:
                    self._fail(key_node, f"duplicate key '{key}'")
                    continue
                if value_node.__class__ is ScalarNode:
                    if inline and value_node.tag == STR_TAG:
                        strings += 1
                        result[key] = value_node.value
                    else:
                        result[key] = self.build(value_node, depth + 1)
                    raw[key] = value_node.value
                else:
                    result[key] = self.build(value_node, depth + 1)
                mark = value_node.start_mark
                where[key] = (mark.line + 1, mark.column + 1)
                mark = key_node.start_mark
                key_where[key] = (mark.line + 1, mark.column + 1)
            self.count += strings
            if self.count > MAX_NODES:
                self._count(node, 0)
            return result
        if isinstance(node, yaml.SequenceNode):
            result = YSeq()
            result.line, result.column = pos
            where = result.where
            strings = 0
            for item in node.value:
                if inline and item.__class__ is ScalarNode and item.tag == STR_TAG:
                    strings += 1
                    result.append(item.value)
                else:
                    result.append(self.build(item, depth + 1))
                mark = item.start_mark
                where.append((mark.line + 1, mark.column + 1))
            self.count += strings
            if self.count > MAX_NODES:
                self._count(node, 0)
            return result
        if node.tag == STR_TAG:  # most scalars: no need for the (Python) constructor
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self._fail(node, f"unsupported value: {problem}; only plain YAML values are allowed")
            return None
        except ValueError as exc:  # e.g. an impossible date such as 2021-02-30
            self._fail(node, f"invalid value '{node.value}': {exc}")
            return None


def scalar_text(mapping: YMap, key) -> str | None:
    """The text of a scalar value exactly as the author wrote it (``0012`` stays ``0012``)."""
    value = mapping.get(key)
    if value is None or isinstance(value, (YMap, YSeq)):
        return None
    return mapping.raw.get(key, str(value))
