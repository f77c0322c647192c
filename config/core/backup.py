"""Backups of the one PostgreSQL database: pg_dump's custom format out, pg_restore into a new database in.

The connection comes from DATABASES["default"] (DATABASE_URL), so the same command works against the local
cluster, a socket or a server; the password travels in PGPASSWORD, never on the command line.
"""

import os
import subprocess
from pathlib import Path

from django.conf import settings


def _libpq_args(database: dict) -> tuple[list[str], dict[str, str]]:
    args, env = [], dict(os.environ)
    if database.get("HOST"):
        args += ["--host", database["HOST"]]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def dump(*, path: Path, database: dict | None = None) -> Path:
    """Write the whole database (schema and data) to path in pg_dump's custom format."""
    database = database or settings.DATABASES["default"]
    args, env = _libpq_args(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pg_dump",
            *args,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(path),
            database["NAME"],
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    return path


def restore(*, path: Path, target: str, database: dict | None = None) -> None:
    """Create the new database `target` and restore the dump into it; an existing database is refused,
    so a restore never overwrites data (switch DATABASE_URL to the new one once it is checked)."""
    database = database or settings.DATABASES["default"]
    args, env = _libpq_args(database)
    subprocess.run(["createdb", *args, target], env=env, check=True, capture_output=True)
    subprocess.run(
        [
            "pg_restore",
            *args,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--dbname",
            target,
            str(path),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
