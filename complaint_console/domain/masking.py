"""Masking of customer data for roles and exports that do not need it (DESIGN).

`mask_*` mask one stored value; `scrub_text` masks free text as people really write it:
phones with dashes, spaces or dots, a +86 / 0086 prefix or full-width digits, landlines
with brackets, waybills split into groups, e-mail addresses, ID-card numbers, street
addresses, the customer's name (spaced out or not) and names introduced as a third person's
("快递员张伟", "Mr. Zhang"). Plain Python: the case page, the packs and inspection use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from complaint_console.domain.numbering import NUMBER_PATTERN


def mask_phone(phone: str | None) -> str:
    """`13812345678` -> `138****5678`; short numbers keep only the last two digits."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 2, 0) + digits[-2:]


def mask_name(name: str | None) -> str:
    """Keep the first character (the family name in Chinese), star the rest."""
    if not name:
        return ""
    name = name.strip()
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_waybill(waybill: str | None) -> str:
    if not waybill:
        return ""
    if len(waybill) <= 6:
        return "*" * len(waybill)
    return f"{waybill[:2]}{'*' * (len(waybill) - 6)}{waybill[-4:]}"


def mask_email(email: str | None) -> str:
    """`zhang.wei@example.com` -> `z***@example.com`: the mailbox hidden, the provider kept."""
    if not email:
        return ""
    local, _, domain = email.strip().rpartition("@")
    return f"{local[:1]}***@{domain}" if local else "***"


def mask_id_card(number: str | None) -> str:
    """A mainland ID-card number: the first two and the last character only (`11*…*X`)."""
    compact = re.sub(r"\s", "", number or "")
    return f"{compact[:2]}{'*' * (len(compact) - 3)}{compact[-1:]}" if len(compact) > 3 else "*" * len(compact)


# --- free text -------------------------------------------------------------------------

# Full-width letters, digits and the signs used in numbers and addresses, as ASCII (an input
# method often types `１３９` or `＋８６`): the patterns below then see one alphabet.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp - 0xFEE0).isalnum() or chr(cp - 0xFEE0) in "+-.@_"}

