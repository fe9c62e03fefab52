"""Importing a plain-text transcript as a draft case (the library half of `casekit import`).

A trainer pastes a transcript — an article with narration and `客户:…` / `客服人员:…` turns —
and gets a case file that loads as it is, plus the list of what to check. The importer never
invents facts: whatever it has to guess (a role, a channel, a date, the title) is marked with a
YAML comment and listed in `ImportResult.todo`; lines it cannot use are listed in `unplaced`.

The steps, in order:

1. Clean each line: converter pinyin annotations (進(jìn) -> 進), page furniture (document
   codes, running headers), whitespace, speaker labels broken by a GBK round trip
   (??头藛T: -> 客服人員:). The script is never converted: Traditional stays.
2. Find the speaker labels (`SpeakerDetector`): a label is a short CJK name before a colon at
   the start of a line, or in the middle of a line right after the end of a sentence when
   several turns run together — but only a known role word (客户, 经理…) or a name seen as a
   speaker at two line starts. Headings (评析:), quote introductions (建议这样说:) and times
   (9:27) are never labels.
3. Group what was found into events: a run of turns is one `contact` event from the customer
   to the first company speaker, with the narration line just before it as its `note`; every
   other narration line is a `note` event of its own.
4. Write the YAML with every scalar quoted as JSON (valid YAML whatever the text holds) and
   check that the result loads.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from .errors import InputError
from .text import to_simplified

# ---------------------------------------------------------------------------------------------
# Vocabulary. Labels are compared in Simplified Chinese (OpenCC t2s), so 經理 is 经理; the label
# itself is always kept as written.

CUSTOMER_WORDS = frozenset({
    "客户", "顾客", "用户", "车主", "业主", "客人", "消费者", "买家", "乘客", "住户", "投诉人",
    "来电人", "来电者", "旅客", "会员", "租户", "患者"})
AGENT_WORDS = frozenset({
    "客服", "客服人员", "客户代表", "话务员", "客服代表", "客服专员", "坐席", "座席", "接线员",
    "接线生", "客服员", "客服小姐", "人工客服", "热线客服", "在线客服", "客户服务代表"})
AGENT_SUFFIXES = ("客服", "话务员", "坐席", "座席", "接线员", "客服代表", "客服专员", "客服人员",
                  "客户代表")
MANAGER_SUFFIXES = ("经理", "主管", "主任", "班长", "总监", "店长", "组长", "站长", "部长", "厂长",
                    "科长", "处长", "行长", "所长", "总裁", "董事长", "负责人")
STAFF_WORDS = frozenset({
    "师傅", "销售", "销售人员", "销售员", "销售顾问", "服务顾问", "维修", "维修工", "维修人员",
    "维修员", "技师", "技术员", "工程师", "装修工", "安装工", "装维", "抢修", "抢修人员", "导购",
    "服务员", "领班", "接待", "前台", "收银", "收银员", "店员", "营业员", "业务员", "快递员",
    "配送员", "司机", "保安", "电工", "柜员", "工作人员", "员工", "专员", "经销商", "商家", "卖家",
    "物业", "医生", "护士"})
STAFF_SUFFIXES = ("师傅", "人员", "员", "工", "顾问", "技师", "工程师", "专员")
OTHER_WORDS = frozenset({"记者", "律师", "民警", "警察", "消协", "消费者协会", "工商", "市场监管",
                         "媒体", "调解员", "第三方"})
# Forms of address that usually mean the customer, but not surely: guessed, so flagged.
CUSTOMER_GUESS_SUFFIXES = ("先生", "女士", "小姐", "太太", "阿姨", "大爷", "大妈")

# Words before a colon that introduce a heading, a list or a quotation, never a speaker.
NOT_LABELS = frozenset({
    "评析", "点评", "分析", "思考", "小结", "总结", "注", "备注", "注意", "说明", "答案", "问题",
    "原因", "结论", "作者", "来源", "出处", "标签", "编者按", "编者的话", "免责声明", "案例", "背景",
    "评论", "建议", "提示", "结果", "处理结果", "处理方案", "方案", "要求", "目的", "例如", "比如",
    "例", "附", "附注", "摘要", "关键词", "题目", "标题", "时间", "地点", "日期", "事件", "电话",
    "地址", "网址", "邮箱", "联系方式", "投诉电话", "话术", "建议话术", "经典话术", "现场情况",
    "案例梗概", "案例精评", "情景回放", "正确做法"})
# ...nor a phrase ending in a verb of saying or a copula: 建议这样说: 答案是: 总结如下:
NOT_LABEL_ENDINGS = ("说", "道", "讲", "问", "答", "曰", "是", "为", "如下", "以下", "包括", "如",
                     "称", "云", "即", "例", "等", "看", "想", "认为", "表示", "回复", "告诉",
                     "规定", "指出", "写", "情况")
NOT_LABEL_PARTS = ("建议", "分析", "评析", "点评", "总结", "案例", "问题")

CHANNEL_WORDS = {  # narration word -> channel; the one nearest the dialogue wins
    "电话": "phone", "致电": "phone", "来电": "phone", "通话": "phone", "录音": "phone",
    "拨打": "phone", "打进": "phone", "回电": "phone", "热线": "hotline", "400": "hotline",
    "短信": "sms", "短讯": "sms", "简讯": "sms", "微信": "online", "网上": "online",
    "在线": "online", "邮件": "online", "留言": "online", "上门": "onsite", "到店": "onsite",
    "来店": "onsite", "现场": "onsite", "当面": "onsite", "柜台": "onsite", "找到": "onsite",
    "来到": "onsite", "信函": "letter", "来信": "letter", "写信": "letter"}

# ---------------------------------------------------------------------------------------------
# Character classes and patterns.

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width forms and CJK punctuation: spaces between two of these (or CJK) are PDF artefacts.
WIDE = CJK + "\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014"
CIRCLED = "\u2460-\u2473\u24eb-\u24f4\u2776-\u277f"  # ①…⑳ ⓫…⓴ ❶…❿
# A turn may start (in the middle of a line) right after one of these, or after whitespace.
BOUNDARY = set("。！？!?…；;」』”’)）】》—~～") | {chr(c) for c in range(0x2460, 0x2474)} | {
    chr(c) for c in range(0x2776, 0x2780)}
COLONS = ":："
MAX_LABEL = 6
# Where a GBK round trip lost the end of a sentence with a label's first byte (see
# GarbleRepairer): a turn boundary while splitting, dropped from the text afterwards.
LOST = "\u2063"
BOUNDARY.add(LOST)

TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_NOTE_RE = re.compile(rf"(?<=[{CJK}])[(（]([a-zü{TONE_VOWELS}]{{1,7}})[)）]")
# A toneless syllable (neutral tone: 們(men)) is stripped only in a document that is annotated
# throughout, and only when it is shaped like a syllable; 彩铃(crbt) stays.
SYLLABLE_RE = re.compile(r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouüv]{1,3}(?:ng|n|r)?$")
TIME_RE = re.compile(r"\[?(\d{1,2}:\d{2}(?::\d{2})?)\]?")
LEADING_TIME_RE = re.compile(r"^\s*\[?(\d{1,2}:\d{2}(?::\d{2})?)\]?(\s+|(?=[\[(（]))")
ONLY_TIME_RE = re.compile(r"^\s*\[?(\d{1,2}:\d{2}(?::\d{2})?)\]?\s*$")
DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*"
    r"(?P<d>\d{1,2})(?!\d)\s*(?:日|号|號)?(?:\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})(?!\d))?")
# Page furniture: a document code such as SAT-QT-SAT-07-01, confidentiality stamps, page numbers.
DOC_CODE_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,}(?:-[A-Z0-9]{1,}){2,}(?![A-Za-z0-9])")
FURNITURE_WORDS = ("内部资料", "严禁外传", "版权所有", "机密文件", "请勿外传")
PAGE_NUMBER_RE = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|page\s*\d+(?:\s*of\s*\d+)?|"
                            r"-\s*\d+\s*-)\s*$", re.IGNORECASE)
SENTENCE_PUNCT = set("。，,！!？?；;：:")
QUOTED_SPEECH_RE = re.compile(r"[:：]\s*[“「]([^”」]{2,})[”」]")
GARBLE_HINT_RE = re.compile(rf"\?\?[{CJK}]")
TITLE_PLACEHOLDER = "待填写:案例标题"
PLACEHOLDER_PARTY = "客户"  # declared when no speaker is found: `parties` may not be empty
MAX_TITLE = 40
MAX_QUOTE_HINTS = 5


# ---------------------------------------------------------------------------------------------
# The result.

@dataclass
class ImportResult:
    yaml_text: str  # the case file to write (UTF-8 text), with helpful YAML comments
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line number, text) not used
    todo: list[str] = field(default_factory=list)  # what the trainer must fill in or check


# ---------------------------------------------------------------------------------------------
# Roles.

def guess_role(label: str) -> tuple[str, bool]:
    """The role a speaker label suggests, and whether that is a sure reading of the word.

    Order matters: 客户代表 is an agent although it starts with 客户, 客服主管 a manager
    although it starts with 客服."""
    s = to_simplified(label)
    if s in AGENT_WORDS:
        return "agent", True
    if s.endswith(MANAGER_SUFFIXES):
        return "manager", True
    if s.endswith(AGENT_SUFFIXES):
        return "agent", True
    if s in CUSTOMER_WORDS or any(s.endswith(w) for w in ("客户", "顾客", "用户", "车主", "业主")):
        return "customer", True
    if s in OTHER_WORDS:
        return "other", True
    if s in STAFF_WORDS or s.endswith(STAFF_SUFFIXES):
        return "staff", True
    if s.endswith(CUSTOMER_GUESS_SUFFIXES):
        return "customer", False
    # A role word followed by a name (客服小王, 客户张先生, 师傅老李): likely, but a guess.
    for words, role in ((AGENT_WORDS, "agent"), (CUSTOMER_WORDS, "customer"),
                        (MANAGER_SUFFIXES, "manager"), (STAFF_WORDS, "staff")):
        if any(s.startswith(w) for w in words if len(w) >= 2):
            return role, False
    return "staff", False


def is_role_word(label: str) -> bool:
    """A label that names a role we know (客戶, 经理, 运营主管…), wherever it appears."""
    return guess_role(label)[1]


def could_be_name(label: str) -> bool:
    """Whether a word before a colon may be a speaker at all (not a heading or a quote lead)."""
    if not 1 <= len(label) <= MAX_LABEL or not re.fullmatch(f"[{CJK}]+", label):
        return False
    s = to_simplified(label)
    if s in NOT_LABELS or s.startswith("第"):  # 第一篇: 第二层: are headings
        return False
    if is_role_word(label):
        return True
    return not (s.endswith(NOT_LABEL_ENDINGS) or any(p in s for p in NOT_LABEL_PARTS))


# ---------------------------------------------------------------------------------------------
# Clean-up.

def strip_pinyin(text: str, annotated: bool = False) -> str:
    """Drop converter pinyin annotations: 進(jìn) -> 進. Toneless ones (們(men)) go only when
    `annotated` says the document carries such annotations throughout."""
    def repl(m: re.Match) -> str:
        syllable = m.group(1)
        if any(ch in TONE_VOWELS for ch in syllable):
            return ""
        return "" if annotated and SYLLABLE_RE.match(syllable) else m.group(0)

    return PINYIN_NOTE_RE.sub(repl, text)


def is_annotated(text: str) -> bool:
    """A converter-annotated document has many tone-marked annotations."""
    count = 0
    for m in PINYIN_NOTE_RE.finditer(text):
        if any(ch in TONE_VOWELS for ch in m.group(1)):
            count += 1
            if count >= 3:
                return True
    return False


_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES_RE = re.compile(r"[\s\u3000\u00a0\u2028\u2029\u0085]+")
_WIDE_GAP_RE = re.compile(rf"(?<=[{WIDE}]) (?=[{WIDE}])")
_TRAILING_MARKERS_RE = re.compile(rf"[\s{CIRCLED}]+$")


def clean_text(text: str, keep_lost: bool = False) -> str:
    """Collapse whitespace; drop the spaces a PDF put between Chinese characters (只 能 -> 只能).
    `keep_lost` keeps the LOST marks, which the splitting of turns still needs."""
    text = _INVISIBLE_RE.sub("", text if keep_lost else text.replace(LOST, ""))
    text = _SPACES_RE.sub(" ", text).strip()
    return _WIDE_GAP_RE.sub("", text)


def clean_turn(text: str) -> str:
    """A turn's text: clean, without the circled markers (①②) an article puts at its end and
    without quotation marks wrapping the whole turn (rules do not count quoted words)."""
    text = _TRAILING_MARKERS_RE.sub("", clean_text(text))
    for open_, close in (("“", "”"), ("「", "」"), ('"', '"')):
        inner = text[1:-1]
        if (len(text) > 2 and text.startswith(open_) and text.endswith(close)
                and open_ not in inner and close not in inner):
            text = inner.strip()
    return text


# ---------------------------------------------------------------------------------------------
# Page furniture.

def _digitless(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def find_furniture(lines: list[str]) -> set[str]:
    """Texts that are page furniture: running headers with a page counter (1.00 案例分析匯編 2),
    document codes and confidentiality stamps (SAT-QT-SAT-07-01 內部資料 嚴禁外傳)."""
    furniture: set[str] = set()
    standalone = [t for t in (clean_text(x) for x in lines)
                  if t and not (set(t) & SENTENCE_PUNCT) and len(t) <= 80]
    by_shape: dict[str, set[str]] = {}
    for t in standalone:
        by_shape.setdefault(_digitless(t), set()).add(t)
    for shape, texts in by_shape.items():
        if len(texts) >= 2 and "#" in shape:  # the same line with a different number: a counter
            furniture |= texts
    for t in standalone:
        code = DOC_CODE_RE.search(t)
        if code:  # the stamp runs from the code to the end: 2、甲維修站 SAT-QT-… keeps 2、甲維修站
            furniture.add(t[code.start():])
        elif any(w in to_simplified(t) for w in FURNITURE_WORDS):
            furniture.add(t)
    return furniture


def is_symbols_only(text: str) -> bool:
    """A line with no letters and no date: rules (----), stray page numbers, punctuation."""
    return not any(ch.isalpha() for ch in text) and not DATE_RE.search(text)


# ---------------------------------------------------------------------------------------------
# Mojibake. Seed 001 went through a GBK round trip that lost one byte before some turns:
# 。客服人員: became ??头藛T: and 。客戶：沒 became ??蛻簦簺]. Knowing the labels, we can
# recognise such a broken label and, when the bytes survived, decode the text after it again.

def _decode_gbk_pairs(data: bytes) -> tuple[str, bytes]:
    """Decode GBK dropping invalid pairs whole (as the converter that broke seed 001 did);
    return the text and a dangling lead byte, if the data ends in the middle of a character."""
    out, i = [], 0
    while i < len(data):
        if data[i] < 0x80:
            out.append(chr(data[i]))
            i += 1
            continue
        if i + 1 == len(data):
            return "".join(out), data[i:]
        try:
            out.append(data[i:i + 2].decode("gbk"))
        except UnicodeDecodeError:
            pass
        i += 2
    return "".join(out), b""


def _decode_gbk_skip(data: bytes) -> tuple[str, bytes]:
    """Decode GBK skipping single bad bytes (Python's way); return text and a dangling byte."""
    decoder = codecs.getincrementaldecoder("gbk")(errors="ignore")
    text = decoder.decode(data, final=False)
    return text, decoder.getstate()[0]


@dataclass(frozen=True)
class _Garble:
    """How `label` + colon looks after losing its first byte: `sign`, and the byte to put
    back before the text that follows when the colon's last byte leaked into it."""

    label: str
    sign: str
    lead: bytes  # empty: the text after `sign` is intact


def garbled_forms(label: str) -> list[_Garble]:
    forms: dict[str, _Garble] = {}
    for colon in COLONS:
        try:
            data = (label + colon).encode("gbk")
        except UnicodeEncodeError:
            continue
        for decode in (_decode_gbk_pairs, _decode_gbk_skip):
            sign, dangling = decode(data[1:])
            # Too short a sign would match ordinary text; the colon must not be all that is left.
            if len(sign.rstrip(COLONS)) >= 1 and len(sign) >= 2:
                forms.setdefault(sign, _Garble(label, sign, data[-2:-1] if dangling else b""))
    return list(forms.values())


def _repair_after(text: str, lead: bytes) -> str | None:
    """Decode the text after a broken label again with the lost byte put back; None when the
    bytes did not survive (the text then stays as it is, flagged for the trainer)."""
    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:
        return None
    fixed = (lead + data).decode("gbk", errors="replace")
    if not fixed or fixed[0] not in COLONS or "\ufffd" in fixed:
        return None
    return fixed[1:]


class GarbleRepairer:
    """Turns `??头藛T:` back into `客服人員:` (after a LOST mark) for the transcript's labels."""

    def __init__(self, labels: set[str]):
        forms = [g for label in sorted(labels) for g in garbled_forms(label)]
        self._by_sign = {g.sign: g for g in forms}
        signs = sorted(self._by_sign, key=len, reverse=True)
        # The lost byte and the end of the sentence before it show as one or two ?.
        self._pattern = re.compile(r"[?？]{1,2}(" + "|".join(map(re.escape, signs)) + ")"
                                   ) if signs else None

    def repair(self, line: str) -> tuple[str, bool]:
        """The line with broken labels restored, and whether some text after one of them
        stayed garbled (its bytes did not survive)."""
        if self._pattern is None or "?" not in line and "？" not in line:
            return line, False
        hits = list(self._pattern.finditer(line))
        out, pos, unrepaired = [], 0, False
        for k, m in enumerate(hits):
            g = self._by_sign[m.group(1)]
            end = hits[k + 1].start() if k + 1 < len(hits) else len(line)
            after = line[m.end():end]
            if g.lead:
                repaired = _repair_after(after, g.lead)
                unrepaired |= repaired is None
                after = repaired if repaired is not None else after
            colon = g.sign[-1] if g.sign[-1] in COLONS else ":"
            out.append(line[pos:m.start()] + LOST + g.label + colon + after)
            pos = end
        out.append(line[pos:])
        return "".join(out), unrepaired


# ---------------------------------------------------------------------------------------------
# Speaker labels.

@dataclass
class Piece:
    """Part of a transcript line: a turn (`speaker` set) or narration."""

    line: int
    text: str
    speaker: str | None = None
    time: str | None = None  # a clock time written before it (0:05, 9:27)


_CJK_CHAR_RE = re.compile(f"[{CJK}]")


def _label_before(text: str, colon: int) -> tuple[str, int]:
    """The run of CJK characters ending just before text[colon] (spaces allowed in between)."""
    end = colon
    while end > 0 and text[end - 1] in " \t\u3000":
        end -= 1
    start = end
    while start > 0 and _CJK_CHAR_RE.match(text[start - 1]):
        start -= 1
    return text[start:end], start


def _split_time(before: str) -> tuple[str, str | None]:
    """Take a clock time (0:05, [9:27]) off the end of the text before a label."""
    stripped = before.rstrip()
    m = re.search(TIME_RE.pattern + r"$", stripped)
    if m and (m.start() == 0 or not stripped[m.start() - 1].isalnum()):
        return stripped[:m.start()], m.group(1)
    return before, None


class SpeakerDetector:
    """Finds speaker labels: at line starts (客户:…) and where turns run together on one line
    (…了。客服人員:接到電話以後呢?② 客戶:我沒有…).

    A label is a 1–6 character CJK word before an ASCII or full-width colon that is either a
    known role word or seen as a speaker at the start of two lines, and is not a heading
    (评析:) or a quotation lead (建议这样说:). Times (9:27), numbers and URLs are never labels:
    they are not CJK. In mid-line, a label counts only right after the end of a sentence, a
    closing quote, a circled marker or a space: 并告知95598客户代表:… is narration.
    """

    def __init__(self, lines: list[str]):
        counts: dict[str, int] = {}
        for line in lines:
            label = self.line_start_label(line)
            if label:
                counts[label] = counts.get(label, 0) + 1
        self.labels: set[str] = {label for label, n in counts.items()
                                 if is_role_word(label) or n >= 2}

    @staticmethod
    def line_start_label(line: str) -> str | None:
        """The label a line starts with (after an optional clock time), if it could be one."""
        text = line.strip()
        m = re.match(r"^\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*", text)
        if m:
            text = text[m.end():]
        m = re.match(rf"^([{CJK}]{{1,{MAX_LABEL}}})\s*[:：]", text)
        return m.group(1) if m and could_be_name(m.group(1)) else None

    def is_label(self, word: str) -> bool:
        # A role word is a label in mid-line even when no line starts with it.
        return word in self.labels or (is_role_word(word) and could_be_name(word))

    def split(self, line: str, number: int = 0) -> list[Piece]:
        """Split one cleaned line into narration and turns."""
        cuts: list[tuple[int, int, str, str | None]] = []  # (piece start, text start, label, time)
        for i, ch in enumerate(line):
            if ch not in COLONS:
                continue
            label, start = _label_before(line, i)
            if not label or len(label) > MAX_LABEL or not self.is_label(label):
                continue
            if cuts and start < cuts[-1][1]:
                continue
            head, time = _split_time(line[:start])
            if head.strip() == "":
                cut_at = 0  # the line starts with the label (or a time and the label)
            elif head[-1].isspace() or head.rstrip()[-1] in BOUNDARY:
                cut_at = len(head)  # a new turn after the end of a sentence
            else:
                continue  # a role word inside a sentence: 告知95598客户代表:…
            cuts.append((cut_at, i + 1, label, time))
        if not cuts:
            return [Piece(number, line)]
        pieces: list[Piece] = []
        if line[:cuts[0][0]].strip():
            pieces.append(Piece(number, line[:cuts[0][0]]))
        for k, (_, text_start, label, time) in enumerate(cuts):
            end = cuts[k + 1][0] if k + 1 < len(cuts) else len(line)
            pieces.append(Piece(number, line[text_start:end], speaker=label, time=time))
        return pieces


def find_speaker_labels(text: str) -> list[str]:
    """The speaker labels of a transcript, in order of first appearance (for tests and tools)."""
    return list(dict.fromkeys(p.speaker for p in _read(text).pieces if p.speaker))


def _split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (only CR/LF end a line; U+2028 is whitespace here)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# ---------------------------------------------------------------------------------------------
# Reading the transcript into pieces.

@dataclass
class _Reading:
    pieces: list[Piece]
    title: str | None
    title_line: int
    unplaced: list[tuple[int, str]]
    garbled_lines: list[int]
    repaired_lines: list[int]


def _looks_like_title(text: str, detector: SpeakerDetector) -> bool:
    """Short, one sentence at most, no turn in it, not a heading such as 作者:… or 编者的话:"""
    if len(text) > MAX_TITLE or "。" in text or text[-1] in ",，:：;；、":
        return False
    if len(re.findall(f"[{CJK}]", text)) < 2 or SpeakerDetector.line_start_label(text):
        return False
    if any(piece.speaker for piece in detector.split(text)):
        return False
    head = re.match(rf"^([{CJK}]{{1,8}})\s*[:：]", text)
    return not (head and to_simplified(head.group(1)) in NOT_LABELS)


def _read(text: str) -> _Reading:
    raw_lines = _split_lines(text)
    annotated = is_annotated(text)
    stripped = [strip_pinyin(x, annotated) for x in raw_lines]
    furniture = find_furniture(stripped)
    # Stamps glued to the end of a paragraph by a PDF extraction go too; longest first.
    embedded = sorted((f for f in furniture if len(f) >= 8), key=len, reverse=True)
    detector = SpeakerDetector([clean_text(x) for x in stripped])
    repairer = GarbleRepairer(detector.labels)

    pieces: list[Piece] = []
    unplaced: list[tuple[int, str]] = []
    garbled: list[int] = []
    repaired_lines: list[int] = []
    title, title_line = None, 0
    first = True
    pending_time: str | None = None
    for number, raw in enumerate(raw_lines, 1):
        repaired, unrepaired = repairer.repair(raw)
        line = clean_text(strip_pinyin(repaired, annotated), keep_lost=True)
        if repaired != raw:
            repaired_lines.append(number)
        if not line:
            continue
        if line in furniture or PAGE_NUMBER_RE.match(line):
            unplaced.append((number, line))
            continue
        for f in embedded:
            if f in line:
                line = clean_text(line.replace(f, " "), keep_lost=True)
                unplaced.append((number, f))
        m = ONLY_TIME_RE.match(line)
        if m:  # a time on a line of its own belongs to what follows
            pending_time = m.group(1)
            continue
        if not line or is_symbols_only(line):
            if line:
                unplaced.append((number, line))
            continue
        if first:  # only the first line of text may be the title
            first = False
            if _looks_like_title(line, detector):
                title, title_line = line, number
                continue
        if unrepaired or GARBLE_HINT_RE.search(line):
            garbled.append(number)
        for piece in detector.split(line, number):
            if pending_time and piece.time is None:
                piece.time = pending_time
            pending_time = None
            pieces.append(piece)
    return _Reading(pieces, title, title_line, unplaced, garbled, repaired_lines)


# ---------------------------------------------------------------------------------------------
# Events.

@dataclass
class _Event:
    kind: str
    lines: list[int]
    note: str | None = None
    turns: list[tuple[str, str]] = field(default_factory=list)
    sender: str | None = None
    to: str | None = None
    channel: str | None = None
    channel_hint: str | None = None  # why the channel was guessed
    at: str | None = None
    at_hint: str | None = None


def _timed(text: str, time: str | None) -> str:
    """A clock time cannot go into `at` (an ISO date): it stays in the text, as [9:27]."""
    return f"[{time}] {text}" if time else text


def _clock_time(piece: Piece) -> str | None:
    """The clock time a piece starts with: written before its label, or opening narration."""
    if piece.time or piece.speaker:
        return piece.time
    m = re.match(r"^\[?(\d{1,2}:\d{2}(?::\d{2})?)(?!\d)", piece.text)
    return m.group(1) if m else None


def _time_key(time: str) -> tuple[int, ...]:
    return tuple(int(x) for x in time.split(":"))


def _narration_text(piece: Piece) -> str:
    text = clean_text(piece.text)
    m = LEADING_TIME_RE.match(text)
    if m and not piece.time:  # "9:27 客户来电" -> "[9:27] 客户来电"; "11:50接到" stays
        return _timed(text[m.end():].strip(), m.group(1))
    return _timed(text, piece.time)


def _guess_channel(narration: list[Piece]) -> tuple[str | None, str | None]:
    """The channel named nearest to the dialogue: the last channel word in the narration
    before it (read backwards), e.g. …于是给她发了短信: -> sms."""
    for piece in reversed(narration):
        simple = to_simplified(piece.text)
        best = None
        for word, channel in CHANNEL_WORDS.items():
            pos = simple.rfind(word)
            if pos != -1 and (best is None or pos + len(word) > best[0]):
                best = (pos + len(word), word, channel)
        if best:
            start = best[0] - len(best[1])
            return best[2], f"“{piece.text[start:best[0]]}” (line {piece.line})"
    return None, None


def _guess_date(text: str) -> tuple[str | None, str | None]:
    m = DATE_RE.search(text)
    if not m:
        return None, None
    try:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        when = datetime(y, mo, d, int(m["H"] or 0), int(m["M"] or 0))
    except ValueError:
        return None, None
    iso = when.strftime("%Y-%m-%d %H:%M") if m["H"] else when.strftime("%Y-%m-%d")
    return iso, m.group(0).strip()


def _group(pieces: list[Piece], roles: dict[str, str]) -> list[_Event]:
    """Narration lines become note events, a run of turns a contact event; the narration line
    just before a run of turns introduces it and becomes that event's note."""
    events: list[_Event] = []
    narration: list[Piece] = []  # narration since the last run of turns
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.speaker is None:
            narration.append(piece)
            i += 1
            continue
        j = i
        while j < len(pieces) and pieces[j].speaker is not None:
            j += 1
        block = pieces[i:j]
        lead = narration[-1] if narration else None
        for p in narration[:-1]:
            events.append(_Event("note", [p.line], note=_narration_text(p)))
        event = _Event("contact", sorted({p.line for p in block} | ({lead.line} if lead else set())))
        if lead:
            event.note = _narration_text(lead)
        speakers = list(dict.fromkeys(p.speaker for p in block))
        customer = next((s for s in speakers if roles[s] == "customer"), None)
        company = next((s for s in speakers if roles[s] in ("agent", "staff", "manager")), None)
        event.sender = customer or speakers[0]
        event.to = company if company and company != event.sender else next(
            (s for s in speakers if s != event.sender), None)
        event.channel, event.channel_hint = _guess_channel(narration)
        for p in block:
            event.turns.append((p.speaker, _timed(p.text, p.time)))
        events.append(event)
        narration = []
        i = j
    for p in narration:
        events.append(_Event("note", [p.line], note=_narration_text(p)))
    return events


# ---------------------------------------------------------------------------------------------
# YAML output.

# Characters YAML does not accept raw in a double-quoted scalar (or would read as a line break).
_YAML_UNSAFE_RE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def q(text: str) -> str:
    """A YAML double-quoted scalar: JSON's quoting, plus escapes for what YAML rejects."""
    return _YAML_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                               json.dumps(text, ensure_ascii=False))


