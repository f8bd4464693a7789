"""Fetch an article page over HTTP. Never call this inside a database transaction.

Every server on the way is untrusted, the first one and each one it redirects to:

- only http:// and https:// URLs are followed, at most MAX_REDIRECTS times;
- the host's addresses are checked before connecting, and the connection goes to
  the checked address, so a second DNS answer cannot swap in another one. Loopback,
  private, link-local, multicast and reserved addresses are refused unless listed
  in FACTBASE_FETCH_ALLOW_PRIVATE (intranet servers, tests);
- the timeout is one deadline for the whole fetch, however slowly the server sends;
- the body is read up to the size limit and must be as long as Content-Length says.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import SplitResult, urljoin, urlsplit

from django.conf import settings

from sources.parsing import FetchFailedForNow, Format, UnreadableInput

USER_AGENT = "factbase-importer/1 (+https://github.com/factbase)"
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    charset: str | None
    format: Format | None
    # Validators for the next conditional GET (feeds), and whether this one was answered
    # 304 Not Modified (then `data` is empty).
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


class _Expired(Exception):
    """The fetch's deadline passed."""


def fetch_url(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allowed_networks: Iterable[str] | None = None,
    max_redirects: int = MAX_REDIRECTS,
    etag: str = "",
    last_modified: str = "",
) -> Fetched:
    """GET `url`; every failure becomes a UnreadableInput with a reason a person can act on.

    With `etag` or `last_modified` (from an earlier Fetched) the GET is conditional, and
    a 304 answer is a Fetched with `not_modified` set.
    """
    conditional = {"If-None-Match": etag, "If-Modified-Since": last_modified}
    headers = {name: value for name, value in conditional.items() if value}
    allowed = allowed_networks_from(
        settings.FACTBASE_FETCH_ALLOW_PRIVATE if allowed_networks is None else allowed_networks
    )
    deadline = time.monotonic() + timeout
    hops = 0
    while True:
        where = "" if hops == 0 else f"redirected to {url}: "
        try:
            location, fetched = _get(url, allowed, deadline, max_bytes, headers)
        except _Expired:
            raise FetchFailedForNow(f"{where}timed out after {timeout:g} s") from None
        except UnreadableInput as error:
            raise type(error)(f"{where}{error}") from None
        if location is None:
            return fetched
        hops += 1
        if hops > max_redirects:
            raise UnreadableInput(f"more than {max_redirects} redirects")
        url = urljoin(url, location)


