"""A copy of the committed sample (sample.sqlite at the top of the repo), opened as the workbench opens it: the call
scripts of a real branch, read for its real customers on the days a test names."""

import shutil
from pathlib import Path

from workbench import followups
from workbench.db import open_db

SAMPLE = Path(__file__).resolve().parents[1] / "sample.sqlite"


def open_copy(folder: Path):
    """The committed sample copied into folder and opened (its migrations run): the connection."""
    path = folder / "sample.sqlite"
    shutil.copy(SAMPLE, path)
    return open_db(path).conn


def callable_customers(conn, where: str = "1", *params) -> list[str]:
    """M001's customers a script may be read to (followups.marketing_block), by id, of those where holds."""
    ids = [row[0] for row in conn.execute(
        f"SELECT customer_id FROM customers c WHERE manager_id = 'M001' AND ({where}) ORDER BY customer_id", params)]
    return [c for c in ids if followups.marketing_block(conn, c) is None]
