"""`python -m bot.desk leads|lead N|search WORDS|export|subventions|stats|sheet N|erase N`: the staff
desk for scripts and cron, on the same `Desk` as the bot's staff commands, so a number seen in the chat
is the number a cron job prints. The database is DATABASE_PATH (or --db); exit status 2 on bad
arguments, 3 when the database cannot be used.

It lives in the adapter layer because it puts three layers together, as the bot does: the
desk's queries (`storage`), the question table's columns and the wording staff read
(`dialogs`), the call's data (`knowledge`). The database's own upkeep (`backup`, `purge`)
needs none of the dialog: it stays in `python -m storage`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from bot.settings import VARIABLES
from dialogs.fields import export_columns
from dialogs.labels import card_words, table_words
from dialogs.odt import sheet_file
from dialogs.open_data import MISSING, attributor, attributor_problems, scdl_csv, scdl_rows
from dialogs.staff_views import (
    lead_card,
    lead_line,
    search_hits,
    staff_epci,
    stats_text,
    transcript_lines,
)
from knowledge import Knowledge, load_knowledge
from storage import StorageError, Store
from storage.queue import granted_leads
from storage.staff import Desk, parse_filter, search_terms, typed_syntax


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
    database = next(v.default for v in VARIABLES if v.name == "DATABASE_PATH")
    parser = argparse.ArgumentParser(
        prog="python -m bot.desk", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--db", default=os.environ.get("DATABASE_PATH") or database)
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
    erase = commands.add_parser(
        "erase", help="effacer la personne d'une demande, à sa demande (comme /effacer)"
    )
    erase.add_argument("number", type=int)
    erase.add_argument("--yes", action="store_true", help="effacer (sans : seulement dire quoi)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        store = Store(args.db)
    except StorageError as exc:
        print(exc, file=sys.stderr)
        return 3
    knowledge = load_knowledge()
    desk = Desk(store, export_columns(knowledge), knowledge.region.time_zone)
    names = {key: t.name for key, t in knowledge.territories.items()}
    zone = knowledge.region.time_zone
    try:
        if args.command == "leads":
            flt = parse_filter(" ".join(args.filter), names, knowledge.fiches)
            if flt is None:
                parser.error(f"filtre inconnu : {' '.join(args.filter)}")
            rows, total = desk.leads(flt, 0, args.limit)
            for row in rows:
                print(lead_line(row, zone=zone, epci=staff_epci(knowledge, "fr")))
            print(f"{len(rows)} / {total}")
        elif args.command == "lead":
            lead = desk.lead(args.number)
            if lead is None:
                print(f"pas de demande n° {args.number}", file=sys.stderr)
                return 1
            # in words, as the bot's /lead and the console say it (never the stored codes)
            epci = staff_epci(knowledge, "fr")
            words = card_words("fr")
            print(lead_card(lead, knowledge.territory_name, **words, zone=zone, epci=epci))
            print()
            rows = desk.transcript(lead)
            print("\n".join(transcript_lines(rows, table=table_words("fr"), zone=zone)))
        elif args.command == "search":
            typed = " ".join(args.words)
            hits = desk.search(typed)
            searched, syntax = search_terms(typed), typed_syntax(typed)
            print(search_hits(hits, zone=zone, searched=searched, syntax=syntax))
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
        elif args.command == "erase":
            return _erase(store, desk, args.number, args.yes)
        store.audit("cli", args.command, "")
    finally:
        store.close()
    return 0


def _open_data(store: Store, knowledge: Knowledge, siret: str, ue: str, output: str | None) -> int:
    """The granted subsidies in the SCDL « subventions » schema (`dialogs.open_data`); the
    granted leads left out, and why, on standard error. Exit 2 without the Region's SIRET or
    the European notification (neither is in the call's documents: never guessed)."""
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


def _erase(store: Store, desk: Desk, number: int, yes: bool) -> int:
    """Erase the person behind a lead, who asked the Region by another channel (phone, mail):
    everything /effacer erases, through the same call. The bot deletes staff's notifications
    about it, tells staff, and tells the person in Telegram (`bot.erased`: why), within about a
    second while it runs (`bot.jobs.erasures_wake_job`), else at its start. The audit keeps the lead
    number (never personal), as for a staff action."""
    lead = desk.lead(number)
    if lead is None:
        print(f"pas de demande n° {number}", file=sys.stderr)
        return 1
    chat, user = int(lead["chat_id"]), int(lead["user_id"])
    preview = store.erasure_preview(chat, user)  # what erase_person deletes, counted
    leads = ", ".join(f"n° {n}" for n in preview.leads)
    if not yes:
        print(
            f"La demande n° {number} : la personne a {preview.rows['messages']} messages, "
            f"{preview.rows['reminders']} rappels et les demandes {leads}. Relancez avec "
            "--yes pour tout effacer (définitif)."
        )
        store.audit("cli", "erase-asked", f"lead {number}", None, number)
        return 0
    erasure = store.erase_person(chat, user, tell=True)
    store.scrub()
    store.audit("cli", "erase", f"lead {number}", None, number)
    print(
        f"C'est effacé : {sum(erasure.rows.values())} lignes, demandes {leads}. La personne "
        "en sera informée dans Telegram par le bot (dans les secondes s'il tourne, sinon à son "
        "démarrage), sans rien de ce qu'elle a dit."
    )
    return 0


def _sheet(desk: Desk, knowledge: Knowledge, number: int, output: str | None) -> int:
    """Write a lead's fiche synthétique, regenerated from the answers it keeps."""
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


def run() -> int:
    """`main` for a shell: a reader that stops early (`| head`) ends the desk quietly, as
    other command-line tools do, instead of a BrokenPipeError traceback."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at nothing first (Python's docs, signal)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(run())
