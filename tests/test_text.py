"""Chinese text handling: token-aligned matching, look-alikes, negation, Traditional."""

from __future__ import annotations

import pytest

from casekit.text import Segmenter, normalize, unfold, with_pronoun_variants

APOLOGY = ["对不起", "道歉", "抱歉", "谢谢", "谢"]


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter(APOLOGY + ["帮您…联系"], exceptions=["对不起来"])


def find(seg, text, phrases=APOLOGY):
    norm = normalize(text)
    return seg.find(norm.text, seg.tokenize(norm.text), phrases)


def test_substring_search_would_be_fooled_but_tokens_are_not(seg):
    text = "这两个数对不起来"
    assert "对不起" in text  # what a naive substring check sees
    assert find(seg, text) == []


def test_an_exception_blocks_look_alikes_inside_it_not_itself():
    # 害怕很正常 is one rule's exception (its 很正常 waves nothing away there) and another
    # rule's word (the customer's fear called natural): the exception must not hide it
    seg = Segmenter(["很正常", "害怕很正常"], exceptions=["害怕很正常"])
    norm = normalize("孩子害怕很正常")
    found = seg.find(norm.text, seg.tokenize(norm.text), ["很正常", "害怕很正常"])
    assert [m.phrase for m in found] == ["害怕很正常"]


def test_yao_bu_offering_something_is_no_negation(seg):
    # 要不 + who or what: "how about", jieba writes 要 + 不
    for text in ("要不先道歉吧", "要不我道歉"):
        (m,) = find(seg, text)
        assert (m.phrase, m.negated) == ("道歉", False)
    (m,) = find(seg, "不道歉")
    assert m.negated


def test_real_apology_is_found(seg):
    (m,) = find(seg, "真是对不起,让您久等了")
    assert (m.phrase, m.negated) == ("对不起", False)


@pytest.mark.parametrize("text,negator", [
    ("我们不会道歉的", "不会"),
    ("没有必要道歉", "没有"),
    ("不用谢", "不用"),
])
def test_negated_phrases_are_marked(seg, text, negator):
    matches = find(seg, text)
    assert matches and all(m.negated for m in matches)
    assert matches[0].negator == negator


@pytest.mark.parametrize("text,negated", [
    ("对此前处理不及时表示歉意", False),  # 不及时 judges the handling the apology is for
    ("为上次回复不及时向您道歉", False),
    ("不及时道歉", True),  # no cause phrase: the apology itself not made in time
    ("我们对此不道歉", True),
])
def test_a_manner_judged_in_a_cause_phrase_negates_nothing_after_it(seg, text, negated):
    matches = find(seg, text, ["道歉", "歉意"])
    assert matches and all(m.negated is negated for m in matches)


@pytest.mark.parametrize("text,negated", [
    ("你不是说会道歉吗？", False),   # 不是…吗 asks what the speaker holds true
    ("你们不是道歉了嘛", False),
    ("这不是道歉，是推脱。", True),
    ("他不是来道歉的？不，他是来吵架的", True),  # no 吗: a plain question of fact
])
def test_a_rhetorical_question_with_buishi_negates_nothing(seg, text, negated):
    (m,) = find(seg, text, ["道歉"])
    assert m.negated is negated


@pytest.mark.parametrize("text,found", [
    ("直到深夜11点多，电话才接通。", True),   # across a comma
    ("直到深夜11点多,电话才接通。", True),     # an ASCII comma alike
    ("直到现在才知道。", True),
    ("直到深夜。电话才接通。", False),          # not past the sentence's end
])
def test_a_sentence_gap_reaches_across_commas(text, found):
    seg = Segmenter(["直到……才", "直到…才"])
    norm = normalize(text)
    across = seg.find(norm.text, seg.tokenize(norm.text), ["直到……才"])
    assert bool(across) is found
    within = seg.find(norm.text, seg.tokenize(norm.text), ["直到…才"])
    assert bool(within) is (found and "，" not in text and "," not in text)


