"""New record ids (UUID version 4): random, or drawn from a seeded generator while `seeded` is in force.

Outcomes, follow-ups and their events get their ids here. The sample generator logs some of its history
through the workbench's own functions and needs the same ids on every run, as tests need "now" injected.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SOURCE: ContextVar[random.Random | None] = ContextVar("workbench_id_source", default=None)


def new_id() -> str:
    source = _SOURCE.get()
    return str(uuid.uuid4()) if source is None else from_rng(source)


def from_rng(rng: random.Random) -> str:
    """A version-4 UUID drawn from rng: the same seed, the same ids."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@contextmanager
def seeded(rng: random.Random) -> Iterator[None]:
    """Within the block (on this thread), new ids come from rng."""
    token = _SOURCE.set(rng)
    try:
        yield
    finally:
        _SOURCE.reset(token)
