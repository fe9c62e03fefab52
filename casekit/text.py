"""Chinese text: normalisation for matching, segmentation with jieba, phrase search.

Rules match on *tokens*, not substrings: a phrase counts only where it starts and ends on
token boundaries, so 对不起 does not match inside 对不起来 once 对不起来 is in the dictionary
(rule files list such look-alikes under `exceptions`). Text is matched in Simplified
Chinese while evidence quotes the original, so every normalised character maps back to
its position in the original text.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
from bisect import bisect_right
from functools import lru_cache, partial
from itertools import count
from math import log
from operator import itemgetter
from pathlib import Path
from typing import Iterable, NamedTuple

# Converter artefacts such as 進(jìn): a CJK character followed by its pinyin in brackets.
PINYIN_NOTE_RE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}[)）]")
CLAUSE_BREAKS = frozenset("，。！？；：、,.!?;:…—\n\r\t()（）“”\"'‘’「」《》【】~～ ")
GAP = "…"  # in a phrase, 帮您…联系 means 帮您, then 联系 later in the same clause
SENTENCE_GAP = "……"  # 直到……才: then later in the same sentence, across its commas
# A clause opening on these tells a later episode: a phrase's parts across commas
# (承诺的……没有) do not reach into it.
LATER_EPISODE = frozenset({"此后", "之后", "后来", "从此", "以后", "从那以后", "从那之后"})
MAX_GAP_TOKENS = 6
MAX_SENTENCE_GAP_TOKENS = 24  # a sentence gap's reach (直到深夜11点多，电话才接通)
NEGATION_WINDOW = 3  # tokens looked at before a match, within its clause
CONJUNCTIONS = frozenset({"或", "或者", "和", "及", "以及", "与", "、", "或是"})  # each widens it by 2
# a prepositional phrase between the negator and the verb widens it by 2 too:
# 没有为此向她道歉, 不会对客户说谢谢
PREPOSITIONS = frozenset({"向", "对", "给", "为", "替", "跟", "同", "把", "为此", "对此", "就此"})
NEGATORS = frozenset({
    "不", "没", "没有", "不会", "不用", "不必", "无须", "无需", "毋须", "别", "不要", "不需要",
    "没必要", "不想", "未", "并未", "从未", "从不", "决不", "绝不", "不肯", "不愿", "不愿意",
    "并不", "并没有", "不可", "甭", "拒绝", "何必", "用不着", "犯不着", "不是", "并不是",
    "不能", "没法", "无法", "不予", "没办法", "不可以",
})


_BREAK_CHARS = "".join(sorted(CLAUSE_BREAKS))

# Clauses are matched one at a time. "." is a clause break but not a separator: it is in
# jieba's word class, so a word may hold one (a rule's 3.15投诉) and a clause is not cut there.
_CLAUSE_SEPARATORS = CLAUSE_BREAKS - {"."}
_CLAUSE_RE = re.compile("[^" + "".join(map(re.escape, sorted(_CLAUSE_SEPARATORS))) + "]+")

_CJK = "\u3000-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026"  # with “”‘’—…
_FOLDED_SPACE_RE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def unfold(text: str) -> str:
    """Drop the spaces YAML folding puts where a Chinese paragraph was wrapped."""
    return _FOLDED_SPACE_RE.sub("", text).strip()


class Normalized(NamedTuple):  # one per utterance per case: a NamedTuple is cheap to make
    """Text prepared for matching: Simplified, annotations removed, mapped to the original."""

    original: str
    text: str
    origin: tuple[int, ...]  # origin[i] = index in `original` of text[i]; one extra at the end

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: only text with Traditional characters pays for it

    return opencc.OpenCC("t2s")


_UNIT_SEPARATOR = "\x1f"  # never in a phrase of OpenCC's, hardly ever in a case

# Short strings converted before: the rules' and the lexicon's phrases and their parts are
# converted at start-up, ~12,000 of them, and several readers ask for the same ones.
_SIMPLIFIED: dict[str, str] = {}
_SIMPLIFIED_LIMIT = 100_000
_SHORT = 32


# Characters OpenCC's t2s leaves as they are, though Simplified text writes them otherwise:
# 妳 (you, said to a woman; Taiwan and Hong Kong) is 你 to every rule
_VARIANTS = str.maketrans({"妳": "你"})


def to_simplified(text: str) -> str:
    found = _SIMPLIFIED.get(text)
    if found is None:
        found = _converter().convert(text).translate(_VARIANTS)
        if len(text) <= _SHORT and len(_SIMPLIFIED) < _SIMPLIFIED_LIMIT:
            _SIMPLIFIED[text] = found
    return found


def prime_simplified(texts: Iterable[str]) -> None:
    """Convert many short strings in one call to OpenCC (each call has a fixed cost), so
    that to_simplified() finds them. Joined with a separator no conversion crosses; if the
    pieces do not come back one for one, each is left to be converted alone."""
    todo = [t for t in dict.fromkeys(texts) if len(t) <= _SHORT and t not in _SIMPLIFIED
            and _UNIT_SEPARATOR not in t]
    if not todo or len(_SIMPLIFIED) + len(todo) > _SIMPLIFIED_LIMIT:
        return
    joined = _converter().convert(_UNIT_SEPARATOR.join(todo)).translate(_VARIANTS)
    pieces = joined.split(_UNIT_SEPARATOR)
    if len(pieces) == len(todo):
        _SIMPLIFIED.update(zip(todo, pieces))


def normalize(original: str) -> Normalized:
    """Strip pinyin annotations and convert Traditional to Simplified, keeping the mapping."""
    if not PINYIN_NOTE_RE.search(original):  # nearly every text: a one-to-one mapping
        simplified = to_simplified(original) if original else original
        if len(simplified) == len(original):
            return Normalized(original, simplified, _identity(len(original)))
    kept_chars: list[str] = []
    kept_index: list[int] = []
    pos = 0
    for m in PINYIN_NOTE_RE.finditer(original):
        kept_chars.extend(original[pos:m.start()])
        kept_index.extend(range(pos, m.start()))
        pos = m.end()
    kept_chars.extend(original[pos:])
    kept_index.extend(range(pos, len(original)))
    stripped = "".join(kept_chars)
    simplified = to_simplified(stripped) if stripped else stripped
    if len(simplified) != len(stripped):
        # Phrase-level conversion changed the length: convert character by character,
        # which keeps a position for every character.
        pieces = [to_simplified(ch) for ch in stripped]
        simplified = "".join(pieces)
        kept_index = [i for piece, i in zip(pieces, kept_index) for _ in piece]
    return Normalized(original, simplified, tuple(kept_index) + (len(original),))


# jieba 0.42's own patterns (re_han_default, re_skip_default), for Segmenter.tokenize.
_JIEBA_HAN_RE = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_JIEBA_SKIP_RE = re.compile("(\r\n|\\s)")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_PREFIX_ONLY = object()  # a dictionary prefix that is not itself a word
_NOT_A_PREFIX = object()  # no dictionary word starts with this
_NO_ROUTE = float("-inf")  # below any real log probability
_LOGP_CACHE_LIMIT = 200_000  # entries; a few tens of MB at most




def normalize_many(originals: list[str]) -> list[Normalized]:
    """normalize() of each text, converting them all in one call to OpenCC (a case has
    dozens of short texts, and each call has a fixed cost). The texts are joined with a
    separator no conversion crosses, so each comes back exactly as converted alone."""
    joined = _UNIT_SEPARATOR.join(originals)
    if (len(originals) < 2 or joined.count(_UNIT_SEPARATOR) != len(originals) - 1
            or PINYIN_NOTE_RE.search(joined)):
        return [normalize(text) for text in originals]
    pieces = to_simplified(joined).split(_UNIT_SEPARATOR)
    if len(pieces) != len(originals):
        return [normalize(text) for text in originals]
    return [Normalized(original, piece, _identity(len(original))) if len(piece) == len(original)
            else normalize(original) for original, piece in zip(originals, pieces)]


@lru_cache(maxsize=256)
def _identity(length: int) -> tuple[int, ...]:
    return tuple(range(length + 1))


class Token(NamedTuple):  # a NamedTuple: made for every word of every text, so cheap
    word: str
    start: int
    end: int


_WORD, _START, _END = itemgetter(0), itemgetter(1), itemgetter(2)  # of a Token, in C
_new_token = partial(tuple.__new__, Token)  # Token((w, s, e)) without the Python-level __new__


class Region:
    """A stretch of text between clause breaks, with its tokens (offsets into the whole
    text) and token start/end offsets -> token index."""

    __slots__ = ("tokens", "starts", "ends")

    def __init__(self, tokens: list[Token], added: set[str], exceptions: set[str]):
        self.tokens = tokens
        # built in C (map, zip, count): a region is made for every clause that is matched
        self.starts = dict(zip(map(_START, tokens), count()))
        self.ends = dict(zip(map(_END, tokens), count()))
        # A token that is one of the rules' own phrases (等了这么久) is our artefact, not a
        # word of the language: another phrase may begin or end inside it (让您等了).
        ours = added.intersection(map(_WORD, tokens)) - exceptions
        if ours:
            for i, t in enumerate(tokens):
                if t.word in ours:
                    for pos in range(t.start + 1, t.end):
                        self.starts.setdefault(pos, i)
                        self.ends.setdefault(pos, i)


class _computed_once:
    """functools.cached_property without its lock: on Python 3.11 it takes an RLock on
    every first access, and a batch makes these per-text values millions of times."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)  # later reads find it there
        return value


