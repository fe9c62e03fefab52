"""The narrative layer: who did what, what did not happen, how long it took, how often.

Most published cases are told as a story ("维修人员始终在用电话指挥,没有露面"), not as a
transcript. Between `text` (normalise, segment) and `checks` (conditions), this module reads
each clause where a lexicon word occurs and says:

- the act (from the shared lexicon, rules/lexicons/*.yaml) and its actor: the party named
  as the clause's subject, by party label or role noun, carried over from the clauses and
  sentences before it, else the event's `from` (narration) or the speaker (dialogue);
- whether it is negated (narrated negation: 未/没有/始终没有/无人/不予… just before it);
- whether the customer did it again (多次/再次/又/第N次/10多个电话… in its clause);
- the times the text states (durations and relative times, casekit.timetext), and which
  of them are waits.

It is computed per utterance on demand and cached in the case's view, only for clauses
where a lexicon word occurs (the phrase index says where), like segmentation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import InputError, Problem, ProblemCollector
from .text import (CLAUSE_BREAKS, GAP, NEGATOR_FOR_YOU, QUOTE_PAIRS, SCOPE_BREAKERS, SENTENCE_ENDS,
                   SENTENCE_GAP, a_not_a, copula_restart, ends_scope, gone_verb, in_order, longest_first,
                   manner_not, own_conjunct, phrase_parts, potential_not, prime_simplified, quote_opening,
                   relative_not,
                   rhetorical_not, sentence_end, set_phrase_parts, suggesting, to_simplified,
                   with_pronoun_variants)
from .yamlsrc import YMap, YSeq, parse_yaml, read_source

SIDES = ("customer", "company")
ACT_KEYS = {"title", "words", "combine", "speech", "future", "unnamed", "cannot", "withdrawn",
            "negation", "questions", "admitted", "completed", "not_in_clause", "formula",
            "uncounted", "received", "time_clause", "limits", "appointments"}
# what may negate an act's word: any negator before it in its clause (没有道歉), or only one
# right before it (不是很正常), for words that judge what the clause before them tells
# (打不通很正常: the trouble is called normal, not abnormal)
NEGATION_MODES = ("clause", "next")
SPEECH_MODES = ("subject", "speaker", "sayer", "teller")
UNNAMED_MODES = ("sender", "company")
SENTENCE_END_CHARS = "。！？!?；;\n"
CLAUSE_END_CHARS = SENTENCE_END_CHARS + "，,、：:"
# 为 as "for" a few characters before a noun (公司为受影响客户免除佣金: the customers are who
# it is done for), not 认为, 因为, 作为, 成为…
_FOR_BEFORE_RE = re.compile("(?<![认因作成称以行较极更最])为")
# A clause opening on 就 before a noun (并就队员先前的说法向她道歉) names a topic: the nouns in it
# are not the clause's subject.
_TOPIC_OPENER_RE = re.compile(r"\s*(?:并|又|还|也|先|再|另)?就(?![是算连这在此要会能])")
# Someone addressed at the head of a turn (林阿姨，实在抱歉…; 王先生您好，…): the one spoken
# to, named on its own before a break, is not the subject of what the speaker goes on to say
_VOCATIVE_END_RE = re.compile(r"\s*(?:您好|你好|早上好|上午好|下午好|晚上好)?\s*[，,！!：:]")
# A noun right after one of these is an object (向客户道歉, 让用户自行检修), not the subject.
OBJECT_MARKERS = ("向", "对", "给", "为", "让", "叫", "替", "帮", "跟", "和", "与", "把", "将", "令",
                  "使", "请", "同", "陪", "到", "去", "在", "从", "找", "至", "往", "由于", "因",
                  "告诉", "通知", "联系", "帮助", "协助", "安抚", "安慰", "要求", "提醒", "询问", "陪同", "接待", "告知", "答复", "回复", "劝", "嘱", "指责", "投诉",
                  "批评", "举报", "起诉", "叫来", "责令", "约谈", "训斥",
                  # calling someone: 打客服热线投诉, 拨打客服电话抱怨 (the one called is the object)
                  "打", "拨打", "致电", "拨通", "打通", "打给",
                  "经",  # 未经客户同意: with the customer's consent
                  # verbs whose object is a person: 感谢老人…，并承诺… (the thanker promises)
                  "感谢", "谢谢", "答应", "责怪", "埋怨", "辱骂", "骂", "拒绝", "打发", "敷衍",
                  "推给", "转给", "交给", "教", "提示", "说服", "劝说", "理解", "体谅", "关心",
                  "照顾", "叮嘱", "约", "约见", "邀请",
                  # guiding someone through what to do: 指导何女士关掉表前阀…，说二十分钟内有人到
                  # (the one guided does the steps; the guide goes on speaking)
                  "指导", "引导", "指引", "嘱咐", "督促",
                  # comforting someone: 宽慰李女士, 抚慰家属 (like 安抚, 安慰)
                  "宽慰", "抚慰", "劝慰", "慰问",
                  # blaming someone: 没有一句怪客户操作不当, 数落顾客, 怀疑家长 (the one blamed is
                  # the object; bare 怪 is handled in _is_object, not 难怪/奇怪)
                  "怪罪", "数落", "冤枉", "挖苦", "嘲笑", "讽刺", "奚落", "怀疑", "怨",
                  # waiting for someone: 没等客户讲完就打断他 (the one not waited for is the
                  # subordinate clause's subject only; the story's subject interrupts)
                  "没等", "不等", "未等",
                  # towards someone: 冲着服务中心喊人, 朝店员大喊
                  "冲着", "朝着", "朝",
                  # giving someone a remedy: 店方同意补贴甘先生交通费, 退还王女士押金 (the one paid is
                  # the object; the payer goes on)
                  "补贴", "补偿", "赔偿", "赔给", "退给", "退还", "赔付", "返还",
                  # holding or facing someone: 指着刘涛骂, 拉着店员不放, 拦住经理 (the one held)
                  "指着", "拉着", "拽着", "揪着", "盯着", "瞪着", "推开", "推", "拦住", "拦着",
                  "抓着", "堵着", "围着",
                  # asking someone: 问郑先生这样修好行不行 (the one asked is the object); hearing
                  # someone out: 听周女士把情况讲完，…她先道歉 (the listener apologises)
                  "问", "听",
                  # in someone's presence: 当着赵先生和老人的面赔了不是
                  "当着",
                  # belonging to someone: 路灯仍属开发商资产 (the story's subject goes on)
                  "属", "属于", "归",
                  # visiting or calling on someone: 话务员回访老钱，…感谢他 (the caller thanks)
                  "回访", "拜访", "走访", "探望", "看望",
                  # gathering or meeting someone: 项目经理召集业主座谈，当面道歉 (the convener
                  # apologises)
                  "召集", "组织", "召见", "会见", "面见",
                  # helping or taking someone along: 扶老人到贵宾室坐下，为让他久等道歉 (the one
                  # who helps apologises)
                  "扶", "搀", "搀扶", "领", "带", "送", "抱",
                  # checking someone's particulars: 核实老人身份和意愿 (the one checked is the
                  # object; the checker's story goes on)
                  "核实", "核对", "核查", "查询", "查看", "登记", "调取", "调阅")
# 客户称银行服务不好 / 顾客说店员很不耐烦: what someone says has a subject of its own, for its
# own clause only; the story's subject (客户) carries on after it.
# Perceiving is alike: 话务员听出老人声音发抖，一边安慰她 (the operator comforts).
SAYING = ("称", "说", "表示", "认为", "觉得", "声称", "指出", "反映", "得知", "发现", "看到",
          "看见", "听见", "听出", "看出", "注意到", "察觉",
          # finding out: 确认是阿姨用错了清洁剂，当面向韩先生道歉 (the one who found it out apologises)
          "确认", "查明", "证实", "确认是", "查明是", "证实是", "发现是",
          # asking and admitting: 询问用气是否正常、家中老人有没有不适，并感谢她… (the one who
          # asks thanks); 承认患者候诊太久没有复评，说“谢谢您”
          "询问", "承认")
# verbs of saying proper: "经理说是客户自己没看清" puts the fault on the customer, by the one who says it
# 回了一句, 丢下一句, 抱怨: what follows is what they said
SPEAKING = ("说", "称", "表示", "声称", "指出", "认为", "坚称", "咬定", "强调", "一句", "抱怨", "嘟囔",
            "嘀咕", "回答")
_SPEAKING_RE = re.compile("|".join(SPEAKING))
SAYING_AGAIN = ("又", "还", "也", "并", "再", "接着", "随后", "又接着")  # 又说: the same speaker again
# (说是客户没看清合同: after a saying verb and 是, too, the one the saying is about)
AGENT_BEFORE = ("被", *SAYING, *(verb + "的" for verb in SAYING),
                *(verb + "是" for verb in SAYING if not verb.endswith("是")))  # see Mention.agent
# "客户要求银行赔偿": the act is asked for, so it is the asker's, not done by the one asked.
REQUESTING = ("要求", "请求", "希望", "提出", "想要", "索要", "讨要", "申请", "让", "请", "叫")
# 到 completing these verbs leaves what follows a clause of its own (没有想到店长亲自…); not
# 来到/到达: places; not 找到, 碰到, 遇到, 见到: the one found or met is an object
VERB_BEFORE_DAO = frozenset("想得收接看听拿做办等")
# according to: 按特殊用电客户流程, 根据客户的要求 (the noun only names whose)
_ACCORDING_TO = ("按", "按照", "根据", "依照")
PREPOSITIONS = ("向", "对", "给", "替", "跟", "与", "把", "和", "同", "在", *_ACCORDING_TO)
_PREPOSITION_CHARS = frozenset("".join(PREPOSITIONS) + "为")  # …and 为 (_FOR_BEFORE_RE)
# Words holding one of those characters that is no preposition there (合同, 核对, 跟进…)
_NOT_PREPOSITION_RE = re.compile("合同|同时|同意|同事|共同|相同|不同|同样|同步|同行|和解|缓和|温和|平和|"
                                 "暖和|和气|对不起|核对|面对|不对|对方|对接|对比|对账|相对|应对|"
                                 "方向|意向|倾向|向来|跟进|跟踪|参与|一把|把握|把关|"
                                 "按时|按钮|按摩|按揭|按键|按期|按铃|按门铃|按了|按下|按住|"
                                 # 在 as a word's part, not "at": 在线客服, 在岗人员, 现在
                                 "在线|在岗|在职|在场|在座|在编|在读|在校|在售|在建|在内|在意|在乎|"
                                 "正在|现在|所在|存在|实在|好在|自在")
# Determiners ending in 的 (当着别的客户): no relative clause ends in them, so the noun after
# one is an object of a preposition or verb before, as after any determiner
OTHER_DETERMINERS = ("别的", "其他的", "其它的", "另外的", "旁边的", "周围的")
DETERMINERS = ("该", "这位", "那位", "一位", "这名", "那名", "一名", "此", "这个", "那个", "其他",
               "另一位", "另外一个", "两位", "几位", *OTHER_DETERMINERS, "的")
# Where someone is, said before a role noun (客服说楼上住户白天不在家): still the one reported on
LOCATIVES = ("楼上", "楼下", "隔壁", "对门", "对面", "邻居")
MODIFIERS = (*LOCATIVES, *DETERMINERS)
# Words through which a negator before them still negates a 是 after them (不认为是客户的问题,
# 不一定是您的原因, 不会是你们的事): believing, saying, modality
COPULA_NEGATION_CARRIERS = frozenset({
    "认为", "觉得", "说", "承认", "认定", "确定", "肯定", "一定", "会", "能", "可能", "见得", "像",
    "应该", "应", "该", "全", "都", "完全", "光", "只", "单", "仅", "仅仅", "再", "就", "也", "还",
    "算", "确认", "证明", "表明", "怀疑", "相信", "同意"})
# "客户没收到答复": the customer did not receive it, so the other side did not give it.
RECEIVING = ("收到", "接到", "得到", "获得", "等到", "等来", "拿到", "接获", "获悉", "盼到", "听到")
NEW_VERB_PHRASE = ("后", "马上", "立即", "立刻", "随即", "就", "便", "才", "“", "(", "（")
# 老人的身份, 有老人和儿童的家庭: a possessor (alone or in a pair), not a subject; so is the
# owner of what is their own (是孙先生家自己的水管老化, 客户自己的问题)
_POSSESSOR_RE = re.compile(r"(?:[和与及、][^，。,！？!?；;、他她我你您自]{1,4})?(?:家自己|自己)?的")
# 客户不用再跑: who need not do something is told in another's offer (see mentions())
_NEED_NOT_RE = re.compile(r"[也就都]?(?:不用|不必|无需|无须|用不着|不需要)")
# What may come before a pronoun that opens a clause of narration (最后他给的方案是…)
CLAUSE_OPENING_ADVERBS = frozenset({"", "最后", "后来", "然后", "接着", "随后", "于是", "这时", "当时",
                                    "最终", "之后", "事后"})
PASSIVE = "被"  # 客户被拒绝: the other side refused; but 员工被叫来道歉: the staff apologised
_PASSIVE_CLAUSE_ADVERBS = frozenset("就又也还都再却竟便总")
AGENT_OF_NEXT_VERB = ("被叫", "被请", "被派", "被要求", "被安排", "被责令", "被通知", "被召")
UNSPECIFIED_NEGATORS = frozenset({"无人", "没人", "没有人"})  # nobody did it: the side that should
FIRST_PERSON = ("我们", "我")
SECOND_PERSON = ("你们", "您", "你")
_PRONOUN_RE = re.compile("|".join(FIRST_PERSON + SECOND_PERSON))
_EXISTENTIAL_RE = re.compile("(?:^|[^所没只还])有(?:一?[位个名些]|几[位个名])?$")
_NARRATED_PRONOUN_RE = re.compile("他们|她们|他|她")
# What joins two parties into one phrase (with a quantifier on the second): 邓女士及所有住客
_CONJOINED_RE = re.compile("(?:及|和|与|以及|、|跟|同)(?:所有|全体|其他|各位|广大|其余)?(?:的)?")
# A party introduced at a clause's end is the subject to come (随后赶来的是店长, 来了一位经理),
# not an object of the clause's own subject
_INTRODUCED_AT_END_RE = re.compile(r"(?:是|有|来了|过来|进来|出来|换成|换了|成了|叫来|请来|找来|派来|喊来)"
                                   r"(?:一?[位个名]|几[位个名])?$")
NEGATION_WINDOW = 14  # tokens before an act, within its clause: 未能[调查原委并说明及安抚]
# Negators that are verbs of their own: they negate only the act that is their object, right
# after them (仍然拒绝退款), not a later verb of the clause (拒绝并让其自己去找厂家).
VERB_NEGATORS = frozenset({"拒绝", "拒绝了"})
# What may stand between such a verb and the act it takes: 拒绝任何形式的补偿, 拒绝一切赔偿
_ANY_KIND = frozenset({"任何", "任何形式", "形式", "的", "一切", "所有", "全部"})
# 为…不清场向黄女士道了歉: a negator inside a 为 (cause) phrase, with words of that phrase
# between it and the preposition naming the one addressed, is the phrase's own; but in
# 为这事没有及时向她道歉 only adverbs stand between: the apology is negated.
# What opens the main verb phrase after a cause (为停水通知不到位表示歉意, 为…向她道歉)
CAUSE_PREPOSITION_TARGETS = frozenset({"向", "给", "对", "跟", "表示", "致以", "作出", "做出", "当面"})
# What joins the causes or topics after a negated one (就发布不及时和…的言行致歉)
CAUSE_JOINERS = frozenset({"和", "及", "与", "以及", "的", "、"})
# What opens a cause or a topic (为…, 因…, 就客服未及时回电…道歉)
CAUSE_MARKERS = ("为", "因", "因为", "就")
ADVERBS_BEFORE_PREP = frozenset({"及时", "主动", "马上", "立即", "再", "也", "都", "一直",
                                 "当面", "亲自", "正式", "专门", "特意", "当场", "第一时间"})
# How an act is done, standing alone between a negator and the act (为这事没有主动道歉: the
# negator is the act's, not the cause's). Most are in ADVERBS_BEFORE_PREP too; the two lists
# were written apart, and merging them would change readings: a step to measure, not a tidy.
MANNER_ADVERBS = frozenset({"及时", "主动", "当面", "亲自", "正式", "诚恳", "真诚", "好好", "专门",
                            "特意", "出面", "上门", "马上", "立即", "立刻", "当场", "公开", "书面"})
# The last character of a role named by its work (查询员, 药剂师, 列车长, 维修工)
ROLE_SUFFIXES = frozenset("员师长工")
# The listener's words told back to them: 你们说…, 您之前不是答应…, 你们明明保证过… (not
# 您说声对不起, 你说得对, 你说一下, 说明, 说清楚: another verb, or not what was said)
_LISTENER_SAID_RE = re.compile(
    "(?:你们|您们|您|你)(?:之前|以前|当时|当初|上次|那天|昨天|前天|上周|早上|明明|不是|都|也|自己|就)*"
    "(?:说好|说过|说|答应过|答应|保证过|保证|承诺过|承诺)(?![声一说得话明清出完了])")
# The one spoken to, in dialogue (see speech: teller)
LISTENER_PRONOUNS = frozenset({"您", "你", "你们", "您们"})
# Who an act is done to, standing right before it (没有找您道歉): never the act of a cause
PERSON_PRONOUNS = (frozenset(FIRST_PERSON + SECOND_PERSON) | LISTENER_PRONOUNS
                   | {"她", "他", "她们", "他们", "其"})
# A negation's scope ends at SCOPE_BREAKERS (没有解释清楚就离开: 离开 happened; 不是…而是…),
# and 不能说没人联系你 denies the negation.
DENIED_SAYING = ("不能说", "不是说", "并不是说", "不可说", "别说", "不要说", "谁说")
# …as it does at a 就 or 便 that jieba glued to the act's own word (没说再见就挂断了: 就挂断了)
_THEN = ("就", "便")
# A clause that opens with these does not assert its act (尽管这不属于公司的维护范围…;
# 如果…; 是否…).
NOT_ASSERTED = ("尽管", "虽然", "虽", "即使", "即便", "哪怕", "如果", "假如", "若", "万一", "要是",
                "能否", "是不是", "可否", "有没有", "能不能", "可不可以", "会不会", "要不要",
                "至于", "关于", "对于",  # 至于赔偿问题: a topic, not an act
                # a time to come, supposed: 以后再碰到两边推来推去的情况，您直接打12345
                "以后再碰到", "以后再遇到", "以后碰到", "以后遇到", "下次再碰到", "下次再遇到", "下次碰到",
                "下次遇到", "再碰到", "再遇到")
# What a 不 may be glued to before 是 in one token (不全是, 不完全是, 不都是): not all of it,
# after what opens such a denial (这也不全是…, 并不完全是…); not 材料不全是你们自己没准备好,
# where 不全 is the papers' (incomplete) and 是 begins what is said of it
_NOT_ALL = ("全", "完全", "都", "总")
_NOT_ALL_AFTER = frozenset({"也", "这", "那", "并", "倒", "却", "可", "这也", "那也", "这倒", "这并"})


def _not_all_of_it(tokens, k: int) -> bool:
    """tokens[k] is 不全是 (不完全是…), one word of jieba's, after 也/这/并…: a negator."""
    word = tokens[k].word
    return (word[:1] == "不" and word.endswith("是") and word[1:-1] in _NOT_ALL
            and k > 0 and tokens[k - 1].word in _NOT_ALL_AFTER)


# Words that make what follows them in the clause a question asked, not an act told (是否,
# 何时退款, 由谁退款)
EMBEDDED_QUESTIONS = ("何时", "什么时候", "由谁", "谁来")
_EMBEDDED_QUESTION_RE = re.compile("|".join(EMBEDDED_QUESTIONS))
# …except after a saying verb denied: 没有说由谁来跟到底 tells that nobody took it on
_NOT_SAID_RE = re.compile("(?:没有?|未|并未)(?:说|讲|告知|告诉|说明|交代|明确)(?:过|清楚?)?"
                          "(?:[她他您你]|客户)?$")


def _asked_about(before: str) -> bool:
    """What comes before the act in its clause makes it a question asked (是否; 何时, 由谁…,
    but see _NOT_SAID_RE)."""
    if "是否" in before:
        return True
    asked = _EMBEDDED_QUESTION_RE.search(before)
    return asked is not None and _NOT_SAID_RE.search(before, 0, asked.start()) is None
# Questions that lead (是不是你自己弄坏的?): an act marked `questions` is told by them.
LEADING_QUESTIONS = ("是不是", "会不会", "有没有")
_NOT_ASKED_RE = re.compile("[没未不](?:有)?(?:再)?(?:追|盘|询)?问")
# "…补表手续后才能修复": a precondition, not the act done; "经营者应当退还": what should be
# done, not what was
PRECONDITION = ("才能", "才可以", "才可", "应当", "应该", "理应", "本应", "本该", "有义务")
# …and a fear or what is to be avoided (担心又石沉大海, 以免耽误), or a time to come (今后延误
# 超过半小时就广播): what is not told as having happened. (Not 别/不要: 别太敏感, 先别着急 are
# themselves what a speaker says.) Any of these shortly before an act: see asserted()
_NOT_TOLD_BEFORE_RE = re.compile("|".join(
    # 应该是…: what must be so (应该是您开车习惯的问题), not what should be done
    [*(re.escape(w) + ("(?!是)" if w.startswith("应") else "") for w in PRECONDITION),
     # (的担心: the worry itself, a noun: 对她的担心表示理解)
     "以免", "免得", "省得", "生怕", "(?<!的)担心", "今后", "下次", "将来", "日后",
     # …or what someone wishes for (希望延误时能发短信通知, 希望尽快给个答复)
     "(?<!的)希望", "盼望", "期望"]))
