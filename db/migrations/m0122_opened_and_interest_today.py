"""The shipped scripts' openings that say the day as it is, in databases seeded before them.

- The welcome call said 您前段时间在我们这里开了户 / "You opened an account with us recently" to a customer who
  opened the day before: its opening now holds {opened} (workbench.scripts.OPENED_WORDS: 刚, 昨天, 前几天 or
  前段时间 by the days since; today, yesterday, a few days ago or recently).
- The warm-lead call said …，所以今天特地给您打个电话 after {interest}, which now says 今天早些时候 for an
  interest logged the same day: 今天 is said once, in {interest}.

A script still word for word as shipped before (opening, offer and close as frozen below) takes the opening
below; one the branch has edited in any way is left as it is. Both texts are frozen here, not read from today's
shipped file (workbench.scripts.shipped_scripts), which would stop recognising an unedited script the next time
the shipped text changes.
"""

import sqlite3

_INTRO_ZH = "[{name}]您好，我是[{branch}的]客户经理[{manager}]。"
_INTRO_EN = "Hello[ {name}], this is {manager}[ from {branch}]. "

# Each script changed here as shipped before it: (opening, offer, close).
_BEFORE = {
    "zh-new-customer-90d": (
        _INTRO_ZH + "您前段时间在我们这里开了户，我是您的专属客户经理，今天给您做个简单的回访。",
        "想问问您开户以后用得还顺手吗？手机银行开通了没有，登录有没有遇到问题？另外想简单了解一下您平时的资金安排，比如有没有"
        "存定期、买理财或者给孩子存教育金的打算，我好给您推荐合适的产品，不适合您的我不会推荐。",
        "我把我的名片和微信发给您，以后有问题直接找我。您看下周哪天方便，我给您约个时间来网点，半个小时左右帮您做一个完整的"
        "资产规划。",
    ),
    "en-new-customer-90d": (
        _INTRO_EN + "You opened an account with us recently and I am your personal relationship manager; this is a"
        " short welcome call.",
        "Is everything working for you? Have you set up mobile banking, any trouble logging in? I would also like to"
        " understand your plans, such as saving, investing or an education fund, so that I only suggest what really"
        " suits you.",
        "I will text you my card and WeChat. Could we book half an hour at the branch next week to put together a full"
        " financial plan?",
    ),
    "zh-warm-lead": (
        _INTRO_ZH + "{interest}，所以今天特地给您打个电话，耽误您两分钟可以吗？",
        "我按您的情况先做了些准备：结合您的风险偏好，挑了两三款合适的产品，收益、期限、起购金额都帮您对比好了，可以先发到您"
        "微信上看看。您最看重的是收益、安全，还是用钱的时候随时能取？不适合您的我不会推荐。",
        "您看这周哪天方便来网点坐坐？周四上午或者周五下午我都在，我帮您把时间留好，当面给您细讲。要是不方便过来，我先把资料发"
        "您微信，您看完有问题随时找我。",
    ),
}

# Each of those scripts' opening as shipped now.
_AFTER_OPENING = {
    "zh-new-customer-90d": _INTRO_ZH + "您{opened}在我们这里开了户，我是您的专属客户经理，今天给您做个简单的回访。",
    "en-new-customer-90d": _INTRO_EN + "You opened an account with us {opened} and I am your personal relationship"
                                       " manager; this is a short welcome call.",
    "zh-warm-lead": _INTRO_ZH + "{interest}，所以特地给您打个电话，耽误您两分钟可以吗？",
}


def upgrade(conn: sqlite3.Connection) -> None:
    for script_id, (opening, offer, close) in _BEFORE.items():
        conn.execute("UPDATE scripts SET opening = ? WHERE script_id = ? AND opening = ? AND offer = ? AND close = ?",
                     (_AFTER_OPENING[script_id], script_id, opening, offer, close))
