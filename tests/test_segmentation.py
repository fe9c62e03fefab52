"""casekit's segmentation is jieba's: Segmenter.tokenize must give exactly the tokens of
jieba's Tokenizer.tokenize(text, HMM=False) on the same dictionary (casekit reimplements
the route search for speed, so this is the contract that keeps verdicts jieba's)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.loader import load_case
from casekit.text import Segmenter, normalize
from conftest import CASES, FIXTURES


def jieba_tokens(seg: Segmenter, text: str) -> list[tuple[str, int, int]]:
    return list(seg._tokenizer.tokenize(text, HMM=False))


def sample_texts() -> list[str]:
    texts = []
    for path in sorted(CASES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml")):
        try:
            case = load_case(path)
        except Exception:  # the fixtures include broken files on purpose
            continue
        for event in case.events:
            texts += [event.note] if event.note else []
            texts += [turn.text for turn in event.dialogue]
    return texts


def test_same_tokens_as_jieba_on_every_sample_text(reviewer):
    seg = reviewer.segmenter  # knows every rule's phrases, as in a real review
    texts = sample_texts()
    assert len(texts) > 300
    for text in texts:
        for variant in (text, normalize(text).text):
            assert seg.tokenize(variant) == jieba_tokens(seg, variant), variant


@pytest.mark.parametrize("text", [
    "", " ", "\r\n", "a", "ab\r\ncd", "abc 12 3 测试 hello世界\r\n  x", "１２３ＡＢＣ全角",
    "a.b_c%d-e#f+g&h", "工号1024为您服务", "iPhone15坏了3次", "𠮷野家", "\t\t对不起\u3000",
    "我我我我我我我我我我我我我我我我我我我我", "对不起来,对不起,对不 起",
])
def test_same_tokens_as_jieba_on_edge_cases(reviewer, text):
    seg = reviewer.segmenter
    assert seg.tokenize(text) == jieba_tokens(seg, text)


PIECES = ["对不起", "来", "您好", "工号", "1024", "a", "B", "7", " ", "\r\n", "\n", ",", "。",
          "投诉", "热水器", "维修", "师傅", "上门", "退款", "不", "是", "的", "了", "等了这么久",
          "帮您", "联系", "經理", "電話", "x.y", "-", "%", "#", "&", "_", "！", "…", "𠮷", "中"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30))
def test_same_tokens_as_jieba_on_random_text(reviewer, pieces):
    seg = reviewer.segmenter
    text = "".join(pieces)
    assert seg.tokenize(text) == jieba_tokens(seg, text)


def test_words_added_later_are_used(reviewer):
    seg = Segmenter(["谢谢"])
    before = seg.tokenize("这个超长新词语来了")
    seg.add_words(["超长新词语"])
    after = seg.tokenize("这个超长新词语来了")
    assert after == jieba_tokens(seg, "这个超长新词语来了")
    assert "超长新词语" in [t.word for t in after] and before != after
