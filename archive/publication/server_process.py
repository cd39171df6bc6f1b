"""A server this command runs as a child (Datasette, pywb's wayback): on a port it checked can be
bound, ended with this command however that ends, and its failure this command's failure."""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import socket
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Run in the child before Datasette starts: Linux ends it when `archive serve` ends, however
    that ends (Ctrl-C, SIGTERM from a scheduler, SIGKILL), so no server is left behind."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def bindable_port(host: str, port: int) -> int:
    """`port` if Datasette will be able to listen on it, or for 0 a free port chosen now, so that
    the address announced is the one served. Raises OSError naming the address otherwise."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family) as probe:  # SO_REUSEADDR too
            return probe.getsockname()[1]
    except OSError as error:
        raise OSError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None


def run_server(command: list[str], name: str) -> None:
    """Runs `command` until it stops; raises OSError if it stopped on its own with an error (a
    port taken meanwhile, a crash), so that a service manager sees the failure."""
    linux = sys.platform.startswith("linux")
    server = subprocess.Popen(command, preexec_fn=_die_with_parent if linux else None)
    stopped = []

    def stop(*_) -> None:
        stopped.append(True)
        server.terminate()

    # A polite stop of this command stops the server too, and its temporary folder goes.
    signal.signal(signal.SIGTERM, stop)
    try:
        status = server.wait()
    except KeyboardInterrupt:
        stop()
        status = server.wait()
    if status != 0 and not stopped:
        raise OSError(f"{name} stopped with exit status {status}: see its messages above")
