"""The shipped scripts' openings that read as the day and the caller allow, in databases seeded before them.

- The birthday greeting said 提前祝您生日快乐 / "happy birthday in advance" on the birthday itself: its
  opening now holds {birthday_wish} (workbench.scripts.BIRTHDAY_WISH: 今天是您的生日，祝您生日快乐 on the day,
  今天给您打电话，是想提前祝您生日快乐 before it; the script does not fit after the birthday).
- A manager an extract added by id alone is named by the id, and was introduced as 客户经理M009: a name not
  on record is now no value (workbench.scripts.known_name), and the Chinese openings leave it out,
  客户经理[{manager}]. (The English ones name the caller in a sentence with no nameless form: a script needing
  a name not on record is not shown, and the card says how to record it.)

A script still word for word as shipped before (its opening, offer and close equal to the text migration
112 wrote, m0112.MARKED) takes the opening below; one the branch has edited in any way is left as it is. Both
texts are frozen here, not read from today's shipped file (workbench.scripts.shipped_scripts), which would
stop recognising an unedited script the next time the shipped text changes.
"""

import sqlite3

from workbench.db.migrations.m0112_optional_script_phrases import MARKED


# Each of those scripts' opening as shipped now.
_AFTER_OPENING = {
    'zh-wake-up': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '您是我们的老客户了，今天给您打电话是做个回访，看看您的账户使用上有没有需要帮忙的地方，耽误您两分钟可'
        '以吗？'
        '（为保障您的资金安全，我们不会在电话里让您转账，也不会询问密码和验证码。'
        '）'
    ),
    'zh-wake-up-high-value': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '您是我们行的{tier}，行里安排我专门负责您的服务，今天先给您打个电话问声好。'
    ),
    'zh-maturity-rollover': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '给您打电话是提醒一下，您在我们这里的{product}将在{maturity_date}到期。'
    ),
    'zh-birthday': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '{birthday_wish}，身体健康，万事顺心！'
    ),
    'zh-new-customer-90d': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '您前段时间在我们这里开了户，我是您的专属客户经理，今天给您做个简单的回访。'
    ),
    'zh-tier-upgrade': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '一直感谢您对我们的支持，今天打电话是有个好消息想跟您说一下。'
    ),
    'zh-keep-warm': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '前段时间您又在我们这里办理了业务，非常感谢您的信任！'
        '今天给您打个电话做个回访。'
    ),
    'en-birthday': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' '
        '{birthday_wish}!'
    ),
    'zh-festival': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '{festival}将至，提前祝您和家人节日快乐、阖家安康！'
    ),
    'zh-campaign': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '打扰您一分钟，行里新推出了一项活动：{campaign}。'
        '我想着您可能用得上，第一时间告诉您。'
    ),
    'zh-warm-lead': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。'
        '{interest}，所以今天特地给您打个电话，耽误您两分钟可以吗？'
    ),
}


# Each script changed here as shipped before it (opening, offer, close): the text migration 112 wrote, frozen there.
_BEFORE = {script_id: MARKED[script_id] for script_id in _AFTER_OPENING}


def upgrade(conn: sqlite3.Connection) -> None:
    for script_id, (opening, offer, close) in _BEFORE.items():
        conn.execute("UPDATE scripts SET opening = ? WHERE script_id = ? AND opening = ? AND offer = ? AND close = ?",
                     (_AFTER_OPENING[script_id], script_id, opening, offer, close))
