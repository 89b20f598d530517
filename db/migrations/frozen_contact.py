"""The retry delay of the contact rules that migrations 124 and 133 share: their own copy of workbench.rules' rule as
it was when they were written, frozen with them. rules' may come to change, and a migration must do the same on any
database whenever it runs, so nothing here changes once a migration uses it; one that needs another rule has its own."""

from datetime import datetime, time, timedelta

RETRY_RESULTS = ("no_answer", "busy", "phone_off")


def retry_block(attempts: list, settings) -> tuple[datetime, str] | None:
    """The retry delay after the last of `attempts` (entries of (time, ..., line result, ...), in time order) when it
    went unanswered: the retry hours after a first such call that day, else the next day's call window start."""
    last = attempts[-1]
    if last[2] not in RETRY_RESULTS:
        return None
    same_day = 0
    for e in reversed(attempts):
        if e[0].date() != last[0].date() or e[2] not in RETRY_RESULTS:
            break
        same_day += 1
    if same_day == 1:
        return last[0] + timedelta(hours=settings["contact.retry_no_answer_hours"]), "retry"
    start = time.fromisoformat(settings["contact.window_start"])
    return datetime.combine(last[0].date() + timedelta(days=1), start), "retry"
