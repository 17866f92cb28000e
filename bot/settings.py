"""Configuration from environment variables only (12-factor), validated once at start.

`VARIABLES` is the one list of settings: `Settings.from_env` reads each through it (its
default included) and `python -m bot --help` prints it, so the two cannot disagree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")


class SettingsError(Exception):
    """A configuration variable is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Variable:
    name: str
    default: str  # as it would be written in the environment; "" = unset
    meaning: str


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "TELEGRAM_BOT_TOKEN",
        "",
        "bot token from BotFather; unset: the same conversation runs in the terminal "
        "(buttons become numbers)",
    ),
    Variable(
        "WEBHOOK_URL",
        "",
        "public https URL Telegram posts updates to (webhook mode, path /telegram); "
        "unset: long polling",
    ),
    Variable(
        "WEBHOOK_SECRET",
        "",
        "required with WEBHOOK_URL; checked in Telegram's secret-token header (403 otherwise)",
    ),
    Variable("LISTEN", "0.0.0.0", "address the web servers listen on"),
    Variable(
        "PORT",
        "8443",
        "webhook mode: the server's port (/telegram, /healthz, /metrics and the console)",
    ),
    Variable(
        "METRICS_PORT",
        "",
        "polling mode: a port for /healthz and /metrics; unset: they are served on the "
        "console's port when the console is on, else not at all",
    ),
    Variable(
        "TELEGRAM_API_BASE_URL",
        "",
        "a local Bot API server instead of Telegram's (the end-to-end tests use one)",
    ),
    Variable(
        "TELEGRAM_RATE_LIMIT",
        "on",
        "on: keep to Telegram's flood limits (PTB's AIORateLimiter); off only for a local "
        "stand-in",
    ),
    Variable(
        "TELEGRAM_READ_TIMEOUT",
        "30",
        "seconds to wait for Telegram's answer to a send before retrying (0 to 120); long "
        "enough that a slow Bot API is not taken for a lost send (docs/delivery.md)",
    ),
    Variable(
        "TELEGRAM_HTTP",
        "aiohttp",
        "the Bot API requests' HTTP client: aiohttp (half the bot's CPU per update of httpx, "
        "docs/performance.md) or httpx (python-telegram-bot's own HTTPXRequest)",
    ),
    Variable(
        "KNOWLEDGE_DIR",
        "",
        "the call's data package; unset: the shipped call (knowledge/data/)",
    ),
    Variable("DATABASE_PATH", "dsdt.sqlite3", "the SQLite file (its lock is <path>.lock)"),
    Variable(
        "FTS_SECURE_DELETE",
        "auto",
        "auto: an erasure removes the words from the search indexes in place when SQLite "
        "allows (>= 3.42, pysqlite3-binary); off: by a merge in small steps afterwards. Read "
        "by the store itself, so the staff and storage commands follow it too",
    ),
    Variable(
        "RETENTION_DAYS",
        "730",
        "days conversations are kept (stated in the privacy notice); purged daily at 03:00 "
        "Paris and once at start",
    ),
    Variable(
        "STAFF_USER_IDS",
        "",
        "Telegram user ids of the regional team, comma-separated; empty: a warning, and "
        "the bot never promises a call-back",
    ),
    Variable(
        "STAFF_ROUTES",
        "",
        "what each staff member covers, e.g. 111=littoral,artois;222=fiche4; staff without "
        "a route cover everything",
    ),
    Variable(
        "LOG_LEVEL",
        "INFO",
        "DEBUG, INFO, WARNING or ERROR; at every level no line holds what a person typed",
    ),
    Variable(
        "LOG_FORMAT",
        "text",
        "text, or json: one JSON object per line (same redaction)",
    ),
    Variable(
        "LEASE_WAIT",
        "0",
        "seconds a second process waits for the first to release the database (0: refuse "
        "at once, exit code 4)",
    ),
    Variable(
        "CONSOLE_URL",
        "",
        "public base URL of the staff web console; set, the bot serves it and /console "
        "sends login links; unset, no console",
    ),
    Variable(
        "CONSOLE_PORT",
        "8080",
        "polling mode: the console's port on LISTEN (webhook mode serves it on PORT)",
    ),
    Variable(
        "CONSOLE_SECRET",
        "",
        "key signing the console's session cookies; unset: a random key per process (a "
        "restart ends every session)",
    ),
)
DEFAULTS = {v.name: v.default for v in VARIABLES}