# "退款的事他做不了主", "退费要总部审批", "说明了滞留原因", "维修是工程部的事", "扣维修费":
# the act word names a matter, its cause, what it would take, whose business it is or a
# charge, as a topic; nobody is told to have done it. But 解释原因,
# 说明原因: a verb of telling takes the cause as its object (CAUSE_TAKERS).
CAUSE_TAKERS = frozenset({"解释", "说明", "告知", "讲明", "讲清", "询问", "问明", "查明", "调查",
                          "核实", "了解", "分析", "追问", "质问", "反映"})
# After a negator, these make a hedge, not a negation: 不排除/无法排除/不否认 + the act
HEDGES = frozenset({"排除", "否认"})
# An act word opening on one of these asserts with certainty (确实吃不消, 肯定着急): only a
# negator right before it negates it (不一定); one further back is a cause's own (一连三晚
# 没水确实吃不消)
CERTAINTY = ("确实", "肯定", "一定", "的确", "实在")
# A clause that ends so tells a cause, not an act: 停运是备用电源没能及时切换所致, 是系统没有
# 及时返回结果造成的
CAUSE_ENDINGS = ("所致", "造成的", "导致的", "引起的")
CAUSE_OPENERS = ("是", "由于", "因为")
_FAILED_IN_CAUSE_RE = re.compile("[没未不]")
AS_TOPIC_RE = re.compile(r"的(?:糟心|烦心|闹心|窝心|麻烦|倒霉|烦人)?事|的问题|的经过|的遭遇|(?<!的)问题|事宜|一事|是[^，。,；;！？!?]{1,8}?的事|费(?!用)|手续|流程|申请表|申请单|登记表|(?:要|需要?|须|必须|得)[^，。,；;！？!?]{0,8}?"
                         r"(?:审批|批准|同意|核实|审核|报批|申请)"
                         # a finding about it: 车内抽烟和骂人都属实 (what was found out, not done now)
                         r"|[^，。,；;！？!?]{0,4}?属实"
                         # what is paid or certified for it: 延误补偿, 延误证明
                         r"|的?(?:补偿|赔偿|证明)(?!了)"
                         # a scope it names: 不在赔偿范围, 属于退换范围
                         r"|的?范围")
# What follows a company noun to name a thing of it (银行卡, 物业费, 公司账户), and what comes
# before one to name a place to post in (社交平台): no party is named
_A_THING_OF_IT = ("卡", "费", "账户", "账号")
_PLACES_TO_POST = ("社交", "视频", "短视频", "直播")


# Verbs and the nouns after them that are their objects, not the matter the act word names
# (延误补偿, 退款流程): giving or issuing a compensation or a certificate (给出赔偿方案, 出具
# 证明), going along with a procedure (您这边没配合流程)
_VERB_OBJECTS = ((("给出", "拿出", "提供", "出具", "开具", "作出", "做出", "给予"), ("补偿", "赔偿", "证明")),
                 (("配合", "遵守", "按照", "走完"), ("流程", "手续")))
COUNTED_REPETITION_RE = re.compile(
    r"第[二三四五六七八九十两2-9]\d*[次回趟遍]|(?:[2-9]|\d{2,}|[两二三四五六七八九十几数]+)多?[次趟遍回]"
    r"|(?:\d+|[两二三四五六七八九十几数]+)多?[个通]电话|近[十\d]+[次个通]")
# What a count right after a verb follows (刷了二十多次, 去过三次): the count is that verb's.
_POSTVERBAL_MARKERS = ("了", "过")
# What says a count is inside one conversation (中间几次抱怨, 通话中多次打断): no contact repeated
_WITHIN_ONE_TALK = ("中间", "其间", "期间", "席间", "通话中", "电话里", "言语间", "说话间")
# What may follow an act and count it: a count (5次, 三趟) or a frequency word (反映了多次).
_REPETITION_AFTER_RE = re.compile(COUNTED_REPETITION_RE.pattern
                                  + "|多次|几次|好几次|数次|无数次|三番五次|一次又一次")
# Words that make a stated length a wait (not a period of service, an age or an amount).
WAIT_CUES = ("等", "过了", "过去", "才", "直到", "至今", "仍", "还", "一直", "耗时", "花费", "花了",
             "拖", "滞留", "延误", "期间", "里", "以来", "没", "未", "后", "之后", "以后", "迟",
             "候", "用了", "历时", "长达", "足足", "整整",
             # the wait reached that length: 到了两个半小时，车才刚上举升机
             "到了")
DEADLINE_AFTER = ("内", "之内", "以内", "为限", "期限",  # 48小时内 is a limit, not a wait
                  # …and a period a policy grants: 七天无理由退货, 三年保修期, 一个月试用期
                  "无理由", "保修", "质保", "包退", "包换", "试用", "有效期")


@dataclass(frozen=True)
class ActDef:
    name: str
    title: str
    words: tuple[str, ...]
    speech: str = "subject"  # in dialogue: the clause's subject does it, or the speaker
    future: bool = True  # False: "会道歉" (will apologise) is not an apology yet
    # who does it when the narration names nobody: the event's sender, or (`company`) the
    # company side even in the customer's event (七个工作日过去，没有任何消息: no reply came)
    unnamed: str = "sender"
    # False: 做不了 (我处理不了) does not tell that the act was not done (someone answered)
    cannot: bool = True
    # words of the act that a later phrase of the same utterance takes back (我这边没有权限
    # 恢复，我把您的情况提交给主管: a limit stated, then the matter taken on): (words, later)
    withdrawn: tuple = ((), ())
    negation: str = "clause"  # see NEGATION_MODES
    # True: a leading question tells the act (是不是在别家买的? imputes it); else a question
    # tells of no act (是不是已经退款了?)
    questions: bool = False
    # True: a word of the act that the speaker admits (承认是师傅打孔操作不当) owns the fault
    # instead of putting it on someone: it tells no act
    admitted: bool = False
    # False: a combined word (a time limit, then what is done by it) that a narration tells as
    # done (三天内回复了她, 两小时内就赶到了现场) is not this act: it tells how long the
    # doing took, not what was promised (but 师傅说两小时内就到了 reports a promise)
    completed: bool = True
    # combined words (让…找) that count only with someone of the customer side named right
    # after their first part (让王女士自己拨装维班的电话): see CaseNarrative._sends_customer
    # (this and customer_errand decide which matches are found, not how one is read)
    customer_object: frozenset = frozenset()
    # combined words (得找…开发商) that count only where the errand is left to the customer:
    # nobody of the company side does it (我们得找厂家核实) and the speaker takes nothing on
    # after it (这事得找厂家，我帮您联系): see CaseNarrative._leaves_errand
    customer_errand: frozenset = frozenset()
    # combined words (系…所致) that count only with someone of the customer side named between
    # their parts (渗水系个别住户窗框打胶老化所致): see CaseNarrative._names_customer
    customer_named: frozenset = frozenset()
    # combined words (说……联系) that count only with a time still to come told between their
    # parts (店长说回去后第一时间联系她, 告诉旅客班车晚上8点到): see _TIME_AHEAD_RE
    time_to_come: frozenset = frozenset()
    # combined words (分钟…就到) that count only in a turn of dialogue, the speaker's own
    # words (二十分钟就到): a story tells the same words of what happened (十分钟后主任赶到下站)
    spoken_only: frozenset = frozenset()
    # combined words (找…吧) that count only with the listener as their subject, right before
    # them (您打海关电话问吧, 你自己找客服吧): see _listener_sent
    listener_subject: frozenset = frozenset()
    # time limits (三天内, 五点前) that, said in a turn of dialogue or told after a saying verb,
    # with what is to be done by then after them (24小时内会有专员致电您, 一周之内，我把报告贴到
    # 大堂, 店长说两天之内找人来看), are the act whatever that is: see _limit_promised
    limit_words: frozenset = frozenset()
    # times to come (明天上午, 下周五) that, said in a turn of dialogue with the speaker's own
    # doing after them (明天上午我带定损员过来, 多收的钱我今天退给您), are the act: see
    # _appointment_made
    appointment_words: frozenset = frozenset()
    # words (their parts, in order) that in the word's clause make it about something else:
    # 对此没有任何回应, 对她的担心一句也没回应 answer a remark or a feeling, not the matter
    not_in_clause: tuple = ()
    # stock phrases: one of these said as a clause of its own, with nothing but fillers (我,
    # 非常, 能, 呢, 亲…) around it, is said to every caller (非常理解您的心情呢~请您先联系快递员),
    # not the act; with more in its clause (我理解您的心情，换谁都着急) it counts
    formula: frozenset = frozenset()
    # words of the act that no repetition word counts: an adverb that holds something up (有几次
    # 我明明进了直播间 counts the entering, not a complaint made again)
    uncounted: frozenset = frozenset()
    # True: a word of the act right after 接到/收到 (又接到一个推销电话), or told as received or
    # missed right after it (工作上的电话好几次没接到), tells what the subject received, so it
    # is the other side's act, not the subject's
    received: bool = False
    # True: a word of the act told bare as the first clause of a sentence of narration, a comma
    # after it (挂了电话，施雨把退款回执递给他), only says when the next clause happened: the
    # call ended, nobody was hung up on
    time_clause: bool = False

    # What of the act a reading of its word depends on: acts alike in these read a word they
    # share alike, so one reading serves both (see CaseNarrative.found)
    reading_kind: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reading_kind",
                           (self.speech, self.future, self.unnamed, self.cannot, self.withdrawn,
                            self.negation, self.questions, self.admitted, self.completed,
                            self.not_in_clause, self.formula, self.uncounted, self.received,
                            self.time_clause))


class _EveryWord(tuple):
    """`withdrawn: {words: all}`: holds every word (of whichever act it is given for)."""

    def __contains__(self, word) -> bool:
        return True

    def __repr__(self) -> str:
        return "all"


EVERY_WORD = _EveryWord()


# What `combine` conditions a pair on (`object: customer`…): the one value each may take, and
# the ActDef field that lists the words held to it
HELD_TO = {"object": ("customer", "customer_object"), "errand": ("customer", "customer_errand"),
           "names": ("customer", "customer_named"),
           "voice": ("speech", "spoken_only"), "subject": ("listener", "listener_subject"),
           "time": ("to come", "time_to_come")}


def _any_rest(longer: list[tuple[str, ...]]) -> tuple:
    """The words of more than one later part, grouped by their second part, each group
    checked only when its second part is there (a promise's 安排…第二天…回电 is one of 164
    words beginning 安排…第二天 or 安排…明天): ((second, (the rest of each word, as a set)…)…)."""
    groups: dict[str, list] = {}
    for rest in longer:
        groups.setdefault(rest[0], []).append(frozenset(rest[1:]))
    return tuple((second, tuple(tails)) for second, tails in groups.items())


def _holds_rest(groups: tuple, present: set[str]) -> bool:
    """Whether the parts a text holds (CaseView.present) include all of one grouped word's."""
    return any(second in present and any(tail <= present for tail in tails)
               for second, tails in groups)


class _WordTree(dict):
    """Lexicon.word_tree of one act, each first part's tree made when it is first looked up."""

    def __init__(self, by_first: dict[str, tuple[str, ...]]) -> None:
        super().__init__()
        self._by_first = by_first

    def __missing__(self, first: str) -> tuple:
        node = self[first] = ([], {})
        for word in self._by_first[first]:
            here = node
            for part in phrase_parts(word)[1:]:
                here = here[1].setdefault(part, ([], {}))
            here[0].append(word)
        return node


class _LaterParts(dict):
    """Lexicon.later_parts, each first part's entry made when it is first looked up."""

    def __init__(self, lexicon: "Lexicon") -> None:
        super().__init__()
        self._lexicon = lexicon

    def __missing__(self, first: str) -> tuple:
        entries = self[first] = self._lexicon._later_parts_of(first)
        return entries


@dataclass
class Lexicon:
    """The shared word lists rules refer to by name (rules/lexicons/*.yaml)."""

    acts: dict[str, ActDef] = field(default_factory=dict)
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # side -> role nouns
    negators: frozenset[str] = frozenset()
    repetition: tuple[str, ...] = ()
    # repetition words that tell one more time only (再次, 又): a Reading's `repeated` is 1
    repetition_once: frozenset[str] = frozenset()
    # words naming a party that is a machine (智能客服, 自动回复): no person speaks in its turns
    machines: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()

    @property
    def key(self) -> tuple:
        return self.paths

    @property
    def acts_of_first(self) -> dict[str, frozenset[str]]:
        """first part -> the acts with a word that begins with it."""
        found = self.__dict__.get("_acts_of_first")
        if found is None:
            found = {}
            for name in self.acts:
                for first in self.plan(name):
                    found.setdefault(first, set()).add(name)
            found = self.__dict__["_acts_of_first"] = {k: frozenset(v) for k, v in found.items()}
        return found

    @property
    def later_parts(self) -> dict[str, tuple]:
        """first part -> which acts have a word beginning with it, by what else the word
        needs (see _later_parts_of). Built per first part on first need: one review meets
        a few dozen of the lexicon's first parts."""
        found = self.__dict__.get("_later_parts")
        if found is None:
            found = self.__dict__["_later_parts"] = _LaterParts(self)
        return found

    def _later_parts_of(self, first: str) -> tuple:
        """(acts with a one-part word beginning with `first`, {later part: acts with a
        two-part word of it}, ((act, _any_rest of its longer words)…)): which acts a text
        may hold, asked with the set of parts it holds."""
        whole: set[str] = set()
        by_second: dict[str, set[str]] = {}
        longer = []
        for name in sorted(self.acts_of_first[first]):
            rests = tuple(phrase_parts(w)[1:] for w in self.plan(name)[first])
            if () in rests:
                whole.add(name)
                continue
            for rest in rests:
                if len(rest) == 1:
                    by_second.setdefault(rest[0], set()).add(name)
            several = [r for r in rests if len(r) > 1]  # words of more than one later part
            if several:
                longer.append((name, _any_rest(several)))
        return frozenset(whole), {k: frozenset(v) for k, v in by_second.items()}, tuple(longer)

    @property
    def part_set(self) -> frozenset[str]:
        """Every part of every act's words: the phrase index must know them for _locate to
        ask it which a text holds."""
        found = self.__dict__.get("_part_set")
        if found is None:
            found = self.__dict__["_part_set"] = frozenset(
                part for act in self.acts.values() for word in act.words
                for part in phrase_parts(word))
        return found

    @property
    def all_firsts(self) -> frozenset[str]:
        found = self.__dict__.get("_all_firsts")
        if found is None:
            found = self.__dict__["_all_firsts"] = frozenset(self.acts_of_first)
        return found

    def plan(self, name: str) -> dict[str, tuple[str, ...]]:
        """An act's words by their first (Simplified) part, for the phrase index."""
        plans = self.__dict__.setdefault("_plans", {})
        found = plans.get(name)
        if found is None:
            grouped: dict[str, list[str]] = {}
            for word in self.acts[name].words:
                parts = phrase_parts(word)
                if parts:
                    grouped.setdefault(parts[0], []).append(word)
            found = {first: tuple(words) for first, words in grouped.items()}
            plans[name] = found
        return found

    def words_of(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The words of the acts named, in order, each once: what an `act` condition asking
        for them matches. Made once per lexicon and tuple of names: a hundred conditions
        ask for the same few acts, some of them with thousands of words."""
        cache = self.__dict__.setdefault("_words_of", {})
        found = cache.get(names)
        if found is None:
            found = cache[names] = tuple(dict.fromkeys(
                w for n in names for w in self.acts[n].words))
        return found

    def first_parts_of(self, names: tuple[str, ...]) -> frozenset[str]:
        """The first parts of words_of(names) (see Condition.first_parts)."""
        cache = self.__dict__.setdefault("_first_parts_of", {})
        found = cache.get(names)
        if found is None:
            found = cache[names] = frozenset(
                parts[0] for parts in map(phrase_parts, self.words_of(names)) if parts)
        return found

    def plan_firsts(self, name: str) -> frozenset[str]:
        """The first parts of an act's words (plan()'s keys), as a set: a text's phrase
        parts are intersected with it, and a set intersects by its smaller side."""
        firsts = self.__dict__.setdefault("_plan_firsts", {})
        found = firsts.get(name)
        if found is None:
            found = firsts[name] = frozenset(self.plan(name))
        return found

    def word_tree(self, name: str) -> dict[str, tuple]:
        """An act's words as a tree of their parts, by first part: node = (words ending
        there, {next part: node}). Combined words run to thousands (等…回来…答复 is one of
        164 under 等): walking the tree checks each distinct later part once per text. Each
        first part's tree is made when first looked up (all of them cost a review ~15 ms)."""
        trees = self.__dict__.setdefault("_trees", {})
        found = trees.get(name)
        if found is None:
            found = trees[name] = _WordTree(self.plan(name))
        return found

    def noun_side(self, noun: str) -> str | None:
        sides = self.__dict__.get("_noun_sides")
        if sides is None:  # noun (as written and in Simplified) -> side, the first listed wins
            sides = {}
            for side, nouns in self.actors.items():
                for n in nouns:
                    sides.setdefault(n, side)
                    sides.setdefault(to_simplified(n), side)
            self.__dict__["_noun_sides"] = sides
        return sides.get(noun)

    def __hash__(self) -> int:
        return hash(self.paths)

    @property
    def nouns_re(self) -> re.Pattern:
        found = self.__dict__.get("_nouns_re")
        if found is None:
            nouns = sorted({to_simplified(n) for ns in self.actors.values() for n in ns},
                           key=len, reverse=True)
            found = self.__dict__["_nouns_re"] = re.compile("|".join(map(re.escape, nouns))
                                                            or "(?!)")
        return found

    @property
    def repetition_re(self) -> re.Pattern:
        found = self.__dict__.get("_repetition_re")
        if found is None:
            words = sorted(map(to_simplified, self.repetition), key=len, reverse=True)
            alternatives = [COUNTED_REPETITION_RE.pattern, *map(re.escape, words)]
            found = self.__dict__["_repetition_re"] = re.compile("|".join(alternatives))
        return found

    @property
    def negators_by_length(self) -> tuple[str, ...]:
        """The negators, longest first (没有 before 没)."""
        found = self.__dict__.get("_negators_by_length")
        if found is None:
            found = self.__dict__["_negators_by_length"] = tuple(
                sorted(self.negators, key=len, reverse=True))
        return found

    @property
    def negators_re(self) -> re.Pattern:
        """Any of the negators (a cheap test before an act is read, see may_be_negated)."""
        found = self.__dict__.get("_negators_re")
        if found is None:
            found = self.__dict__["_negators_re"] = re.compile(
                "|".join(map(re.escape, sorted(self.negators, key=len, reverse=True))) or "(?!)")
        return found


def builtin_lexicon_dir() -> Path:
    from .rules import builtin_rules_dir

    return builtin_rules_dir() / "lexicons"


@lru_cache(maxsize=16)
def _load(paths: tuple[str, ...]) -> Lexicon:
    lexicon = Lexicon(paths=paths)
    actors: dict[str, list[str]] = {}
    negators: list[str] = []
    repetition: list[str] = []
    once: list[str] = []
    machines: list[str] = []
    combos: list[tuple[list[str], list[str], list[str]]] = []  # (firsts, thens, words made)
    problems: list[Problem] = []
    for path in paths:
        try:
            _read_into(path, lexicon, actors, negators, repetition, once, combos, machines)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    # every word and part the readers will convert, in one call to OpenCC; a combined word's
    # parts are those of the words combined (set_phrase_parts), so only those are converted
    made = {word for _, _, words in combos for word in words}
    prime_simplified([part.strip() for act in lexicon.acts.values() for w in act.words
                      if w not in made for part in w.split(GAP)]
                     + [part.strip() for firsts, thens, _ in combos for w in (*firsts, *thens)
                        for part in w.split(GAP)]
                     + [n for ns in actors.values() for n in ns] + negators + repetition)
    for firsts, thens, words in combos:
        set_phrase_parts(firsts, thens, words)
    lexicon.actors = {side: tuple(dict.fromkeys(words)) for side, words in actors.items()}
    lexicon.negators = frozenset(map(to_simplified, negators))
    lexicon.repetition = tuple(dict.fromkeys(repetition))
    lexicon.repetition_once = frozenset(map(to_simplified, once))
    lexicon.machines = tuple(dict.fromkeys(map(to_simplified, machines)))
    return lexicon


