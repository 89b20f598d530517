"""The shipped Chinese scripts with full-width punctuation, in databases seeded before they had it.

The first shipped Chinese scripts wrote ASCII , ; : ! ? ( ) between Chinese characters. A script
still word for word as shipped (equal to the text below once full-width punctuation is read as ASCII)
takes the text below; one the branch has edited in any other way is left as it is.

The text below is the shipped text as it was when this migration was written, frozen here: today's
shipped text (workbench.scripts.shipped_scripts) has changed since (migration 112 marks optional
phrases), and a migration that compared with it would no longer recognise an unedited script.
"""

import json
import sqlite3

_ASCII = str.maketrans({"\uff0c": ",", "\uff1b": ";", "\uff1a": ":", "\uff01": "!", "\uff1f": "?",
                        "\uff08": "(", "\uff09": ")"})
_FIELDS = ("title", "opening", "offer", "objections", "close")

# The common answers to the dormancy reasons, in the order they were stored.
_COMMON = {
    'product_disappointment': '非常理解，之前的产品没有达到您的预期，这一点我先跟您说声抱歉。'
        '现在我们的产品线调整了不少，既有保本的定期存款、大额存单，也有中低风险的稳健理财。'
        '我先按您的风险偏好挑两三款，把收益、期限和风险给您对比清楚，您觉得合适再考虑，不合适也完全没关系。',
    'competitor': '明白，别的银行有好的活动，您去比较一下很正常。方便的话您可以告诉我那边给的利率或者权益，我帮您实实在'
        '在地对比一下。我们对老客户也有专属的利率和积分权益，而且您的账户在我们这里这么多年，工资、还款、转账'
        '都方便，两家搭配着用也是可以的。',
    'poor_service': '真的很抱歉之前给您带来了不好的体验。您方便说说当时是什么情况吗？'
        '我会如实反馈给网点负责人，给您一个交代。以后您办业务可以直接提前联系我，我把材料和流程先帮您准备好，'
        '尽量不让您再排队等候。',
    'moved_away': '原来您搬家了。其实现在大部分业务用手机银行就能办，转账、存款、买理财都不用跑网点；'
        '确实需要到柜台的话，全市的网点都能办理。我帮您查一下离您新家最近的网点，把地址用短信发给您，好吗？',
    'no_need': '好的，没关系，暂时没有需求很正常。我今天主要是想让您知道，您在我们这里有专属的客户经理，有事随时可以'
        '找我。以后有产品到期提醒或者适合您的活动，我再简单跟您说一声，不会经常打扰您，您看可以吗？',
    'forgot_account': '没关系，很多客户都有这种情况。您这个账户目前状态正常，里面的资金是安全的。'
        '为了保障账户安全，建议您方便的时候带上身份证来网点核对一下信息，我顺便帮您把手机银行开通好，以后查余'
        '额、转账就很方便了。',
    'other': '好的，您说的情况我都记下来了，我会帮您反馈并跟进，有结果第一时间告诉您。'
        '您有任何问题也可以随时打我电话。',
}
# Each script: title, opening, offer, its answers (the common ones with its own in their place), close.
_SHIPPED = {
    'zh-wake-up': (
        '沉睡客户唤醒',
        '{name}您好，我是{branch}的客户经理{manager}。'
        '您是我们的老客户了，今天给您打电话是做个回访，看看您的账户使用上有没有需要帮忙的地方，耽误您两分钟可'
        '以吗？（为保障您的资金安全，我们不会在电话里让您转账，也不会询问密码和验证码。'
        '）',
        '我看到您已经有{dormant_days}天没有在我们这里办理业务了。'
        '最近行里针对老客户推出了回馈活动：在网点或手机银行办理一笔业务就能领取积分和礼品，定期存款和稳健理财'
        '的收益也比之前更有优势。您要是有闲置资金，我可以根据您的情况帮您做个简单的配置建议。',
        _COMMON,
        '那我先帮您预约一下，您看这周四上午还是周五下午方便来网点坐坐？'
        '我把网点地址和我的联系方式用短信发给您，您到了直接找我就行。',
    ),
    'zh-wake-up-high-value': (
        '高价值沉睡客户唤醒',
        '{name}您好，我是{branch}的客户经理{manager}。'
        '您是我们行的{tier}，行里安排我专门负责您的服务，今天先给您打个电话问声好。',
        '注意到您已经有{dormant_days}天没有在我们这里办理业务了，想问问是不是之前有哪里服务得不'
        '周到？最近我们为贵宾客户准备了专属回馈：贵宾专享的存款利率、私享理财产品的额度，还有一对一的资产配置'
        '服务。我可以先为您做一份资产检视，您看看有没有需要调整的地方。',
        {**_COMMON, 'competitor': '完全理解，您这样的客户各家银行都很重视。您方便说说那边给的具体条件吗？'
            '我回去跟行里申请一下，贵宾客户的利率和权益我们是有专门额度的，争取给您一个满意的方案。'
            '就算您两家都用，我们这边也会把服务做好。'},
        '我这周四和周五下午都在网点，您看哪个时间方便？如果您时间紧张，我也可以上门拜访，或者先加您微信，把方'
        '案发给您看看。',
    ),
    'zh-maturity-rollover': (
        '产品到期承接',
        '{name}您好，我是{branch}的客户经理{manager}。'
        '给您打电话是提醒一下，您在我们这里的{product}将在{maturity_date}到期。',
        '到期后资金会自动转入您的活期账户，活期利息就比较低了。'
        '正好可以提前规划一下：如果这笔钱近期不用，可以续存定期或者转成大额存单，收益比活期高不少；'
        '如果想灵活一些，也有可以随时赎回的稳健型理财。我可以按您的用款时间把几种方案的收益给您算清楚。',
        {**_COMMON, 'no_need': '好的，您有自己的安排就好。只是提醒您一下，到期的资金放在活期里收益比较低，哪怕先存个三个月、六个月的'
            '短期，也比放着强。您考虑好了随时给我打电话，我帮您办。'},
        '您看到期前一两天来网点一趟，我提前把方案和额度给您预留好？'
        '您也可以在手机银行上直接操作，我在电话里一步一步教您。',
    ),
    'zh-birthday': (
        '生日关怀',
        '{name}您好，我是{branch}的客户经理{manager}。'
        '今天给您打电话，是想提前祝您生日快乐，身体健康，万事顺心！',
        '作为我们的{tier}，您生日当月在我行有专属的生日礼遇：到网点可以领取一份生日礼品，当月刷卡消费积'
        '分加倍。礼品需要本人领取，您这段时间方便的话可以过来坐坐，我也顺便帮您看看账户有没有需要调整的地方。',
        _COMMON,
        '礼品我先给您登记预留好，您看这周哪天方便过来？来之前给我打个电话，我在网点等您。'
        '再次祝您生日快乐！',
    ),
    'zh-new-customer-90d': (
        '新客户90天回访',
        '{name}您好，我是{branch}的客户经理{manager}。'
        '您前段时间在我们这里开了户，我是您的专属客户经理，今天给您做个简单的回访。',
        '想问问您开户以后用得还顺手吗？手机银行开通了没有，登录有没有遇到问题？'
        '另外想简单了解一下您平时的资金安排，比如有没有存定期、买理财或者给孩子存教育金的打算，我好给您推荐合'
        '适的产品，不适合您的我不会推荐。',
        _COMMON,
        '我把我的名片和微信发给您，以后有问题直接找我。您看下周哪天方便，我给您约个时间来网点，半个小时左右帮'
        '您做一个完整的资产规划。',
    ),
    'zh-tier-upgrade': (
        '贵宾等级提升',
        '{name}您好，我是{branch}的客户经理{manager}。'
        '一直感谢您对我们的支持，今天打电话是有个好消息想跟您说一下。',
        '您目前是我们的{tier}，资产再增加一点就能升级到更高一级的贵宾客户，可以享受专属理财经理服务、贵'
        '宾通道免排队、机场贵宾厅和健康体检等权益。把其他地方的闲置资金归集过来，或者配置一笔定期、理财就能达'
        '标，我可以帮您看看怎样安排最划算。',
        _COMMON,
        '您看这周方便的时候来网点，我帮您把升级办好，权益当月就能生效。'
        '您也可以先考虑一下，我明天下午再给您打个电话确认，好吗？',
    ),
}


def upgrade(conn: sqlite3.Connection) -> None:
    for script_id, (title, opening, offer, objections, close) in _SHIPPED.items():
        shipped = (title, opening, offer, json.dumps(objections, ensure_ascii=False), close)
        row = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM scripts WHERE script_id = ?", (script_id,)).fetchone()
        if row is None or tuple(row) == shipped:
            continue
        if all(old.translate(_ASCII) == new.translate(_ASCII) for old, new in zip(row, shipped)):
            conn.execute(f"UPDATE scripts SET {', '.join(f'{f} = ?' for f in _FIELDS)} WHERE script_id = ?",
                         (*shipped, script_id))