@pytest.mark.parametrize("text, found", [
    ("承诺的期限过了，还是没有消息。", True),
    ("承诺的工程提前一天完成，此后再没有出现跳闸。", False),   # 此后: a later episode
    ("承诺的工程提前一天完成，后来也没有再坏过。", False),
])
def test_a_sentence_gap_stops_at_a_later_episode(text, found):
    """承诺的……没有 reaches across commas, not into a clause told as what came after
    (此后, 后来, 从此…): that 没有 is another matter's."""
    seg = Segmenter(["承诺的……没有"])
    norm = normalize(text)
    assert bool(seg.find(norm.text, seg.tokenize(norm.text), ["承诺的……没有"])) is found


@pytest.mark.parametrize("text, found", [
    ("那我就看你们说话算不算数", False),   # A-not-A: a question
    ("能不能退款我得问一下", False),
    ("你们说话不算数", True),
    ("这个不能退", True),
])
def test_an_a_not_a_question_is_not_the_negative_phrase_inside_it(text, found):
    seg = Segmenter(["不算数", "不能退"])
    norm = normalize(text)
    assert bool(seg.find(norm.text, seg.tokenize(norm.text), ["不算数", "不能退"])) is found


def test_negation_stops_at_clause_break(seg):
    (m,) = find(seg, "没想到会这样,非常抱歉")
    assert not m.negated


def test_phrase_inside_a_longer_dictionary_word(seg):
    (m,) = find(seg, "谢谢您提出的宝贵意见")
    assert m.phrase == "谢谢" and not m.negated


def test_gap_phrase_within_a_clause(seg):
    assert [m.phrase for m in find(seg, "我马上帮您再联系一下", ["帮您…联系"])] == ["帮您…联系"]
    assert find(seg, "帮您查过了,联系不上", ["帮您…联系"]) == []


def test_gap_phrase_clause_by_clause_segments_only_where_its_rest_follows(seg):
    """Matched clause by clause (as reviews do), a clause is segmented for 帮您…联系 only
    when 联系 follows 帮您 in it: the same matches, less jieba."""
    found = seg.prepare("我马上帮您再联系一下")
    assert [m.phrase for m in seg.find_in(found, ["帮您…联系"])] == ["帮您…联系"]
    assert found._regions  # segmented: the phrase is there
    for text in ("帮您查过了,联系不上", "联系过了,再帮您看看"):
        missing = seg.prepare(text)
        assert seg.find_in(missing, ["帮您…联系"]) == []
        assert not missing._regions  # no clause was worth segmenting


def test_traditional_is_matched_in_simplified_and_maps_back():
    norm = normalize("太對不起了,讓您久等")
    assert norm.text == "太对不起了,让您久等"
    assert norm.span_in_original(1, 4) == (1, 4)


def test_the_feminine_you_of_traditional_text_is_you():
    """妳 (Taiwan, Hong Kong) is left as it is by OpenCC's t2s; every rule writes 你, so
    妳有意見可以去投訴 must read as 你有意见可以去投诉, one character for one."""
    norm = normalize("妳自己沒看清楚，妳有意見可以去投訴")
    assert norm.text == "你自己没看清楚，你有意见可以去投诉"
    assert norm.span_in_original(0, 2) == (0, 2)


@pytest.mark.parametrize("text, quoted", [
    ("那我帮您反映一下，三个工作日内给您答复。", []),  # reported for the customer: the speaker's own
    ("我替您说一声，明天给您回电。", []),
    ("您说一下当时的情况。", []),  # asked to tell: nothing told yet
    ("您说一直没人来，我马上查。", [(2, 7)]),  # the customer's words, told back
    # 说明: another verb, the speaker's own words (it once hid the blame of 是您自己没激活)
    ("买的时候给过您说明卡，是您自己没激活。", []),
    ("您说明天来取，我们等您。", [(2, 11)]),  # 说 and then 明天: what the customer said
])
def test_what_is_said_for_the_customer_quotes_nobody(text, quoted):
    from casekit.text import quoted_spans

    assert quoted_spans(text) == quoted


