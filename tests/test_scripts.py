"""Call scripts: storage, TOML round trip, honorifics, merge fields and choosing by purpose and segment."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from contextlib import closing, contextmanager
from datetime import date, datetime, timedelta

import pytest

from workbench.errors import WorkbenchError
from workbench.scripts import (
    PURPOSES, dump_scripts_toml, fill_script, fitting_purposes, honorific_name, list_scripts, parse_scripts_toml,
    SCRIPT_FOR_FOLLOW_UP, render_script, seed_default_scripts, shipped_scripts, surname,
)

TODAY = date(2026, 11, 20)


@contextmanager
def older_database(path):
    """A new database file, opened raw (no migrations run) to be put back as an older release left it."""
    from workbench.db import open_db

    open_db(path).close()
    with closing(sqlite3.connect(path)) as conn, conn:
        yield conn


@pytest.fixture
def conn(fresh_db):
    c = fresh_db.conn
    c.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '南京路支行')")
    c.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M1', '李娜', 'manager', 'B1')")
    rows = [
        ("C1", "张伟", "M", "wake_up_seg", "", 0, 412, None),
        ("C2", "王芳", "F", "high_value_dormant", "", 3, 200, None),
        ("C3", "欧阳娜娜", "F", "low_value_dormant", "maturity", 1, 30, None),
        ("C4", "[bold]x[/] {manager} {0}", None, None, "birthday", None, None, "2026-01-01"),
        ("C5", "John Smith", "M", None, "", 0, 10, None),
    ]
    for cid, name, gender, segment, triggers, tier, days, last in rows:
        c.execute(
            "INSERT INTO customers (customer_id, name, gender, manager_id, branch_id, segment, triggers, tier,"
            " last_activity_on, aum_fen) VALUES (?, ?, ?, 'M1', 'B1', ?, ?, ?, ?, 600000000)",
            (cid, name, gender, segment, triggers, tier,
             last or (None if days is None else (TODAY - timedelta(days=days)).isoformat())),
        )
    c.execute(
        "INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, maturity_on)"
        " VALUES ('C3', 'time_deposit', '三年期大额存单', 30000000, '2026-11-25')"
    )
    assert seed_default_scripts(c, at=datetime(2026, 11, 20, 9, 0)) == 0   # the migration put them in
    return c


@pytest.mark.parametrize(
    "name, gender, lang, expected",
    [
        ("张伟", "M", "zh_CN", "张先生"),
        ("王芳", "F", "zh_CN", "王女士"),
        ("欧阳娜娜", "F", "zh_CN", "欧阳女士"),
        ("司马光", "M", "zh_CN", "司马先生"),
        ("欧阳", "M", "zh_CN", "欧先生"),      # a two-character name is surname + given name
        ("张伟", None, "zh_CN", "张伟"),
        ("John Smith", "M", "en", "Mr Smith"),
        ("王芳", "F", "en", "Ms 王"),
        ("阿依古丽·买买提", "F", "zh_CN", "阿依古丽·买买提女士"),
    ],
)
def test_honorific(name, gender, lang, expected):
    assert honorific_name(name, gender, lang) == expected


def test_surname_of_compound_and_single():
    assert surname("诸葛亮") == "诸葛"
    assert surname("李娜") == "李"


def test_fill_script_never_reinterprets_values_and_keeps_unknown_fields():
    values = {"name": "{manager}", "manager": "李娜"}
    filled = fill_script("{name}您好 {unknown} {0} {{literal}} {", values)
    assert filled == "{manager}您好 {unknown} {0} {literal} {"


def test_seed_puts_scripts_for_every_purpose_in_both_languages(conn):
    scripts = list_scripts(conn)
    pairs = {(s.purpose, s.lang) for s in scripts}
    for purpose in PURPOSES:
        assert (purpose, "zh_CN") in pairs and (purpose, "en") in pairs
    # Every script answers every dormancy reason.
    assert all(len(s.objections) == 7 for s in scripts)
    # Seeding again leaves edited scripts alone.
    conn.execute("UPDATE scripts SET title = 'edited' WHERE script_id = 'zh-wake-up'")
    assert seed_default_scripts(conn) == 0
    assert conn.execute("SELECT title FROM scripts WHERE script_id = 'zh-wake-up'").fetchone()[0] == "edited"


def test_render_wake_up_in_chinese(conn):
    r = render_script(conn, "C1", today=TODAY, lang="zh_CN")
    assert r.script_id == "zh-wake-up"
    assert r.opening.startswith("张先生您好，我是南京路支行的客户经理李娜")
    assert "412天" in r.offer
    assert "competitor" in r.objections and "{" not in r.close


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_erased_customer_has_no_script_to_fill_with_a_placeholder(conn, lang):
    """Nothing of an erased customer is left to read aloud: no script, never "(erased)您好" (whoever asks for one)."""
    from workbench.privacy import erase_customer

    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '王主管', 'supervisor', 'B1')")
    assert render_script(conn, "C1", today=TODAY, lang=lang) is not None
    erase_customer(conn, "C1", actor="S1", at=datetime(2026, 11, 20, 9, 30))
    for purpose in (None, *PURPOSES):
        assert render_script(conn, "C1", purpose, today=TODAY, lang=lang) is None


@pytest.mark.parametrize("block", ["do_not_call = 1", "consent = 0"])
def test_a_customer_not_to_be_marketed_to_has_no_script(conn, block):
    """A sales script is marketing: none for a customer on do-not-call or without consent, whoever asks for one."""
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN") is not None
    conn.execute(f"UPDATE customers SET {block} WHERE customer_id = 'C1'")
    for purpose in (None, *PURPOSES):
        assert render_script(conn, "C1", purpose, today=TODAY, lang="zh_CN") is None


def test_a_caller_that_read_the_block_passes_it_and_it_is_not_asked_again(conn, monkeypatch):
    """The card reads followups.marketing_block for itself and hands the answer on: render_script asks it only when
    not told, and a block told keeps the script back as one read here would."""
    import workbench.followups

    asked = []
    real = workbench.followups.marketing_block
    monkeypatch.setattr(workbench.followups, "marketing_block", lambda *a: asked.append(a) or real(*a))
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN") is not None and len(asked) == 1   # not told: asked
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN", block=None) is not None
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN", block="do_not_call") is None
    assert len(asked) == 1


def test_render_prefers_the_segment_script(conn):
    r = render_script(conn, "C2", today=TODAY, lang="zh_CN")
    assert r.script_id == "zh-wake-up-high-value"
    assert "王女士" in r.opening and "300万级贵宾客户" in r.opening
    # The segment script's own objection answer wins over the common one.
    assert "贵宾客户的利率" in r.objections["competitor"]


@pytest.mark.parametrize("lang, tier", [("en", "As a 3M tier customer"), ("zh_CN", "您是我们行的300万级贵宾客户")])
def test_the_script_names_the_tier_as_the_card_does(conn, lang, tier):
    """The card said 'dormancy score 97 at the 50万 tier' and the script 'a CNY 500,000 tier customer': in English
    both now name it 3M (no 万, no second currency word), in Chinese both 300万."""
    from workbench.calllist import customer_profile

    conn.execute("UPDATE customers SET aum_fen = 350000000 WHERE customer_id = 'C2'")   # 350万, in the 300万 tier
    r = render_script(conn, "C2", today=TODAY, lang=lang)
    assert tier in r.opening and "CNY" not in r.opening
    name = customer_profile(conn, "C2", TODAY, lang=lang).tier_name
    assert f"{name} tier" in r.opening if lang == "en" else f"{name}级贵宾客户" in r.opening


def test_render_maturity_from_trigger(conn):
    r = render_script(conn, "C3", today=TODAY, lang="zh_CN")
    assert r.purpose == "maturity_rollover"
    assert "欧阳女士" in r.opening and "三年期大额存单" in r.opening and "11月25日" in r.opening


def test_a_roll_over_fits_only_while_a_holding_has_yet_to_mature(conn):
    assert "maturity_rollover" in fitting_purposes(conn, "C3", TODAY)
    # C1 has nothing to mature, no birthday, no opening date on record, is far from the next tier, never woke,
    # no festival within a month of TODAY, no campaign follow-up, no sign of intent: only the wake-up script fits.
    assert fitting_purposes(conn, "C1", TODAY) == ["wake_up"]
    # Asked for a roll-over with nothing to roll over: the wake-up script, never "matures on soon".
    for cid, day in (("C1", TODAY), ("C3", TODAY + timedelta(days=6))):
        assert "maturity_rollover" not in fitting_purposes(conn, cid, day)
        for lang in ("en", "zh_CN"):
            r = render_script(conn, cid, "maturity_rollover", today=day, lang=lang)
            assert r.purpose == "wake_up" and "soon" not in r.opening and "近期" not in r.opening
    # On the day it matures it still fits, and says so in a word.
    r = render_script(conn, "C3", "maturity_rollover", today=TODAY + timedelta(days=5), lang="en")
    assert r.purpose == "maturity_rollover" and "matures today." in r.opening
    assert r.purposes == tuple(fitting_purposes(conn, "C3", TODAY + timedelta(days=5)))   # what the card's p key offers


def test_render_english_and_explicit_purpose(conn):
    conn.execute("UPDATE customers SET aum_fen = 290000000 WHERE customer_id = 'C5'")   # near the 300万 line
    r = render_script(conn, "C5", "tier_upgrade", today=TODAY, lang="en")
    assert r.script_id == "en-tier-upgrade"
    assert r.opening.startswith("Hello Mr Smith, this is 李娜")


def test_a_supervisor_calling_is_introduced_as_the_managers_colleague(conn):
    """The caller speaks: a supervisor calling from a manager's list is never given the manager's name,
    nor introduced as the customer's own manager."""
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '周建华', 'supervisor', 'B1')")
    conn.execute("UPDATE customers SET aum_fen = 290000000 WHERE customer_id = 'C5'")   # the tier upgrade fits
    r = render_script(conn, "C1", today=TODAY, lang="zh_CN", caller_id="S1")
    assert r.opening.startswith("张先生您好，我是南京路支行的客户经理李娜的同事周建华。")
    r_en = render_script(conn, "C5", "wake_up", today=TODAY, lang="en", caller_id="S1")
    assert r_en.opening.startswith("Hello Mr Smith, this is 周建华, a colleague of 李娜, your relationship manager at 南京路支行.")
    r_en = render_script(conn, "C5", "tier_upgrade", today=TODAY, lang="en", caller_id="S1")
    assert r_en.opening.startswith("Hello Mr Smith, this is 周建华, a colleague of 李娜 from 南京路支行.")
    # The customer's own manager calling, or no caller named: the manager's own name.
    for caller in ("M1", None):
        r = render_script(conn, "C1", today=TODAY, lang="zh_CN", caller_id=caller)
        assert r.opening.startswith("张先生您好，我是南京路支行的客户经理李娜。")
    # A customer no manager looks after (the pool): the caller's own name.
    conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'C1'")
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN", caller_id="S1").fields["manager"] == "周建华"


