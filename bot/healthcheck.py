"""`python -m bot.healthcheck`: exit 0 if this machine's bot answers /healthz with 200.

For a container's HEALTHCHECK or a systemd watchdog script: the slim image has no curl, and
the port to ask depends on the mode (PORT with a webhook; METRICS_PORT, else the console's
port, in polling mode), which the settings already know.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.settings import Settings, SettingsError


def url(settings: Settings) -> str | None:
    """Where this configuration serves /healthz (None: it serves no web endpoint)."""
    if settings.webhook_url:
        port = settings.port
    elif settings.metrics_port is not None:
        port = settings.metrics_port
    elif settings.console_url:
        port = settings.console_port
    else:
        return None
    host = settings.listen if settings.listen not in ("", "0.0.0.0", "::") else "127.0.0.1"
    return f"http://{host}:{port}/healthz"


def main() -> int:
    try:
        target = url(Settings.from_env())
    except SettingsError as exc:
        print(f"configuration invalide : {exc}", file=sys.stderr)
        return 1
    if target is None:
        print("pas de /healthz : réglez METRICS_PORT (polling) ou WEBHOOK_URL", file=sys.stderr)
        return 1
    try:
        with urllib.request.urlopen(target, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"{target} : {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
