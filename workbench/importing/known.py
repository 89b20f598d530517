"""The staff and branches a database knows before an import, for cells that name them rather than
give their code, or give the code in other letters' case."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from workbench.i18n import _

# What extracts write in a manager cell for a customer nobody looks after: the branch's pool.
POOL_WORDS = frozenset({"未分配", "待分配", "未指派", "公共户", "公共池", "公共客户", "无客户经理", "unassigned"})


@dataclass(frozen=True)
class Known:
    staff_by_name: dict[str, tuple[str, ...]] = field(default_factory=dict)    # name -> the staff ids so named
    staff_ids: dict[str, str] = field(default_factory=dict)                     # an id in capitals -> as stored
    branch_by_name: dict[str, tuple[str, ...]] = field(default_factory=dict)   # name -> the branch ids so named

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> Known:
        staff, branches = defaultdict(list), defaultdict(list)
        ids = {}
        for staff_id, name in conn.execute("SELECT staff_id, name FROM staff ORDER BY staff_id"):
            staff[name].append(staff_id)
            ids.setdefault(staff_id.upper(), staff_id)
        for branch_id, name in conn.execute("SELECT branch_id, name FROM branches ORDER BY branch_id"):
            branches[name].append(branch_id)
        return cls({k: tuple(v) for k, v in staff.items()}, ids, {k: tuple(v) for k, v in branches.items()})

    @classmethod
    def of_names(cls, staff_by_name: dict[str, str]) -> Known:
        """Staff known by name only (unique names), as tests and callers without a database give them."""
        return cls({name: (staff_id,) for name, staff_id in staff_by_name.items()})

    @cached_property
    def staff_by_spelling(self) -> dict[str, tuple[str, ...]]:
        """The staff ids by name_key of their names: 'WANG WEI' and 'WangWei' find Wang Wei."""
        found: dict[str, list[str]] = defaultdict(list)
        for name, ids in self.staff_by_name.items():
            found[name_key(name)].extend(ids)
        return {key: tuple(ids) for key, ids in found.items()}

    def is_staff(self, code: str) -> bool:
        """Whether a staff member has this code (in any letters' case)."""
        return code.upper() in self.staff_ids

    def staff_id(self, code: str) -> str | None:
        """A staff code as stored when one differs from it only in case (m001 is M001), else as given;
        None for the pool's words."""
        if code.lower() in POOL_WORDS:
            return None
        return self.staff_ids.get(code.upper(), code)

    def staff_named(self, name: str) -> str | None:
        """The id of the only staff member so named (as stored, else in another spelling: name_key); None for
        the pool's words and for a name no staff member has (a name is no staff number: made one, it would be a
        manager nobody can sign in as, whom the next extract, giving the real number, would not find).
        ValueError when several share the name: guessing would give customers to the wrong one."""
        if name.lower() in POOL_WORDS:
            return None
        ids = self.staff_by_name.get(name) or self.staff_by_spelling.get(name_key(name))
        if ids is None:
            return None
        if len(ids) > 1:
            raise ValueError(_("manager {name} names {n} staff members ({ids}); give the staff number").format(
                name=name, n=len(ids), ids=", ".join(ids)))
        return ids[0]

    def branch_named(self, name: str) -> str:
        """The id of the only branch so named (a branch given by its name, not its code), else the name."""
        ids = self.branch_by_name.get(name)
        return ids[0] if ids is not None and len(ids) == 1 else name


def name_key(name: str) -> str:
    """A staff member's name as compared: without white space or letters' case ('Wang Wei', 'WANG WEI' and
    'WangWei' are one name, and so are '李明' and '李 明')."""
    return "".join(name.split()).casefold()
