"""casekit.timetext: durations and relative times told in complaint narratives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.timetext import TimeSpan, chinese_number, find_times, limit_hours

H, D, W, M, Y = 1.0, 24.0, 168.0, 720.0, 8760.0

# (sentence, phrase found, hours, kind, approx)
PHRASES = [
    ("从6月底报修到修好花费了1个多月", "1个多月", 1 * M, "duration", True),
    ("两个多小时后才有人回电话", "两个多小时后", 2 * H, "later", True),
    ("半个月后配件终于到了", "半个月后", 15 * D, "later", False),
    ("三天后才有人上门", "三天后", 3 * D, "later", False),
    # a delay told as extended is still a time that passed (unlike 保修延长一年, a term)
    ("工期又延长了半个月", "半个月", 15 * D, "duration", False),
    ("第二天师傅打电话说不来了", "第二天", 1 * D, "later", False),
    ("次日客户再次来电催促", "次日", 1 * D, "later", False),
    ("当晚九点多还没人联系", "当晚", 0.0, "later", False),
    ("一周过去了，问题依旧", "一周过去了", 1 * W, "later", False),
    ("排队等了40分钟才接通", "40分钟", 40 / 60, "duration", False),
    ("处理时长超过3h，客户很不满", "3h", 3 * H, "duration", False),
    ("电话里等了近两个小时", "近两个小时", 2 * H, "duration", True),
    ("前后拖了十几天", "十几天", 10 * D, "duration", True),
    ("这个问题拖了一年多", "一年多", 1 * Y, "duration", True),
    ("已经等了二十多天", "二十多天", 20 * D, "duration", True),
    ("热水器才用了半年就坏了", "半年", 182.5 * D, "duration", False),
    ("配件要等七八天", "七八天", 7 * D, "duration", True),
    ("师傅修了1个半小时", "1个半小时", 1.5 * H, "duration", False),
    ("用了两三天又坏了", "两三天", 2 * D, "duration", True),
    ("数日之内没有任何回复", "数日之内", 2 * D, "within", True),
    ("至今没有收到退款", "至今", 0.0, "ongoing", False),
    ("隔天又打了一次", "隔天", 1 * D, "later", False),
    ("翌日上午师傅上门", "翌日", 1 * D, "later", False),
    ("第三天师傅终于到了", "第三天", 2 * D, "later", False),
    ("第2天早上还是没热水", "第2天", 1 * D, "later", False),
    ("当天就给了答复", "当天", 0.0, "later", False),
    ("客服承诺24小时内上门", "24小时内", 24 * H, "within", False),
    ("退款会在3-5个工作日内到账", "3-5个工作日内", 3 * D, "within", True),
    ("两个月前买的冰箱", "两个月前", 2 * M, "before", False),
    ("过了两天还是没人来", "过了两天", 2 * D, "later", False),
    ("隔了三天才回电", "隔了三天", 3 * D, "later", False),
    ("一个来月都没修好", "一个来月", 1 * M, "duration", True),
    ("个把月了还没动静", "个把月", 1 * M, "duration", True),
    ("每次都要等好几天", "好几天", 2 * D, "duration", True),
    ("几天后又坏了", "几天后", 2 * D, "later", True),
    ("等了几个小时", "几个小时", 2 * H, "duration", True),
    ("修了一年半还没好", "一年半", 1.5 * Y, "duration", False),
    ("通话三分多钟就挂了", "三分多钟", 3 / 60, "duration", True),
    ("半小时后师傅到了", "半小时后", 0.5 * H, "later", False),
    ("等了半天也没人理", "半天", 12 * H, "duration", False),
    ("等了大约30分钟", "大约30分钟", 0.5 * H, "duration", True),
    ("排了一个小时左右", "一个小时左右", 1 * H, "duration", True),
    ("两周后才收到回复", "两周后", 2 * W, "later", False),
    ("拖了两个星期", "两个星期", 2 * W, "duration", False),
    ("三个礼拜没人管", "三个礼拜", 3 * W, "duration", False),
    ("10余天没有进展", "10余天", 10 * D, "duration", True),
    ("十来天没人理", "十来天", 10 * D, "duration", True),
    ("之前用了三五天", "三五天", 3 * D, "duration", True),
    ("在酒店住了两晚", "两晚", 2 * D, "duration", False),
    ("两月后再次故障", "两月后", 2 * M, "later", False),
    ("数月之后终于解决", "数月之后", 2 * M, "later", True),
    ("差不多一个星期才处理", "差不多一个星期", 1 * W, "duration", True),
    ("将近20天没热水", "将近20天", 20 * D, "duration", True),
    ("三个钟头过去了", "三个钟头过去了", 3 * H, "later", False),
    ("1.5小时后到场", "1.5小时后", 1.5 * H, "later", False),
    ("等了３天", "３天", 3 * D, "duration", False),
    ("同一天又投诉了一次", "同一天", 0.0, "later", False),
    ("第二个月又出了问题", "第二个月", 1 * M, "later", False),
    ("10几天没人回", "10几天", 10 * D, "duration", True),
    ("一两个月都没消息", "一两个月", 1 * M, "duration", True),
    ("接近一年没有解决", "接近一年", 1 * Y, "duration", True),
    ("花了30秒就挂断了", "30秒", 30 / 3600, "duration", False),
    ("排队一刻钟", "一刻钟", 0.25 * H, "duration", False),
    ("8个小时以后才回电", "8个小时以后", 8 * H, "later", False),
]

TRADITIONAL = [
    ("兩個多小時後才回電", "兩個多小時後", 2 * H, "later", True),
    ("拖了三個月", "三個月", 3 * M, "duration", False),
    ("兩週過去了", "兩週過去了", 2 * W, "later", False),
    ("幾天後又壞了", "幾天後", 2 * D, "later", True),
    ("等了一個半鐘頭", "一個半鐘頭", 1.5 * H, "duration", False),
    ("數日之內回覆", "數日之內", 2 * D, "within", True),
    ("將近兩個禮拜", "將近兩個禮拜", 2 * W, "duration", True),
]

NOT_TIMES = [
    "客户先后打了10多个电话",
    "6月25日上午10点30分致电",
    "2006-02-23报修",
    "晚上18:30回电",
    "维修费200元，上门费50块",
    "联系电话13812345678",
    "客服热线400-800-1234",
    "师傅来了3个人，修了5次",
    "第3次上门还是没修好",
    "详见https://example.com/case/3天/12h?id=5h",
    "2020年6月买的",
    "二〇〇六年买的热水器",
    "三月份买的",
    "6月底报修",
    "有一天晚上突然坏了",
    "客户十分生气",
    "打了1分差评",
    "三天两头出问题",
    "半夜停水",
    "品牌三周年庆",
    "孩子上一年级",
    "80年代的老房子",
    "住在3宿舍",
    "上午十点半打的电话",
    "几月几号能修好",
    "一年四季都在用",
    "25日上门",
    "自己记得一年里刷够了六次",  # a span things happened in, not a wait
    "他在工地上，来回一趟半个月工钱就没了",  # money reckoned in time, not a wait
    "物业多收了三个月的物业费",
    "这三天里他打了五次电话",
    # a term granted, not a wait
    "按合同约定，次年免年费需要刷满6次",
    "刷满六次免次年年费",
    "余额恢复，有效期再往后延一年",
    "年卡顺延三个月",
    "发动机延长两年质保",
    "另赠送一年延保",
    "为他的手机免费延保半年",
    # a day of the week's evening, not a count of nights
    "周二晚上经理回了电话",
    "星期五晚我又去了一趟",
    "礼拜天夜里停了电",
]


@pytest.mark.parametrize("sentence,phrase,hours,kind,approx", PHRASES + TRADITIONAL,
                         ids=[row[1] for row in PHRASES + TRADITIONAL])
def test_phrase_in_a_sentence(sentence, phrase, hours, kind, approx):
    spans = find_times(sentence)
    assert [s.text for s in spans] == [phrase], spans
    (span,) = spans
    assert sentence[span.start:span.end] == phrase
    assert span.hours == pytest.approx(hours)
    assert (span.kind, span.approx) == (kind, approx)


@pytest.mark.parametrize("sentence", NOT_TIMES)
def test_not_a_time(sentence):
    assert find_times(sentence) == []


def test_a_whole_narrative():
    text = ("客户于2023年6月25日上午10点致电，客服当天答复24小时内上门，但两个多小时后仍无人联系。"
            "次日客户再次来电，先后打了10多个电话。第三天师傅到了，配件要等七八天。一周过去了，"
            "配件仍未到货。从6月底报修到修好花费了1个多月，至今未赔偿200元。")
    found = [(s.text, s.kind) for s in find_times(text)]
    assert found == [("当天", "later"), ("24小时内", "within"), ("两个多小时后", "later"),
                     ("次日", "later"), ("第三天", "later"), ("七八天", "duration"),
                     ("一周过去了", "later"), ("1个多月", "duration"), ("至今", "ongoing")]


def test_spans_are_ordered_and_do_not_overlap():
    spans = find_times("三天后又等了两个小时，第二天又过了半个月，一年多")
    assert [s.text for s in spans] == ["三天后", "两个小时", "第二天", "过了半个月", "一年多"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_timespan_is_a_named_tuple():
    (span,) = find_times("等了40分钟")
    assert span == TimeSpan(2, 6, "40分钟", pytest.approx(40 / 60), "duration", False)


@pytest.mark.parametrize("written,value", [
    ("3", 3.0), ("1.5", 1.5), ("３", 3.0), ("一", 1.0), ("两", 2.0), ("俩", 2.0), ("兩", 2.0),
    ("十", 10.0), ("十五", 15.0), ("二十", 20.0), ("二十五", 25.0), ("一百零五", 105.0),
    ("两百五", 250.0), ("三千", 3000.0), ("一万五", 15000.0), ("半", 0.5), ("十几", 10.0),
    ("二十多", 20.0), ("几十", 20.0), ("几", 2.0), ("数", 2.0), ("好几", 2.0), ("七八", 7.0),
    ("十七八", 17.0), ("三四十", 30.0), ("两三", 2.0), ("三五", 3.0), ("3-5", 3.0),
    ("三到五", 3.0), ("10多", 10.0), ("10几", 10.0), ("20来", 20.0), ("一九九八", 1998.0),
])
def test_chinese_number(written, value):
    assert chinese_number(written) == value


@pytest.mark.parametrize("written", ["", "abc", "天", "一三", "多", "-", "3-", "十十十x"])
def test_chinese_number_rejects(written):
    assert chinese_number(written) is None


def test_empty_and_plain_text():
    assert find_times("") == []
    assert find_times("客服态度很好，问题已解决") == []


PIECES = ["一", "两", "兩", "十", "几", "半", "个", "個", "多", "来", "余", "3", "10", "1.5", "-",
          "天", "日", "月", "年", "周", "週", "小时", "钟头", "分钟", "分", "h", "秒", "后", "後",
          "内", "前", "左右", "第", "次日", "当晚", "至今", "过了", "近", "约", "点", ":", "号",
          "http://", "www.", "/", "元", "电话", "了", "，", "。", "的", "晚", "夜", "星期", "礼拜"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60),
                 st.lists(st.sampled_from(PIECES), max_size=25).map("".join)))
def test_find_times_never_raises_and_spans_fit(text):
    spans = find_times(text)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start:span.end] == span.text
        assert span.start >= previous_end
        previous_end = span.end
        assert span.hours >= 0
        assert span.kind in ("duration", "later", "within", "before", "ongoing")


@given(st.text(max_size=20))
def test_chinese_number_never_raises(text):
    value = chinese_number(text)
    assert value is None or value >= 0


@pytest.mark.parametrize("text, waits", [
    ("客户等了两个多小时才有人接电话。", ["两个多小时"]),
    ("客服说48小时内给答复。", []),  # a limit
    ("经理确认仍在七天无理由退货期内。", []),  # a period a policy grants, not a wait
    ("这台空调还在三年保修期里。", []),
    # a time that describes a thing is no wait; a time of day after 的 still dates an event
    ("主任同意为旅客改签次日七点的首班。", []),
    ("柜员调出近一年的读数。", []),
    ("三天后的下午他才来。", ["三天后"]),
    ("客户等了三天的时间。", ["三天"]),
    # the wait reached that length, with its 才 in the next clause
    ("到了两个半小时，车才刚上举升机。", ["两个半小时"]),
    # a time to come, promised or arranged, is no wait
    ("医生说三天后会打电话问伤口情况。", []),
    ("店员答应两天后上门。", []),
    ("一周后我们再来复查。", []),
    ("三天后师傅才上门。", ["三天后"]),
    # the time left before something (还有, 还剩) is no wait; a wait after 还 still is
    ("离婚礼还有四十天，销售突然打来电话。", []),
    ("还剩两天就到期了。", []),
    ("营业员告诉他还差十个月到期，要交违约金。", []),
    ("又等了两天还没人来。", ["两天"]),
    # …nor how old a thing got or bought is (买了才三天就坏了); a wait after 才 still is one
    ("冰箱买了才三天就坏了。", []),
    ("我这车提回来才三个月！", []),
    ("等了三天才有人来。", ["三天"]),
])
def test_stated_waits_leave_out_limits_and_policy_periods(text, waits):
    from casekit.narrative import stated_waits

    assert [span.text for span in stated_waits(text)] == waits


@pytest.mark.parametrize("text, hours", [
    ("1至3个工作日内退回", 72.0),   # a range's high end is the limit
    ("两三天内给您答复", 72.0),
    ("三五天之内", 120.0),
    ("3-5个工作日内", 120.0),
    ("2~3小时内", 3.0),
    ("七个工作日内", 168.0),       # not a range: its own hours
    ("大概两个小时", 2.0),
])
def test_limit_hours_takes_a_ranges_high_end(text, hours):
    span = find_times(text)[0]
    assert limit_hours(span) == hours
