"""What an import is asked to do, and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# The steps an import tells its progress callback about, in the order they come, each as
# progress(step, done, total): total None is a step whose length is not known.
READ = "read"        # bytes of the file read (and, into a table that had customers, loaded)
SCORE = "score"      # customers scored: a fresh import's before they are inserted, else the changed ones
LOAD = "load"        # a fresh import's customers inserted with their scores
INDEX = "index"      # the table's indexes rebuilt after a large load
COMMIT = "commit"    # the transaction written to the database file
STEPS = (READ, SCORE, LOAD, INDEX, COMMIT)
Progress = Callable[[str, int, "int | None"], None]


@dataclass(frozen=True)
class ImportOptions:
    encoding: str | None = None          # None: detect
    delimiter: str | None = None         # None: detect
    mappings: tuple[str, ...] = ()       # 'SOURCE=field' entries
    full: bool = False                   # the file is a full extract of the branches it covers
    dry_run: bool = False                # do everything, then roll back
    yes: bool = False                    # with full: go ahead though it empties much of a branch (see settings)
    batch_size: int = 5000               # rows per batch read row by row (workbooks, UTF-16 text); text goes in blocks
    workers: int | None = None           # reader processes: None decides by file size, 0 none, 1 one


@dataclass
class ImportSummary:
    file_name: str
    sha256: str
    kind: str = ""                       # csv / tsv / xlsx
    encoding: str | None = None
    delimiter: str | None = None
    import_id: int | None = None         # the import_log row (None for a dry run or a repeat)
    already_imported: str | None = None  # when the same file was imported before: its time
    dry_run: bool = False
    full: bool = False
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects_blanked: int = 0             # of the rejected, erased customers' rows: reported without their cells
    inactivated: int = 0
    pooled: int = 0                      # of the inserted, customers with no manager: in their branch's pool
    reactivated: int = 0                 # of the updated, customers who were inactive and are active again
    older_dates: int = 0                 # customers whose last activity or login in the file is before the stored one
    # Marketing consent the file did not give, taken as given (README): new customers of a file with no consent
    # column, and the blank consent cells of a file with one that are stored (not a repeat's, nor an erased customer's,
    # nor a row taken back as a known customer number but for leading zeros).
    consent_assumed: int = 0
    consent_blank: int = 0
    # Open follow-ups of the customers --full made inactive, by owner (left on the agenda: the next extract may
    # list the customers again).
    inactive_followups: dict[str, int] = field(default_factory=dict)
    # On a dry run, the sentence refusing --full without --yes (the import itself would stop with it).
    full_refused: str | None = None
    blank_rows: int = 0
    phones_invalid: int = 0            # the file's customers who cannot be called, changed by it or not
    numbers_switched: int = 0          # customers now called on the extract's other number (a call found theirs bad)
    new_staff: list[str] = field(default_factory=list)
    new_branches: list[str] = field(default_factory=list)
    new_branch_names: dict[str, str] = field(default_factory=dict)   # the names the file gives new branches
    # Names alone in a manager cell that no staff member has -> customers (none given to them: new ones in the
    # pool, known ones kept their manager), in file order.
    unknown_managers: dict[str, int] = field(default_factory=dict)
    # (name in the file, staff id of the code beside it, that staff member's name, customers) where the two names
    # differ: the customers went by the code.
    manager_name_clashes: list[tuple[str, str, str, int]] = field(default_factory=list)
    # Staff marked as left whom the file names as a manager -> how many customers it gives each, in file order;
    # those customers go to the pool, but for leavers_kept, who kept the active manager they had.
    leavers: dict[str, int] = field(default_factory=dict)
    leavers_kept: int = 0
    # Managers the branch took customers from (their latest assignment entry here) whom the file names for them again
    # -> how many: those customers stayed (the file is older than the change), in file order; leavers not among them.
    reassigned_kept: dict[str, int] = field(default_factory=dict)
    # Customers a cover for a leave keeps with a colleague though the file gives them back to the manager away, as
    # (manager away, name, colleague, name, the cover's last day, customers), most first.
    covers_kept: list[tuple[str, str | None, str, str | None, str, int]] = field(default_factory=list)
    erased_kept: list[str] = field(default_factory=list)   # customers erased here whom the file lists: left erased
    # Known customers given another manager (None: the pool), and another branch, as (before, after, customers),
    # most first; the branches they left that have no active customer now, as (id, name); how many customers'
    # stored contact blocks were worked out again under the branch they are in now.
    manager_moves: list[tuple[str | None, str | None, int]] = field(default_factory=list)
    branch_moves: list[tuple[str | None, str | None, int]] = field(default_factory=list)
    emptied_branches: list[tuple[str, str | None]] = field(default_factory=list)
    blocks_rechecked: int = 0
    extract_number: int | None = None    # the customer extracts this database has recorded, this one included
    # Rows rejected since their customer number is a known one but for leading zeros (Excel dropped them), and
    # the first few (number in the file, number known) pairs.
    zero_variants: int = 0
    zero_pairs: list[tuple[str, str]] = field(default_factory=list)
    mapped: dict[str, str] = field(default_factory=dict)   # field -> source header
    unmapped_columns: list[str] = field(default_factory=list)
    unheaded_columns: list[str] = field(default_factory=list)   # columns holding data under no header, by letter
    ignored_columns: list[str] = field(default_factory=list)
    covered_branches: list[str] = field(default_factory=list)
    reject_file: Path | None = None
    uncallable_file: Path | None = None  # the imported customers without a callable number, with why
    # The ids are listed when at most run.ID_LIST_LIMIT customers changed; the counts above always are.
    inserted_ids: list[str] = field(default_factory=list)
    updated_ids: list[str] = field(default_factory=list)
    inactivated_ids: list[str] = field(default_factory=list)
    confirmed_reactivations: int = 0     # reached calls this extract's activity dates confirm
    followups_moved: list[str] = field(default_factory=list)   # pending follow-ups that went with their customer to a new manager
    # Pending call, SMS and WeChat follow-ups cancelled: the file put their customer on do-not-call or withdrew consent.
    followups_cancelled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)   # wall time per phase, for benchmarks

    @property
    def changed_ids(self) -> list[str]:
        """Customers inserted or updated: the ones to rescore."""
        return self.inserted_ids + self.updated_ids

    @property
    def accepted(self) -> int:
        return self.inserted + self.updated + self.unchanged
