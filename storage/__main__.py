"""`python -m storage backup FILE|purge [--days N]|forget-gone KEPT [--apply]`: the database's
own upkeep, for scripts and cron: a live backup, the retention purge (then the search indexes'
scrub), and after a restore the erasures made since the backup made again. The database is
DATABASE_PATH (or --db); exit status 2 on bad arguments, 3 when the database cannot be used
(or the backup failed).

The staff desk's commands (leads, a lead, search, export, statistics, the fiche synthétique)
need the question table and the wording staff read: they are `python -m bot.desk`, since
storage imports nothing of the dialog.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence

from storage import StorageError, Store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m storage", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--db", default=os.environ.get("DATABASE_PATH") or "dsdt.sqlite3")
    commands = parser.add_subparsers(dest="command", required=True)
    backup = commands.add_parser(
        "backup", help="copie cohérente de la base, même bot en marche (fichier 0600)"
    )
    backup.add_argument("file")
    purge = commands.add_parser("purge", help="efface ce qui dépasse la durée de conservation")
    purge.add_argument("--days", type=int, default=int(os.environ.get("RETENTION_DAYS") or 730))
    gone = commands.add_parser(
        "forget-gone",
        help="après une restauration : efface les personnes que la base d'avant (KEPT) n'a plus",
    )
    gone.add_argument("kept", help="la base mise de côté à la restauration")
    gone.add_argument("--apply", action="store_true", help="effacer (sans : seulement compter)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "backup":  # reads the live file; opens no Store (no migration, no write)
        return _backup(args.db, args.file)
    try:
        store = Store(args.db)
    except StorageError as exc:
        print(exc, file=sys.stderr)
        return 3
    try:
        if args.command == "forget-gone":
            return _forget_gone(store, args.kept, args.apply)
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=args.days)
        deleted = store.purge(cutoff)
        store.scrub()
        print(f"{deleted} lignes effacées (antérieures au {cutoff.date().isoformat()})")
        store.audit("cli", args.command, "")
    finally:
        store.close()
    return 0


def _forget_gone(store: Store, kept: str, apply: bool) -> int:
    """Erase from the restored database (--db) each person the kept file no longer holds, as
    /effacer does (their staff notifications queued for deletion, the audit told)."""
    from storage.ops import BackupError, gone_since

    try:
        gone = gone_since(store.db.conn, kept)
    except BackupError as exc:
        print(f"rien n'est effacé : {exc}", file=sys.stderr)
        return 3
    if not apply:
        print(f"{len(gone)} personne(s) à effacer à nouveau ; relancez avec --apply pour le faire")
        return 0
    for chat, user in gone:
        store.erase_person(chat, user)
    store.scrub()
    store.audit("cli", "forget-gone", f"{len(gone)} people")
    print(f"{len(gone)} personne(s) effacée(s) à nouveau")
    return 0


def _backup(database: str, target: str) -> int:
    from storage.ops import BackupError, backup

    try:
        done = backup(database, target)
    except (BackupError, OSError) as exc:
        print(f"sauvegarde impossible : {exc}", file=sys.stderr)
        return 3
    print(
        f"{database} → {done.path} : {done.size / 1e6:.1f} Mo en {done.seconds:.1f} s "
        f"(contrôle : {done.check})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