def test_customer_text_with_braces_and_markup_stays_data(conn):
    conn.execute("UPDATE customers SET birthday = '1980-11-22' WHERE customer_id = 'C4'")
    r = render_script(conn, "C4", today=TODAY, lang="zh_CN")
    assert r.purpose == "birthday"
    # The name holds '{manager}' and '{0}': it appears literally, neither filled in nor crashing.
    assert r.opening.startswith("[bold]x[/] {manager} {0}您好，我是南京路支行的客户经理李娜")
    r_en = render_script(conn, "C4", today=TODAY, lang="en")
    assert r_en.opening.startswith("Hello [bold]x[/] {manager} {0}, this is 李娜")
    assert r.fields["dormant_days"] == str((TODAY - date(2026, 1, 1)).days)


def test_unknown_customer_and_purpose(conn):
    with pytest.raises(WorkbenchError, match="Unknown customer"):
        render_script(conn, "NOPE", today=TODAY)
    with pytest.raises(WorkbenchError, match="purpose"):
        render_script(conn, "C1", "party", today=TODAY)


def test_no_scripts_renders_none(fresh_db):
    fresh_db.conn.execute("UPDATE scripts SET active = 0")
    fresh_db.conn.execute("INSERT INTO customers (customer_id, name) VALUES ('X', '赵六')")
    assert render_script(fresh_db.conn, "X", today=TODAY) is None