def _read_into(path: str, lexicon: Lexicon, actors, negators, repetition, once,
               combos, machines) -> None:
    source = read_source(path)
    data = parse_yaml(source)
    p = ProblemCollector(source.path)
    if not isinstance(data, YMap):
        p.add(getattr(data, "line", 1), 1, "a lexicon file is a mapping with acts, actors, "
                                           "negators and repetition")
        p.raise_if_any()
    for key in data:
        if key not in ("acts", "actors", "negators", "repetition", "repetition_once", "machines"):
            p.add(*data.key_where[key], f"unknown lexicon key '{key}'; known: acts, actors, "
                                        "machines, negators, repetition, repetition_once")

    def words(value, where) -> list[str]:
        if not isinstance(value, YSeq) or not all(isinstance(w, (str, int)) for w in value):
            p.add(*where, "expected a list of words")
            return []
        return with_pronoun_variants(str(w).strip() for w in value if str(w).strip())

    def flag(spec, old, key: str, default: bool) -> bool:
        """A true/false key of an act: what this file says, else what an earlier file said,
        else the default (also when the value is not true or false, which is reported)."""
        value = spec.get(key, getattr(old, key) if old else default)
        if not isinstance(value, bool):
            p.add(*spec.at(key), f"{key} is true or false")
            return default
        return value

    def added_words(spec, key: str, before: frozenset) -> frozenset:
        """A word-set key of an act (`formula`, `uncounted`): what an earlier file gave,
        with this one's words added, in Simplified."""
        if key not in spec:
            return before
        return before | {to_simplified(w) for w in words(spec[key], spec.at(key))}

    def combined(spec, name, spec_words: list[str], held_to: dict[str, set]) -> list[str]:
        """`combine`: each word of `first` followed, in its clause, by each word of `then`
        (a time limit and what will be done by then: 三个工作日内…退还); with `joined: true`,
        right after it, as one word (肯定 + 窝火: 肯定窝火, not 肯定不会让您窝火); with
        `across: true`, anywhere later in its sentence (第二天上午九点多，经理才找到她); with
        `object: customer`, only with someone of the customer side named right after `first`
        (让 + 王女士 + …找: those words are added to `held_to["object"]`); with `errand:
        customer`, only where the errand is left to the customer (得找 + 开发商, not 我们得找
        厂家核实: added to `held_to["errand"]`); with `names: customer`, only with someone of
        the customer side named between them (系 + 个别住户 + …所致: added to
        `held_to["names"]`); with `time: to come`, only with a time still
        to come between them (说 + 回去后第一时间 + 联系: added to `held_to["time"]`); with
        `voice: speech`, only in a turn of dialogue (分钟 + 就到: added to `held_to["voice"]`); with
        `subject: listener`, only with 你/您 as the subject right before the first (您 + 打…吧: added
        to `held_to["subject"]`)."""
        groups = spec.get("combine")
        if groups is None:
            return []
        if not isinstance(groups, YSeq):
            p.add(*spec.at("combine"), f"`combine` of act '{name}' is a list of {{first, then}}")
            return []
        out = []
        plain = set(spec_words)
        for i, group in enumerate(groups):
            if (not isinstance(group, YMap) or not {"first", "then"} <= set(group)
                    or not set(group) <= {"first", "then", "joined", "across", *held_to}):
                p.add(*groups.where[i], "each `combine` entry has two lists, `first` and `then` "
                                        "(and `joined: true` for words written together, or "
                                        "`across: true` for words apart in one sentence, "
                                        "`object: customer` for a customer named after `first`, "
                                        "`errand: customer` for an errand left to the customer, "
                                        "`names: customer` for a customer named between them, "
                                        "`time: to come` for a time still to come between them, "
                                        "`voice: speech` for words said in dialogue only, "
                                        "`subject: listener` for the listener as their subject)")
                continue
            wrong = next((key for key, (value, _) in HELD_TO.items()
                          if group.get(key, value) != value), None)
            if wrong is not None:
                p.add(*group.at(wrong), f"`{wrong}` can only be `{HELD_TO[wrong][0]}`")
                continue
            joined, across = group.get("joined", False), group.get("across", False)
            if not isinstance(joined, bool) or not isinstance(across, bool):
                key = "joined" if not isinstance(joined, bool) else "across"
                p.add(*group.at(key), f"`{key}` is true or false")
                continue
            if joined and across:
                p.add(*group.at("across"), "a `combine` entry is `joined` or `across`, not both")
                continue
            firsts = words(group["first"], group.at("first"))
            thens = words(group["then"], group.at("then"))
            gap = "" if joined else SENTENCE_GAP if across else GAP
            made = [f"{a}{gap}{b}" for a in firsts for b in thens]
            out.extend(made)
            if gap:  # words written together are no parts joined (OpenCC converts them whole)
                combos.append((firsts, thens, made))
            conditions = [key for key in held_to if key in group]
            for key in conditions:
                held_to[key].update(made)
            if not conditions:
                plain.update(made)
        # a word listed without the condition as well (建议…联系) is not held to it
        for words_held in held_to.values():
            words_held -= plain
        return out

    for side, nouns in (data.get("actors") or YMap()).items():
        if side not in SIDES:
            p.add(*data["actors"].key_where[side], "actors are listed under customer or company")
            continue
        actors.setdefault(side, []).extend(words(nouns, data["actors"].at(side)))
    if "negators" in data:
        negators.extend(words(data["negators"], data.at("negators")))
    if "repetition" in data:
        repetition.extend(words(data["repetition"], data.at("repetition")))
    if "repetition_once" in data:
        once.extend(words(data["repetition_once"], data.at("repetition_once")))
    if "machines" in data:
        machines.extend(words(data["machines"], data.at("machines")))
    acts = data.get("acts") or YMap()
    if not isinstance(acts, YMap):
        p.add(*data.at("acts"), "`acts` maps act names to {title, words}")
        acts = YMap()
    for name, spec in acts.items():
        where = acts.key_where[name]
        if not isinstance(spec, YMap) or "words" not in spec:
            p.add(*where, f"act '{name}' needs `words` (and a `title`)")
            continue
        for key in spec:
            if key not in ACT_KEYS:
                p.add(*spec.key_where[key], f"unknown key '{key}' in act '{name}'; known: "
                                            f"{', '.join(sorted(ACT_KEYS))}")
        # a later file that only adds words keeps what an earlier one said of the act
        old = lexicon.acts.get(name)
        future = flag(spec, old, "future", True)
        speech = spec.get("speech", old.speech if old else "subject")
        if speech not in SPEECH_MODES:
            p.add(*spec.at("speech"), "speech is `subject`, `speaker`, `sayer` or `teller`")
            speech = "subject"
        unnamed = spec.get("unnamed", old.unnamed if old else "sender")
        if unnamed not in UNNAMED_MODES:
            p.add(*spec.at("unnamed"), "unnamed is `sender` or `company`")
            unnamed = "sender"
        cannot, questions, admitted, received, completed, time_clause = (
            flag(spec, old, key, default)
            for key, default in (("cannot", True), ("questions", False), ("admitted", False),
                                 ("received", False), ("completed", True),
                                 ("time_clause", False)))
        negation = spec.get("negation", old.negation if old else "clause")
        if negation not in NEGATION_MODES:
            p.add(*spec.at("negation"), "negation is `clause` or `next`")
            negation = "clause"
        not_in_clause = old.not_in_clause if old else ()
        if "not_in_clause" in spec:
            given = words(spec["not_in_clause"], spec.at("not_in_clause"))
            not_in_clause = tuple(dict.fromkeys([*not_in_clause,
                                                 *(phrase_parts(w) for w in given)]))
        formula, uncounted = (added_words(spec, key, getattr(old, key) if old else frozenset())
                              for key in ("formula", "uncounted"))
        limit_words = added_words(spec, "limits", old.limit_words if old else frozenset())
        appointment_words = added_words(spec, "appointments",
                                        old.appointment_words if old else frozenset())
        listed = words(spec["words"], spec.at("words"))
        listed.extend([*limit_words, *appointment_words])
        held_to: dict[str, set] = {key: set(getattr(old, field)) if old else set()
                                   for key, (_, field) in HELD_TO.items()}
        held = ([w for w in old.words if not any(w in words for words in held_to.values())]
                if old else [])
        listed.extend(combined(spec, name, [*listed, *held], held_to))
        merged = tuple(dict.fromkeys([*(old.words if old else ()), *listed]))
        withdrawn = old.withdrawn if old else ((), ())
        if "withdrawn" in spec:
            given = spec["withdrawn"]
            if not isinstance(given, YMap) or set(given) != {"words", "by"}:
                p.add(*spec.at("withdrawn"), "`withdrawn` has two lists, `words` (of this act) "
                                             "and `by` (what, said after one, takes it back)")
            else:
                later = [to_simplified(w) for w in words(given["by"], given.at("by"))]
                if given["words"] == "all":  # every word of the act, added later ones too
                    taken = EVERY_WORD
                else:
                    listed = words(given["words"], given.at("words"))
                    for word in listed:
                        if word not in merged:
                            p.add(*given.at("words"), f"'{word}' in `withdrawn` is not a word "
                                                      f"of act '{name}'")
                    taken = (withdrawn[0] if withdrawn[0] is EVERY_WORD
                             else tuple(dict.fromkeys([*withdrawn[0], *listed])))
                withdrawn = (taken, tuple(dict.fromkeys([*withdrawn[1], *later])))
        lexicon.acts[name] = ActDef(name, str(spec.get("title") or (old.title if old else name)),
                                    merged, speech, future, unnamed, cannot, withdrawn, negation,
                                    questions, admitted, completed,
                                    not_in_clause=not_in_clause, formula=formula,
                                    uncounted=uncounted, received=received,
                                    time_clause=time_clause, limit_words=limit_words,
                                    appointment_words=appointment_words,
                                    **{field: frozenset(held_to[key])
                                       for key, (_, field) in HELD_TO.items()})
    p.raise_if_any()


