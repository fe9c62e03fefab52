"""The customer's main complaint words: TF-IDF with jieba's IDF table.

This is what jieba.analyse.extract_tags computes, without importing jieba.analyse (which
pulls in jieba.posseg, ~0.5 s) and with the IDF table cached as marshal in casekit's cache
folder (parsing idf.txt costs ~0.3 s on every run; the cache loads in a fraction of that).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .text import cache_dir, read_cached, write_cached

# Words every complaint uses; they say nothing about what this customer wants.
STOP_WORDS = frozenset(
    "你们 我们 他们 你好 您好 客户 客服 电话 什么 怎么 怎么办 现在 已经 就是 还是 这个 那个 "
    "这样 那样 一下 一直 可以 没有 知道 时候 问题 谢谢 麻烦 好的 请问 一个 不是 还要 东西 "
    "应该 觉得 今天 明天 昨天 为什么 这么 那么 真的 而且 但是 因为 所以 如果 自己 怎么回事 "
    "你家 我家 的话 这样的话 可不可以 是不是 有没有 一下子".split())

# Pronouns, demonstratives, particles, modal and other function characters: a token made
# only of these (我是, 你们的, 这儿, 不在, 我要) is not what the complaint is about.
FUNCTION_CHARS = frozenset(
    "我你您妳他她它们們咱俺自己这這那哪此该該其某谁誰啥咋么麼什怎样樣些个個儿兒里裡边邊"
    "是的地得了着著过過吗嗎呢吧啊呀嘛哦嗯噢哈喔哎唉也都就还還又再才在有和与與跟及同被把"
    "给給让讓对對从從向到往为為于於而且或则則却卻不没沒别別会會能要想可以应應该")
# A number, a count or an ordinal (400, 30, 九万, 几天, 第二个, 一百多公里): no token
# with a digit, none made of number words with at most a measure word after them.
_NUMBER = re.compile(
    r"第?[零〇一二两兩三四五六七八九十百千万萬亿億几幾半多余餘]+"
    r"(?:个|個|天|日|月|年|号|號|次|回|遍|趟|下|块|塊|元|毛|角|分|秒|点|點|位|件|台|辆|輛|"
    r"首|顿|頓|张|張|条|條|句|层|層|楼|樓|间|間|家|岁|歲|斤|米|里|公里|小时|小時|分钟|分鐘|"
    r"钟头|鐘頭|星期|礼拜|禮拜|周|週|倍|成|些|样|樣|种|種|批|名|人)*")


def is_noise(word: str) -> bool:
    """A token that says nothing about the complaint: a pronoun or function-word phrase,
    a number, a count, or a stop word."""
    if any(ch.isdigit() for ch in word) or _NUMBER.fullmatch(word):
        return True
    if all(ch in FUNCTION_CHARS for ch in word):
        return True
    return word in STOP_WORDS


def _idf_source() -> Path:
    from .text import import_jieba

    jieba = import_jieba()
    return Path(jieba.__file__).parent / "analyse" / "idf.txt"


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """(word -> idf, median idf for unknown words), from the marshal cache when fresh."""
    source = _idf_source()
    cache = cache_dir() / "idf.marshal"
    try:
        fresh = cache.stat().st_mtime >= source.stat().st_mtime
    except OSError:
        fresh = False
    cached = read_cached(cache) if fresh else None
    if cached is not None:
        return cached
    idf: dict[str, float] = {}
    with open(source, encoding="utf-8") as f:
        for line in f:
            word, _, value = line.strip().partition(" ")
            if value:
                idf[word] = float(value)
    values = sorted(idf.values())
    table = (idf, values[len(values) // 2] if values else 0.0)
    write_cached(cache, table)  # atomic: a concurrent reader never sees half a cache
    return table


def top_keywords(words: Iterable[str], top: int = 8, ignore: Iterable[str] = ()) -> list[str]:
    """The `top` words by TF-IDF, ties broken by first appearance."""
    skip = set(ignore)
    counts = Counter(w for w in words if len(w) > 1 and w not in skip and any(
        "\u4e00" <= ch <= "\u9fff" or ch.isalnum() for ch in w) and not is_noise(w))
    if not counts:
        return []
    idf, median = idf_table()
    first_seen = {w: i for i, w in reversed(list(enumerate(counts)))}
    ranked = sorted(counts, key=lambda w: (-counts[w] * idf.get(w, median), first_seen[w]))
    return ranked[:top]
