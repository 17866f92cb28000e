"""Configuration from environment variables only (12-factor), validated once at start."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(Exception):
    """A configuration variable is missing or malformed; the message names it."""


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
    read_timeout: float = 30.0  # seconds to wait for Telegram's answer to a send: long enough
    # that a slow Bot API is not taken for a lost send (a retry would deliver it twice)
    log_level: str = "INFO"
    lease_wait: float = 0.0  # seconds to wait for another process to release the database
    console_url: str = ""  # public base URL of the staff console; empty: no console
    console_port: int = 8080  # the console's own port (PORT belongs to the webhook server)
    console_secret: str = field(default="", repr=False)  # signs session cookies

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

        def integer(name: str, default: int) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                return int(raw)
            except ValueError:
                raise SettingsError(f"{name} doit être un nombre entier (got {raw!r})") from None

        raw_timeout = env.get("TELEGRAM_READ_TIMEOUT", "").strip() or "30"
        try:
            read_timeout = float(raw_timeout)
        except ValueError:
            read_timeout = -1.0
        if not 0 < read_timeout <= 120:
            raise SettingsError(
                f"TELEGRAM_READ_TIMEOUT doit être un nombre de secondes entre 0 et 120 "
                f"(got {raw_timeout!r})"
            )
        log_level = env.get("LOG_LEVEL", "").strip().upper() or "INFO"
        if log_level not in LOG_LEVELS:
            raise SettingsError(
                f"LOG_LEVEL doit valoir {', '.join(LOG_LEVELS)} (got {log_level!r})"
            )
        webhook_url = env.get("WEBHOOK_URL", "").strip()
        secret = env.get("WEBHOOK_SECRET", "").strip()
        if webhook_url and not secret:
            raise SettingsError("WEBHOOK_SECRET est requis avec WEBHOOK_URL")
        staff = env.get("STAFF_USER_IDS", "").replace(" ", "")
        try:
            staff_ids = frozenset(int(x) for x in staff.split(",") if x)
        except ValueError:
            raise SettingsError(
                "STAFF_USER_IDS: identifiants numériques séparés par des virgules"
            ) from None
        routes = _routes(env.get("STAFF_ROUTES", ""), staff_ids)
        console_url = env.get("CONSOLE_URL", "").strip().rstrip("/")
        if console_url and not console_url.startswith(("https://", "http://")):
            raise SettingsError(f"CONSOLE_URL doit commencer par https:// (got {console_url!r})")
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
            api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip().rstrip("/"),
            webhook_url=webhook_url,
            webhook_secret=secret,
            listen=env.get("LISTEN", "0.0.0.0"),
            port=integer("PORT", 8443),
            database_path=env.get("DATABASE_PATH", "").strip() or "dsdt.sqlite3",
            retention_days=integer("RETENTION_DAYS", 730),
            staff_user_ids=staff_ids,
            staff_routes=routes,
            rate_limit=env.get("TELEGRAM_RATE_LIMIT", "on").strip().lower()
            not in ("off", "0", "no"),
            read_timeout=read_timeout,
            log_level=log_level,
            lease_wait=float(integer("LEASE_WAIT", 0)),
            console_url=console_url,
            console_port=integer("CONSOLE_PORT", 8080),
            console_secret=env.get("CONSOLE_SECRET", "").strip(),
        )


def _routes(raw: str, staff: frozenset[int]) -> dict[int, frozenset[str]]:
    """STAFF_ROUTES="111=littoral,artois;222=fiche4": what each staff member covers.

    Scopes are sub-territory keys from the call's territories.toml or fiche<N> for its fiches.
    """
    from knowledge import load_knowledge

    known = set(load_knowledge().territories) | {f"fiche{n}" for n in load_knowledge().fiches}
    routes: dict[int, frozenset[str]] = {}
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
