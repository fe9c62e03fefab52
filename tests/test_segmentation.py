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


def boundaries_never_missed(seg: Segmenter, text: str) -> tuple[int, int]:
    """Check spanned() against the tokens at every position inside every clause: where it
    says no word may span a position, the tokens have a boundary there. Returns how often
    it said so, and how often it could not."""
    prepared = seg.prepare(text)
    tokens = seg.tokenize(text)
    boundaries = {t[1] for t in tokens} | {t[2] for t in tokens}
    free = spanned = 0
    for pos in range(1, len(text)):
        bounds = prepared.clause_bounds(pos)
        if bounds is None or not bounds[0] < pos < bounds[1]:
            continue
        if seg.spanned(text, *bounds, pos):
            spanned += 1
        else:
            assert pos in boundaries, (text, pos)
            free += 1
    return free, spanned


def test_a_position_no_word_spans_is_a_token_boundary(reviewer):
    """Matching skips segmenting a clause when no dictionary word spans either end of a
    phrase (Segmenter.spanned): that must imply a boundary in jieba's tokens."""
    seg = reviewer.segmenter
    free = spanned = 0
    for text in sample_texts():
        a, b = boundaries_never_missed(seg, normalize(text).text)
        free, spanned = free + a, spanned + b
    assert free > 1000 and spanned > 1000  # both answers were tested
    assert seg.spanned("这两个数对不起来", 0, 8, 7)  # 对不起来 spans the end of 对不起


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30))
def test_a_position_no_word_spans_is_a_token_boundary_on_random_text(reviewer, pieces):
    boundaries_never_missed(reviewer.segmenter, "".join(pieces))


def test_words_added_later_are_used(reviewer):
    seg = Segmenter(["谢谢"])
    before = seg.tokenize("这个超长新词语来了")
    seg.add_words(["超长新词语"])
    after = seg.tokenize("这个超长新词语来了")
    assert after == jieba_tokens(seg, "这个超长新词语来了")
    assert "超长新词语" in [t.word for t in after] and before != after


def all_phrases(reviewer) -> tuple[str, ...]:
    return tuple(sorted({w for rule in reviewer.rules for w in rule.phrases()}))


def clause_and_whole(seg: Segmenter, text: str, phrases) -> tuple[list, list]:
    """Matches found segmenting clause by clause, and segmenting the whole text."""
    by_clause = seg.prepare(text)
    whole = seg.prepare(text, seg.tokenize(text))
    assert by_clause.by_clause and not whole.by_clause
    return seg.match(by_clause, phrases), seg.match(whole, phrases)


def test_clause_by_clause_matching_equals_whole_text_matching(reviewer):
    seg, phrases = reviewer.segmenter, all_phrases(reviewer)
    found = 0
    for text in sample_texts():
        text = normalize(text).text
        by_clause, whole = clause_and_whole(seg, text, phrases)
        assert by_clause == whole, text
        found += len(whole)
    assert found > 200  # the samples do contain the rules' phrases


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["不用谢", "没有必要", "3.5元", "...", "对不起", "请您",
                                          "稍等", "不是", "我们的问题", "帮您", "马上", "联系"]),
                max_size=25))
def test_clause_by_clause_matching_equals_whole_text_on_random_text(reviewer, pieces):
    seg = reviewer.segmenter
    text = "".join(pieces)
    by_clause, whole = clause_and_whole(seg, text, all_phrases(reviewer))
    assert by_clause == whole


@pytest.mark.parametrize("text", ["帮您\r\n不是不是", "帮您……不是不是"])
def test_a_run_of_breaks_jieba_keeps_whole_ends_the_clause(reviewer, text):
    """"\r\n" and …… are single tokens when the whole text is segmented: a phrase's parts
    are not found across them, as they are not clause by clause (found by the property test
    above: 您…是不是 matched across "\r\n")."""
    by_clause, whole = clause_and_whole(reviewer.segmenter, text, ("您…是不是",))
    assert by_clause == whole == []


def test_phrase_with_a_dot_or_a_comma_is_still_found():
    seg = Segmenter(["3.15投诉", "好的，马上"])
    text = "不行我就去3.15投诉。好的，马上处理"
    by_clause, whole = clause_and_whole(seg, text, ("3.15投诉", "好的，马上"))
    assert by_clause == whole
    assert [m.phrase for m in whole] == ["3.15投诉", "好的，马上"]


