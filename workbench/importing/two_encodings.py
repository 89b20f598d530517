"""Text in two encodings, as two exports joined give (one UTF-8, one GBK): one sentence naming the first
line in the other encoding.

A GBK file's later UTF-8 lines often decode as GB18030 without an error (two UTF-8 Chinese characters
are six bytes, which GB18030 reads as three other characters), so names would come in garbled without
a word. Such a line is told by what it reads as: valid UTF-8 holding Chinese characters, all of them
everyday ones (GB2312) read so, and some not read as GB18030 (see reads_as_utf8).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.i18n import _

# Each byte's class for a fast search: L leads a UTF-8 CJK character (U+4000-U+9FFF), C continues one.
_CLASSES = bytes(ord("L") if 0xE4 <= b <= 0xE9 else ord("C") if 0x80 <= b <= 0xBF else ord(".") for b in range(256))
_TWO_CJK = b"LCCLCC"   # two CJK characters in a row as UTF-8: in any Chinese name so written, rare in GBK text
_LINE_END = re.compile(rb"[\r\n]")
_BREAK = re.compile(rb"\r\n|\r|\n")
_LOOK_BACK = 64 * 1024   # how far before a line that reads as UTF-8 the start of its UTF-8 lines is looked for
_CARRY_LIMIT = 1 << 20   # a line longer than this (no extract's) is not checked, so memory stays flat


def two_encodings_error(name: str, main: str, line: int, other: str | None, more: bool) -> WorkbenchError:
    """The one sentence for a file in `main` encoding but for line `line` (and `more` after it) in `other`."""
    if other and more:
        text = _("{name} is {main} except line {line} and others after it, which are in another encoding "
                 "({other}?); save the file again in one encoding (were two files joined?).")
    elif other:
        text = _("{name} is {main} except line {line}, which is in another encoding ({other}?); save the file "
                 "again in one encoding (were two files joined?).")
    elif more:
        text = _("{name} is {main} except line {line} and others after it, which are in another encoding; save "
                 "the file again in one encoding (were two files joined?).")
    else:
        text = _("{name} is {main} except line {line}, which is in another encoding; save the file again in one "
                 "encoding (were two files joined?).")
    return WorkbenchError(text.format(name=name, main=main, line=line, other=other))


def reads_as_utf8(line: bytes) -> bool:
    """Whether a line of bytes (valid as GB18030 or not) is UTF-8 Chinese: two CJK characters in a row as
    UTF-8, the whole line valid UTF-8 and every character of it so read in GB2312 (the everyday
    characters and symbols), while read as GB18030 some are not. UTF-8 read as GB18030 gives rare
    characters and symbols; the rare GBK line that is valid UTF-8 reads as rare characters in UTF-8,
    or is everyday text read either way and stays GBK."""
    if line.translate(_CLASSES).find(_TWO_CJK) < 0:
        return False
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _uncommon(text) and _uncommon(line.decode("gb18030", "replace")) > 0


def _uncommon(text: str) -> int:
    """How many of text's characters are neither ASCII nor in GB2312 (the 7,445 everyday characters)."""
    common = _gb2312()
    return sum(1 for c in text if c > "\x7f" and c not in common)


def lines_before(lines: list[bytes]) -> int:
    """How many lines before a line that reads as UTF-8 the UTF-8 text begins: back over the lines just
    before it that are valid UTF-8 holding a CJK character (a name too rare to tell alone is UTF-8 next to
    UTF-8 lines) and ASCII lines among them, to the earliest such line; lines are given in file order."""
    back = 0
    for k, line in enumerate(reversed(lines), 1):
        if line.isascii():
            continue
        try:
            if not any("\u3400" <= c <= "\u9fff" for c in line.decode("utf-8")):
                break
        except UnicodeDecodeError:
            break
        back = k
    return back


@lru_cache(maxsize=1)
def _gb2312() -> frozenset[str]:
    pairs = (bytes((high, low)) for high in range(0xA1, 0xF8) for low in range(0xA1, 0xFF))
    return frozenset(pair.decode("gb2312", "replace") for pair in pairs) - {"\ufffd"}


