"""The real app in a real terminal: tmux runs `python -m workbench`, we type and read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tui_fixtures import build

SIZE = ("100", "30")


SOCKET = f"workbench-test-{os.getpid()}"   # a private tmux server, never the user's own


def tmux(*args: str, check: bool = True) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=check, capture_output=True, text=True).stdout


def wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    """The pane's text once it shows `text`; fails with the last screen if it never does."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        if tmux("display-message", "-p", "-t", session, "#{pane_dead}").strip() == "1":
            pytest.fail(f"the app ended before {text!r} appeared; last screen:\n{screen}")
        time.sleep(0.1)
    pytest.fail(f"{text!r} never appeared on the terminal; last screen:\n{screen}")


def start(tmp_path, lang: str = "en", size: tuple[str, str] = SIZE) -> tuple[str, object]:
    """(tmux session, database) of the app started as M1 in a new pane of the private server."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed: this test drives the real app in a real terminal (apt-get install tmux).")
    db = build(tmp_path / "terminal.sqlite")
    session = f"workbench-test-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}   # the pane sets the size
    env.update(WORKBENCH_HOME=str(tmp_path / "home"), TERM="xterm-256color", LANG="C.UTF-8")
    command = f"'{sys.executable}' -m workbench --db '{db}' --now 2026-11-20T10:00:00 --lang {lang} --user M1"
    # remain-on-exit keeps the pane (and any error it printed) readable if the app stops early.
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", session, "-x", size[0], "-y", size[1], command,
                    ";", "set-option", "-t", session, "remain-on-exit", "on"], check=True, env=env)
    return session, db


def test_real_terminal_session(tmp_path):
    session, db = start(tmp_path)
    try:
        screen = wait_for(session, "138****0003")
        assert "Call list" in screen and "20 customers" in screen
        assert "138 0013 0003" not in screen         # masked on the list
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "Opening")         # the card with its script
        assert "王芳" in screen and "138 0013 0003" in screen   # the full number shows on the card, as dialled
        tmux("send-keys", "-t", session, "o")
        wait_for(session, "Line result")
        time.sleep(0.5)                               # let the form finish mounting, as a person would
        tmux("send-keys", "-t", session, "2", "C-s")   # at once, as a quick typist would: the digit counts
        wait_for(session, "张伟")                     # saved, on to the next customer's card
        tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        while tmux("display-message", "-p", "-t", session, "#{pane_dead}").strip() != "1":
            assert time.monotonic() < deadline, "ctrl+q did not end the app"
            time.sleep(0.1)
        # A clean exit: no non-zero status (tmux leaves it empty when it could not read one) and no traceback.
        assert tmux("display-message", "-p", "-t", session, "#{pane_dead_status}").strip() in ("", "0")
        assert "Traceback" not in tmux("capture-pane", "-p", "-t", session)
    finally:
        tmux("kill-server", check=False)
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT customer_id, line_result FROM outcomes").fetchall() == [("C0003", "no_answer")]


def test_a_toast_goes_even_when_the_card_scrolls_beneath_it(tmp_path):
    # Textual 8 left an expired toast on the terminal when anything had scrolled beneath it meanwhile (the
    # app repaints the screen once a toast has gone). The toast's "已" may be cut: Textual issue #6357.
    session, _db = start(tmp_path, lang="zh_CN", size=("100", "24"))
    try:
        wait_for(session, "138****0003")
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "开场白")
        tmux("send-keys", "-t", session, "o")
        wait_for(session, "通话结果")
        time.sleep(0.5)
        tmux("send-keys", "-t", session, "2")
        tmux("send-keys", "-t", session, "C-s")
        wait_for(session, "保存。")
        tmux("send-keys", "-t", session, "Down", "Down", "Down", "Down", "Down")
        deadline = time.monotonic() + 8               # the toast lasts 2 s
        while "保存" in (screen := tmux("capture-pane", "-p", "-t", session)):
            assert time.monotonic() < deadline, f"the toast stayed on the terminal:\n{screen}"
            time.sleep(0.2)
    finally:
        tmux("kill-server", check=False)
