"""Times told in Chinese narrative: 两个多小时后, 1个多月, 次日, 半个月后, 七八天, 40分钟, 3h.

    find_times("从6月底报修到修好花费了1个多月")
    -> [TimeSpan(start=12, end=16, text='1个多月', hours=720.0, kind='duration', approx=True)]

A hand-written grammar in one compiled regular expression plus a few checks in Python; it
imports only `re`, `functools` and `typing`.

Speed (measured when this module was written, CPython 3.11 on the shared development VM,
whose timings vary by ±20 %): ``find_times`` over a 586-character complaint narrative with 25
time phrases, 10,000 calls, best of 3: about 250 µs per call (2.5 s in all; ~0.4 µs per
character). A C-level scan for plausible starts (a numeral with a unit a few characters
on, 次日, 当天, 过了…) picks the ~45 places where the big pattern is tried. Import ≈ 2 ms
(with bytecode cached; `re` and `typing` already loaded); the patterns compile on first use
(≈ 10 ms, once per process).

Conventions
-----------
Units and their length in hours:
    秒/秒钟 1/3600 · 分钟/分/min 1/60 · 刻钟 0.25 · 小时/钟头/h/hr/hour 1 ·
    天/日/工作日/晚/晚上/宿/夜 24 (a night, and a working day, count as one day) ·
    周/星期/礼拜 168 (7 days) · 月 720 (30 days) · 年 8760 (365 days).
Numbers: Arabic (3, 1.5, full-width ３) or Chinese (一二三…十百千万, 两/俩, 二十五, 两百五 = 250).
    Bare 分, h, hr, min need Arabic digits (十分 is "very"; 打了1分 is a rating).
Vague amounts give the *lower bound* and set ``approx``:
    N多/N余/N来/N个多/N个来 -> N (两个多小时 = 2 h, 10多天 = 10 days, 一年多 = 1 year);
    十几 -> 10, 二十几 -> 20, 几十 -> 20;
    几/数/好几 alone -> 2 (几天, 数日, 好几天 = 2 days; 几个小时 = 2 h);
    ranges take the low end: 七八天 = 7 days, 两三天 = 2 days, 三五天 = 3 days, 3-5个工作日 = 3 days;
    个把月 = 1 month; prefixes 近/将近/接近/约/大约/大概/差不多/快 and suffixes 左右/上下
    keep the number as stated (近两个小时 = 2 h) and set ``approx``.
Halves are exact: 1个半小时 = 1.5 h, 一年半 = 1.5 years, 半个月 = 15 days, 半年 = 182.5 days,
    半天 = 12 h, 半小时 = 0.5 h. 半夜/半晚 (midnight, dusk) are not spans.
Kinds:
    "duration"  a length:                   两个多小时, 40分钟, 一周, 十几天
    "later"     a point N hours after the story's previous moment:
                N…后/之后/以后/过后 (三天后 = 72), N…过去了 (一周过去了 = 168), 过了/隔了 N…
                (过了两天 = 48), 次日/翌日/隔天/隔日/转天/隔夜/第二天/第2天 = 24,
                第三天 = 48 and generally 第N天/周/个月/年 = (N-1) units, 次周/次月/次年,
                当天/当日/当晚/当夜/同一天/同日 = 0
    "within"    a limit: N…内/以内/之内 (24小时内, 3-5个工作日内)
    "before"    N…前/以前/之前 (两个月前买的)
    "ongoing"   至今/迄今/到现在/到目前为止: states no length (hours 0.0), the caller
                measures from the start of the story
    The text of a span includes the prefixes and suffixes it was read with
    (近两个小时, 两个多小时后, 过了两天, 一周过去了).
Not times, never reported:
    dates (6月底, 6月25日, 2006年, 二〇〇六年, 2006-02-23, 20年6月): a number followed
    directly by 月 (no 个) is a month name, except 两月/俩月/数月/半月, which are lengths;
    几月 is a question; an Arabic N日 with no 后/内/前 is a day of the month (25日);
    clock times (10点, 十点半, 10点30分, 14时, 18:30); counts (10多个电话, 5次, 3个人,
    第3次); prices (200元); phone numbers; anything inside a URL; idioms 三天两头, 一年四季,
    一天到晚, 一日三餐, 一年半载, 一时半会; 有一天/那一天/某一天 (a moment, not a day's
    length); a span followed by 里 (一年里刷了六次: what happened within it, not a wait);
    a span followed by money it measures (半个月工钱, 三个月的物业费);
    周年, 周岁, 周末, 年级, 年代, 宿舍, 秒杀.
Relative words that depend on the teller's "now" (昨天, 明天, 后天, 上周) are not reported.
Traditional forms are accepted cheaply (兩/個/週/幾/後/數/時/鐘/頭/禮/餘/來/約/將/當/轉/過/內)
although callers normally convert to Simplified first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["TimeSpan", "find_times", "chinese_number", "limit_hours"]


class TimeSpan(NamedTuple):
    start: int  # offsets into the text: text[start:end] == span.text
    end: int
    text: str  # the phrase as written, e.g. "两个多小时后"
    hours: float  # the length it states, in hours (lower bound when vague)
    kind: str  # "duration" | "later" | "within" | "before" | "ongoing"
    approx: bool  # 多/余/几/数/来/近/约/左右/ranges…


# ---------------------------------------------------------------- numbers

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2, "三": 3,
          "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_FEW = frozenset("几幾数數")
_VAGUE_TAIL = "多余餘来來"
_RANGE_SEPS = ("-", "~", "～", "—", "到", "至")
_ARABIC_CHARS = frozenset("0123456789.０１２３４５６７８９")


def _is_range_pair(a: int | None, b: int | None) -> bool:
    """Two adjacent digits that write a range (七八, 两三, 三五), not a digit string."""
    return bool(a and b) and (b == a + 1 or (a, b) == (3, 5))


def _chinese_int(s: str) -> tuple[float, bool] | None:
    """Chinese numerals without Arabic digits; (value, approx) or None."""
    approx = False
    # A range written as two adjacent digits: 七八 -> 7, 十七八 -> 17, 三四十 -> 30, 三五 -> 3.
    for i in range(len(s) - 1):
        a, b = _DIGIT.get(s[i]), _DIGIT.get(s[i + 1])
        if a and b:
            if _is_range_pair(a, b):
                s, approx = s[:i + 1] + s[i + 2:], True
                break
            if len(s) >= 3 and all(c in _DIGIT for c in s):
                break  # a digit string such as 一九九八, read below
            return None
    if len(s) > 1 and all(c in _DIGIT for c in s):
        if len(s) == 2 and "〇" not in s and "零" not in s:
            return None
        return float("".join(str(_DIGIT[c]) for c in s)), approx
    total = section = 0
    digit: int | None = None
    last_mult, prev = 0, ""
    for i, c in enumerate(s):
        if c in _DIGIT:
            if digit and prev in _DIGIT:  # 一百零五: a 零 may be followed by a digit
                return None
            digit = _DIGIT[c]
        elif c in _FEW:
            approx = True
            if digit is not None and prev in _DIGIT:
                return None
            digit = 2 if i == 0 else 0
        elif c in _SMALL:
            m = _SMALL[c]
            section += (1 if digit is None else digit) * m
            digit, last_mult = None, m
        elif c in _BIG:
            m = _BIG[c]
            total = (total + section + (digit or 0)) * m
            section, digit, last_mult = 0, None, m
        else:
            return None
        prev = c
    if digit is not None:
        if last_mult >= 100 and prev in _DIGIT and s[-2:-1] in ("百", "千", "万", "萬", "亿", "億"):
            digit = digit * last_mult // 10  # 两百五 = 250, 一万五 = 15000
        section += digit
    return float(total + section), approx


@lru_cache(maxsize=4096)
def _number(s: str) -> tuple[float, bool] | None:
    """(value, approx) of a number as written in a time phrase, or None."""
    s = s.strip()
    approx = False
    if s.startswith("好"):
        s = s[1:]
    if s.endswith("左右"):
        s, approx = s[:-2], True
    stripped = s.rstrip(_VAGUE_TAIL)
    if stripped != s:
        s, approx = stripped, True
    if not s:
        return None
    if s == "半":
        return 0.5, approx
    for sep in _RANGE_SEPS:
        if sep in s:
            s, _, high = s.partition(sep)
            if not s or not high:
                return None
            approx = True
            break
    if s[0] in _ARABIC_CHARS:
        i = 0
        while i < len(s) and s[i] in _ARABIC_CHARS:
            i += 1
        try:
            value = float(s[:i])
        except ValueError:
            return None
        rest = s[i:]
        if rest in ("几", "幾"):
            return value, True  # 10几 -> 10
        if rest:
            mult = _SMALL.get(rest) or _BIG.get(rest)
            if mult is None:
                return None
            value *= mult
        return value, approx
    parsed = _chinese_int(s)
    if parsed is None:
        return None
    return parsed[0], approx or parsed[1]


def chinese_number(s: str) -> float | None:
    """The value of a number as written: "3" -> 3.0, "1.5", "二十五", "两" -> 2, "半" -> 0.5,
    "十几" -> 10 (lower bound), "二十多" -> 20, "几" -> 2, "七八" -> 7, "3-5" -> 3;
    None when it is not a number."""
    if not isinstance(s, str):
        return None
    parsed = _number(s)
    return None if parsed is None else parsed[0]


def _range_high(s: str) -> float | None:
    """The high end of a range as written (1至3 -> 3, 两三 -> 3, 三五 -> 5, 十七八 -> 18);
    None when `s` is not a range."""
    s = s.strip().rstrip(_VAGUE_TAIL)
    for sep in _RANGE_SEPS:
        if sep in s:
            high = _number(s.partition(sep)[2])
            return None if high is None else high[0]
    for i in range(len(s) - 1):
        if _is_range_pair(_DIGIT.get(s[i]), _DIGIT.get(s[i + 1])):
            high = _chinese_int(s[:i] + s[i + 1:])
            return None if high is None else high[0]
    return None


def limit_hours(span: TimeSpan) -> float:
    """The hours a time limit allows. Of a range (1至3个工作日内, 两三天内, 3-5天) it is the
    high end: a promise to refund 1至3个工作日内 is kept on the third day, though find_times
    gives ranges their low end (a wait told as 七八天 lasted at least seven). Any other span:
    its hours."""
    m = (_compiled or _patterns())[1].match(span.text)
    num = m.group("num") if m is not None and m.lastgroup == "QTY" else None
    low = _number(num) if num else None
    high = _range_high(num) if num else None
    if low is None or high is None or not 0 < low[0] < high:
        return span.hours
    return span.hours * high / low[0]


# ---------------------------------------------------------------- grammar

_D = "0-9０-９"
_CN = "[零〇一二两兩俩倆三四五六七八九十百千万萬几幾数數]+"
_ARABIC = rf"(?<![{_D}A-Za-z._/:=?&#%\-])[{_D}]+(?:\.[{_D}]+)?"
_ARABIC2 = rf"[{_D}]+(?:\.[{_D}]+)?"
_NUM = rf"(?:好(?=[几幾]))?(?:{_ARABIC}[几幾]?|{_CN})(?:[-~～—到至](?:{_ARABIC2}|{_CN}))?"

_UNITS = (
    "秒钟|秒鐘|秒(?![杀殺])|分多钟|分多鐘|分钟|分鐘|分(?![之钱錢数數])|mins?(?![A-Za-z])|"
    "刻钟|刻鐘|小时|小時|钟头|鐘頭|hours?(?![A-Za-z])|hrs?(?![A-Za-z])|h(?![A-Za-z])|"
    "工作日|天|日(?![期元本常报報记記])|晚上|晚|宿(?!舍)|夜|"
    "[周週](?![年岁歲末])|星期|礼拜|禮拜|月|年(?![级級代龄齡纪紀])"
)
_UNIT_HOURS = {
    "秒": 1 / 3600, "分": 1 / 60, "m": 1 / 60, "刻": 0.25, "小": 1.0, "钟": 1.0, "鐘": 1.0,
    "h": 1.0, "工": 24.0, "天": 24.0, "日": 24.0, "晚": 24.0, "宿": 24.0, "夜": 24.0,
    "周": 168.0, "週": 168.0, "星": 168.0, "礼": 168.0, "禮": 168.0, "月": 720.0,
    "年": 8760.0,
}
_REL_KIND = {"后": "later", "後": "later", "之": None, "以": None, "过": "later",
             "過": "later", "内": "within", "內": "within", "前": "before"}

_QTY = (
    r"(?P<pre>过了|過了|隔了)?"
    r"(?P<ap>将近|將近|接近|大约|大約|大概|差不多|(?<![最附靠])近|"
    r"(?<![预預签簽节節合契邀赴失制公])[约約]|快)?"
    rf"(?:(?P<half>半)|(?P<gebe>[个個]把)|(?P<num>{_NUM})(?P<m1>[多余餘来來])?)"
    r"(?P<ge>[个個](?:(?P<m2>[多余餘来來])|(?P<h1>半))?)?"
    rf"(?P<unit>{_UNITS})"
    r"(?P<h2>半(?![夜晚载載天]))?"
    r"(?P<m3>[多余餘](?![次个個人家位名件条條项項种種]))?"
    r"(?P<ap2>左右|上下(?![班楼樓车車]))?"
    r"(?P<rel>之后|之後|以后|以後|过后|過後|[后後]|过去了|過去了|之内|之內|以内|以內|[内內]"
    r"|之前|以前|前(?![后後台臺面]))?"
)
_YEAR = rf"(?:[{_D}]{{4}}|[〇零一二三四五六七八九]{{4}}|[{_D}]{{2}}(?=年[{_D}一二三四五六七八九十]{{1,2}}月))年"
_MONTH = rf"(?:[{_D}]{{1,2}}|[一二三四五六七八九十]{{1,3}}|正|腊|臘)月"
_DAY = rf"(?:[{_D}]{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号號]"
_DATE = (
    rf"(?:{_YEAR})?{_MONTH}(?:{_DAY})?(?:上旬|中旬|下旬|[底初中末份])?"
    rf"|{_YEAR}(?:[底初末])?"
    rf"|[{_D}]{{4}}[-/.][{_D}]{{1,2}}(?:[-/.][{_D}]{{1,2}})?"
)
_CLOCK = (
    rf"[{_D}]{{1,2}}[:：][{_D}]{{2}}(?:[:：][{_D}]{{2}})?"
    rf"|(?:[{_D}]{{1,2}}|[零一二两兩三四五六七八九十]{{1,3}})[点點时時]"
    rf"(?:半|[一三]刻|整|[钟鐘]|[{_D}]{{1,2}}分?|[零一二三四五六七八九十]{{1,3}}分?)?"
)
_ORD = rf"第(?P<onum>{_ARABIC2}|{_CN})[个個]?(?P<ounit>天|日|晚|夜|[周週]|星期|礼拜|禮拜|月|年)(?![级級代])"
_RELWORDS = {
    "次日": 24.0, "翌日": 24.0, "隔天": 24.0, "隔日": 24.0, "转天": 24.0, "轉天": 24.0,
    "隔夜": 24.0, "次晚": 24.0, "次周": 168.0, "次週": 168.0, "次月": 720.0, "次年": 8760.0,
    "翌年": 8760.0, "当天": 0.0, "當天": 0.0, "当日": 0.0, "當日": 0.0, "当晚": 0.0,
    "當晚": 0.0, "当夜": 0.0, "當夜": 0.0, "同一天": 0.0, "同天": 0.0, "同日": 0.0,
}
_ONGOING = ("至今", "迄今", "到现在", "到現在", "到目前为止", "到目前為止")
_IDIOMS = "三天两头|三天兩頭|一年四季|一天到晚|一日三餐|一年半载|一年半載|一时半会|一時半會"
_URL = r"(?:https?://|www\.)[A-Za-z0-9._~:/?#@!$&'()*+,;=%\-\[\]]+"

_SOURCE = (
    rf"(?P<SKIP>{_URL}|{_IDIOMS}|{_DATE}|{_CLOCK})"
    rf"|(?P<ORD>{_ORD})"
    rf"|(?P<REL>{'|'.join(sorted(_RELWORDS, key=len, reverse=True))})"
    rf"|(?P<NOW>{'|'.join(_ONGOING)})"
    rf"|(?P<QTY>{_QTY})"
)
# Characters a time phrase (or a date, clock time or URL to skip) can start with; a digit
# right after a digit is not a start. The scan for them runs in C; the big pattern is tried
# only there.
_N = "0-9０-９零〇一二两兩俩倆三四五六七八九十百千万萬几幾数數半"
_STARTS_SOURCE = (
    rf"[{_N}个個好过過隔将將接大差近约約快第次翌转轉当當同至迄到hw]"
    # a numeral (not the second digit of a number) with a unit, 点, 年… a few characters on
    rf"(?:(?<=[{_N}])(?<![{_D}][{_D}])(?=[{_N}.\-~～—到至多余餘来來个個]{{0,8}}"
    r"[秒分刻时時钟鐘小hH天日工晚宿夜周週星礼禮月年点點:：/])"
    r"|(?<=[个個])(?=把)|(?<=好)(?=[几幾])|(?<=[过過隔])(?=了)|(?<=隔)(?=[天日夜])"
    r"|(?<=[将將接])(?=近)|(?<=大)(?=[约約概])|(?<=差)(?=不多)"
    rf"|(?<=[近约約快])(?=[{_N}个個])|(?<=第)(?=[{_N}])|(?<=次)(?=[日晚周週月年])"
    r"|(?<=翌)(?=[日年])|(?<=[转轉])(?=天)|(?<=[当當])(?=[天日晚夜])|(?<=同)(?=一?[天日])"
    r"|(?<=[至迄])(?=今)|(?<=到)(?=[现現目])|(?<=h)(?=ttps?://)|(?<=w)(?=ww\.))"
)
_compiled: tuple[re.Pattern, re.Pattern] | None = None


def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """Compiled on first use (≈20 ms: CJK character classes are slow to compile), so that
    importing this module stays cheap."""
    global _compiled
    if _compiled is None:
        _compiled = (re.compile(_STARTS_SOURCE), re.compile(_SOURCE))
    return _compiled


_MOMENT_BEFORE = frozenset("有某那这這哪")
# what a fee or a term is for (次年年费, 次月免费, 次年起免年费)
_TERM_OF_A_FEE_RE = re.compile("(?:年费|年費|月费|月費|免|起免|的年费|的年費)")
# A term granted (a warranty, a card's validity extended: 保修期延长到五年, 年卡顺延三个月, 延保
# 半年; 两年质保, 一年延保), not a time that passed
_TERM_GRANTED_BEFORE_RE = re.compile(
    r"(?:(?:保修|质保|質保|有效期|会员|會員|会籍|會籍|年卡|月卡|次卡|卡)[^，。；;,！？!?]{0,8}?"
    r"(?:延长|延長|顺延|順延|延)|延保)(?:了|到|至)?$")
_TERM_GRANTED_AFTER_RE = re.compile(r"的?(?:延保|质保|質保|保修)")
# …or an amount of money reckoned in time: 来回一趟半个月工钱就没了, 多收了三个月的物业费
_PAY_AFTER_RE = re.compile(r"的?(?:工钱|工资|薪水|薪资|收入|房租|租金|房费|利息|生活费|伙食费|学费|物业费|管理费|"
                           r"电费|水费|燃气费|暖气费|采暖费|话费|月租|月费|年费|会员费|服务费|停车费|网费|宽带费)")
_RATING_BEFORE = frozenset("打评評给給得扣考")
_FEW_MONTHS = frozenset(("半", "两", "兩", "俩", "倆", "数", "數"))


def find_times(text: str) -> list[TimeSpan]:
    """Every time phrase in ``text``, in order, not overlapping (see the module docstring)."""
    if not text:
        return []
    starts, pattern = _compiled or _patterns()
    match = pattern.match
    out: list[TimeSpan] = []
    done = 0  # text before this offset is used up
    for candidate in starts.finditer(text):
        pos = candidate.start()
        if pos < done:
            continue
        m = match(text, pos)
        if m is None:
            continue
        group = m.lastgroup
        start, end = m.span()
        if group == "SKIP":
            done = end
        elif group == "QTY":
            span = _quantity(text, m)
            if span is False:
                done = end
            elif span is not None:  # None: a later start inside the match may be a time
                out.append(span)
                done = end
        elif group == "ORD":
            parsed = _number(m.group("onum"))
            if parsed is not None and parsed[0] >= 1:
                hours = (parsed[0] - 1) * _UNIT_HOURS[m.group("ounit")[0]]
                out.append(TimeSpan(start, end, m.group(), hours, "later", parsed[1]))
                done = end
        elif group == "REL":
            if _TERM_OF_A_FEE_RE.match(text, end) or text[max(start - 1, 0):start] == "免":
                done = end  # 免次年年费, 次年免年费: the year a fee is for, not a time that passed
                continue
            out.append(TimeSpan(start, end, m.group(), _RELWORDS[m.group()], "later", False))
            done = end
        else:
            out.append(TimeSpan(start, end, m.group(), 0.0, "ongoing", False))
            done = end
    return out


# 周二晚上: the numeral names a day of the week (星期天晚上, 礼拜六夜里)
_WEEKDAY_NUMERALS = ("一", "二", "三", "四", "五", "六", "日", "天")
_WEEK_WORDS = ("周", "週", "星期", "礼拜", "禮拜")


_QTY_GROUPS = ("unit", "num", "ge", "half", "gebe", "pre", "ap", "ap2", "m1", "m2", "m3",
               "h1", "h2", "rel")


def _quantity(text: str, m: re.Match) -> TimeSpan | None | bool:
    """The span of a QTY match; None to retry one character on, False to skip the match."""
    unit, num, ge, half, gebe, pre, ap, ap2, m1, m2, m3, h1, h2, rel = m.group(*_QTY_GROUPS)
    start, end = m.span()
    approx = bool(ap or ap2 or m1 or m2 or m3 or gebe)
    if half:
        value = 0.5
        if unit in ("晚", "夜", "晚上"):
            return None
    elif gebe:
        value = 1.0
    else:
        parsed = _number(num)
        if parsed is None:
            return None
        value, vague = parsed
        approx = approx or vague
    arabic = num is not None and num[0] in "0123456789０１２３４５６７８９"
    first = unit[0]
    if first in "分mh" and unit not in ("分钟", "分鐘", "分多钟", "分多鐘"):
        if not arabic or not _RATING_BEFORE.isdisjoint(text[max(start - 2, 0):start]):
            return None
    if first == "分" and "多" in unit:
        approx = True
    if unit == "月" and not ge and not gebe:
        bare = num.rstrip(_VAGUE_TAIL) if num else "半"
        if bare.startswith("好"):
            bare = bare[1:]
        if bare not in _FEW_MONTHS:
            return False  # 三月, 6月: a month's name
    rel = rel or ""
    if unit == "日" and arabic and not rel:
        return False  # 25日: a day of the month
    if unit == "年" and arabic and value >= 1000:
        return False
    if unit in ("星期", "礼拜", "禮拜") and not ge and end < len(text) and text[end] in "天日一二三四五六":
        return None
    if (unit in ("晚", "夜", "晚上") and num in _WEEKDAY_NUMERALS and not ge
            and text[:start].endswith(_WEEK_WORDS)):
        return False  # 周二晚上, 星期五晚: a day of the week's evening, not two nights
    if (num in ("一", "1") and first in "天日晚夜年" and not pre and not ap
            and start and text[start - 1] in _MOMENT_BEFORE):
        return False  # 有一天, 那一年: a moment
    if num == "一" and unit == "天" and not rel and text[end:end + 1] in ("晚", "早", "夜", "中"):
        return False  # 一天晚上: one evening
    if not rel and text[end:end + 1] == "里":
        return False  # 一年里刷了六次: a span things happened in, not a wait
    if not rel and (_TERM_GRANTED_BEFORE_RE.search(text, max(start - 12, 0), start)
                    or _TERM_GRANTED_AFTER_RE.match(text, end)):
        return False  # 有效期再往后延一年, 赠送两年延保: a term granted, not a wait
    if not rel and _PAY_AFTER_RE.match(text, end):
        return False  # 半个月工钱, 三个月的物业费: money reckoned in time, not a wait
    hours = value * _UNIT_HOURS[first]
    if h1 or h2:
        hours += 0.5 * _UNIT_HOURS[first]
    if rel:
        kind = _REL_KIND[rel[0]]
        if kind is None:
            kind = _REL_KIND[rel[1]]
    elif pre:
        kind = "later"
    else:
        kind = "duration"
    return TimeSpan(start, end, m.group(), hours, kind, approx)
