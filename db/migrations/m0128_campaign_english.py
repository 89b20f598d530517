"""Head office's campaigns in English too: an optional English title and offer (title_en, offer_en in the campaigns
file), which the English card and agenda show instead of the Chinese ones; NULL where head office gave none."""

SQL = """
ALTER TABLE campaigns ADD COLUMN title_en TEXT;
ALTER TABLE campaigns ADD COLUMN offer_en TEXT;
"""