def test_toml_round_trip_is_lossless(conn):
    scripts = list_scripts(conn)
    text = dump_scripts_toml(scripts)
    tomllib.loads(text)
    again = parse_scripts_toml(text)
    assert [vars(s) for s in again] == [vars(s) for s in scripts]


def test_toml_round_trip_of_awkward_text():
    text = '[[script]]\nid = "x"\npurpose = "wake_up"\nlang = "en"\ntitle = "t"\nopening = "a\'\'\'b\\n\\"q\\"\\u0007"\noffer = "o"\nclose = "c"\n'
    (s,) = parse_scripts_toml(text)
    assert parse_scripts_toml(dump_scripts_toml([s]))[0].opening == "a'''b\n\"q\"\x07"


@pytest.mark.parametrize(
    "body, message",
    [
        ('id = "x"\npurpose = "party"\nlang = "en"\ntitle = "t"\nopening = "o"\noffer = "o"\nclose = "c"', "purpose must be"),
        ('id = "x"\npurpose = "wake_up"\nlang = "fr"\ntitle = "t"\nopening = "o"\noffer = "o"\nclose = "c"', "lang must be"),
        ('id = "x"\npurpose = "wake_up"\nlang = "en"\ntitle = "t"\nopening = ""\noffer = "o"\nclose = "c"', "'opening'"),
        ('id = "x"\npurpose = "wake_up"\nlang = "en"\ntitle = "t"\nopening = "o"\noffer = "o"\nclose = "c"\nobjections = { price = "x" }', "not a dormancy reason"),
        ('id = "x"\npurpose = "wake_up"\nlang = "en"\ntitle = "t"\nopening = "o"\noffer = "o"\nclose = "c"\ncolour = "red"', "unknown keys"),
    ],
)
def test_bad_toml_is_one_sentence(body, message):
    with pytest.raises(WorkbenchError, match=message):
        parse_scripts_toml("[[script]]\n" + body)


