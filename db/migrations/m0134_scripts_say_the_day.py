"""The shipped scripts that say the day as it is, in databases seeded before them.

- The roll-over call said the holding matures today or tomorrow and then asked 您看到期前一两天来网点一趟 ("Could you
  come by a day or two before maturity?"), a day already past, or a weekend or holiday the branch is closed: its close
  now holds {maturity_visit} (workbench.scripts.maturity_visit: 到期前一两天 while one of them is a working day, else
  the last working day before the maturity, else today or the next working days).
- The festival greeting said 春节将至，提前祝您… / "With the Spring Festival coming" on the festival's own day: its
  opening now holds {festival_wish} (workbench.scripts.FESTIVAL_WISH: 今天是春节，祝您… on the day, the festivals
  still to come before it).
- The tier-upgrade call told a customer below the first line she could be upgraded to 更高一级的贵宾客户 / "the next
  tier", as if she were a VIP already: its offer now names the tier she is short of, {next_tier} (5万级贵宾客户 /
  "the 50k tier").
- The wake-up, the high-value wake-up, the warm-lead and the tier-upgrade calls offered 周四上午或者周五下午 ("Thursday
  morning or Friday afternoon") whatever the day, and 我明天下午再给您打个电话 ("tomorrow afternoon") on the eve of the
  Spring Festival: their closes now hold {next_workday} and {second_workday}, the next two working days (明天, 后天,
  周五, 下周一; tomorrow, Friday), and no longer say 这周 / "this week".

A script still word for word as shipped before (opening, offer and close as frozen below) takes the sections below;
one the branch has edited in any way is left as it is. Both texts are frozen here, not read from today's shipped file
(workbench.scripts.shipped_scripts), which would stop recognising an unedited script the next time the shipped text
changes.
"""

import sqlite3


