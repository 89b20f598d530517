"""The shipped scripts with their optional phrases marked, in databases seeded before they had them.

A field with no value for the customer leaves its bracketed phrase out (``我是[{branch}的]客户经理``) and
stops a script that needs it outside brackets from being shown (workbench.scripts.fill_script, missing_fields).
A script still word for word as shipped (equal to the text below once the brackets of its optional
phrases are taken away) takes the text below; one the branch has edited in any other way is left as it
is, and shows no gap either: the card says which field it needs.

The text below is the shipped text as this migration wrote it, frozen here: a migration that compared
with today's shipped text (workbench.scripts.shipped_scripts) would stop recognising an unedited script
the next time the shipped text changes. Before this migration the shipped text differed from it only
by the brackets, and by one title: the Chinese tier-upgrade script was renamed (贵宾等级提升 to
贵宾档位提升, the product's word for a tier) without a migration of its own, so it is renamed here
where the branch has kept the old title.
"""

import re
import sqlite3

# An optional phrase as this migration marks it: [text holding a {field}].
_OPTIONAL_PHRASE = re.compile(r"\[([^\[\]]*?\{[A-Za-z_][A-Za-z0-9_]*\}[^\[\]]*?)\]")
_FIELDS = ("opening", "offer", "close")
# Titles as first shipped and as shipped now.
_RETITLED = {"zh-tier-upgrade": ("贵宾等级提升", "贵宾档位提升")}