_COMMENT_UNSAFE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _comment(text: str) -> str:
    """Text safe to put in a YAML comment: one line, control characters shown escaped."""
    text = _SPACES_RE.sub(" ", text.replace(LOST, "")).strip()
    return _COMMENT_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _lines_list(lines: list[int], most: int = 8) -> str:
    shown = ", ".join(map(str, lines[:most]))
    return f"line {shown}" if len(lines) == 1 else f"lines {shown}{'…' if len(lines) > most else ''}"


def _line_range(lines: list[int]) -> str:
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}"


def import_transcript(text: str, source_name: str = "transcript") -> ImportResult:
    """Turn a plain-text transcript into a draft case file that loads as it is."""
    reading = _read(text)
    for p in reading.pieces:  # turns lose their end markers and wrapping quotes
        p.text = clean_turn(p.text) if p.speaker else clean_text(p.text)
    pieces, unplaced = _attach_empty_turns(reading.pieces, reading.unplaced)
    todo: list[str] = []
    if reading.title:
        title, title_line = reading.title, reading.title_line
        todo.append(f"title: guessed from line {title_line} — check")
    else:
        title, title_line = TITLE_PLACEHOLDER, 0
        todo.append(f"title: not found — replace “{TITLE_PLACEHOLDER}” with the case's title")
    parties = _parties(pieces, todo)
    events = _group(pieces, {label: role for label, (role, _) in parties.items()})
    if not events:
        events = [_Event("note", [1], note="待填写:案例经过")]
        todo.append("events: the transcript had no usable text — describe what happened")
    _date_events(events, todo)
    _check_contacts(events, todo)
    _check_text(reading, pieces, unplaced, todo)
    todo.append("outcome / expect: not in a transcript — add them if the case is meant to teach")

    yaml_text = _render(title, title_line, source_name, parties, events, todo, unplaced)
    problems = _load_problems(yaml_text, source_name)
    if problems:  # should not happen; if it does, the trainer learns what to fix
        todo.append("the draft does not load yet: " + "; ".join(problems))
        yaml_text = _render(title, title_line, source_name, parties, events, todo, unplaced)
    return ImportResult(yaml_text=yaml_text, unplaced=unplaced, todo=todo)


