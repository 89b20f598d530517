"""The importing process's side of the producer's messages: the reject report, the counts, the parts.

Rejected rows come with their cells and go to the report; their customer numbers are kept (a full
extract does not inactivate a customer whose row it rejected). A rejected row of an erased customer is reported
with its row and customer numbers alone: its other cells are their personal data, which the reason may quote.
Each finished part is attached and copied in by the writer; the repeats the stager found are quoted at the end
from a second read.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

from workbench.i18n import _
from workbench.importing.rejects import RejectWriter
from workbench.importing.rows import customer_number, unclosed_quote
from workbench.importing.stage import Part, attach
from workbench.importing.store import CustomerWriter

REJECTED = "temp.import_rejected"
# What a rejection's reason quotes of its row (a cell, a number), left out to tell which kinds of problem are common.
_QUOTED = re.compile(r"'[^']*'|“[^”]*”|\"[^\"]*\"|[0-9]+")


class Acceptor:
    """Writes the rejects, counts the rows, and has the writer load each part as it is finished
    (or, for a fresh import that scores the parts before loading them, hands it to `staged`)."""

    def __init__(self, writer: CustomerWriter, id_index: int, header: list[str], reject_path: Path, *,
                 staged: Callable[[str], None] | None = None, sheets: list[str] | None = None):
        self.writer = writer
        self.staged = staged   # takes each attached part's schema instead of the writer (scored first)
        self.conn = writer.conn
        self.id_index = id_index
        self.rejects = RejectWriter(reject_path, header, sheets)
        self.rows_read = self.blank = self.accepted = 0
        self.parts: list[str] = []
        self.unquoted: dict[int, str] = {}   # row number -> reason, for repeats the stager named
        self.erased = writer.erased_ids      # customers erased here, or named by an erasure entry held here
        self.unquoted_erased: dict[int, str] = {}   # of the rows unquoted, those of an erased customer: who
        self.blanked = 0                     # rows reported without their cells, being an erased customer's
        self.blank_consent = 0               # consent cells left blank in the rows staged, read as consent
        self.problems: Counter = Counter()   # each kind of problem (_QUOTED aside): in how many rejected rows
        self.examples: dict[str, str] = {}   # each kind's first problem, as its reason says it
        self.unclosed: list[str] = []        # rejected rows a stray quote took the rows after into, as their reasons say
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS {REJECTED} (customer_id TEXT PRIMARY KEY) WITHOUT ROWID")
        self.conn.execute(f"DELETE FROM {REJECTED}")

    def block(self, rejects: list[tuple[int, str, list]], blank: int, rows: int) -> None:
        """A block's rows as read: rejects reported, their customer numbers kept, blanks counted."""
        self.rows_read += rows
        self.blank += blank
        rejected_ids = []
        for number, reason, cells in rejects:
            # As the row would have stored it (no float's '.0', no invisible character): --full keeps that customer.
            cid = customer_number(cells[self.id_index]) if self.id_index < len(cells) else ""
            erased = cid if cid and self.erased else None
            self._add(number, reason, cells, erased if erased in self.erased else None)
            if (taken := unclosed_quote(cells)) is not None:
                self.unclosed.append(taken)
            if cid:
                rejected_ids.append((cid,))
        if rejected_ids:
            self.conn.executemany(f"INSERT INTO {REJECTED} (customer_id) VALUES (?) ON CONFLICT DO NOTHING", rejected_ids)

    def part(self, part: Part) -> None:
        """Attach a finished part and load it (or hand it to staged); its repeats wait to be quoted."""
        schema = f"import_part{len(self.parts)}"
        attach(self.conn, part.path, schema)
        self.parts.append(schema)
        if self.staged is None:
            self.writer.load(schema)
        else:   # its branches and managers now, while the next part is converted: its load is its insert alone
            self.writer.prepare(schema)
            self.staged(schema)
        self.accepted += part.rows
        self.blank_consent += part.blank_consent
        for number, customer_id in part.repeats:
            self.unquoted[number] = _("customer {id} appears again (first row kept)").format(id=customer_id)
            if customer_id in self.erased:
                self.unquoted_erased[number] = customer_id

    def reject_loaded(self, reasons: dict[int, tuple[str, str]], listed: list[str]) -> None:
        """Rows loaded already and taken back (row number -> (reason, the stored customer the row stands for)),
        quoted at the end with the repeats; listed: the stored customers they stand for, whom --full then does not
        inactivate either. Their blank consent cells are not counted as read as consent: no customer was stored."""
        for number, (reason, stored) in reasons.items():
            self.unquoted[number] = reason
            if stored in self.erased:
                self.unquoted_erased[number] = stored
        self.accepted -= len(reasons)
        if self.blank_consent:   # one read of each part, for the few rows taken back (a part has no index on line)
            lines = json.dumps(list(reasons))
            self.blank_consent -= sum(self.conn.execute(
                f"SELECT count(*) FROM {schema}.staged WHERE consent IS NULL AND line IN (SELECT value FROM json_each(?))",
                (lines,)).fetchone()[0] for schema in self.parts)
        self.conn.executemany(f"INSERT INTO {REJECTED} (customer_id) VALUES (?) ON CONFLICT DO NOTHING",
                              [(customer_id,) for customer_id in listed])

    def quote_repeats(self, rows: Iterator[tuple[int, list]]) -> None:
        """Write the repeats, reading their cells from the file again."""
        for number, cells in rows:
            if not self.unquoted:
                return
            reason = self.unquoted.pop(number, None)
            if reason is not None:
                self._add(number, reason, cells, self.unquoted_erased.get(number))

    def _add(self, number: int, reason: str, cells: list, erased: str | None) -> None:
        """Report a rejected row; one of the erased customer `erased` keeps its row and customer numbers alone, with a
        reason of its own (the row's may quote a cell), since an erased customer's row is never imported anyway."""
        if erased is not None:
            reason = _("customer {id} was erased: the row's other cells and why it was rejected are left out (an erased"
                       " customer's row is never imported)").format(id=erased)
            cells = [cell if i == self.id_index else "" for i, cell in enumerate(cells)]
            self.blanked += 1
        self.rejects.add(number, reason, cells)
        for problem in dict.fromkeys(reason.split(_("; "))):
            kind = _QUOTED.sub("…", problem)
            self.problems[kind] += 1
            self.examples.setdefault(kind, problem)

    def most_common_problem(self) -> tuple[str, int]:
        """The rejected rows' most common kind of problem, as its first row says it, and in how many rows."""
        kind, rows = self.problems.most_common(1)[0]
        return self.examples[kind], rows

    def detach(self) -> None:
        """After the transaction: let the part files go (a part in use cannot be detached before)."""
        for schema in self.parts:
            self.conn.execute(f"DETACH DATABASE {schema}")
        self.parts = []
        self.conn.execute(f"DROP TABLE IF EXISTS {REJECTED}")

    @property
    def covered_branches(self) -> list[str]:
        return sorted(self.writer.covered_branches)

    def close(self, *, keep: bool) -> None:
        self.rejects.close(keep=keep)