_SEP = r"[ \t.\-\u00a0\u3000]"  # what people put between digit groups
_MOBILE = rf"1{_SEP}{{0,2}}[3-9](?:{_SEP}{{0,2}}\d){{9}}"
_CN_PREFIX = rf"(?:[(（]?(?:\+|00){_SEP}?86[)）]?{_SEP}*)"
_LANDLINE = rf"(?:[(（]0[1-9]\d{{1,2}}[)）]|0[1-9]\d{{1,2}}){_SEP}*\d(?:{_SEP}{{0,2}}\d){{6,7}}"
_ABROAD = rf"(?:\+|00){_SEP}?(?:852|853|886)[)）]?{_SEP}*\d(?:{_SEP}{{0,2}}\d){{6,8}}"
_PHONE = re.compile(
    rf"(?<!\d)(?<!\d{_SEP})(?<!\d{_SEP}{_SEP})"  # not the tail of a longer number
    rf"(?:{_CN_PREFIX}?{_MOBILE}|{_CN_PREFIX}?{_LANDLINE}|{_ABROAD})(?!{_SEP}{{0,2}}\d)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# ID cards: 18 characters (the last may be X) or the old 15 digits, also written 6-8-4.
_ID_CARD = re.compile(r"(?<![A-Za-z0-9])(?:[1-8]\d{5}[ \-]?\d{8}[ \-]?\d{3}[\dXx]|[1-8]\d{14})(?![A-Za-z0-9])")
# A waybill: letters and digits, 10 or more with at least 8 digits; as printed (contiguous)
# or split into groups by spaces or dashes (`EAST 0019 8765 43`, `SF-1234-5678-9012`).
_WAYBILL = re.compile(
    r"(?:(?<![A-Za-z0-9])[A-Za-z]{1,6}[ \-]?|(?<![0-9]))\d(?:[ \-]?\d)*[A-Za-z]{0,4}(?![0-9])"
    r"|(?<![A-Za-z0-9])(?=(?:[A-Za-z]*\d){8})[A-Za-z0-9]{10,}(?![A-Za-z0-9])"
)
# Chinese street addresses: the house, lane, building and room numbers after a street name.
_CN_NUM = r"[0-9零〇一二三四五六七八九十百千两]+"
_CN_UNIT = r"(?:号楼|號樓|号|號|弄|栋|幢|座|单元|單元|层|楼|室|房)"
_CN_ADDRESS = re.compile(
    rf"(?<=[路街道巷])\s*{_CN_NUM}\s*(?:号|號|弄|巷)(?:\s*-?\s*{_CN_NUM}\s*{_CN_UNIT})*"
    rf"|{_CN_NUM}\s*弄(?:\s*{_CN_NUM}\s*{_CN_UNIT})*"
    rf"|(?<![0-9]){_CN_NUM}\s*(?:室|号楼|號樓|栋|幢|单元)(?:\s*-?\s*{_CN_NUM}\s*{_CN_UNIT})*"
)
_EN_STREET = r"(?i:road|rd|street|st|avenue|ave|lane|ln|boulevard|blvd|drive|dr|way|alley|highway|hwy|lu|jie)\b\.?"
_EN_UNIT = r"(?i:room|rm|apt|apartment|flat|unit|suite|floor|lane|building|bldg|block|house)"
_EN_ADDRESS = re.compile(
    rf"\b(?:(?i:no)\.?\s*)?\d+[A-Za-z]?(?:-\d+)?,?\s+(?:[A-Z][A-Za-z]+\s+){{1,3}}{_EN_STREET}"
    rf"|\b{_EN_UNIT}\.?\s*(?:(?i:no)\.?\s*)?#?\s*\d+[A-Za-z]?(?:-\d+)?\b"
)
# A third person introduced by who they are: `快递员张伟`, `收件人：李娜`, `Mr. Zhang`, `courier Wang Fang`.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊"
    "秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆卓缪芦麦褚娄窦戚岑景卜晏卫瞿桂臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘苑迟邝"
)
_COMPOUND_SURNAMES = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|令狐|夏侯|端木|南宫|西门|独孤|申屠|轩辕"
_CN_ROLES = (
    "收件人|寄件人|收货人|发件人|联系人|快递员|派件员|派送员|配送员|送货员|快递小哥|业务员|客服|店员|驿站老板|老板|经理|主管|"
    "司机|保安|门卫|物业|家人|朋友|同事|邻居|室友|丈夫|妻子|老公|老婆|儿子|女儿|父亲|母亲|名叫|叫做|姓名"
)
# Characters that end a name rather than continue it (`快递员张伟说` is 张伟 who said).
_NOT_IN_NAME = (
    "说的了在是把给打来去和也都又就还将对向让被没不很送派电拒告称讲问要已再才却并与及跟同从到"
    "态度非直总每昨今这那等竟居签敲骂扔摔丢拿放"
)
_CN_THIRD = re.compile(
    rf"(?:{_CN_ROLES})[：:\s]*(?P<name>(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])[^\W\d_{_NOT_IN_NAME}a-zA-Z]{{1,2}})"
)
_EN_THIRD = re.compile(
    r"\b(?P<title>Mr|Mrs|Ms|Miss|Mx|Dr|(?i:courier|recipient|sender|neighbou?r|colleague|friend|contact|driver|manager|"
    r"named|called))\.?\s+(?P<name>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2})\b"
)
_EN_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "And",
        "But",
        "Or",
        "At",
        "In",
        "On",
        "To",
        "From",
        "Of",
        "Is",
        "Was",
        "He",
        "She",
        "Us",
        "Me",
        "Him",
        "Her",
        "Them",
        "You",
        "We",
        "It",
        "Service",
        "Center",
        "Centre",
    ]
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _value_pattern(value: str, gap: str, flags: int = 0) -> re.Pattern[str] | None:
    """A stored value found however it is spaced out: its characters with `gap` between them."""
    chars = [c for c in value.translate(_FULL_WIDTH) if not c.isspace()]
    if not chars:
        return None
    return re.compile(gap.join(re.escape(c) for c in chars), flags)


def _mask_phone_text(match: re.Match[str]) -> str:
    text = match.group(0).lstrip("(（ ")
    digits = _digits(text)
    if text.startswith("00"):
        digits = digits[2:]
    if not text.startswith(("+", "00")):
        return mask_phone(digits)
    if digits.startswith("86"):
        return mask_phone(digits[2:])
    return mask_phone("+" + digits)


