"""An import tells its progress step by step (read, score, load, rebuild indexes, commit), and the
CLI's bar says which step it is on instead of sitting at 100% once the file is read."""

from __future__ import annotations

import io
import itertools
import sqlite3

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.progress import Progress

from tests.import_support import NOW, write_csv
from workbench.cli.import_progress import ImportProgress, label
from workbench.db import open_db
from workbench.importing import ImportOptions, blocks, import_customers, run
from workbench.importing.accept import Acceptor
from workbench.importing.model import COMMIT, INDEX, LOAD, READ, SCORE
from workbench.scoring import staged

HEADER = ["客户号", "姓名", "手机号", "客户经理号", "所属机构", "资产余额", "最近交易日期"]


def extract(path, rows: int, *, changed_every: int = 0):
    """rows customers over two branches; with changed_every, every such row has a new balance."""
    def aum(i):
        return i * 100 + (7 if changed_every and i % changed_every == 0 else 0)

    return write_csv(path, [HEADER] + [[f"C{i:06d}", f"客户{i}", f"1381234{i % 10000:04d}", f"M{i % 4}",
                                        f"B{i % 2}", aum(i), f"2025-{1 + i % 12:02d}-15"] for i in range(rows)])


def told(db_path, file, **options) -> tuple[list[tuple], object]:
    calls = []
    db = open_db(db_path)
    try:
        summary = import_customers(db.conn, file, options=ImportOptions(**options), now=NOW,
                                   progress=lambda *call: calls.append(call))
    finally:
        db.close()
    return calls, summary


def steps(calls) -> list[str]:
    return [step for step, _ in itertools.groupby(call[0] for call in calls)]


def check_each_step_counts_up_to_its_total(calls) -> dict[str, int | None]:
    totals = {}
    for step, group in itertools.groupby(calls, key=lambda call: call[0]):
        group = list(group)
        done = [d for _, d, _ in group]
        total = group[-1][2]
        assert done == sorted(done), step
        assert all(t == total for *_, t in group), step
        if total is not None:
            assert done[-1] == total and done[0] <= total, step
        totals[step] = total
    return totals


def several_parts(monkeypatch) -> None:
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 16 * 1024)
    monkeypatch.setattr(run, "_part_bytes", lambda conn, size, spare: size // 4)


def test_a_fresh_import_reads_scores_loads_rebuilds_and_commits(tmp_path, db_path, monkeypatch):
    """Its customers are scored a group of parts ahead of those inserted, on a thread of their own: the
    bar tells the scoring until the first part (the first group) is scored, then the inserting."""
    several_parts(monkeypatch)
    monkeypatch.setattr(staged, "STAGED_CHUNK", 300)
    parts = []
    real_part = Acceptor.part
    monkeypatch.setattr(Acceptor, "part", lambda self, part: parts.append(part) or real_part(self, part))
    file = extract(tmp_path / "extract.csv", 6_000)
    calls, summary = told(db_path, file, workers=0)
    assert summary.inserted == 6_000 and len(parts) >= 4
    assert steps(calls) == [READ, SCORE, LOAD, INDEX, COMMIT]
    totals = check_each_step_counts_up_to_its_total(calls)
    with sqlite3.connect(db_path) as conn:   # every index of customers is dropped for the load and built again
        indexes = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'"
                               " AND sql IS NOT NULL").fetchone()[0]
    assert indexes >= 7   # the call list's, the scoring's, the pool's ...
    assert totals == {READ: file.stat().st_size, SCORE: parts[0].rows, LOAD: 6_000, INDEX: indexes, COMMIT: None}
    scored = [d for step, d, _ in calls if step == SCORE]
    assert scored[0] == 0 and len(scored) > parts[0].rows // 300   # before the fits, then after every chunk
    loads = [d for step, d, _ in calls if step == LOAD]
    assert len(loads) >= 4 and loads[0] == 0 and len(set(loads)) == len(loads)   # at the start, then per part
    assert [d for step, d, _ in calls if step == INDEX] == list(range(indexes + 1))   # before the first, then after each


def test_a_reimport_scores_the_changed_customers_only(tmp_path, db_path):
    told(db_path, extract(tmp_path / "first.csv", 6_000))
    calls, summary = told(db_path, extract(tmp_path / "second.csv", 6_000, changed_every=10))
    assert summary.updated == 600
    assert steps(calls) == [READ, SCORE, COMMIT]
    assert check_each_step_counts_up_to_its_total(calls)[SCORE] == 600


def test_a_dry_run_never_says_it_commits(tmp_path, db_path):
    calls, summary = told(db_path, extract(tmp_path / "extract.csv", 300), dry_run=True)
    assert summary.inserted == 300 and summary.import_id is None
    assert steps(calls) == [READ, SCORE, LOAD]   # into an empty table; then rolled back, not committed


def test_the_bar_names_each_step_and_starts_again_for_it(tmp_path, db_path, monkeypatch):
    """The CLI's bar, drawn by rich on a terminal console, through a real import."""
    several_parts(monkeypatch)
    file = extract(tmp_path / "extract.csv", 6_000)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    seen = []
    with Progress("{task.description}", "{task.completed}/{task.total}", console=console, auto_refresh=False) as bar:
        shown = ImportProgress(bar)

        def show(step, done, total):
            shown(step, done, total)
            task = bar.tasks[0]
            seen.append((task.description, task.completed, task.total))
            bar.refresh()

        db = open_db(db_path)
        try:
            import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW, progress=show)
        finally:
            db.close()
    labels = [lab for lab, _ in itertools.groupby(description for description, *_ in seen)]
    assert labels == [label(READ), label(SCORE), label(LOAD), label(INDEX), label(COMMIT)]
    assert len(set(labels)) == 5
    for description, completed, total in seen:
        assert total is None or completed <= total, description
    score_starts = [(completed, total) for description, completed, total in seen if description == label(SCORE)][0]
    assert score_starts[0] == 0 and 0 < score_starts[1] < 6_000   # from nothing (not the read's bytes) to the first part
    drawn = out.getvalue()
    positions = [drawn.find(lab) for lab in labels]
    assert -1 not in positions and positions == sorted(positions)
    assert f"{label(LOAD)} 6000/6000" in drawn


def test_the_steps_are_translated():
    from workbench import i18n

    before = i18n.get_language()
    try:
        i18n.set_language("zh_CN")
        labels = [label(step) for step in (READ, SCORE, LOAD, INDEX, COMMIT, "a step not known")]
    finally:
        i18n.set_language(before)
    assert labels == ["正在读取文件", "正在为客户评分", "正在保存客户", "正在重建索引", "正在写入数据库", "正在导入"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_bar_stays_in_place_from_step_to_step(lang):
    """The label column is as wide as the widest label (in terminal cells: a Chinese character takes
    two), so the bar does not jump as the steps change."""
    from workbench import i18n

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    starts = []
    before = i18n.get_language()
    try:
        i18n.set_language(lang)
        with Progress(*ImportProgress.columns(), console=console, auto_refresh=False) as bar:
            shown = ImportProgress(bar)
            for step in (READ, SCORE, LOAD, INDEX, COMMIT):
                shown(step, 1, 2)
                bar.refresh()
                line = out.getvalue().rsplit("\r", 1)[-1]   # the line drawn last
                assert label(step) in line
                starts.append(cell_len(line[:line.index("━")]))
        widest = max(cell_len(label(step)) for step in (READ, SCORE, LOAD, INDEX, COMMIT))
    finally:
        i18n.set_language(before)
    assert len(set(starts)) == 1 and starts[0] > widest
