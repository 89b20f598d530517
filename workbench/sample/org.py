"""The sample's organisation: a bank, one branch with two sub-branches, eight managers, a supervisor."""

from __future__ import annotations

BANK_ID = "B000"
BRANCH_ID = "B100"

# (branch_id, name, parent_id, level)
BRANCHES: tuple[tuple[str, str, str | None, str], ...] = (
    (BANK_ID, "浦江银行", None, "bank"),
    (BRANCH_ID, "浦江银行城东支行", BANK_ID, "branch"),
    ("B110", "城东一分理处", BRANCH_ID, "sub_branch"),
    ("B120", "城东二分理处", BRANCH_ID, "sub_branch"),
)

# (staff_id, name, role, branch_id, share of the customers this manager looks after)
STAFF: tuple[tuple[str, str, str, str, float], ...] = (
    ("S001", "周建华", "supervisor", BRANCH_ID, 0.0),
    ("M001", "王丽娟", "manager", BRANCH_ID, 1.3),
    ("M002", "李明", "manager", BRANCH_ID, 1.2),
    ("M003", "张晓燕", "manager", BRANCH_ID, 1.0),
    ("M004", "陈志刚", "manager", "B110", 1.1),
    ("M005", "刘婷", "manager", "B110", 0.9),
    ("M006", "杨海涛", "manager", "B110", 0.8),
    ("M007", "赵敏", "manager", "B120", 1.0),
    ("M008", "黄俊杰", "manager", "B120", 0.7),
)

MANAGERS = tuple(s for s in STAFF if s[2] == "manager")

# Share of customers nobody looks after yet: they wait in the branch's unassigned pool.
UNASSIGNED_SHARE = 0.008

STAFF_CREATED_AT = "2024-01-02T09:00:00"

# Head office's campaigns running in the sample, as (id, title, offer, first and last day counted from
# the sample's day, channel, targeting): a phone campaign for the wealthier, an SMS one by tag.
CAMPAIGNS: tuple[tuple, ...] = (
    ("CD-3Y", "三年期大额存单限时发行", "三年期大额存单年利率2.15%，20万元起存，额度有限，先到先得。", -5, 40, "phone",
     {"min_tier": 2, "per_manager": 30}),
    ("PTS-2X", "老客户回馈双倍积分", "本月在网点或手机银行购买理财，积分翻倍，还可兑换礼品。", -2, 25, "sms",
     {"tags": ("理财偏好",), "min_tier": 1}),
)