def help_text() -> str:
    """Every setting with its default, for `python -m bot --help`."""
    import textwrap

    lines = []
    for v in VARIABLES:
        default = f"default: {v.default}" if v.default else "default: unset"
        lines.append(f"  {v.name} ({default})")
        lines.extend(
            textwrap.wrap(v.meaning, 88, initial_indent=" " * 6, subsequent_indent=" " * 6)
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Settings:
    token: str = field(default="", repr=False)
    api_base_url: str = ""
    webhook_url: str = ""
    webhook_secret: str = field(default="", repr=False)
    listen: str = "0.0.0.0"
    port: int = 8443
    database_path: str = "dsdt.sqlite3"
    retention_days: int = 730
    staff_user_ids: frozenset[int] = frozenset()
    staff_routes: dict[int, frozenset[str]] = field(default_factory=dict)
    rate_limit: bool = True  # Telegram's flood limits (AIORateLimiter); off for a local stand-in
    read_timeout: float = 30.0  # a slow Bot API is not taken for a lost send (a duplicate)
    http_client: str = "aiohttp"  # or "httpx" (bot.aiohttp_request says why)
    log_level: str = "INFO"
    log_format: str = "text"  # or "json": one object per line
    lease_wait: float = 0.0  # seconds to wait for another process to release the database
    console_url: str = ""  # public base URL of the staff console; empty: no console
    console_port: int = 8080  # the console's own port (PORT belongs to the webhook server)
    console_secret: str = field(default="", repr=False)  # signs session cookies
    metrics_port: int | None = None  # polling mode: /healthz and /metrics on their own port
    knowledge_dir: str = ""  # the call's data package; "" = the shipped call

    def staff_covering(self, territory: str | None, fiche: int | None) -> list[int]:
        """Staff to notify about a lead: those whose routes name its sub-territory or its
        fiche ("fiche4"); staff without routes cover everything. Nobody is left out: if no
        route matches, every staff member is notified."""
        scopes = {territory or "", f"fiche{fiche}"}
        chosen = [
            user_id
            for user_id in sorted(self.staff_user_ids)
            if not self.staff_routes.get(user_id) or self.staff_routes[user_id] & scopes
        ]
        return chosen or sorted(self.staff_user_ids)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)

        def get(name: str) -> str:
            """The variable's value, or its default from VARIABLES (the one list)."""
            return env.get(name, "").strip() or DEFAULTS[name]

        def integer(name: str) -> int:
            raw = get(name)
            try:
                return int(raw)
            except ValueError:
                raise SettingsError(f"{name} doit être un nombre entier (got {raw!r})") from None

        raw_timeout = get("TELEGRAM_READ_TIMEOUT")
        try:
            read_timeout = float(raw_timeout)
        except ValueError:
            read_timeout = -1.0
        if not 0 < read_timeout <= 120:
            raise SettingsError(
                f"TELEGRAM_READ_TIMEOUT doit être un nombre de secondes entre 0 et 120 "
                f"(got {raw_timeout!r})"
            )
        log_level = get("LOG_LEVEL").upper()
        if log_level not in LOG_LEVELS:
            raise SettingsError(
                f"LOG_LEVEL doit valoir {', '.join(LOG_LEVELS)} (got {log_level!r})"
            )
        log_format = get("LOG_FORMAT").lower()
        if log_format not in LOG_FORMATS:
            raise SettingsError(
                f"LOG_FORMAT doit valoir {' ou '.join(LOG_FORMATS)} (got {log_format!r})"
            )
        http_client = get("TELEGRAM_HTTP").lower()
        if http_client not in ("aiohttp", "httpx"):
            raise SettingsError(
                f"TELEGRAM_HTTP doit valoir aiohttp ou httpx (got {http_client!r})"
            )
        if get("FTS_SECURE_DELETE").strip().lower() not in ("auto", "off"):
            raise SettingsError("FTS_SECURE_DELETE doit valoir auto ou off")
        webhook_url = get("WEBHOOK_URL")
        secret = get("WEBHOOK_SECRET")
        if webhook_url and not secret:
            raise SettingsError("WEBHOOK_SECRET est requis avec WEBHOOK_URL")
        staff = get("STAFF_USER_IDS").replace(" ", "")
        try:
            staff_ids = frozenset(int(x) for x in staff.split(",") if x)
        except ValueError:
            raise SettingsError(
                "STAFF_USER_IDS: identifiants numériques séparés par des virgules"
            ) from None
        routes = _routes(get("STAFF_ROUTES"), staff_ids)
        console_url = get("CONSOLE_URL").rstrip("/")
        if console_url and not console_url.startswith(("https://", "http://")):
            raise SettingsError(f"CONSOLE_URL doit commencer par https:// (got {console_url!r})")
        return cls(
            token=get("TELEGRAM_BOT_TOKEN"),
            api_base_url=get("TELEGRAM_API_BASE_URL").rstrip("/"),
            webhook_url=webhook_url,
            webhook_secret=secret,
            listen=env.get("LISTEN") or DEFAULTS["LISTEN"],
            port=integer("PORT"),
            database_path=get("DATABASE_PATH"),
            retention_days=integer("RETENTION_DAYS"),
            staff_user_ids=staff_ids,
            staff_routes=routes,
            rate_limit=get("TELEGRAM_RATE_LIMIT").lower() not in ("off", "0", "no"),
            read_timeout=read_timeout,
            http_client=http_client,
            log_level=log_level,
            log_format=log_format,
            lease_wait=float(integer("LEASE_WAIT")),
            console_url=console_url,
            console_port=integer("CONSOLE_PORT"),
            console_secret=get("CONSOLE_SECRET"),
            metrics_port=integer("METRICS_PORT") if get("METRICS_PORT") else None,
            knowledge_dir=get("KNOWLEDGE_DIR"),
        )


