"""Addresses of warm converters: ``host:port``."""

from __future__ import annotations

DEFAULT_PORT = 2004  # unoserver's own default is 2003; notice-kit serve keeps clear of it


def host_port(text: str) -> tuple[str, int]:
    """Split ``host:port`` (host defaults to 127.0.0.1); ValueError when it is not one."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"converter host must be host:port, got {text!r}")
    return host or "127.0.0.1", int(port)
