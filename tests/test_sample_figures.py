"""The figures the README quotes from the committed sample, read again from a copy of it: a sample regenerated with
other figures fails here until the README says the new ones."""

from __future__ import annotations

import json

from tui_fixtures import sample_copy

MONTH = ("--since", "2026-10-21", "--until", "2026-11-20")


def test_the_readme_figures_of_the_samples_month(cli, tmp_path):
    db = sample_copy(tmp_path)
    out = tmp_path / "p.csv"
    wrote = cli("--db", db, "--user", "S001", "export", "outcomes", "--out", out, *MONTH)
    assert wrote.exit_code == 0, wrote.stderr
    assert wrote.stdout.strip() == (f"Wrote 2,942 outcomes to {out} (17 of them corrected later: 2,925 contacts, as the"
                                    " report counts them).")
    shown = cli("--db", db, "--user", "S001", "report", "--json", *MONTH)
    assert shown.exit_code == 0, shown.stderr
    report = json.loads(shown.stdout)
    assert report["total"]["confirmed"] == 88   # "Confirmed by head office" after migration 125
    interested = {row["code"]: row["count"] for row in report["why_not"] if row["step"] == "interested"}
    assert (interested["not_interested"], interested["not_interested"] + interested["no_followup"]) == (49, 71)