# Each script changed here as shipped before it (opening, offer, close): the text migrations 114 and 122 left.
_BEFORE = {
    'zh-wake-up': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。您是我们的老客户了，今天给您打电话是做个回访'
        '，看看您的账户使用上有没有需要帮忙的地方，耽误您两分钟可以吗？（为保障您的资金安全，我们不会在电'
        '话里让您转账，也不会询问密码和验证码。）',
        '[我看到您已经有{dormant_days}天没有在我们这里办理业务了。]最近行里针对老客户推出了回馈活动：在网'
        '点或手机银行办理一笔业务就能领取积分和礼品，定期存款和稳健理财的收益也比之前更有优势。您要是有闲'
        '置资金，我可以根据您的情况帮您做个简单的配置建议。',
        '那我先帮您预约一下，您看这周四上午还是周五下午方便来网点坐坐？我把网点地址和我的联系方式用短信发'
        '给您，您到了直接找我就行。',
    ),
    'zh-wake-up-high-value': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。您是我们行的{tier}，行里安排我专门负责您的服'
        '务，今天先给您打个电话问声好。',
        '[注意到您已经有{dormant_days}天没有在我们这里办理业务了，]想问问是不是之前有哪里服务得不周到？最'
        '近我们为贵宾客户准备了专属回馈：贵宾专享的存款利率、私享理财产品的额度，还有一对一的资产配置服务'
        '。我可以先为您做一份资产检视，您看看有没有需要调整的地方。',
        '我这周四和周五下午都在网点，您看哪个时间方便？如果您时间紧张，我也可以上门拜访，或者先加您微信，'
        '把方案发给您看看。',
    ),
    'zh-maturity-rollover': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。给您打电话是提醒一下，您在我们这里的{product}'
        '将在{maturity_date}到期。',
        '到期后资金会自动转入您的活期账户，活期利息就比较低了。正好可以提前规划一下：如果这笔钱近期不用，'
        '可以续存定期或者转成大额存单，收益比活期高不少；如果想灵活一些，也有可以随时赎回的稳健型理财。我'
        '可以按您的用款时间把几种方案的收益给您算清楚。',
        '您看到期前一两天来网点一趟，我提前把方案和额度给您预留好？您也可以在手机银行上直接操作，我在电话'
        '里一步一步教您。',
    ),
    'zh-tier-upgrade': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。一直感谢您对我们的支持，今天打电话是有个好消'
        '息想跟您说一下。',
        '您目前是我们的{tier}，资产再增加一点就能升级到更高一级的贵宾客户，可以享受专属理财经理服务、贵宾'
        '通道免排队、机场贵宾厅和健康体检等权益。把其他地方的闲置资金归集过来，或者配置一笔定期、理财就能'
        '达标，我可以帮您看看怎样安排最划算。',
        '您看这周方便的时候来网点，我帮您把升级办好，权益当月就能生效。您也可以先考虑一下，我明天下午再给'
        '您打个电话确认，好吗？',
    ),
    'en-wake-up': (
        'Hello[ {name}], this is {manager}, your relationship manager[ at {branch}]. You have banked with'
        ' us for a while and I am calling to check that everything with your account is working for you. '
        'Do you have two minutes? (We will never ask you to transfer money or give a password or code on '
        'the phone.)',
        '[I see it has been {dormant_days} days since you last used your account with us. ]We have a than'
        'k-you offer for long-standing customers: points and a gift for any transaction at the branch or '
        'in mobile banking, and better rates on time deposits and low-risk wealth products. If you have i'
        'dle funds, I can suggest a simple plan for you.',
        'Shall I book you in? Would Thursday morning or Friday afternoon suit you to drop by the branch? '
        'I will text you the address and my number so you can ask for me directly.',
    ),
    'en-wake-up-high-value': (
        'Hello[ {name}], this is {manager}[ from {branch}]. As a {tier} customer you have a dedicated man'
        'ager with us, and I wanted to say hello personally.',
        '[It has been {dormant_days} days since we last saw you, and ]I would like to know if we fell sho'
        'rt somewhere. We now offer our premier customers preferential deposit rates, allocations in priv'
        'ate wealth products and a one-to-one portfolio review. I can prepare a review of your holdings f'
        'or you.',
        'I am at the branch on Thursday and Friday afternoons; which suits you? If you are busy I can vis'
        'it you, or send the proposal by WeChat first.',
    ),
    'en-maturity-rollover': (
        'Hello[ {name}], this is {manager}[ from {branch}]. A quick reminder: your {product} with us matu'
        'res on {maturity_date}.',
        'After maturity the funds go to your current account, which earns very little. If you will not ne'
        'ed the money soon, a new time deposit or a certificate of deposit earns much more; if you want f'
        'lexibility, there are low-risk products you can redeem at any time. I can work out the returns o'
        'f each option for your timeline.',
        'Could you come by a day or two before maturity? I will have the options and the quota ready. You'
        ' can also do it in mobile banking, and I can walk you through it on the phone.',
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
    'zh-warm-lead': (
        '[{name}]您好，我是[{branch}的]客户经理[{manager}]。{interest}，所以特地给您打个电话，耽误您两分'
        '钟可以吗？',
        '我按您的情况先做了些准备：结合您的风险偏好，挑了两三款合适的产品，收益、期限、起购金额都帮您对比'
        '好了，可以先发到您微信上看看。您最看重的是收益、安全，还是用钱的时候随时能取？不适合您的我不会推'
        '荐。',
        '您看这周哪天方便来网点坐坐？周四上午或者周五下午我都在，我帮您把时间留好，当面给您细讲。要是不方'
        '便过来，我先把资料发您微信，您看完有问题随时找我。',
    ),
    'en-warm-lead': (
        'Hello[ {name}], this is {manager}[ from {branch}]. {interest}, so I wanted to call you personall'
        'y. Do you have two minutes?',
        'I have done some homework for you: with your risk appetite in mind I picked two or three product'
        's that could fit, and compared their returns, terms and minimum amounts side by side. I can send'
        ' the comparison to your WeChat first. What matters most to you: the return, safety, or being abl'
        'e to reach the money any time? I will only suggest what really fits.',
        'Would you like to drop by the branch this week? I am there on Thursday morning and Friday aftern'
        'oon, and I will keep the time free for you. If that is not convenient, I will send the details t'
        'o your WeChat and you can call me with any questions.',
    ),
}

