"""Supervisor exports of the outcome log: CSV (UTF-8 with BOM), XLSX or JSONL, one row per outcome.

Each row says which of head office's campaigns the contact counts for, as the report's funnel per campaign counts
it (sync.campaign_funnel), so a campaign can be measured from the terminals' exports. Phones are masked unless a supervisor asks for them; a manager's export covers only their own
customers. XLSX rolls over to a further sheet ("Outcomes 2", ...) past Excel's 1,048,576 rows.
"""

from __future__ import annotations

import csv
import functools
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from workbench import audit, segments
from workbench.access import Staff, known_staff, require_self_or_supervisor, require_supervisor
from workbench.campaigns import PREFIX
from workbench.codes import ERASED_NAME, label, result_label
from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES, N_, gettext, join_list, pgettext
from workbench.phones import mask_phone
from workbench.rules import CORRECTED_BY as CORRECTED_BY_SQL
from workbench.sync.campaign_funnel import counted_for, titles_in
from workbench.sync.cells import FORMULA_STARTS, neutralise
from workbench.sync.files import atomic_path, first_line, may_replace
from workbench.sync.funnel import period
from workbench.sync.period import check_period

FORMATS = ("csv", "xlsx", "jsonl")
# The file name's ending each format is written under: a .xlsx holds a workbook, never CSV text.
EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl"}
EXCEL_MAX_ROWS = 1_048_576
ROWS_PER_SHEET = EXCEL_MAX_ROWS - 1          # the header takes one row
EXCEL_MAX_CELL = 32_767
PROGRESS_EVERY = 10_000

# (key, English header, width in characters); the header goes through the catalogue in the export's sense.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("outcome_id", "Outcome id", 38),
    ("at", "Time", 20),
    ("recorded_at", "Recorded at", 20),
    ("customer_id", "Customer number", 16),
    ("customer_name", "Customer name", 14),
    ("phone", "Phone", 16),
    ("segment", "Segment code", 20),
    ("segment_label", "Segment", 20),
    ("manager_id", "Manager id", 12),
    ("manager_name", "Manager", 12),
    ("channel", "Channel code", 10),
    ("channel_label", "Channel", 10),
    ("line_result", "Line result code", 16),
    ("line_result_label", "Line result", 14),
    ("business_outcome", "Outcome code", 16),
    ("business_outcome_label", "Outcome", 16),
    ("reason", "Reason code", 22),
    ("reason_label", "Dormancy reason", 18),
    ("note", "Note", 40),
    ("script_id", "Script id", 14),
    ("script_label", "Script", 24),
    ("campaign", "Campaign code", 14),        # the campaigns the contact counts for, their ids apart by a space
    ("campaign_label", "Campaign", 24),
    ("supersedes", "Corrects outcome", 38),
    ("corrected_by", "Corrected by", 38),
    ("followup_due_on", "Follow-up due", 13),
    ("followup_slot", "Follow-up time", 10),
    ("followup_status", "Follow-up status code", 12),
    ("followup_status_label", "Follow-up status", 10),
)

CORRECTED_BY = [key for key, _title, _width in COLUMNS].index("corrected_by")
MANAGER_ID = [key for key, _title, _width in COLUMNS].index("manager_id")

# The columns of times and days, which a workbook holds as Excel date-times (so they sort and filter as such): the
# parser of the text stored and the number format shown.
WHEN_COLUMNS = {"at": (datetime.fromisoformat, "yyyy-mm-dd hh:mm:ss"),
                "recorded_at": (datetime.fromisoformat, "yyyy-mm-dd hh:mm:ss"),
                "followup_due_on": (date.fromisoformat, "yyyy-mm-dd"), "followup_slot": (time.fromisoformat, "hh:mm")}

# A follow-up's status as the export labels it (its code is stored in followups.status).
FOLLOWUP_STATUSES = {"open": "Open", "rescheduled": "Rescheduled", "done": "Done", "cancelled": "Cancelled"}