def test_pinyin_annotations_are_ignored_but_offsets_kept():
    original = "到維修站進(jìn)行道歉"
    norm = normalize(original)
    assert norm.text == "到维修站进行道歉"
    start = norm.text.index("道歉")
    a, b = norm.span_in_original(start, start + 2)
    assert original[a:b] == "道歉"


def test_unfold_removes_folding_spaces_between_chinese_only():
    assert unfold("先致歉, 再解释 the rule") == "先致歉,再解释the rule"


def test_keywords_come_from_the_customers_words(reviewer):
    from casekit.loader import load_case
    from conftest import CASES

    words = reviewer.review(load_case(CASES / "ceiling-leak.yaml"), keywords=True).keywords
    assert "漏水" in words[:3] and "吊顶" in words
    assert not {"你们", "客户", "销售人员"} & set(words)


def test_a_phrase_swallowed_by_another_rules_phrase_still_counts():
    seg = Segmenter(["到现在", "到现在都没有"])
    norm = normalize("到现在都没有人联系我")
    assert [m.phrase for m in seg.find(norm.text, seg.tokenize(norm.text), ["到现在"])] == ["到现在"]


def test_overlapping_phrases_of_different_rules_both_match():
    seg = Segmenter(["让您等了", "等了这么久"])
    norm = normalize("让您等了这么久,真是抱歉")
    tokens = seg.tokenize(norm.text)
    assert [m.phrase for m in seg.find(norm.text, tokens, ["让您等了"])] == ["让您等了"]
    assert [m.phrase for m in seg.find(norm.text, tokens, ["等了这么久"])] == ["等了这么久"]


def test_agreeing_is_not_reported_speech():
    from casekit.text import quoted_spans

    assert quoted_spans("您说得对,非常感谢您的反馈。") == []
    text = "您说是我们弄坏的,我们马上核实。"
    ((a, b),) = quoted_spans(text)
    assert text[a:b].startswith("是我们弄坏的")


@pytest.mark.parametrize("text, reported", [
    ("您说腰酸的时候教练就该停，是我们没把住关，实在对不起。", "腰酸的时候教练就该停"),
    ("您说等了两个小时，这是我们的问题。", "等了两个小时"),
    ("您说师傅没来，实在对不起。", "师傅没来"),
])
def test_the_speaker_owning_the_fault_ends_the_words_reported_back(text, reported):
    from casekit.text import quoted_spans

    ((a, b),) = quoted_spans(text)
    assert text[a:b] == reported


@pytest.mark.parametrize("text, reported", [
    ("你说两天没清，有证据吗？", "两天没清"),
    ("您说您已经还了，有什么证据？", "您已经还了"),
    ("你说没开过，你有什么证据？", "没开过"),
    ("您说一直没人清，可是桶每天都清的。", "一直没人清"),
    ("您说师傅没来，不过系统显示已经上门了。", "师傅没来"),
])
def test_the_speaker_disputing_them_ends_the_words_reported_back(text, reported):
    """你说两天没清，有证据吗: the challenge (or the 可是… set against the report) is the
    speaker's own word, which no-blame must hear, not the customer's told back."""
    from casekit.text import quoted_spans

    ((a, b),) = quoted_spans(text)
    assert text[a:b] == reported


def test_the_speakers_own_answer_ends_the_words_reported_back():
    """您说7栋门口没贴通知，谢谢您告诉我们: the report ends where the speaker answers it in
    their own words (thanks, an apology, what they do now); without such an answer it runs
    to the end of the sentence."""
    from casekit.text import quoted_spans

    text = "您说7栋门口没贴通知，谢谢您告诉我们。"
    ((a, b),) = quoted_spans(text)
    assert text[a:b] == "7栋门口没贴通知"
    text = "您说是我们弄坏的,我们马上核实。"
    ((a, b),) = quoted_spans(text)
    assert text[a:b] == "是我们弄坏的"
    text = "您说等了两个小时，师傅也没来，是吧？"
    ((a, b),) = quoted_spans(text)
    assert text[a:b] == "等了两个小时，师傅也没来，是吧"