class Analysed:
    """A normalised text, segmented only where and when a rule's phrase may occur in it.

    Most texts contain none of a given rule's phrases, and a cheap scan says so before
    jieba is asked to segment them. Where a phrase does occur, only its clause is
    segmented: matching never looks past a clause break (negation, gaps), and jieba cuts
    each run of Chinese on its own, so a clause's tokens are the same as in the whole text.
    """

    def __init__(self, segmenter: "Segmenter", text: str, tokens: list[Token] | None = None):
        self.segmenter = segmenter
        self.text = text
        self._regions: dict[int, Region] = {}
        self.by_clause = tokens is None  # tokens given by a caller are used as they are
        if tokens is not None:
            self.__dict__["tokens"] = tokens

    @_computed_once
    def tokens(self) -> list[Token]:
        return self.segmenter.tokenize(self.text)

    @_computed_once
    def whole(self) -> Region:
        """The whole text as one region."""
        return Region(self.tokens, self.segmenter._added, self.segmenter.exceptions)

    @_computed_once
    def _clauses(self) -> tuple[list[int], list[int]]:
        starts, ends = [], []
        for m in _CLAUSE_RE.finditer(self.text):
            starts.append(m.start())
            ends.append(m.end())
        return starts, ends

    def clause_bounds(self, pos: int) -> tuple[int, int] | None:
        """Start and end of the clause around `pos` (None when `pos` is on a clause break)."""
        starts, ends = self._clauses
        k = bisect_right(starts, pos) - 1
        if k < 0 or pos >= ends[k]:
            return None
        return starts[k], ends[k]

    def region_at(self, pos: int, whole: bool = False) -> Region | None:
        """The clause around `pos`, segmented (None when `pos` is on a clause break)."""
        if whole or not self.by_clause:
            return self.whole
        starts, ends = self._clauses
        k = bisect_right(starts, pos) - 1
        if k < 0 or pos >= ends[k]:
            return None
        region = self._regions.get(k)
        if region is None:
            seg = self.segmenter
            a = starts[k]
            region = self._regions[k] = Region(seg.tokenize(self.text[a:ends[k]], a),
                                               seg._added, seg.exceptions)
        return region

    def follows_in_clause(self, start: int, parts: tuple[str, ...]) -> bool:
        """Whether the parts occur in order after `start` in its clause: what a phrase's
        later parts (帮您…联系) need before its clause is worth segmenting (matched
        clause by clause, they never reach past it)."""
        bounds = self.clause_bounds(start - 1)  # the clause of the first part's last character
        return in_order(self.text, start, bounds[1] if bounds else len(self.text), parts)

    @_computed_once
    def blocked(self) -> tuple[tuple[int, int, str], ...]:
        """Where a look-alike listed under `exceptions` occurs (start, end, word): it wins
        whatever the segmentation did."""
        text = self.text
        if not self.segmenter.exceptions_scanner.search(text):  # most texts hold none
            return ()
        return tuple((pos, pos + len(word), word) for word in self.segmenter.exceptions
                     if word in text for pos in _all_positions(text, word))

    @_computed_once
    def quoted(self) -> list[tuple[int, int]]:
        return quoted_spans(self.text)


def _a_not_a(text: str, pos: int) -> bool:
    """The 不 at `pos` makes an A-not-A question (算不算数, 能不能, 会不会): the same
    character on either side of it."""
    return 0 < pos < len(text) - 1 and text[pos - 1] == text[pos + 1]


def with_pronoun_variants(words: Iterable[str]) -> list[str]:
    """The words, each also with the other second-person pronoun (你 <-> 您): staff say
    both, and a list that gives one of them means the other as well (又不是只有你 is 又不是
    只有您). 你们 stays 你们 (您们 is hardly written). Order kept, duplicates dropped."""
    out: dict[str, None] = {}
    for word in words:
        out[word] = None
        if "你" in word:
            out[word.replace("你", "您").replace("您们", "你们")] = None
        if "您" in word:
            out[word.replace("您", "你")] = None
    return list(out)


class _PhraseParts(dict):
    """phrase -> the Simplified parts it matches (帮您…联系 -> 帮您, 联系), worked out on first
    asking. A dict rather than lru_cache so that the lexicon can set the parts of its ~44,000
    combined words from those of the words combined (set_phrase_parts), where splitting and
    converting each one cost ~80 ms of every command."""

    def __missing__(self, phrase: str) -> tuple[str, ...]:
        if GAP not in phrase:  # most rule words: one part
            stripped = phrase.strip()
            parts = (to_simplified(stripped),) if stripped else ()
        else:
            parts = tuple(to_simplified(p.strip()) for p in phrase.split(GAP) if p.strip())
        self[phrase] = parts
        return parts


_PHRASE_PARTS = _PhraseParts()
phrase_parts = _PHRASE_PARTS.__getitem__  # a rule phrase -> its Simplified parts


def has_phrase_parts(phrase: str) -> bool:
    """Whether phrase_parts() knows the phrase already (it converts nothing then)."""
    return phrase in _PHRASE_PARTS


def set_phrase_parts(firsts: list[str], thens: list[str], made: list[str]) -> None:
    """Set the parts of `made`, the words of each of `firsts` followed by each of `thens`
    with GAP or SENTENCE_GAP between them (in that order: a…b for a in firsts, b in thens).
    Split at GAP, such a word falls into the parts of a and then those of b, so its parts
    are theirs joined; its own text need not be split or converted again."""
    heads = [phrase_parts(a) for a in firsts]
    tails = [phrase_parts(b) for b in thens]
    _PHRASE_PARTS.update(zip(made, [h + t for h in heads for t in tails]))


