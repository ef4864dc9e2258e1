"""Refuse private, loopback, link-local and reserved addresses unless told otherwise."""

from __future__ import annotations

import asyncio
import ipaddress
import socket


class NoSuchHost(Exception):
    """The host name does not resolve."""


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified


async def private_address(host: str, port: int) -> str | None:
    """The first private address ``host`` resolves to, or ``None``; raises :class:`NoSuchHost`."""
    try:
        ipaddress.ip_address(host)
        addresses = [host]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise NoSuchHost(f"no such host '{host}' ({error.strerror})") from error
        addresses = [info[4][0] for info in infos]
    return next((a for a in addresses if _is_private(a)), None)