# The sections of each of them as shipped now.
_AFTER = {
    'zh-wake-up': {
        'close': '那我先帮您预约一下，您看{next_workday}上午还是{second_workday}下午方便来网点坐坐？我把网点地址和'
            '我的联系方式用短信发给您，您到了直接找我就行。',
    },
    'zh-wake-up-high-value': {
        'close': '我{next_workday}和{second_workday}下午都在网点，您看哪个时间方便？如果您时间紧张，我也可以上门拜'
            '访，或者先加您微信，把方案发给您看看。',
    },
    'zh-maturity-rollover': {
        'close': '您看{maturity_visit}来网点一趟，我提前把方案和额度给您预留好？您也可以在手机银行上直接操作，我在'
            '电话里一步一步教您。',
    },
    'zh-tier-upgrade': {
        'offer': '您目前是我们的{tier}，资产再增加一点就能成为{next_tier}，可以享受专属理财经理服务、贵宾通道免排'
            '队、机场贵宾厅和健康体检等权益。把其他地方的闲置资金归集过来，或者配置一笔定期、理财就能达标，我'
            '可以帮您看看怎样安排最划算。',
        'close': '您看这几天方便的时候来网点，我帮您把升级办好，权益当月就能生效。您也可以先考虑一下，我{next_work'
            'day}下午再给您打个电话确认，好吗？',
    },
    'en-wake-up': {
        'close': 'Shall I book you in? Would {next_workday} morning or {second_workday} afternoon suit you to drop'
            ' by the branch? I will text you the address and my number so you can ask for me directly.',
    },
    'en-wake-up-high-value': {
        'close': 'I am at the branch on {next_workday} afternoon and on {second_workday} afternoon; which suits yo'
            'u? If you are busy I can visit you, or send the proposal by WeChat first.',
    },
    'en-maturity-rollover': {
        'close': 'Could you come by {maturity_visit}? I will have the options and the quota ready. You can also do'
            ' it in mobile banking, and I can walk you through it on the phone.',
    },
    'en-tier-upgrade': {
        'offer': 'You are a {tier} customer today and only a little short of the {next_tier}, which brings a dedic'
            'ated wealth manager, priority service, airport lounges and a health check. Consolidating idle fu'
            'nds here, or a time deposit or wealth product, would get you there; I can show you the best way.',
        'close': 'Could you come by in the next few days so I can complete the upgrade? The benefits start this mo'
            'nth. Or think it over and I will call you on {next_workday} afternoon to confirm.',
    },
    'zh-festival': {
        'opening': '[{name}]您好，我是[{branch}的]客户经理[{manager}]。{festival_wish}！',
    },
    'en-festival': {
        'opening': 'Hello[ {name}], this is {manager}[ from {branch}]. {festival_wish}!',
    },
    'zh-warm-lead': {
        'close': '您看哪天方便来网点坐坐？{next_workday}上午或者{second_workday}下午我都在，我帮您把时间留好，当面'
            '给您细讲。要是不方便过来，我先把资料发您微信，您看完有问题随时找我。',
    },
    'en-warm-lead': {
        'close': 'Would you like to drop by the branch? I am there on {next_workday} morning and on {second_workda'
            'y} afternoon, and I will keep the time free for you. If that is not convenient, I will send the '
            'details to your WeChat and you can call me with any questions.',
    },
}


def upgrade(conn: sqlite3.Connection) -> None:
    for script_id, (opening, offer, close) in _BEFORE.items():
        after = _AFTER[script_id]
        conn.execute(f"UPDATE scripts SET {', '.join(f'{key} = ?' for key in after)} WHERE script_id = ?"
                     " AND opening = ? AND offer = ? AND close = ?", (*after.values(), script_id, opening, offer, close))