def load_lexicon(rule_dirs: list[Path] | tuple = ()) -> Lexicon:
    """The built-in lexicon, plus the `lexicons/` folder of each extra rule folder."""
    folders = [builtin_lexicon_dir(), *(Path(d) / "lexicons" for d in rule_dirs)]
    paths = tuple(str(p) for folder in folders if folder.is_dir()
                  for p in sorted(folder.iterdir())
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    return _load(paths)


# ----------------------------------------------------------------------------- reading


class Reading:
    """What the narrative layer says about one occurrence of an act word."""

    __slots__ = ("actor", "side", "negated", "negator", "repeated")

    def __init__(self, actor, side, negated, negator, repeated):
        self.actor, self.side, self.negated = actor, side, negated
        self.negator, self.repeated = negator, repeated


class Mention:
    __slots__ = ("start", "end", "label", "side", "subject", "agent")

    def __init__(self, start, end, label, side):
        self.start, self.end, self.label, self.side = start, end, label, side
        self.subject = True  # not an object (向客户…) nor a possessor mid-clause (…人员的电话)
        self.agent = False  # after 被 (顾客被店员推搡) or 说 (顾客说店员…): its own clause only


# A party labelled as someone's relative (陈先生妻子, 王女士外孙女): whose, and which relative (the
# longest relative word: 外孙女, not 外 + 孙女)
_RELATIVE_LABEL_RE = re.compile("(.{2,}?)(妻子|丈夫|老婆|老公|爱人|女儿|儿子|母亲|父亲|妈妈|爸爸|家属|老伴|"
                                "孙子|孙女|外孙女|外孙|儿媳|女婿|家人|朋友|同事)")


# What may follow a negator that ends a rules' word jieba made (到现在也没, 都没说), and what
# opens a chasing question (怎么还没), whose negator asks why rather than tells
_NEGATED_TAILS = ("", "说", "说过")
_ASKING_WHY = ("怎么", "为什么", "为啥", "咋")


class CaseNarrative:
    """The narrative reading of one case: mentions of parties, actors, negation, times."""

    def __init__(self, view, lexicon: Lexicon):
        self.view = view
        self.lexicon = lexicon
        case = view.case
        simple_labels = [(to_simplified(label), label) for label in case.parties]
        # a relative labelled by whose relative they are (陈先生妻子) is told with 的 too
        # (陈先生的妻子赶到医院): as one name, not 陈先生 followed by a noun
        simple_labels += [(m.group(1) + "的" + m.group(2), label) for simple, label in simple_labels
                          for m in [_RELATIVE_LABEL_RE.fullmatch(simple)] if m]
        self.labels = sorted(simple_labels, key=lambda pair: len(pair[0]), reverse=True)
        # how a story names a party after introducing it: 客服小陈 -> 小陈, 安装师傅老郑 -> 老郑
        self.names = sorted(self._short_names(), key=lambda pair: len(pair[0]), reverse=True)
        self._mentions: dict[int, list[Mention]] = {}  # marked (subject, agent)
        self._spans: dict[int, list[Mention]] = {}  # the same, maybe not marked yet
        self._noun_labels: dict[tuple, str | None] = {}
        self._found: dict[tuple, list] = {}  # (utterance, act) -> matches
        self._readings: dict[tuple, Reading] = {}
        self._occurrences: dict[tuple, list] = {}
        self._where: dict[str, list] | None = None  # act -> utterances that may hold it

    # --- who is who

    def side_of(self, label: str | None) -> str | None:
        role = self.view.case.role_of(label)
        if role == "customer":
            return "customer"
        if role in ("agent", "staff", "manager"):
            return "company"
        return role  # "other" or None

    def mentions(self, u, text: str) -> list[Mention]:
        """Party labels and role nouns in the text (pronouns too, in dialogue), in order,
        each marked as a clause's subject or not, and as an agent or not."""
        found = self._mentions.get(u.ordinal)
        if found is not None:
            return found
        out = self.mention_spans(u, text)
        previous = None
        for m in out:
            floor = clause_start(text, m.start)
            if previous is not None and previous.end == m.start:  # 给移动公司工作人员: one noun
                m.subject, m.agent = previous.subject, previous.agent
                previous.subject = False  # the head noun speaks for the compound
            else:
                start = m.start
                if start and text[start - 1] in _SURNAMES and text[start:m.end] in SURNAMED_TITLES:
                    start -= 1  # 通知周大爷: the surname is the title's own
                before = text[floor:start]
                m.subject = not (_is_object(text, start, floor)
                                 or (_POSSESSOR_RE.match(text, m.end) is not None and m.start > floor)
                                 # 前台称“你们业主懂什么”: the one addressed, in a narration
                                 or (u.turn is None and before.endswith(SECOND_PERSON))
                                 # 并就队员说住户私拉乱接的话向她道歉: inside the topic 就…
                                 or _TOPIC_OPENER_RE.match(before) is not None
                                 # 接到市场监管部门转来的投诉: who forwarded what was received;
                                 # 看了孙先生拍的照片: after any verb and its 了, who did what is
                                 # told of the verb's object (not 材料齐了我们重新核算)
                                 or ((before.endswith(_RECEIVED_VERBS) or _after_verb_le(before))
                                     and _RELATIVE_AFTER_RE.match(text, m.end) is not None)
                                 # 林阿姨，实在抱歉: the one addressed, at a turn's head
                                 or (u.turn is not None and len(before.strip()) <= 1
                                     and _VOCATIVE_END_RE.match(text, m.end) is not None))
                if (m.subject and clause_end(text, m.end) == m.end
                        and any(o.subject and o.label != m.label
                                and floor <= o.start < o.end < m.start for o in out)
                        and _INTRODUCED_AT_END_RE.search(before) is None):
                    # 车位销售未优先满足业主，当场…: a party named last in a clause that has its
                    # own subject is that subject's object, not who the next clause is about
                    m.subject = False
                m.agent = (_unmodified(before).endswith(AGENT_BEFORE)
                           or _reported_after_enumeration(text, floor)
                           # a clause opening on 见 (seeing that): 见老人满头是汗，他们先扶她坐下
                           or before.lstrip() == "见"
                           # 有旅客嗓门大了些，她回了一句…: one introduced by 有, with the story
                           # going on at a pronoun, is this clause's subject only
                           or (_EXISTENTIAL_RE.search(before) is not None
                               and _pronoun_opens_next_clause(text, m.end))
                           # 邓先生不用再跑，五个工作日内办结: who need not do something is
                           # told in another's offer, and that offer goes on after it
                           or _NEED_NOT_RE.match(text, m.end) is not None)
            if (m.subject and previous is not None and not previous.subject
                    and previous.start >= floor
                    and _CONJOINED_RE.fullmatch(text, previous.end, m.start) is not None):
                # 向邓女士及所有住客致歉: joined to an object, the party is an object too
                m.subject = False
            previous = m
        self._mentions[u.ordinal] = out
        return out

    def mention_spans(self, u, text: str) -> list[Mention]:
        """mentions() before anything is marked on them (a word inside a name needs only
        where the names are; marking subjects is the dearer part, done on first need)."""
        found = self._spans.get(u.ordinal)
        if found is not None:
            return found
        taken: list[tuple[int, int]] = []
        out: list[Mention] = []

        def free(a, b):
            return all(b <= x or a >= y for x, y in taken)

        for simple, label in (*self.labels, *self.names):
            pos = text.find(simple)
            while pos != -1 and simple:
                if free(pos, pos + len(simple)):
                    taken.append((pos, pos + len(simple)))
                    out.append(Mention(pos, pos + len(simple), label, self.side_of(label)))
                pos = text.find(simple, pos + 1)
        for m in self.lexicon.nouns_re.finditer(text):
            if text.startswith("该", m.start()) and text[m.start() - 1:m.start()] == "应":
                continue  # 这样应该行吗: the 该 of 应该 names nobody (a lookbehind in the
                # pattern would cost every text its fast literal scan)
            if text.startswith(_A_THING_OF_IT, m.end()) or text.endswith(_PLACES_TO_POST, 0, m.start()):
                continue  # 银行卡, 物业费, 发到社交平台: a thing of the company's, or a place
                # to post in, not anyone who acts
            if free(m.start(), m.end()):
                side = self.lexicon.noun_side(m.group())
                label = self._label_for_noun(u, m.group(), side)
                taken.append((m.start(), m.end()))
                out.append(Mention(m.start(), m.end(), label, side))
        if u.turn is not None:
            for m in _PRONOUN_RE.finditer(text):
                if free(m.start(), m.end()):
                    who = "speaker" if m.group().startswith("我") else "listener"
                    taken.append((m.start(), m.end()))
                    out.append(self._pronoun(u, m.start(), m.end(), who))
        if u.turn is None:
            out.extend(self._narrated_pronouns(u, text, out, free))
            out.extend(self._quoted_we(u, text, free))
        out.sort(key=lambda m: m.start)
        self._spans[u.ordinal] = out
        return out

    def _quoted_we(self, u, text: str, free) -> list:
        """我们 in a quotation inside narration (收到短信，内容是“…我们深表歉意…”; 店长说“是我们
        没做好”) is the company side of the event speaking: the company party it names."""
        if "我们" not in text:
            return []
        event = u.event
        company = next((label for label in (event.sender, event.to)
                        if label is not None and self.side_of(label) == "company"), None)
        if company is None:
            return []
        out = []
        for a, b in self.view.analysed(u)[1].quoted:  # found once per text, shared with `said`
            pos = text.find("我们", a, b)
            while pos != -1:
                if free(pos, pos + 2):
                    out.append(Mention(pos, pos + 2, company, "company"))
                pos = text.find("我们", pos + 2, b)
        return out

    def _narrated_pronouns(self, u, text: str, named: list, free) -> list:
        """他/她/他们/她们 opening a clause of narration, with a party of the event named as
        the object in that clause (她一边安慰周先生, 他问小邓…): the pronoun is the event's
        other party. Without such an object the story's subject carries on as before."""
        out = []
        event = u.event
        ends = (event.sender, event.to)

        def other_end(label: str) -> str | None:  # the event's party that is not `label`
            other = ends[1] if label == ends[0] else ends[0]
            return other if other is not None and other != label else None

        for m in _NARRATED_PRONOUN_RE.finditer(text):
            floor = clause_start(text, m.start())
            if (text[floor:m.start()].strip(" ”」』\"") not in CLAUSE_OPENING_ADVERBS
                    or not free(m.start(), m.end())):
                continue
            stop = clause_end(text, m.end())
            for n in named:
                if not (m.end() <= n.start < stop) or n.label not in ends:
                    continue
                if _is_object(text, n.start, floor) or text[m.end():n.start].find("向") != -1:
                    other = other_end(n.label)
                    if other is not None:
                        out.append(Mention(m.start(), m.end(), other, self.side_of(other)))
                    break
            else:
                sayer = _sayer_before(text, floor, named)
                if sayer is not None and not _gender_clash(m.group(), sayer.label):
                    # 客服听完说，…不该由用户出钱；她把单子转给…: the one who said it, not
                    # whoever was named in what was said
                    out.append(Mention(m.start(), m.end(), sayer.label, sayer.side))
                    continue
                # 马大爷递上回执，她看也没看就推了回来: 她 cannot be 马大爷, whom the story would
                # carry on; it is the event's other party (and 他 after 钱阿姨 likewise)
                # (a role noun of nobody in the case, 家里有老人孩子, is no party to refer to)
                before = _last_subject(text, named, 0, m.start())  # the story's subject
                last = before.label if before else None
                if before is None:
                    # 我去找驾驶员，他扫了一眼说…: a first-person story names no subject; the
                    # pronoun is the party named last in its sentence, object or not
                    named_last = max((n for n in named if n.end <= m.start()
                                      and n.start >= sentence_start(text, m.start())),
                                     key=lambda n: n.start, default=None)
                    if (named_last is not None and named_last.label in ends
                            and not _gender_clash(m.group(), named_last.label)):
                        out.append(Mention(m.start(), m.end(), named_last.label, named_last.side))
                    elif named_last is None and _FIRST_PERSON_SINGULAR_RE.search(
                            text, _sentence_before(text, m.start()), m.start()):
                        # 我讲了快二十分钟，她一次也没打断: told as 我, the customer; the
                        # pronoun is the one listened to, the event's other party (told in
                        # the sentence before too: 我跟顾问说要退费。她说下周一给我答复)
                        narrator = next((e for e in ends
                                         if e is not None and self.side_of(e) == "customer"), None)
                        other = other_end(narrator) if narrator is not None else None
                        if other is not None and not _gender_clash(m.group(), other):
                            out.append(Mention(m.start(), m.end(), other, self.side_of(other)))
                    continue
                # …nor the narrator of a story told as 我 (我讲了十分钟，他就蹲在墙边听)
                if last in ends and (_gender_clash(m.group(), last)
                                     or text[before.start:before.end] in FIRST_PERSON):
                    other = other_end(last)
                    if other is not None and not _gender_clash(m.group(), other):
                        out.append(Mention(m.start(), m.end(), other, self.side_of(other)))
        return out

    def _short_names(self) -> list[tuple[str, str]]:
        """(short name, label) for labels made of a role and a name (客服小陈 -> 小陈, 安装师傅老郑
        -> 老郑, 维修工张某 -> 张某, 窗口人员王晓 -> 王晓); a name two parties would share names
        neither."""
        found: dict[str, set[str]] = {}
        for simple, label in self.labels:
            name = name_after_role(simple)
            if name:  # 设计师小吴, 维修工张某
                found.setdefault(name, set()).add(label)
            full_name = full_name_after_role(simple)  # 窗口人员王晓, 客服代表李小明
            if full_name:
                found.setdefault(full_name, set()).add(label)
            # 行李查询员 -> 查询员: the role a story names the party by once it is introduced
            if len(simple) >= 5 and simple[-1] in ROLE_SUFFIXES:
                found.setdefault(simple[-3:], set()).add(label)
        # the name a party is given (平台客服: {role: agent, name: 小周}): 小周就打断她
        for label, party in self.view.case.parties.items():
            if party.name:
                found.setdefault(to_simplified(party.name), set()).add(label)
        # the name a narration introduces right after the label (服务顾问小郑接车): 小郑说…,
        # unless a label or a declared name has it (安检员小周 is a party of its own)
        known = set(found)
        for u in self.view.utterances:
            if u.turn is None:
                text = self.view.analysed(u)[0].text
                for simple, label in self.labels:
                    pos = text.find(simple)
                    while pos != -1:
                        name = _INTRODUCED_NAME_RE.match(text, pos + len(simple))
                        if name and name.group() not in known:
                            found.setdefault(name.group(), set()).add(label)
                        pos = text.find(simple, pos + 1)
        taken = {simple for simple, _ in self.labels}
        return [(name, next(iter(labels))) for name, labels in found.items()
                if len(labels) == 1 and name not in taken]

    def _pronoun(self, u, start, end, who) -> Mention:
        if who == "speaker":
            return Mention(start, end, u.party, self.side_of(u.party))
        label, side = self.counterpart(u, u.party, self.side_of(u.party))
        return Mention(start, end, label, side)

    def _label_for_noun(self, u, noun: str, side: str | None) -> str | None:
        """A role noun names a party of the case when one label holds it (工作人员 in
        投诉部工作人员李某); the event's own parties are preferred."""
        key = (noun, side, u.event.sender, u.event.to)
        if key not in self._noun_labels:
            self._noun_labels[key] = self._find_label_for_noun(u, noun, side)
        return self._noun_labels[key]

    def _find_label_for_noun(self, u, noun: str, side: str | None) -> str | None:
        simple = noun  # found in the Simplified text by a Simplified pattern
        event = u.event
        candidates = [label for simple_label, label in self.labels if simple in simple_label]
        for label in (event.sender, event.to):
            if label in candidates:
                return label
        same_side = [c for c in candidates if self.side_of(c) == side]
        return same_side[0] if len(same_side) == 1 else None

    def counterpart(self, u, label: str | None, side: str | None) -> tuple[str | None, str | None]:
        """The other side of an exchange: for the customer, the company party of the event."""
        if side == "customer":
            want = "company"
        elif side == "company":
            want = "customer"
        else:
            return None, None
        event = u.event
        for other in (event.to, event.sender):
            if other != label and self.side_of(other) == want:
                return other, want
        return None, want

    def actor_matches(self, selector: frozenset[str], reading: Reading) -> bool:
        """A party selector (customer, company, first-owner…) against who did an act: a
        party of the case, or only a side (工作人员 not matching one party, 无人…)."""
        if "any" in selector:
            return True
        if reading.actor is not None and reading.actor in self.view.case.parties:
            return self.view.party_matches(selector, reading.actor)
        return (reading.side == "customer" and "customer" in selector) or (
            reading.side == "company" and ("company" in selector
                                           or bool(selector & {"agent", "staff", "manager"})))

    # --- one occurrence of an act

    def _sends_customer(self, u, text: str, m) -> bool:
        """The word's first part (让, 建议…) is followed by someone of the customer side — a
        party, a name, a customer noun, or 他/她/其 when the last one named before the
        clause is of that side — and nothing after the word in its clause points back at
        the one who sends them (让他有事找我, 让她有事直接联系他): the customer sent to see
        to it with someone else."""
        pos = m.start + len(phrase_parts(m.phrase)[0])
        mentions = self.mention_spans(u, text)
        named = next((n for n in mentions if n.start == pos), None)
        if named is not None:
            if named.side != "customer" or text.startswith(SECOND_PERSON, pos):
                return False  # 让您久等了, 让您两头打电话: what the customer was put through
        elif text.startswith(_OBJECT_PRONOUNS, pos):
            # the last one named before its clause (the clause's own is who sends them)
            floor = clause_start(text, pos)
            before = [n for n in mentions if n.end <= floor and n.side is not None]
            side = before[-1].side if before else (
                "customer" if "customer" in (self.side_of(u.event.sender),
                                             self.side_of(u.event.to)) else None)
            if side != "customer":
                return False
        else:
            return False
        rest = text[m.end:clause_end(text, m.end)]
        # 让他有事找我; 让她有事直接联系他 (the one who says so, told): back to the same person
        return "我" not in rest and not (rest[:1] in ("他", "她") and rest[1:2] not in ("们",))

    def _names_customer(self, u, text: str, m) -> bool:
        """Someone of the customer side (a party, a name, a customer noun, a pronoun that
        stands for them) is named between the word's first part and its last: the cause
        laid at their door (系个别住户窗框打胶老化所致, 是您家装修时弄坏的)."""
        parts = phrase_parts(m.phrase)
        lo, hi = m.start + len(parts[0]), m.end - len(parts[-1])
        return any(lo <= n.start and n.end <= hi and n.side == "customer"
                   for n in self.mention_spans(u, text))

    def _leaves_errand(self, u, text: str, m, act: ActDef) -> bool:
        """The errand the word names (得找…开发商, 归…航空公司) is left to the customer: said,
        or told as said (a story's 周女士去后台找了审批科 is her own errand); nobody of the
        company side named before it in its clause (我们得找厂家核实); not spared (不需要您再
        去找网点), done for them (帮您问问物业) or the speaker's own to do (说会找厂家核实);
        and not taken over later in its sentence (这事得找厂家，我帮您联系; …由店里的专员代办),
        nor by anything the act's `withdrawn.by` lists after it."""
        if u.turn is None and not told_as_said(text, m.start):
            return False
        floor = clause_start(text, m.start)
        for said in _SPEAKING_RE.finditer(text, floor, m.start):  # 店员说这个得找厂家: what
            floor = said.end()                                   # is said has its own subject
        if any(floor <= n.start < m.start and n.side == "company"
               for n in self.mention_spans(u, text)):
            return False
        if (self.lexicon.negators_re.search(text, floor, m.start) is not None
                or _ERRAND_TAKEN_ON_RE.search(text, floor, m.start) is not None
                # told as said, 他们 is the teller's side: 师傅说他们得找厂家调配件
                or (u.turn is None and text.startswith(("他们", "她们"), floor))):
            return False
        if _ERRAND_TAKEN_OVER_RE.search(text, m.end, sentence_end(text, m.end)) is not None:
            return False
        if u.turn is not None and _MATTER_DONE_RE.search(text, 0, floor) is not None:
            return False  # the matter done for them first: what is left is the next step
        return not _taken_back(text, m.end, act)

    def part_of_name(self, u, text: str, start: int, end: int, phrase: str = "") -> bool:
        """The word (or its first part, for 会…赔) lies inside a party's name or a role noun
        (维修 in 维修人员, 会 in 会员), so it is not an act."""
        parts = phrase_parts(phrase) if phrase else ()
        first_end = start + len(parts[0]) if len(parts) > 1 else end
        return any(m.start <= start and first_end <= m.end and (m.end - m.start) > (first_end - start)
                   for m in self.mention_spans(u, text))

    def _other_side_subject(self, u, text: str, start: int, side: str | None):
        """The subject named last before `start` in its sentence, when it is of the other side
        than the speaker's (a party, a role noun or 你们): else None."""
        floor = sentence_start(text, start)
        for m in reversed(self.mentions(u, text)):
            if m.end > start or not m.subject:
                continue
            if m.start < floor:
                return None
            return m if m.side not in (None, side) and m.label != u.party else None
        return None

    def asserted(self, text: str, start: int, questions: bool = False, end: int = -1) -> bool:
        """False when the act's clause is a concession, a condition or a question
        (尽管不属于维护范围, 如果…, 是否…): it tells of no act. With `questions`, a leading
        question (是不是在别家买的?) is told as the act: it imputes it. With the word's `end`,
        a rule for times to come (以后报告延误会主动短信通知) is no act either."""
        a = clause_start(text, start)
        before = text[a:start].lstrip().lstrip(_OPENING_QUOTES)
        asked = questions and next((q for q in LEADING_QUESTIONS if before.startswith(q)), None)
        if asked:
            if _NOT_ASKED_RE.search(text, sentence_start(text, a), a):
                return False  # 没有追问他是不是放久了、是不是在别处买的: never asked
            before = before[len(asked):]  # the rest of the clause is read as usual
        # (after a time the clause may open on: 到时候要是没人联系您)
        return not (before[_leading_len(before):].startswith(NOT_ASSERTED)
                    # an embedded question: 问工作人员是否已把情况向上级反映, 对何时退款、由谁
                    # 退款没有给出答复
                    or _asked_about(text[a:start])
                    or _conditional_clause(text, a, start)
                    or _unmarked_condition(text, a, start)
                    or _BELIEF_RE.search(text, a, start) is not None
                    # a rule for times to come: 以后报告延误会主动短信通知 (when one is late…)
                    or (_FROM_NOW_ON_RE.search(text, a, start) is not None
                        and end >= 0 and _THEN_RE.match(text, end) is not None)
                    # (one past `start`, so that 应该(?!是) sees the act's first character)
                    or any(m.end() <= start for m in
                           _NOT_TOLD_BEFORE_RE.finditer(text, max(a, start - 4), start + 1)))

    def read(self, u, text: str, start: int, end: int, act: ActDef, analysed,
             phrase: str | None = None) -> Reading:
        subjects = {m.start for m in self.mentions(u, text) if m.subject}
        if act.negation == "next":
            negator = self._negator_next(text, start)
            parts = phrase_parts(phrase) if phrase else ()
            if negator is None and len(parts) > 1 and text.endswith(parts[-1], 0, end):
                # …or before its last part, after the first (您着不着急, 心里一定不难受; not
                # the 不 of 能不 in 能不上火吗, nor a rhetorical 当妈的哪能不后怕)
                last = end - len(parts[-1])
                negator = self._negator_next(text, last)
                if negator is not None and (last - len(negator) < start + len(parts[0])
                                            or text.endswith("能" + negator, 0, last)):
                    negator = None
        else:
            negator = (self._negator(text, start, analysed, subjects)
                       # (not after a word that ends on its own negator: 过了约定时段，师傅既没来也没
                       # 打电话 goes on with the word's 没, it does not negate it)
                       or (None if text.endswith(_OWN_NEGATOR_ENDS, start, end)
                           else _negated_after(text, start, end))
                       or (act.cannot and _cannot(text, start, end, phrase))
                       or _negated_quote(text, start)
                       or _negated_quoted_object(text, start, self.lexicon.negators_by_length)
                       or _negated_within(text, start, end, phrase))
            if negator is not None and _EVEN_IF_NOT_RE.match(text, end):
                negator = None  # 没有新消息也会打给您: a condition granted, no act denied
            elif negator is not None and _NOT_KNOWING_RE.search(text, clause_start(text, start), start):
                negator = None  # 我们还不知道窗口是这么答复的: what is not known, 答复 is told
        actor, side = self._actor(u, text, start, act, end, phrase)
        if negator is not None and u.turn is not None and act.speech != "subject":
            # 你们那个接电话的，一句安慰都没有: what the speaker says the other side did not do
            # is the other side's (said of oneself, 您先别着急 is the speaker's own comfort)
            told_of = self._other_side_subject(u, text, start, side)
            if told_of is not None:
                actor, side = told_of.label, told_of.side
        if act.received and (_RECEIVED_BEFORE_ACT_RE.search(text, clause_start(text, start), start)
                             or (negator is None and _RECEIVED_AFTER_ACT_RE.match(text, end))):
            # 又接到一个推销电话, 有没有再接到骚扰电话, 工作上的电话好几次没接到: a call the
            # subject received (or missed) is no contact the subject made
            actor, side = self.counterpart(u, actor, side)
        if negator is not None and _received_after(text, end):
            # 她一个电话也没等来: what the subject did not receive, the other side did not give
            actor, side = self.counterpart(u, actor, side)
        floor = clause_start(text, start)
        if negator is not None:
            if negator in UNSPECIFIED_NEGATORS or text.find(negator + "人", floor, start) != -1:
                # 此后无人回访, 也没有人再联系她: nobody on the side that should have; the story's
                # subject (the customer, carried from before) is not the one who failed to
                own = any(m.subject and floor <= m.start < start for m in self.mentions(u, text))
                if side is None or actor == u.party or not own:
                    actor, side = None, "company"
        # up to the act's end any repetition word (a count may hold the act: 10多个电话);
        # after it only a count (反映了三次, 打了好几次): an adverb there belongs to a later
        # verb (反映连续两周约不上: the failing repeats)
        # 1 when it tells one more time only (再次打热线, 又去了一趟), 2 when more (多次, 三次)
        # Before the act's clause, only the subject's own clause counts (钱大爷第二次到营业厅，
        # 要求…; not 刘先生报修，…，天气又热，希望尽快来人), and there not a count after a
        # verb, which counts that verb (我刷了二十多次，还是扣了六百，找办卡的人…).
        origin = self._repetition_from(u, text, start)
        subject_end = clause_end(text, origin) if origin < floor else floor
        # In the act's clause, a count before it that a 后 closes counts what was done before
        # the act (重启光猫三次无效后拨打10000号: the restarting), not the act.
        # Not a count inside one conversation (中间几次抱怨: said over and over in one call).
        found = [m.group() for m in self.lexicon.repetition_re.finditer(text, origin, end)
                 if not text.endswith(_WITHIN_ONE_TALK, 0, m.start())
                 and not _OTHERS_TOO_RE.match(text, m.end())
                 and ((m.start() >= floor and not (m.end() <= start
                                                   and "后" in text[m.end():start]))
                      or (m.start() < subject_end
                          and text[m.start() - 1:m.start()] not in _POSTVERBAL_MARKERS))]
        # …and not past a saying verb: 来电说自己刷了二十多次卡 counts the swiping
        stop = clause_end(text, end)
        said = _SPEAKING_RE.search(text, end, stop)
        after = _REPETITION_AFTER_RE.search(text, end, said.start() if said else stop)
        if after is not None and not (text[after.start() - 1] in _POSTVERBAL_MARKERS
                                      and after.start() - 1 > end):
            # (a count after another verb's 了 counts that verb: 抱怨排了两次队)
            found.append(after.group())
        once = self.lexicon.repetition_once
        repeated = (0 if not found or (phrase and phrase in act.uncounted)
                    else 1 if all(w in once for w in found) else 2)
        if repeated == 1:
            sentence = sentence_start(text, start)
            if _RECURRENCE_RE.search(text, sentence_start(text, max(sentence - 1, 0)), floor):
                # 两周后空调又开始滴水，用户再次拨打热线: the trouble came back and is reported
                # anew, once; not the customer chasing what was left undone (told in the
                # sentence before, too: 第二天晚上再次停电。王先生又一次报修)
                repeated = 0
            else:
                # back once for something else than an answer never given: to contest the one
                # given (第二天小蒋又来了，不同意这个说法), to thank (出院后又打电话到护理部，感谢
                # 那几天的照顾), or to go over the head of the one who answered (杜先生再次拨打，
                # 要求找负责人; 再次来电，点名投诉前一位坐席的态度)
                end_of_sentence = sentence_end(text, start)
                if any(p.search(text, sentence, end_of_sentence) for p in _BACK_FOR_ANOTHER_REASON):
                    repeated = 0
                elif found == ["又"] and _also_after_another_act(text, floor, start, end):
                    repeated = 0  # 小林报了警，又拨打12305: and also, not once more
        return Reading(actor, side, negator is not None, negator, repeated)

    def negator_at(self, u, start: int, end: int) -> str | None:
        """The negator a narration's reading finds for the words at text[start:end] of
        the utterance, read as an act's are (its clause, past a subject or a 向/给… phrase:
        12345未再向许女士回访核实, 此前没有任何人打电话确认修复效果), if any."""
        analysed = self.view.analysed(u)[1]
        text = analysed.text
        subjects = {m.start for m in self.mentions(u, text) if m.subject}
        return (self._negator(text, start, analysed, subjects)
                or _negated_after(text, start, end))

    def _repetition_from(self, u, text: str, start: int) -> int:
        """Where a repetition word may stand for the act: its clause, or back to its subject
        when the subject is named earlier in the sentence (钱大爷第二次到营业厅，要求校验水表:
        the request is his second)."""
        floor = clause_start(text, start)
        sentence = sentence_start(text, start)
        for m in reversed(self.mentions(u, text)):
            if m.end <= floor and m.subject:
                return m.start if m.start >= sentence else floor
            if m.end <= start and m.subject:  # its subject is in its own clause
                return floor
        return floor

    def _negator_next(self, text: str, start: int) -> str | None:
        """The negator right before the word, or before 是 right before it (不是很正常)."""
        end = start - 1 if text[start - 1:start] == "是" else start
        return next((n for n in self.lexicon.negators_by_length if text.endswith(n, 0, end)),
                    None)

    def _negator(self, text: str, start: int, analysed, subjects: set[int]) -> str | None:
        """The negator that negates the act at `start`, if any: the nearest one before it in
        its clause (see _nearest_negator), or one before a topic the act is about (没有人就
        没有事先通知一事向他道歉; 未就换师、停课作任何道歉), whose own negators and
        enumeration are the topic's."""
        found = self._nearest_negator(text, start, analysed, subjects)
        if found is None:
            topic = _NEGATED_TOPIC_RE.search(text, sentence_start(text, start), start)
            if topic is not None:
                return topic.group(1)
            listed = _NEGATED_LIST_RE.search(text, clause_start(text, start, _SCOPE_BREAK_RE), start)
            if listed is not None:
                return listed.group(1)
        return found

    def _nearest_negator(self, text: str, start: int, analysed, subjects: set[int]) -> str | None:
        negators = self.lexicon.negators
        bounds = analysed.clause_bounds(start)
        if bounds is None or not self.lexicon.negators_re.search(text, bounds[0], start):
            return None  # no negator before the act in its clause: nothing to segment
        if _answers_if_not(text[bounds[0]:start], text, start, negators):
            return None  # 没有我挂了: the act word begins with its subject
        if (text.startswith(SECOND_PERSON, start) and text.endswith(_CLEFT_NOT, bounds[0], start)
                and not rhetorical_not(text, "不是", start)):
            # 不是您自己选的: the act word begins with the one it names, and 不是 before them
            # clears them of it (不是 negates no act of its own; not 不是您自己选的吗?)
            return "不是"
        region = analysed.region_at(start)
        if region is None:
            return None
        index = region.starts.get(start)
        tokens = region.tokens
        if text.startswith(_THEN, start):
            return None  # 没说再见就挂断了: a rule's word that opens on 就 is what happened then
        # inside a longer token (or one of the rules' own words, such as the negator
        # 没有答应, where a phrase may start): the part of it before the act word
        prep = None  # the nearest preposition passed (向黄女士道歉)
        if index is None or tokens[index].start < start:
            for i, t in enumerate(tokens):
                if t.start < start < t.end:
                    inner = text[t.start:start]
                    if (inner in negators or inner[-1:] in negators
                            # not all of it: 这不完全是他家的线路太旧 (jieba: 不完全是/他家)
                            or (inner[1:] in _NOT_ALL and _not_all_of_it(tokens, i))):
                        return inner
                    if inner.endswith(_THEN):
                        return None  # 就挂断了 one token: the negator before it is 说再见's
                    index = i
                    if inner in CAUSE_PREPOSITION_TARGETS:  # 表示歉意, one of the rules' words
                        prep = i
                    break
            else:
                return None
        if text.startswith(CERTAINTY, start) and index:
            word = tokens[index - 1].word
            return word if word in negators else None
        ours = self.view.segmenter._added
        for k in range(index - 1, max(index - 1 - NEGATION_WINDOW, -1), -1):
            word = tokens[k].word
            if word not in negators and word in ours:
                # one of the rules' own phrases made a word (没人跟他说过, a word of another
                # act) still negates with the negator it opens, when a preposition follows
                # that (the verb phrase it opens is negated, see PHRASE_REACH); not 没有权限
                # or 没人管, words of their own, nor a one-character 没 (没按, 没给: their
                # object is often a cause's)
                lead = next((n for n in self.lexicon.negators_by_length
                             if len(n) > 1 and word.startswith(n)), None)
                if lead is not None and word.startswith(PREPOSITIONS, len(lead)):
                    word = lead
                # …or that ends on a negator, or on a negated saying (到现在也没|有|说一句对不起,
                # 一直没有人|联系他, 到现在|都没说|一句对不起: words of the rules' chasing, glued
                # by jieba); not a chasing question's (怎么还没 asks why), nor a 不, as often
                # another word's end (要不, 对不)
                tail = None if word.startswith(_ASKING_WHY) else next(
                    (n for n in self.lexicon.negators_by_length
                     if n != "不" and len(word) > len(n)
                     and word.endswith(tuple(n + said for said in _NEGATED_TAILS))), None)
                if tail is not None:
                    word = tail
                word = NEGATOR_FOR_YOU.get(word, word)  # 无法为您 | 退款: cannot … for you
            if _not_all_of_it(tokens, k):
                word = "不"  # 不全是 (jieba's one word): not all of it is what follows
            if word in CAUSE_PREPOSITION_TARGETS and prep is None:
                prep = k
            if word in SCOPE_BREAKERS and word == "就" and k and tokens[k - 1].word in negators:
                continue  # 未就此事作出解释: 就 is "about", not "then"
            if (not word.strip() or word[0] in CLAUSE_BREAKS or ends_scope(tokens, k)
                    or copula_restart(tokens, k)):
                return None
            if word in negators:
                if _MANNER_IDIOM_RE.match(text, max(tokens[k].start - 2, 0)):
                    continue  # 头也没回说马上就好: the idiom's own 没 (without turning), not 说's
                if potential_not(tokens, k):
                    continue  # 排不过来也不全是…: the complement's 不 (cannot), its verb's own
                if gone_verb(tokens, k, index) or suggesting(tokens, k):
                    continue  # 没了行李…: gone, a verb (but 没了下文 still says none came);
                    # 要不您戴个耳塞: an offer
                if a_not_a(tokens, k, index):
                    return None  # 联系没联系上都告诉您: whether or not, no negation
                if any(tokens[j].word == "的话" for j in range(k + 1, index)):
                    return None  # 没有的话请挂机: the negator is the condition's own (if not)
                if _inside_ba_object(tokens, k, bounds[0]):
                    return None  # 把业务员没讲清条件的情况报给主管: the 把 object's own
                if own_conjunct(tokens, k, index):
                    return None  # 电压不稳或者使用不当: 不 is 稳's, an alternative of its own
                if k and tokens[k - 1].word in BASIS_PREPOSITIONS:
                    return None  # 按不达标天数退还热费: the basis reckoned by, not the act undone
                if k + 1 < index and tokens[k + 1].word in HEDGES:
                    return None  # 不排除个别客人发布不实评价: a hedge asserts what follows
                if manner_not(tokens, k, index):
                    return None  # 对此前处理不及时表示歉意: 不及时 judges the handling, the
                    # cause (没有及时表示歉意 still negates the apology)
                if relative_not(tokens, k, index):
                    return None  # 没考的一周内免费重新安排: those not examined, not the act undone
                if (prep is not None and prep > k + 1 and _in_cause_phrase(text, tokens, k, bounds[0])
                        and not all(tokens[j].word in ADVERBS_BEFORE_PREP for j in range(k + 1, prep))):
                    return None  # 为施工后不清场向她道歉: 不 is the 为 phrase's own
                if (prep is None and index - 1 > k
                        and ((tokens[index - 1].word in self.lexicon.all_firsts
                              and tokens[index - 1].word not in PERSON_PRONOUNS
                              # a role noun (找客户道歉: 客户 begins some act's words) is the
                              # act's object, no predicate of the cause
                              and self.lexicon.noun_side(tokens[index - 1].word) is None)
                             or any(tokens[j].word in CAUSE_JOINERS for j in range(k + 1, index))
                             # 为提示不清楚道歉: the negated word is the cause's own predicate
                             or (index - k >= 2 and len(tokens[index - 1].word) > 1
                                 and tokens[index - 1].word not in MANNER_ADVERBS
                                 and tokens[index - 1].word not in _NOT_A_CAUSE_PREDICATE
                                 # (not the one apologised to: 没有找客户道歉)
                                 and tokens[index - 1].word not in PERSON_PRONOUNS
                                 and self.lexicon.noun_side(tokens[index - 1].word) is None))
                        and _in_cause_phrase(text, tokens, k, bounds[0])):
                    # 为车队迟迟不回复道歉: 不 negates the cause's own act (回复), which ends the
                    # 为 phrase right before this one (not 为这事没有找她道歉); 就信息发布不及时
                    # 和…的言行致歉: the negated word is one of the causes joined (和, 的)
                    return None
                if word in VERB_NEGATORS and k != index - 1 and not all(
                        tokens[j].word in _ANY_KIND for j in range(k + 1, index)):
                    # 店长拒绝并让其自己去找厂家: 拒绝 takes only the act right after it (or
                    # after "any kind of": 拒绝任何形式的补偿)
                    return None
                if (text.startswith("是", start) and not text.startswith(("是否", "是不是"), start)
                        and k < index - 1
                        and not any(tokens[j].word in COPULA_NEGATION_CARRIERS
                                    for j in range(k + 1, index))):
                    return None  # 空调不制冷是他家房子太晒: the topic's own predicate is negated
                # "不能说没人联系你" denies the negation: the act is not told as undone
                return None if text[:tokens[k].start].endswith(DENIED_SAYING) else word
            if tokens[k].start in subjects:  # a new subject: 经理耐心解释
                # …unless the subject itself is denied: 没有(一个)工作人员向她道歉
                return _denied_subject(text, tokens[k].start, negators)
        return None

    def _then_named(self, u, text: str, start: int, end: int) -> int | None:
        """For a word "A 还没…, B 就" (ending at `end` with 就): where its 就 is, when the
        clause of that 就 comes after the word's first and names who does it (郑先生话还没
        说完，客服就开始念条款: 客服 cut him short); else None, and the word tells no act
        (话还没说完就哭了起来: nobody else did anything)."""
        last = end - 1
        floor = clause_start(text, last)
        if floor > start and any(m.subject and floor <= m.start < last
                                 for m in self.mentions(u, text)):
            return last
        return None

    def _actor(self, u, text: str, pos: int, act: ActDef, end: int,
               phrase: str | None = None) -> tuple[str | None, str | None]:
        start = pos
        if phrase and phrase.endswith(_THEN_AT_ONCE):
            # "A 还没…, B 就…": done by whoever its 就 clause names (see _then_named)
            pos = self._then_named(u, text, pos, end) or pos
        if u.turn is not None and (act.speech != "subject" or text.startswith(FIRST_PERSON, pos)):
            # (an act word that begins with 我 names its doer: 没事我挂了 is the speaker's)
            if act.speech in ("speaker", "sayer") and _LISTENER_SAID_RE.search(
                    text, clause_start(text, pos), pos):
                # the listener's own word, told back to them (你们说三十分钟到场的): theirs
                return self.counterpart(u, u.party, self.side_of(u.party))
            return u.party, self.side_of(u.party)
        if act.speech in ("speaker", "sayer"):
            # a story quoting someone (客服向主管说「这个客户脑子不太清楚」): words of a speaker's
            # act inside the quotation are the one quoted's, named before it
            opened = quote_opening(text, pos)
            if opened is not None:
                pos = opened - 1
        if act.speech == "sayer":  # told as said: by the one who says it, not its grammatical subject
            # (a word that begins with its saying verb, 说是她…, is said by that verb's subject;
            # 又说, 还说 go on with the one who said something before in the sentence)
            sentence = sentence_start(text, pos)
            said = max(text.rfind(v, sentence, pos + len(v)) for v in SPEAKING)
            if said == pos and text.endswith(SAYING_AGAIN, 0, pos):
                said = max(text.rfind(v, sentence, pos) for v in SPEAKING)
            if said != -1:
                pos = said
        opening = clause_start(text, pos)
        asked = max(text.rfind(v, opening, pos) for v in REQUESTING)
        if asked != -1 and not text.startswith(PASSIVE, asked - 1):
            pos = asked  # the act is requested: whoever asks, not whoever is asked
            # (but 员工被叫来道歉: the one called in does it)
        subject = None
        mentions = self.mentions(u, text)
        if pos == asked:  # the one named right before 要求/提出 asks, even as the object of
            # a verb before it (拒绝了陈先生提出的退款要求: 陈先生 asked); but not the place or
            # the one turned to, in a clause that goes on to ask (客户到前台要求退钱, 打电话给
            # 客服要求退款: the customer asks)
            subject = next((m for m in mentions if m.end == asked
                            and (m.subject or "的" in text[asked:start])), None)
        # The nearest party named as a subject before the act: in its clause, else carried
        # over from the clauses and sentences before it (a story keeps its subject until it
        # names another one).
        for m in reversed(mentions) if subject is None else ():
            if (m.end <= pos and m.subject and not (m.agent and m.start < opening)
                    and not (m.start < opening and (_told_content(text, m.start)
                                                    or _any_such(text, m)
                                                    or _quoted_before(text, m.start, pos)))):
                subject = m
                break
        if subject is None:
            if u.turn is not None:
                return u.party, self.side_of(u.party)
            side = self.side_of(u.event.sender)
            if (side == "customer"
                    and _REPLY_OPENING_RE.search(text, sentence_start(text, pos), pos)):
                # 来电反映飘窗渗水。已登记报修，答复四十八小时内联系业主: with nobody named, the
                # answer in a note of the customer's call is the one who took it
                return self.counterpart(u, u.event.sender, side)
            if act.unnamed == "company":
                if side == "customer":
                    return self.counterpart(u, u.event.sender, side)
                if u.event.sender is None:
                    return None, "company"  # the narrator's own note: 说好的答复等到第十二天才收到
            return u.event.sender, side
        between = text[subject.end:pos]
        passive = (between.startswith(PASSIVE) and len(between) <= 4
                   and not between.startswith(AGENT_OF_NEXT_VERB))
        if not passive and subject.end < opening:
            # the subject carried into a clause told in the passive: 郑先生一开口讲经过，就被
            # 他几次打断 (an adverb, 被, an agent not named as a party, the act)
            own = text[opening:pos]
            own = own[1:] if own[:1] in _PASSIVE_CLAUSE_ADVERBS else own
            passive = ((own.startswith(PASSIVE) and len(own) <= 6
                        and not own.startswith(AGENT_OF_NEXT_VERB))
                       # …or with the clause's own words first and 被 right before the act,
                       # glued to an adverb (话没说完就被打断: 就被 is one word)
                       or (len(own) >= 2 and own[-1] == PASSIVE and own[-2] in _PASSIVE_CLAUSE_ADVERBS))
        # a lexicon word told in the passive (电话就被挂断了): done to the subject, by the
        # other side (a bare 被 before a word may be suffered: 被恶心坏了 is the subject's)
        # (a 被 in what a gap passes over is not the word's: 理解她深夜被吵醒的烦躁)
        parts = phrase_parts(phrase) if phrase else ()
        agentless = (any(PASSIVE in part for part in parts) if len(parts) > 1
                     else PASSIVE in text[start:end])
        if passive or (agentless and pos == start) or _receives(text, max(subject.end, opening), pos):
            return self.counterpart(u, subject.label, subject.side)
        if (subject.side == "customer"
                and _answered(text, max(subject.end, sentence_start(text, pos)), pos)):
            # 她又打了个电话，得到的答复是已经反馈给保洁，明天上午清掉: the answer the customer got
            # is the company's words, to the end of the sentence
            return self.counterpart(u, subject.label, subject.side)
        if (act.speech == "teller" and u.turn is not None and subject.label != u.party
                and subject.side == "customer" and self.side_of(u.party) == "company"
                and text[subject.start:subject.end] in LISTENER_PRONOUNS):
            # 您有问题出去问服务台吧: what the company's speaker tells the customer to go and do
            return u.party, "company"
        return subject.label, subject.side

    def occurrences(self, act: ActDef, repeated: bool = False) -> list[tuple]:
        """Every occurrence of the act in the case, read: [(utterance, Match, Reading)], in
        order. Found once per case and act, whichever conditions ask. With `repeated`, only
        texts with a repetition word are read (a cheap scan first: most have none)."""
        key = (act.name, repeated)
        found = self._occurrences.get(key)
        if found is None:
            found = self._occurrences[key] = list(self.each_occurrence(act, repeated))
        return found

    def each_occurrence(self, act: ActDef, repeated: bool = False, negated_only: bool = False,
                        events: set[int] | None = None):
        """occurrences(), read lazily: utterance by utterance, for a caller that stops at
        the first one it wants (the full list, once made, is reused). With `negated_only`,
        utterances where no occurrence can be read as negated are not read (a caller that
        wants only what did not happen); the others still yield all their occurrences. With
        `events`, only the utterances of those events are read (what an event holds: see
        checks._events_holding)."""
        done = self._occurrences.get((act.name, repeated))
        if done is not None:
            yield from (done if events is None
                        else (found for found in done if found[0].event.index in events))
            return
        if self._where is None:
            self._locate()
        again = self.lexicon.repetition_re.search
        analysed, present = self.view.analysed, self.view.present
        for u in self._where.get(act.name, ()):
            if events is not None and u.event.index not in events:
                continue
            if repeated and not again(analysed(u)[0].text):
                continue
            there = present(u)
            if negated_only and not self.may_be_negated(u, act, there):
                continue
            for m, reading in self.found(u, act, there):
                yield u, m, reading

    def may_be_negated(self, u, act: ActDef, present: set[str]) -> bool:
        """False when no occurrence of the act in the utterance can be read as negated,
        decided without segmenting or reading: a negation (the negator before the act, a
        part of the act's token, or 都没有 after it) lies within the act's clause, and this
        clause holds no negator at all (nor is the act told as owed and not done: see
        _owed_not_done). Most clauses hold none."""
        text = self.view.analysed(u)[0].text
        search = self.lexicon.negators_re.search
        for first in present & self.lexicon.plan_firsts(act.name):
            pos = text.find(first)
            while pos != -1:
                if search(text, clause_start(text, pos, _SCOPE_BREAK_RE),
                          clause_end(text, pos, _SCOPE_BREAK_RE)):
                    return True
                if _owed_not_done(text, pos, pos + len(first)) is not None:
                    return True  # 按规定应…，但…: owed and not done, with no negator
                pos = text.find(first, pos + 1)
        return False

    def _locate(self) -> None:
        """act name -> the utterances holding every part of one of its words (one pass over
        the case for all acts): 你…的时候就应该 is not looked for wherever 你 is."""
        where: dict[str, list] = {}
        all_firsts = self.lexicon.all_firsts
        later_parts = self.lexicon.later_parts
        self.view.index_parts(self.lexicon, self.lexicon.part_set)
        present = self.view.present
        for u in self.view.utterances:
            names: set[str] = set()
            there = present(u)
            for first in all_firsts & there:
                whole, by_second, longer = later_parts[first]
                names |= whole
                for second in by_second.keys() & there:
                    names |= by_second[second]
                for name, groups in longer:
                    if name not in names and _holds_rest(groups, there):
                        names.add(name)
            for name in names:
                where.setdefault(name, []).append(u)
        self._where = where

    def found(self, u, act: ActDef, present: set[str]) -> list[tuple]:
        """Every occurrence of the act's words in the utterance, read: [(Match, Reading)].
        Found once per utterance and act, whichever conditions ask (`present`: the phrase
        first parts the text holds, from the phrase index)."""
        key = (u.ordinal, act.name)
        spans = self._found.get(key)
        if spans is None:
            spans = self._found[key] = self._find(u, act, present)
        if not spans:
            return ()
        text = self.view.analysed(u)[0].text
        readings = self._readings
        out = []
        for m in spans:
            key = (u.ordinal, m.start, m.end, act.reading_kind)
            reading = readings.get(key, False)
            if reading is False:
                # read on first need: most words of most acts are never asked about
                owed = _owed_not_done(text, m.start, m.end)
                if owed is not None and not self.part_of_name(u, text, m.start, m.end, m.phrase):
                    # 按规定应升级为督办件，但…一直按普通工单派发: owed, and not done
                    done = self.read(u, text, m.start, m.end, act, self.view.analysed(u)[1],
                                     m.phrase)
                    reading = readings[key] = Reading(done.actor, done.side, True, owed,
                                                      done.repeated)
                    out.append((m, reading))
                    continue
                if (self.part_of_name(u, text, m.start, m.end, m.phrase)
                        or not self.asserted(text, m.start, act.questions, m.end)
                        or (m.phrase in act.withdrawn[0] and _taken_back(text, m.end, act))
                        or _as_topic(text, m.start, m.end)
                        or (m.phrase in _CONTACT_VERBS and _CONTACT_NOUN_RE.match(text, m.end))
                        or (m.phrase.endswith(_THEN_AT_ONCE)
                            and self._then_named(u, text, m.start, m.end) is None)
                        or _PROMISED_TIME_RE.match(text, m.start) is not None
                        or _EXONERATED_RE.match(text, m.end) is not None
                        or (act.not_in_clause
                            and _clause_holds(text, m.start, m.end, act.not_in_clause))
                        or (act.formula and _formula_only(text, m.start, m.end, act.formula))
                        or (act.admitted and _admitted(text, m.start, m.end))
                        or (act.time_clause and u.turn is None
                            and _bare_opening_clause(text, m.start, m.end))
                        or (not act.future and _future(text, m.start))
                        or (not act.completed and u.turn is None
                            and _told_done(text, m.start, m.end, m.phrase))):
                    reading = None
                else:
                    reading = self.read(u, text, m.start, m.end, act, self.view.analysed(u)[1],
                                        m.phrase)
                    # a negation promised (保证不会再拖延), or the act negated with its result
                    # (说是他们腻子层没处理好: done, not well) tells no act left undone
                    if reading.negated and (_committed_not(text, m.start, reading.negator,
                                                           said=u.turn is not None)
                                            or text.startswith("好", m.end)):
                        reading = None
                readings[key] = reading
            if reading is not None:
                out.append((m, reading))
        return out

    def _find(self, u, act: ActDef, present: set[str]) -> list:
        """The act's matches in the utterance (longest first where its own words overlap).
        Only the clauses holding one of this act's words are segmented."""
        firsts = present & self.lexicon.plan_firsts(act.name)
        if not firsts:
            return []
        tree = self.lexicon.word_tree(act.name)
        norm, analysed = self.view.analysed(u)
        phrases: list[str] = []
        for first in firsts:  # only words whose every part the text holds
            _words_held(tree[first], analysed.text, phrases)
        if not phrases:
            return []
        # in dialogue, quoting someone (您说“明天联系您”) is not doing it; a narration's
        # quotes are its actor's own words (声称“年底工作很忙”)
        quoted = analysed.quoted if u.turn is not None else ()
        found = self.view.segmenter.match(analysed, tuple(phrases), negation=False,
                                          overlaps=True)
        if quoted:
            found = [m for m in found if not any(a <= m.start < b for a, b in quoted)]
        if act.customer_object:  # before the longest is kept: 你需要自己找 is still 自己找
            found = [m for m in found if m.phrase not in act.customer_object
                     or self._sends_customer(u, analysed.text, m)]
        if act.customer_errand:
            found = [m for m in found if m.phrase not in act.customer_errand
                     or self._leaves_errand(u, analysed.text, m, act)]
        if act.customer_named:
            found = [m for m in found if m.phrase not in act.customer_named
                     or self._names_customer(u, analysed.text, m)]
        if act.spoken_only and u.turn is None:  # a story's 十分钟后主任赶到: what happened
            found = [m for m in found if m.phrase not in act.spoken_only]
        if act.listener_subject:
            found = [m for m in found if m.phrase not in act.listener_subject
                     or _listener_sent(analysed.text, m)]
        # (before the pairs below, which a word of the act inside them would otherwise stand for)
        if act.limit_words:  # what is to be done by then, said by the speaker or told as said
            found = [m for m in found if m.phrase not in act.limit_words
                     or ((u.turn is not None or _told_as_said(analysed.text, m.start))
                         and _limit_promised(analysed.text, m.start, m.end,
                                             self.lexicon.negators_re))]
        if act.appointment_words:  # the speaker's own doing at a time to come
            found = [m for m in found if m.phrase not in act.appointment_words
                     or (u.turn is not None
                         and _appointment_made(analysed.text, m.start, m.end,
                                               self.lexicon.negators_re))]
        if act.time_to_come:
            # a pair spans much of its sentence: where another word of the act lies inside
            # it (告诉他抢修人员45分钟内到), that word tells it, read at its own place. It
            # reports what someone said, in a story: a speaker's own promise is said in
            # words of its own (明天…联系), and 您说“明天联系您” quotes the customer
            others = [m for m in found if m.phrase not in act.time_to_come]
            found = [*others, *(m for m in found if m.phrase in act.time_to_come
                                and u.turn is None
                                and not any(m.start <= o.start < m.end for o in others)
                                and _time_to_come_between(analysed.text, m,
                                                          self.lexicon.negators_re))]
        return longest_first(found) if len(found) > 1 else found


# The speaker as the one who will do it, right before a time to come (我明天上午过去) or soon
# after it in its clause (明天上午我带人过去, 多收的钱我今天退给您)
_SPEAKER_BEFORE_RE = re.compile("(?:我们|我|咱们)(?:就|再|亲自)?$")
_SPEAKER_AFTER_RE = re.compile("[^，,。！？!?；;是由]{0,6}?(?<!由)(?:我们|我|咱们)(?![们的])")
# …and not the speaker counted or on duty now (晚上就我一个人, 今天由我来接待您)
_SPEAKER_COUNTED_RE = re.compile("[一二两三四五六七八九十几0-9０-９]+个?")


def _appointment_made(text: str, start: int, end: int, negators_re: re.Pattern) -> bool:
    """A time to come text[start:end], said in a turn of dialogue, with the speaker as the
    one to act then (明天上午我带定损员过来; 我周二先发短信跟您确认) and something to be done after
    it in its clause: nothing negated there (明天我也没办法), nothing told as done (今天凌晨我在您
    楼下站了半个钟头, 已), no question (明天我能过来吗?)."""
    lo, stop = clause_start(text, start), clause_end(text, end)
    if _SPEAKER_BEFORE_RE.search(text, lo, start) is not None:
        rest_from = end
    else:
        after = _SPEAKER_AFTER_RE.match(text, end, stop)
        if after is None:
            return False
        rest_from = after.end()
    rest = text[rest_from:stop]
    return (bool(rest.strip()) and _SPEAKER_COUNTED_RE.match(rest) is None
            and negators_re.search(text, start, stop) is None
            and _still_to_do(rest) and "过" not in rest[-2:]
            and not rest.rstrip().endswith(("吗", "么", "呢"))
            and text[stop:stop + 1] not in "？?")


# In a story, a saying verb earlier in the sentence (店长说两天之内找人来看): a promise told
_TOLD_AS_SAID_RE = re.compile("说|称|表示|答应|承诺|保证|告诉|告知|回复|答复")


def _told_as_said(text: str, start: int) -> bool:
    """A saying verb before `start` in its sentence: what follows is told as said."""
    return _TOLD_AS_SAID_RE.search(text, sentence_start(text, start), start) is not None


# The listener as the subject right before a word (您打海关电话问吧, 你自己找客服吧, 您还是去找
# 网点吧): not one the speaker acts for or with (我帮您找吧, 跟您说), nor told not to (您不用找)
_LISTENER_SUBJECT_RE = re.compile("(?<![帮替给为跟和同陪带让叫请])(?:你|您)们?"
                                  "(?:还是|自己|直接|就|先|得|可以|最好|再|去|到)*$")


def _listener_sent(text: str, m) -> bool:
    """A combined word held to `subject: listener` (找…吧): the listener is its subject, and
    someone other than the speaker is named between its parts (not 您找我吧, 您打我电话吧)."""
    parts = phrase_parts(m.phrase)
    between = text[m.start + len(parts[0]):m.end - len(parts[-1])]
    return (_LISTENER_SUBJECT_RE.search(text, clause_start(text, m.start), m.start) is not None
            and bool(between.strip()) and "我" not in between)


# Before a time limit, in its clause: what is asked of the customer by then (请在48小时内确认,
# 需在7天内申请, 您三天内来办), or a rule of what must be done by when (终止定投要在扣款日前一个
# 交易日15点前操作), not what the speaker will do
_LIMIT_ON_LISTENER_RE = re.compile("请|需|须|务必|要求|您|你|要在|应在|应该|应当|得在|让|叫")
# After it: the customer's right within it (七天内可以无理由退货), not the speaker's doing
_LIMIT_ALLOWS_RE = re.compile(r"\s*(?:都|均|也)?(?:可以|可|允许)")
# 之内 and 以内 after a time (一周之内), not a range (保修范围之内)
_TIME_UNIT_BEFORE_RE = re.compile("(?:天|日|小时|钟头|分钟|周|星期|礼拜|月|年|工作日)$")
# told as done (两天内就修好了), not 了解
_DONE_RE = re.compile("了(?!解)")


def _still_to_do(rest: str) -> bool:
    """What follows a time limit or a time to come is not told as done (两天内就修好了, 已)."""
    return "已" not in rest and _DONE_RE.search(rest) is None


def _limit_promised(text: str, start: int, end: int, negators_re: re.Pattern) -> bool:
    """A time limit text[start:end], said in a turn of dialogue or told after a saying verb
    (see _told_as_said), with what is to be done by then after it in its clause (or, the limit a clause of its own, in the next: 一周之内，我把
    检测报告贴到大堂): nothing negated there (三天内没人联系), nothing told as done (两天内就修好
    了), not asked of the listener (请在三天内确认) and not the listener's right (七天内可以退)."""
    lo = clause_start(text, start)
    if _LIMIT_ON_LISTENER_RE.search(text, lo, start):
        return False
    if text[start] in "之以" and _TIME_UNIT_BEFORE_RE.search(text, max(lo, start - 3), start) is None:
        return False  # 之内 of a time (一周之内), not of a range (保修范围之内)
    stop = clause_end(text, end)
    if not text[end:stop].strip() and stop < len(text) and text[stop] in "，,":
        stop = clause_end(text, stop + 1)  # the limit alone in its clause: the next tells what
    rest = text[end:stop]
    return (bool(rest.strip(" ，,")) and negators_re.search(rest) is None
            and _still_to_do(rest) and _LIMIT_ALLOWS_RE.match(rest) is None)



def _words_held(node: tuple, text: str, out: list[str]) -> None:
    """The words of a word_tree node and below whose later parts all occur in the text."""
    words, later = node
    out.extend(words)
    for part, child in later.items():
        if part in text:
            _words_held(child, text, out)


# A time still to come, told with what will be done then (说回去后第一时间联系她, 告诉旅客班车晚上
# 8点到门口接人, 告知5个工作日后可以取报告): a clock time, a day or part of one, a time limit or a
# wait counted forward; not one counted back (三天前, 昨天), which the list leaves out
_TIME_AHEAD_RE = re.compile(
    # (a clock time, not an amount: 快一点, 有一点, 早点儿)
    r"[0-9０-９]{1,2}[:：][0-9０-９]{2}|(?<![快慢多少有好差些早晚])(?:[0-9０-９]{1,2}|[一二两三四五六七八九十]{1,3})"
    r"[点點](?!儿|多钱)"
    r"|(?:[0-9０-９]+|[一二两三四五六七八九十几半]+)个?(?:工作日|天|日|小时|钟头|分钟|周|星期|礼拜|月)"
    r"(?:之?内|以内|之?后|以后|左右|(?=就|便|可以|能))"
    r"|明天|明早|明晚|明日|后天|下周|下个?星期|下个?礼拜|下个?月|月底|年底|周末|今晚|今天|"
    r"下午|上午|中午|晚上|傍晚|周[一二三四五六日]|星期[一二三四五六天日]|第一时间|回去后|回来后|"
    r"过两天|过几天|稍后")


_RANGE_END = frozenset("0123456789０１２３４５６７８９一二两三四五六七八九十")


def _time_to_come_between(text: str, m, negators_re: re.Pattern) -> bool:
    """A time still to come lies before the pair's last part in its clause, with no
    negator between (说今晚无法恢复, 说只能明天再说，也没有替他联系: nothing is promised), and the
    last is not told as done (说下午到了店里; but 说两小时内就到了 is still to come)."""
    parts = phrase_parts(m.phrase)
    first, last = m.start + len(parts[0]), m.end - len(parts[-1])
    if text.startswith(("了", "过"), m.end) and not text.endswith("就", 0, last):
        return False
    if text[m.end:m.end + 1] in _RANGE_END:
        return False  # 上午九点到十点: 到 joins a range, nobody is to arrive
    # the time is the last part's own, in its clause (告诉他王主任下周二返岗，…短信通知的漏洞:
    # 下周二 is not when anything is to be 通知ed); a negator anywhere between them is enough
    # to doubt it (说客服不太懂流程，当天下午派维修工上门 tells what was done as often as not)
    # …nor 已经 between the time and the last part (说当天下午就已经给家长打电话说明过了: done,
    # not to come; but 已将情况报给主管，请主管下午联系她 still promises the call)
    time = _TIME_AHEAD_RE.search(text, max(first, clause_start(text, last)), last)
    return (time is not None and negators_re.search(text, first, last) is None
            and text.find("已", time.end(), last) == -1)


# The errand done for the customer, not left to them: 帮您问问物业, 替她找厂家, 给您打电话;
# or the speaker's own: 说我们得找厂家核实 (a story's 我们 is the teller's), 说会找厂家, 马上找物业,
# 说已找财务加急处理
_ERRAND_TAKEN_ON_RE = re.compile(r"[帮替](?:您|你|他|她|客户|顾客)|[我咱]"
                                 r"|(?:会|将|马上|立即|立刻|这就|现在就|给|帮|替|已|已经|刚|刚刚|亲自"
                                 r"|正在)$")
# …or taken over later in the sentence: 这个得找厂家，我帮您联系; 理赔要跟保险公司对接，这部分
# 由店里的理赔专员代办
_ERRAND_TAKEN_OVER_RE = re.compile(r"[我咱]们?(?:这边)?(?:来|帮|替|给|去|马上|现在就|这就)"
                                   r"|[帮替代](?:您|你|他|她|客户|顾客)|代办|代为"
                                   r"|由(?:我|咱|店里|公司|本店|我们)")
# …or said after the matter itself is done for the customer, earlier in the turn: 已经为您办好
# 签转，您到机场直接去那家航空公司的柜台值机就行 (the next step, not the errand handed back)
_MATTER_DONE_RE = re.compile(r"(?:已经|已|都)(?:为|帮|给)(?:您|你)[^。！？!?]{0,8}?"
                             r"(?:办好|办妥|办完|改好|改签好|处理好|弄好|安排好|退好|换好|订好)")
# Who a causative verb (让, 叫) may send: the pronouns of a third person
_OBJECT_PRONOUNS = ("他们", "她们", "他", "她", "其")
# 在承诺的期限内来电, 约定的时间之前赶到: what was promised names the time it was kept
# within, not a promised thing that did not come (承诺的……没有)
_PROMISED_TIME_RE = re.compile(r"(?:承诺|答应|说好|约好|约定|保证)的?(?:期限|时间|时限|日期|钟点)"
                               r"(?:之)?(?:内|前|以前|之前|以内)")


# "一句道歉都没有", "连个电话也没有", "连句对不起都不说": the negation follows the act, or
# the last of a short list of what was missing (连一句“对不起”、一句原因都没有)
_NEGATED_AFTER_RE = re.compile(r"[^，。,！？；;!?]{0,3}?(?:、[^，。,！？；;!?、]{1,8}?)*?"
                               r"[都也](没有(?!用)|没(?!用)|未曾|未|不见"
                               r"|不(?=说|讲|提|肯|愿))")


def _taken_back(text: str, end: int, act: ActDef) -> bool:
    """One of the act's `withdrawn.by` phrases follows in the utterance (帮您…联系 in order)."""
    return any(in_order(text, end, len(text), phrase_parts(later)) for later in act.withdrawn[1])


# What an amount is reckoned by (按未使用的课时退费): a negator right after one is the basis's own
BASIS_PREPOSITIONS = frozenset((*_ACCORDING_TO, "依据"))


def _in_cause_phrase(text: str, tokens, k: int, floor: int) -> bool:
    """Token k stands after a 为 (a cause: 为…不清场…; or 因…, or the topic 就…) in its
    clause (from `floor`), or in an enumeration the clause opens with one (就客服未及时回电、
    未帮其安排住宿向其道歉)."""
    if any(tokens[j].word in CAUSE_MARKERS for j in range(k - 1, -1, -1)
           if tokens[j].start >= floor):
        return True
    opening = clause_start(text, tokens[k].start, _SCOPE_BREAK_RE)
    if opening >= floor:
        return False
    head = text[opening:floor].lstrip()
    if head.startswith(CAUSE_MARKERS):
        return True
    # …or with its subject before the 就, the matter closed by 一事 (站长就未按约定时间告知、
    # 结果出来也没有主动通知一事向吴某道歉): 就 is the topic's, not "then"
    after = tokens[k].end
    return (_SUBJECT_THEN_TOPIC_RE.match(head) is not None
            and _TOPIC_CLOSER_RE.search(text, after, clause_end(text, after)) is not None)


# Words right before an act that modify it, not a cause's own predicate (为此没有再次道歉,
# 对此始终没有任何道歉: the act is still what is negated)
_NOT_A_CAUSE_PREDICATE = frozenset({"再次", "任何", "一句", "半句", "一声", "一直", "始终", "从来",
                                    "真正", "一次"})


_SUBJECT_THEN_TOPIC_RE = re.compile(r"[^，。,；;！？!?、就]{1,8}就")
_TOPIC_CLOSER_RE = re.compile("一事|这件事|此事")


# Thanks take what follows as their object, a matter included (感谢吴先生反映的问题)
THANKING = ("感谢", "谢谢")
# The act word is the topic of a judgement that clears the customer: 看不懂条款不是她糊涂,
# 用不好不怪您 (what is named is said not to be their fault)
_EXONERATED_RE = re.compile(r"[^，。,；;！？!?]{0,8}?(?:不是|并不是|不怪|不能怪|不赖)"
                            r"(?:你|您|她|他|老人|客户|顾客|用户)们?(?:的错|的问题|的责任|糊涂|不对|的原因)"
                            # …or the word is a 没有 of 跟她本人没有任何关系 (nothing to do with her),
                            # or is itself said to have nothing to do with it: 跟您用水习惯没关系
                            r"|(?:没有?|并没有?)?(?:任何|什么|一点|太大|多大)?(?:的)?关系|无关")


# Owning a fault: 网点经理承认是师傅打孔操作不当, 承认操作不当 (see ActDef.admitted); but not
# 不承认是自己操作不当, 拒不承认
_ADMITTED_RE = re.compile("(?<![不没拒])承认")
_OURS_RE = re.compile("(?:我们|我方|本店|咱们|店里)(?:的)?(?:人|师傅|员工|工作人员|店员|服务员|技师|工程师|"
                      "安装工|维修工|骑手|司机|同事|工人|保洁|护士|医生|老师)")


# …or owned after it, as what the company got wrong: 停诊没有及时通知是医院的疏漏, 积水没及时拖干，
# 是我们的管理责任 (whoever's it is, not the customer's: 是他自己的责任 owns nothing)
_OWNED_AFTER_RE = re.compile(r"[^。！？!?；;]{0,20}?[，,]?\s*(?:这|这都|这也|这些)?(?:都|也)?是"
                             r"(?P<owner>[^，。,；;！？!?]{0,8}?)的?(?:工作)?"
                             r"(?:疏漏|失职|疏忽|过错|过失|失误|管理责任|责任)")
_NOT_THE_COMPANYS = re.compile("[您你他她]|客户|顾客|业主|用户|乘客|旅客|患者|家长|车主|自己")


def _admitted(text: str, start: int, end: int) -> bool:
    """An admitting verb, not denied, comes before the word (text[start:end]) in its clause;
    or the sentence goes on after it to own it as the company's fault."""
    floor = clause_start(text, start, _SCOPE_BREAK_RE)
    if _ADMITTED_RE.search(text, floor, start) is not None:
        return True
    # the fault named as one of the speaker's own staff's (是我们的人操作不当, 我们师傅安装不当),
    # with no customer named after them
    ours = [m.end() for m in _OURS_RE.finditer(text, floor, start)]
    if ours and not any(w in text[ours[-1]:end] for w in ("您", "你", "客户", "顾客", "用户")):
        return True
    owned = _OWNED_AFTER_RE.match(text, end)
    return owned is not None and _NOT_THE_COMPANYS.search(owned.group("owner")) is None


# What a company's turn says its sorry for, or feels for, is the trouble as the customer
# lived it (让您白等了一上午，真是对不起; 又要专门跑一趟，换谁心里都不痛快)
_SORRY_RE = re.compile("对不起|抱歉|不好意思|道歉|歉意|致歉|换我|换了我|换谁|换了谁|换成谁|搁谁|难怪|辛苦"
                       # …or comforts (您别着急，手机打不通肯定更揪心)
                       "|别着急|别急")
_DONE_TO_YOU_RE = re.compile("[让害叫使][您你]")
# The customer's account read back to them to check it (我复述一下…，是这样吗?)
_READ_BACK_RE = re.compile("复述|我重复一下|跟您确认一下|和您确认一下|跟您核对一下|和您核对一下|是这样吗|是这样的吧"
                           "|我理解得对吗|我说得对吗|没说错吧")


# A manner told with a negated verb of its own (头也没回, 头也不抬, 看都没看): the 没/不 is the
# idiom's, not the next verb's
_MANNER_IDIOM_RE = re.compile("(?:头|眼皮|看)[也都](?:没|不)(?:回|抬|看)")


# What a stock phrase may be said with and still be only the phrase: who says it, how much,
# and the particles and marks of an online shop's style (亲，非常理解您的心情呢~)
_FORMULA_FILLER_RE = re.compile("亲|我们|我|真的|非常|十分|特别|完全|确实|很|都|也|能|可以|呢|哦|噢|啊|呀|哈|[~～]")
_FORMULA_BREAK_RE = re.compile("[" + re.escape(CLAUSE_END_CHARS) + "~～]")


def _formula_only(text: str, start: int, end: int, formulas: frozenset) -> bool:
    """The clause of text[start:end] is one of the stock phrases with nothing but fillers,
    and opens its sentence (after no more than a word of address: 亲, 王女士): the trouble or
    the feeling named before it in the sentence (吃到这种东西谁都会觉得恶心，我特别理解)
    makes it meant."""
    a = clause_start(text, start, _FORMULA_BREAK_RE)
    clause = text[a:clause_end(text, end, _FORMULA_BREAK_RE)]
    if _FORMULA_FILLER_RE.sub("", clause).strip() not in formulas:
        return False
    before = text[sentence_start(text, a):a]
    return all(len(part.strip()) <= 4 for part in _FORMULA_BREAK_RE.split(before))


def _bare_opening_clause(text: str, start: int, end: int) -> bool:
    """text[start:end] is all of its sentence's first clause, a comma after it (挂了电话，…)."""
    return (not text[sentence_start(text, start):start].strip()
            and text[end:end + 1] in ("，", ","))


def _clause_holds(text: str, start: int, end: int, phrases: tuple) -> bool:
    """The clause of text[start:end] holds one of the phrases (each a tuple of parts, found
    in order)."""
    floor = clause_start(text, start, _SCOPE_BREAK_RE)
    ceiling = clause_end(text, end, _SCOPE_BREAK_RE)
    return any(in_order(text, floor, ceiling, parts) for parts in phrases)


def complaint_told_back(text: str, start: int) -> bool:
    """The word at `start` lies in a sentence that apologises or sympathises or reads the
    customer's account back to check it (我复述一下…，是这样吗?), or follows 让您/害您 in its
    clause: in a company's turn, the complaint told back, not an act."""
    sentence = sentence_start(text, start), sentence_end(text, start)
    if _SORRY_RE.search(text, *sentence) or _READ_BACK_RE.search(text, *sentence):
        return True
    return _DONE_TO_YOU_RE.search(text, clause_start(text, start, _SCOPE_BREAK_RE),
                                  start) is not None


# What 把… is told through to its end: 把情况讲完, 把经过说清楚, 把条款念了一遍
_TOLD_THROUGH_RE = re.compile(r"[^，。,；;！？!?]{0,12}?(?:讲|说|念|读|叙述|描述|复述)(?:完|清楚|明白|一遍|了一遍)")


def _as_topic(text: str, start: int, end: int) -> bool:
    """The act word names a matter, its cause or what it would take (see AS_TOPIC_RE), or
    is what failed in a cause explained (停运是备用电源没能及时切换所致: no untimely
    handling is told; but 是客户使用不当所致 still puts the fault on the customer)."""
    if text.startswith(THANKING, start):
        return False  # 感谢吴先生反映的问题: the matter is what the thanks are for
    if text[start:end].endswith(FIRST_PERSON + SECOND_PERSON):
        return False  # 这个不能算我们的问题: whose problem it is, not a matter named
    floor = clause_start(text, start, _SCOPE_BREAK_RE)  # 把 may govern a list (数字、人口和…)
    if text.find("把", floor, start) != -1 and _TOLD_THROUGH_RE.match(text, end):
        return True  # 等他把账单数字和用水习惯全讲完: what someone told, not what was done
    topic = AS_TOPIC_RE.match(text, end)
    if topic is not None and not any(
            text[start:end].endswith(verbs) and topic.group().lstrip("的").startswith(nouns)
            for verbs, nouns in _VERB_OBJECTS):
        # (not the act's own object: 三个工作日内给出赔偿方案, 出具证明, 没配合流程)
        return True
    if (text.startswith(("原因", "的原因"), end)
            and text[start:end] not in CAUSE_TAKERS):
        return True
    if text[end:clause_end(text, end)].rstrip().endswith(CAUSE_ENDINGS):
        # the act itself failed (没能及时, 未及时), inside the cause (是/由于/因为…, which may
        # list several: 是线路跳闸、备用电源没能及时切换所致); not a failure before the cause
        # (没有检查就认定是…造成的) or another one in it (是电压不稳或者使用不当造成的)
        floor = sentence_start(text, start)
        opener = max(text.rfind(word, floor, start) for word in CAUSE_OPENERS)
        return opener != -1 and bool(
            _FAILED_IN_CAUSE_RE.search(text, max(opener, start - 3), start))
    return False


# 没有一个/一位/任何 + a party: nobody of that kind did it
_QUANTIFIERS = ("任何一个", "任何一位", "任何一名", "一个", "一位", "一名", "一家", "任何", "哪个",
                "哪位")


# 不是 before the one named: "it is not you who…" (a cleft sentence)
_CLEFT_NOT = ("不是", "并不是")


def _denied_subject(text: str, start: int, negators) -> str | None:
    """The negator right before a subject (with a quantifier between or not): 没有一个工作人员
    …道过歉 tells that nobody did it."""
    before = text[clause_start(text, start):start]
    for quantifier in _QUANTIFIERS:
        if before.endswith(quantifier):
            before = before[:-len(quantifier)]
            break
    if before.endswith("要不"):
        return None  # 要不您戴个耳塞: an offer to the one named, not a denial of them
    if _answers_if_not(before, text, start, negators):
        return None  # 没有我先挂了: 我 stands before the act word
    return next((n for n in sorted(negators, key=len, reverse=True) if before.endswith(n)), None)


def _answers_if_not(before: str, text: str, pos: int, negators) -> bool:
    """The clause up to `pos` is a bare negator and 我 comes next: "if not", answering the
    question just asked (还有别的事吗？没有我先挂了), negates nothing; the speaker acts."""
    return before in negators and text.startswith(FIRST_PERSON, pos)


# A list under one negated verb of mentioning or offering, the act a later item of it (the
# 、 ends the clause it is segmented in): 客服没有提平台介入、退货退款或安全问题上报
_NEGATED_LIST_RE = re.compile(r"(没有|没|并未|从未|未曾|未|只字未)"
                              r"(?:提(?!前)|提到|提及|提出|说起|给出|主动提)"
                              r"[^。！？!?，,；;：:“”]*、[^。！？!?，,；;：:“”]*$")
# A negator right before a topic marker (就/为: about, for) negates the act the topic phrase
# ends on; the topic's own negators, enumeration and objects lie between (no clause break).
_NEGATED_TOPIC_RE = re.compile(r"(没有人|没人|无人|没有任何人|并未|从未|未曾|未|没有|没)"
                               # nobody of a kind: 没有一个工作人员为停诊没通知的事向她道歉
                               r"(?:(?:任何一个|任何一位|任何|一个|一位|一名)[\u4e00-\u9fff]{1,6}?)?"
                               r"(?:再|曾|主动)?[就为对][^。！？!?，,；;：:“”]{1,40}$")
# 没说过一句“抱歉”, 没有跟她说一声“谢谢”: the saying of the quoted word is negated (the
# quote marks end the clause, so the negator before them is looked for here); not
# 不停地说“对不起”, 不好意思地说.
# (not a manner adverbial ending in 地: 头也不回地说, 不耐烦地说 — the saying is told, and
# what it quotes was said; nor 没…就说, 没看记录就说“…”: what was not done came before a
# saying that was)
_NEGATED_QUOTE_RE = re.compile(r"(没有|没|未曾|未|从未|从没|不肯|不愿|不)(?![停断住好时])"
                               r"[^，。,！？；;!?“”「」地就便]{0,6}?[说讲道提][^，。,！？；;!?“”「」]{0,5}$")
_OPENING_QUOTES = "“「『‘\""
# …or not even the least of it: 从头到尾没有一句“对不起”
_NONE_OF_QUOTE_RE = re.compile(r"(没有|没|未曾|未|从未|从没)[^，。,！？；;!?“”「」]{0,2}?[一半][句声个字]$")


def _negated_quote(text: str, start: int) -> str | None:
    """The act word opens a quote whose saying is negated just before it."""
    if start < 1 or text[start - 1] not in _OPENING_QUOTES:
        return None
    floor = clause_start(text, start - 1, _SCOPE_BREAK_RE)
    m = (_NEGATED_QUOTE_RE.search(text, floor, start - 1)
         or _NONE_OF_QUOTE_RE.search(text, floor, start - 1))
    return m.group(1) if m else None


# A quoted saying taken up as what one goes by (没有拿“先天疾病”给医院开脱, 没有以“物业管不了”
# 推掉, 未拿“是您自己勾选的”反驳客户): the preposition that takes it, then the quote
_QUOTED_OBJECT_RE = re.compile(r"(?:拿|以|用|凭|把|将)[“「『]")
_QUOTED_RE = re.compile(r"[“「『][^“”「」『』]{0,30}[”」』]")


def _negated_quoted_object(text: str, start: int, negators: tuple) -> str | None:
    """The act word lies in or right after a quoted saying that a negated 拿/以/用… takes as
    its object, with nothing but quotes between (没有拿“灯光问题”“新漆都这样”之类的话搪塞): the
    negator is the act's, as it would be without the quote marks that end a clause."""
    floor = sentence_start(text, start)
    for m in reversed(list(_QUOTED_OBJECT_RE.finditer(text, floor, start))):
        negator = next((n for n in negators if text.endswith(n, floor, m.start())), None)
        if negator is None:
            continue
        between = _QUOTED_RE.sub("", text[m.start() + 1:start])
        if between[:1] in "“「『":
            between = between[1:]  # the act inside the quote (没有拿“猫是自己摔的”说事)
            if any(q in between for q in "”」』"):
                return None
        if not any(c in CLAUSE_BREAKS for c in between):
            return negator
        return None
    return None


# 联系 naming what one is reached by (没有给材料部的联系方式, 留下联系电话, 联系人) is a
# noun's first half, not a contact made or missed
_CONTACT_VERBS = frozenset({"联系", "联络"})
_CONTACT_NOUN_RE = re.compile("方式|电话|人(?!工)|地址|号码|渠道")


# What tells the clause before as a wait or a want, not another act done (没人回，又打;
# 等了三天，又打; 第二天，又打): then 又 is once more
_NOT_ANOTHER_ACT_RE = re.compile("没|未|不|等|过了|还是|仍|依然|一直|始终|后|次|遍|回")
_ASKING_RE = re.compile("打|拨|电|找|问|投诉|反映|报(?!了?警)|留言|咨询|联系|申请|催|提交|申诉|举报")


def _also_after_another_act(text: str, floor: int, start: int, end: int) -> bool:
    """又 opens the act's clause (又拨打…) right after a clause of the same sentence that
    tells another act done, affirmed and with no time in it (小林报了警，又拨打12305;
    把视频发给了客服，又打电话说明): 又 adds one act to another, it does not tell the act
    again."""
    if not text.startswith("又", floor) or floor < 2 or text[floor - 1] not in "，,、":
        return False
    before = text[clause_start(text, floor - 2):floor - 1]
    from .timetext import find_times

    return ("了" in before and _NOT_ANOTHER_ACT_RE.search(before) is None
            and not find_times(before)
            # 她打了电话，又打了一次; 在APP上报了事，又打了个电话: the same asking again
            and text[start] not in before and _ASKING_RE.search(before) is None)


def _sentence_before(text: str, pos: int) -> int:
    """Where the sentence before the one holding `pos` begins (its own start, if first)."""
    start = sentence_start(text, pos)
    return sentence_start(text, start - 1) if start > 0 else 0


def _last_subject(text: str, named: list, lo: int, hi: int):
    """The last party named within text[lo:hi] as a subject, not as an object in its clause."""
    return max((n for n in named if lo <= n.start and n.end <= hi and n.label is not None
                and not _is_object(text, n.start, clause_start(text, n.start))),
               key=lambda n: n.start, default=None)


def _sayer_before(text: str, floor: int, named: list):
    """The party who says, earlier in the sentence, what the clause at `floor` goes on
    with (客服听完说，…；她…): named, as the subject, in the clause of the first saying
    verb before `floor` (not 我, the narrator)."""
    said = _SPEAKING_RE.search(text, sentence_start(text, floor), floor)
    if said is None:
        return None
    sayer = _last_subject(text, named, clause_start(text, said.start()), said.start())
    if sayer is None or text[sayer.start:sayer.end] in FIRST_PERSON:
        return None
    return sayer


# The narrator of a first-person story (我, not 我们)
_FIRST_PERSON_SINGULAR_RE = re.compile("我(?!们)")

# Words of a party's label that tell its sex: 她 is never 马大爷, 他 never 钱阿姨.
_MALE = ("先生", "大爷", "大叔", "爷爷", "大伯", "老伯", "老汉", "男士", "小伙", "叔叔", "老爷子", "哥")
_FEMALE = ("女士", "小姐", "阿姨", "大妈", "奶奶", "大娘", "大姐", "太太", "姑娘", "妈妈", "婆婆",
           "阿婆", "大婶", "姐", "老太")


def _gender_clash(pronoun: str, label: str | None) -> bool:
    if not label:
        return False
    if pronoun.startswith("她") and not pronoun.startswith("她们"):
        return any(w in label for w in _MALE) and not any(w in label for w in _FEMALE)
    if pronoun == "他":
        return any(w in label for w in _FEMALE) and not any(w in label for w in _MALE)
    if pronoun in ("他们", "她们"):  # one person, named by a title (刘阿姨, 王先生), is no 他们
        return any(w in label for w in (*_MALE, *_FEMALE))
    return False


def _inside_ba_object(tokens, k: int, floor: int) -> bool:
    """The negator at tokens[k] stands inside the object of a 把 (or the written 将) before
    it in its clause (我把业务员没讲清条件的情况报给主管; 将前两次未回电的情况报给值班主管): it
    negates what the object says, not the verb."""
    for j in range(k - 1, -1, -1):
        t = tokens[j]
        if t.start < floor:
            return False
        if t.word in ("把", "将"):
            return j + 1 < k  # something stands between 把 and the negator: its object
    return False


# Not knowing that something was done so, the act right after it in the clause being what was
# not known (不然我们还不知道窗口是这么答复的): the act itself is told, not denied
_NOT_KNOWING_RE = re.compile("不(?:知道|清楚|了解|晓得)[^没未不无，,。；;！？!?]*(?:这么|这样)[^没未不无，,。；;！？!?]*$")


# Right after a negated act, what follows all the same (没有新消息也会打给您, 没结果也要给您个
# 回话): the negation is a condition granted, not something that did not happen
_EVEN_IF_NOT_RE = re.compile("[^，,。；;！？!?]{0,4}?也(?:会|要|得|照样|一样会)")


# What a word that holds its own negation ends on (过了约定……没, 到了时间……还没)
_OWN_NEGATOR_ENDS = ("没", "没有", "未", "不", "无")
# …or said to be out of the question: 道歉是不可能的, “退款”那是绝对不可能的
_RULED_OUT_AFTER_RE = re.compile(r"[”」』\"]?(?:那|这)?是(?:绝对|根本|完全)?(不可能)"
                                 # …or said to have no grounds: 赔偿没有依据, 补偿没这个规定
                                 r"|[”」』\"]?(?:的话|这块|这一块)?(没有|没|无)(?:任何)?"
                                 r"(?:依据|根据|这个规定|这项规定|相关规定|先例|这个先例|这个说法)")


def _negated_after(text: str, start: int, end: int) -> str | None:
    m = _NEGATED_AFTER_RE.match(text, end) or _RULED_OUT_AFTER_RE.match(text, end)
    if m:
        return m.group(m.lastindex)
    # the least of it, then none: 他一句道歉没有, 一声“谢谢”也没有
    if _LEAST_BEFORE_RE.search(text, max(0, start - 3), start):
        m = _NONE_AFTER_RE.match(text, end)
        if m:
            return m.group(1)
    return None


# The trouble told as coming back (又开始滴水, 再次出现, 又坏了)
_RECURRENCE_RE = re.compile(r"(?:又|再次|再度)(?:开始|出现|发生|坏|漏|停|断|滴|掉|犯|响|冒|堵"
                            # …or failing again: 空调又不制冷了, 又没电了
                            r"|不(?:制冷|制热|出水|出热水|亮|转|通|工作|运转)|没(?:电|水|热水|信号|网|气))")
# The customer contesting the answer given (不同意这个说法, 觉得四百元太少, 对处理结果不满意)
_CONTESTED_RE = re.compile(r"不同意|不认可|不接受|不服|有异议|觉得[^。！？!?]{0,20}太(?:少|低|便宜)"
                           # …or the answer thought over and found wrong: 越想越不对, 觉得这个收费不合理
                           r"|越想越(?:不对|不服|觉得不对)|觉得[^，。,；;！？!?]{0,12}(?:不对劲|不合理|不公平|说不过去)"
                           r"|嫌[^，。,；;！？!?]{0,8}(?:少|低)|对[^，。,；;！？!?]{0,10}(?:结果|方案|答复|说法)不满意")
# Back to thank (感谢, 表扬, 锦旗): not chasing
_THANKS_RE = re.compile("感谢|致谢|道谢|谢意|表扬|锦旗")
# 又有几户家长反映, 又有一位顾客投诉: more people, not the same one again
_OTHERS_TOO_RE = re.compile("有(?:[0-9一二两三四五六七八九十几好多不少些]+[户位名个家]|人)")
# The customer asking for someone above the one who answered, or complaining of that one
_HEADS = "负责人|经理|主管|领导|店长|站长|院长|校长|园长|行长|所长|科长|主任|列车长|值班长|护士长|组长|班长|老板"
_OVER_THE_HEAD_RE = re.compile(rf"(?:要求|坚持|提出|非要|点名)要?(?:见|找)[^，。,；;！？!?]{{0,6}}(?:{_HEADS})"
                               r"|投诉[^，。,；;！？!?]{0,12}(?:态度|服务)")
# What a contact repeated once may come back for, other than chasing (see read())
_BACK_FOR_ANOTHER_REASON = (_CONTESTED_RE, _THANKS_RE, _OVER_THE_HEAD_RE)
# A negator closing the gap of a word in parts (家…老化 in 说他家的线路没有老化)
_GAP_NEGATOR_RE = re.compile(r"(没有|没|未|不)$")


def _negated_within(text: str, start: int, end: int, phrase: str | None) -> str | None:
    """In a word of parts (家…老化), a later part negated inside the gap: 他家的线路没有老化
    says it is not old, though nothing before the word negates it."""
    if phrase is None or GAP not in phrase:
        return None
    parts = phrase_parts(phrase)
    pos = start + len(parts[0])  # a match begins with its first part (as in _cannot)
    for part in parts[1:]:
        at = text.find(part, pos, end)
        if at == -1:
            return None
        m = _GAP_NEGATOR_RE.search(text, pos, at)
        if m is not None:
            return m.group(1)
        pos = at + len(part)
    return None


def _received_after(text: str, end: int) -> bool:
    """The act is what a negated receiving verb after it takes (一个电话也没等来,
    一条短信都没收到): the act word is the thing not received."""
    m = _NEGATED_AFTER_RE.match(text, end)
    return m is not None and text.startswith(RECEIVING, m.end())


_LEAST_BEFORE_RE = re.compile(r"[一半][句声个次丝点][“「『\"]?$")
_NONE_AFTER_RE = re.compile(r"[”」』\"]?(没有|没)(?![^，。,！？；;!?]{0,3}?(?:用|关系))")


# A verb's potential complement negated: 处理不了, 协调不了, 退不了钱 — it cannot be done, so
# it was not done; or the act refused as not possible: 退钱不行. (A word of its own, 打不通 or
# 联系不上, is an act itself.)
_CANNOT = ("不了", "不成", "不行")


def _cannot(text: str, start: int, end: int, phrase: str | None) -> str | None:
    """不了/不成/不行 right after the act's word, or, in a word joined from parts (退…钱), right
    after its first part (退不了钱)."""
    if text.startswith(_CANNOT, end):
        return text[end:end + 2]
    if phrase is not None and GAP in phrase:
        first = start + len(phrase_parts(phrase)[0])
        if text.startswith(_CANNOT, first):
            return text[first:first + 2]
    return None


# Titles said after a surname (周大爷, 王女士, 李经理): where the label is not a party's, the
# surname before the noun found is part of who is named
SURNAMED_TITLES = frozenset({"女士", "先生", "小姐", "大爷", "大妈", "阿姨", "大姐", "大哥", "奶奶",
                             "爷爷", "师傅", "经理", "老师", "医生", "主任", "主管", "店长", "老板"})
# a role noun followed by a full name (窗口人员王晓, 客服代表李敏): one of the commonest
# surnames and a given name of one or two characters
_SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
             "傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆"
             "郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文")
