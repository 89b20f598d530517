"""`workbench sample`: a deterministic, realistic branch written atomically, and the committed sample."""

from __future__ import annotations

import csv
import re
import sqlite3
import uuid
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import phonenumbers
import pytest

import workbench.sample as sample_module
from workbench import codes
from workbench.db import SCHEMA_VERSION, open_db
from workbench.db.followups import replay
from workbench.holidays import is_working_day
from workbench.importing.run import import_customers
from workbench.phones import normalise_phone
from workbench.rules import BAD_NUMBER_PREFIX
from workbench.sample import DEFAULT_CUSTOMERS, DEFAULT_SEED, DEFAULT_TODAY, generate_sample
from workbench.sample.customers import COLUMNS as CUSTOMER_COLUMNS
from workbench.sample.names import SURNAMES, gender_of_given
from workbench.settings import DEFAULTS
from workbench.sync.reactivation import DORMANT_SEGMENTS

TODAY = DEFAULT_TODAY
REPO = Path(__file__).resolve().parent.parent
# The tables the generator writes (schema_migrations holds the wall-clock time of each migration).
DATA_TABLES = ("meta", "branches", "staff", "customers", "holdings", "outcomes", "followup_events", "followups",
               "campaigns")


def _rows(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    generate_sample(path)
    return path


@pytest.fixture(scope="module")
def conn(sample_path):
    c = sqlite3.connect(sample_path)
    yield c
    c.close()


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


# --- determinism -------------------------------------------------------------------------------

def test_same_arguments_same_rows(sample_path, tmp_path):
    again = tmp_path / "again.sqlite"
    generate_sample(again)
    for table in DATA_TABLES:
        assert _rows(again, table) == _rows(sample_path, table), table


def test_other_seed_other_rows(sample_path, tmp_path):
    other = tmp_path / "other.sqlite"
    generate_sample(other, seed=DEFAULT_SEED + 1)
    assert _rows(other, "customers") != _rows(sample_path, "customers")
    assert _rows(other, "branches") == _rows(sample_path, "branches")


def test_worker_processes_do_not_change_the_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(sample_module, "CHUNK", 700)   # three batches
    alone, shared = tmp_path / "alone.sqlite", tmp_path / "shared.sqlite"
    generate_sample(alone, customers=2000, workers=0)
    generate_sample(shared, customers=2000, workers=2)
    for table in DATA_TABLES:
        assert _rows(alone, table) == _rows(shared, table), table
    assert len({r[0] for r in _rows(alone, "customers")}) == 2000


# --- the file ----------------------------------------------------------------------------------

def test_file_is_a_complete_current_database(sample_path, conn):
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not Path(f"{sample_path}-wal").exists()
    assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION
    assert sample_path.stat().st_mode & 0o077 == 0


def test_indexes_are_those_of_the_migrations(conn, fresh_db):
    query = "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
    assert conn.execute(query).fetchall() == fresh_db.execute(query).fetchall()


def test_meta_records_terminal_and_arguments(conn):
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert uuid.UUID(meta["terminal_id"]).version == 4
    assert meta["sample.seed"] == str(DEFAULT_SEED)
    assert meta["sample.today"] == TODAY.isoformat()
    assert meta["sample.customers"] == str(DEFAULT_CUSTOMERS)


# --- organisation and customers ---------------------------------------------------------------

def test_branch_structure_and_staff(conn):
    levels = Counter(level for (level,) in conn.execute("SELECT level FROM branches"))
    assert levels == {"bank": 1, "branch": 1, "sub_branch": 2}
    subs = conn.execute("SELECT b.name, p.level FROM branches b JOIN branches p ON p.branch_id = b.parent_id"
                        " WHERE b.level = 'sub_branch'").fetchall()
    assert all(parent == "branch" and "分理处" in name for name, parent in subs)
    staff = conn.execute("SELECT staff_id, name, role FROM staff ORDER BY staff_id").fetchall()
    assert [s[0] for s in staff] == ["M00%d" % i for i in range(1, 9)] + ["S001"]
    assert Counter(s[2] for s in staff) == {"manager": 8, "supervisor": 1}
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", s[1]) for s in staff)


def test_customers_spread_over_managers_and_pool(conn):
    per = dict(conn.execute("SELECT coalesce(manager_id, '-'), count(*) FROM customers GROUP BY 1"))
    assert sum(per.values()) == DEFAULT_CUSTOMERS
    assert 20 <= per.pop("-") <= 80                      # a few dozen unassigned
    assert set(per) == {"M00%d" % i for i in range(1, 9)}
    assert min(per.values()) > 300
    mismatched = conn.execute("SELECT count(*) FROM customers c JOIN staff s ON s.staff_id = c.manager_id"
                              " WHERE s.branch_id != c.branch_id").fetchone()[0]
    assert mismatched == 0


def test_names_are_chinese_and_match_gender(conn):
    surnames = sorted((s for s, _ in SURNAMES), key=len, reverse=True)
    rows = conn.execute("SELECT name, gender FROM customers").fetchall()
    for name, gender in rows:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name), name
        surname = next(s for s in surnames if name.startswith(s))
        assert gender in gender_of_given(name[len(surname):]), name
    top = Counter(name[0] for name, _ in rows).most_common(3)
    assert {s for s, _ in top} <= {"王", "李", "张", "刘"}
    assert 0.4 < sum(g == "M" for _, g in rows) / len(rows) < 0.6


