"""The staff console: a small server-rendered web app served by the bot's own process."""

from bot.console.app import build_console

__all__ = ["build_console"]