def test_your_speaking_is_not_reported_speech():
    """打断您说话 (your speaking): nothing the customer said follows, so the apology after it
    is the speaker's own; 您说明天来修 still reports what the customer was told."""
    from casekit.text import quoted_spans

    assert quoted_spans("同事打断您说话，这样很不应该，我代她向您道歉。") == []
    # 听您讲完, 您说清楚: the speaking finished or asked for, no words of the customer's
    assert quoted_spans("客服也没耐心听您讲完,我代表公司向您道歉。") == []
    assert quoted_spans("麻烦您说清楚是哪一栋,我马上派人过去。") == []
    text = "您说明天上午来修，结果呢？"
    ((a, b),) = quoted_spans(text)
    assert text[a:b].startswith("明天上午来修")


def test_dictionary_cache_is_built_then_loaded_fast(tmp_path, monkeypatch):
    import sys

    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(tmp_path))
    first = Segmenter(["对不起"])  # no cache yet: jieba builds it and writes ours
    assert (tmp_path / "jieba.cache").stat().st_size > 1_000_000
    assert (tmp_path / "dictionary.marshal").stat().st_size > 1_000_000
    second = Segmenter(["对不起"])  # loaded from our cache, by first character as needed
    assert (first.dictionary_from, second.dictionary_from) == ("dict.txt", "cache")
    text = "真是对不起,这两个数对不上"
    assert [t.word for t in first.tokenize(text)] == [t.word for t in second.tokenize(text)]
    assert sys.modules.get("pkg_resources", "absent") is not None  # never left hidden


def test_dictionary_read_by_first_character_equals_the_whole(tmp_path, monkeypatch):
    """The cached dictionary, merged a first character at a time as lookups reach it, with
    the rules' words laid over it, holds exactly what jieba's dictionary plus those words
    holds; made whole for a batch it is a plain dict with the same entries."""
    from casekit.text import _PrefixDictionary

    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(tmp_path))
    words = ["对不起", "帮您…联系", "没收到", "等了这么久", "𠀀字开头的词"]
    built = Segmenter(words)  # from dict.txt: a plain dict, the words added one by one
    read = Segmenter(words)
    freq = read._tokenizer.FREQ
    assert isinstance(freq, _PrefixDictionary) and len(freq) < 1000  # nothing read yet
    expected = built._tokenizer.FREQ
    for key in ["对不起", "对", "帮您", "没收到", "没收", "等了这么", "𠀀字", "不在词典里的词", "x"]:
        assert freq.get(key) == expected.get(key)
        assert (key in freq) == (key in expected)
    assert freq["对不起"] == expected["对不起"]
    with pytest.raises(KeyError):
        freq["不在词典里的词"]
    text = "真是对不起来晚了，等了这么久没收到短信，帮您联系𠀀字开头的词"
    assert read.tokenize(text) == built.tokenize(text)
    assert read._tokenizer.lcut(text, HMM=False) == built._tokenizer.lcut(text, HMM=False)
    read.load_whole_dictionary()
    assert type(read._tokenizer.FREQ) is dict and read._tokenizer.FREQ == expected
    assert read.tokenize(text) == built.tokenize(text)


def test_added_word_is_not_overwritten_by_a_later_read(tmp_path, monkeypatch):
    """A word set before its first character's entries were read (jieba's add_word) keeps
    its own frequency when they are."""
    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(tmp_path))
    Segmenter()
    seg = Segmenter()
    seg._tokenizer.add_word("我们", 7)
    assert seg._tokenizer.FREQ["我们"] == 7 and seg._tokenizer.FREQ.get("我") > 0


