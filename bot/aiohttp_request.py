"""PTB's Bot API requests over aiohttp instead of httpx (issue 28).

Why: profiled over HTTP, httpx, httpcore and anyio were more than half of the bot's CPU per
update. Their per-request work is generic (httpcore checks every idle connection of the pool
through anyio's socket attributes before each request, sniffio and anyio ask which event loop
runs several times a request); aiohttp is asyncio's own client, written for it with its HTTP
parser in C. python-telegram-bot lets a bot bring any `BaseRequest` (its documentation names
aiohttp as the example), and keeps everything above `do_request`: the JSON of the answer, the
mapping of Telegram's status codes to `RetryAfter`, `Forbidden`, `BadRequest`…, the flood
limiter. This class only carries bytes and maps transport failures as PTB's `HTTPXRequest`
does: a timeout (connecting, waiting for a free connection, reading) is `TimedOut`, any other
transport error `NetworkError`, so the senders' retries see the same exceptions.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a pool of `connections` kept-alive connections.

    Timeouts as PTB's: `connect` to open a connection, `pool` to wait for a free one (aiohttp
    counts both in its `connect`, so they are added), `read` between two reads of the answer.
    aiohttp has no write timeout of its own: `write` bounds the whole request with the others
    (`total`), so a request whose writing stalls still ends as `TimedOut`."""

    __slots__ = ("_connections", "_defaults", "_media_write", "_session")

    def __init__(
        self,
        connections: int = 8,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._connections = connections
        self._defaults = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds it to getUpdates' long-polling timeout)."""
        return self._defaults[0]

    async def initialize(self) -> None:
        """The session is made inside the running event loop, as aiohttp requires."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
                # Telegram's answers are read as bytes and parsed by PTB: no cookies to keep.
                cookie_jar=aiohttp.DummyCookieJar(),
                # HTTPS_PROXY / NO_PROXY from the environment, as httpx (PTB's default) reads
                # them: a bot deployed behind a proxy keeps reaching Telegram.
                trust_env=True,
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request, return Telegram's status code and body."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = bool(request_data and request_data.contains_files)
        read, write, connect, pool = self._defaults
        read = read if isinstance(read_timeout, DefaultValue) else read_timeout
        write = (
            (self._media_write if files else write)
            if isinstance(write_timeout, DefaultValue)
            else write_timeout
        )
        connect = connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        timeout = aiohttp.ClientTimeout(
            total=_sum(connect, pool, write, read),
            connect=_sum(connect, pool),
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            # As PTB's HTTPXRequest: the class's name, for an error whose message is empty.
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def _sum(*parts: float | None) -> float | None:
    """A bound made of several: none if any of them is unbounded."""
    return None if any(part is None for part in parts) else sum(parts)  # type: ignore[arg-type]


def _body(request_data: RequestData | None) -> Any:
    """The parameters as PTB's HTTPXRequest sends them: a form of JSON-encoded values, in
    multipart with the files when there are some."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content, mimetype = part if len(part) == 3 else (*part, None)
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