def test_cli_export_edit_import(cli, db_path, tmp_path):
    seeded = cli("--db", db_path, "scripts", "seed")
    assert seeded.exit_code == 0 and "Added 0" in seeded.stdout   # every database starts with them
    out = tmp_path / "scripts.toml"
    result = cli("--db", db_path, "scripts", "export", out)
    assert result.exit_code == 0 and "20" in result.stdout
    edited = out.read_text(encoding="utf-8").replace('title = "沉睡客户唤醒"', 'title = "唤醒(新版)"')
    out.write_text(edited, encoding="utf-8")
    assert cli("--db", db_path, "scripts", "import", out).exit_code == 0
    from workbench.db import open_db

    db = open_db(db_path)
    assert db.execute("SELECT title FROM scripts WHERE script_id = 'zh-wake-up'").fetchone()[0] == "唤醒(新版)"


def test_cli_import_says_what_it_added_changed_and_left_as_it_was(cli, db_path, tmp_path):
    """Imported twice in a row, a file changes nothing the second time, and says so; a script put aside
    comes back as changed; only the scripts written get a new time."""
    from workbench.db import open_db

    out = tmp_path / "scripts.toml"
    assert cli("--db", db_path, "scripts", "export", out).exit_code == 0
    same = cli("--db", db_path, "--now", "2026-11-20T09:00:00", "scripts", "import", out)
    assert same.exit_code == 0 and "Scripts in scripts.toml: 0 added, 0 changed, 20 unchanged." in same.stdout
    text = out.read_text(encoding="utf-8").replace('title = "沉睡客户唤醒"', 'title = "唤醒(新版)"')
    out.write_text(text + '\n[[script]]\nid = "mine"\npurpose = "wake_up"\nlang = "en"\ntitle = "t"\nopening = "o"\n'
                          'offer = "o"\nclose = "c"\n', encoding="utf-8")
    db = open_db(db_path)
    db.execute("UPDATE scripts SET active = 0 WHERE script_id = 'en-wake-up'")
    db.close()
    done = cli("--lang", "zh_CN", "--db", db_path, "--now", "2026-11-21T09:00:00", "scripts", "import", out)
    assert done.exit_code == 0 and "scripts.toml 中的话术：新增 1 条，更新 2 条，18 条不变。" in done.stdout
    db = open_db(db_path)
    written = db.execute("SELECT script_id FROM scripts WHERE updated_at = '2026-11-21T09:00:00' AND active = 1"
                         " ORDER BY script_id").fetchall()
    assert [r[0] for r in written] == ["en-wake-up", "mine", "zh-wake-up"]
    db.close()


