"""The shipped Chinese scripts with full-width punctuation, in databases seeded before they had it.

The first shipped Chinese scripts wrote ASCII , ; : ! ? ( ) between Chinese characters. A script
still word for word as shipped (equal to today's once full-width punctuation is read as ASCII) takes
today's text; one the branch has edited in any other way is left as it is.
"""

import json
import sqlite3

_ASCII = str.maketrans({"\uff0c": ",", "\uff1b": ";", "\uff1a": ":", "\uff01": "!", "\uff1f": "?",
                        "\uff08": "(", "\uff09": ")"})
_FIELDS = ("title", "opening", "offer", "objections", "close")


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.scripts import shipped_scripts

    for script in shipped_scripts():
        shipped = (script.title, script.opening, script.offer,
                   json.dumps(script.objections, ensure_ascii=False), script.close)
        row = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM scripts WHERE script_id = ?",
                           (script.script_id,)).fetchone()
        if row is None or tuple(row) == shipped:
            continue
        if all(old.translate(_ASCII) == new.translate(_ASCII) for old, new in zip(row, shipped)):
            conn.execute(f"UPDATE scripts SET {', '.join(f'{f} = ?' for f in _FIELDS)} WHERE script_id = ?",
                         (*shipped, script.script_id))