def test_phones_messy_but_normalised_truthfully(conn):
    rows = conn.execute("SELECT phone_raw, phone_e164, phone_valid, phone_kind, phone_problem, phone_ext FROM customers").fetchall()
    kinds = Counter((kind, valid) for _, _, valid, kind, _, _ in rows)
    assert kinds[("mobile", 1)] / len(rows) > 0.9
    assert kinds[("landline", 1)] >= 50
    assert sum(1 for r in rows if not r[2]) >= 100
    for raw, e164, valid, kind, problem, ext in rows:
        if (problem or "").startswith(BAD_NUMBER_PREFIX):   # as imported, before a call found the number bad
            valid, problem = 1, None
        # The sample stores what the importer would, word for word: the cell trimmed, its reason, its kind.
        assert raw is None or (raw and raw == raw.strip()), raw
        assert normalise_phone(raw) == (e164, valid, kind, problem, ext), raw
        if valid:
            main = re.sub(r"(转|-)" + ext + "$", "", raw) if ext else raw   # phonenumbers does not read 转
            parsed = phonenumbers.parse(main, "CN")
            assert phonenumbers.is_valid_number(parsed), raw
            assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == e164
            assert problem is None
        else:
            assert e164 is None and problem and ext is None
            if raw:
                assert not phonenumbers.is_valid_number(phonenumbers.parse(raw, "CN")), raw
    raws = [r[0] for r in rows if r[2] and r[3] == "mobile"]
    assert any(" " in r.strip() for r in raws) and any("-" in r for r in raws)
    assert any(r.startswith("+86") for r in raws) and any(r.startswith("0086") for r in raws)
    landlines = [r for r in rows if r[3] == "landline"]
    assert any(re.match(r"0\d{2,3}-\d{7,8}$", r[0]) for r in landlines)
    # Some are reached through a switchboard, written both ways.
    assert any(re.match(r"0\d{2,3}-\d{7,8}-\d{3}$", r[0]) for r in landlines)
    assert any("转" in r[0] for r in landlines)
    assert 0.1 < sum(1 for r in landlines if r[5]) / len(landlines) < 0.35


