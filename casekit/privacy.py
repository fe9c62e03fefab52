"""Personal data in case text: phone numbers, ID cards, bank cards, e-mail, plate numbers.

Training material retells real complaints; real customers' data must be anonymised before
it is handed to trainees. Findings carry the line and a masked preview, never the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Mobile numbers: 11 digits under a network prefix (网号) the MIIT has assigned. Source:
# 工业和信息化部《我国公众移动通信网网号及H0分配情况(截至2023年3月底)》(2023-06-05):
# 130-139, 145-149 (data cards), 150-153, 155-159, 162, 165-167, 170-178 (170, 171, 162,
# 165, 167 resale/virtual; 174 satellite), 180-189, 190-193, 195-199, and 1619 (satellite).
# Not assigned, so not a phone: 140-144 (13-digit IoT numbers), 154, 160, 161 (but 1619),
# 163, 164, 168, 169, 179, 194.
MOBILE_RE = re.compile(r"(?<![\d])1(?:(?:3\d|4[5-9]|5[0-35-9]|6[25-7]|7[0-8]|8\d|9[0-35-9])\d{8}"
                       r"|619\d{7})(?![\d])")
LANDLINE_RE = re.compile(r"(?<![\d])(?:\(0\d{2,3}\)|0\d{2,3}-)\d{7,8}(?![\d])")
ID_CARD_RE = re.compile(r"(?<![\d])[1-9]\d{16}[\dXx](?![\dXx])")
BANK_CARD_RE = re.compile(r"(?<![\d])\d{16,19}(?![\d])")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PLATE_RE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
                      r"[A-HJ-NP-Z][·•\s]?(?:[A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{5}[DF])"
                      r"(?![A-Za-z0-9])")

# A web address: digits in it (dates, article ids, long numeric paths) are not personal data.
# Any scheme URL or www. address, or a bare domain followed by a path; it ends at white
# space, at Chinese text or punctuation, and before trailing sentence punctuation.
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+=%]"
URL_RE = re.compile(
    r"(?:(?:https?|ftp)://|(?<![A-Za-z0-9@.\-])www\.)" + _URL_CHARS + r"*"
    r"|(?<![A-Za-z0-9@.\-])(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,}(?::\d+)?/" + _URL_CHARS + r"*",
    re.IGNORECASE)
_URL_TRAILING = ".:!?'"

KIND_NAMES = {"mobile": "手机号码", "landline": "固定电话", "id-card": "身份证号",
              "bank-card": "银行卡号", "email": "电子邮箱", "plate": "车牌号"}
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class PrivacyFinding:
    kind: str
    line: int
    column: int
    preview: str  # masked, never the whole value

    @property
    def message(self) -> str:
        return f"疑似真实{KIND_NAMES[self.kind]}:{self.preview},请匿名化后再用作培训材料"


def mask(value: str) -> str:
    """Keep a little of each end so the trainer can find it, hide the rest."""
    if "@" in value:
        name, domain = value.split("@", 1)
        return f"{name[:1]}***@{domain}"
    keep_start = 3 if len(value) > 8 else 1
    keep_end = 2 if len(value) > 6 else 1
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def valid_id_card(number: str) -> bool:
    """GB 11643 check digit: real ID numbers pass it, most random 18-digit runs do not."""
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


def valid_luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def scan(text: str) -> list[PrivacyFinding]:
    """Every likely piece of personal data in a file's text, by line."""
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        # Web addresses are taken first: nothing inside one is reported.
        taken: list[tuple[int, int]] = [
            (m.start(), m.start() + len(m.group().rstrip(_URL_TRAILING)))
            for m in URL_RE.finditer(line)]

        def add(kind: str, m: re.Match) -> None:
            if any(a < m.end() and m.start() < b for a, b in taken):
                return
            taken.append((m.start(), m.end()))
            findings.append(PrivacyFinding(kind, number, m.start() + 1, mask(m.group())))

        for m in ID_CARD_RE.finditer(line):
            if valid_id_card(m.group()):
                add("id-card", m)
        for m in BANK_CARD_RE.finditer(line):
            if valid_luhn(m.group()):
                add("bank-card", m)
        for m in MOBILE_RE.finditer(line):
            add("mobile", m)
        for m in LANDLINE_RE.finditer(line):
            add("landline", m)
        for m in EMAIL_RE.finditer(line):
            add("email", m)
        for m in PLATE_RE.finditer(line):
            add("plate", m)
    return sorted(findings, key=lambda f: (f.line, f.column))
