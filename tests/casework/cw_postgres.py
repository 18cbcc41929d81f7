"""A throwaway local PostgreSQL server for the casework tests.

``VROEGSIGNAAL_TEST_DATABASE_URL`` (a server where the user may create databases) is used when set.
Otherwise the Debian binaries are found (``pg_config --bindir`` or /usr/lib/postgresql/*/bin), a
cluster is created in a temporary directory and started on a free port with its unix socket in
that directory. initdb refuses to run as root, so as root the server runs as the ``postgres``
system user (``runuser``), which the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["INSTALL_HINT", "PostgresServer", "find_bindir", "start_server"]

INSTALL_HINT = (
    "PostgreSQL is needed for the casework tests but no server binaries were found. Install the "
    "Debian package `postgresql` (apt-get install -y postgresql; the Makefile does this), or set "
    "VROEGSIGNAAL_TEST_DATABASE_URL to a server where the test user may create databases."
)


def find_bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(found[0]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server: ``url(db)`` gives a SQLAlchemy URL for database ``db``."""

    base_url: str | None = None  # VROEGSIGNAAL_TEST_DATABASE_URL
    host: str | None = None
    port: int | None = None
    workdir: Path | None = None
    bindir: Path | None = None
    run_as: list[str] | None = None

    def url(self, database: str) -> str:
        if self.base_url:
            from sqlalchemy.engine import make_url

            return make_url(self.base_url).set(database=database).render_as_string(False)
        return f"postgresql+psycopg://postgres@/{database}?host={self.host}&port={self.port}"

    def stop(self) -> None:
        if self.workdir is None or self.bindir is None:
            return
        subprocess.run(
            [
                *(self.run_as or []),
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.workdir / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_server() -> PostgresServer:
    url = os.environ.get("VROEGSIGNAAL_TEST_DATABASE_URL")
    if url:
        return PostgresServer(base_url=url)
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(INSTALL_HINT)
    workdir = Path(tempfile.mkdtemp(prefix="vroegsignaal-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            raise RuntimeError("Running as root needs `runuser` (util-linux) to start PostgreSQL.")
        shutil.chown(workdir, user="postgres", group="postgres")
        run_as = [runuser, "-u", "postgres", "--"]
    data = workdir / "data"
    init = subprocess.run(
        [
            *run_as,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr.strip()}")
    port = _free_port()
    options = (
        f"-p {port} -k {workdir} -c listen_addresses='' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    start = subprocess.run(
        [
            *run_as,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(workdir / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if start.returncode != 0:
        log = (workdir / "server.log").read_text() if (workdir / "server.log").exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {start.stderr.strip()} {log[-2000:]}")
    return PostgresServer(
        host=str(workdir), port=port, workdir=workdir, bindir=bindir, run_as=run_as
    )
