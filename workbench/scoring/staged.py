"""StagedInputs: the scoring inputs of an import into an empty customers table, read from each staged
part as soon as it is attached and kept in scratch files, so that scoring them needs no more SQL.

Each part is read with the rescore's own SELECT (inputs.SELECT), rendered over the part's `staged`
table, while the reading process converts the next part: on two cores the read costs the import
almost nothing. What is kept is the query's rows as they come (whole numbers, 112 bytes a customer),
one .npy file per STAGED_CHUNK, read back one at a time: memory stays flat. The days of the staged
customers' recent attempts (only customers with outcomes logged before their first import have any)
are kept in memory.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from workbench.scoring import inputs

# Customers read, and later scored, at a time. The scoring runs beside polars and ADBC (about 35 MB):
# fewer at a time keep the import's peak where the rescore's is (a million rows: 176 MB, 209 MB at 50,000).
STAGED_CHUNK = 20_000

_CHUNK = inputs.SELECT + f"FROM {{table}} c {inputs.JOIN_CONTACT} WHERE c.rowid > :after ORDER BY c.rowid LIMIT :limit"
_BRANCHES = "SELECT c.branch_id, count(*) FROM {table} c GROUP BY 1 ORDER BY min(c.rowid)"
# Every stored attempt day of the staged customers (the scoring counts those of its window).
_ATTEMPTS = inputs.ATTEMPT_DAYS.format(
    rows=f"{{table}} c CROSS JOIN contact_state s ON s.customer_id = c.customer_id CROSS JOIN {inputs.ATTEMPT_DAY}"
) + " ORDER BY 1, 2"
# A customers column named in a query (the contact state's are s.*).
_COLUMN_REF = re.compile(r"\bc\.(\w+)")


class StagedInputs:
    """The inputs of staged parts, added in the order they will be inserted: what rescore would read
    once they are in the table, with the same branch indexes (branches in the order first seen).

    `columns` gives each customers column as SQL over a staged row `c` (a column the part lacks as
    its default: CustomerWriter.staged_columns); a staged row's rowid is its rowid in its part.
    """

    def __init__(self, conn, today: dt.date, folder: Path, columns: Mapping[str, str]):
        self.conn, self.today, self.folder, self.columns = conn, today, folder, columns
        self.branches: list = []
        self.counts: list[int] = []   # customers per branch, in the order of branches
        self.files: list[tuple[int, Path]] = []   # (part, file) in the order read
        self.part_rows: list[int] = []   # customers in each part, in the order added
        self.attempts: list[np.ndarray] = []   # each part's inputs.ATTEMPT_DAYS rows, in rowid order
        self.parts = 0
        # Outcomes logged before the customers' first import are rare: without any, no part is searched for them.
        self.attempts_stored = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM contact_state WHERE recent_attempt_days IS NOT NULL)").fetchone()[0]
        inputs.start(conn)

    def add(self, schema: str) -> None:
        """Read the part attached as schema: its new branches first, then its inputs in rowid order."""
        part, self.parts = self.parts, self.parts + 1
        index = {branch: k for k, branch in enumerate(self.branches)}
        new = []
        for branch, n in self.conn.execute(self._sql(_BRANCHES, schema)):
            if branch not in index:
                index[branch] = len(self.branches)
                self.branches.append(branch)
                self.counts.append(0)
                new.append(branch)
            self.counts[index[branch]] += n
        inputs.add_branches(self.conn, new, first=len(self.branches) - len(new))
        sql, after = self._sql(_CHUNK, schema), 0
        self.part_rows.append(0)
        while (block := inputs.read_block(self.conn, self.today, sql, {"after": after, "limit": STAGED_CHUNK})).size:
            path = self.folder / f"inputs-{part}-{len(self.files)}.npy"
            np.save(path, block, allow_pickle=False)
            self.files.append((part, path))
            self.part_rows[part] += len(block)
            after = int(block[-1, 0])
        self.attempts.append(self._attempts(schema))

    def samples(self, caps: Sequence[int]) -> list[dict[str, np.ndarray]]:
        """Each branch's inputs.branch_sample (caps: each one's size at most) as it would be taken once
        the parts are inserted one after the other: found in one pass over the kept rows."""
        picked = [inputs.spread(n, cap) for n, cap in zip(self.counts, caps)]
        seen = np.zeros(len(caps), dtype=np.int64)
        found: list[list[np.ndarray]] = [[] for _ in caps]
        for _, path in self.files:
            block = np.load(path)
            branch = block[:, 1]
            for k in np.unique(branch).tolist():
                rows = np.flatnonzero(branch == k)
                at = picked[k][(picked[k] >= seen[k]) & (picked[k] < seen[k] + rows.size)] - seen[k]
                found[k].append(block[rows[at]])
                seen[k] += rows.size
        return [inputs.columns_of(np.concatenate(rows), self.today) for rows in found]

    def chunks(self) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
        """(the part, the inputs of its next STAGED_CHUNK customers) in rowid order, part after part;
        staged customers have no holdings yet, so no maturities."""
        for part, path in self.files:
            cols = inputs.columns_of(np.load(path), self.today)
            inputs.no_maturities(cols)
            rows = self.attempts[part]
            inputs.put_attempts(cols, rows[(rows[:, 0] >= cols["rowid"][0]) & (rows[:, 0] <= cols["rowid"][-1])])
            yield part, cols

    def _attempts(self, schema: str) -> np.ndarray:
        """The ATTEMPT_DAYS rows of the part attached as schema (none when no attempts are stored)."""
        rows = []
        if self.attempts_stored:
            rows = self.conn.execute(self._sql(_ATTEMPTS, schema),
                                     {"today_jd": inputs.julian_day(self.today), "since": ""}).fetchall()
        return np.array(rows, dtype=np.int64).reshape(-1, 3)

    def finish(self) -> None:
        inputs.finish(self.conn)

    def _sql(self, template: str, schema: str) -> str:
        """A query written over `customers c` made to read the part's staged rows."""
        def column(match: re.Match) -> str:
            name = match.group(1)
            return match.group(0) if name == "rowid" else self.columns[name]

        return _COLUMN_REF.sub(column, template.format(table=f"{schema}.staged"))