class PhraseIndex:
    """Which phrases' first parts occur in a text, for all rules at once.

    One pass over a text answers every rule, where a search per rule and text would repeat
    the work 13 times. A regular expression (C speed) lists the character pairs that can
    begin a part; only parts beginning with a pair that is there are looked for, and of
    those only the ones whose third character follows the pair somewhere (some pairs, 没有
    or 客户, begin hundreds of the lexicon's words).
    """

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.version = 0
        self._by_pair: dict[str, list] = {}  # pair -> [is a part itself, {third char: parts}]
        self._pairs: frozenset[str] = frozenset()
        self._singles: frozenset[str] = frozenset()
        self._pair_re: re.Pattern | None = re.compile("(?!)")

    def add(self, parts: Iterable[str]) -> None:
        new = {p for p in parts if p} - self.known
        if not new:
            return
        self.known |= new
        self.version += 1
        by_pair = self._by_pair
        singles = set(self._singles)
        for part in new:
            if len(part) == 1:
                singles.add(part)
                continue
            pair = part[:2]
            entry = by_pair.get(pair)
            if entry is None:
                entry = by_pair[pair] = [False, {}]
            if len(part) == 2:
                entry[0] = True
            else:  # pair -> third character -> the longer parts
                entry[1].setdefault(part[2], []).append(part)
        self._singles = frozenset(singles)
        if len(by_pair) != len(self._pairs):
            self._pairs = frozenset(by_pair)
            self._pair_re = None  # compiled on first use: a segmenter adds twice (~5 ms each)

    def _compile(self) -> re.Pattern:
        by_pair = self._by_pair
        firsts = "".join(map(re.escape, sorted({k[0] for k in by_pair})))
        seconds = "".join(map(re.escape, sorted({k[1] for k in by_pair})))
        self._pair_re = re.compile(f"(?=([{firsts}][{seconds}]))")  # overlapping pairs
        return self._pair_re

    def present(self, text: str) -> set[str]:
        """The known parts that occur somewhere in `text`."""
        found: set[str] = set()
        by_pair = self._by_pair
        pair_re = self._pair_re or self._compile()
        for pair in self._pairs.intersection(pair_re.findall(text)):
            is_part, longer = by_pair[pair]
            if is_part:
                found.add(pair)
            if longer:
                pos = text.find(pair)
                while pos != -1:
                    candidates = longer.get(text[pos + 2:pos + 3])
                    if candidates:
                        for part in candidates:
                            if text.startswith(part, pos):
                                found.add(part)
                    pos = text.find(pair, pos + 1)
        if self._singles:
            found.update(self._singles.intersection(text))
        return found


@lru_cache(maxsize=None)
def _phrase_plan(phrase: str) -> tuple[tuple[str, ...], bool, bool]:
    """The phrase's parts; whether it needs the whole text's tokens (a phrase with a clause
    break in it, rare, a trainer's own rule, cannot be found clause by clause); and whether
    its later parts may come anywhere later in the sentence (SENTENCE_GAP), across commas."""
    parts = phrase_parts(phrase)
    across = SENTENCE_GAP in phrase and len(parts) > 1
    return parts, across or any(ch in _CLAUSE_SEPARATORS for part in parts for ch in part), across


@lru_cache(maxsize=1024)
def phrase_scanner(phrases: tuple[str, ...]) -> re.Pattern:
    """One compiled scan for the first part of any of the phrases (C speed)."""
    firsts = sorted({parts[0] for parts in map(phrase_parts, phrases) if parts}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, firsts)) or "(?!)")


class Match(NamedTuple):
    """A phrase found in normalised text: where, which phrase, and whether it was negated."""

    phrase: str
    start: int
    end: int
    negated: bool = False
    negator: str | None = None


QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"', "‘": "’"}
_QUOTE_MARKS = frozenset(QUOTE_PAIRS) | frozenset(QUOTE_PAIRS.values())


def quote_opening(text: str, pos: int) -> int | None:
    """Where the quotation marks holding `pos` open (the index after the opening mark), or
    None when `pos` is in no quotation (a quotation left open runs to the text's end)."""
    for i in range(pos - 1, -1, -1):
        ch = text[i]
        if ch not in _QUOTE_MARKS:
            continue
        close = QUOTE_PAIRS.get(ch)
        if close is None:
            return None  # the nearest mark before pos closes a quotation
        if close == ch and text.count(ch, 0, i) % 2:
            return None  # a straight quote closing the one before it
        return i + 1
    return None


# Reported speech: what follows, to the end of the sentence, is someone else's words.
REPORTING = ("您刚才说", "你刚才说", "您是说", "你是说", "您说", "你说", "客户说", "您反映",
             "你反映", "您的意思是", "你的意思是", "您讲", "你讲")
SENTENCE_ENDS = "。！？!?\n"


def sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding `pos` ends (its 。！？ or line break; else the text's end)."""
    return min((k for k in (text.find(ch, pos) for ch in SENTENCE_ENDS) if k != -1),
               default=len(text))
NOT_REPORTING_NEXT = frozenset("得的过了吧呢啊嘛话完清")  # 打断您说话, 听您讲完, 您说清楚: no words reported
# 过您说明卡: another verb, 说明 (not 您说明天来: 说 and then 明天)
_OTHER_VERB_RE = re.compile("明(?![天早晚年儿日后])")
# 给您讲, 跟您说, 对客户说: the one named is spoken to, not the one reporting — what follows
# is the speaker's own words (术前没给您讲清楚，是我们的疏忽，真对不起 apologises); so too
# 骗您说, 哄您说, 告诉您说 (还骗您说在路上，…我郑重向您道歉: the lie was told to the customer)
# …and 帮您反映, 替您说, 为您反映: said for the customer, the speaker's own act
NOT_REPORTING_BEFORE = frozenset("给跟对向和同骗哄诉帮替为")


# After the words reported back (您说…), a clause that opens with the speaker's own answer to
# them — thanks, an apology, what the speaker does now — ends the report.
_OWN_ANSWER_RE = re.compile("[，,；;](?=谢谢|感谢|多谢|对不起|抱歉|不好意思|真对不起|实在抱歉|非常抱歉|真是抱歉"
                            "|实在对不起|真的对不起|真的很抱歉|十分抱歉|万分抱歉"
                            "|我马上|我这就|我现在|我们马上|我们这就|我们现在"
                            # …or owns the fault (您说腰酸的时候教练就该停，是我们没把住关)
                            "|是我们|这是我们|确实是我们|的确是我们|怪我们|是我的|这是我的"
                            # …or sets the speaker's word against them (您说没人清，可是桶每天都清;
                            # 你说两天没清，有证据吗? 您说您还了，有什么证据?)
                            "|但是|可是|不过|有证据|证据呢|拿出证据|有什么证据|你有什么证据|您有什么证据)")
_QUOTING_RE = re.compile("|".join(map(re.escape, [*QUOTE_PAIRS, *REPORTING])))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Regions of `text` that quote somebody else: inside quotation marks, or reported
    speech (您说…) up to the end of the sentence. Saying 您说“不可能” is not saying 不可能."""
    if not _QUOTING_RE.search(text):  # most texts quote nobody
        return []
    spans = []
    i = 0
    while i < len(text):
        close = QUOTE_PAIRS.get(text[i])
        if close:
            j = text.find(close, i + 1)
            if j != -1:
                spans.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    for marker in REPORTING:
        pos = text.find(marker)
        while pos != -1:
            start = pos + len(marker)
            if (text[start:start + 1] in NOT_REPORTING_NEXT  # 您说得对 agrees, it quotes nothing
                    or text.startswith("一下", start)  # 您说一下: asked to tell, nothing told yet
                    or _OTHER_VERB_RE.match(text, start)
                    or text[pos - 1:pos] in NOT_REPORTING_BEFORE):
                pos = text.find(marker, start)
                continue
            end = sentence_end(text, start)
            answer = _OWN_ANSWER_RE.search(text, start, end)
            if answer is not None:
                end = answer.start()  # 您说7栋门口没贴通知，谢谢您告诉我们: the thanks are the speaker's
            spans.append((start, end))
            pos = text.find(marker, end)
    return spans


def cache_dir() -> Path:
    """casekit's own cache folder: one shared jieba cache in /tmp clashes between users."""
    if os.environ.get("CASEKIT_CACHE_DIR"):
        path = Path(os.environ["CASEKIT_CACHE_DIR"])
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "casekit"
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK):
            raise PermissionError(path)
    except OSError:
        path = Path(tempfile.gettempdir()) / f"casekit-{os.getuid()}"
        path.mkdir(parents=True, exist_ok=True)
    return path