def _parties(pieces: list[Piece], todo: list[str]) -> dict[str, tuple[str, bool]]:
    """Every speaker, in order of first appearance: label -> (role, sure)."""
    parties: dict[str, tuple[str, bool]] = {}
    for p in pieces:
        if p.speaker and p.speaker not in parties:
            parties[p.speaker] = guess_role(p.speaker)
    if not parties:  # `parties` may not be empty: a placeholder keeps the draft loadable
        todo.append("parties: no speaker labels (名称:) found — 客户 is a placeholder; declare "
                    "the people of the case and add their dialogue")
        return {PLACEHOLDER_PARTY: ("customer", False)}
    todo += [f"parties: role of {label} guessed as {role} — check"
             for label, (role, sure) in parties.items() if not sure]
    if not any(role == "customer" for role, _ in parties.values()):
        todo.append("parties: no customer found — mark the complaining party as `customer`")
    return parties


def _date_events(events: list[_Event], todo: list[str]) -> None:
    """Only full dates go into `at` (clock times stay in the text); dated events must stay in
    time order, so a date earlier than the one above is left out."""
    last = None
    for n, ev in enumerate(events, 1):
        iso, found = _guess_date(ev.note or "")
        if not iso:
            continue
        if last and iso < last:
            todo.append(f"event {n}: “{found}” is earlier than the event above — `at` left out; "
                        "reorder the events if they are not in time order")
            continue
        ev.at, ev.at_hint, last = iso, found, iso
        todo.append(f"event {n}: `at` taken from “{found}” in the narration — check")


