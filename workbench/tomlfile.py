"""TOML files head office and supervisors edit by hand (campaigns, call scripts): read, or refused in one sentence
in the interface language that says where the file is wrong (line and column) and what is wrong there.

tomllib says its problems in English ("Illegal character '\\n' (at line 370, column 18)"); each is said here in the
catalogue's words instead, so a Chinese sentence holds no English; a problem not known here (another Python's
wording) is said as a syntax error, with tomllib's words kept in brackets.
"""

from __future__ import annotations

import ast
import re
import tomllib

from workbench.errors import WorkbenchError
from workbench.i18n import N_, gettext as _

# tomllib's messages (Python 3.11-3.13), each with what it means to someone editing the file; the first that matches.
_PROBLEMS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(pattern), words) for pattern, words in (
    # A string the line or the file ends in (tomllib: a newline in it, or no closing quote before the end).
    (r"^(?:Unterminated string|(?:Illegal|Found invalid) character '\\n'|Expected (?:\"'\"|\"'''\"|'\"\"\"'))$",
     N_("a string is missing its closing quote")),
    (r"^(?:Illegal|Found invalid) character (?P<char>.+)$",
     N_("a string holds the control character {char}; write it as an escape such as \\t")),
    (r"^Unescaped '\\' in a string$",
     N_("a backslash in a string starts no escape; write \\\\ for a backslash, or put the text in single quotes")),
    (r"^(?:Invalid hex value|Escaped character is not a Unicode scalar value)$",
     N_("a \\u or \\U escape names no character")),
    (r"^Expected '=' after a key in a key/value pair$", N_("a key is not followed by =")),
    (r"^Expected '\]' at the end of a table declaration$", N_("a [table] heading is not closed with ]")),
    (r"^Expected '\]\]' at the end of an array declaration$", N_("a [[table]] heading is not closed with ]]")),
    (r"^Expected newline or end of document after a statement$",
     N_("something follows the value on its line (a quote too many, or a missing comma?)")),
    (r"^Invalid value$", N_("the value is not one TOML knows (text needs quotes around it)")),
    (r"^Invalid statement$", N_("the line is neither key = value nor a [table] heading")),
    (r"^Invalid date or datetime$", N_("the date or time is not a real one")),
    (r"^Invalid initial character for a key part$", N_("a key starts with a character a bare key cannot have; put the"
                                                        " key in quotes")),
    (r"^Unclosed array$", N_("a list in square brackets is not closed")),
    (r"^Unclosed inline table$", N_("an inline table in curly brackets is not closed")),
    (r"^(?:Cannot declare|Cannot redefine namespace|Cannot mutate immutable namespace) (?P<key>.+?)(?: twice)?$",
     N_("{key} is defined twice")),
    (r"^Duplicate inline table key (?P<key>.+)$", N_("the key {key} appears twice")),
    (r"^Cannot overwrite a value$", N_("a key is given a value twice")),
))
_AT = re.compile(r"^(?P<message>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$", re.S)


def problem(exc: tomllib.TOMLDecodeError) -> str:
    """Where the file is wrong and what is wrong there, in the interface language: 'line 370, column 18: a string is
    missing its closing quote'."""
    found = _AT.match(str(exc))
    message = found["message"] if found else str(exc)
    where = (_("line {line}, column {column}").format(line=found["line"], column=found["column"]) if found and found["line"]
             else _("at the end of the file") if found else None)
    what = next((_(words).format(**{name: _dotted(value) for name, value in match.groupdict().items()})
                 for pattern, words in _PROBLEMS if (match := pattern.match(message))), None)
    if what is None:   # another Python's wording: said as what it is, its words kept
        what = _("a syntax error ({detail})").format(detail=message)
    return what if where is None else _("{where}: {problem}").format(where=where, problem=what)


def _dotted(text: str) -> str:
    """A key as tomllib names it, ('campaign', 'title'), as the file writes it: campaign.title; other text as it is."""
    try:
        key = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return ".".join(key) if isinstance(key, tuple) and all(isinstance(part, str) for part in key) else text


def loads(text: str, source: str) -> dict:
    """text read as TOML; a file that is not is one WorkbenchError sentence naming source and saying what is wrong
    where (problem)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorkbenchError(_("{file} is not valid TOML: {problem}.").format(file=source, problem=problem(exc))) from None
