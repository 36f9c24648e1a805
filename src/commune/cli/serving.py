"""Serving the web app with Granian.

Granian is a Rust HTTP server with a WSGI interface: one dependency from PyPI
(wheels for Linux, macOS and Windows), multi-process and multi-threaded,
production-grade. Static files are served by WhiteNoise inside the app. In
production a TLS-terminating reverse proxy stands in front (see the README).
"""

from __future__ import annotations


def serve(*, host: str, port: int, workers: int = 1, threads: int = 8) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    Granian(
        "commune.config.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        log_access=False,
    ).serve()