def _check_contacts(events: list[_Event], todo: list[str]) -> None:
    contacts = [n for n, ev in enumerate(events, 1) if ev.kind == "contact"]
    for n in contacts:
        ev = events[n - 1]
        if ev.channel:
            todo.append(f"event {n}: channel guessed as {ev.channel} from {ev.channel_hint} — check")
        else:
            todo.append(f"event {n}: channel unknown — add one (phone, hotline, sms, onsite…); "
                        "the greeting rule judges calls only")
    if contacts:
        todo.append(f"event{'s' if len(contacts) > 1 else ''} {', '.join(map(str, contacts))}: "
                    "a dialogue is a contact from the customer to the first company speaker — "
                    "swap `from`/`to` where the company made the contact, or change the kind "
                    "(visit, follow-up…)")
        if any(ev.kind == "note" for ev in events):
            todo.append("events: narration is kept as `note` events — re-kind those that "
                        "describe a transfer, visit, resolution or follow-up; delete commentary")


def _check_text(reading: _Reading, pieces: list[Piece], unplaced: list, todo: list[str]) -> None:
    """What the trainer should look at in the text itself."""
    clock = sorted({t for t in map(_clock_time, pieces) if t}, key=_time_key)
    if clock:
        todo.append(f"clock times ({', '.join(clock[:5])}{'…' if len(clock) > 5 else ''}) stay in "
                    "the text: `at` takes ISO dates only — add `at: YYYY-MM-DD HH:MM` where the "
                    "date is known")
    if reading.repaired_lines:
        todo.append(f"{_lines_list(reading.repaired_lines)}: speaker labels broken by mojibake "
                    "(??头藛T:) were restored — check the turns there")
    if reading.garbled_lines:
        todo.append(f"{_lines_list(reading.garbled_lines)}: text looks garbled (mojibake such "
                    "as “??…”) — compare with the source")
    quoted = [(p.line, m.group(1)) for p in pieces if p.speaker is None
              for m in QUOTED_SPEECH_RE.finditer(p.text)]
    for line, words in quoted[:MAX_QUOTE_HINTS]:
        todo.append(f"line {line}: narration quotes someone (“{_short(words)}”) — if it was said "
                    "in the case, make it a dialogue turn")
    if len(quoted) > MAX_QUOTE_HINTS:
        todo.append(f"{len(quoted) - MAX_QUOTE_HINTS} more quotation(s) in the narration")
    if unplaced:
        todo.append(f"{len(unplaced)} line(s) not placed (page furniture, empty turns) — "
                    "listed at the end of the file")