def test_birthdays_ages_and_new_customers(conn):
    rows = conn.execute("SELECT birthday, opened_on FROM customers").fetchall()
    soon = 0
    for birthday, opened in rows:
        born = date.fromisoformat(birthday)
        age = (TODAY - born).days / 365.25
        assert 18 <= age < 94
        assert born < date.fromisoformat(opened) <= TODAY
        this_year = born.replace(year=TODAY.year) if (born.month, born.day) != (2, 29) else date(TODAY.year, 3, 1)
        if this_year < TODAY:
            this_year = this_year.replace(year=TODAY.year + 1)
        soon += (this_year - TODAY).days <= 7
    assert soon >= 30
    new = sum((TODAY - date.fromisoformat(o)).days < 90 for _, o in rows)
    assert 0.03 < new / len(rows) < 0.1


def test_aum_covers_every_tier_and_some_downgrades(conn):
    lines = DEFAULTS["tiers.lines_fen"]

    def tier(fen):
        return sum(fen >= line for line in lines)

    rows = conn.execute("SELECT aum_fen, aum_peak_fen FROM customers").fetchall()
    tiers = Counter(tier(a) for a, _ in rows)
    assert set(tiers) == {0, 1, 2, 3, 4}
    assert tiers[0] > tiers[1] > tiers[2] > tiers[3] >= 1      # long-tailed
    assert all(isinstance(a, int) and isinstance(p, int) and 0 <= a <= p for a, p in rows)
    assert sum(tier(p) > tier(a) for a, p in rows) >= 200


def test_holdings_add_up_to_aum_and_mature_soon(conn):
    mismatched = conn.execute(
        "SELECT count(*) FROM customers c LEFT JOIN (SELECT customer_id, sum(balance_fen) s FROM holdings"
        " GROUP BY customer_id) h USING (customer_id) WHERE coalesce(h.s, -1) != c.aum_fen").fetchone()[0]
    assert mismatched == 0
    types = dict(conn.execute("SELECT product_type, count(*) FROM holdings GROUP BY 1"))
    assert set(types) == {"demand", "time_deposit", "wealth", "fund", "insurance", "gold"}
    maturities = [date.fromisoformat(m) for (m,) in conn.execute("SELECT maturity_on FROM holdings WHERE maturity_on IS NOT NULL")]
    assert all(m > TODAY for m in maturities)
    assert sum(14 <= (m - TODAY).days <= 42 for m in maturities) >= 100
    assert sum((m - TODAY).days <= 14 for m in maturities) >= 50
    assert conn.execute("SELECT count(*) FROM holdings WHERE maturity_on IS NOT NULL AND opened_on >= maturity_on").fetchone()[0] == 0