def test_stale_cache_is_rebuilt_once_then_loaded_fast(tmp_path, monkeypatch):
    """A cache older than jieba's dict.txt (jieba reinstalled) used to be loaded the slow
    way by jieba on every run, forever; now it is rebuilt once. casekit's own grouped
    dictionary, made from another dict.txt, is ignored and made again."""
    import os

    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(tmp_path))
    Segmenter()
    cache, grouped = tmp_path / "jieba.cache", tmp_path / "dictionary.marshal"
    os.utime(cache, (0, 0))  # older than any dict.txt
    import casekit.text as text

    real = text._DictionaryCache.VERSION
    monkeypatch.setattr(text._DictionaryCache, "VERSION", real + 1)  # as another dict.txt
    assert Segmenter().dictionary_from == "dict.txt"
    assert cache.stat().st_mtime > 0
    assert Segmenter().dictionary_from == "cache"
    monkeypatch.setattr(text._DictionaryCache, "VERSION", real)
    grouped.unlink()  # jieba's cache, now fresh, is read when ours is missing
    assert Segmenter().dictionary_from == "cache" and grouped.exists()


def test_corrupt_cache_falls_back_to_building(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(tmp_path))
    (tmp_path / "jieba.cache").write_bytes(b"not marshal data")
    seg = Segmenter()
    assert [t.word for t in seg.tokenize("我们不会道歉的")] == ["我们", "不会", "道歉", "的"]


def test_phrase_frequencies_are_worked_out_once_then_replayed(tmp_path, monkeypatch):
    """The second Segmenter of the same phrases adds them with the frequencies the first
    worked out (no segmentation of the phrases), so its dictionary and its tokens are the
    same; other phrases, or a broken file, are worked out again."""
    import jieba

    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(tmp_path))
    words, exceptions = ["对不起", "帮您…联系", "没收到", "不好意思"], ["对不起来"]
    first = Segmenter(words, exceptions)
    (stored,) = tmp_path.glob("phrases-*.marshal")
    calls = []
    real_lcut = jieba.Tokenizer.lcut
    monkeypatch.setattr(jieba.Tokenizer, "lcut",
                        lambda *a, **k: calls.append(a) or real_lcut(*a, **k))
    walked = []
    real_add = Segmenter.add_words
    monkeypatch.setattr(Segmenter, "add_words",
                        lambda self, w: walked.append(w) or real_add(self, w))
    second = Segmenter(words, exceptions)
    assert calls == []  # nothing segmented to add the phrases
    assert walked == []  # nor the phrases walked again (~70 ms of every command)
    assert second.added == first.added
    freqs = [first._tokenizer.FREQ[w] for w in first.added]
    assert [second._tokenizer.FREQ[w] for w in second.added] == freqs
    assert second._tokenizer.total == first._tokenizer.total
    text = "真是对不起来晚了，没收到短信，不好意思帮您联系"
    assert second.tokenize(text) == first.tokenize(text)
    # the phrase index and the exceptions come back the same, without walking the phrases
    assert second.index.known == first.index.known
    assert second.exceptions == first.exceptions
    assert second.exceptions_scanner.pattern == first.exceptions_scanner.pattern
    assert second.index.present(text) == first.index.present(text)
    Segmenter(["对不起"])  # other phrases: worked out, kept under their own key
    assert calls and len(list(tmp_path.glob("phrases-*.marshal"))) == 2
    stored.write_bytes(b"not marshal data")
    third = Segmenter(words, exceptions)
    assert [third._tokenizer.FREQ[w] for w in third.added] == freqs


def test_phrase_frequency_files_are_pruned_to_the_latest(tmp_path, monkeypatch):
    """Rules edited again and again leave at most KEEP files, the one in use among them."""
    from casekit.text import _PhraseFrequencies

    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(tmp_path))
    for n in range(_PhraseFrequencies.KEEP + 4):
        Segmenter([f"对不起{'啊' * n}"])
    files = list(tmp_path.glob("phrases-*.marshal"))
    assert len(files) == _PhraseFrequencies.KEEP
    Segmenter([f"对不起{'啊' * (_PhraseFrequencies.KEEP + 3)}"])  # the last one: still there
    assert set(tmp_path.glob("phrases-*.marshal")) == set(files)


