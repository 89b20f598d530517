"""A campaign's product risk level (适当性管理): `product_risk` in the campaigns file, R1 (lowest) to R5 kept as 1 to 5.
A campaign that gives one is suggested to, and may be booked for, only a customer whose risk level (the extract's
风险等级) is known and at or above it; NULL, as every campaign imported before has it, reaches customers of any risk
level as before."""

SQL = """
ALTER TABLE campaigns ADD COLUMN product_risk INTEGER CHECK (product_risk BETWEEN 1 AND 5);
"""
