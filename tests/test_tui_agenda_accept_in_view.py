"""Accepting a suggestion on a long agenda (the sample's, 80x24) leaves the highlight in sight, on the next
suggestion: the accepted one is a follow-up above now, so `a` again accepts what the manager sees. The highlight
was left on the row index, by then the suggestions' heading, which Textual neither acts on nor scrolls to. An
agenda opened afresh starts on its first follow-up, not on a heading."""

from __future__ import annotations

from datetime import datetime

from tui_fixtures import NOW, build, pressed, sample_copy, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp


def in_view(options) -> bool:
    """Whether the highlighted row's lines are all inside the list's visible rows."""
    first = options._index_to_line[options.highlighted]
    last = first + options._heights[options.highlighted] - 1
    top = round(options.scroll_y)
    return top <= first and last < top + options.scrollable_content_region.height


def highlighted_id(options) -> str:
    return options.get_option_at_index(options.highlighted).id


@sync
async def test_accept_keeps_the_next_suggestion_highlighted_and_in_view(tmp_path):
    app = WorkbenchApp(sample_copy(tmp_path), now=datetime(2026, 11, 20, 10, 0), lang="zh_CN", user="M001")
    async with app.run_test(size=(80, 24)) as pilot:
        agenda = await pressed(pilot, AgendaScreen, "f")
        options = agenda.query_one("#agenda")
        ids = [options.get_option_at_index(n).id for n in range(options.option_count)]
        first = next(n for n, key in enumerate(ids) if key and key.startswith("suggestion-"))
        rows_between = [n for n in range(options.highlighted, first) if not options.get_option_at_index(n).disabled]
        await pilot.press(*["down"] * len(rows_between))   # the headings are passed over
        await settle(pilot)
        assert highlighted_id(options) == ids[first] and in_view(options)
        # Below the first screenful of the list: the agenda had to scroll to it.
        assert options._index_to_line[options.highlighted] >= options.scrollable_content_region.height > 0
        assert options.scroll_y > 0
        for accepted, following in ((ids[first], ids[first + 1]), (ids[first + 1], ids[first + 2])):
            await pilot.press("a")
            await settle(pilot, 5)
            assert accepted not in agenda.items   # a follow-up now, above
            assert highlighted_id(options) == following and in_view(options)


@sync
async def test_an_agenda_with_nothing_overdue_opens_on_its_first_follow_up_not_a_heading(tmp_path):
    app = WorkbenchApp(build(tmp_path / "agenda.sqlite"), now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        options = (await pressed(pilot, AgendaScreen, "f")).query_one("#agenda")
        assert options.get_option_at_index(0).prompt.plain == "Overdue (0)"
        assert highlighted_id(options) == "F-0003"   # due today, under the next heading