def test_normalize_many_equals_normalize_one_by_one():
    from casekit.text import normalize_many

    texts = ["你們怎麼能這樣", "乾燥的頭髮", "", "已经是简体", "進(jìn)來", "a\x1fb", "\n頭髮\n",
             "對不起,讓您久等了"]
    for batch in (texts, texts[:1], [t for t in texts if "\x1f" not in t], []):
        assert normalize_many(batch) == [normalize(t) for t in batch]


def test_phrase_index_finds_exactly_the_parts_in_a_text():
    from casekit.text import PhraseIndex

    index = PhraseIndex()
    parts = ["对不起", "对", "不好意思", "不好", "骗", "让您久等了", "久等", "ab", "a.b"]
    index.add(parts)
    for text in ["真是对不起,让您久等了", "不好意思", "这骗人", "", "对", "xa.bx ab", "久", "不"]:
        assert index.present(text) == {p for p in parts if p in text}, text


def test_one_character_inside_a_word_is_not_that_word(seg):
    """前 of 前台 is no time limit, 内 of 内容 none either; the 内 that is a word is."""
    phrases = ("前…答复", "内…答复")
    found = find(seg, "前台说三天内给他答复", phrases)
    assert [(m.phrase, m.start) for m in found] == [("内…答复", 5)]
    assert find(seg, "内容已经答复过了", ("内…答复",)) == []


def test_the_narrative_lexicons_negators_negate_phrases_too():
    """也没有 is one token once the lexicon's negators are words: it negates like 没有."""
    seg = Segmenter(["道歉"], negators=["也没有", "始终没有"])
    (m,) = find(seg, "但直到最后，院方也没有向家属道歉", ("道歉",))
    assert m.negated and m.negator == "也没有"


def test_a_conjunction_carries_the_negation_to_the_next_phrase(seg):
    """没有作出任何解释或道歉: 或 widens the window, so 道歉 is negated too."""
    (m,) = find(seg, "物业没有作出任何解释或道歉", ("道歉",))
    assert m.negated and m.negator == "没有"


def test_a_negated_single_character_is_an_alternative_of_its_own():
    """电压不稳或者使用不当: 不 makes 不稳, one alternative; 使用不当 after 或者 is not
    negated. A negator before a word of its own (不解释或道歉) still covers both."""
    seg = Segmenter(["使用不当", "道歉"])
    (m,) = find(seg, "一般是电压不稳或者使用不当造成的", ("使用不当",))
    assert not m.negated
    (m,) = find(seg, "店员不解释或道歉", ("道歉",))
    assert m.negated and m.negator == "不"


def test_a_demonstrative_and_copula_restart_the_sentence():
    """您没看到那是您自己没注意: 没 negates 看到; 那是… is a new predication (the comma
    left out), so what it says is not negated. Within one predication it still is."""
    seg = Segmenter(["是您自己", "道歉"])
    (m,) = find(seg, "您没看到那是您自己没注意", ("是您自己",))
    assert not m.negated
    (m,) = find(seg, "他没有向您道歉", ("道歉",))
    assert m.negated


def test_jiushi_restarts_the_predication_after_a_negated_condition():
    """投保时没告知就是您这边的问题: 没 negates 告知; what the omission amounts to (就是…) is
    not negated. Without 就是 the negation still reaches the phrase."""
    seg = Segmenter(["您这边的问题", "道歉"])
    (m,) = find(seg, "投保时没告知就是您这边的问题", ("您这边的问题",))
    assert not m.negated
    (m,) = find(seg, "他没道歉", ("道歉",))
    assert m.negated


def test_speaking_to_someone_is_not_reporting_their_words():
    """给您讲/跟您说: the speaker's own words follow; 您说 quotes the customer."""
    from casekit.text import quoted_spans

    assert quoted_spans("术前没给您讲清楚，是我们的疏忽，真对不起。") == []
    assert quoted_spans("当时没跟您说清楚，非常抱歉。") == []
    assert quoted_spans("您说这个不可能，我们查一下。") != []