def allowed_networks_from(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Networks from settings text: CIDR blocks or single addresses (system check E002)."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value)


def _get(
    url: str,
    allowed: tuple[IPNetwork, ...],
    deadline: float,
    max_bytes: int,
    headers: dict[str, str],
) -> tuple[str | None, Fetched]:
    """One request: (the redirect's location or None, what was fetched)."""
    target = _split(url)
    host = target.hostname or ""
    port = target.port or (443 if target.scheme == "https" else 80)
    addresses = _public_addresses(host, port, allowed)
    path = target.path or "/"
    if target.query:
        path = f"{path}?{target.query}"
    connection = _connection(target.scheme, host, port, addresses, deadline)
    expired = threading.Event()
    watchdog = threading.Timer(
        max(0.0, deadline - time.monotonic()), _expire, (connection, expired)
    )
    watchdog.start()
    try:
        connection.request(
            "GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **headers}
        )
        response = connection.getresponse()
        if response.status in _REDIRECTS and response.getheader("Location"):
            return response.getheader("Location"), _empty(url)
        if response.status == 304 and headers:
            return None, replace(_fetched(url, response, b""), not_modified=True)
        if not 200 <= response.status < 300:
            reason = f"HTTP {response.status} {response.reason[:100]}".rstrip()
            if response.status == 429 or response.status >= 500:
                raise FetchFailedForNow(reason)
            raise UnreadableInput(reason)
        data = _read_body(response, max_bytes)
        if expired.is_set():
            raise _Expired
        return None, _fetched(url, response, data)
    except (_Expired, UnreadableInput):
        raise
    except http.client.InvalidURL as error:
        raise UnreadableInput(f"malformed URL: {error}") from None
    except Exception as error:
        # After the deadline, whatever broke broke because the watchdog cut the socket.
        if expired.is_set() or time.monotonic() >= deadline:
            raise _Expired from None
        if isinstance(error, (ConnectionError, TimeoutError)):
            raise FetchFailedForNow(_reason(error)) from None
        raise UnreadableInput(_reason(error)) from None
    finally:
        watchdog.cancel()
        connection.close()


def _split(url: str) -> SplitResult:
    try:
        target = urlsplit(url)
        target.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError as error:
        raise UnreadableInput(f"malformed URL: {error}") from None
    if target.scheme not in ("http", "https"):
        raise UnreadableInput("only http:// and https:// URLs can be fetched")
    if not target.hostname:
        raise UnreadableInput("malformed URL: no host name")
    return target


def _public_addresses(host: str, port: int, allowed: tuple[IPNetwork, ...]) -> list[str]:
    """The host's addresses that may be connected to; UnreadableInput if there is none."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise UnreadableInput(f"cannot resolve {host}: {error.strerror}") from None
    except (UnicodeError, ValueError) as error:
        raise UnreadableInput(f"malformed host name {host!r}: {error}") from None
    usable: list[str] = []
    refusal = ""
    for *_, sockaddr in found:
        address = str(sockaddr[0])
        kind = blocked_kind(ipaddress.ip_address(address.split("%")[0]), allowed)
        if kind is None:
            usable.append(address)
        elif not refusal:
            named = address if host in (address, f"[{address}]") else f"{host} ({address})"
            refusal = (
                f"{named} is a {kind} address; set FACTBASE_FETCH_ALLOW_PRIVATE to fetch from it"
            )
    if not usable:
        raise UnreadableInput(refusal or f"cannot resolve {host}")
    return usable


def blocked_kind(address: IPAddress, allowed: tuple[IPNetwork, ...] = ()) -> str | None:
    """Why `address` must not be fetched from ("loopback", "private", ...), or None."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            address = embedded
    if any(address in network for network in allowed):
        return None
    kinds = [
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    ]
    return next((kind for kind, applies in kinds if applies), None)


class _Connection(http.client.HTTPConnection):
    """Connects to one of the checked addresses, never to a fresh DNS answer."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses
        # http.client lets go of `sock` once a response owns it; the watchdog must not.
        self.opened: socket.socket | None = None

    def connect(self) -> None:
        self.sock = self.opened = self._open()

    def _open(self) -> socket.socket:
        error: OSError | None = None
        for address in self.addresses:
            try:
                return socket.create_connection((address, self.port), self.timeout)
            except OSError as failed:
                error = failed
        assert error is not None
        raise error


class _TLSConnection(_Connection):
    def connect(self) -> None:
        context = ssl.create_default_context()
        self.sock = self.opened = context.wrap_socket(self._open(), server_hostname=self.host)


def _connection(
    scheme: str, host: str, port: int, addresses: list[str], deadline: float
) -> _Connection:
    remaining = max(0.001, deadline - time.monotonic())
    kind = _TLSConnection if scheme == "https" else _Connection
    return kind(host, port, addresses, remaining)


def _expire(connection: _Connection, expired: threading.Event) -> None:
    """At the deadline: wake whatever read is blocked on the socket."""
    expired.set()
    sock = connection.opened
    if sock is not None:
        # socket.socket's own shutdown: an SSL socket's would drop its TLS state
        # under the reading thread's feet.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _read_body(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    declared = response.length
    if declared is not None and declared > max_bytes:
        raise UnreadableInput(
            f"the response is {declared:,} bytes; the limit is {max_bytes:,} bytes"
        )
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise UnreadableInput(f"the response is larger than the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    if response.length:  # what Content-Length promised and never came
        raise UnreadableInput(
            f"the response ended after {size:,} of {declared:,} bytes (Content-Length)"
        )
    return b"".join(chunks)


_FORMATS = {
    "text/html": Format.HTML,
    "application/xhtml+xml": Format.HTML,
    "application/json": Format.JSON,
    "text/plain": Format.TEXT,
    "text/markdown": Format.MARKDOWN,
}


def _fetched(url: str, response: http.client.HTTPResponse, data: bytes) -> Fetched:
    headers = response.headers
    return Fetched(
        url=url,
        data=data,
        charset=headers.get_content_charset(),
        format=_FORMATS.get(headers.get_content_type()),
        etag=headers.get("ETag", ""),
        last_modified=headers.get("Last-Modified", ""),
    )


def _empty(url: str) -> Fetched:
    return Fetched(url=url, data=b"", charset=None, format=None)


def _reason(error: Exception) -> str:
    if isinstance(error, http.client.IncompleteRead):
        return f"the response ended after {len(error.partial):,} bytes, before its end"
    if isinstance(error, http.client.LineTooLong):
        return f"not a valid HTTP reply: {error}"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the server closed the connection without a reply"
    if isinstance(error, http.client.BadStatusLine):
        return f"not an HTTP reply (status line {str(error)[:80]!r})"
    if isinstance(error, http.client.HTTPException):
        return f"not a valid HTTP reply: {type(error).__name__} {str(error)[:200]}"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}"
    if isinstance(error, OSError):
        return f"cannot fetch: {error.strerror or error}"
    return f"cannot fetch: {type(error).__name__}: {str(error)[:200]}"