_FULL_NAME_RE = re.compile(f"[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}")
# 小郑, 老王: 小/老 and a surname (not 小心, 老是, 老板)
_INTRODUCED_NAME_RE = re.compile(f"[小老][{_SURNAMES}]")
_SHORT_NAME = "[小老阿][\u4e00-\u9fff]"
_SHORT_NAME_AT_END_RE = re.compile(f"(?:{_SHORT_NAME}|[\u4e00-\u9fff]某{{1,2}})$")
# …said after a role in running text (您好，前台小林), where 小姐, 小哥, 老板… are forms of
# address or roles, not names (a label is written by the trainer: 客服小姐 is not said there)
_SHORT_NAME_SAID_RE = re.compile("(?![小老阿](?:姐|哥|伙|妹|弟|板|师|姨|叔|伯|朋友|同志))"
                                 + _SHORT_NAME)


def name_after_role(label: str) -> str | None:
    """The short name after the role in a (Simplified) party label: 设计师小吴 -> 小吴,
    维修工张某 -> 张某; None for a label that is only a role or only a name."""
    m = _SHORT_NAME_AT_END_RE.search(label) or _LATIN_NAME_AT_END_RE.search(label)
    return m.group() if m and m.start() > 0 and m.group() not in _NOT_A_LATIN_NAME else None


