"""``fieldcm demo``: a working product on this laptop in a minute, with no configuration.

A local agency server starts on 127.0.0.1 (a free port, a SQLite file in a throwaway
folder) with a synthetic agency (``fieldcm-server seed-demo``, which creates the database
as ``init`` would); the app then
enrolls this laptop as the demo worker in a demo profile, runs the first sync with its
progress on screen and opens the caseload. The demo passphrase is shown on the lock
screen. Quitting stops the server and deletes the folder: every name in it is invented.

This module holds the server side of the demo and no Qt; the window is the composition
root's (:func:`fieldcm.app.run_demo_app`).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

import requests

log = logging.getLogger(__name__)

DEMO_PASSPHRASE: Final = "violet kettle orbit demo 42"  # noqa: S105 (synthetic, shown on screen)
"""Synthetic and shown on screen: the demo profile is deleted when the demo ends."""
DEMO_CLIENTS: Final = 240
STARTUP_TIMEOUT_S: Final = 60.0
DEMO_SERVER_ENV: Final = {
    # Cheap password hashing for the eight demo accounts, whose passwords are printed
    # anyway; a real server keeps the memory-hard default.
    "FIELDCM_SERVER_ARGON2": "1,8192,1",
}

Step = Callable[[str], None]


class DemoError(RuntimeError):
    """The demo server could not be started; the message says why."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class DemoServer:
    """A ``fieldcm-server`` process over a SQLite file in ``folder``, on loopback only."""

    def __init__(self, folder: Path, *, clients: int = DEMO_CLIENTS) -> None:
        self.folder = folder
        self.clients = clients
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.enrollment_code = ""
        self._log: Path = folder / "server.log"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.folder / 'server.db'}"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, step: Step = lambda _s: None) -> str:
        """Create the agency and start serving; returns the demo worker's enrollment code."""
        self.folder.mkdir(parents=True, exist_ok=True)
        step("agency")  # seed-demo creates and migrates the database itself (as ``init`` would)
        seeded = self._cli("seed-demo", "--clients", str(self.clients))
        self.enrollment_code = _enrollment_code(seeded)
        step("server")
        self._serve()
        return self.enrollment_code

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(DEMO_SERVER_ENV)
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _command(self, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "fieldcm.server.cli",
            "--database-url",
            self.database_url,
            *args,
        ]

    def _cli(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 (our own interpreter and module, fixed arguments)
            self._command(*args),
            capture_output=True,
            text=True,
            env=self._environment(),
            cwd=self.folder,
            timeout=180,
            check=False,
        )
        if done.returncode != 0:
            raise DemoError(
                f"`fieldcm-server {args[0]}` failed: {done.stderr.strip() or done.stdout.strip()}"
            )
        return done.stdout

    def _serve(self) -> None:
        self.port = _free_port()
        with self._log.open("ab") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 (see _cli)
                self._command(
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                ),
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=self._environment(),
                cwd=self.folder,
            )
        atexit.register(self.stop)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DemoError(f"The demo server stopped at start; see {self._log}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base_url}/v1/health", timeout=1).ok:
                    return
            time.sleep(0.1)  # polling a child process; no signal to wait on
        self.stop()
        raise DemoError(f"The demo server did not answer within {STARTUP_TIMEOUT_S:.0f} s")


def _enrollment_code(seed_output: str) -> str:
    for line in seed_output.splitlines():
        if line.startswith("Enrollment code for"):
            return line.rsplit(":", 1)[1].strip()
    raise DemoError("seed-demo printed no enrollment code")


def run_demo(language: str | None = None, *, clients: int = DEMO_CLIENTS) -> int:
    """Start the demo server, open the app enrolled against it, clean up on exit."""
    from fieldcm.app import run_demo_app  # Qt is loaded only when the window is wanted

    folder = Path(tempfile.mkdtemp(prefix="fieldcm-demo-"))
    server = DemoServer(folder / "server", clients=clients)
    try:
        return run_demo_app(
            server, profile=folder / "profile", passphrase=DEMO_PASSPHRASE, language=language
        )
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