def read_cached(path: Path):
    """What a cache file of casekit's holds (marshal data), or None when it is missing or
    broken: a cache is only ever a shortcut."""
    try:
        return marshal.loads(Path(path).read_bytes())  # faster than marshal.load(file)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_cached(path: Path, value) -> bool:
    """Write a cache file atomically (a concurrent reader sees the old file or the whole new
    one); False, and nothing left behind, when it cannot be written."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=Path(path).parent, prefix=".cache-")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps(value))
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False


def import_jieba():
    """Import jieba without pkg_resources.

    jieba 0.42 imports pkg_resources (~0.1 s, most of `import jieba`) only to open its own
    data files, and falls back to plain open() when that import fails; we make it fail.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # `import pkg_resources` now raises ImportError
    try:
        import jieba
    finally:
        if hide:
            del sys.modules["pkg_resources"]
    return jieba


def _load_cached_dictionary(tokenizer, jieba) -> bool:
    """Load the prefix dictionary from casekit's cache the fast way.

    jieba's initialize() reads its cache with marshal.load(file), ~0.6 s; reading the bytes
    first and calling marshal.loads takes ~0.2 s for the same data. Returns False when there
    is no usable cache (jieba then builds one)."""
    cache = Path(tokenizer.cache_file)
    source = Path(jieba.__file__).parent / "dict.txt"
    try:
        if tokenizer.dictionary is not None or cache.stat().st_mtime < source.stat().st_mtime:
            return False
    except OSError:
        return False
    data = read_cached(cache)
    if not isinstance(data, tuple) or len(data) != 2:
        return False
    freq, total = data
    if not isinstance(freq, dict) or not total:
        return False
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True
    return True


class _PrefixDictionary(dict):
    """jieba's prefix dictionary (every word and every prefix of one -> its frequency, 0 for
    a prefix only), unmarshalled one first character at a time, when a lookup first needs it.

    Unmarshalling all ~500,000 entries at once takes ~0.2 s, a third of one review, which
    looks up words beginning with a few hundred characters. casekit's cache keeps them in
    groups by first character, each marshalled on its own (see _DictionaryCache); the
    rules' words are laid over them the same way (see _PhraseFrequencies). jieba's own code
    (lcut, add_word) reads and writes it through the same methods. A batch makes it whole
    (Segmenter.load_whole_dictionary): a plain dict answers its millions of lookups faster.
    """

    def __init__(self, groups: dict[str, bytes]):
        super().__init__()
        self._pending = {first: [blob] for first, blob in groups.items()}  # not merged yet

    def lay_over(self, groups: dict[str, bytes]) -> None:
        """Entries that replace or extend the dictionary's (the rules' words), by group: after
        a group still pending, or at once where there is none (merged already, or none with
        that first character)."""
        for first, blob in groups.items():
            if first in self._pending:
                self._pending[first].append(blob)
            else:
                dict.update(self, marshal.loads(blob))

    def _merge(self, first: str) -> bool:
        blobs = self._pending.pop(first, None)
        if blobs is None:
            return False
        for blob in blobs:  # in order: what is laid over comes last
            dict.update(self, marshal.loads(blob))
        return True

    def get(self, key, default=None):
        value = dict.get(self, key, _ABSENT)
        if value is _ABSENT:
            if key and self._merge(key[0]):
                return dict.get(self, key, default)
            return default
        return value

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or bool(key and self._merge(key[0])
                                                    and dict.__contains__(self, key))

    def __missing__(self, key):  # self[key] that is not merged yet
        if key and self._merge(key[0]):
            return self[key]
        raise KeyError(key)

    def __setitem__(self, key, value) -> None:
        if key:
            self._merge(key[0])  # what is set must not be overwritten by a later merge
        dict.__setitem__(self, key, value)

    def whole(self) -> dict:
        """Every entry, in a new plain dict."""
        out = dict(self)  # the groups merged so far (and what was set in them)
        for blobs in self._pending.values():
            for blob in blobs:
                out.update(marshal.loads(blob))
        return out


_ABSENT = object()


def _grouped(entries: Iterable[tuple[str, int]]) -> dict[str, bytes]:
    """Dictionary entries marshalled in groups by first character (see _PrefixDictionary)."""
    groups: dict[str, dict[str, int]] = {}
    for key, value in entries:
        if key:
            group = groups.get(key[0])
            if group is None:
                group = groups[key[0]] = {}
            group[key] = value
    return {first: marshal.dumps(group) for first, group in groups.items()}


class _DictionaryCache:
    """jieba's prefix dictionary in casekit's cache folder, grouped by first character so
    that it is read as it is needed (see _PrefixDictionary). It records which dict.txt it
    was made from (jieba's version, the file's size and time): another one, after jieba
    was reinstalled, is ignored and replaced."""

    VERSION = 1

    def __init__(self, jieba):
        self.path = cache_dir() / "dictionary.marshal"
        source = Path(jieba.__file__).parent / "dict.txt"
        try:
            stat = source.stat()
            self.source = (self.VERSION, getattr(jieba, "__version__", ""), stat.st_size,
                           stat.st_mtime_ns)
        except OSError:
            self.source = None

    def load(self) -> tuple[int, "_PrefixDictionary"] | None:
        data = read_cached(self.path) if self.source is not None else None
        if (not isinstance(data, tuple) or len(data) != 3 or data[0] != self.source
                or not isinstance(data[2], dict) or not data[1]):
            return None
        return data[1], _PrefixDictionary(data[2])

    def save(self, freq: dict, total: int) -> None:
        if self.source is not None:
            write_cached(self.path, (self.source, total, _grouped(freq.items())))


# Words of jieba's dictionary that hide a rule word's first part inside them: 我会 holds the
# 会 of 会…通知 (我会通知您), which every other subject leaves alone (我们会通知您, 他会…)
_UNGLUED = ("我会",)


class _PhraseFrequencies:
    """What adding the rules' phrases did to the dictionary: the parts added, in order, the
    new total, and the entries they set (each part's frequency, its new prefixes), grouped
    as the dictionary is (see _PrefixDictionary). Working out each phrase's frequency
    segments it first (thousands of lcut calls, ~40 ms of every command), and the result
    depends only on the dictionary and on the phrases in order, so it is kept in casekit's
    cache folder under a key of everything it depends on: the dictionary (its total,
    jieba's version) and the phrases and exceptions in order. A missing, stale or broken
    file means they are worked out again; a file that cannot be written is no error."""

    VERSION = 3  # 3: the phrase index's first parts are kept too
    KEEP = 8  # files kept: one per set of rules in use (the built-in ones, a project's own…)

    def __init__(self, tokenizer, jieba, words: list[str], exceptions: list[str]):
        key = repr((self.VERSION, getattr(jieba, "__version__", ""), tokenizer.total,
                    _UNGLUED, words, exceptions))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        self.path = cache_dir() / f"phrases-{digest}.marshal"

    def load(self) -> tuple[int, list[str], dict[str, bytes], list[str]] | None:
        """(total, parts added, entries by group, the phrases' first parts), or None."""
        data = read_cached(self.path)
        if (not isinstance(data, tuple) or len(data) != 4 or type(data[0]) is not int
                or not isinstance(data[1], list) or not isinstance(data[2], dict)
                or not isinstance(data[3], list)):
            return None
        try:
            os.utime(self.path)  # in use: the last to be pruned
        except OSError:
            pass
        return data

    def save(self, freq: dict, total: int, added: list[str], firsts: list[str]) -> None:
        added_set = set(added)
        # an added part's frequency, and each prefix of one that is no word (0): a prefix
        # jieba already had as a word keeps its frequency and is left out
        entries = {prefix: freq[prefix] for part in added for end in range(1, len(part) + 1)
                   if (prefix := part[:end]) in added_set or freq[prefix] == 0}
        if write_cached(self.path, (total, added, _grouped(entries.items()), firsts)):
            self._prune()

    def _prune(self) -> None:
        """Keep the KEEP files used last: rules edited again and again leave no trail."""
        try:
            files = sorted(self.path.parent.glob("phrases-*.marshal"),
                           key=lambda p: p.stat().st_mtime, reverse=True)
            for old in files[self.KEEP:]:
                if old != self.path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass


