"""An import that adds a manager by id alone (no name in the file) tells the supervisor how to record the name,
which the scripts otherwise introduce them without; one whose name the file gives is not named there."""

from tests.import_support import write_csv

NOW = "2026-11-25T08:30:00"


def test_a_manager_added_without_a_name_is_named_with_the_command_that_records_it(cli, db_path, tmp_path):
    first = write_csv(tmp_path / "first.csv", [["客户号", "姓名", "客户经理号", "客户经理", "所属机构"],
                                               ["C1", "张三", "M001", "王丽娟", "B1"]])
    assert cli("--db", db_path, "--now", NOW, "import", "customers", first).exit_code == 0
    assert cli("--db", db_path, "staff", "add", "S001", "--name", "王主管", "--role", "supervisor").exit_code == 0
    # No name column: M009 and M010 are stored under their ids.
    ext = write_csv(tmp_path / "ext.csv", [["客户号", "姓名", "客户经理号", "所属机构"],
                                           ["C2", "李四", "M009", "B1"], ["C3", "王五", "M010", "B1"]])
    dry = cli("--db", db_path, "--user", "S001", "--lang", "zh_CN", "--now", NOW, "import", "customers", ext, "--dry-run")
    assert dry.exit_code == 0 and "将新增的客户经理：M009、M010。" in dry.stdout and "未登记姓名" not in dry.stdout
    said = cli("--db", db_path, "--user", "S001", "--lang", "zh_CN", "--now", NOW, "import", "customers", ext)
    assert said.exit_code == 0, said.stderr
    assert "新增客户经理：M009、M010。" in said.stdout
    assert ("以下新增客户经理未登记姓名（文件中未提供）：M009、M010；在用 `workbench staff set ID --name NAME` 登记姓名之前，"
            "话术中不会报出其姓名。") in said.stdout
    named = write_csv(tmp_path / "named.csv", [["客户号", "姓名", "客户经理号", "客户经理", "所属机构"],
                                               ["C4", "赵六", "M011", "周建华", "B1"]])
    english = cli("--db", db_path, "--user", "S001", "--now", NOW, "import", "customers", named)
    assert english.exit_code == 0 and "New managers added to staff: M011." in english.stdout
    assert "no name on record" not in english.stdout
