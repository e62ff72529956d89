"""The scale-out stack, started for real: a throwaway PostgreSQL cluster, Streamlit replicas of the app
and nginx in front of them (tools/nginx.conf, the template the README points to).

Everything lives in temporary directories and child processes that the fixtures stop and remove,
even when the test fails. Missing Debian packages (PostgreSQL, nginx) are installed with apt-get;
the Python driver (psycopg) comes from requirements.txt like every other package."""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
LOGS = ARTIFACTS / "scaleout"
NGINX_TEMPLATE = ROOT / "tools" / "nginx.conf"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float, what: str, interval: float = 0.2):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def http_status(url: str, headers: dict[str, str] | None = None, timeout: float = 3) -> int | None:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


# --- Debian packages -------------------------------------------------------------------------------


def _initdb() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    return found[-1] if found else None


def _nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def _apt_install(*packages: str) -> None:
    runner = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [*runner, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]
    if subprocess.run(command, env=env, check=False).returncode != 0:
        # Stale package lists: refresh them once and try again.
        subprocess.run([*runner, "apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(command, env=env, check=True)


def ensure_debian_packages() -> tuple[str, str]:
    """initdb and nginx, installing `postgresql` / `nginx` only when the binaries are missing.
    (On Debian, installing a service does not start it where policy-rc.d forbids that, as in
    containers; where it does start a system nginx or cluster, the test's own ones do not care.)"""
    missing = [package for package, found in (("postgresql", _initdb()), ("nginx", _nginx())) if not found]
    if missing:
        _apt_install(*missing)
    initdb, nginx = _initdb(), _nginx()
    assert initdb and nginx, f"could not install {missing}"
    return initdb, nginx


def require_psycopg() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.fail(
            "psycopg is missing from .venv: it is in requirements.txt; run `bash tools/setup.sh requirements-dev.txt`"
        )


# --- PostgreSQL ------------------------------------------------------------------------------------


@dataclass
class Postgres:
    bin: Path
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sockets(self) -> Path:
        return self.root / "sockets"

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        """PostgreSQL will not run as root: as root, run it as the `postgres` user; otherwise as oneself."""
        user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*user, *command],
            cwd=self.root,
            check=check,
            capture_output=True,
            text=True,
        )

    def start(self) -> None:
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--no-instructions",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "postgres.log"), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def create_database(self, name: str) -> str:
        self._as_postgres(str(self.bin / "createdb"), "-h", str(self.sockets), "-p", str(self.port), name)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._as_postgres(
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False
            )
        log = self.root / "postgres.log"
        if log.exists():
            LOGS.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, LOGS / "postgres.log")


@pytest.fixture(scope="module")
def system_binaries() -> tuple[str, str]:
    return ensure_debian_packages()


@pytest.fixture(scope="module")
def postgres(system_binaries) -> Iterator[Postgres]:
    require_psycopg()
    initdb, _ = system_binaries
    root = Path(tempfile.mkdtemp(prefix="scaleout-pg-"))
    (root / "sockets").mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(root / "sockets", "postgres", "postgres")
    server = Postgres(Path(initdb).parent, root, free_port())
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


# --- The app's replicas ----------------------------------------------------------------------------


def init_corrections_schema(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "-m", "sistercities.corrections", "init"], cwd=ROOT, env=env, check=True, capture_output=True
    )