@pytest.mark.parametrize("text, phrase, negated", [
    # a negator right before a preposition negates the verb its phrase opens, however long
    # the preposition's object (said of a narration: the note is its sender's words)
    ("客服没有为拖了这么久说一句抱歉。", "抱歉", True),
    ("店员始终没有向等了一下午的顾客道歉。", "道歉", True),
    # …not when the negator is the phrase's own, nor past a word that ends its scope
    ("客服为没能及时回复向她表示歉意。", "歉意", False),
    ("客服没跟她商量就把退款办了。", "退款", False),
])
def test_a_negator_before_a_prepositional_phrase(reviewer, text, phrase, negated):
    seg = reviewer.segmenter
    (match,) = seg.match(seg.prepare(text), (phrase,))
    assert match.negated == negated


@pytest.mark.parametrize("text, phrase, negated", [
    # a verb, a negator, the verb again: the question whether, not a negation
    ("修不修得好，我都给您回个话。", "回个话", False),
    ("联系没联系上都告诉您。", "联系上", False),
    ("司机一直没联系上。", "联系上", True),
    # …with the negator a word of its own between the two (掉/没/掉)
    ("掉没掉你自己心里清楚。", "你自己心里清楚", False),
    ("去不去你自己决定。", "你自己决定", False),
    ("动没动过你自己心里清楚。", "你自己心里清楚", False),
    ("手机没掉你自己心里清楚。", "你自己心里清楚", True),
])
def test_a_verb_not_the_verb_again_negates_nothing(reviewer, text, phrase, negated):
    seg = reviewer.segmenter
    found = seg.match(seg.prepare(text), (phrase,))
    assert found and found[-1].negated == negated, found


@pytest.mark.parametrize("text, phrase, tokens", [
    # jieba glues 后 to the phrase's first character (后退) and leaves the rest to the next
    # word: the phrase is still there, from its own first character
    ("核实轨迹后退还多收的31元", "退还", ("后退", "还")),
    ("审核后退费", "退费", ("后退", "费")),
])
def test_a_phrase_after_an_adverb_jieba_glued_to_it(reviewer, text, phrase, tokens):
    seg = reviewer.segmenter
    words = [t.word for t in seg.tokenize(text)]
    assert any(words[i:i + 2] == list(tokens) for i in range(len(words)))  # the glue is there
    (match,) = seg.match(seg.prepare(text), (phrase,))
    assert text[match.start:match.end] == phrase and not match.negated


def test_an_adverb_glued_to_a_word_is_no_phrase_without_the_rest(reviewer):
    # 后退 with nothing of the phrase after it holds no 退还
    seg = reviewer.segmenter
    assert seg.match(seg.prepare("他往后退了两步"), ("退还",)) == []


def test_a_rule_word_of_an_adverb_and_a_negator_is_a_negator(reviewer):
    """A part of a rule's word becomes a dictionary word: an adverb glued to a negator (都不,
    还没) would then hide the negator from what follows it (这都不是您的问题 read as 都不 /
    是您的问题, blame said). Such a word must be listed as a negator too (the lexicon's
    `negators`), or not be a part at all."""
    import re

    seg = reviewer.segmenter
    glued = [w for w in seg.added if re.fullmatch("[都也还就又再并已才却仍总]{1,2}(?:不|没|没有|未)", w)]
    assert glued  # the lexicon has such negators (还没, 也没有…): the check looks at something
    assert [w for w in glued if w not in seg.negators] == []


def test_wo_hui_leaves_hui_its_own_word(reviewer):
    """jieba's dictionary holds 我会 as one word, which hid the 会 of the rules' 会…通知 (我会
    通知您 promised nothing); casekit's tokenizer leaves 会 alone after 我, as after any other
    subject (我们会, 他会), and still agrees with jieba's own tokenize on its dictionary."""
    seg = reviewer.segmenter
    assert [t.word for t in seg.tokenize("我会通知您")][:2] == ["我", "会"]
    assert seg.tokenize("我会通知您") == jieba_tokens(seg, "我会通知您")
