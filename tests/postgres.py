"""A throwaway PostgreSQL cluster for the tests marked `service`, started the way the scale-out test
starts one (tests/scaleout/conftest.py: its `Postgres`): in a temporary directory, as the
`postgres` user when the tests run as root, stopped and removed afterwards. PostgreSQL is installed
with apt-get when its binaries are missing; the driver (psycopg) comes from requirements.txt."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.scaleout.conftest import Postgres, free_port, require_psycopg


def initdb() -> str:
    """The newest installed initdb, installing Debian's `postgresql` first when there is none."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        runner = [] if os.geteuid() == 0 else ["sudo", "-n"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*runner, "apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run([*runner, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"], env=env, check=True)  # fmt: skip
        found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    assert found, "could not install PostgreSQL"
    return max(found, key=lambda path: int(Path(path).parts[4]))


class ThrowawayPostgres(Postgres):
    def stop(self) -> None:
        """Stopped like the scale-out cluster, but its log is left out of the scale-out test's artifacts."""
        if (self.data / "postmaster.pid").exists():
            pg_ctl = str(self.bin / "pg_ctl")
            self._as_postgres(pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)


@contextmanager
def running_postgres() -> Iterator[Postgres]:
    require_psycopg()
    root = Path(tempfile.mkdtemp(prefix="test-pg-"))
    (root / "sockets").mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(root / "sockets", "postgres", "postgres")
    server = ThrowawayPostgres(Path(initdb()).parent, root, free_port())
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