# An English name after the role (顾问Cindy -> Cindy, 店主阿May -> 阿May), as staff of
# salons, schools and shops are called; not an app (官方App)
_LATIN_NAME_AT_END_RE = re.compile("(?<=[\u4e00-\u9fff])阿?[A-Z][a-z]+$")
_NOT_A_LATIN_NAME = frozenset({"App", "Web", "Wifi", "Plus", "Pro", "Max"})


# A full name after a staff role at a label's end (学员坐席蒋帆, 交付专员宋婷): the name the
# speaker may say of themself (32号蒋帆为您服务); not a second role or a place (客服主管,
# 客服热线, 服务中心)
_ROLE_THEN_FULL_NAME_RE = re.compile(
    "(?:客服|专员|坐席|师傅|工程师|技师|经理|主管|店长|前台|话务员|接线员|柜员|营业员|管家|顾问|护士|医生|"
    "督导|站长|组长|班长|主任|司机|保安|导购|销售)([\u4e00-\u9fff]{2,3})$")
_NOT_A_NAME_RE = re.compile("(?:员|长|师|工|主管|经理|专员|师傅|人员|主任|热线|中心|大厅|窗口|部门|部|总部|公司|团队|"
                            "小组|专线|值班|客服|坐席|前台|顾问|助理|代表|小姐|先生|女士)$")


