"""Reference data shared by the demo and national generators: regions, cities, mixes.

The mixes follow seed 002, case 1 (category shares) and seed 001 (severity tiers).
"""

from __future__ import annotations

from datetime import datetime

from complaint_console.domain.sla import DEFAULT_TARGETS

REGIONS = [
    ("EAST", "East China", "华东", [("上海", "Shanghai"), ("江苏", "Nanjing"), ("浙江", "Hangzhou")]),
    ("SOUTH", "South China", "华南", [("广东", "Guangzhou"), ("广东", "Shenzhen"), ("福建", "Xiamen")]),
    ("NORTH", "North China", "华北", [("北京", "Beijing"), ("天津", "Tianjin"), ("河北", "Shijiazhuang")]),
]

DISTRICTS = ["中心", "东区", "西区", "南区", "北区", "开发区", "新城", "高新区", "港区", "老城"]

CATEGORY_MIX = [
    ("delay", 0.40),
    ("damage", 0.30),
    ("attitude", 0.20),
    ("loss", 0.03),
    ("misdelivery", 0.03),
    ("fee", 0.015),
    ("inquiry", 0.015),
    ("other", 0.01),
]
SEVERITY_MIX = [("general", 0.80), ("serious", 0.17), ("urgent", 0.03)]
CHANNEL_MIX = [
    ("app", 0.30),
    ("wechat", 0.22),
    ("hotline", 0.25),
    ("web", 0.08),
    ("outlet_counter", 0.08),
    ("social_media", 0.04),
    ("regulator", 0.03),
]
ROOT_CAUSES = {
    "delay": ["transit_delay", "courier_shortage", "weather", "sorting_error"],
    "damage": ["packaging", "rough_handling", "sorting_error"],
    "loss": ["theft", "sorting_error", "address_error"],
    "attitude": ["courier_attitude", "training_gap"],
    "misdelivery": ["address_error", "sorting_error"],
    "fee": ["pricing_error", "system_fault"],
    "inquiry": ["tracking_gap"],
    "other": ["other"],
}
RESPONSIBILITY_BY_CAUSE = {
    "transit_delay": "transit_hub",
    "weather": "force_majeure",
    "address_error": "sender",
    "theft": "third_party",
}
DESCRIPTIONS = {
    "delay": "快件超过承诺时限仍未送达，物流信息多日未更新。",
    "damage": "收到包裹时外箱破损，内物损坏。",
    "loss": "快件显示已签收但本人未收到，怀疑丢失。",
    "attitude": "快递员电话中态度恶劣，未经同意放在驿站。",
    "misdelivery": "包裹被错投到其他小区。",
    "fee": "寄件时被多收取了费用。",
    "inquiry": "想查询快件目前到了哪里。",
    "other": "其他问题，希望尽快处理。",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"

# Business hours of the outlets that are not open around the clock (local time).
SIX_DAY_HOURS = {d: ["08:00", "20:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat")}
OFFICE_HOURS = {d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}


def default_policy_rows(valid_from: datetime) -> list[dict]:
    """DESIGN's default SLA policy (seed 001) as `sla_policy` rows of one version."""
    return [
        dict(
            severity=severity.value,
            category=None,
            response_minutes=target.response_minutes,
            resolution_minutes=target.resolution_minutes,
            valid_from=valid_from,
        )
        for severity, target in DEFAULT_TARGETS.items()
    ]


# Ready answers for inquiry tickets (title, keywords, answer_zh, answer_en): HQ edits them on /admin/knowledge.
KNOWLEDGE = [
    (
        "Where is my parcel",
        "查件, 物流, 到哪, 在哪, 没收到, where is my parcel, tracking, not arrived",
        "您可在快递App或微信小程序输入运单号查看实时物流轨迹。若轨迹超过48小时未更新，请回复本消息，我们将联系网点为您核实。",
        "Enter the waybill number in our app or WeChat mini-program to see where your parcel is now. If the tracking has "
        "not moved for 48 hours, reply to this message and we will ask the outlet to check.",
    ),
    (
        "Delivery times",
        "多久, 几天, 时效, 什么时候到, how long, delivery time, when will",
        "同城件一般1天送达，省内2天，跨省3至5天；偏远地区和节假日可能顺延1至2天。",
        "Same city: usually 1 day; same province: 2 days; other provinces: 3 to 5 days. Remote areas and public "
        "holidays may add 1 to 2 days.",
    ),
    (
        "Changing the delivery address",
        "改地址, 修改地址, 换地址, change address, wrong address",
        "包裹尚未派送时可在App“我的寄件”中申请改址，同城改址免费，跨城改址按续重收费。",
        "While the parcel is not out for delivery you can change the address under 'My shipments' in the app; a new "
        "address in the same city is free, another city is charged by weight.",
    ),
    (
        "Pickup code for a parcel locker",
        "取件码, 快递柜, 驿站, pickup code, locker",
        "取件码通过短信发送至收件人手机；若未收到，可在快递柜屏幕选择“找回取件码”，或在App内查看。",
        "The pickup code is sent by SMS to the recipient's phone. If it did not arrive, choose 'Recover pickup code' on "
        "the locker's screen or look it up in the app.",
    ),
]