def test_cli_export_to_a_folder_or_nowhere_is_one_sentence_and_leaves_nothing(cli, db_path, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    into_folder = cli("--db", db_path, "scripts", "export", folder)
    assert (into_folder.exit_code, into_folder.stderr) == (2, f"error: {folder} is a folder, not a file.\n")
    nowhere = cli("--db", db_path, "scripts", "export", tmp_path / "no-such" / "s.toml")
    assert nowhere.exit_code == 2 and "does not exist" in nowhere.stderr and "Traceback" not in nowhere.stderr
    assert list(folder.iterdir()) == [] and not [p for p in tmp_path.rglob("*") if p.suffix in (".tmp", ".part")]


def test_cli_import_bad_file_writes_nothing(cli, db_path, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[script]]\nid = "ok"\npurpose = "wake_up"\nlang = "en"\ntitle = "t"\nopening = "o"\noffer = "o"\nclose = "c"\n'
                   '[[script]]\nid = "bad"\npurpose = "nope"\n', encoding="utf-8")
    result = cli("--db", db_path, "scripts", "import", bad)
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    from workbench.db import open_db

    ids = {r[0] for r in open_db(db_path).execute("SELECT script_id FROM scripts")}
    assert "ok" not in ids and "bad" not in ids and len(ids) == 20
    missing = cli("--db", db_path, "scripts", "import", tmp_path / "missing.toml")
    assert missing.exit_code == 2 and "No file" in missing.stderr


@pytest.mark.parametrize("segment", ['"low_value_dormat"', '"dormant"', '""', "3"])
def test_cli_import_refuses_a_segment_that_is_no_segment_code_naming_the_codes(cli, db_path, tmp_path, segment):
    """A typo'd segment made head office's campaign script one no customer is ever given, without a word."""
    from workbench import segments
    from workbench.db import open_db

    bad = tmp_path / "seg.toml"
    bad.write_text('[[script]]\nid = "wealth"\npurpose = "campaign"\nlang = "zh_CN"\ntitle = "t"\nopening = "o"\n'
                   f'offer = "o"\nclose = "c"\nsegment = {segment}\n', encoding="utf-8")
    result = cli("--lang", "zh_CN", "--db", db_path, "scripts", "import", bad)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：seg.toml：第 1 条话术（wealth）：segment 必须是 high_value_dormant、")
    assert all(code in result.stderr for code in segments.CODES) and "不能是" in result.stderr
    assert open_db(db_path).execute("SELECT count(*) FROM scripts WHERE script_id = 'wealth'").fetchone() == (0,)


def test_cli_import_says_a_toml_mistake_in_the_interface_language_with_its_line_and_column(cli, db_path, tmp_path):
    """tomllib's English ("Illegal character '\\n' (at line 3, column 14)") was pasted into the Chinese sentence."""
    bad = tmp_path / "quote.toml"
    bad.write_text('[[script]]\nid = "x"\ntitle = "唤醒话术\npurpose = "wake_up"\n', encoding="utf-8")
    result = cli("--lang", "zh_CN", "--db", db_path, "scripts", "import", bad)
    assert (result.exit_code, result.stderr) == (2, "错误：quote.toml 不是有效的 TOML：第 3 行第 14 列：字符串缺少结尾的引号。\n")


def test_a_file_migrated_by_a_higher_number_still_gets_the_scripts_table(tmp_path):
    """A database that recorded migration 60 before migration 30 existed gets 30 on its next open."""
    from workbench.db import open_db

    path = tmp_path / "older.sqlite"
    with older_database(path) as conn:
        conn.execute("DROP TABLE scripts")
        conn.execute("DELETE FROM schema_migrations WHERE version = 30")
    db = open_db(path)
    from workbench.db.migrations.m0030_scripts import PURPOSES as FIRST_PURPOSES

    # Migration 30's own scripts: the keep-warm ones come with migration 104, recorded already.
    assert db.execute("SELECT count(*) FROM scripts").fetchone()[0] == 12
    assert len([s for s in shipped_scripts() if s.purpose in FIRST_PURPOSES]) == 12
    assert 30 in {r[0] for r in db.execute("SELECT version FROM schema_migrations")}


def test_every_suggested_follow_up_opens_on_a_script_of_its_own():
    from workbench.followups import SUGGESTED_PURPOSES

    assert set(SCRIPT_FOR_FOLLOW_UP) == set(SUGGESTED_PURPOSES) and set(SCRIPT_FOR_FOLLOW_UP.values()) <= set(PURPOSES)


