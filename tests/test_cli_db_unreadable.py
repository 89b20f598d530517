"""A database file this user may not read is one sentence of the workbench's, in the interface language, not Click's
"--db cannot take that value: path 'x.sqlite' is not readable" with a pointer to --help."""

import os
import shutil
import subprocess
import sys

import pytest

# Root reads any file: the process drops the capabilities that let it, as an ordinary user has none of them.
AS_A_USER = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def _as_a_user(tmp_path, *args, **env):
    command = [*(AS_A_USER if os.geteuid() == 0 else []), sys.executable, "-m", "workbench", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "WORKBENCH_HOME": str(tmp_path / "home"), **env})


@pytest.fixture
def unreadable(db_path):
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("root reads any file, and setpriv is not here to drop that")
    os.chmod(db_path, 0o000)
    yield db_path
    os.chmod(db_path, 0o600)


def test_a_file_this_user_may_not_read_is_said_so(unreadable, tmp_path):
    for args, env in (((unreadable,), {}), ((), {"WORKBENCH_DB": str(unreadable)})):
        result = _as_a_user(tmp_path, *(("--db", *args) if args else ()), "--lang", "zh_CN", "doctor", **env)
        assert result.returncode == 2, result.stderr
        assert result.stderr == (f"错误：当前用户无权读取 {unreadable}（受其权限所限）；请以它所属的用户身份操作，或用 --db"
                                 " 指定一份您可以读取的副本。\n")
    result = _as_a_user(tmp_path, "--db", unreadable, "--user", "M1", "calllist")
    assert result.stderr == (f"error: {unreadable} may not be read by this user (its permissions); work as the user it"
                             " belongs to, or give a copy you may read with --db.\n")
