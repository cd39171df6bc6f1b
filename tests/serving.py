"""`archive serve` as a test starts it: on a free loopback port, stopped afterwards."""

import importlib.util
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest

from archive.publication.serve import HERE
from tests.conftest import REPO


def datasette_plugin(name: str):
    """plugins/<name>.py as Datasette loads it: a module of its own, not part of a package."""
    spec = importlib.util.spec_from_file_location(name, HERE / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(db_path, *options: str):
    """`archive serve` on a free loopback port; yields its base URL. Its log goes to a file, not
    a pipe that nobody reads and that would stall the server once full."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "archive", "serve", "--db", str(db_path), "--port", str(port),
             *options], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            if not answering(base, server):
                log.seek(0)
                pytest.fail(log.read().decode(errors="replace")[-3000:])
            yield base
        finally:
            server.terminate()
            server.wait(timeout=20)


def answering(base: str, server: subprocess.Popen, seconds: float = 60) -> bool:
    """Wait until the `archive serve` process `server` answers at `base`; False if it ended or
    the time ran out first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            return True
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(0.2)


def fetch(url: str) -> tuple[int, Message, bytes]:
    """Status, headers and body, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read()


def get_json(url: str):
    return json.loads(get(url))


def datasette_pid(base: str) -> int:
    """The Datasette process that `archive serve` started to serve `base`, found by its port."""
    port = str(urllib.parse.urlsplit(base).port).encode()
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"datasette" in command and port in command:
            return int(proc.name)
    pytest.fail(f"no Datasette process serving {base}")
