"""An imported script's merge fields: a misspelt field, a lone brace or a field that the script's purpose never gives
a value outside square brackets refuses the whole file in one sentence naming each, and nothing is written; the
counts the scripts commands print are said in the singular for one."""

from __future__ import annotations

import pytest

from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.scripts import fill_script, parse_scripts_toml, shipped_scripts

ZH = ("--lang", "zh_CN")


def script(id: str = "en-wake-up-high-value", purpose: str = "wake_up", *, opening: str = "Hello {name}.",
           offer: str = "An offer.", close: str = "Bye.", extra: str = "") -> str:
    return (f'[[script]]\nid = "{id}"\npurpose = "{purpose}"\nlang = "en"\ntitle = "t"\nopening = "{opening}"\n'
            f'offer = "{offer}"\nclose = "{close}"\n{extra}')


# The tester's file: a misspelt field, one in the wrong case, a lone brace, beside a literal brace and an optional phrase.
MISSPELT = script(opening="Hello {nmae}, {{literal}} [{branch}的] x", offer="Offer for {tier} {Name}.", close="Bye {name.")


def stored(db_path) -> list[tuple]:
    return open_db(db_path).execute("SELECT script_id, opening, offer, close, objections FROM scripts ORDER BY 1").fetchall()


def imported(cli, db_path, tmp_path, text: str, *lang: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return cli("--db", db_path, *lang, "scripts", "import", path)


FIELDS_EN = ("a script may use the fields {name}, {manager}, {branch}, {tier}, {dormant_days}, {product}, {maturity_date},"
             " {festival}, {campaign}, {campaign_offer}, {interest}, {birthday_wish}, {opened}, {festival_wish}, {next_tier},"
             " {next_workday}, {second_workday} and {maturity_visit}, and {{ and }} for a brace itself.\n")
FIELDS_ZH = ("话术可用的字段有 {name}、{manager}、{branch}、{tier}、{dormant_days}、{product}、{maturity_date}、{festival}、"
             "{campaign}、{campaign_offer}、{interest}、{birthday_wish}、{opened}、{festival_wish}、{next_tier}、{next_workday}"
             "、{second_workday}和{maturity_visit}，花括号本身写作 {{和}}。\n")


@pytest.mark.parametrize("lang, said", [
    ((), "error: Nothing was imported from bad.toml: script 1 (en-wake-up-high-value) has the unknown field {nmae} in"
         " opening, the unknown field {Name} in offer and an unmatched brace in close (“Bye {name.”); " + FIELDS_EN),
    (ZH, "错误：bad.toml 中的话术均未导入：第 1 条话术（en-wake-up-high-value）有 opening 中的未知字段 {nmae}、offer 中的"
         "未知字段 {Name}和 close 中不成对的花括号（“Bye {name.”）；" + FIELDS_ZH),
])
def test_a_misspelt_field_or_a_lone_brace_refuses_the_file_and_writes_nothing(cli, db_path, tmp_path, lang, said):
    before = stored(db_path)
    result = imported(cli, db_path, tmp_path, MISSPELT, *lang)
    assert (result.exit_code, result.stderr, result.stdout) == (2, said, "")
    assert stored(db_path) == before


@pytest.mark.parametrize("lang, said", [
    ((), "error: Nothing was imported from bad.toml: script 2 (en-wake-up) has {campaign_offer} outside square brackets"
         ' in offer (it has a value only when purpose is "campaign") and {maturity_date} outside square brackets in'
         ' objections.no_need (it has a value only when purpose is "maturity_rollover"); ' + FIELDS_EN),
    (ZH, "错误：bad.toml 中的话术均未导入：第 2 条话术（en-wake-up）有 offer 中方括号外的 {campaign_offer}（仅当 purpose 为"
         "“campaign”时才有值）和 objections.no_need 中方括号外的 {maturity_date}（仅当 purpose 为“maturity_rollover”时"
         "才有值）；" + FIELDS_ZH),
])
def test_a_field_the_scripts_purpose_never_fills_is_refused_unless_in_brackets(cli, db_path, tmp_path, lang, said):
    # The campaign script may say the offer; the wake-up script, read to everyone, may not need it (nor a maturity).
    text = (script("en-campaign", "campaign", offer="{campaign_offer} [{festival} greetings.]")
            + script("en-wake-up", offer="{campaign_offer}", extra='objections = { no_need = "Due {maturity_date}." }\n'))
    before = stored(db_path)
    result = imported(cli, db_path, tmp_path, text, *lang)
    assert (result.exit_code, result.stderr) == (2, said)
    assert stored(db_path) == before
    # In square brackets the field is left out where it has no value: the wake-up script may hold it so.
    fine = text.replace('offer = "{campaign_offer}"', 'offer = "[{campaign_offer} ]Thanks."').replace(
        "Due {maturity_date}.", "[Due {maturity_date}.]")
    assert imported(cli, db_path, tmp_path, fine).exit_code == 0
    assert {row[0]: row[2] for row in stored(db_path)}["en-wake-up"] == "[{campaign_offer} ]Thanks."


def test_a_common_answer_is_named_once_though_every_script_of_its_language_takes_it(cli, db_path, tmp_path):
    text = ('[common_objections.en]\nother = "Noted {oops}, for {festival}."\n\n'
            + script() + script("en-wake-up") + script("en-festival", "festival", opening="Happy {festival}!"))
    result = imported(cli, db_path, tmp_path, text)
    assert result.exit_code == 2 and result.stderr == (
        "error: Nothing was imported from bad.toml: common_objections has the unknown field {oops} in en.other and"
        ' {festival} outside square brackets in en.other (it has a value only when purpose is "festival"); ' + FIELDS_EN)
    # Read only by festival greetings, or replaced by each other script's own answer, the festival is fine.
    own = 'objections = { other = "Noted." }\n'
    text = ('[common_objections.en]\nother = "Noted, for {festival}."\n\n' + script(extra=own)
            + script("en-wake-up", extra=own) + script("en-festival", "festival", opening="Happy {festival}!"))
    assert imported(cli, db_path, tmp_path, text).exit_code == 0


def test_literal_braces_and_every_shipped_script_pass():
    (ok,) = parse_scripts_toml(script(opening="Hello {name}, {{literal}} }}{{ [{branch}的] x"))
    assert fill_script(ok.opening, {"name": "Mr Li", "branch": ""}) == "Hello Mr Li, {literal} }{  x"
    assert len(parse_scripts_toml(script(opening="{{{name}}}"))) == 1
    assert {s.script_id for s in shipped_scripts()} >= {"en-wake-up", "zh-campaign", "en-birthday"}
    for text in ("{name", "name}", "{name}}", "{{name}", "{ name }", "{0}", "{}"):
        with pytest.raises(WorkbenchError, match="Nothing was imported"):
            parse_scripts_toml(script(close=text))


@pytest.mark.parametrize("lang, one, many, seeded", [
    # The import says added, changed and unchanged (the script given replaces a shipped one of its id).
    ((), "Scripts in {name}: 0 added, 1 changed, 0 unchanged.\n", "Exported 20 scripts to ", "Added 0 default scripts.\n"),
    (ZH, "{name} 中的话术：新增 0 条，更新 1 条，0 条不变。\n", "已将 20 条话术导出到 ", "已添加 0 条默认话术。\n"),
])
def test_the_counts_are_said_in_the_singular_for_one(cli, db_path, tmp_path, lang, one, many, seeded):
    path = tmp_path / "one.toml"
    path.write_text(script(), encoding="utf-8")
    assert cli("--db", db_path, *lang, "scripts", "import", path).stdout == one.format(name=path.name)
    assert cli("--db", db_path, *lang, "scripts", "export", tmp_path / "all.toml").stdout.startswith(many)
    assert cli("--db", db_path, *lang, "scripts", "seed").stdout == seeded
    open_db(db_path).execute("DELETE FROM scripts WHERE script_id = 'zh-wake-up'")
    assert cli("--db", db_path, "scripts", "seed").stdout == "Added 1 default script.\n"