_QUERY = """
SELECT o.outcome_id, o.at, o.recorded_at, o.customer_id, c.name, c.phone_e164, c.phone_ext, o.segment, o.manager_id,
       st.name,
       o.channel, o.line_result, o.business_outcome, o.reason, o.note, o.script_id, sc.title, o.supersedes,
       {corrected_by},
       f.due_on, f.slot, f.status
FROM outcomes o
LEFT JOIN customers c ON c.customer_id = o.customer_id
LEFT JOIN scripts sc ON sc.script_id = o.script_id
LEFT JOIN staff st ON st.staff_id = o.manager_id
LEFT JOIN followups f ON f.followup_id = (
    SELECT fe.followup_id FROM followup_events fe WHERE fe.outcome_id = o.outcome_id
    AND fe.kind IN ('created', 'rescheduled') ORDER BY fe.at DESC LIMIT 1)
WHERE {where}
ORDER BY o.at, o.outcome_id
""".replace("{corrected_by}", CORRECTED_BY_SQL)   # the entry that corrects it, as the rules decide


@dataclass(frozen=True)
class OutcomeFilter:
    since: str | None = None     # date, inclusive
    until: str | None = None     # date, inclusive
    manager_id: str | None = None
    campaign_id: str | None = None   # only the contacts that count for this campaign


@dataclass(frozen=True)
class OutcomeExport:
    path: Path
    format: str
    rows: int
    sheets: int
    corrected: int = 0   # rows of entries corrected later, which the report does not count as contacts
    # A manager's own export holds the contacts with the customers they manage now, whoever logged them (not what the
    # report counts for them: the calls they logged): by_others, the rows in effect other staff logged.
    own_customers: bool = False
    by_others: int = 0


def campaigns_counted(conn: sqlite3.Connection, flt: OutcomeFilter) -> dict[str, tuple[str, ...]]:
    """The campaigns each outcome of flt's period (and manager) counts for, as the report counts them: its id -> the
    campaigns' ids; a corrected entry, as any that counts for none, is left out."""
    return counted_for(conn, period(flt.since, flt.until), manager_id=flt.manager_id)


