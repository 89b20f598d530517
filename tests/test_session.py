"""Who works at this terminal: the staff offered, in the bank's own order, and the one remembered."""

from __future__ import annotations

from workbench.session import last_user, list_staff, managers_visible_to, remember_user


def test_staff_come_supervisors_first_then_by_staff_number(fresh_db):
    conn = fresh_db.conn
    conn.executemany("INSERT INTO staff (staff_id, name, role) VALUES (?, ?, ?)", [
        ("M003", "刘婷", "manager"), ("M001", "王丽娟", "manager"), ("S001", "赵主管", "supervisor"),
        ("M002", "张伟", "manager")])
    assert [s.staff_id for s in list_staff(conn)] == ["S001", "M001", "M002", "M003"]
    supervisor = list_staff(conn)[0]
    assert [s.staff_id for s in managers_visible_to(conn, supervisor)] == ["M001", "M002", "M003"]
    manager = list_staff(conn)[2]
    assert managers_visible_to(conn, manager) == [manager]
    remember_user(conn, "M002")
    assert last_user(conn) == "M002"