def _attach_empty_turns(pieces: list[Piece], unplaced: list[tuple[int, str]]
                        ) -> tuple[list[Piece], list[tuple[int, str]]]:
    """A label alone on its line (客户:) takes the next line of text, if it is narration, as
    its text; an empty turn with nothing to take is not placed."""
    out: list[Piece] = []
    unplaced = list(unplaced)
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if p.speaker and not p.text:
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            if nxt is not None and nxt.speaker is None and nxt.line > p.line:
                out.append(Piece(p.line, clean_turn(nxt.text), p.speaker, p.time or nxt.time))
                i += 2
                continue
            unplaced.append((p.line, p.speaker + ":"))
            i += 1
            continue
        if p.text:
            out.append(p)
        i += 1
    return out, sorted(unplaced)


def _render(title: str, title_line: int, source_name: str,
            parties: dict[str, tuple[str, bool]], events: list[_Event], todo: list[str],
            unplaced: list[tuple[int, str]]) -> str:
    out = [f"# Draft case imported from {_comment(source_name)} by `casekit import`.",
           "# Check every line marked “check” and the to-do list, then run `casekit review`.",
           "# To do:"]
    out += [f"#   - {_comment(item)}" for item in todo]
    out += [f"title: {q(title)}  # " + (f"guessed from line {title_line} — check" if title_line
                                         else "fill in"),
            f"source: {q(source_name)}",
            "# industry: 行业   (optional)",
            "parties:"]
    for label, (role, sure) in parties.items():
        mark = ""
        if label == PLACEHOLDER_PARTY and len(parties) == 1 and not sure:
            mark = "  # placeholder: no speaker found in the transcript"
        elif not sure:
            mark = "  # role guessed — check"
        out.append(f"  {q(label)}: {role}{mark}")
    out.append("events:")
    for ev in events:
        out.append(f"  - kind: {ev.kind}  # {_line_range(ev.lines)}")
        if ev.at:
            out.append(f"    at: {ev.at}  # from “{_comment(ev.at_hint)}” — check")
        if ev.sender:
            out.append(f"    from: {q(ev.sender)}")
        if ev.to:
            out.append(f"    to: {q(ev.to)}")
        if ev.channel:
            out.append(f"    channel: {ev.channel}  # guessed from {_comment(ev.channel_hint)} — check")
        if ev.note:
            out.append(f"    note: {q(ev.note)}")
        if ev.turns:
            out.append("    dialogue:")
            out += [f"      - {q(label)}: {q(text)}" for label, text in ev.turns]
    out += ["# outcome: {resolved: true, satisfied: true}",
            "# expect: {fail: [], pass: []}"]
    if unplaced:
        out.append("# Not placed (page furniture and empty turns, dropped):")
        out += [f"#   line {n}: {_comment(t)}" for n, t in unplaced]
    return "\n".join(out) + "\n"


def _load_problems(yaml_text: str, source_name: str) -> list[str]:
    """Whether the draft loads as a case: the problems, as text, if it does not."""
    from .loader import build_case
    from .yamlsrc import Source, parse_yaml

    try:
        problems: list = []
        data = parse_yaml(Source(source_name, yaml_text, "utf-8"), problems)
        build_case(data, source_name, problems)
    except InputError as exc:
        return [f"line {p.line}: {p.message}" for p in exc.problems]
    return []


__all__ = ["ImportResult", "import_transcript", "SpeakerDetector", "find_speaker_labels",
           "guess_role", "strip_pinyin", "clean_turn"]
