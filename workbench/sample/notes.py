"""What a call looks like in numbers and words: the funnel's odds and the managers' short notes."""

from __future__ import annotations

# Line results of a first or retry call that is not answered, by weight.
UNANSWERED = (("no_answer", 62), ("busy", 12), ("phone_off", 14), ("wrong_person", 3))
REACH_FRESH = 0.28          # a cold call to a dormant customer
REACH_FOLLOW_UP = 0.65      # a call the customer agreed to
DEAD_NUMBER_SHARE = 0.03    # valid-looking numbers that turn out suspended or 空号

# Business outcomes once reached, by weight.
OUTCOMES_FRESH = (("not_interested", 38), ("call_back", 25), ("interested", 16), ("appointment", 6),
                  ("reactivated", 4), ("complaint", 2), ("do_not_call", 3))
OUTCOMES_FOLLOW_UP = (("interested", 30), ("appointment", 16), ("reactivated", 12), ("call_back", 18),
                      ("not_interested", 24))
OUTCOMES_VISIT = (("reactivated", 45), ("interested", 35), ("not_interested", 20))
# A campaign's notice: a customer told of an offer picks up more often than a cold call's, and says...
REACH_NOTICE = 0.55
OUTCOMES_NOTICE = (("interested", 30), ("appointment", 15), ("call_back", 20), ("not_interested", 35))

REASONS = (("no_need", 30), ("competitor", 18), ("product_disappointment", 14), ("forgot_account", 14),
           ("poor_service", 8), ("moved_away", 8), ("other", 8))

LINE_NOTES = {
    "no_answer": ("响铃无人接", "无人接听"),
    "busy": ("占线，稍后再打",),
    "phone_off": ("关机，明天再试",),
    "suspended": ("提示停机",),
    "no_such_number": ("提示空号，需核实号码",),
    "wrong_person": ("接电话的不是本人，说打错了",),
}

OUTCOME_NOTES = {
    "not_interested": ("说暂时不需要，不要总打电话", "客户很忙，态度冷淡"),
    "call_back": ("在开会，约下周再联系", "在外地出差，月底回来再说", "要和家人商量一下", "让下午再打过来"),
    "interested": ("对大额存单感兴趣，已发产品资料", "想了解定期利率", "问了基金定投，约再详细介绍", "对积存金有兴趣"),
    "appointment": ("约周三上午来网点", "约周末到网点办理", "约到网点激活手机银行"),
    "reactivated": ("已到网点购买理财产品", "已存入定期，承接到期资金", "已重新开通手机银行并转入资金"),
    "complaint": ("抱怨之前排队时间太长", "对频繁来电不满，已致歉"),
    "do_not_call": ("要求以后不要再来电",),
}

REASON_NOTES = {
    "competitor": ("资金已转到他行理财", "他行利率更高"),
    "product_disappointment": ("对上次理财收益不满意", "基金亏损后不再购买"),
    "poor_service": ("说之前办业务态度不好", "嫌网点排队太久"),
    "moved_away": ("已搬到外区，离网点太远",),
    "no_need": ("暂时没有闲置资金", "钱都用来还房贷了"),
    "forgot_account": ("忘记有这张卡了", "以为账户已销户"),
    "other": ("老人耳背，需找子女沟通",),
}

CORRECTION_NOTE = "更正：实为占线"

# Calling hours by weight: the morning and afternoon peaks, a few evening calls, all within 09-20.
HOUR_WEIGHTS = ((9, 3), (10, 5), (11, 4), (12, 1), (13, 1), (14, 4), (15, 5), (16, 4), (17, 2), (18, 1), (19, 1))
APPOINTMENT_SLOTS = ("09:30", "10:00", "10:30", "14:00", "14:30", "15:30")