def test_a_later_part_may_end_another_phrases_token():
    """给您回复 is a rule's phrase, so a token of its own: 工作日内…回复 still finds its
    回复 at the end of it (三个工作日内给您回复), but not inside an ordinary word."""
    seg = Segmenter(["给您回复", "工作日内…回复"])
    (m,) = find(seg, "客服答复三个工作日内给您回复查件结果", ("工作日内…回复",))
    assert (m.start, m.end) == (6, 14)
    assert find(seg, "三个工作日内没有任何答复", ("工作日内…复",)) == []



def test_a_later_part_may_begin_inside_another_phrases_token():
    """给您退 is a rule's phrase, so jieba cuts 给您退款 as 给您退/款: 小时内…退款 still finds
    its 退款 beginning inside that token; an ordinary word's inside does not count."""
    seg = Segmenter(["给您退", "小时内…退款"])
    text = "我们收到退货后四十八小时内给您退款。"
    (m,) = find(seg, text, ("小时内…退款",))
    assert text[m.start:m.end] == "小时内给您退款"
    assert find(seg, "四十八小时内会有后退款项", ("小时内…退款",)) == []

def test_a_later_part_may_follow_inside_the_same_phrase_token():
    """你是不是 is a rule's phrase, so one token: 你…是不是 still finds its 是不是 right after
    the 你 inside it; 你们是不是 does not hold it (是不是 does not follow 你)."""
    seg = Segmenter(["你是不是", "你们是不是", "你…是不是"])
    text = "这么热的天，你是不是放车里晒了？"
    (m,) = find(seg, text, ("你…是不是",))
    assert text[m.start:m.end] == "你是不是"
    assert find(seg, "你们是不是放车里了？", ("你…是不是",)) == []


def test_prime_simplified_converts_many_at_once_as_each_alone():
    """Start-up converts the rules' ~12,000 phrases in one OpenCC call: each must come back
    exactly as converted alone (phrases such as 乾淨 convert as phrases), and a string with
    the separator in it is left to be converted alone."""
    import casekit.text as text

    words = ["乾淨", "頭髮", "發票…退還", "一口咬定", "著急", "说明書", "\x1f隔開"]
    alone = {w: text._converter().convert(w) for w in words}
    text._SIMPLIFIED.clear()
    text.prime_simplified(words)
    assert {w: text._SIMPLIFIED[w] for w in words if "\x1f" not in w} == {
        w: alone[w] for w in words if "\x1f" not in w}
    assert "\x1f隔開" not in text._SIMPLIFIED
    assert [text.to_simplified(w) for w in words] == [alone[w] for w in words]


def test_a_later_part_may_end_on_a_negator_jieba_glued_to_the_next_verb():
    """还没拿到 is cut 还/没拿到: 当时说……还没 still ends on that 没, but not on a 没 that
    only begins another word's middle, nor on a 不 inside a word (对不起)."""
    seg = Segmenter(["当时说……还没", "说好…不"])
    (m,) = find(seg, "当时说七个工作日出报告，现在都半个月了还没拿到。", ("当时说……还没",))
    assert m.phrase == "当时说……还没"
    assert find(seg, "说好的事对不起了", ("说好…不",)) == []


def test_a_later_part_may_end_on_tai_jieba_glued_to_the_adjective():
    """也太晚了 is cut 也/太晚/了 and 太浅了 太浅/了: 您…太…了 still finds its 太 at the start
    of that token, but not a 太 inside a word (太太)."""
    seg = Segmenter(["您…太…了"])
    for said in ("您到得也太晚了。", "您睡眠也太浅了，别的客人都没反映。", "您是不是太敏感了？"):
        (m,) = find(seg, said, ("您…太…了",))
        assert m.phrase == "您…太…了", said
    assert find(seg, "您和您太太来了。", ("您…太…了",)) == []