def test_activity_histories_dormant_and_active(conn):
    rows = conn.execute("SELECT opened_on, first_activity_on, last_activity_on, activity_count_12m, last_login_on"
                        " FROM customers").fetchall()
    idle = []
    for opened, first, last, count, login in rows:
        if first is None:
            assert last is None and count == 0
            continue
        assert opened <= first <= last <= TODAY.isoformat()
        days = (TODAY - date.fromisoformat(last)).days
        idle.append(days)
        assert (count > 0) == (days <= 365)
        if login is not None:
            assert opened <= login <= TODAY.isoformat()
    share = lambda cond: sum(map(cond, idle)) / len(rows)  # noqa: E731
    assert share(lambda d: d <= 30) > 0.2                # active
    assert share(lambda d: 365 <= d <= 3 * 365) > 0.08   # clearly dormant, 1-3 years
    assert share(lambda d: d > 180) > 0.3
    counts = sorted(r[3] for r in rows)
    assert counts[len(counts) * 9 // 10] >= 10           # some transact a lot
    assert sum(r[4] is None for r in rows) > 0.1 * len(rows)


def test_flags_risk_and_tags(conn):
    dnc, no_consent = conn.execute("SELECT sum(do_not_call), sum(consent = 0) FROM customers").fetchone()
    assert 50 <= dnc <= 300 and 80 <= no_consent <= 300
    assert {r for (r,) in conn.execute("SELECT DISTINCT risk_level FROM customers WHERE risk_level IS NOT NULL")} == \
        {"R1", "R2", "R3", "R4", "R5"}
    tags = Counter(t for (text,) in conn.execute("SELECT tags FROM customers") for t in text.split(",") if t)
    for tag in ("老年客户", "代发工资", "理财偏好", "基金浏览", "贵金属浏览"):
        assert tags[tag] >= 20, tag
    elderly = conn.execute("SELECT count(*) FROM customers WHERE tags LIKE '%老年客户%' AND birthday > ?",
                           ((TODAY - timedelta(days=60 * 365)).isoformat(),)).fetchone()[0]
    assert elderly == 0


# --- past calls and follow-ups ----------------------------------------------------------------

@pytest.fixture(scope="module")
def outcomes(conn):
    cols = [d[1] for d in conn.execute("PRAGMA table_info(outcomes)")]
    return [dict(zip(cols, r)) for r in conn.execute("SELECT * FROM outcomes ORDER BY at, outcome_id")]


def test_outcomes_follow_a_realistic_funnel(outcomes):
    assert 3000 <= len(outcomes) <= 8000
    lines = Counter(o["line_result"] for o in outcomes)
    assert lines.most_common(1)[0][0] == "no_answer"
    assert 0.30 <= lines["reached"] / len(outcomes) <= 0.42
    business = Counter(o["business_outcome"] for o in outcomes if o["business_outcome"])
    assert set(business) <= set(codes.BUSINESS_OUTCOMES)
    assert {"not_interested", "interested", "appointment", "reactivated", "complaint"} <= set(business)
    assert business["complaint"] < business["interested"] < business["not_interested"]
    assert all(o["business_outcome"] is None for o in outcomes if o["line_result"] != "reached")
    assert set(lines) <= set(codes.LINE_RESULTS)
    assert {o["reason"] for o in outcomes if o["reason"]} <= set(codes.DORMANCY_REASONS)
    assert sum(o["reason"] is not None for o in outcomes) > 300
    chinese_notes = [o["note"] for o in outcomes if re.search(r"[\u4e00-\u9fff]", o["note"])]
    assert 200 < len(chinese_notes) < len(outcomes) / 2
    channels = Counter(o["channel"] for o in outcomes)
    assert set(channels) <= set(codes.CHANNELS) and channels["phone"] / len(outcomes) > 0.85


def test_outcomes_times_ids_and_terminal(conn, outcomes):
    terminal = conn.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()[0]
    ids = {o["outcome_id"] for o in outcomes}
    assert len(ids) == len(outcomes)
    days = set()
    for o in outcomes:
        assert uuid.UUID(o["outcome_id"]).version == 4
        assert o["terminal_id"] == terminal
        at = datetime.fromisoformat(o["at"])
        assert "09:00:00" <= o["at"][11:] < "20:00:00"
        assert is_working_day(at.date())   # the statutory calendar's: Saturday 10 October 2026 was worked
        assert TODAY - timedelta(days=60) <= at.date() < TODAY
        assert o["recorded_at"] >= o["at"]
        assert o["supersedes"] is None or o["supersedes"] in ids
        days.add(at.date())
    assert len(days) >= 35


def test_calls_respect_the_contact_rules(conn, outcomes):
    owner = dict(conn.execute("SELECT customer_id, manager_id FROM customers"))
    # Callable when called: a number the calls found bad is marked since, as the workbench marks it.
    callable_ = {cid for (cid,) in conn.execute(
        "SELECT customer_id FROM customers WHERE (phone_valid = 1 OR phone_problem LIKE 'Last call result: %')"
        " AND consent = 1 AND active = 1")}
    history = defaultdict(list)
    for o in outcomes:
        assert owner[o["customer_id"]] == o["manager_id"]
        assert o["customer_id"] in callable_
        if o["supersedes"] is None:
            history[o["customer_id"]].append(o)
    for calls in history.values():
        days = [_day(c["at"]) for c in calls]
        for i, day in enumerate(days):
            assert sum(day - timedelta(days=7) < d <= day for d in days[: i + 1]) <= 3
        for i, call in enumerate(calls[:-1]):
            later = _day(calls[i + 1]["at"])
            if call["business_outcome"] in ("do_not_call", "reactivated") or call["line_result"] in codes.UNREACHABLE_NUMBER:
                pytest.fail(f"called again after {call['business_outcome'] or call['line_result']}")
            if call["business_outcome"] == "not_interested":
                assert (later - _day(call["at"])).days >= 30
    last_call = {cid: calls[-1]["line_result"] for cid, calls in history.items()}
    bad = {cid for cid, result in last_call.items() if result in codes.UNREACHABLE_NUMBER}
    marked = {cid for (cid,) in conn.execute(
        "SELECT customer_id FROM customers WHERE phone_valid = 0 AND phone_problem LIKE 'Last call result: %'")}
    assert bad and marked == bad   # the number a call found bad is not offered again
    asked = {o["customer_id"] for o in outcomes if o["business_outcome"] == "do_not_call"}
    flagged = {cid for (cid,) in conn.execute("SELECT customer_id FROM customers WHERE do_not_call = 1")}
    assert asked and asked <= flagged
    # Each flag says where it came from, as the workbench would have recorded it: a correction lifts only the log's.
    sources = dict(conn.execute("SELECT customer_id, do_not_call_source FROM customers WHERE do_not_call = 1"))
    assert {cid for cid, source in sources.items() if source == "outcome"} == asked
    assert {source for cid, source in sources.items() if cid not in asked} == {"extract"}


def test_reactivated_customers_became_active(conn, outcomes):
    woken = {o["customer_id"]: _day(o["at"]) for o in outcomes if o["business_outcome"] == "reactivated"}
    assert woken
    for cid, day in woken.items():
        last, count = conn.execute("SELECT last_activity_on, activity_count_12m FROM customers WHERE customer_id = ?",
                                   (cid,)).fetchone()
        assert date.fromisoformat(last) >= day and count >= 1


def test_reactivations_the_sample_implies_are_already_credited(sample_path, conn, outcomes, tmp_path):
    credited = dict(conn.execute("SELECT outcome_id, activity_on FROM reactivations"))
    woken = {o["outcome_id"] for o in outcomes if o["business_outcome"] == "reactivated"}
    asleep = {o["outcome_id"] for o in outcomes if o["segment"] in DORMANT_SEGMENTS}   # only a dormant customer wakes
    assert woken & asleep and woken & asleep <= set(credited) <= asleep
    # So an extract that touches none of the sample's customers credits nothing as news.
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(sample_path.read_bytes())
    extract = tmp_path / "new.csv"
    extract.write_text("客户号,姓名\n9900000001,新客户\n", encoding="utf-8")
    db = open_db(copy)
    summary = import_customers(db.conn, extract, now=datetime(2026, 11, 21, 9))
    db.close()
    assert summary.inserted == 1 and summary.confirmed_reactivations == 0
    assert _rows(copy, "reactivations") == _rows(sample_path, "reactivations")


# A head office extract of the sample's customers: each header as such extracts name it, and the sample's value
# under it. A do-not-call flag a call set is the branch's record, which no extract carries.
_EXTRACT = {
    "客户号": "customer_id", "姓名": "name", "性别": "gender", "出生日期": "birthday", "手机号": "phone_raw",
    "客户经理号": "manager_id", "所属机构": "branch_id", "资产余额": "printf('%.2f', aum_fen / 100.0)",
    "峰值资产": "iif(aum_peak_fen IS NULL, NULL, printf('%.2f', aum_peak_fen / 100.0))", "开户日期": "opened_on",
    "首次交易日期": "first_activity_on", "最近交易日期": "last_activity_on", "最近登录日期": "last_login_on",
    "近12个月交易次数": "activity_count_12m", "风险等级": "risk_level",
    "是否拒绝营销": "iif(do_not_call_source IS 'extract', 1, 0)", "营销授权": "consent", "标签": "tags",
}


def test_reimporting_the_samples_own_customers_unchanged_updates_none(sample_path, tmp_path):
    """The sample stores each phone as an import of it would (it once gave its own reasons, "too few digits for a
    phone number" where the importer says "a local landline number without its area code", and kept the spaces
    around a number the importer trims), so its customers read back from an extract change nothing."""
    source = sqlite3.connect(sample_path)
    rows = source.execute(f"SELECT {', '.join(_EXTRACT.values())} FROM customers WHERE active = 1"
                          " ORDER BY customer_id").fetchall()
    source.close()
    extract = tmp_path / "extract.csv"
    with extract.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(_EXTRACT)
        writer.writerows(["" if value is None else value for value in row] for row in rows)
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(sample_path.read_bytes())
    db = open_db(copy)
    summary = import_customers(db.conn, extract, now=datetime(2026, 11, 21, 9))
    db.close()
    assert (summary.inserted, summary.updated, summary.rejected) == (0, 0, 0) and len(rows) > 4900
    assert _rows(copy, "customers") == _rows(sample_path, "customers")


def test_open_follow_ups_overdue_today_and_this_week(sample_path, conn):
    rows = conn.execute("SELECT f.due_on, f.owner_id, c.manager_id, f.status FROM followups f"
                        " JOIN customers c USING (customer_id)").fetchall()
    assert all(owner == manager for _, owner, manager, _ in rows)
    open_due = [date.fromisoformat(d) for d, _, _, s in rows if s in ("open", "rescheduled")]
    assert sum(d < TODAY for d in open_due) >= 5
    assert sum(d == TODAY for d in open_due) >= 5
    assert sum(TODAY < d <= TODAY + timedelta(days=7) for d in open_due) >= 20
    statuses = Counter(s for *_, s in rows)
    assert statuses["done"] > statuses["open"] > 0 and statuses["cancelled"] > 0
    # The table is exactly what replaying the events gives.
    copy = sqlite3.connect(":memory:")
    conn.backup(copy)
    before = copy.execute("SELECT * FROM followups ORDER BY followup_id").fetchall()
    copy.execute("DELETE FROM followups")
    assert replay(copy, None) == []
    assert copy.execute("SELECT * FROM followups ORDER BY followup_id").fetchall() == before


def test_other_day_shifts_everything(tmp_path):
    path = tmp_path / "june.sqlite"
    day = date(2025, 6, 3)
    summary = generate_sample(path, customers=1200, today=day)
    assert summary.today == day and summary.customers == 1200
    c = sqlite3.connect(path)
    assert c.execute("SELECT max(at) FROM outcomes").fetchone()[0] < day.isoformat()
    assert c.execute("SELECT max(last_activity_on) FROM customers").fetchone()[0] <= day.isoformat()
    assert c.execute("SELECT min(maturity_on) FROM holdings").fetchone()[0] > day.isoformat()


# --- writing the file safely -------------------------------------------------------------------

def test_finish_runs_inside_the_build(tmp_path, monkeypatch):
    seen = []

    def finish(conn, today, summary):
        seen.append((conn.execute("SELECT count(*) FROM customers").fetchone()[0], today))
        conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'calllist.daily_target', '30')")
        return summary

    monkeypatch.setattr(sample_module, "_finish", finish)
    path = tmp_path / "s.sqlite"
    generate_sample(path, customers=300)
    assert seen == [(300, TODAY)]
    assert _rows(path, "settings") == [("bank", "calllist.daily_target", "30")]


