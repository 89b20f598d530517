"""The shipped answer to 'another bank gave me a better offer' (competitor) told every customer 您的账户在我们这里这么多年,
a customer of three weeks too. It now says the account is here (就在我们这里), which is true of anyone on the list.

A script whose competitor answer is word for word the one shipped before (frozen here, as migration 102 wrote it)
takes the new one; an answer the branch has edited is left as it is.
"""

import json
import sqlite3

BEFORE = ('明白，别的银行有好的活动，您去比较一下很正常。方便的话您可以告诉我那边给的利率或者权益，我帮您实实在'
          '在地对比一下。我们对老客户也有专属的利率和积分权益，而且您的账户在我们这里这么多年，工资、还款、转账'
          '都方便，两家搭配着用也是可以的。')
AFTER = ('明白，别的银行有好的活动，您去比较一下很正常。方便的话您可以告诉我那边给的利率或者权益，我帮您实实在'
         '在地对比一下。我们对老客户也有专属的利率和积分权益，而且您的账户就在我们这里，工资、还款、转账'
         '都方便，两家搭配着用也是可以的。')


def upgrade(conn: sqlite3.Connection) -> None:
    for script_id, objections in conn.execute("SELECT script_id, objections FROM scripts").fetchall():
        answers = json.loads(objections or "{}")
        if answers.get("competitor") == BEFORE:
            answers["competitor"] = AFTER
            conn.execute("UPDATE scripts SET objections = ? WHERE script_id = ?",
                         (json.dumps(answers, ensure_ascii=False), script_id))
