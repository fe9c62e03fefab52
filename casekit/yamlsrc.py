"""Reading YAML files with their encodings and line numbers.

Cases and rules are untrusted text written in many editors: we decode UTF-8 (with or
without BOM) and GB18030 (a superset of GBK/GB2312), parse with PyYAML's *safe* loader
only (the libyaml C loader when present) and keep every node's line and column so that
evidence and errors can point into the file.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml import ScalarNode

from .errors import InputError, Problem

try:  # the C parser is several times faster; fall back when libyaml is absent
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _EventParser(Reader, Scanner, _PyParser):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


class _Resolver(yaml.resolver.Resolver):
    """The safe loader's tag resolution, faster for an ordinary string.

    Nearly all of a case's scalars are Chinese text or quoted, which no implicit resolver
    (numbers, dates, booleans, null) can claim; those are answered without the generic
    search, and the tags of short plain scalars (keys, kinds, dates) are remembered.
    """

    _first_chars = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)
    _plain_tags: dict[str, str] = {}

    # The shortcuts hold while no catch-all implicit resolver is registered (PyYAML's safe
    # resolver has none; a program could add some).
    _shortcuts = None not in yaml.resolver.Resolver.yaml_implicit_resolvers

    def scalar_tag(self, value: str, implicit: tuple[bool, bool]) -> str:
        if not self._shortcuts:
            return self.resolve(ScalarNode, value, implicit)
        if not implicit[0] or (value and value[0] not in self._first_chars):
            return self.DEFAULT_SCALAR_TAG
        tag = self._plain_tags.get(value)
        if tag is None:  # the tag of a plain scalar depends on its text alone
            tag = self.resolve(ScalarNode, value, implicit)
            if len(value) <= 32 and len(self._plain_tags) < 10_000:
                self._plain_tags[value] = tag
        return tag


_RESOLVER = _Resolver()


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
    builder = _Builder(path)
    try:  # the plain block YAML of nearly every case, read fast; else libyaml
        value = plainyaml.read_plain(source.text, path, builder._construct)
    except plainyaml.Unsupported:
        value = _parse_events(source, builder := _Builder(path))
    if builder.problems:
        if problems is None:
            raise InputError(builder.problems)
        problems.extend(builder.problems)
    return value


SYNTAX_HINT = ("look at this line and the one before it for a [ or { not closed, a quote left "
               "open, a missing space after ':', or a line indented unlike its neighbours")


def _parse_events(source: Source, builder: "_Builder") -> object:
    """parse_yaml() with libyaml's events: any YAML, and its syntax errors."""
    path = source.path
    parser = _EventParser(source.text)
    try:
        value = builder.run(parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        # libyaml says what it expected, not how to mend it: name the usual causes
        raise InputError([Problem(path, line, col, f"YAML syntax error: {what} ({SYNTAX_HINT})")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        getattr(parser, "dispose", tuple)()
    return value


class _Builder:
    """Builds values straight from the parser's events (libyaml's, in C), the way PyYAML's
    composer and safe constructor would, without making a node for each value first:
    composing nodes cost five times what parsing does.

    A collection being built is a frame [container, (line, column), pending key,
    anchor, node count at its start, depth, start mark]. Aliases give the anchored value again
    (counted as often as it is used, so an alias bomb is stopped)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.count = 0
        # anchor -> (value, position, nodes counted, mark, scalar text); None while being built
        self.anchors: dict[str, tuple | None] = {}
        self._constructor = None

    def _fail(self, mark, message: str) -> None:
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def run(self, parser):
        get = parser.get_event
        get()  # StreamStart
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        document = event  # DocumentStart
        value = self._document(get)
        get()  # DocumentEnd
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream",
                                              document.start_mark, "but found another document",
                                              event.start_mark)
        return value

    def _document(self, get):
        stack: list[list] = []
        result = None
        while True:
            event = get()
            cls = event.__class__
            mark = event.start_mark
            anchor = getattr(event, "anchor", None)
            if cls is yaml.ScalarEvent:
                self.count += 1
                if self.count > MAX_NODES:
                    self._too_many(mark)
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _RESOLVER.scalar_tag(event.value, event.implicit)
                value = event.value if tag == STR_TAG else self._construct(event, tag)
                raw = event.value
                if anchor is not None:
                    self._anchor(anchor, mark)
                    self.anchors[anchor] = (value, (mark.line + 1, mark.column + 1), 1, mark, raw)
            elif cls is yaml.AliasEvent:
                found = self.anchors.get(anchor, False)
                if found is False:
                    raise yaml.composer.ComposerError(None, None, f"found undefined alias {anchor!r}",
                                                      mark)
                if found is None:  # the alias is inside the value it names
                    self._fail(mark, f"alias *{anchor} refers to a value that contains it; "
                                     "write the value out instead")
                    raise InputError(self.problems)
                value, position, nodes, _, raw = found
                self.count += nodes
                if self.count > MAX_NODES:
                    self._too_many(mark)
                if stack:
                    self._add(stack[-1], value, raw, position)
                    continue
                return value
            elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                self.count += 1
                if self.count > MAX_NODES:
                    self._too_many(mark)
                depth = stack[-1][5] + 1 if stack else 0
                if depth > MAX_DEPTH:
                    self._fail(mark, f"nesting deeper than {MAX_DEPTH} levels")
                    raise InputError(self.problems)
                container = YMap() if cls is yaml.MappingStartEvent else YSeq()
                position = (mark.line + 1, mark.column + 1)
                container.line, container.column = position
                tag = event.tag
                if not (tag is None or tag == "!" or tag in PLAIN_TAGS):
                    # Only safe loading, ever: a tag such as !!python/object never constructs.
                    self._fail(mark, f"unsupported value: tag '{tag}' is not allowed; "
                                     "only plain YAML values are allowed")
                    container = _Rejected()
                if anchor is not None:
                    self._anchor(anchor, mark)
                    self.anchors[anchor] = None  # being built
                stack.append([container, position, _NO_KEY, anchor, self.count, depth, mark])
                continue
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                frame = stack.pop()
                container, position, _, anchor, start_count, _, start_mark = frame
                value = None if container.__class__ is _Rejected else container
                if anchor is not None:
                    self.anchors[anchor] = (value, position, self.count - start_count + 1,
                                            start_mark, None)
                raw = None
            else:  # pragma: no cover - the parser gives nothing else inside a document
                raise yaml.composer.ComposerError(None, None, f"unexpected {event!r}", mark)
            if not stack:
                return value
            self._add(stack[-1], value, raw, (mark.line + 1, mark.column + 1)
                      if cls is yaml.ScalarEvent else position)

    def _add(self, frame: list, value, raw, position: tuple[int, int]) -> None:
        container = frame[0]
        if container.__class__ is YSeq:
            container.append(value)
            container.where.append(position)
            return
        if container.__class__ is _Rejected:
            return
        key = frame[2]
        if key is _NO_KEY:  # this value is a key; its value comes next
            frame[2] = (value, position)
            return
        frame[2] = _NO_KEY
        key, key_position = key
        if isinstance(key, (YMap, YSeq)):
            self.problems.append(Problem(self.path, *key_position,
                                         "a mapping key must be a plain value"))
            return
        if key in container:
            self.problems.append(Problem(self.path, *key_position, f"duplicate key '{key}'"))
            return
        container[key] = value
        if raw is not None:
            container.raw[key] = raw
        container.where[key] = position
        container.key_where[key] = key_position

    def _anchor(self, anchor: str, mark) -> None:
        if anchor in self.anchors:
            first = self.anchors[anchor]
            raise yaml.composer.ComposerError(f"found duplicate anchor {anchor!r}; first occurrence",
                                              first[3] if first else None,
                                              "second occurrence", mark)

    def _too_many(self, mark) -> None:
        self._fail(mark, f"document expands to more than {MAX_NODES} nodes "
                         "(alias bomb?); simplify the file")
        raise InputError(self.problems)

    def _construct(self, event, tag: str):
        """A scalar that is not a string (number, date, boolean, null) or carries a tag,
        constructed by PyYAML's safe constructor."""
        if self._constructor is None:
            self._constructor = yaml.constructor.SafeConstructor()
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self._fail(event.start_mark, f"unsupported value: {problem}; "
                                         "only plain YAML values are allowed")
            return None
        except ValueError as exc:  # e.g. an impossible date such as 2021-02-30
            self._fail(event.start_mark, f"invalid value '{event.value}': {exc}")
            return None


class _Rejected(list):
    """A collection with a forbidden tag: its contents are read and dropped (it is None)."""

    __slots__ = ()


_NO_KEY = object()


def scalar_text(mapping: YMap, key) -> str | None:
    """The text of a scalar value exactly as the author wrote it (``0012`` stays ``0012``)."""
    value = mapping.get(key)
    if value is None or isinstance(value, (YMap, YSeq)):
        return None
    return mapping.raw.get(key, str(value))


from . import plainyaml  # noqa: E402 - it builds on the classes above
