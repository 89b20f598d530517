"""The shipped birthday call's close names the days it offers, in databases seeded before it.

The birthday greeting reserved the gift and asked 您看这周哪天方便过来？ ("Which day this week suits you?") whatever
the day: on a Friday or a Saturday few days of the week are left, on a Sunday none. Its close now holds
{next_workday} and {second_workday}, the next two working days (workbench.scripts.day_words: 明天, 后天, 周五, 下周一;
tomorrow, Friday, Monday), as the closes migration 134 changed do.

A script still word for word as shipped before (opening, offer and close as frozen below) takes the close below; one
the branch has edited in any way is left as it is. Both texts are frozen here, not read from today's shipped file
(workbench.scripts.shipped_scripts), which would stop recognising an unedited script the next time the shipped text
changes.
"""

import sqlite3


# Each script changed here as shipped before it (opening, offer, close): the text migration 114 left.
_BEFORE = {
    'zh-birthday': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。{birthday_wish}，身体健康，万事顺心！',
        '作为我们的{tier}，您生日当月在我行有专属的生日礼遇：到网点可以领取一份生日礼品，当月刷卡消费积分加倍。礼品'
        '需要本人领取，您这段时间方便的话可以过来坐坐，我也顺便帮您看看账户有没有需要调整的地方。',
        '礼品我先给您登记预留好，您看这周哪天方便过来？来之前给我打个电话，我在网点等您。再次祝您生日快乐！',
    ),
    'en-birthday': (
        'Hello[ {name}], this is {manager}[ from {branch}]. {birthday_wish}!',
        'As a {tier} customer you have a birthday gift waiting at the branch this month, and double points on card'
        ' spending. The gift has to be collected in person; when you come, I can also look over your accounts with'
        ' you.',
        'I will reserve the gift for you. Which day this week suits you? Call me before you come and I will be there.'
        ' Happy birthday again!',
    ),
}

# The close of each as shipped now.
_AFTER = {
    'zh-birthday': '礼品我先给您登记预留好，您看{next_workday}还是{second_workday}方便过来？来之前给我打个电话，我在网点'
                   '等您。再次祝您生日快乐！',
    'en-birthday': 'I will reserve the gift for you. Would {next_workday} or {second_workday} suit you to come by? Call'
                   ' me before you come and I will be there. Happy birthday again!',
}


def upgrade(conn: sqlite3.Connection) -> None:
    for script_id, (opening, offer, close) in _BEFORE.items():
        conn.execute("UPDATE scripts SET close = ? WHERE script_id = ? AND opening = ? AND offer = ? AND close = ?",
                     (_AFTER[script_id], script_id, opening, offer, close))
