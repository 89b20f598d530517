"""`?` help names every key of every screen: the list's own movement keys (j, k, home, end, space too), the
filters box, the reschedule box, the day summary and the yes/no question, from the screens' own bindings."""

from __future__ import annotations

from workbench.screens.help import key_sections


def test_help_has_a_section_for_every_screen_with_keys_and_every_key_of_the_list():
    sections = dict(key_sections())
    listed = {what: keys for keys, what in sections["Call list"]}
    assert (listed["Up"], listed["Down"], listed["Page down"]) == ("↑,k", "↓,j", "pgdn,space")
    assert ("home", "end") == (listed["First"], listed["Last"])
    assert dict((what, keys) for keys, what in sections["Filters"]) == {"Apply": "^s", "Cancel": "esc"}
    assert dict((what, keys) for keys, what in sections["Reschedule"]) == {"Save": "⏎", "Cancel": "esc"}
    assert dict((what, keys) for keys, what in sections["Day summary"]) == {"Back": "esc"}
    assert dict((what, keys) for keys, what in sections["A question (yes or no)"]) == {"Yes": "y", "No": "n,esc"}


def test_a_remapped_list_key_shows_as_remapped():
    listed = {what: keys for keys, what in dict(key_sections(keymap={"first": "g"}))["Call list"]}
    assert listed["First"] == "g"


def test_the_supervisors_section_leaves_out_the_pin_boxs_escape_which_everywhere_names():
    sections = dict(key_sections())
    assert ("esc", "Back") in sections["Everywhere"]
    assert all(what != "Back" for _keys, what in sections["Managers and hand-over (supervisors)"])