# Each shipped script: opening, offer, close, as this migration leaves it (migration 114 starts from it).
MARKED = {
    'zh-wake-up': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '您是我们的老客户了，今天给您打电话是做个回访，看看您的账户使用上有没有需要帮忙的地方，耽误您两分钟可'
        '以吗？（为保障您的资金安全，我们不会在电话里让您转账，也不会询问密码和验证码。'
        '）',
        '[我看到您已经有{dormant_days}天没有在我们这里办理业务了。'
        ']最近行里针对老客户推出了回馈活动：在网点或手机银行办理一笔业务就能领取积分和礼品，定期存款和稳健理'
        '财的收益也比之前更有优势。您要是有闲置资金，我可以根据您的情况帮您做个简单的配置建议。',
        '那我先帮您预约一下，您看这周四上午还是周五下午方便来网点坐坐？'
        '我把网点地址和我的联系方式用短信发给您，您到了直接找我就行。',
    ),
    'zh-wake-up-high-value': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '您是我们行的{tier}，行里安排我专门负责您的服务，今天先给您打个电话问声好。',
        '[注意到您已经有{dormant_days}天没有在我们这里办理业务了，]想问问是不是之前有哪里服务'
        '得不周到？最近我们为贵宾客户准备了专属回馈：贵宾专享的存款利率、私享理财产品的额度，还有一对一的资产'
        '配置服务。我可以先为您做一份资产检视，您看看有没有需要调整的地方。',
        '我这周四和周五下午都在网点，您看哪个时间方便？如果您时间紧张，我也可以上门拜访，或者先加您微信，把方'
        '案发给您看看。',
    ),
    'zh-maturity-rollover': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '给您打电话是提醒一下，您在我们这里的{product}将在{maturity_date}到期。',
        '到期后资金会自动转入您的活期账户，活期利息就比较低了。'
        '正好可以提前规划一下：如果这笔钱近期不用，可以续存定期或者转成大额存单，收益比活期高不少；'
        '如果想灵活一些，也有可以随时赎回的稳健型理财。我可以按您的用款时间把几种方案的收益给您算清楚。',
        '您看到期前一两天来网点一趟，我提前把方案和额度给您预留好？'
        '您也可以在手机银行上直接操作，我在电话里一步一步教您。',
    ),
    'zh-birthday': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '今天给您打电话，是想提前祝您生日快乐，身体健康，万事顺心！',
        '作为我们的{tier}，您生日当月在我行有专属的生日礼遇：到网点可以领取一份生日礼品，当月刷卡消费积'
        '分加倍。礼品需要本人领取，您这段时间方便的话可以过来坐坐，我也顺便帮您看看账户有没有需要调整的地方。',
        '礼品我先给您登记预留好，您看这周哪天方便过来？来之前给我打个电话，我在网点等您。'
        '再次祝您生日快乐！',
    ),
    'zh-new-customer-90d': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '您前段时间在我们这里开了户，我是您的专属客户经理，今天给您做个简单的回访。',
        '想问问您开户以后用得还顺手吗？手机银行开通了没有，登录有没有遇到问题？'
        '另外想简单了解一下您平时的资金安排，比如有没有存定期、买理财或者给孩子存教育金的打算，我好给您推荐合'
        '适的产品，不适合您的我不会推荐。',
        '我把我的名片和微信发给您，以后有问题直接找我。您看下周哪天方便，我给您约个时间来网点，半个小时左右帮'
        '您做一个完整的资产规划。',
    ),
    'zh-tier-upgrade': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '一直感谢您对我们的支持，今天打电话是有个好消息想跟您说一下。',
        '您目前是我们的{tier}，资产再增加一点就能升级到更高一级的贵宾客户，可以享受专属理财经理服务、贵'
        '宾通道免排队、机场贵宾厅和健康体检等权益。把其他地方的闲置资金归集过来，或者配置一笔定期、理财就能达'
        '标，我可以帮您看看怎样安排最划算。',
        '您看这周方便的时候来网点，我帮您把升级办好，权益当月就能生效。'
        '您也可以先考虑一下，我明天下午再给您打个电话确认，好吗？',
    ),
    'zh-keep-warm': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '前段时间您又在我们这里办理了业务，非常感谢您的信任！'
        '今天给您打个电话做个回访。',
        '想问问您最近用得还顺手吗？手机银行、到期提醒这些有没有需要我帮您设置的？'
        '另外，您的资金目前主要放在一两个产品里，我可以按您的风险偏好帮您再搭配一下：一部分放定期或大额存单求'
        '稳，一部分配置稳健理财，既方便周转，收益也更均衡。'
        '不适合您的我不会推荐。',
        '以后有产品到期或者适合您的活动，我会提前跟您说一声，不会经常打扰您。'
        '有任何需要随时打我电话或者加我微信。您看下个月哪天方便，我约您来网点坐坐，用半个小时帮您把整体配置过'
        '一遍？',
    ),
    'en-wake-up': (
        'Hello[ {name}], this is {manager}, your relationsh'
        'ip manager[ at {branch}]. You have banked with us '
        'for a while and I am calling to check that everyth'
        'ing with your account is working for you.'
        ' Do you have two minutes? (We will never ask you t'
        'o transfer money or give a password or code on the'
        ' phone.)',
        '[I see it has been {dormant_days} days since you l'
        'ast used your account with us. ]We have a thank-yo'
        'u offer for long-standing customers: points and a '
        'gift for any transaction at the branch or in mobil'
        'e banking, and better rates on time deposits and l'
        'ow-risk wealth products. If you have idle funds, I'
        ' can suggest a simple plan for you.',
        'Shall I book you in? Would Thursday morning or Fri'
        'day afternoon suit you to drop by the branch?'
        ' I will text you the address and my number so you '
        'can ask for me directly.',
    ),
    'en-wake-up-high-value': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' As a {tier} customer you have a dedicated manager'
        ' with us, and I wanted to say hello personally.',
        '[It has been {dormant_days} days since we last saw'
        ' you, and ]I would like to know if we fell short s'
        'omewhere. We now offer our premier customers prefe'
        'rential deposit rates, allocations in private weal'
        'th products and a one-to-one portfolio review.'
        ' I can prepare a review of your holdings for you.',
        'I am at the branch on Thursday and Friday afternoo'
        'ns; which suits you? If you are busy I can visit y'
        'ou, or send the proposal by WeChat first.',
    ),
    'en-maturity-rollover': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' A quick reminder: your {product} with us matures '
        'on {maturity_date}.',
        'After maturity the funds go to your current accoun'
        't, which earns very little. If you will not need t'
        'he money soon, a new time deposit or a certificate'
        ' of deposit earns much more; if you want flexibili'
        'ty, there are low-risk products you can redeem at '
        'any time. I can work out the returns of each optio'
        'n for your timeline.',
        'Could you come by a day or two before maturity?'
        ' I will have the options and the quota ready.'
        ' You can also do it in mobile banking, and I can w'
        'alk you through it on the phone.',
    ),
    'en-birthday': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' I am calling to wish you a happy birthday in adva'
        'nce!',
        'As a {tier} customer you have a birthday gift wait'
        'ing at the branch this month, and double points on'
        ' card spending. The gift has to be collected in pe'
        'rson; when you come, I can also look over your acc'
        'ounts with you.',
        'I will reserve the gift for you. Which day this we'
        'ek suits you? Call me before you come and I will b'
        'e there. Happy birthday again!',
    ),
    'en-new-customer-90d': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' You opened an account with us recently and I am y'
        'our personal relationship manager; this is a short'
        ' welcome call.',
        'Is everything working for you? Have you set up mob'
        'ile banking, any trouble logging in? I would also '
        'like to understand your plans, such as saving, inv'
        'esting or an education fund, so that I only sugges'
        't what really suits you.',
        'I will text you my card and WeChat. Could we book '
        'half an hour at the branch next week to put togeth'
        'er a full financial plan?',
    ),
    'en-tier-upgrade': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' Thank you for banking with us; I have some good n'
        'ews for you.',
        'You are a {tier} customer today and only a little '
        'short of the next tier, which brings a dedicated w'
        'ealth manager, priority service, airport lounges a'
        'nd a health check. Consolidating idle funds here, '
        'or a time deposit or wealth product, would get you'
        ' there; I can show you the best way.',
        'Could you come by this week so I can complete the '
        'upgrade? The benefits start this month. Or think i'
        't over and I will call you tomorrow afternoon to c'
        'onfirm.',
    ),
    'en-keep-warm': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' Thank you for banking with us again recently; thi'
        's is a short call to see how things are going.',
        'Is everything working for you, mobile banking, mat'
        'urity reminders? Your money is mostly in one or tw'
        'o products at the moment; if you like, I can sugge'
        'st a mix that suits your risk appetite: part in a '
        'time deposit or certificate for safety, part in a '
        'steady wealth product, easy to reach and earning m'
        'ore evenly. I will only suggest what really fits.',
        'I will tell you ahead of any maturity or an offer '
        'that suits you, and I will not call too often.'
        ' Call or WeChat me any time. Could we book half an'
        ' hour at the branch next month to look over everyt'
        'hing together?',
    ),
    'zh-festival': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '{festival}将至，提前祝您和家人节日快乐、阖家安康！',
        '一直感谢您对我们的信任和支持。节日期间网点营业时间会有调整，手机银行可以随时办理业务；'
        '如果有到期或者需要办理的事情，您告诉我，我帮您提前安排好。',
        '不多打扰您过节了，有任何需要随时打我电话或者发微信给我。'
        '再次祝您节日快乐！',
    ),
    'en-festival': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' With {festival} coming, I wish you and your famil'
        'y a very happy holiday!',
        'Thank you for banking with us. The branch keeps sh'
        'orter hours over the holiday and mobile banking is'
        ' open around the clock; if something is due or you'
        ' need anything done, tell me and I will arrange it'
        ' in advance.',
        'I will not take up more of your time. Call or WeCh'
        'at me whenever you need anything. Happy holidays a'
        'gain!',
    ),
    'zh-campaign': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '打扰您一分钟，行里新推出了一项活动：{campaign}。'
        '我想着您可能用得上，第一时间告诉您。',
        '{campaign_offer}这是总行统一安排的，时间和额度都有限。'
        '我不勉强您，只是觉得合适才跟您说；您要是有兴趣，我把详细的条件和收益算清楚发给您，也可以约个时间到网'
        '点当面聊。',
        '那我稍后把活动详情用短信发给您，您看完有任何问题随时找我。'
        '不多打扰了，祝您生活愉快！',
    ),
    'en-campaign': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' Just a minute of your time: we have launched "{ca'
        'mpaign}", and I thought it might suit you, so I wa'
        'nted you to hear it first.',
        '{campaign_offer} It comes from head office and run'
        's for a limited time with a limited quota.'
        ' No pressure at all; if you are interested, I will'
        ' send you the exact terms and returns, or we can m'
        'eet at the branch.',
        'I will text you the details shortly; call me with '
        'any questions. I will not take more of your time.'
        ' Have a good day!',
    ),
    'zh-warm-lead': (
        '[{name}]您好，我是[{branch}的]客户经理{manager}。'
        '{interest}，所以今天特地给您打个电话，耽误您两分钟可以吗？',
        '我按您的情况先做了些准备：结合您的风险偏好，挑了两三款合适的产品，收益、期限、起购金额都帮您对比好了'
        '，可以先发到您微信上看看。您最看重的是收益、安全，还是用钱的时候随时能取？'
        '不适合您的我不会推荐。',
        '您看这周哪天方便来网点坐坐？周四上午或者周五下午我都在，我帮您把时间留好，当面给您细讲。'
        '要是不方便过来，我先把资料发您微信，您看完有问题随时找我。',
    ),
    'en-warm-lead': (
        'Hello[ {name}], this is {manager}[ from {branch}].'
        ' {interest}, so I wanted to call you personally.'
        ' Do you have two minutes?',
        'I have done some homework for you: with your risk '
        'appetite in mind I picked two or three products th'
        'at could fit, and compared their returns, terms an'
        'd minimum amounts side by side. I can send the com'
        'parison to your WeChat first. What matters most to'
        ' you: the return, safety, or being able to reach t'
        'he money any time? I will only suggest what really'
        ' fits.',
        'Would you like to drop by the branch this week?'
        ' I am there on Thursday morning and Friday afterno'
        'on, and I will keep the time free for you.'
        ' If that is not convenient, I will send the detail'
        's to your WeChat and you can call me with any ques'
        'tions.',
    ),
}


def upgrade(conn: sqlite3.Connection) -> None:
    for script_id, marked in MARKED.items():
        row = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM scripts WHERE script_id = ?", (script_id,)).fetchone()
        if row is None or tuple(row) == marked:
            continue
        if tuple(row) == tuple(_OPTIONAL_PHRASE.sub(r"\1", text) for text in marked):
            conn.execute(f"UPDATE scripts SET {', '.join(f'{f} = ?' for f in _FIELDS)} WHERE script_id = ?",
                         (*marked, script_id))
    for script_id, (old, new) in _RETITLED.items():
        conn.execute("UPDATE scripts SET title = ? WHERE script_id = ? AND title = ?", (new, script_id, old))
