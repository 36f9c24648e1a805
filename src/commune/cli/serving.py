"""Serving the web app with Granian.

Granian is a Rust HTTP server with a WSGI interface: one dependency from PyPI
(wheels for Linux, macOS and Windows), multi-process and multi-threaded,
production-grade. Static files are served by WhiteNoise inside the app. In
production a TLS-terminating reverse proxy stands in front (see the README).
"""

from __future__ import annotations

import errno
import socket

from django.core.management.base import CommandError


def check_port_free(host: str, port: int) -> None:
    """Refuse to start on a port another server listens on.

    Granian opens its socket with SO_REUSEPORT, so a second server on the same port would
    start without complaint and the kernel would split requests between the two. A plain
    bind (without that option) fails if anyone listens there: that is the test.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                raise CommandError(
                    f"port {port} on {host} is already in use (another `commune demo` or "
                    f"server?): stop it, or choose another port with --port "
                    f"(`make demo PORT={port + 1}`)"
                ) from None
            raise CommandError(f"cannot serve on {host}:{port}: {error.strerror}") from None


def serve(*, host: str, port: int, workers: int = 1, threads: int = 8) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    check_port_free(host, port)
    Granian(
        "commune.config.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        log_access=False,
    ).serve()
