"""A campaign's own script: a scripts file's [[script]] of purpose "campaign" may name one of head office's campaigns
(`campaign = "WLTH-Q4"`), and the card of a customer whose notice of that campaign is due reads it before the campaign
script every campaign shares; another campaign's card never reads it. The campaign is kept beside the scripts table,
which a new purpose rebuilds (SQLite cannot alter a CHECK); a script with no row here is for any campaign.
"""

SQL = """
CREATE TABLE script_campaigns (
    script_id   TEXT PRIMARY KEY,   -- a script of purpose 'campaign'
    campaign_id TEXT NOT NULL       -- the one campaign it is for (campaigns.campaign_id)
);
"""