@dataclass
class Replica:
    name: str
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> Replica:
        LOGS.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **self.env}
        env.pop("SISTER_CITIES_DATA_DIR", None)  # the embedded data
        env.pop("CORRECTIONS_DB", None)
        with open(LOGS / f"replica-{self.name}.log", "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                    "--server.port", str(self.port), "--server.address", "127.0.0.1",
                    "--server.headless", "true", "--browser.gatherUsageStats", "false",
                ],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    def healthy(self) -> bool:
        return http_status(f"http://{self.address}/_stcore/health", timeout=2) == 200

    def wait_healthy(self, timeout: float = 90) -> None:
        def up():
            assert self.process.poll() is None, f"replica {self.name} exited ({self.process.returncode})"
            return self.healthy()

        wait_until(up, timeout, f"replica {self.name} on port {self.port}")

    def kill(self) -> None:
        """As a crash would: SIGKILL, no shutdown."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


# --- nginx -----------------------------------------------------------------------------------------


def render_nginx_conf(values: dict[str, str]) -> str:
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    left = sorted(set(PLACEHOLDER.findall(text)))
    assert not left, f"tools/nginx.conf has placeholders the test did not fill: {left}"
    return text


@dataclass
class Nginx:
    binary: str
    replicas: list[Replica]
    name: str
    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="scaleout-nginx-")))
    process: subprocess.Popen | None = None
    final_log: list[str] = field(default_factory=list)

    @property
    def access_log(self) -> Path:
        return self.root / "access.log"

    def start(self) -> Nginx:
        self.root.chmod(0o755)  # the worker (nobody, under a root master) writes its temp files below
        conf = self.root / "nginx.conf"
        conf.write_text(
            render_nginx_conf(
                {
                    "listen": f"127.0.0.1:{self.port}",
                    "replica_a": self.replicas[0].address,
                    "replica_b": self.replicas[1].address,
                    "tmp": str(self.root),
                }
            ),
            encoding="utf-8",
        )
        # The master process stays in the foreground, a child of the test (stopped in stop()).
        command = [self.binary, "-c", str(conf), "-p", str(self.root), "-g", "daemon off;"]
        check = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True, check=False)
        assert check.returncode == 0, f"nginx -t refused the config:\n{check.stderr}"
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        return self

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}"

    def wait_healthy(self, timeout: float = 30) -> None:
        def up():
            assert self.process.poll() is None, f"nginx exited ({self.process.returncode}): {self.error_log()}"
            return http_status(f"{self.url()}/_stcore/health", timeout=2) == 200

        wait_until(up, timeout, f"nginx {self.name} on port {self.port}")

    def error_log(self) -> str:
        path = self.root / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def log_lines(self) -> list[str]:
        return self.access_log.read_text(errors="replace").splitlines() if self.access_log.exists() else []

    def stop(self) -> list[str]:
        """Stop nginx (a websocket session is logged when it closes) and return its access log."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finishes (and logs) open connections
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.access_log.exists():
            self.final_log = self.log_lines()
        LOGS.mkdir(parents=True, exist_ok=True)
        for name in ("access.log", "error.log", "nginx.conf"):
            if (self.root / name).exists():
                shutil.copy(self.root / name, LOGS / f"nginx-{self.name}-{name}")
        shutil.rmtree(self.root, ignore_errors=True)
        return self.final_log


class Stack:
    """Whatever the test starts, stopped (in reverse) by the fixture even when the test fails."""

    def __init__(self, nginx_binary: str):
        self.nginx_binary = nginx_binary
        self.started: list = []

    def replica(self, name: str, env: dict[str, str]) -> Replica:
        replica = Replica(name, env)
        self.started.append(replica)
        return replica.start()

    def nginx(self, name: str, replicas: list[Replica]) -> Nginx:
        proxy = Nginx(self.nginx_binary, replicas, name)
        self.started.append(proxy)
        return proxy.start()

    def stop(self) -> None:
        for thing in reversed(self.started):
            try:
                thing.stop()
            except Exception as error:  # noqa: BLE001 - clean up the rest whatever happens
                print(f"could not stop {thing!r}: {error}", file=sys.stderr)


@pytest.fixture
def stack(system_binaries) -> Iterator[Stack]:
    if LOGS.exists():
        shutil.rmtree(LOGS)
    LOGS.mkdir(parents=True)
    started = Stack(system_binaries[1])
    try:
        yield started
    finally:
        started.stop()
