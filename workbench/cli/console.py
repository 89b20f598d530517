"""What the terminal a command runs on can show: one whose encoding cannot write Chinese (a Latin-1 locale, ASCII
without Python's UTF-8 coercion) is told so in one sentence, instead of a listing cut off by UnicodeEncodeError.

The rule: what can be shown is shown. A Chinese session says everything in Chinese, and the app draws the customers'
names and Chinese or box-drawing characters on every screen, so both are refused before anything is done or written.
An English session's command runs, its standard output held until it ends: output of English words, numbers and
ids (doctor, init, backup, import's counts, a branch whose customers have Latin names) is printed whole; output
holding a character the console cannot show is replaced by the sentence, with exit 2. Deciding by the output and not
by the command keeps every command that can work working, and never prints half a listing. --json is always
written, in UTF-8 (base.echo_json), as JSON between programs is.
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager

from workbench.errors import WorkbenchError
from workbench.i18n import N_, gettext, get_language

# Chinese as a name or a script holds it: a console whose encoding writes these writes Chinese (UTF-8, GB18030, GBK).
_CHINESE = "客户姓名话术"

CANNOT_SHOW = N_("This terminal's character set, {encoding}, cannot show all the workbench prints, the customers'"
                 " Chinese names first; set {variable}=zh_CN.UTF-8 (or another UTF-8 locale) or PYTHONIOENCODING=utf-8"
                 " and run it again.")


def shows_chinese(stream) -> bool:
    """Whether text written to stream (standard output or error) may hold Chinese."""
    try:
        _CHINESE.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _sentence(stream, lang: str) -> str:
    """CANNOT_SHOW in lang for stream, naming the variable that sets the encoding here (LC_ALL outweighs LANG)."""
    variable = next((name for name in ("LC_ALL", "LC_CTYPE") if os.environ.get(name)), "LANG")
    encoding = (getattr(stream, "encoding", None) or "?").upper()
    return gettext(CANNOT_SHOW, lang).format(encoding=encoding, variable=variable)


def cannot_show(stream) -> str:
    """The error line for a stream that cannot show Chinese: in the interface language where standard error can
    show it, else in English."""
    lang = get_language() if shows_chinese(sys.stderr) else "en"
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


@contextmanager
def shown_as_it_can(args: list[str]):
    """Run a command line (args) under the rule of this module: on a console that shows Chinese, or for --json,
    nothing changes; else a Chinese session is refused at once, and an English one's output is held and printed
    whole, or replaced by the sentence (exit 2) if it holds what the console cannot show."""
    real = sys.stdout
    if shows_chinese(real) or "--json" in args:
        yield
        return
    if get_language() == "zh_CN":
        print(cannot_show(real), file=sys.stderr)
        raise SystemExit(2)
    held = sys.stdout = _Held(real)
    try:
        yield
    except SystemExit as exc:
        if _released(held) or exc.code not in (0, None):
            raise
        raise SystemExit(2) from None
    except BaseException:
        _released(held)
        raise
    else:
        if not _released(held):
            raise SystemExit(2)
    finally:
        sys.stdout = real


def _released(held: _Held) -> bool:
    """Standard output given back: what was held written out if the console can show it all (True), else the
    sentence said instead (False)."""
    sys.stdout = held.real
    if held.unshown is not None:
        print(cannot_show(held.real), file=sys.stderr)
        return False
    held.real.write(held.getvalue())
    held.real.flush()
    return True