def utf8_lines(data: bytes, end: int, begin: int = 0) -> Iterator[int]:
    """Where each line (ended by CR or LF) of data[begin:end] that reads as UTF-8 starts, in order; only
    lines holding two CJK characters in a row as UTF-8 (found by one translate and find) are decoded."""
    classes = data.translate(_CLASSES)
    at = classes.find(_TWO_CJK, begin, end)
    while at >= 0:
        start = max(data.rfind(b"\n", begin, at), data.rfind(b"\r", begin, at), begin - 1) + 1
        found = _LINE_END.search(data, at, end)
        stop = found.start() if found else end
        if reads_as_utf8(data[start:stop]):
            yield start
        at = classes.find(_TWO_CJK, stop, end)


class Utf8Watch(io.RawIOBase):
    """A file of text detected as GB18030, read through this, refuses the first line that reads as UTF-8
    (see reads_as_utf8) in one sentence, as soon as the line's end is read: read as GB18030 it would give
    garbled names without an error. Lines are numbered as csv numbers them (CR LF, LF or a lone CR)."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.fh = path.open("rb")
        self.at = 0            # where in the file `carry` starts
        self.carry = b""       # the start of a line whose end is not read yet
        self.skipping = False  # inside a line too long to check, until its end

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.fh.read(size)
        self._check(chunk, final=not chunk)
        return chunk

    def readinto(self, buffer) -> int:   # as a buffered reader reads, for a text reader over it
        size = self.fh.readinto(buffer)
        self._check(bytes(memoryview(buffer)[:size]), final=not size)
        return size

    def tell(self) -> int:
        return self.fh.tell()

    def fileno(self) -> int:
        return self.fh.fileno()

    def close(self) -> None:
        self.fh.close()
        super().close()

    def _check(self, chunk: bytes, final: bool) -> None:
        """Check the lines that end in chunk; the line begun before it is checked on its own, so the chunk
        is never joined to what came before."""
        end = len(chunk) if final else max(chunk.rfind(b"\n"), chunk.rfind(b"\r")) + 1
        if not end and not final:
            self._keep(chunk)
            return
        found = _LINE_END.search(chunk, 0, end)
        first_end = found.start() if found else end
        starts = self._starts(chunk, first_end, end)
        first = next(starts, None)
        if first is not None:
            line, before = _line_at(self.path, first)
            back = lines_before(before)
            raise two_encodings_error(self.path.name, "GBK", line - back, "UTF-8",
                                      back > 0 or next(starts, None) is not None)
        self.at += len(self.carry) + end
        self.carry, self.skipping = b"", False
        self._keep(chunk[end:])

    def _starts(self, chunk: bytes, first_end: int, end: int) -> Iterator[int]:
        """Where in the file each line that reads as UTF-8 and ends in chunk[:end] starts: first the line
        begun before the chunk, which ends at first_end (unless too long to check), then the others."""
        if not self.skipping and reads_as_utf8(self.carry + chunk[:first_end]):
            yield self.at
        base = self.at + len(self.carry)
        for start in utf8_lines(chunk, end, first_end):
            yield base + start

    def _keep(self, rest: bytes) -> None:
        """Hold the start of a line whose end is not read yet, unless the line is too long to check."""
        self.carry += rest
        if len(self.carry) > _CARRY_LIMIT:
            self.at += len(self.carry)
            self.carry, self.skipping = b"", True


def _line_at(path: Path, offset: int) -> tuple[int, list[bytes]]:
    """The number of the line that starts at byte `offset` of the file, line ends counted as csv counts
    them, and the whole lines in the 64 KB before it; the file is read again up to there (only to name
    a line in a refusal)."""
    breaks, last, tail, at = 0, b"", b"", 0
    with path.open("rb") as fh:
        while at < offset and (chunk := fh.read(min(offset - at, 1 << 20))):
            at += len(chunk)
            breaks += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n") - (last == b"\r" and chunk[:1] == b"\n")
            last, tail = chunk[-1:], (tail + chunk)[-_LOOK_BACK:]
    lines = _BREAK.split(tail)[:-1]   # the tail ends with the break before the line at offset
    return breaks + 1, lines if len(tail) == at else lines[1:]   # a cut tail begins inside a line