class Segmenter:
    """A private jieba Tokenizer (never the global one) that knows the rules' phrases.

    HMM is off: it invents out-of-vocabulary words and makes verdicts depend on guesses;
    the dictionary plus the rules' own phrases is what matching needs.
    """

    def __init__(self, words: Iterable[str] = (), exceptions: Iterable[str] = (),
                 negators: Iterable[str] = ()):
        jieba = import_jieba()
        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = tok = jieba.Tokenizer()
        tok.cache_file = str(cache_dir() / "jieba.cache")
        grouped = _DictionaryCache(jieba)
        loaded = grouped.load()
        self.dictionary_from = "cache"
        if loaded is not None:
            tok.total, tok.FREQ = loaded
            tok.initialized = True
        else:
            if not _load_cached_dictionary(tok, jieba):
                # A stale or broken cache must go: jieba itself would load a stale one
                # (slowly, with marshal.load) and never replace it, so every later run
                # would be slow.
                Path(tok.cache_file).unlink(missing_ok=True)
                tok.initialize()  # builds the prefix dictionary and writes jieba's cache
                self.dictionary_from = "dict.txt"
            grouped.save(tok.FREQ, tok.total)
        for word in _UNGLUED:
            if tok.FREQ.get(word):
                tok.FREQ[word] = 0  # as jieba's del_word: kept as a prefix, never chosen
        self.added: list[str] = []
        self._added: set[str] = set()
        self.exceptions: set[str] = set()
        self.exceptions_scanner = re.compile("(?!)")  # finds any of the exceptions
        self.index = PhraseIndex()  # first parts of the rules' phrases, see CaseView.present
        self._logp: dict[str, object] = {}  # word -> log probability, filled as words are met
        # the built-in negators, and those of the narrative lexicon, which are added to the
        # dictionary as words (也没有, 始终没有): a phrase after one is negated too
        words, exceptions, negators = list(words), list(exceptions), list(negators)
        # (a lexicon's words are converted when it is read: has_phrase_parts)
        prime_simplified([part.strip() for w in (*words, *exceptions, *negators)
                          if not has_phrase_parts(w) for part in w.split(GAP)])
        negators = {to_simplified(n) for n in negators}
        self.negators = NEGATORS | negators
        self.negators_re = re.compile("|".join(map(re.escape, sorted(self.negators))))
        words = [*words, *sorted(negators)]  # 没收到 is not 没收 + 到
        stored = _PhraseFrequencies(tok, jieba, words, exceptions)
        laid = stored.load()
        if laid is not None:  # what adding these phrases did, done again at once
            tok.total, self.added, entries, firsts = laid
            self._added = set(self.added)
            if isinstance(tok.FREQ, _PrefixDictionary):
                tok.FREQ.lay_over(entries)
            else:
                for blob in entries.values():
                    tok.FREQ.update(marshal.loads(blob))
            self._after_adding()
            # every part was added when the file was made: only the index is left to fill
            # (walking ~50,000 phrases again cost ~70 ms of every command)
            self.index.add(firsts)
            self._set_exceptions(to_simplified(w.strip()) for w in exceptions if w.strip())
        else:
            self._after_adding()
            self.add_words(words)
            self.add_exceptions(exceptions)
            stored.save(tok.FREQ, tok.total, self.added, sorted(self.index.known))

    def load_whole_dictionary(self) -> None:
        """Make the dictionary one plain dict (~0.2 s): a batch looks up words of every
        first character, millions of times (see _PrefixDictionary). Before forking, so
        that the workers share it."""
        if isinstance(self._tokenizer.FREQ, _PrefixDictionary):
            self._tokenizer.FREQ = self._tokenizer.FREQ.whole()

    def add_exceptions(self, words: Iterable[str]) -> None:
        """Look-alike words that must stay whole and never count as the phrase inside them."""
        words = [to_simplified(w.strip()) for w in words if w.strip()]
        self.add_words(words)
        self._set_exceptions(words)

    def _set_exceptions(self, words: Iterable[str]) -> None:
        self.exceptions.update(words)
        self.exceptions_scanner = re.compile(
            "|".join(map(re.escape, sorted(self.exceptions, key=len, reverse=True))) or "(?!)")

    def add_words(self, words: Iterable[str]) -> None:
        tok = self._tokenizer
        words = list(words)
        self.index.add(parts[0] for parts in map(phrase_parts, words) if parts)
        for phrase in words:
            for part in phrase_parts(phrase):
                if len(part) < 2 or part in self._added:
                    continue
                # jieba's own suggest_freq(tune=True) writes to the *global* tokenizer, so we
                # compute the frequency here and add the word to ours, with a margin.
                pieces = 1.0
                for piece in tok.lcut(part, HMM=False):
                    pieces *= tok.FREQ.get(piece, 1) / tok.total
                freq = max(int(pieces * tok.total * 2) + 1, tok.FREQ.get(part, 0), 3)
                tok.add_word(part, freq)
                self._after_adding()  # the next word's frequency depends on this one
                self.added.append(part)
                self._added.add(part)

    def _after_adding(self) -> None:
        self._logp.clear()  # the total and the words' prefixes changed
        self._logtotal = log(self._tokenizer.total)

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        """jieba's segmentation with HMM off, as Tokenizer.tokenize(text, HMM=False) gives it
        (tests compare the two), about twice as fast; see _cut_chinese. Token offsets
        start at `offset` (the place of `text` in a longer text)."""
        tokens: list[Token] = []
        pos = offset
        for k, block in enumerate(_JIEBA_HAN_RE.split(text)):
            if not block:
                continue
            if k & 1:  # split() puts the captured runs of Chinese (and ASCII words) at odd places
                self._cut_chinese(block, pos, tokens)
            else:  # anything else: whitespace runs whole, every other character alone
                at = pos
                for piece in _JIEBA_SKIP_RE.split(block):
                    if not piece:
                        continue
                    if _JIEBA_SKIP_RE.match(piece):
                        tokens.append(Token(piece, at, at + len(piece)))
                    else:
                        tokens.extend(Token(ch, at + j, at + j + 1) for j, ch in enumerate(piece))
                    at += len(piece)
            pos += len(block)
        return tokens

    def _cut_chinese(self, block: str, offset: int, out: list[Token]) -> None:
        """jieba's __cut_DAG_NO_HMM: the most probable route through the dictionary's words.

        The same algorithm on the same dictionary, with the same float arithmetic and the
        same tie-break (the longer word), so the same tokens. It is faster because it builds
        no DAG dict or generators, and caches each word's log probability instead of
        calling log() for it every time.
        """
        n = len(block)
        score = [0.0] * (n + 1)  # best log probability of block[i:]
        ends = [0] * n  # where the best route's word starting at i ends
        cache, freq = self._logp, self._tokenizer.FREQ
        if len(cache) > _LOGP_CACHE_LIMIT:  # it also remembers what is no word: keep it bounded
            cache.clear()
        get = cache.get
        for idx in range(n - 1, -1, -1):
            best = _NO_ROUTE
            end = idx + 1
            i = idx + 1
            frag = block[idx]
            while True:
                lp = get(frag)
                if lp is None:
                    f = freq.get(frag)
                    lp = cache[frag] = (_NOT_A_PREFIX if f is None else
                                        log(f) - self._logtotal if f else _PREFIX_ONLY)
                if lp is _NOT_A_PREFIX:  # no dictionary word starts with frag
                    break
                if lp is not _PREFIX_ONLY:
                    s = lp + score[i]
                    if s >= best:
                        best, end = s, i
                if i >= n:
                    break
                i += 1
                frag = block[idx:i]
            if best is _NO_ROUTE:  # an unknown character is a word of its own
                best = log(freq.get(block[idx]) or 1) - self._logtotal + score[idx + 1]
            score[idx] = best
            ends[idx] = end
        x = 0
        ascii_run = -1  # jieba glues single ASCII letters and digits into one token
        while x < n:
            y = ends[x]
            if y - x == 1 and block[x] in _ASCII_ALNUM:
                if ascii_run < 0:
                    ascii_run = x
            else:
                if ascii_run >= 0:
                    out.append(_new_token((block[ascii_run:x], offset + ascii_run, offset + x)))
                    ascii_run = -1
                out.append(_new_token((block[x:y], offset + x, offset + y)))
            x = y
        if ascii_run >= 0:
            out.append(_new_token((block[ascii_run:n], offset + ascii_run, offset + n)))

    def prepare(self, norm_text: str, tokens: list[Token] | None = None) -> Analysed:
        """A text ready for matching; segmentation happens on first need."""
        return Analysed(self, norm_text, tokens)

    def find(self, norm_text: str, tokens: list[Token], phrases: Iterable[str],
             negation: bool = True) -> list[Match]:
        """All token-aligned occurrences of the phrases, each marked negated or not."""
        return self.find_in(self.prepare(norm_text, tokens), phrases, negation)

    def find_in(self, an: Analysed, phrases: Iterable[str], negation: bool = True) -> list[Match]:
        phrases = tuple(phrases)
        if not phrase_scanner(phrases).search(an.text):  # most texts hold none of a rule's phrases
            return []
        return self.match(an, phrases, negation)

    def match(self, an: Analysed, phrases: tuple[str, ...], negation: bool = True,
              overlaps: bool = False, exceptions: frozenset[str] | None = None) -> list[Match]:
        """find_in without the prefilter, for callers that know a phrase may be there.

        Every token-aligned occurrence of each phrase, marked negated or not; a look-alike
        listed under `exceptions` wins (only those given, else every rule's); where phrases
        overlap, the longest is kept (unless `overlaps`: the caller sorts them out, as the
        narrative layer does per act)."""
        text = an.text
        found: list[Match] = []
        for phrase in phrases:
            parts, whole, across = _phrase_plan(phrase)
            if not parts:
                continue
            # a combined word (等…回来…答复) one of whose later parts the text lacks cannot
            # match, wherever its first part is
            if len(parts) > 1 and not all(part in text for part in parts[1:]):
                continue
            first = parts[0]
            pos = text.find(first)
            while pos != -1:
                end = pos + len(first)
                if first[0] == "不" and _a_not_a(text, pos):
                    # 算不算数, 能不能退: a question, not 不算数 or 不能退 said
                    pos = text.find(first, pos + 1)
                    continue
                if (len(parts) > 1 and an.by_clause and not whole
                        and not an.follows_in_clause(end, parts[1:])):
                    pos = text.find(first, pos + 1)  # the rest is not there: nothing to segment
                    continue
                if across and not _follows_in_sentence(text, end, parts[1:]):
                    pos = text.find(first, pos + 1)
                    continue
                if len(parts) == 1 and an.by_clause and not whole:
                    # Most matches need no segmentation: no dictionary word spans either
                    # end (so every segmentation has a token boundary there), and nothing
                    # before them in the clause could negate them.
                    bounds = an.clause_bounds(pos)
                    if bounds is None:
                        pos = text.find(first, pos + 1)
                        continue
                    lo, hi = bounds
                    if (not (negation and self.negators_re.search(text, lo, pos))
                            and not self.spanned(text, lo, hi, pos)
                            and not self.spanned(text, lo, hi, end)):
                        found.append(Match(phrase, pos, end))
                        pos = text.find(first, pos + 1)
                        continue
                region = an.region_at(pos, whole)
                if region is not None:
                    tokens, starts, ends = region.tokens, region.starts, region.ends
                    if pos in starts and end in ends:
                        first_tok, last_tok = starts[pos], ends[end]
                    elif (end in ends and text[pos - 1:pos] in _DETACHABLE
                          and starts.get(pos - 1) is not None
                          and tokens[starts[pos - 1]].end < end):
                        # jieba glued an adverb to the phrase's first character and left
                        # the rest to the next word (核实轨迹后退还 -> 后退/还, 审核后退费
                        # -> 后退/费): the phrase is there from its own first character
                        first_tok, last_tok = starts[pos - 1], ends[end]
                    elif (len(parts) > 1 and len(first) == 1 and end in ends
                          and text[pos - 1:pos] in _GLUED_WHEN
                          and starts.get(pos - 1) == ends[end]):
                        # …or "when" to a one-character first part of a longer word
                        # (接车时说一个半小时就能好 -> 时说/…): its later parts decide
                        first_tok = last_tok = ends[end]
                    else:
                        first_tok = last_tok = self._inside_compound(text, tokens, pos, end,
                                                                     exceptions)
                        # one character inside a word is not that word (前 of 前台, 内 of
                        # 内容), unless the rest is a negator: 不用谢 is 谢 negated
                        if (first_tok is not None and len(first) == 1
                                and not (tokens[first_tok].end == end
                                         and text[tokens[first_tok].start:pos] in self.negators)):
                            first_tok = last_tok = None
                    if first_tok is not None and len(parts) > 1:
                        last_tok = _follow(text, tokens, starts, ends, last_tok, parts[1:],
                                           self._added, across, end)
                        end = tokens[last_tok].end if last_tok is not None else end
                    if first_tok is not None and last_tok is not None:
                        negator = None
                        if negation:
                            inner = text[tokens[first_tok].start:pos]  # 不用 of 不用谢
                            negators = self.negators
                            negator = (inner if inner in negators
                                       else _negator(tokens, first_tok, negators))
                            if rhetorical_not(text, negator, pos):
                                negator = None
                        found.append(Match(phrase, pos, end, negator is not None, negator))
                pos = text.find(first, pos + 1)
        if found and an.blocked:
            # a look-alike lies inside an exception (很正常 of 害怕很正常); the exception word
            # itself, when another rule or act looks for it, is no look-alike
            found = [m for m in found
                     if not any(a <= m.start and m.end <= b and (m.start, m.end) != (a, b)
                                and (exceptions is None or w in exceptions)
                                for a, b, w in an.blocked)]
        if len(found) > 1 and not overlaps:
            return longest_first(found)
        return found

    def spanned(self, text: str, lo: int, hi: int, pos: int) -> bool:
        """Whether a dictionary word of the clause text[lo:hi] may span `pos` (start before it
        and end after it); when none can, every segmentation has a token boundary there.
        jieba's dictionary holds every prefix of every word (with frequency 0), so a start
        whose two characters across `pos` are no prefix holds no such word."""
        if pos <= lo or pos >= hi:
            return False
        if text[pos - 1] in _ASCII_ALNUM and text[pos] in _ASCII_ALNUM:
            return True  # jieba glues single letters and digits into one token
        freq = self._tokenizer.FREQ
        for start in range(pos - 1, lo - 1, -1):
            end = pos + 1
            found = freq.get(text[start:end])
            while found is not None:
                if found:  # a word, not only a prefix
                    return True
                if end >= hi:
                    break
                end += 1
                found = freq.get(text[start:end])
        return False

    def _inside_compound(self, text: str, tokens: list[Token], start: int, end: int,
                         exceptions: frozenset[str] | None = None):
        """The phrase lies inside one longer dictionary word such as 谢谢您 (谢谢 + 您).

        It counts when the rest of that word is itself words or single characters, or when
        the longer word is another rule's phrase (到现在 inside 到现在都没有), unless the
        word is a listed exception (对不起来 is not an apology).
        """
        for i, t in enumerate(tokens):
            if t.start <= start and end <= t.end:
                if t.word in (self.exceptions if exceptions is None else exceptions):
                    return None
                if t.word in self._added:  # another rule's phrase swallowed this one
                    return i
                freq = self._tokenizer.FREQ
                rest = (text[t.start:start], text[end:t.end])
                if all(len(r) <= 1 or freq.get(r) for r in rest):
                    return i
                return None
            if t.start > start:
                return None
        return None


