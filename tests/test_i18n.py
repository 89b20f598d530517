"""The Chinese catalogue covers every message the code writes, with the same placeholders."""

import ast
import re
import string
import tomllib
from pathlib import Path

from workbench.i18n import CONTEXT_SEPARATOR, catalogue, catalogue_files, gettext, pgettext, read_catalogue_file

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("workbench", "screens", "db") for p in sorted((ROOT / folder).rglob("*.py"))]


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages() -> list[tuple[str, str]]:
    """(where, message) for each literal given to _() or gettext(), and each form given to ngettext(),
    days_phrase() or _plural(); a literal given to pgettext() with its context, as the catalogue keys it."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Name, ast.Attribute)):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in ("_", "gettext", "N_") and node.args and _literal(node.args[0]) is not None:
                found.append((where, _literal(node.args[0])))
            elif name == "pgettext" and len(node.args) >= 2 and None not in map(_literal, node.args[:2]):
                found.append((where, _literal(node.args[0]) + CONTEXT_SEPARATOR + _literal(node.args[1])))
            elif name in ("ngettext", "days_phrase"):   # (one, many, n) / (days, today, one, many)
                forms = node.args[:2] if name == "ngettext" else node.args[1:4]
                found += [(where, _literal(form)) for form in forms if _literal(form) is not None]
            elif name == "_plural":
                found += [(where, _literal(form)) for pair in node.args[2:] for form in getattr(pair, "elts", [])
                          if _literal(form) is not None]
    return found


# Calls whose first argument a person reads: an error's sentence, a line the CLI prints, a refusal's message.
_SHOWN = {"WorkbenchError": 0, "echo": 0, "print": 0, "refuse": 3}
_WORD = re.compile(r"[A-Za-z]{2,}")


def untranslated() -> list[str]:
    """Where an English sentence is written as a literal or an f-string straight into something shown, so
    --lang zh_CN would show it in English (table rows of placeholders and punctuation are not sentences)."""
    return [f"{path.relative_to(ROOT)}:{found}" for path in SOURCES for found in _untranslated_in(path.read_text(encoding="utf-8"))]


def _untranslated_in(text: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Name, ast.Attribute)):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        if name not in _SHOWN or len(node.args) <= _SHOWN[name]:
            continue
        arg = node.args[_SHOWN[name]]
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "format":
            arg = arg.func.value   # "...{x}...".format(x=...): the literal is what is shown
        parts = [arg] if isinstance(arg, ast.Constant) else arg.values if isinstance(arg, ast.JoinedStr) else []
        words = "".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
        if _WORD.search(words):
            found.append(f"{node.lineno}: {ast.get_source_segment(text, arg)[:90]}")
    return found


def test_the_untranslated_scan_reads_literals_f_strings_and_formatted_literals():
    source = ('raise WorkbenchError("No such customer.")\n'
              'typer.echo(f"Saved {n} rows")\n'
              'refuse(conn, staff, action, "Only {who} may.".format(who=x), at=now)\n'
              'typer.echo(_("Saved {n} rows").format(n=n))\n'
              'typer.echo(f"{a} | {b}")\n')
    assert [line.split(":")[0] for line in _untranslated_in(source)] == ["1", "2", "3"]


def test_every_sentence_shown_goes_through_the_catalogue():
    assert untranslated() == []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_scan_finds_the_messages_it_should():
    """The scan itself: a summary line given to _plural, and a plain _() message, are both found."""
    found = {message for _, message in messages()}
    assert "Read {rows} row from {name} ({kind}{enc})." in found and len(found) > 200
    assert {"{n} customer", "in {n} days", "birthday today", "birthday tomorrow"} <= found


def test_every_message_has_a_chinese_form_with_the_same_placeholders():
    chinese = catalogue("zh_CN")
    missing = [f"{where}: {message!r}" for where, message in messages() if message not in chinese]
    assert missing == []
    differ = [f"{where}: {chinese[message]!r}" for where, message in messages() if _fields(chinese[message]) != _fields(message)]
    assert differ == []


def test_each_message_is_in_one_catalogue_file():
    """Files are merged into one catalogue, so a message in two files would take the last file's word
    everywhere (the export once headed its outcome column 登记, the call list's key); a second sense
    belongs in a context table, looked up with pgettext()."""
    where: dict[str, list[str]] = {}
    for path in catalogue_files("zh_CN"):
        for message in read_catalogue_file(path):
            where.setdefault(message, []).append(path.name)
    assert {message: files for message, files in where.items() if len(files) > 1} == {}
    assert len(where) > 900


def test_a_context_entry_is_used_only_in_its_context():
    assert pgettext("export", "Outcome", "zh_CN") == "业务结果" and gettext("Outcome", "zh_CN") == "登记"
    assert pgettext("export", "Customer name", "zh_CN") == gettext("Customer name", "zh_CN") == "客户姓名"
    assert pgettext("export", "Outcome", "en") == "Outcome"


# An ASCII , ; : ! ? ( or ) touching a Chinese character, outside {placeholders}: Chinese text takes the full-width forms.
_HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,;:!?()]|[,;:!?()][\u4e00-\u9fff]")


def _chinese_texts() -> list[str]:
    """Every Chinese text the product shows: the catalogue and the default scripts."""
    scripts = tomllib.loads((ROOT / "workbench" / "data" / "default_scripts.toml").read_text(encoding="utf-8"))
    texts = [*catalogue("zh_CN").values(), *scripts["common_objections"]["zh_CN"].values()]
    for script in (s for s in scripts["script"] if s["lang"] == "zh_CN"):
        texts += [v for v in [*script.values(), *script.get("objections", {}).values()] if isinstance(v, str)]
    return texts


def test_chinese_text_uses_full_width_punctuation():
    texts = _chinese_texts()
    half = [text for text in texts if _HALF_WIDTH.search(re.sub(r"\{[^}]*\}", "", text))]
    assert half == [] and len(texts) > 300


# One Chinese word per concept across the product: the words on the left were once used beside those on
# the right, and a manager reading both would take them for two things.
_VARIANTS = {"分群": "客群", "不感兴趣": "无意向"}


def test_one_chinese_word_per_concept():
    texts = _chinese_texts()
    assert [t for t in texts if any(v in t for v in _VARIANTS)] == []
    # A value tier is 档位 (风险等级 is the risk level, another thing).
    assert [t for t in texts if "等级" in t.replace("风险等级", "")] == []


def test_an_enumeration_in_a_chinese_sentence_takes_the_enumeration_comma():
    """'可选：reached, no_answer' set ASCII commas in Chinese; code lists, names and ids in sentences are joined
    with 、 there (join_list), and stay 'a, b' in English."""
    import pytest

    from workbench.errors import WorkbenchError
    from workbench.i18n import LANGUAGES, join_list, set_language

    assert join_list(["reached", "no_answer"], "zh_CN") == "reached、no_answer"
    assert join_list(["reached", "no_answer"], "en") == "reached, no_answer"
    set_language("zh_CN")   # conftest puts English back after the test
    with pytest.raises(WorkbenchError) as refused:
        set_language("fr")
    assert "、".join(LANGUAGES) in str(refused.value) and ", " not in str(refused.value)