def test_a_care_follow_up_due_chooses_the_script(conn):
    from workbench import followups

    at = datetime(2026, 11, 10, 9, 0)
    conn.execute("INSERT INTO reactivations (outcome_id, customer_id, contacted_at, activity_on, confirmed_on)"
                 " VALUES ('O1', 'C1', '2026-10-01T10:00:00', '2026-10-05', '2026-10-08')")   # woke 46 days ago
    conn.execute("UPDATE customers SET birthday = '1975-11-23' WHERE customer_id = 'C3'")
    conn.execute("UPDATE customers SET aum_fen = 290000000 WHERE customer_id = 'C1'")   # near the 300万 line
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-21", at=at, purpose="woken_check")
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN").purpose == "wake_up"      # not due yet
    r = render_script(conn, "C1", today=TODAY + timedelta(days=1), lang="zh_CN")
    assert (r.script_id, r.purpose) == ("zh-keep-warm", "keep_warm") and r.opening.startswith("张先生您好")
    # Asked for, another purpose still wins; a follow-up done no longer steers.
    assert render_script(conn, "C1", "tier_upgrade", today=TODAY + timedelta(days=1), lang="zh_CN").purpose == "tier_upgrade"
    followups.complete(conn, fid, at=at)
    assert render_script(conn, "C1", today=TODAY + timedelta(days=1), lang="zh_CN").purpose == "wake_up"
    # A care follow-up outranks the customer's triggers: C3's roll-over trigger gives way to the birthday due.
    followups.schedule(conn, customer_id="C3", owner_id="M1", due_on="2026-11-20", at=at, purpose="birthday")
    assert render_script(conn, "C3", today=TODAY, lang="en").script_id == "en-birthday"


# The migrations that changed the scripts since 102: the tests below replay those from theirs on (the others,
# about other tables, ran when the database was made and stay recorded).
SCRIPTS_MIGRATIONS = (102, 104, 105, 106, 107, 112, 114, 116, 122, 134, 136)
LAST_SCRIPTS_MIGRATION = SCRIPTS_MIGRATIONS[-1]
FORGET_FROM = (f"DELETE FROM schema_migrations WHERE version >= ? AND version IN ({', '.join(map(str, SCRIPTS_MIGRATIONS))})")