# Single-character adverbs and particles that jieba may glue to the next character into
# another word (后 + 退还 -> 后退/还, 就 + 是你 -> 就是/你): a phrase may start right after one.
_DETACHABLE = frozenset("后前再就才都也还又先并已")
# "when" glued to a one-character first part after it (时说, 时称): see Segmenter.match
_GLUED_WHEN = frozenset("时")


def longest_first(found: list[Match]) -> list[Match]:
    """One span is reported once, by the longest phrase that matched it; of phrases that
    matched the very same span, the one that spells out most of it (你们…肯定没给 before
    你…肯定没给), then the one in fewest parts (经理已经下班 before 经理…已经下班, which
    a token may hold with no gap), then the first in code-point order: never the order the
    phrases came in, which may be a set's (and so change from run to run)."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start), -_spelled(m.phrase),
                              m.phrase.count(GAP), m.phrase))
    result: list[Match] = []
    for m in found:
        if not result or m.start >= result[-1].end:
            result.append(m)
    return result


def _spelled(phrase: str) -> int:
    """How many characters of text a phrase spells out (its parts, without the gaps)."""
    return sum(map(len, phrase_parts(phrase)))


def _all_positions(text: str, word: str) -> list[int]:
    positions, pos = [], text.find(word)
    while pos != -1:
        positions.append(pos)
        pos = text.find(word, pos + 1)
    return positions


def _follows_in_sentence(text: str, start: int, parts: tuple[str, ...]) -> bool:
    """Whether the parts occur in order after `start` in its sentence (a cheap test before
    a sentence-gap phrase is worth segmenting)."""
    return in_order(text, start, sentence_end(text, start), parts)


def _is_break(word: str) -> bool:
    """A token made only of clause breaks: one (，), or a run jieba keeps whole ("\r\n", ……)."""
    return not word.strip(_BREAK_CHARS)


def in_order(text: str, start: int, stop: int, parts: tuple[str, ...]) -> bool:
    """Whether the parts occur in text[start:stop], one after another."""
    for part in parts:
        found = text.find(part, start, stop)
        if found == -1:
            return False
        start = found + len(part)
    return True


def _follow(text, tokens, starts, ends, last_tok: int, rest: list[str], added=frozenset(),
            across: bool = False, end: int | None = None):
    """The token where a phrase's later parts end, each within MAX_GAP_TOKENS of the one
    before, in its clause (`across`: within MAX_SENTENCE_GAP_TOKENS, in its sentence);
    None when one is missing. A part may also end a token that is another rule's phrase
    (`added`): 三个工作日内给您回复 holds 工作日内…回复, 给您回复 being one token. Such a
    token may also hold the part right after the one before (`end`, where that one ended):
    你是不是 is one token, and holds 你…是不是."""
    reach = MAX_SENTENCE_GAP_TOKENS if across else MAX_GAP_TOKENS
    for part in rest:
        if (end is not None and end < tokens[last_tok].end and starts.get(end) == last_tok
                and text.startswith(part, end) and end + len(part) in ends):
            last_tok = ends[end + len(part)]
            end += len(part)
            continue
        end = None  # the part after a token boundary: tokens[last_tok] is what it ends
        for gap in range(1, reach + 2):
            k = last_tok + gap
            if k >= len(tokens):
                return None
            if across:
                if tokens[k].word[0] in SENTENCE_ENDS:
                    return None
                if _is_break(tokens[k].word):
                    if k + 1 < len(tokens) and tokens[k + 1].word in LATER_EPISODE:
                        return None  # 提前一天完成，此后再没有出现跳闸: another matter
                    continue
            elif _is_break(tokens[k - 1].word) or _is_break(tokens[k].word):
                return None
            start = tokens[k].start
            end = start + len(part)
            if text.startswith(part, start):
                if end in ends:
                    last_tok = ends[end]
                    break
                if part[-1] in _GLUED_TO_NEXT:
                    # jieba glued the part's closing negator to the verb after it (还没拿到 ->
                    # 还/没拿到), or 太 to the adjective (也太晚了 -> 也/太晚/了): the part
                    # ends on that token's first character
                    glued = next((j for j in range(k, min(k + len(part), len(tokens)))
                                  if tokens[j].start < end < tokens[j].end), None)
                    if (glued is not None and text[tokens[glued].start:end] in _GLUED_TO_NEXT
                            and tokens[glued].word not in _TAI_NOUNS):
                        last_tok = glued
                        break
            word = tokens[k].word
            if len(word) > len(part) and word.endswith(part) and word in added:
                last_tok = k
                break
            if len(word) > 1 and starts.get(start + 1) == k:
                # the token is another rule's phrase, which swallowed the part's beginning
                # (二十四小时内给您退款 -> 给您退/款): the part may begin inside it, as
                # Region lets a first part do
                inner = text.find(part, start + 1, tokens[k].end + len(part) - 1)
                if inner != -1 and inner + len(part) in ends:
                    last_tok = ends[inner + len(part)]
                    break
        else:
            return None
    return last_tok


# one-character words jieba glues to the word after them: negators, and 太 (degree)
_GLUED_TO_NEXT = frozenset("没不未太")
# words that begin with 太 and are nouns, not 太 + an adjective: 您太太 is no 您…太
_TAI_NOUNS = frozenset({"太太", "太阳", "太平", "太空", "太极", "太子", "太后", "太监", "太医", "太湖",
                        "太原", "太岁", "太公", "太婆", "太爷", "太奶", "太奶奶", "太爷爷", "太阳能"})


def gone_verb(tokens: list[Token], k: int, index: int) -> bool:
    """tokens[k] is 没/没有 + 了, the verb gone (没了行李…), not a negation of the word at
    `index` later in the clause; right before the word it still says there was none
    (没了下文)."""
    return tokens[k].word in ("没", "没有") and tokens[k + 1].word == "了" and k + 2 < index


# Words of manner a 不 before them makes a judgement of their own (处理不及时, 考虑不周到)
_MANNER_WORDS = frozenset({"及时", "周到", "到位", "妥当", "妥善", "规范", "细致", "仔细", "认真"})
# …and what opens the cause such a judgement stands in (对此前处理不及时…, 为回复不及时…)
_CAUSE_PREPOSITIONS = frozenset({"对", "为", "因", "因为", "由于"})


def manner_not(tokens: list[Token], k: int, index: int) -> bool:
    """tokens[k] is the 不 of a manner word inside a phrase of 对/为 before the word at
    `index` (对此前处理不及时表示歉意): it judges how something was done, the cause the act
    answers, and negates nothing later (不及时道歉, with no such phrase, still does)."""
    if tokens[k].word != "不" or k + 1 >= index or tokens[k + 1].word not in _MANNER_WORDS:
        return False
    for j in range(k - 1, max(k - 1 - NEGATION_WINDOW, -1), -1):
        if _is_break(tokens[j].word):
            return False
        if tokens[j].word in _CAUSE_PREPOSITIONS:
            return True
    return False


def relative_not(tokens: list[Token], k: int, index: int) -> bool:
    """tokens[k], a one-character negator, and the verb after it (with one word of its object
    at most) close on 的 with more words before the word at `index` (没/考/的/一周内免费重新
    安排: those not yet examined; 未/购买/保价/的/大家电/按六成赔付): they name
    whom the act is for, and negate nothing after them. A 的 right before the act (没有/及时/的/
    回复) still negates it, and so does a negator whose next word is a preposition (不/对/的…) or
    whose 的 comes later (未/按/约定/的/时间/上门: the 的 is 约定's). Used by the narrative layer,
    whose negation reaches further back than text's."""
    if tokens[k].word not in ("没", "不", "未") or k + 1 >= len(tokens):
        return False
    if tokens[k + 1].word in PREPOSITIONS or _is_break(tokens[k + 1].word):
        return False
    # the verb alone (没/考/的), or with its object (未/购买/保价/的/大家电/按…赔付: goods
    # not insured, paid at sixty per cent)
    for j in (k + 2, k + 3):
        if j + 1 < index and tokens[j].word == "的":
            return j == k + 2 or not _is_break(tokens[k + 2].word)
    return False


# Directional and resultative complements a potential 不 sits before (排不过来, 搬不动, 看不懂)
_POTENTIAL_COMPLEMENTS = frozenset({"过来", "过去", "起来", "下来", "下去", "出来", "进去", "回来",
                                    "完", "动", "惯", "懂", "起"})


def potential_not(tokens: list[Token], k: int) -> bool:
    """tokens[k] is the 不 of a potential complement, written between a one-character verb
    and its complement (排/不/过来, 搬/不/动): it says the verb cannot be done, and negates
    nothing later in the clause (排不过来也不全是我们的问题)."""
    if tokens[k].word != "不" or k == 0 or k + 1 >= len(tokens):
        return False
    before, after = tokens[k - 1], tokens[k + 1]
    return (len(before.word) == 1 and before.end == tokens[k].start
            and tokens[k].end == after.start and after.word in _POTENTIAL_COMPLEMENTS)


def a_not_a(tokens: list[Token], k: int, index: int) -> bool:
    """tokens[k], a negator, stands between a verb and the same verb again (联系没联系上, 修不修,
    来没来), or is the second half of a modal asked either way (能/不能联系, 会/不会来): the
    question whether, which negates nothing."""
    if k == 0:
        return False
    negator, before = tokens[k].word, tokens[k - 1]
    if (len(negator) > 1 and negator[0] in "不没" and negator[1:] == before.word
            and before.end == tokens[k].start):
        return True
    if (negator in ("不", "没") and k + 1 < len(tokens) and before.word
            and tokens[k + 1].word.startswith(before.word)
            and before.end == tokens[k].start and tokens[k].end == tokens[k + 1].start):
        return True  # 掉/没/掉 (掉没掉你自己心里清楚), 动/没/动过, 去/不/去
    if k != index - 1:
        return False
    before, word = tokens[k - 1].word, tokens[index].word
    return tokens[k - 1].end == tokens[k].start and bool(before) and word.startswith(before)


# A negator glued to 为您 by a rule's word (无法为您, 不能为您): "cannot … for you"
NEGATOR_FOR_YOU = {n + f: n for n in ("无法", "不能", "没法", "没办法", "不可以", "不会", "没有", "未能")
                   for f in ("为您", "为你")}


def _negator(tokens: list[Token], index: int, negators: frozenset = NEGATORS) -> str | None:
    limit = max(index - 1 - NEGATION_WINDOW, -1)
    k = index - 1
    while k > limit:
        word = tokens[k].word
        if _is_break(word):
            return None
        if (word in negators and not gone_verb(tokens, k, index) and not suggesting(tokens, k)
                and not potential_not(tokens, k) and not manner_not(tokens, k, index)):
            return None if own_conjunct(tokens, k, index) or a_not_a(tokens, k, index) else word
        if word in NEGATOR_FOR_YOU:
            # a rule's word that glued a negator to "for you" (无法为您 | 退款): the negator
            # negates the verb phrase it opens
            return NEGATOR_FOR_YOU[word]
        if copula_restart(tokens, k):
            return None
        if word in CONJUNCTIONS:  # 没有作出任何解释或道歉: the negation covers both
            limit = max(limit - 2, -1)
        elif word in PREPOSITIONS and k and (tokens[k - 1].word in negators
                                             or tokens[k - 1].word in PREPOSITIONS):
            # 没有为此向她道歉: only a negator or another such phrase before it, not
            # 为没能及时回复向她表示歉意 (没能 is the 为 phrase's own)
            limit = max(limit - 2, -1)
        k -= 1
    return _negated_phrase(tokens, index, negators)


_RHETORICAL_END_RE = re.compile(r"[吗嘛][？?！!。]*$")


def rhetorical_not(text: str, negator: str | None, pos: int) -> bool:
    """不是…吗 asks what the speaker holds true: 你昨天不是跟我保证过吗? says a promise was
    made. True when the negator is 不是 and its sentence ends on 吗 (or 嘛)."""
    if negator not in ("不是", "并不是"):
        return False
    return bool(_RHETORICAL_END_RE.search(text[pos:sentence_end(text, pos) + 1].rstrip()))


# Who or what may follow 要不 when it offers something: 要不您戴个耳塞? 要不这样…
_SUGGESTED_AFTER = frozenset({"您", "你", "我", "我们", "咱们", "咱", "这样", "先", "就"})


def suggesting(tokens: list[Token], k: int) -> bool:
    """The 不 at `k` is 要不 "how about", offering what follows (要不您戴个耳塞?), not
    negating it. jieba writes it 要 + 不."""
    return (tokens[k].word == "不" and k > 0 and tokens[k - 1].word == "要"
            and k + 1 < len(tokens) and tokens[k + 1].word in _SUGGESTED_AFTER)


def own_conjunct(tokens: list[Token], k: int, index: int) -> bool:
    """The one-character negator at `k` makes a word of the one character after it, an
    alternative of its own before a conjunction: in 电压不稳或者使用不当 the 不 is 稳's, and
    使用不当 is not negated (unlike 没有解释或道歉, where the negation covers both)."""
    return (len(tokens[k].word) == 1 and k + 2 < index and len(tokens[k + 1].word) == 1
            and tokens[k + 2].word in CONJUNCTIONS)


# A demonstrative that restarts the sentence with a copula: 您没看到，那是您自己没注意 said
# without the comma. What follows 那是/这是 is a new predication, out of the negation's reach.
_DEMONSTRATIVES = frozenset({"那", "这", "那就", "这就"})


def copula_restart(tokens: list[Token], k: int) -> bool:
    """Token k is 那/这 followed by 是 (as a token, or the start of one: 是您自己), or 就是
    (投保时没告知就是您这边的问题: what the omission amounts to is not negated)."""
    return tokens[k].word == "就是" or (tokens[k].word in _DEMONSTRATIVES and k + 1 < len(tokens)
                                        and tokens[k + 1].word.startswith("是"))


# A negator right before a preposition negates the verb phrase the prepositional phrase
# opens, however long its object: 没有为拖了这么久说一句抱歉, 没有向等了一下午的顾客道歉.
# Looked for a little further back than NEGATION_WINDOW, within the clause, up to a word
# that ends the scope (没有跟她商量就退款了: 就) or another negator.
PHRASE_REACH = 10
# Words after which what follows is no longer in a negation's scope (没有解释清楚就离开).
SCOPE_BREAKERS = frozenset({"但", "但是", "却", "可", "可是", "而", "而是", "就", "便", "才", "后",
                            "然后", "于是", "之后", "以后", "随后", "只是", "不过", "反而"})
SCOPE_ENDS = SCOPE_BREAKERS | {"也", "还"}  # a long phrase also ends at 也/还 (没跟她说也…)


def ends_scope(tokens: list[Token], k: int, ends: frozenset = SCOPE_BREAKERS) -> bool:
    """tokens[k] ends a negation's scope: one of `ends`, unless it is a character right
    after a preposition, which begins its object (没有替后厨找理由: 后厨, the kitchen, is a
    word the dictionary lacks, not 后 "after")."""
    word = tokens[k].word
    return word in ends and not (len(word) == 1 and k and tokens[k - 1].word in PREPOSITIONS)


def _negated_phrase(tokens: list[Token], index: int, negators: frozenset) -> str | None:
    for k in range(index - 1, max(index - 1 - PHRASE_REACH, 0), -1):
        word = tokens[k].word
        if _is_break(word) or ends_scope(tokens, k, SCOPE_ENDS) or word in negators:
            return None
        if word in PREPOSITIONS and tokens[k - 1].word in negators:
            return tokens[k - 1].word
    return None
