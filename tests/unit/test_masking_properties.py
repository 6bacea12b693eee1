"""Masking against text as people write it (#14): hypothesis generates the variants (phones
with any separators, prefixes and full-width digits, landlines, split waybills, e-mail
addresses, ID cards, street addresses, spaced-out names) inside free text, and the scrubbed
text never holds the personal detail while the text around it is kept."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from complaint_console.domain.masking import scrub_text

FULL = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")
AROUND = st.text(alphabet="，。！？我的快递没到请尽快处理谢谢 and please call back today", max_size=12)


def compact(text: str) -> str:
    """What a reader can still piece together: letters and digits only, full-width as ASCII."""
    text = text.translate({cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF5B)})
    return re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]", "", text)


def spaced(draw, digits: str, seps: list[str]) -> str:
    """`digits` cut into groups at random places, a random separator at each cut."""
    out = ""
    for i, d in enumerate(digits):
        out += d
        if i < len(digits) - 1 and draw(st.booleans()) and draw(st.booleans()):
            out += draw(st.sampled_from(seps))
    return out


@st.composite
def mobiles(draw):
    digits = "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
    grouped = draw(
        st.one_of(
            st.just(digits),
            st.sampled_from(["-", " ", ".", "  "]).map(lambda s: s.join((digits[:3], digits[3:7], digits[7:]))),
            st.just(spaced(draw, digits, ["-", " ", "."])),
        )
    )
    prefix = draw(
        st.sampled_from(
            [
                "",
                "+86",
                "+86 ",
                "+86-",
                "0086",
                "0086 ",
                "(+86)",
                "（+86）",
            ]
        )
    )
    written = prefix + grouped
    if draw(st.booleans()):
        written = written.translate(FULL)
    return digits, written


@st.composite
def landlines(draw):
    area = draw(st.sampled_from(["010", "021", "020", "0571", "0755", "0531"]))
    local = draw(st.sampled_from("23456789")) + draw(st.text("0123456789", min_size=7, max_size=7))
    form = draw(st.sampled_from(["{a}-{l}", "{a} {l}", "({a}) {l1} {l2}", "（{a}）{l}", "{a}-{l1}-{l2}", "{a}{l}"]))
    written = form.format(a=area, l=local, l1=local[:4], l2=local[4:])
    if draw(st.booleans()):
        written = written.translate(FULL)
    return area + local, written


@st.composite
def waybills(draw):
    prefix = draw(st.sampled_from(["", "SF", "YT", "EAST", "JD", "ZTO"]))
    digits = draw(st.text("0123456789", min_size=10, max_size=15))
    sep = draw(st.sampled_from([" ", "-"]))
    groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    if len(groups[-1]) < 2:
        groups[-2:] = [groups[-2] + groups[-1]]
    written = draw(st.sampled_from([prefix + digits, sep.join([prefix, *groups]) if prefix else sep.join(groups)]))
    return prefix + digits, written


@given(AROUND, mobiles(), AROUND)
@settings(max_examples=300)
def test_a_mobile_number_in_any_format_is_masked(before, phone, after):
    digits, written = phone
    out = scrub_text(before + written + after)
    assert digits not in compact(out), (written, out)
    assert digits[-4:] in out and "****" in out  # masked like the stored number: last four kept
    assert compact(before) in compact(out) and compact(after) in compact(out)  # the words around are kept


@given(AROUND, mobiles(), AROUND)
@settings(max_examples=200)
def test_the_tickets_own_phone_is_masked_however_it_is_written(before, phone, after):
    digits, written = phone
    out = scrub_text(before + written + after, phones=(digits,))
    assert digits not in compact(out) and digits[3:7] not in compact(out).replace(digits[-4:], "")


@given(AROUND, landlines(), AROUND)
@settings(max_examples=200)
def test_a_landline_is_masked(before, phone, after):
    digits, written = phone
    out = scrub_text(before + written + after)
    assert digits[-8:] not in compact(out), (written, out)


@given(AROUND, waybills(), AROUND)
@settings(max_examples=200)
def test_a_waybill_contiguous_or_split_into_groups_is_masked(before, waybill, after):
    compact_no, written = waybill
    for out in (scrub_text(before + written + after), scrub_text(before + written + after, waybills=(compact_no,))):
        assert compact_no not in compact(out), (written, out)
        assert len(re.findall(r"\d", out)) <= 7, (written, out)  # a few first characters and four last at most


@given(
    st.from_regex(r"[a-z][a-z0-9._]{1,12}", fullmatch=True),
    st.sampled_from(["example.com", "qq.com", "163.com", "mail.ems.com.cn"]),
    AROUND,
)
@settings(max_examples=150)
def test_an_email_address_is_masked(local, domain, around):
    address = f"{local}@{domain}"
    out = scrub_text(f"{around}邮箱 {address} {around}")
    assert address not in out and f"{local}@" not in out and f"@{domain}" in out


@given(st.from_regex(r"[1-8][0-9]{16}", fullmatch=True), st.sampled_from(["0", "5", "X", "x"]), st.booleans(), AROUND)
@settings(max_examples=150)
def test_an_id_card_number_is_masked(body, check, spaced_out, around):
    number = body + check
    written = f"{number[:6]} {number[6:14]} {number[14:]}" if spaced_out else number
    out = scrub_text(f"{around}身份证{written}{around}")
    assert number[2:-1] not in compact(out) and number[6:14] not in compact(out)
    old = body[:15]
    assert old not in compact(scrub_text(f"旧身份证 {old} 。"))


@given(
    st.sampled_from(["南京路", "长乐路", "中山北路", "淮海中路", "人民街", "解放大道", "幸福巷"]),
    st.integers(1, 9999),
    st.sampled_from(["", "{n}弄", "{n}号楼", "{n}栋", "{n}单元"]),
    st.integers(100, 3999),
    st.booleans(),
)
@settings(max_examples=200)
def test_a_chinese_street_address_loses_its_numbers(street, house, middle, room, with_room):
    address = f"{street}{house}号{middle.format(n=7)}" + (f"{room}室" if with_room else "")
    out = scrub_text(f"请送到上海市{address}，谢谢")
    assert f"{house}号" not in out and (not with_room or f"{room}室" not in out), out
    assert street in out and "上海市" in out  # the street name is no personal detail


@given(
    st.integers(1, 999),
    st.sampled_from(["Nanjing Road", "West Changle Rd", "Huaihai Middle Road", "Century Avenue"]),
    st.integers(100, 4999),
    st.sampled_from(["Room", "Apt", "Flat", "Unit", "room"]),
)
@settings(max_examples=150)
def test_an_english_street_address_loses_its_numbers(house, street, room, unit):
    out = scrub_text(f"Deliver to {house} {street}, {unit} {room} please")
    assert f"{house} {street}" not in out and str(room) not in out, out
    assert street in out


@given(
    st.sampled_from(["王小明", "欧阳娜娜", "李娜", "孙丽华", "张伟"]),
    st.lists(st.sampled_from(["", " ", "  ", "\u3000"]), min_size=3, max_size=3),
    AROUND,
)
@settings(max_examples=200)
def test_the_customers_name_is_masked_even_spaced_out(name, gaps, around):
    written = "".join(c + gaps[i % 3] for i, c in enumerate(name)).strip()
    out = scrub_text(f"{around}我叫{written}，{around}{name}很着急", names=(name,))
    assert name not in re.sub(r"\s", "", out), out
    assert out.count(name[0] + "*") >= 2


@given(st.sampled_from(["Li Wei", "Zhang Xiaoming", "Chen Jing"]), st.sampled_from(["{n}", "{n_upper}", "{rev}", "{n_lower}"]))
def test_a_latin_customer_name_is_masked_in_any_case_or_order(name, form):
    first, last = name.split()
    written = form.format(n=name, n_upper=name.upper(), n_lower=name.lower(), rev=f"{last} {first}")
    out = scrub_text(f"Customer {written} called twice", names=(name,))
    assert written not in out and "called twice" in out


@given(
    st.sampled_from(["快递员", "收件人：", "联系人", "派件员", "我朋友", "邻居"]),
    st.sampled_from(["张伟", "李娜", "王芳", "刘洋", "陈静", "欧阳明"]),
    st.sampled_from(["说", "。", "已经签收", "，"]),
)
def test_a_third_person_introduced_by_who_they_are_is_masked(role, name, after):
    out = scrub_text(f"那天{role}{name}{after}")
    assert name not in out and role in out and out.endswith(after), out


def test_what_is_not_personal_stays():
    text = "编号CP-20261120-000001，2026-11-17 14:30 到 3 days on the road，12月3号，共 3 件，金额 ¥120.50"
    assert scrub_text(text) == text
