"""Configuration from environment variables only (12-factor), validated once at start."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


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
    poll_interval: float = 0.0

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
            poll_interval=float(env.get("POLL_INTERVAL", "0") or 0),
        )