def test_of_phrases_matching_the_same_span_the_one_spelling_more_of_it_is_kept():
    """你们…肯定没给 and 你…肯定没给 both match 你们回家肯定没给: whichever order the phrases
    came in (a set's order changes from run to run), the one spelling out more is kept."""
    from casekit.text import Match, longest_first

    long, short = Match("你们…肯定没给", 0, 8), Match("你…肯定没给", 0, 8)
    assert longest_first([short, long]) == longest_first([long, short]) == [long]
    same = [Match("乙…丙", 0, 5), Match("甲…丙", 0, 5)]
    assert longest_first(list(same)) == longest_first(list(reversed(same))) == [same[0]]


def test_the_phrase_index_compiles_its_scan_once_on_first_use():
    """A segmenter adds its phrases, then its exceptions: the scan is built once, when a
    text is first asked about, not after each addition (each build costs ~5 ms of start-up)."""
    from casekit.text import PhraseIndex

    index = PhraseIndex()
    index.add(["帮您联系", "对不起"])
    index.add(["对不起来"])
    assert index._pair_re is None
    assert index.present("我帮您联系师傅，对不起") == {"帮您联系", "对不起"}
    first = index._pair_re
    assert index.present("对不起") == {"对不起"} and index._pair_re is first


def test_pronoun_variants_give_both_second_person_forms_once():
    assert with_pronoun_variants(["又不是只有你", "让您久等", "你们自己", "谢谢"]) == [
        "又不是只有你", "又不是只有您", "让您久等", "让你久等", "你们自己", "谢谢"]
    # a list that already names both forms keeps each once, in its order
    assert with_pronoun_variants(["理解您", "理解你"]) == ["理解您", "理解你"]


@pytest.mark.parametrize("text, pos, opened", [
    ("客服说「这个客户脑子不太清楚」。", 8, 4),  # inside the marks: just after 「
    ("客服说「好的」，然后挂了。", 10, None),  # after the quotation closed
    ("他说“明天一定修好", 6, 3),  # a quotation left open runs to the end
    ('他说"明天"又说"后天"', 9, 9),  # straight quotes pair up in order
    ('他说"明天"又说"后天"', 7, None),  # …so between two quotations is outside both
    ("没有引号的一句话。", 3, None),
])
def test_quote_opening_finds_the_quotation_holding_a_position(text, pos, opened):
    from casekit.text import quote_opening
    assert quote_opening(text, pos) == opened


def test_what_the_customer_was_told_is_not_reported_speech():
    """骗您说在路上, 告诉您说: the customer is the one told (lied to), so what follows is the
    speaker's own account, and the apology after it is theirs."""
    from casekit.text import quoted_spans

    assert quoted_spans("还骗您说在路上，这事错全在我们，我郑重向您道歉。") == []
    assert quoted_spans("之前告诉您说周五能到，是我们没核实清楚，对不起。") == []


def test_a_potential_complements_not_negates_only_its_own_verb():
    """排不过来也不全是我们的问题: the 不 between 排 and its complement 过来 says it cannot
    be done, and reaches nothing later in the clause. A plain 不 before the phrase still does."""
    seg = Segmenter(["怪我们"])
    (m,) = find(seg, "你自己搬不动怪我们", ("怪我们",))
    assert not m.negated
    (m,) = find(seg, "你自己看说明书不怪我们", ("怪我们",))
    assert m.negated and m.negator == "不"


@pytest.mark.parametrize("text", ["平台这边暂时无法为您退款。", "我们不能为你退款"])
def test_a_negator_glued_to_for_you_by_a_rule_word_still_negates(text):
    """无法为您 is a rule's word (first-contact-ownership), so the tokenizer keeps it whole:
    its negator still negates the verb phrase it opens (无法为您 | 退款: no refund)."""
    seg = Segmenter(["退款", "无法为您", "不能为你"])
    (m,) = [m for m in find(seg, text, ["退款"])]
    assert (m.phrase, m.negated, m.negator) == ("退款", True, text[text.find("为") - 2:text.find("为")])
