"""The shipped scripts with their optional phrases marked, in databases seeded before they had them.

A field with no value for the customer leaves its bracketed phrase out (``我是[{branch}的]客户经理``) and
stops a script that needs it outside brackets from being shown (workbench.scripts.fill, missing_fields).
A script still word for word as shipped (equal to today's once the brackets of its optional phrases are
taken away) takes today's text; one the branch has edited in any other way is left as it is, and shows
no gap either: the card says which field it needs.
"""

import sqlite3

_FIELDS = ("opening", "offer", "close")


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.scripts import OPTIONAL_PHRASE, shipped_scripts

    for script in shipped_scripts():
        shipped = tuple(getattr(script, f) for f in _FIELDS)
        row = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM scripts WHERE script_id = ?", (script.script_id,)).fetchone()
        if row is None or tuple(row) == shipped:
            continue
        if tuple(row) == tuple(OPTIONAL_PHRASE.sub(r"\1", text) for text in shipped):
            conn.execute(f"UPDATE scripts SET {', '.join(f'{f} = ?' for f in _FIELDS)} WHERE script_id = ?",
                         (*shipped, script.script_id))
