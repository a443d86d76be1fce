"""The two commands of the README: `make run` (with PORT) and the checks of `make test`.

scripts/run.sh runs here in a copy of the scripts with stand-ins for uv and python that record
how they are called, so nothing is installed or served.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FAKE_UV = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "uv 0.13.8"; exit 0; fi
echo "uv $*" >> "$CALLS"
"""
FAKE_PYTHON = """#!/bin/sh
echo "python $* HECHT_SITE_URL=$HECHT_SITE_URL DATABASE_URL=${DATABASE_URL:-}" >> "$CALLS"
"""


def _sandbox(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of scripts/ with a fake uv on PATH and a fake .venv/bin/python."""
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    for path, text in [
        (tmp_path / "fakebin" / "uv", FAKE_UV),
        (tmp_path / ".venv" / "bin" / "python", FAKE_PYTHON),
    ]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o755)
    env = {
        "PATH": f"{tmp_path / 'fakebin'}:/usr/bin:/bin",
        "CALLS": str(tmp_path / "calls.log"),
        "HOME": str(tmp_path),
        "DATABASE_URL": "postgres://elsewhere/db",
    }
    return tmp_path, env


def _calls(sandbox: Path) -> list[str]:
    log = sandbox / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


MAKE_ENV = {"PORT", "MAKEFLAGS", "MAKELEVEL"}


def test_make_run_passes_port_to_run_script():
    def dry_run(*args: str) -> str:
        result = subprocess.run(  # noqa: S603
            ["make", "-n", "run", *args],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={k: v for k, v in os.environ.items() if k not in MAKE_ENV},
        )
        return result.stdout.strip()

    assert dry_run("PORT=8001") == 'scripts/run.sh "127.0.0.1:8001"'
    assert dry_run() == 'scripts/run.sh "127.0.0.1:8000"'


def test_run_script_serves_on_the_port_with_the_full_environment(tmp_path):
    sandbox, env = _sandbox(tmp_path)
    result = subprocess.run(  # noqa: S603
        ["bash", str(sandbox / "scripts" / "run.sh"), "127.0.0.1:8001"],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    site = "HECHT_SITE_URL=http://127.0.0.1:8001 DATABASE_URL="
    assert _calls(sandbox) == [
        "uv sync --frozen --quiet",
        f"python manage.py migrate --no-input {site}",
        f"python manage.py load_demo {site}",
        f"python manage.py runserver 127.0.0.1:8001 {site}",
    ]
    assert "http://127.0.0.1:8001/" in result.stdout


def test_run_script_takes_port_from_environment_by_default(tmp_path):
    sandbox, env = _sandbox(tmp_path)
    result = subprocess.run(  # noqa: S603
        ["bash", str(sandbox / "scripts" / "run.sh")],  # noqa: S607
        env={**env, "PORT": "8123"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert _calls(sandbox)[-1].startswith("python manage.py runserver 127.0.0.1:8123 ")


def test_run_script_refuses_a_bad_port_before_installing_anything(tmp_path):
    sandbox, env = _sandbox(tmp_path)
    for addr in ["127.0.0.1:abc", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536"]:
        result = subprocess.run(  # noqa: S603
            ["bash", str(sandbox / "scripts" / "run.sh"), addr],  # noqa: S607
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 2, addr
        assert "port number" in result.stderr
    assert _calls(sandbox) == []


def test_run_and_test_sync_the_shared_venv_the_same_way(tmp_path):
    """run.sh must not sync a smaller set (e.g. --no-dev), which would remove the dev tools."""
    sandbox, env = _sandbox(tmp_path)
    subprocess.run(  # noqa: S603
        ["bash", str(sandbox / "scripts" / "run.sh")],  # noqa: S607
        env=env,
        check=True,
        capture_output=True,
    )
    run_sync = _calls(sandbox)[0]
    (sandbox / "calls.log").unlink()
    # scripts/test.sh sources _env.sh without any settings of its own.
    assert 'source "$(dirname "$0")/_env.sh"' in (ROOT / "scripts" / "test.sh").read_text()
    subprocess.run(  # noqa: S603
        ["bash", "-c", f"source {sandbox / 'scripts' / '_env.sh'}"],  # noqa: S607
        env=env,
        check=True,
        capture_output=True,
    )
    assert _calls(sandbox) == [run_sync]
    for narrowing in ["--no-dev", "--only-", "--no-group", "--no-default-groups"]:
        assert narrowing not in run_sync


def test_migrations_check_of_test_script_is_quiet_without_the_database(tmp_path):
    """The check `make test` runs does not warn about a database that does not exist."""
    lines = (ROOT / "scripts" / "test.sh").read_text().splitlines()
    commands = [line for line in lines if not line.lstrip().startswith("#")]
    (command,) = [line for line in commands if "makemigrations --check" in line]
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hecht_no_such_database",
    }
    result = subprocess.run(  # noqa: S603
        ["bash", "-c", command],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "No changes detected"
    assert result.stderr == ""
