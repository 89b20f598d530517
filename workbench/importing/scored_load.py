"""A fresh import's customers scored on a thread of their own while this one inserts them.

An import into an empty customers table scores the staged customers before it inserts them, so each
row is written once, with its scores (scoring.rescore_staged's three steps). The scoring step runs no
SQL, so it runs on a thread of its own and hands the scores over a group of parts at a time, each
group in a scratch file of its own that is closed before it is attached: the connection's thread
inserts one group while the next is scored (a million rows on two cores, medians of six alternating
runs: 6.4 -> 5.4 s).

SQLite attaches at most ten files, and a file read in a transaction stays attached until it ends,
so there are as many groups as the attached parts leave room for, at most SCORE_GROUPS.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from workbench.importing.accept import Acceptor
from workbench.importing.model import LOAD, SCORE, Progress
from workbench.importing.stage import ScoreFile, attach
from workbench.importing.store import CustomerWriter

if TYPE_CHECKING:
    from workbench.scoring import StagedRun
    from workbench.scoring.staged import StagedInputs

# Files of scores at most: more groups let inserting start sooner, but leave fewer attachments for parts.
SCORE_GROUPS = 4
SCHEMA = "import_scores"   # the attached score files are import_scores0, import_scores1, ...


def score_groups(parts: int, groups: int) -> list[list[int]]:
    """The parts 0..parts-1 in order, in at most `groups` runs: the first a single part, so that
    inserting starts soon, the others as even as they come."""
    if parts <= 1 or groups <= 1:
        return [list(range(parts))] if parts else []
    rest, runs = parts - 1, min(groups - 1, parts - 1)
    return [[0], *(list(range(1 + j * rest // runs, 1 + (j + 1) * rest // runs)) for j in range(runs))]


def free_attachments(conn: sqlite3.Connection) -> int:
    """How many more files the connection may attach."""
    attached = sum(1 for row in conn.execute("PRAGMA database_list").fetchall() if row[1] not in ("main", "temp"))
    return conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) - attached


class ScoreGroups:
    """scoring.score_staged's sink: each group's scores go into a file of their own, handed over to
    the connection's thread (next_ready) once the group's last chunk is written. What the scoring
    thread has to tell (progress, a failure) goes the same way, so the import's caller is only ever
    called on its own thread."""

    def __init__(self, folder: Path, groups: list[list[int]], chunks: Counter):
        self.folder = folder
        self.group_of = {part: g for g, parts in enumerate(groups) for part in parts}
        self.left = [sum(chunks[part] for part in parts) for parts in groups]   # chunks still to come
        self._ready: queue.Queue = queue.Queue()
        self._file: ScoreFile | None = None
        self._file_group = -1   # the group the open file holds
        self._next = 0   # the first group not handed over yet
        self._hand_over()   # groups of parts without customers are ready at once

    def add(self, part: int, columns: dict) -> None:
        """On the scoring thread: a chunk of part's scores (stage.ScoreFile.add)."""
        group = self.group_of[part]
        if self._file is None:
            self._file, self._file_group = ScoreFile(self.folder, f"scores-{group}.sqlite"), group
        self._file.add(part, columns)
        self.left[group] -= 1
        self._hand_over()

    def scored(self, done: int) -> None:
        """On either thread: done customers scored, for next_ready to tell."""
        self._ready.put(("scored", done))

    def failed(self, exc: BaseException) -> None:
        """On the scoring thread: it stopped on exc, which next_ready raises."""
        self._ready.put(("failed", exc))

    def ended(self) -> None:
        """On the scoring thread, once every chunk is scored: each group should have been handed over."""
        if self._next < len(self.left):
            self.failed(RuntimeError(f"the import's scoring ended with {len(self.left) - self._next} group(s) "
                                     "of scores not handed over"))

    def next_ready(self, scored: Callable[[int], None]) -> tuple[Path | None, set[int]]:
        """On the connection's thread: the next group's file (None: no customers) and the parts it
        has scores of, once they are all written; meanwhile each count of customers scored goes to
        scored. Raises the scoring thread's error."""
        while True:
            kind, *what = self._ready.get()
            if kind == "group":
                return what[0], what[1]
            if kind == "failed":
                raise what[0]
            scored(what[0])

    def close(self) -> None:
        """After the scoring thread has ended: close a file it left open."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _hand_over(self) -> None:
        while self._next < len(self.left) and not self.left[self._next]:
            if self._file is not None and self._file_group == self._next:
                self._file.finish()
                self._ready.put(("group", self._file.path, set(self._file.tables)))
                self._file = None
            else:
                self._ready.put(("group", None, set()))
            self._next += 1


def score_and_load(conn: sqlite3.Connection, acceptor: Acceptor, writer: CustomerWriter, staged: StagedInputs,
                   today, scratch: Path, progress: Progress) -> None:
    """Score the staged customers (their inputs read as the parts came) as the full rescore after
    loading them would, and insert each part with its scores, a group scored ahead of the one inserted.
    progress is told SCORE up to the first group's customers (until inserting starts), then LOAD."""
    from workbench.scoring import plan_staged, record_staged

    groups = score_groups(len(acceptor.parts), min(SCORE_GROUPS, free_attachments(conn)))
    first = sum(staged.part_rows[part] for part in groups[0]) if groups else 0
    sink = ScoreGroups(scratch, groups, Counter(part for part, _ in staged.files))

    def scored(done: int, total: int) -> None:   # told until the first group is handed over, then inserting is
        if done <= first:
            sink.scored(done)

    run = plan_staged(conn, today, staged, scored)
    stop = threading.Event()
    scorer = threading.Thread(target=_score, args=(run, staged, sink, stop), name="import-scoring", daemon=True)
    scorer.start()
    try:
        loaded, total = 0, sum(staged.part_rows)
        for g, parts in enumerate(groups):
            path, scored_parts = sink.next_ready(lambda done: progress(SCORE, done, first))
            if g == 0:   # after the first group's last SCORE
                progress(LOAD, loaded, total)
            if path is not None:
                attach(conn, path, f"{SCHEMA}{g}")
            for part in parts:   # a part whose every row repeated an earlier one has no scores, and no rows
                loaded += writer.load(acceptor.parts[part], f"{SCHEMA}{g}.scores_{part}" if part in scored_parts else None)
                progress(LOAD, loaded, total)
        if not groups:
            progress(LOAD, loaded, total)
    finally:
        stop.set()   # the thread ends after its chunk; an error here leaves its later groups unread
        scorer.join()
        sink.close()
    record_staged(conn, run, staged)


def _score(run: StagedRun, staged: StagedInputs, sink: ScoreGroups, stop: threading.Event) -> None:
    """The scoring thread's work."""
    from workbench.scoring import score_staged

    try:
        score_staged(run, staged, sink.add, stop)
    except BaseException as exc:   # raised on the connection's thread, where the import is rolled back
        sink.failed(exc)
        return
    if not stop.is_set():
        sink.ended()
