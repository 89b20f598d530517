"""The agenda's words: its care-suggestion section named as `workbench followups --suggest` names it, and a key
that does nothing on the highlighted row saying why rather than nothing."""

from __future__ import annotations

from tui_fixtures import NOW, settle, sync
from workbench.screens.app import WorkbenchApp


def headings(screen) -> list[str]:
    options = screen.query_one("#agenda")
    return [option.prompt.plain for option in (options.get_option_at_index(i) for i in range(options.option_count))
            if option.disabled]


def cli_heading(cli, db_file) -> str:
    """The heading `workbench followups --suggest` prints over the care suggestions, in Chinese."""
    result = cli("--db", db_file, "--now", NOW.isoformat(), "--lang", "zh_CN", "--user", "M1", "followups", "--suggest")
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line and not line.startswith(" ")][-1]   # the last heading


@sync
async def test_the_care_suggestions_are_named_as_the_cli_names_them(cli, db_file):
    said = cli_heading(cli, db_file)
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert said in headings(app.screen) and said.startswith("关怀建议（")