def test_a_database_seeded_before_migration_102_ends_with_todays_scripts_and_keeps_an_edited_one(tmp_path):
    """Migrations 102 to 136 in turn, from a database seeded with the first shipped scripts: ASCII punctuation
    in the Chinese, no optional phrase marked, the tier-upgrade script titled 贵宾等级提升, nothing after the
    first five purposes, the openings migrations 114 and 122 changed, the competitor answer 116 changed and the
    sections 134 and 136 changed as they were. Every script the branch left alone ends word for word as shipped today; an edited one
    stays as the branch left it. (102 and 112 once compared with today's shipped text, so a database this old
    kept its first text, and a customer without a transaction on record got 'Not shown' for the wake-up call.)"""
    from workbench.db import open_db
    from workbench.db.migrations import run_script
    from workbench.db.migrations.m0030_scripts import PURPOSES as FIRST_PURPOSES, SQL as FIRST_TABLE
    from workbench.db.migrations.m0114_birthday_wish_and_nameless_caller import _BEFORE as BEFORE_114
    from workbench.db.migrations.m0116_competitor_answer_for_any_customer import AFTER as AFTER_116, BEFORE as BEFORE_116
    from workbench.db.migrations.m0122_opened_and_interest_today import _BEFORE as BEFORE_122
    from workbench.db.migrations.m0134_scripts_say_the_day import _BEFORE as BEFORE_134
    from workbench.db.migrations.m0136_birthday_close_says_the_days import _BEFORE as BEFORE_136
    from workbench.scripts import OPTIONAL_PHRASE

    # The first shipped text: today's without the marks of optional phrases, with ASCII punctuation in the
    # Chinese, and the tier-upgrade script's first title, and the openings before migration 114; nothing else
    # has changed in them since.
    to_ascii = str.maketrans("\uff0c\uff1b\uff1a\uff01\uff1f\uff08\uff09", ",;:!?()")
    first_titles = {"zh-tier-upgrade": "贵宾等级提升"}
    shipped = {s.script_id: s for s in shipped_scripts()}
    edited = "zh-birthday"

    def first(s):
        before = BEFORE_134.get(s.script_id, BEFORE_136.get(s.script_id))   # before migrations 134 and 136
        opening, offer, close = before or (s.opening, s.offer, s.close)
        texts = [first_titles.get(s.script_id, s.title),
                 *(OPTIONAL_PHRASE.sub(r"\1", t) for t in (
                     BEFORE_114.get(s.script_id, BEFORE_122.get(s.script_id, (opening,)))[0], offer)),
                 json.dumps({code: BEFORE_116 if answer == AFTER_116 else answer for code, answer in s.objections.items()},
                            ensure_ascii=False), OPTIONAL_PHRASE.sub(r"\1", close)]
        texts = [t.translate(to_ascii) for t in texts]
        if s.script_id == edited:
            texts[1] = "(本网点改写)" + texts[1]
        return texts

    path = tmp_path / "seeded-before-102.sqlite"
    with older_database(path) as conn:
        conn.execute("DROP TABLE scripts")
        conn.execute("DROP TABLE campaigns")   # as before migration 106
        run_script(conn, FIRST_TABLE)          # the table as migration 30 made it
        for s in shipped.values():
            if s.purpose in FIRST_PURPOSES:
                conn.execute("INSERT INTO scripts (script_id, purpose, segment, lang, title, opening, offer, objections,"
                             " close) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (s.script_id, s.purpose, s.segment, s.lang, *first(s)))
        assert "," in conn.execute("SELECT opening FROM scripts WHERE script_id = 'zh-wake-up'").fetchone()[0]
        conn.execute(FORGET_FROM, (102,))
    db = open_db(path)
    fields = ("title", "opening", "offer", "objections", "close")
    now = {s.script_id: s for s in list_scripts(db.conn)}
    assert set(now) == set(shipped)
    for script_id, script in shipped.items():
        if script_id != edited:
            assert [getattr(now[script_id], f) for f in fields] == [getattr(script, f) for f in fields], script_id
    assert [now[edited].title, now[edited].opening] == first(shipped[edited])[:2]   # left as the branch has it
    # A customer with no transaction on record is read the wake-up call, its day count left out.
    db.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '南京路支行')")
    db.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M1', '李娜', 'manager', 'B1')")
    db.execute("INSERT INTO customers (customer_id, name, gender, manager_id, branch_id, aum_fen)"
               " VALUES ('C1', '张伟', 'M', 'M1', 'B1', 100)")
    r = render_script(db.conn, "C1", "wake_up", today=TODAY, lang="zh_CN")
    assert r.missing == () and r.opening.startswith("张先生您好，我是南京路支行的客户经理李娜。")
    assert r.offer.startswith("最近行里针对老客户推出了回馈活动：")


def test_opening_an_older_database_adds_the_keep_warm_scripts_and_keeps_an_edited_one(tmp_path):
    """Migration 104: databases seeded before the keep-warm scripts existed get them; one already there stays."""
    from workbench.db import open_db

    path = tmp_path / "seeded-earlier.sqlite"
    with older_database(path) as conn:
        conn.execute("DELETE FROM scripts WHERE script_id = 'en-keep-warm'")
        conn.execute("UPDATE scripts SET title = '本网点改写' WHERE script_id = 'zh-keep-warm'")
        conn.execute("DELETE FROM scripts WHERE purpose IN ('festival', 'campaign', 'warm_lead')")   # as before migration 105
        conn.execute("DROP TABLE campaigns")   # as before migration 106
        conn.execute(FORGET_FROM, (104,))
    titles = {s.script_id: s.title for s in list_scripts(open_db(path).conn)}
    assert titles["en-keep-warm"] == "Keeping a woken customer" and titles["zh-keep-warm"] == "本网点改写"


# Each migration that widened the scripts' purposes: its version, the purpose, the module whose table it
# rebuilt (and that table's SQL), and the new purpose's English title.
WIDENED = {
    105: ("festival", "m0104_keep_warm_scripts", "SQL", "Festival greeting"),
    106: ("campaign", "m0105_festival_scripts", "SQL", "New product or offer"),
    107: ("warm_lead", "m0106_campaigns", "SCRIPTS_SQL", "Following up an interest"),
}


