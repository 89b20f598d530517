"""What the terminal a command runs on can show: one whose encoding cannot write Chinese (a Latin-1 locale, ASCII
without Python's UTF-8 coercion) is told so in one sentence, instead of a listing cut off by UnicodeEncodeError.

The rule: what can be shown is shown. A Chinese session says everything in Chinese, and the app draws the customers'
names and Chinese or box-drawing characters on every screen, so both are refused before anything is done or written.
An English session's command runs, its standard output held until it ends: output of English words, numbers and
ids (doctor, init, backup, import's counts, a branch whose customers have Latin names) is printed whole; output
holding a character the console cannot show is replaced by the sentence, with exit 2, unless the command saved a
change (a hand-over, a give-back): then the sentence says the change was saved, not to run the command again, and
what to set to see its output, with exit 0, as exit 2 would have a user or a script do the work twice. Deciding by
the output and not by the command keeps every command that can work working, and never prints half a listing. --json
is always written, in UTF-8 (base.echo_json), as JSON between programs is.
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager

from workbench.cli.base import writes_watched
from workbench.errors import WorkbenchError
from workbench.i18n import N_, gettext, get_language

# Chinese as a name or a script holds it: a console whose encoding writes these writes Chinese (UTF-8, GB18030, GBK).
_CHINESE = "客户姓名话术"

CANNOT_SHOW = N_("This terminal's character set, {encoding}, cannot show all the workbench prints, the customers'"
                 " Chinese names first; set {variable}=zh_CN.UTF-8 (or another UTF-8 locale) or PYTHONIOENCODING=utf-8"
                 " and run it again.")
SAVED_NOT_SHOWN = N_("the change was saved, but this terminal's character set, {encoding}, cannot show what the"
                     " workbench printed about it, the customers' Chinese names first; do not run it again: set"
                     " {variable}=zh_CN.UTF-8 (or another UTF-8 locale) or PYTHONIOENCODING=utf-8 to see such output.")


def shows_chinese(stream) -> bool:
    """Whether text written to stream (standard output or error) may hold Chinese."""
    try:
        _CHINESE.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _sentence(stream, lang: str, said: str = CANNOT_SHOW) -> str:
    """CANNOT_SHOW (or said) in lang for stream, naming the variable that sets the encoding here (LC_ALL outweighs
    LANG)."""
    variable = next((name for name in ("LC_ALL", "LC_CTYPE") if os.environ.get(name)), "LANG")
    encoding = (getattr(stream, "encoding", None) or "?").upper()
    return gettext(said, lang).format(encoding=encoding, variable=variable)


def cannot_show(stream, *, saved: bool = False) -> str:
    """The error line for a stream that cannot show Chinese, or with saved the note that a change was saved all the
    same: in the interface language where standard error can show it, else in English."""
    lang = get_language() if shows_chinese(sys.stderr) else "en"
    if saved:
        return gettext("note: {note}", lang).format(note=_sentence(stream, lang, SAVED_NOT_SHOWN))
    return gettext("error: {message}", lang).format(message=_sentence(stream, lang))


def refuse_unless_chinese_shown(*streams) -> None:
    """The app's check: a WorkbenchError (exit 2) where one of streams cannot show Chinese."""
    for stream in streams:
        if not shows_chinese(stream):
            raise WorkbenchError(_sentence(stream, get_language()))


class _Held(io.StringIO):
    """Standard output held until the command ends, noting the first character its console cannot show; to Rich and
    Click it is the console itself (its encoding, whether it is a terminal)."""

    def __init__(self, real) -> None:
        super().__init__()
        self.real = real
        self.unshown: str | None = None

    @property
    def encoding(self) -> str:
        return self.real.encoding

    @property
    def errors(self) -> str:
        return self.real.errors or "strict"

    def write(self, text: str) -> int:
        if self.unshown is None:
            try:
                text.encode(self.encoding, self.errors)
            except UnicodeEncodeError as exc:
                self.unshown = text[exc.start]
        return super().write(text)

    def isatty(self) -> bool:
        return self.real.isatty()

    def fileno(self) -> int:
        return self.real.fileno()


# The commands whose work is a change a second run would make again (a second call logged, a second hand-over): only
# these say "the change was saved" when their output cannot be shown. The rest write, if at all, as housekeeping (a
# list scored for the day, an audit entry of what was read, a database created or migrated), which running them again
# repeats harmlessly, so a listing that could not be shown is still a failure to show it.
CHANGES = frozenset({
    "log", "reassign", "restore", "import customers", "import bundle", "branch set", "campaigns import",
    "followup add", "followup move", "followup done", "followup cancel", "pool assign", "scripts import",
    "scripts seed", "settings set", "settings unset", "terminal new-id", "staff add", "staff set", "staff hand-over",
    "staff give-back", "staff pin", "privacy erase",
})


def names_a_change(args: list[str]) -> bool:
    """Whether the command line names one of CHANGES."""
    import typer

    from workbench.cli.base import app
    from workbench.cli.usage import command_path

    return command_path(typer.main.get_command(app), args).removeprefix("workbench ") in CHANGES


@contextmanager
def shown_as_it_can(args: list[str]):
    """Run a command line (args) under the rule of this module: on a console that shows Chinese, or for --json,
    nothing changes; else a Chinese session is refused at once, and an English one's output is held and printed
    whole, or replaced by the sentence (exit 2) if it holds what the console cannot show: by the note that the change
    was saved (exit 0) when the command is one of CHANGES and saved one."""
    real = sys.stdout
    if shows_chinese(real) or "--json" in args:
        yield
        return
    if get_language() == "zh_CN":
        print(cannot_show(real), file=sys.stderr)
        raise SystemExit(2)
    held = sys.stdout = _Held(real)
    with writes_watched() as watched:
        def saved() -> bool:   # asked only of output that could not be shown, of a command that ended well
            return names_a_change(args) and watched()

        try:
            yield
        except SystemExit as exc:
            code = _released(held, saved if exc.code in (0, None) else None)
            if code is None or exc.code not in (0, None):
                raise
            raise SystemExit(code) from None
        except BaseException:
            _released(held)
            raise
        else:
            code = _released(held, saved)
            if code is not None:
                raise SystemExit(code)
        finally:
            sys.stdout = real


def _released(held: _Held, saved=None) -> int | None:
    """Standard output given back: what was held written out if the console can show it all (None), else the
    sentence said instead, and the exit code it goes with: 0 where the command ended well having saved a change
    (saved(), asked only then), else 2. A command that failed is not asked: its own error says what happened."""
    sys.stdout = held.real
    if held.unshown is not None:
        done = saved is not None and saved()
        print(cannot_show(held.real, saved=done), file=sys.stderr)
        return 0 if done else 2
    held.real.write(held.getvalue())
    held.real.flush()
    return None
