"""The shipped scripts that say the day as it is, in databases seeded before them.

- The festival greeting said 春节将至，提前祝您… / "With the Spring Festival coming" on the festival's own day: its
  opening now holds {festival_wish} (workbench.scripts.FESTIVAL_WISH: 今天是春节，祝您… on the day, the festivals
  still to come before it).
- The tier-upgrade call told a customer below the first line she could be upgraded to 更高一级的贵宾客户 / "the next
  tier", as if she were a VIP already: its offer now names the tier she is short of, {next_tier} (5万级贵宾客户 /
  "the 50k tier").

A script still word for word as shipped before (opening, offer and close as frozen below) takes the sections below;
one the branch has edited in any way is left as it is. Both texts are frozen here, not read from today's shipped file
(workbench.scripts.shipped_scripts), which would stop recognising an unedited script the next time the shipped text
changes.
"""

import sqlite3


# Each script changed here as shipped before it (opening, offer, close): the text migrations 114 and 122 left.
_BEFORE = {
    'zh-tier-upgrade': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。一直感谢您对我们的支持，今天打电话是有个好消'
        '息想跟您说一下。',
        '您目前是我们的{tier}，资产再增加一点就能升级到更高一级的贵宾客户，可以享受专属理财经理服务、贵宾'
        '通道免排队、机场贵宾厅和健康体检等权益。把其他地方的闲置资金归集过来，或者配置一笔定期、理财就能'
        '达标，我可以帮您看看怎样安排最划算。',
        '您看这周方便的时候来网点，我帮您把升级办好，权益当月就能生效。您也可以先考虑一下，我明天下午再给'
        '您打个电话确认，好吗？',
    ),
    'en-tier-upgrade': (
        'Hello[ {name}], this is {manager}[ from {branch}]. Thank you for banking with us; I have some go'
        'od news for you.',
        'You are a {tier} customer today and only a little short of the next tier, which brings a dedicat'
        'ed wealth manager, priority service, airport lounges and a health check. Consolidating idle fund'
        's here, or a time deposit or wealth product, would get you there; I can show you the best way.',
        'Could you come by this week so I can complete the upgrade? The benefits start this month. Or thi'
        'nk it over and I will call you tomorrow afternoon to confirm.',
    ),
    'zh-festival': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。{festival}将至，提前祝您和家人节日快乐、阖家'
        '安康！',
        '一直感谢您对我们的信任和支持。节日期间网点营业时间会有调整，手机银行可以随时办理业务；如果有到期'
        '或者需要办理的事情，您告诉我，我帮您提前安排好。',
        '不多打扰您过节了，有任何需要随时打我电话或者发微信给我。再次祝您节日快乐！',
    ),
    'en-festival': (
        'Hello[ {name}], this is {manager}[ from {branch}]. With {festival} coming, I wish you and your f'
        'amily a very happy holiday!',
        'Thank you for banking with us. The branch keeps shorter hours over the holiday and mobile bankin'
        'g is open around the clock; if something is due or you need anything done, tell me and I will ar'
        'range it in advance.',
        'I will not take up more of your time. Call or WeChat me whenever you need anything. Happy holida'
        'ys again!',
    ),
}

# The sections of each of them as shipped now.
_AFTER = {
    'zh-tier-upgrade': {
        'offer': '您目前是我们的{tier}，资产再增加一点就能成为{next_tier}，可以享受专属理财经理服务、贵宾通道免排'
            '队、机场贵宾厅和健康体检等权益。把其他地方的闲置资金归集过来，或者配置一笔定期、理财就能达标，我'
            '可以帮您看看怎样安排最划算。',
    },
    'en-tier-upgrade': {
        'offer': 'You are a {tier} customer today and only a little short of the {next_tier}, which brings a dedic'
            'ated wealth manager, priority service, airport lounges and a health check. Consolidating idle fu'
            'nds here, or a time deposit or wealth product, would get you there; I can show you the best way.',
    },
    'zh-festival': {
        'opening': '[{name}]您好，我是[{branch}的]客户经理[{manager}]。{festival_wish}！',
    },
    'en-festival': {
        'opening': 'Hello[ {name}], this is {manager}[ from {branch}]. {festival_wish}!',
    },
}


def upgrade(conn: sqlite3.Connection) -> None:
    for script_id, (opening, offer, close) in _BEFORE.items():
        after = _AFTER[script_id]
        conn.execute(f"UPDATE scripts SET {', '.join(f'{key} = ?' for key in after)} WHERE script_id = ?"
                     " AND opening = ? AND offer = ? AND close = ?", (*after.values(), script_id, opening, offer, close))
