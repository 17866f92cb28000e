"""`python -m storage leads|lead N|search WORDS|export|subventions|stats|purge|sheet N|backup FILE`: the staff
desk for scripts and cron, on the same `Desk` as the bot's staff commands, and a live backup.
The database is DATABASE_PATH (or --db); exit status 2 on bad arguments, 3 when the database
cannot be used (or the backup failed)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from dialogs.staff_views import lead_card, lead_line, search_hits, stats_text, transcript_lines
from knowledge import Knowledge, load_knowledge
from storage import StorageError, Store
from storage.staff import Desk, parse_filter


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue AAAA-MM-JJ, reçu {text!r}") from None


def _private(path: str) -> TextIO:
    """Open an export file readable by its owner only (0600): it holds people's data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through O_CREAT: tighten it
    return open(fd, "w", encoding="utf-8-sig", newline="")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m storage", description=__doc__)
    parser.add_argument("--db", default=os.environ.get("DATABASE_PATH") or "dsdt.sqlite3")
    commands = parser.add_subparsers(dest="command", required=True)
    leads = commands.add_parser("leads", help="les demandes, les plus récentes d'abord")
    leads.add_argument("filter", nargs="*", help="territoire, fiche et/ou statut")
    leads.add_argument("--limit", type=int, default=50)
    lead = commands.add_parser("lead", help="une demande et sa conversation")
    lead.add_argument("number", type=int)
    search = commands.add_parser("search", help="recherche plein texte")
    search.add_argument("words", nargs="+")
    export = commands.add_parser("export", help="les demandes en CSV (;, UTF-8 avec BOM)")
    export.add_argument("--since", type=_date)
    export.add_argument("--output", help="fichier (sinon la sortie standard)")
    grants = commands.add_parser(
        "subventions",
        help="les subventions accordées en données ouvertes (schéma SCDL « subventions », CSV)",
    )
    grants.add_argument("--siret", default="", help="SIRET de la Région (attribuant)")
    grants.add_argument(
        "--ue", default="", choices=("", "oui", "non"), help="aide notifiée à l'UE"
    )
    grants.add_argument("--output", help="fichier (sinon la sortie standard)")
    commands.add_parser("stats", help="statistiques sur 7 jours, 30 jours et depuis le début")
    sheet = commands.add_parser("sheet", help="la fiche synthétique d'une demande (.odt)")
    sheet.add_argument("number", type=int)
    sheet.add_argument("--output", help="fichier (sinon le nom de la fiche, ici)")
    backup = commands.add_parser(
        "backup", help="copie cohérente de la base, même bot en marche (fichier 0600)"
    )
    backup.add_argument("file")
    purge = commands.add_parser("purge", help="efface ce qui dépasse la durée de conservation")
    purge.add_argument("--days", type=int, default=int(os.environ.get("RETENTION_DAYS") or 730))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "backup":  # reads the live file; opens no Store (no migration, no write)
        return _backup(args.db, args.file)
    try:
        store = Store(args.db)
    except StorageError as exc:
        print(exc, file=sys.stderr)
        return 3
    desk = Desk(store, _answer_columns())
    knowledge = load_knowledge()
    names = {key: t.name for key, t in knowledge.territories.items()}
    zone = knowledge.region.time_zone
    try:
        if args.command == "leads":
            flt = parse_filter(" ".join(args.filter), names, knowledge.fiches)
            if flt is None:
                parser.error(f"filtre inconnu : {' '.join(args.filter)}")
            rows, total = desk.leads(flt, 0, args.limit)
            for row in rows:
                print(lead_line(row, zone=zone))
            print(f"{len(rows)} / {total}")
        elif args.command == "lead":
            row = desk.lead(args.number)
            if row is None:
                print(f"pas de demande n° {args.number}", file=sys.stderr)
                return 1
            print(lead_card(row, knowledge.territory_name, zone=zone))
            print()
            print("\n".join(transcript_lines(desk.transcript(row), zone=zone)))
        elif args.command == "search":
            print(search_hits(desk.search(" ".join(args.words)), zone=zone))
        elif args.command == "export":
            if args.output:
                with _private(args.output) as out:
                    count = desk.export_csv(out, args.since)
                print(f"{count} demandes → {args.output}", file=sys.stderr)
            else:
                sys.stdout.reconfigure(encoding="utf-8-sig", newline="")  # type: ignore[union-attr]
                desk.export_csv(sys.stdout, args.since)
        elif args.command == "subventions":
            status = _open_data(store, knowledge, args.siret, args.ue, args.output)
            if status:
                return status
        elif args.command == "stats":
            now = dt.datetime.now(dt.UTC)
            print(stats_text(desk.stats(now), knowledge.territory_name))
        elif args.command == "sheet" and _sheet(desk, knowledge, args.number, args.output):
            return 1
        elif args.command == "purge":
            cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=args.days)
            deleted = store.purge(cutoff)
            store.scrub()
            print(f"{deleted} lignes effacées (antérieures au {cutoff.date().isoformat()})")
        store.audit("cli", args.command, "")
    finally:
        store.close()
    return 0


def _answer_columns() -> tuple[tuple[str, str, str], ...]:
    """The answers' columns of the export, from the question table (this entry point puts the
    desk and the dialog's table together, as it does for the sheet)."""
    from dialogs.fields import export_columns

    return export_columns()


def _open_data(store: Store, knowledge: Knowledge, siret: str, ue: str, output: str | None) -> int:
    """The granted subsidies in the SCDL « subventions » schema (`dialogs.open_data`); the
    granted leads left out, and why, on standard error. Exit 2 without the Region's SIRET or
    the European notification (neither is in the call's documents: never guessed)."""
    from dialogs.open_data import MISSING, attributor, attributor_problems, scdl_csv, scdl_rows
    from storage.queue import granted_leads

    who = attributor(knowledge, siret, ue)
    problems = attributor_problems(who)
    if problems:
        print("il manque : " + " ; ".join(problems), file=sys.stderr)
        return 2
    rows = scdl_rows(granted_leads(store), who)
    text = scdl_csv(rows.rows)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    else:
        sys.stdout.reconfigure(newline="")  # type: ignore[union-attr]
        sys.stdout.write(text)
    for number, missing in rows.left_out:
        lacks = ", ".join(MISSING[key] for key in missing)
        print(f"n° {number} non publiée, il manque : {lacks}", file=sys.stderr)
    print(f"{len(rows.rows)} subventions → {output or 'sortie standard'}", file=sys.stderr)
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


def _sheet(desk: Desk, knowledge: Knowledge, number: int, output: str | None) -> int:
    """Write a lead's fiche synthétique, regenerated from the answers it keeps."""
    import json

    from dialogs.odt import sheet_file

    row = desk.lead(number)
    if row is None or not row.get("sheet"):
        print(f"pas de fiche synthétique pour la demande n° {number}", file=sys.stderr)
        return 1
    document, name = sheet_file(knowledge, json.loads(row["sheet"]))
    path = output or name
    with open(path, "wb") as out:
        out.write(document)
    print(f"fiche synthétique de la demande n° {number} → {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