def full_name_after_role(label: str) -> str | None:
    """The full name after a role in a (Simplified) party label: 学员坐席蒋帆 -> 蒋帆, 窗口人员王晓
    -> 王晓, 客服代表李小明 -> 李小明; None for a label that is only roles (客服主管, 售后工程师:
    程师 is no name) or a role and a place (客服热线)."""
    # A role of two characters or more, then one of the commonest surnames with a given name
    # or a title (热线客服许女士 -> 许女士). No name of three where a role ends two characters
    # before the end (装维师傅张磊 -> 张磊, not 傅张磊), and none ending as a role does (程师).
    role_ends_before_two = _NOT_A_NAME_RE.search(label[:-2]) is not None
    for size in (3, 2):
        name = label[-size:]
        if (len(label) - size >= 2 and _FULL_NAME_RE.fullmatch(name)
                and name[-1] not in ROLE_SUFFIXES and not (size == 3 and role_ends_before_two)):
            return name
    # …or a staff role, then any name (坐席岳琳)
    m = _ROLE_THEN_FULL_NAME_RE.search(label)
    if m is not None and not _NOT_A_NAME_RE.search(m.group(1)):
        return m.group(1)
    return None


def name_follows(text: str, pos: int) -> bool:
    """A short personal name begins at `pos` (前台小林 at 小林; not 前台小姐)."""
    return _SHORT_NAME_SAID_RE.match(text, pos) is not None


_CLAUSE_BREAK_RE = re.compile("[" + re.escape(CLAUSE_END_CHARS) + "]")


# The widest a negation reaches: clause separators (text's) that _NEGATED_AFTER_RE does
# not cross either. A negator outside these bounds cannot negate an act inside them.
_SCOPE_BREAK_RE = re.compile("[，。,！？；;!?]")