@pytest.mark.parametrize("version", sorted(WIDENED))
def test_opening_an_older_database_widens_the_scripts_purposes_and_keeps_an_edited_script(tmp_path, version):
    """Migrations 105-107: the table takes the new purpose; the shipped scripts go in, an edited one stays;
    106 also adds the campaigns table."""
    import importlib
    from workbench.db import open_db
    from workbench.db.migrations import run_script

    purpose, older, table_sql, en_title = WIDENED[version]
    later = [p for v, (p, *_rest) in WIDENED.items() if v >= version]
    path = tmp_path / "seeded-earlier.sqlite"
    with older_database(path) as conn:
        conn.execute(f"DELETE FROM scripts WHERE script_id = 'en-{purpose.replace('_', '-')}'")
        conn.execute(f"UPDATE scripts SET title = '本网点改写', purpose = 'wake_up'"
                     f" WHERE script_id = 'zh-{purpose.replace('_', '-')}'")
        conn.execute(f"DELETE FROM scripts WHERE purpose IN ({', '.join('?' for _p in later)})", later)   # what came later
        if version <= 106:
            conn.execute("DROP TABLE campaigns")
        run_script(conn, getattr(importlib.import_module(f"workbench.db.migrations.{older}"), table_sql))   # the table as it was
        conn.execute(FORGET_FROM, (version,))
    zh, en = (f"{lang}-{purpose.replace('_', '-')}" for lang in ("zh", "en"))
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE scripts SET purpose = ? WHERE script_id = ?", (purpose, zh))
    db = open_db(path)
    db.execute("UPDATE scripts SET purpose = ? WHERE script_id = ?", (purpose, zh))   # allowed now
    titles = {s.script_id: (s.title, s.purpose) for s in list_scripts(db.conn)}
    assert titles[en] == (en_title, purpose) and titles[zh] == ("本网点改写", purpose)
    assert {p for _t, p in titles.values()} == set(PURPOSES)   # every later migration ran too
    assert db.execute("SELECT count(*) FROM campaigns").fetchone()[0] == 0


def test_a_festival_greeting_names_the_festivals_it_is_for(conn):
    from workbench import followups

    eve = date(2026, 9, 24)   # the Mid-Autumn Festival (25 September) and National Day share a greeting
    followups.schedule(conn, customer_id="C2", owner_id="M1", due_on=eve, at=datetime(2026, 9, 20, 9, 0),
                       purpose="festival")
    zh = render_script(conn, "C2", today=eve, lang="zh_CN")
    assert zh.script_id == "zh-festival" and zh.opening.startswith("王女士您好，我是南京路支行的客户经理李娜。中秋节和国庆节将至")
    en = render_script(conn, "C2", today=eve, lang="en")
    assert "With the Mid-Autumn Festival and National Day coming" in en.opening
    assert "festival" in zh.purposes


def test_a_festival_greeting_fits_only_while_a_festival_is_near(conn):
    assert "festival" not in fitting_purposes(conn, "C1", date(2026, 11, 20))   # New Year's Day is 42 days off
    assert "festival" in fitting_purposes(conn, "C1", date(2026, 12, 2))
    assert "festival" in fitting_purposes(conn, "C1", date(2027, 1, 1))        # on the day itself
    assert "festival" not in fitting_purposes(conn, "C1", date(2027, 1, 2))    # the Spring Festival is 35 days off
    # Asked for a greeting with none near: the wake-up script, never a greeting for "the holidays" in June.
    assert render_script(conn, "C1", "festival", today=date(2026, 11, 20), lang="en").purpose == "wake_up"


def test_adding_scripts_never_drops_one_the_table_refuses_without_a_word(conn):
    from dataclasses import replace

    from workbench.scripts import save_scripts

    refused = replace(shipped_scripts()[0], script_id="new-one", purpose="not_a_purpose")
    with pytest.raises(sqlite3.IntegrityError):
        save_scripts(conn, [shipped_scripts()[1], refused], replace=False)
    assert conn.execute("SELECT count(*) FROM scripts WHERE script_id = 'new-one'").fetchone()[0] == 0


def test_a_new_purpose_widens_the_scripts_check_or_says_it_found_none():
    from workbench.db.migrations import with_script_purpose

    before = "CREATE TABLE s (purpose TEXT CHECK (purpose IN\n ('a', 'b')), other TEXT CHECK (other IN ('x')));"
    assert with_script_purpose(before, "c") == before.replace("'b')", "'b', 'c')")
    with pytest.raises(ValueError, match="no purpose list"):
        with_script_purpose("CREATE TABLE s (purpose TEXT);", "c")