def test_crash_leaves_nothing_and_keeps_the_old_file(tmp_path, monkeypatch):
    def crash(conn, today, summary):
        raise KeyboardInterrupt

    path = tmp_path / "s.sqlite"
    monkeypatch.setattr(sample_module, "_finish", crash)
    with pytest.raises(KeyboardInterrupt):
        generate_sample(path, customers=300)
    assert list(tmp_path.iterdir()) == []
    path.write_bytes(b"the old file")
    with pytest.raises(KeyboardInterrupt):
        generate_sample(path, customers=300, force=True)
    assert path.read_bytes() == b"the old file"
    assert [p.name for p in tmp_path.iterdir()] == ["s.sqlite"]


def test_cli_writes_refuses_and_forces(cli, tmp_path):
    out = tmp_path / "s.sqlite"
    result = cli("sample", "--customers", "400", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "400 customers" in result.stdout and str(out) in result.stdout
    first = _rows(out, "customers")
    out_mtime = out.stat().st_mtime_ns

    refused = cli("sample", "--customers", "400", "--out", out, "--seed", "7")
    assert refused.exit_code == 2
    assert refused.stderr == f"error: {out} already exists; use --force to replace it.\n"
    assert out.stat().st_mtime_ns == out_mtime

    forced = cli("--user", "S001", "sample", "--customers", "400", "--out", out, "--seed", "7", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert _rows(out, "customers") != first
    assert [p.name for p in tmp_path.iterdir()] == ["s.sqlite"]


def test_cli_defaults_to_the_db_option_and_rejects_bad_input(cli, tmp_path):
    db = tmp_path / "wb.sqlite"
    assert cli("--db", db, "sample", "--customers", "200", "--today", "2026-01-05").exit_code == 0
    assert dict(_rows(db, "meta"))["sample.today"] == "2026-01-05"
    assert cli("--db", db, "doctor").exit_code == 0
    for args, message in (
        (("--today", "2026-02-30"), "--today must be a date YYYY-MM-DD"),
        (("--customers", "0"), "between 1 and"),
    ):
        result = cli("sample", "--out", tmp_path / "x.sqlite", *args)
        assert result.exit_code == 2
        assert message in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "x.sqlite").exists()
    folder = cli("sample", "--out", tmp_path, "--force")
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    blocked = cli("sample", "--out", db / "inside.sqlite")
    assert blocked.exit_code == 2 and blocked.stderr == f"error: {db} is a file, not a folder; check the path {db / 'inside.sqlite'}.\n"


def test_cli_shows_progress_for_large_samples(cli, tmp_path, monkeypatch):
    import workbench.cli.sample as cli_sample

    monkeypatch.setattr(cli_sample, "PROGRESS_FROM", 1000)
    monkeypatch.setattr(sample_module, "CHUNK", 500)
    result = cli("sample", "--customers", "1500", "--out", tmp_path / "p.sqlite")
    assert result.exit_code == 0
    assert "customers: 500 / 1,500" in result.stderr and "customers: 1,500 / 1,500" in result.stderr


# --- the committed sample ----------------------------------------------------------------------

def test_committed_sample_is_current(tmp_path):
    committed = REPO / "sample.sqlite"
    assert committed.exists()
    assert committed.stat().st_size < 8 * 1024 * 1024
    conn = sqlite3.connect(f"file:{committed}?mode=ro", uri=True)
    try:
        version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
        assert version == SCHEMA_VERSION, (
            f"sample.sqlite is at schema {version}, not {SCHEMA_VERSION}: run `workbench --user S001 sample --out sample.sqlite --force`")
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    finally:
        conn.close()
    assert not Path(f"{committed}-wal").exists()
    assert (meta["sample.seed"], meta["sample.today"], meta["sample.customers"]) == (
        str(DEFAULT_SEED), DEFAULT_TODAY.isoformat(), str(DEFAULT_CUSTOMERS))


def test_committed_sample_is_the_default_output(sample_path):
    committed = REPO / "sample.sqlite"
    for table in ("branches", "staff", "holdings", "outcomes", "followup_events", "followups", "reactivations", "scripts"):
        assert _rows(committed, table) == _rows(sample_path, table), (
            f"{table} differs: regenerate with `workbench --user S001 sample --out sample.sqlite --force`")
    query = f"SELECT {', '.join(CUSTOMER_COLUMNS)} FROM customers ORDER BY customer_id"
    a, b = sqlite3.connect(committed), sqlite3.connect(sample_path)
    assert a.execute(query).fetchall() == b.execute(query).fetchall()
    a.close()
    b.close()


def test_opening_the_sample_needs_no_migration(tmp_path):
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes((REPO / "sample.sqlite").read_bytes())
    db = open_db(copy)
    assert db.execute("SELECT count(*) FROM customers").fetchone()[0] == DEFAULT_CUSTOMERS
    db.close()


def test_the_campaigns_first_days_give_the_funnel_something_to_show(sample_path):
    """Each manager gave notices on the working days since a campaign began (notices.give_notices): the phone
    campaign's called, some reached and interested, the SMS campaign's sent as a batch."""
    from workbench.sync.campaign_funnel import campaign_funnels
    from workbench.sync.funnel import period

    db = open_db(sample_path)
    funnels = {f.key: f for f in campaign_funnels(db.conn, period(None, None))}
    phone, sms = funnels["CD-3Y"], funnels["PTS-2X"]
    # 3 a manager on each of 4 working days, one or two fewer where a manager's tier-2 customers the sample's calls
    # never rang run out (M008 on the fourth day).
    assert 8 * 3 * 4 - 3 <= phone.notices <= 8 * 3 * 4 and phone.dialled == phone.notices
    assert 0.35 < phone.reached / phone.dialled < 0.75 and 0 < phone.appointment < phone.interested < phone.reached
    assert phone.open == phone.notices - phone.reached   # a call that did not get through leaves its notice open
    assert sms.notices == sms.done > 0
    # Each notice's call is the last on the customer's record, kept by the workbench's own log (rules, ids, terminal).
    last = db.execute("SELECT max(at) FROM outcomes o WHERE customer_id IN"
                      " (SELECT customer_id FROM followups WHERE purpose = 'campaign:CD-3Y') GROUP BY customer_id"
                      " HAVING max(at) < '2026-11-16'").fetchall()
    assert last == []


def test_head_office_campaigns_run_on_the_sample_day_and_reach_the_managers_agendas(sample_path):
    from workbench import campaigns
    from workbench.followups import care_suggestions

    db = open_db(sample_path)
    running = campaigns.stored(db.conn, running_on=DEFAULT_TODAY)
    assert [c.campaign_id for c in running] == ["CD-3Y", "PTS-2X"]
    kinds = Counter(s.kind for s in care_suggestions(db.conn, "M001", DEFAULT_TODAY))
    given = dict(db.execute("SELECT purpose, count(*) FROM followups WHERE owner_id = 'M001' AND purpose LIKE 'campaign:%'"
                            " GROUP BY purpose"))
    # CD-3Y is capped at 30 a manager, the notices already given included; PTS-2X comes care.campaign_at_once at a time.
    assert given["campaign:CD-3Y"] == 12 and kinds["campaign:CD-3Y"] == 30 - 12
    assert kinds["campaign:PTS-2X"] == DEFAULTS["care.campaign_at_once"]
    assert db.execute("SELECT actor FROM audit_log WHERE action = 'campaigns_import'").fetchall() == [("S001",)]


def test_a_sample_over_the_notices_size_skips_them(tmp_path, monkeypatch):
    """Samples over NOTICES_MAX_CUSTOMERS are benchmarks: no campaign notices, which would cost them seconds."""
    def notices(path) -> int:
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT count(*) FROM followups WHERE purpose LIKE 'campaign:%'").fetchone()[0]

    generate_sample(tmp_path / "small.sqlite", customers=2000)
    monkeypatch.setattr(sample_module, "NOTICES_MAX_CUSTOMERS", 1999)
    generate_sample(tmp_path / "big.sqlite", customers=2000)
    assert notices(tmp_path / "small.sqlite") > 0 and notices(tmp_path / "big.sqlite") == 0