def _where(flt: OutcomeFilter, staff: Staff, counted: dict[str, tuple[str, ...]]) -> tuple[str, list]:
    clauses, args = ["1 = 1"], []
    if flt.since:
        clauses.append("o.at >= ?")
        args.append(flt.since)
    if flt.until:
        clauses.append("o.at <= ?")
        args.append(flt.until + "T99")   # every time of that day sorts below 'T99'
    if flt.manager_id:
        clauses.append("o.manager_id = ?")
        args.append(flt.manager_id)
    if flt.campaign_id is not None:
        clauses.append("o.outcome_id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps([oid for oid, ids in counted.items() if flt.campaign_id in ids]))
    if not staff.is_supervisor:
        clauses.append("c.manager_id = ?")
        args.append(staff.staff_id)
    return " AND ".join(clauses), args


def count_outcomes(conn: sqlite3.Connection, flt: OutcomeFilter, staff: Staff,
                   counted: dict[str, tuple[str, ...]] | None = None) -> int:
    """How many rows outcome_rows gives; counted: campaigns_counted's answer when already at hand."""
    where, args = _where(flt, staff, campaigns_counted(conn, flt) if counted is None else counted)
    return conn.execute(
        f"SELECT count(*) FROM outcomes o LEFT JOIN customers c ON c.customer_id = o.customer_id WHERE {where}", args
    ).fetchone()[0]


def outcome_rows(conn: sqlite3.Connection, flt: OutcomeFilter, staff: Staff, *, lang: str | None = None,
                 include_phone: bool = False, counted: dict[str, tuple[str, ...]] | None = None) -> Iterator[tuple]:
    """The export rows in COLUMNS order; text as stored (None for missing values). counted: campaigns_counted's
    answer when already at hand."""
    counted = campaigns_counted(conn, flt) if counted is None else counted
    where, args = _where(flt, staff, counted)
    labels: dict[str | None, str | None] = {None: None}
    masks: dict[str | None, str | None] = {None: None}

    def lab(code):
        if code not in labels:
            labels[code] = label(code, lang)
        return labels[code]

    segment_label = functools.cache(lambda code: code and segments.label(code, lang))   # each segment's once
    # As the channel says it, as the outcome form, the card and the report do: an SMS's no_answer is "sent, no reply".
    line_label = functools.cache(lambda line, channel: line and result_label(line, channel, lang))
    erased = gettext(ERASED_NAME, lang)   # an erased customer's placeholder name, in the export's language as its labels
    titles = titles_in(conn, lang)
    # The campaigns by their titles in the export's language, a campaign not imported here by its id (as the report
    # names it); each set once.
    campaign_label = functools.cache(lambda ids: join_list([titles.get(c) or c for c in ids], lang) or None)

    def shown(phone, ext):
        # In full with its extension as tel: URIs write it; masked, the number alone (each once: one
        # customer appears on many rows).
        if include_phone:
            return f"{phone};ext={ext}" if phone and ext else phone
        if phone not in masks:
            masks[phone] = mask_phone(phone) or None
        return masks[phone]

    for (oid, at, recorded, cid, name, phone, ext, segment, mid, mname, channel, line, business, reason, note, script,
         title, supersedes, corrected_by, due, slot, status) in conn.execute(_QUERY.format(where=where), args):
        # The segment the customer was in when the contact was logged; the script's title as the managers saw it,
        # the id alone when the script has since been removed; the entry that corrected this one, if any (the latest,
        # as the card shows it), so that each row says whether it still counts.
        campaign_ids = counted.get(oid, ())
        yield (oid, at, recorded, cid, erased if name == ERASED_NAME else name, shown(phone, ext), segment, segment_label(segment),
               mid, mname, channel, lab(channel), line, line_label(line, channel),
               business, lab(business), reason, lab(reason), note, script, title or script,
               " ".join(campaign_ids) or None, campaign_label(campaign_ids), supersedes, corrected_by,
               due, slot, status,
               status and pgettext("follow-up status", FOLLOWUP_STATUSES.get(status, status), lang))


def header(title: str, lang: str | None) -> str:
    return pgettext("export", title, lang)


def headers(lang: str | None) -> list[str]:
    return [header(title, lang) for _key, title, _width in COLUMNS]


def export_format(out: str | Path, fmt: str | None = None) -> str:
    """The format out is written in: the one its extension names (.csv, .xlsx, .jsonl); fmt, when given, must
    agree with it, so no file's name says one format while it holds another."""
    if fmt is not None and fmt.lower() not in FORMATS:
        raise WorkbenchError(gettext("Unknown export format {fmt!r}; use one of: {formats}.").format(
            fmt=fmt, formats=", ".join(FORMATS)))
    if Path(out).is_dir():   # a folder is said as such, whatever its name ends in
        raise WorkbenchError(gettext("{target} is a folder; give a file name with --out.").format(target=out))
    name = Path(out).name
    named = EXTENSIONS.get(Path(out).suffix.lower())
    if named is None:
        raise WorkbenchError(gettext("{name} does not end in .csv, .xlsx or .jsonl; name the file after the format"
                                     " to write.").format(name=name))
    if fmt is not None and fmt.lower() != named:
        raise WorkbenchError(gettext("--format {fmt} does not match {name}, which names a {named} file; end the name"
                                     " in .{fmt}, or leave --format out.").format(fmt=fmt.lower(), name=name,
                                                                                  named=named))
    return named


def is_outcome_export(path: Path) -> bool:
    """The file is an earlier outcome export, in the format its name says and in any interface language: a CSV whose
    header starts with our first columns, a JSONL file whose first line has our keys, a workbook whose first sheet is
    our outcomes sheet. It may then be replaced by a new export."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt == "csv":
        row = next(csv.reader([first_line(path).decode("utf-8-sig")]), [])
        return any(row[:2] == [header("Outcome id", lang), header("Time", lang)] for lang in LANGUAGES)
    if fmt == "jsonl":
        entry = json.loads(first_line(path).decode("utf-8"))
        return isinstance(entry, dict) and {"outcome_id", "customer_id", "line_result"} <= set(entry)
    if fmt == "xlsx":
        import re
        import zipfile

        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as book:
            if "xl/workbook.xml" not in book.namelist():
                return False
            sheets = re.findall(r'<sheet [^>]*name="([^"]*)"', book.read("xl/workbook.xml").decode("utf-8"))
        return bool(sheets) and sheets[0] in {header("Outcomes", lang) for lang in LANGUAGES}
    return False


def export_outcomes(conn: sqlite3.Connection, out: str | Path, *, staff: Staff, now: datetime,
                    fmt: str | None = None, flt: OutcomeFilter = OutcomeFilter(), include_phone: bool = False,
                    lang: str | None = None, progress: Callable[[int, int], None] | None = None,
                    rows_per_sheet: int = ROWS_PER_SHEET, force: bool = False) -> OutcomeExport:
    """Write the outcomes matching flt to out (atomically) in the format its extension names (see export_format)
    and record the export in the audit log. A file at out that is not an earlier outcome export is refused unless
    force."""
    fmt = export_format(out, fmt)
    # The period's one check, before anything is read or written: each date one, the first day not after the last,
    # nor (with no last day) after today, which would select nothing.
    check_period(flt.since, flt.until, now.date())
    may_replace(out, ours=is_outcome_export, kind=N_("outcome export"), force=force)
    if include_phone:
        require_supervisor(conn, staff, N_("export full phone numbers"), at=now)
    if flt.campaign_id is not None:
        known_campaign(conn, flt.campaign_id)
    if flt.manager_id is not None:
        known_staff(conn, flt.manager_id)   # a mistyped id is said as such, not written as an empty file
        # Another manager's outcomes are refused (and the attempt audited) as the call list and log refuse them.
        require_self_or_supervisor(conn, staff, flt.manager_id, N_("export outcomes"), at=now)
    counted = campaigns_counted(conn, flt)   # worked out once, for the count and the rows
    total = count_outcomes(conn, flt, staff, counted)
    rows = _Counted(outcome_rows(conn, flt, staff, lang=lang, include_phone=include_phone, counted=counted), total,
                    progress or (lambda done, total: None), staff.staff_id)
    writer = {"csv": _write_csv, "xlsx": _write_xlsx, "jsonl": _write_jsonl}[fmt]
    with atomic_path(out) as tmp:
        sheets = writer(tmp, rows, lang=lang, rows_per_sheet=rows_per_sheet)
        written = rows.n
        conn.execute("BEGIN IMMEDIATE")
        try:
            audit.record(conn, "export", at=now, actor=staff.staff_id, subject=Path(out).name, detail={
                "kind": "outcomes", "format": fmt, "rows": written, "corrected": rows.corrected,
                "include_phone": include_phone,
                "since": flt.since, "until": flt.until, "manager": flt.manager_id, "campaign": flt.campaign_id,
            })
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return OutcomeExport(Path(out), fmt, written, sheets, rows.corrected, not staff.is_supervisor, rows.by_others)


def known_campaign(conn: sqlite3.Connection, campaign_id: str) -> None:
    """A campaign id this terminal knows, imported here or named by a follow-up (one another desk's bundle brought);
    a mistyped one is refused in one sentence rather than written as an empty file."""
    if conn.execute("SELECT 1 FROM campaigns WHERE campaign_id = ? UNION ALL SELECT 1 FROM followups"
                    " WHERE purpose = ? LIMIT 1", (campaign_id, PREFIX + campaign_id)).fetchone() is None:
        raise WorkbenchError(gettext("No campaign {id} here: it was never imported on this terminal (campaigns list"
                                     " --all) and no follow-up names it.").format(id=campaign_id))


class _Counted:
    """Passes rows through, counting them (those corrected later, and those in effect that staff other than the
    exporter logged) and reporting progress every PROGRESS_EVERY rows."""

    def __init__(self, rows, total: int, report, exporter: str):
        self.rows, self.total, self.report, self.n, self.corrected = rows, total, report, 0, 0
        self.exporter, self.by_others = exporter, 0

    def __iter__(self):
        for row in self.rows:
            yield row
            self.n += 1
            if row[CORRECTED_BY] is not None:
                self.corrected += 1
            elif row[MANAGER_ID] != self.exporter:
                self.by_others += 1
            if self.n % PROGRESS_EVERY == 0:
                self.report(self.n, self.total)
        self.report(self.n, self.total)


def _write_csv(path: Path, rows: _Counted, *, lang, rows_per_sheet) -> int:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(map(neutralise, headers(lang)))
        writer.writerows([neutralise(v) if v is not None else "" for v in row] for row in rows)
    return 1


def _write_jsonl(path: Path, rows: _Counted, *, lang, rows_per_sheet) -> int:
    keys = [key for key, _title, _width in COLUMNS]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json.dumps(dict(zip(keys, row)), ensure_ascii=False) + "\n" for row in rows)
    return 1


def _write_xlsx(path: Path, rows: _Counted, *, lang, rows_per_sheet) -> int:
    import xlsxwriter

    # constant_memory streams each row to disk: memory stays flat however many rows are written.
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    # Text a spreadsheet would read as a formula once the cell is edited (=, +, -, @): marked as text (Excel's leading
    # apostrophe, not part of the value), so editing a note and pressing Enter does not run it.
    as_text = workbook.add_format({"quote_prefix": True})
    # Column index: (parser, format) of the times and days; a text no parser reads stays text, as stored.
    when = {col: (parse, workbook.add_format({"num_format": shown}))
            for col, (key, _title, _width) in enumerate(COLUMNS) if key in WHEN_COLUMNS
            for parse, shown in [WHEN_COLUMNS[key]]}
    title = header("Outcomes", lang)
    sheet, sheets, r = None, 0, 0
    try:
        for row in rows:
            if sheet is None or r > rows_per_sheet:
                sheets += 1
                sheet = _new_sheet(workbook, title if sheets == 1 else f"{title} {sheets}", headers(lang), bold)
                r = 1
            for col, value in enumerate(row):
                if value is None:
                    continue
                if col in when and (moment := _moment(when[col][0], value)) is not None:
                    sheet.write_datetime(r, col, moment, when[col][1])
                elif sheet.write_string(r, col, value, as_text if value[:1] in FORMULA_STARTS else None) == -2:
                    raise WorkbenchError(gettext(
                        "A {column} of outcome {outcome} is longer than the {limit:,} characters an Excel cell holds;"
                        " export it as CSV or JSONL instead.", lang).format(
                        column=header(COLUMNS[col][1], lang).lower(), outcome=row[0], limit=EXCEL_MAX_CELL))
            r += 1
        if sheet is None:
            sheets = 1
            _new_sheet(workbook, title, headers(lang), bold)
    finally:
        workbook.close()
    return sheets


def _moment(parse, text: str):
    """The date, time or date-time text stores, or None for a text parse cannot read (or that names a time zone,
    which a workbook cannot hold): that is written as text."""
    try:
        moment = parse(text)
    except ValueError:
        return None
    return moment if getattr(moment, "tzinfo", None) is None else None


def _new_sheet(workbook, name: str, header: list[str], bold):
    from rich.cells import cell_len

    sheet = workbook.add_worksheet(name)
    before = None
    for col, ((_key, _title, width), text) in enumerate(zip(COLUMNS, header)):
        # Wide enough for its bold header in either language too (a Chinese character takes two cells). A column
        # as wide as the one before it is made a character wider: xlsxwriter joins such neighbours into one span,
        # whose later columns some readers (openpyxl) take for columns of no width of their own.
        width = max(width, cell_len(text) + 2)
        width += width == before
        sheet.set_column(col, col, width)
        before = width
    for col, text in enumerate(header):
        sheet.write_string(0, col, text, bold)
    sheet.freeze_panes(1, 0)
    return sheet