@lru_cache(maxsize=4096)
def _breaks(text: str, breaks_re: re.Pattern = _CLAUSE_BREAK_RE) -> tuple[int, ...]:
    """Where the clauses of a text end (found once per text: every act read asks)."""
    return tuple(m.start() for m in breaks_re.finditer(text))


# the last part of a word across clauses whose clause names who does it (see _actor):
# 郑先生话还没说完，客服就…; 何女士解释到一半，客服又…
_THEN_AT_ONCE = tuple(SENTENCE_GAP + then for then in ("就", "又", "便"))


# 以后/今后 before an act's word that 会/就/时 follows: what will be done whenever it happens
_FROM_NOW_ON_RE = re.compile("以后|今后|往后|日后")
_THEN_RE = re.compile("会|就|时|的时候")
# What someone believed or expected (原本以为又要跑好几趟，没想到…; 还以为要跟你们磨好几天):
# the act in that clause is what they feared, not what happened. (Not 可以为您…, 所以为了…,
# 难以为继, 不以为然, 自以为是.)
_BELIEF_RE = re.compile("(?<![可所难自不予])以为(?!然|是)")


# A clause closed by 的话 is a condition (您没收到验证码的话，…), unless 的话 is a noun with what
# someone said before it (他刚才说的话)
_SPOKEN_WORDS = ("说的话", "讲的话", "骂的话", "问的话", "答的话", "写的话")


_TIME_NOT_YET_RE = re.compile(
    r"\s*(?:[0-9０-９]+|[一二两三四五六七八九十几半]+)个?(?:工作日|天|小时|钟头|分钟|周|星期)(?:之?内|以内)?"
    r"|\s*(?:明天|下班|[0-9一二三四五六七八九十]+点)(?:之?前|以前)?"
    r"|\s*(?:到点|到时候|到时|届时)")
_NOT_YET_RE = re.compile("[^，。,；;！？!?了过]{0,10}?(?:还|仍|都)?(?:没有|没|未)")


# A time a clause may open on before its 如果/要是 (到时候要是没人联系您…). Not a person:
# 你要是早点来就… is blame, said as a condition
_CLAUSE_LEAD_RE = re.compile("(?:到时候|到时|届时|回头|明天|今天|今晚|之后|以后|下次|下回)+")


_OPENING_QUOTES = "".join(QUOTE_PAIRS)  # a clause may open on one: “哪怕打个电话问一声也好”


def _leading_len(clause: str) -> int:
    m = _CLAUSE_LEAD_RE.match(clause)
    return m.end() if m is not None else 0


def _unmarked_condition(text: str, start: int, pos: int) -> bool:
    """A clause opened by a time still to come and what will not have come to the listener
    by then, and a next clause telling what happens then (三个工作日内社保中心没联系您，您打
    12345报工单号; 五点前网点还没联系您，我亲自跟进; 到点还没结果，我也先打给您): a condition
    said without 如果."""
    m = _TIME_NOT_YET_RE.match(text, start)
    if m is None or (negation := _NOT_YET_RE.match(text, m.end())) is None:
        return False
    end = clause_end(text, pos)
    # (what has not come is the listener's, or what follows is the speaker's own next step for
    # them: 到点还没结果，我也先打给您说进展; not 到时候还是没人联系我，我只好再打过来)
    return (end < len(text) and text.startswith(("您", "你", "我"), end + 1)
            and (any(ch in text[negation.end():end] for ch in "您你")
                 or (text.startswith("我", end + 1)
                     and any(ch in text[end + 1:clause_end(text, end + 1)] for ch in "您你"))))


def _conditional_clause(text: str, start: int, pos: int) -> bool:
    """The clause from `start` holding `pos` ends with 的话: it states a condition."""
    clause = text[start:clause_end(text, pos)].rstrip()
    return clause.endswith("的话") and not clause.endswith(_SPOKEN_WORDS)


def clause_start(text: str, pos: int, breaks_re: re.Pattern = _CLAUSE_BREAK_RE) -> int:
    breaks = _breaks(text, breaks_re)
    k = bisect_left(breaks, pos)
    return breaks[k - 1] + 1 if k else 0


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` begins (after the last 。！？ or line break)."""
    return max(text.rfind(ch, 0, pos) for ch in SENTENCE_ENDS) + 1


def clause_end(text: str, pos: int, breaks_re: re.Pattern = _CLAUSE_BREAK_RE) -> int:
    breaks = _breaks(text, breaks_re)
    k = bisect_left(breaks, pos)
    return breaks[k] if k < len(breaks) else len(text)


def _clause(text: str, start: int, end: int) -> str:
    return text[clause_start(text, start):clause_end(text, end)]


# A time that describes a thing, not when something happened: 改签次日七点的首班, 约了两周后的
# 考试, 买了三天后的票 (the time, perhaps with a clock time, then 的).
_ATTRIBUTIVE_TIME_RE = re.compile("(?:上午|下午|中午|早上|晚上|傍晚|凌晨|早|晚|[0-9零一二三四五六七八九十两]+"
                                  "(?:点|时)(?:半|[0-9零一二三四五六七八九十]+分?)?)*的(?![话时上下中早晚傍凌那一当])")


# After a time: what will be done then (三天后会打电话, 一周后再来复查); before it: a promise
# or an arrangement reported (答应三天后上门, 约好两天后取)
_TIME_TO_COME_RE = re.compile(r"[我你您他她]?们?(?:会|将|再|要|就会|可以|能)")
_TIME_TO_COME_BEFORE = ("说", "称", "表示", "答应", "承诺", "保证", "约好", "约定", "约", "预计")


# How long a state went on (车库灯连续二十多天全天常亮): a length of its own, no wait for an answer
_STATE_LASTED_BEFORE = ("连续", "持续", "一连", "接连")


def _speaks_of_waiting(text: str, span) -> bool:
    """The span's clause holds a word of waiting (等, 才, 直到, 没…: see WAIT_CUES)."""
    return any(cue in _clause(text, span.start, span.end) for cue in WAIT_CUES)


def how_long_a_state_lasted(text: str, span) -> bool:
    """The span is how long something went on (连续二十多天全天常亮), not a wait: a length
    right after 连续/持续…, in a clause with nothing of waiting in it (连续三天没人回电 is one)."""
    return (span.kind == "duration" and text[:span.start].endswith(_STATE_LASTED_BEFORE)
            and not _speaks_of_waiting(text, span))


# What a length after these tells is the time left (离婚礼还有四十天, 只剩两天就到期)
_TIME_LEFT_BEFORE = ("还有", "还剩", "还剩下", "只剩", "只剩下", "仅剩", "就剩", "剩下",
                     # …or still short of it: 还差十个月到期, 只差三天
                     "还差", "只差", "就差")
# …and after a verb of getting or using something, how old the thing is (冰箱买了才三天就坏了,
# 我这车提回来才三个月)
_AGE_BEFORE_RE = re.compile("(?:买|提|装|用|换|开|住|修|租|办)(?:了|回来|回家|好|上)?(?:才|还不到|不到|刚)$")


@lru_cache(maxsize=4096)
def stated_waits(text: str) -> tuple:
    """The waits a (normalised) text states: TimeSpans of lengths in a clause that speaks of
    waiting, or times after something (三天后, 第二天); limits (48小时内), times before and
    至今 are not waits. Depends on the text alone, so it is cached by text."""
    from .timetext import find_times

    found = []
    for span in find_times(text):
        if span.kind not in ("duration", "later"):
            continue
        if text.startswith(DEADLINE_AFTER, span.end) or _ATTRIBUTIVE_TIME_RE.match(text, span.end):
            continue
        if span.kind == "duration" and (text[:span.start].endswith(_TIME_LEFT_BEFORE)
                                        or _AGE_BEFORE_RE.search(text, 0, span.start)):
            continue  # 离婚礼还有四十天, 买了才三天: the time left, a thing's age, not a wait
        if span.kind == "later" and (_TIME_TO_COME_RE.match(text, span.end)
                                     or text[:span.start].endswith(_TIME_TO_COME_BEFORE)):
            continue  # 说三天后会打电话问伤口情况: a time to come, promised, not a wait
        if span.kind == "later" or _speaks_of_waiting(text, span):
            found.append(span)
    return tuple(found)


# 会 but not 会员/会议…; 将会 and 即将 but not 将 as 把 (将原因解释清楚); 要 but not 要求
_FUTURE_RE = re.compile("会(?![员议计长所场谈见面客])|将会|即将|准备|打算|愿意|要(?![求])")


# A negation promised (保证骑手不会再联系她, 承诺绝不再拖延) tells what will not happen, not
# that something failed to: no act either way.
PROMISED_NEGATORS = ("不会", "绝不", "决不", "不再", "再也不会", "再不会")
PROMISING = ("保证", "承诺", "答应", "确保", "发誓", "担保")


_SAYING_RE = re.compile("|".join(sorted({*SAYING, *SPEAKING}, key=len, reverse=True)))


def _told_content(text: str, start: int) -> bool:
    """The mention at `start` is inside what someone says, finds or admits, its clause
    opened by such a verb (说孩子不舒服家长一定很担心; 承认销户流程没有考虑老年用户): it does not
    carry over as the next clause's subject (…，感谢他把这件事告诉学校 is still the teacher's;
    …；承诺周六派人上门 the manager's); so is one named after such a verb later in the clause
    (客服说这不是顾客使用问题，…向他道歉: the agent's)."""
    return _SAYING_RE.search(text, clause_start(text, start), start) is not None


def _quoted_before(text: str, start: int, pos: int) -> bool:
    """The mention at `start` is inside a quotation that closes before `pos` (说“…换成我家老人
    我也受不了”，为值班室的做法道歉): someone named in the words quoted is no subject of the
    story after them, whatever clauses the quotation holds."""
    opened = quote_opening(text, start)
    if opened is None:
        return False
    close = text.find(QUOTE_PAIRS[text[opened - 1]], start)
    return close != -1 and close < pos


def _any_such(text: str, m: Mention) -> bool:
    """The mention names no party but anyone of a kind, by a clause before it (说…预约的客户
    优先，还说…: any customer who booked): it is no story's subject to carry over. A company
    role noun named so is the one who did it (接电话的工作人员记下了车牌号，说会转给…: the one
    who answered), and carries over."""
    return m.label is None and m.side == "customer" and text.endswith("的", 0, m.start)


def told_as_said(text: str, start: int) -> bool:
    """A saying verb (说, 称, 表示…) comes before `start` in its sentence: the word is in what
    someone is told as saying (老韩到窗口，说自己跑了三趟了)."""
    return _SPEAKING_RE.search(text, sentence_start(text, start), start) is not None


# What a check found out (网点负责人回电，确认快递员未按备注送货上门): the matter complained of,
# told back, not something done or left undone since (not 确认后…, once it is checked)
_FOUND_RE = re.compile(r"(?:确认|查明|证实|查实|经查|核实|核查|发现|查到|查出|了解到)(?!后|之后|以后|了后|无误后)")


def told_as_found(text: str, start: int) -> bool:
    """A verb of finding out comes before `start` in its sentence: the word is in what a
    check found (确认快递员未按备注送货上门)."""
    return _FOUND_RE.search(text, sentence_start(text, start), start) is not None


def _committed_not(text: str, start: int, negator: str | None, said: bool) -> bool:
    """The act is negated by a future negator as a commitment, not told as left undone:
    under a promise in its clause (保证不会再拖延), or, in someone's words (`said`), as "no
    more" (不会再, 不再, 再也不会: 他今后不会再联系您), what will stop."""
    if negator not in PROMISED_NEGATORS:
        return False
    before = text[clause_start(text, start):start]
    at = before.rfind(negator)
    if at > 0 and any(verb in before[:at] for verb in PROMISING):
        return True
    return said and at >= 0 and ("再" in negator or before.startswith("再", at + len(negator)))


# What was owed, told as such (按规定应…, 本应…, 应当…), and a turn of the sentence after it
# (…，但…, …，却…): the owed act was not done
_RULE_OPENERS = ("按规定", "按要求", "依规", "按流程", "按程序", "按制度")
_OWED_RE = re.compile(f"(?:{'|'.join(_RULE_OPENERS)})(?:应当|应该|应|要)|本应|本该|理应|应当|应该(?!是)")
_BY_RULE_RE = re.compile("|".join((*_RULE_OPENERS, "规定")))
# 应 alone, not in a word (答应, 回应, 相应, 应对, 应急…)
_BARE_OWED_RE = re.compile("(?<![答响反相适对供回效感呼顺报])应(?![对急付用届聘邀酬变])")
_CONTRAST_RE = re.compile("[，,；;]\\s*(?:但是?|却|可是|然而|可)")


def _owed_not_done(text: str, start: int, end: int) -> str | None:
    """The act at `start` is what was owed (按规定应升级为督办件, 本应当场道歉), and the
    sentence then turns (，但话务员一直按普通工单派发): told as not done. The owed word is
    returned as its negator; None when it is not so told."""
    if "应" not in text and "该" not in text:  # every owed word holds one (most texts none)
        return None
    owed = None
    floor = max(clause_start(text, start), start - 10)
    for m in _OWED_RE.finditer(text, floor, start):
        owed = m
    if owed is None and _BY_RULE_RE.search(text, sentence_start(text, start), start):
        # a bare 应 after the rule is named: 按规定，同一诉求重复来电应升级为督办件
        for m in _BARE_OWED_RE.finditer(text, floor, start):
            owed = m
    if owed is None:
        return None
    return owed.group() if _CONTRAST_RE.search(text, end, sentence_end(text, end)) else None


# What tells a verb done: 了 or 过 right after it, or after its result (回复了, 赶到了, 联系上了,
# 处理好了); not 了解, nor 过来/过去 (a direction: 十分钟内赶过来)
_DONE_AFTER_RE = re.compile("(?:上|到|好|完)?(?:了(?!解)|过(?![来去]))")


# what came to someone, told as received (三分钟内得到回复, 十分钟内就收到了回复)
_RECEIVED_BEFORE_RE = re.compile("(?:得到|收到|接到|拿到|等到|等来)了?$")


def _told_done(text: str, start: int, end: int, phrase: str) -> bool:
    """A combined word (三天内…回复) told as done by then (三天内回复了她) or as received (三分钟
    内得到回复), with no saying verb in its clause up to its end that would make it a promise
    reported (说两小时内就到了)."""
    if GAP not in phrase:
        return False
    last = end - len(phrase_parts(phrase)[-1])
    return ((_DONE_AFTER_RE.match(text, end) is not None
             or _RECEIVED_BEFORE_RE.search(text[max(start, last - 4):last]) is not None)
            and _SPEAKING_RE.search(text, clause_start(text, start), end) is None)


def _future(text: str, start: int) -> bool:
    """The act is still to come: 会/将会/准备… shortly before it in its clause (我们会给他
    赔礼道歉 is not an apology)."""
    return _FUTURE_RE.search(text, max(clause_start(text, start), start - 8), start) is not None


def _pronoun_opens_next_clause(text: str, pos: int) -> bool:
    """The clause after the one holding `pos` opens with 他/她/他们/她们."""
    end = clause_end(text, pos)
    return _NARRATED_PRONOUN_RE.match(text[end + 1:end + 4].lstrip()) is not None


def _reported_after_enumeration(text: str, floor: int) -> bool:
    """What someone says runs on after 、: in "说老人住院、家属心里肯定着急" the 家属 is
    said about, as 老人 is, not the story's new subject."""
    if floor < 1 or text[floor - 1] != "、":
        return False
    before = text[clause_start(text, floor - 1):floor - 1].lstrip()
    return before.startswith(SAYING) or any(0 <= before.find(v) <= 6 for v in SPEAKING)


def _unmodified(before: str, modifiers: tuple[str, ...] = MODIFIERS) -> str:
    """The text before a noun without the word that modifies it: a determiner or a place
    (说那位顾客…, 说楼上住户…), or only the `modifiers` given."""
    if before.endswith(modifiers):  # one C call rules out most texts
        for word in modifiers:
            if before.endswith(word):
                return before[:-len(word)]
    return before


# What was received from someone, told with a relative clause: 接到市场监管部门转来的投诉,
# 收到平台发来的短信 (the sender is that clause's subject, not the story's)
_RECEIVED_VERBS = ("接到", "收到", "接到了", "收到了")
# …or right before an act's word, with at most a few words of what was received between:
# 又接到一个推销电话, 收到了退款 (not past a comma, nor a verb of the subject's own after it)
_RECEIVED_BEFORE_ACT_RE = re.compile(r"(?:接到|收到)了?[^，。,；;！？!?打拨说问找给让]{0,12}$")
# …or told as received right after the act's word, a count or an adverb between: 电话好几次没
# 接到, 短信收到了 (the subject missed or got it; 电话打不通, 没人接 are the subject's own calls)
_RECEIVED_AFTER_ACT_RE = re.compile(r"(?:[好几一二两三四五六七八九十多个次回遍]|都|也|还|一直|始终|从来)*"
                                    r"(?:没有?|未)?(?:接到|收到)")
_RELATIVE_AFTER_RE = re.compile(r"[^，。,；;！？!?的]{1,4}的")


def _after_verb_le(before: str) -> bool:
    """The text before a mention ends in a verb and its 了 (看了, 拿了)."""
    return before.endswith("了") and len(before) >= 2 and "\u4e00" <= before[-2] <= "\u9fff"


def _is_object(text: str, start: int, floor: int) -> bool:
    before = text[floor:start]
    if before.endswith(("了", "过")) and before[:-1].endswith(OBJECT_MARKERS):
        return True  # 通知了钱大爷, 感谢过客户
    # 当初签约的课程顾问说…, 他找的师傅没来: the head of a relative clause is not the object of
    # the clause's own verb; a preposition before it still makes it one (向物业的经理)
    relative = before.endswith("的") and not before.endswith(OTHER_DETERMINERS)
    before = _unmodified(before, DETERMINERS)  # 向该客户, 对这位顾客
    if before.endswith("请问"):  # 请问您还有什么疑问: a polite opening; 您 asks on
        return False
    if before.endswith("怪") and not before.endswith(("难怪", "奇怪", "古怪", "见怪", "作怪")):
        return True  # 怪客户操作不当: the one blamed
    if before.endswith(OBJECT_MARKERS) and not relative:
        # 到 is a place (邓某到营业部) unless it completes a verb (没有想到店长亲自…)
        return not (before.endswith("到") and before[-2:-1] in VERB_BEFORE_DAO)
    # 向预订平台, 对当地供电公司: a preposition a few characters before, with a modifier between
    # (not one inside a word: 签合同时销售顾问…, 核对后经理…)
    tail = before[-8:]
    if _PREPOSITION_CHARS.isdisjoint(tail):  # most clauses: nothing to mask or look for
        return False
    near = _NOT_PREPOSITION_RE.sub(_masked, tail)[-6:]
    return (any(p in near[:-1] for p in PREPOSITIONS)
            or _FOR_BEFORE_RE.search(near[:-1]) is not None)


def _masked(m: re.Match) -> str:
    return "#" * len(m.group())


# An answer the customer was given, its content following: 得到的答复是…, 回复说…, 答复称…
_ANSWERED_RE = re.compile(r"(?:得到的|收到的)(?:答复|回复|回答|说法)|(?:答复|回复|回答)(?:都|仍|还)?(?:是|说|称|为)"
                          # a message received, what it says following: 收到短信，说明…并致歉
                          r"|收到(?:了)?(?:一条|一封|一份)?(?:短信|通知|消息|邮件|信息|回复)[，,]?"
                          r"(?:说明|说|称|写着|内容是|告知|表示)")
# 他/她 opening a clause of their own after an answer (…，她又打电话问): not one a preposition
# governs (为给他带来的不便致歉)
_OWN_CLAUSE_PRONOUN_RE = re.compile("(?<![给向为对让跟和替帮])[他她]")


# A clause opening on the answer given, nobody named: 答复四十八小时内联系, 回复称下周一上门 (the
# lookbehind sees the 。 or ， before where a search starts)
_REPLY_OPENING_RE = re.compile(r"(?<![^，,；;。：:])(?:答复|回复|告知|答复称|回复称|答复说|回复说)")


def _answered(text: str, floor: int, pos: int) -> bool:
    """The act at `pos` is in an answer the subject was given (得到的答复是…), and no 他/她
    after the answer begins someone's own clause."""
    found = (_last_match(_ANSWERED_RE, text, floor, pos)
             # …or a clause opening on it (业主来电催办。答复下周一上门)
             or _last_match(_REPLY_OPENING_RE, text, floor, pos))
    return found is not None and _OWN_CLAUSE_PRONOUN_RE.search(text, found.end(), pos) is None


def _last_match(pattern: re.Pattern, text: str, lo: int, hi: int) -> re.Match | None:
    """The last match of `pattern` in text[lo:hi], or None."""
    found = None
    for found in pattern.finditer(text, lo, hi):
        pass
    return found


def _receives(text: str, floor: int, pos: int) -> bool:
    """The act is what the subject received (没收到任何答复, 得到了赔偿: the other side
    gave it), not a later act of the subject's (接到投诉后立即处理, 接到指令马上更换)."""
    between = text[floor:pos]
    for verb in RECEIVING:
        i = between.rfind(verb)
        if i != -1:
            rest = between[i + len(verb):]
            return len(rest) <= 8 and not any(w in rest for w in NEW_VERB_PHRASE)
    return False