def _mask_waybill_text(match: re.Match[str]) -> str:
    text = match.group(0)
    compact = re.sub(r"[ \-]", "", text)
    digits = len(_digits(compact))
    if NUMBER_PATTERN.match(text.upper()) or digits < 8 or len(compact) < 10:
        return text  # a complaint number, a date or a short code: no personal detail
    groups = re.split(r"[ \-]", text)
    if len(groups) > 1 and any(len(g) < 3 and g.isdigit() for g in groups[:-1]):
        return text  # `2026-11-17 14`: groups this short are dates and times, not a printed waybill
    return mask_waybill(compact)


def _mask_digits(match: re.Match[str]) -> str:
    return re.sub(r"[0-9零〇一二三四五六七八九十百千两]", "*", match.group(0))


def _mask_cn_third(match: re.Match[str]) -> str:
    name = match.group("name")
    return match.group(0)[: match.start("name") - match.start(0)] + mask_name(name)


def _mask_en_third(match: re.Match[str]) -> str:
    name = match.group("name")
    if name.split()[0] in _EN_NOT_NAMES:
        return match.group(0)
    return f"{match.group(0)[: match.start('name') - match.start(0)]}{mask_name(name.split()[0])}"


def _clean(values: Iterable[str | None]) -> list[str]:
    return sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True)


def _replace_values(text: str, values: Iterable[str | None], gap: str, mask: Callable[[str], str], flags: int = 0) -> str:
    for value in _clean(values):
        pattern = _value_pattern(value, gap, flags)
        if pattern is not None:
            text = pattern.sub(lambda _m, v=value: mask(v), text)
    return text


def _name_mask(name: str) -> Callable[[str], str]:
    compact = re.sub(r"\s", "", name)

    def given(_: str) -> str:
        return "*" * len(compact[1:])

    return given


def _replace_names(text: str, names: Iterable[str | None]) -> str:
    """The customer's name anywhere, spaced out or not; a Chinese given name of two or more
    characters alone too (`小明说`), and a Latin name in either order (`Wei Li`)."""
    for name in _clean(names):
        text = _replace_values(text, [name], r"\s*", mask_name, re.IGNORECASE)
        parts = name.split()
        if len(parts) > 1:
            text = _replace_values(text, [" ".join(reversed(parts))], r"\s*", mask_name, re.IGNORECASE)
        compact = re.sub(r"\s", "", name)
        if (not parts or not compact.isascii()) and len(compact) >= 3:
            text = _replace_values(text, [compact[1:]], r"\s*", _name_mask(compact))
    return text


def scrub_text(
    text: str | None,
    names: tuple[str | None, ...] = (),
    phones: tuple[str | None, ...] = (),
    waybills: tuple[str | None, ...] = (),
    emails: tuple[str | None, ...] = (),
) -> str:
    """Free text with personal details masked, for the case page, packs and inspection.

    The ticket's own customer names, phones, waybills and e-mail addresses are masked
    wherever and however they appear; then any other phone number, e-mail address, ID-card
    number, waybill-like code, street address or introduced third person (a customer often
    writes a second number, or the courier's name, into the description).
    """
    if not text:
        return ""
    text = text.translate(_FULL_WIDTH)
    text = _replace_values(text, emails, "", mask_email, re.IGNORECASE)
    text = _replace_values(text, waybills, r"[ \-]?", mask_waybill, re.IGNORECASE)
    text = _replace_values(text, (_digits(p) or p for p in phones if p), rf"(?:{_SEP}|[()（）])*", lambda v: mask_phone(v))
    text = _replace_names(text, names)
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    text = _ID_CARD.sub(lambda m: mask_id_card(m.group(0)), text)
    text = _PHONE.sub(_mask_phone_text, text)
    text = _WAYBILL.sub(_mask_waybill_text, text)
    text = _CN_ADDRESS.sub(_mask_digits, text)
    text = _EN_ADDRESS.sub(_mask_digits, text)
    text = _CN_THIRD.sub(_mask_cn_third, text)
    return _EN_THIRD.sub(_mask_en_third, text)