def _routes(raw: str, staff: frozenset[int]) -> dict[int, frozenset[str]]:
    """STAFF_ROUTES="111=littoral,artois;222=fiche4": what each staff member covers.

    Scopes are sub-territory keys from the call's territories.toml or fiche<N> for its fiches.
    """
    routes: dict[int, frozenset[str]] = {}
    if not raw.strip():  # nothing to check: the call's data is not even read
        return routes
    from knowledge import load_knowledge

    known = set(load_knowledge().territories) | {f"fiche{n}" for n in load_knowledge().fiches}
    for part in filter(None, (p.strip() for p in raw.split(";"))):
        user, _, scopes = part.partition("=")
        try:
            user_id = int(user.strip())
        except ValueError:
            raise SettingsError(f"STAFF_ROUTES: identifiant invalide {user!r}") from None
        if user_id not in staff:
            raise SettingsError(f"STAFF_ROUTES: {user_id} n'est pas dans STAFF_USER_IDS")
        names = frozenset(
            s.strip().lower().replace(" ", "") for s in scopes.split(",") if s.strip()
        )
        unknown = sorted(names - known)
        if unknown:
            raise SettingsError(
                f"STAFF_ROUTES: {', '.join(unknown)} inconnu (attendu : {', '.join(sorted(known))})"
            )
        routes[user_id] = names
    return routes
