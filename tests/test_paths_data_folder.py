"""Without --db, a data folder that cannot be made or written, or a disk too full for the copy of the sample, is one
sentence naming the folder, never "unexpected PermissionError: [Errno 13]", and no half copy stays to fill the disk."""

import os
import resource
import subprocess
import sys

from tests.test_cli_read_only import unwritable
from workbench.paths import COMMITTED_SAMPLE


def test_a_data_folder_that_cannot_be_made_is_one_sentence(cli, tmp_path, monkeypatch):
    home = tmp_path / "home2"
    home.mkdir()
    folder = home / ".local" / "share" / "branch-workbench"
    monkeypatch.setenv("WORKBENCH_HOME", str(folder))
    with unwritable(home):
        result = cli("--lang", "zh_CN", "--user", "M001", "calllist", "--limit", "1")
    assert result.exit_code == 2
    assert result.stderr == (f"错误：无法在 {folder} 中建立您的示例数据库副本（当前用户无权在那里写入）；请在那里腾出空间或让该"
                             "文件夹可写，或用 --db 或 WORKBENCH_DB 指定一个数据库。\n")
    assert list(home.iterdir()) == []


def test_a_disk_too_full_for_the_copy_leaves_no_half_copy(tmp_path):
    folder = tmp_path / "wb"
    room = COMMITTED_SAMPLE.stat().st_size // 2   # the copy stops half-way, as on a disk with that much room
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "--lang", "en", "doctor"], capture_output=True, text=True, timeout=120,
        env={**os.environ, "WORKBENCH_HOME": str(folder)},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (room, room)))
    assert result.returncode == 2, result.stderr
    assert result.stderr == (f"error: Your working copy of the sample cannot be made in {folder} (the disk is full);"
                             " free some space there or make the folder writable, or give a database with --db or"
                             " WORKBENCH_DB.\n")
    assert list(folder.iterdir()) == []   # no workbench.tmp of 3 MB left behind, every later run adding none
