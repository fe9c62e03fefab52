"""A commented skeleton of a new case, to copy and fill in.

The skeleton is itself a valid case (tests load it with casekit's loader and validate it
against the case schema), so a trainer can run casekit on it before writing a word. Its
comments teach the format; every `TODO` marks text to replace.
"""

from __future__ import annotations

from .model import EVENT_KINDS, KIND_NAMES, KINDS_NEEDING_FROM, ROLE_NAMES, ROLES

DEFAULT_SCHEMA_PATH = "case.schema.json"

_TEMPLATE = """\
# yaml-language-server: $schema={schema_path}
#
# 新案例骨架 / a new case. 把每个 TODO 换成真实(已匿名化)的内容;格式见 docs/case-format.md。
# Replace every TODO with the real (anonymised) story; the format is in docs/case-format.md.
#
# 编辑器提示 / editor help: 在本文件所在的文件夹运行
#     casekit schema case > {schema_path}
# 然后用装了 YAML 扩展 (redhat.vscode-yaml) 的 VS Code 打开本文件:悬停看字段说明,
# 自动补全 kind、role 等取值,写错的地方当场标红。
# Run the command above next to this file, then open it in VS Code with the YAML extension:
# hover for each field's meaning, completion for kinds and roles, mistakes underlined.

# id: my-case                     # 可选 optional: 案例编号,默认取文件名 (defaults to the file name)
title: TODO 在这里写案例标题，例如 吊顶漏水：售后电话是空号   # 必填 required: 报告顶部显示的标题
industry: TODO 行业，例如 家装     # 可选 optional
source: TODO 出处，例如 改编自《客户世界》2021年9月刊   # 可选 optional
summary: >-                       # 可选 optional: 案情简介;折叠块 >- 中的换行会被去掉
  TODO 在这里写案情背景：客户是谁、买了什么、出了什么问题。
  可以写好几行。

# 当事人 parties(必填 required):对话、from、to 中用到的每个称呼 → 角色 role。
# 角色 roles: {roles}
parties:
  客户: customer                  # 简写 short form  称呼: 角色
  客服: agent
  维修师傅:                        # 完整写法 long form: role 必填,name / org 可选
    role: staff
    org: TODO 所属单位，例如 当地经销商
  客服主管: {{role: manager, name: TODO 姓名或化名}}   # 完整写法也可以写在一行里 (flow style)

# 事件 events(必填 required):时间线,按时间顺序。
# 事件类型 kinds: {kinds}
# {needing_from} 事件必须有 from (who acted)。
events:
  - at: 2024-03-01 09:30          # 可选 optional: 2024-03-01 或 2024-03-01 09:30(不能早于上一个事件)
    kind: contact                 # 联系:客户打电话、发消息、到柜台……
    from: 客户                     # 谁发起 (a party label from `parties`)
    to: 客服                       # 对谁
    channel: phone                # 可选 optional: phone 电话 / sms 短信 / hotline 热线 / onsite 现场 / online 在线
    note: TODO 旁白，例如 客户来电反映热水器打不着火。   # 可选 optional: 规则把旁白算作 from 一方说的
    dialogue:                     # 可选 optional: 每一轮写成 `- 称呼: 文本`,英文冒号后要有空格
      - 客户: TODO 在这里写客户的第一句话
      - 客服: TODO 在这里写客服的回答
      - 客户: TODO 客户接着说的话
      # 文本里用中文标点;不要写英文的“冒号+空格”。
      # In the text use Chinese punctuation; avoid an ASCII colon followed by a space.
  - at: 2024-03-01 16:00
    kind: resolution              # 解决:问题真正解决了
    from: 维修师傅
    to: 客户
    channel: onsite
    note: TODO 问题是怎样解决的，例如 师傅上门更换了点火器，热水器恢复正常。
  - at: 2024-03-03 10:00
    kind: follow-up               # 回访:解决之后企业方再次联系客户
    from: 客服主管
    to: 客户
    channel: phone
    dialogue:
      - 客服主管: TODO 回访的话，例如 您好，上次的问题现在都正常了吗？您对处理结果还满意吗？
      - 客户: TODO 客户的评价

outcome:                          # 可选 optional: 结果
  resolved: true                  # 问题解决了吗 true / false
  satisfied: true                 # 客户满意吗 true / false

# 预期 expect(可选 optional):这个案例要教什么——哪些规则应当 pass 符合、fail 不符合、
# n/a 不适用。casekit check 会核对。列出规则 id:casekit rules
expect:
  pass: [follow-up]               # 这个骨架有 解决 之后的 回访,所以 follow-up 符合
  # fail: [apology, first-contact-ownership]
  # n/a: [timeliness]
  # min_score: 60                 # 供 CI 使用:得分不得低于此值 (0–100)
"""


def case_skeleton(schema_path: str = DEFAULT_SCHEMA_PATH) -> str:
    """A commented case skeleton (YAML text) that loads as a valid case.

    `schema_path` is the schema file named in the yaml-language-server hint at the top,
    relative to the case file (generate it with `casekit schema case > case.schema.json`).
    """
    needing_from = [k for k in EVENT_KINDS if k in KINDS_NEEDING_FROM]
    return _TEMPLATE.format(
        schema_path=schema_path,
        roles=" / ".join(f"{r} {ROLE_NAMES[r]}" for r in ROLES),
        kinds=" / ".join(f"{k} {KIND_NAMES[k]}" for k in EVENT_KINDS),
        needing_from="、".join(needing_from))


__all__ = ["case_skeleton", "DEFAULT_SCHEMA_PATH"]
