"""What the regional team reads: leads, transcripts, search, export, statistics.

One `Desk` serves both the staff commands in Telegram and `python -m storage`, so a number seen
in the chat is the number the cron job prints. Queries only; wording lives in `storage.views`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any, TextIO

from knowledge.text import fold
from storage.store import Store

STATUSES = ("nouveau", "contacté", "clos")
PAGE_SIZE = 5

# French headers for the spreadsheet, in column order, with the lead column each comes from.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Numéro", "number"),
    ("Créée le", "created_at"),
    ("Mise à jour le", "updated_at"),
    ("Statut", "status"),
    ("Prénom", "first_name"),
    ("Porteur", "role"),
    ("Commune", "commune"),
    ("Code INSEE", "insee"),
    ("Intercommunalité", "epci"),
    ("Territoire", "territory"),
    ("Fiche", "fiche"),
    ("Coût total (€)", "total"),
    ("Montant demandé (€)", "request"),
    ("Cofinancement local (€)", "cofunding"),
    ("Nature des dépenses", "kind"),
    ("Quartier prioritaire", "priority_area"),
    ("Déjà financé pour son activité", "activity_funding"),
    ("Public", "audience"),
    ("Projet", "description"),
    ("Éligible", "eligible"),
    ("Appel clos", "call_closed"),
    ("Vérifications", "checks"),
    ("Contacts régionaux", "contacts"),
    ("Souhaite être recontacté·e", "wants_contact"),
    ("Coordonnées", "contact"),
    ("Note", "note"),
)
_AMOUNTS = {"total", "request", "cofunding"}
_FLAGS = {"eligible", "call_closed", "wants_contact"}


@dataclass(frozen=True, slots=True)
class LeadFilter:
    """Which leads /leads shows: by sub-territory key, fiche number and/or status."""

    territory: str | None = None
    fiche: int | None = None
    status: str | None = None

    def encode(self) -> str:
        """Compact form for button data (64 bytes at most)."""
        return f"{self.territory or ''}.{self.fiche or ''}.{self.status or ''}"

    @classmethod
    def decode(cls, text: str) -> LeadFilter:
        parts = ([*text.split("."), "", "", ""])[:3]
        territory, fiche, status = parts
        return cls(
            territory or None,
            int(fiche) if fiche.isdigit() else None,
            status if status in STATUSES else None,
        )


def parse_filter(text: str, territories: dict[str, str]) -> LeadFilter | None:
    """'/leads littoral', '/leads fiche 4', '/leads contacté', '/leads 2 clos'; None if unknown.

    `territories` maps each sub-territory key to its name; a word of the name works too
    ("artois", "hainaut", "métropole").
    """
    words = fold(text).replace("fiche", " ").split()
    territory: str | None = None
    fiche: int | None = None
    status: str | None = None
    folded_status = {fold(s): s for s in STATUSES}
    folded_status["contacte"] = "contacté"
    for word in words:
        if word.isdigit() and 1 <= int(word) <= 4:
            fiche = int(word)
        elif word in folded_status:
            status = folded_status[word]
        else:
            match = [
                key
                for key, name in territories.items()
                if word == fold(key) or word in fold(name).replace("-", " ").split()
            ]
            if len(match) != 1:
                return None
            territory = match[0]
    return LeadFilter(territory, fiche, status)


def fts_query(words: str) -> str:
    """Turn what staff typed into a safe FTS5 query: every word must appear (prefixes
    allowed); a phone number matches with or without its spaces."""
    digits = re.sub(r"[\s.\-+]", "", words)
    if digits.isdigit() and len(digits) >= 6:
        pairs = " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))
        return f'"{digits}" OR "{pairs}"'
    tokens = re.findall(r"\w+", words)
    return " ".join(f'"{token}"*' for token in tokens)


class Desk:
    """The staff desk over one store. Synchronous: the bot calls it off the event loop."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    # ------------------------------------------------------------------ leads
    def leads(
        self, flt: LeadFilter = LeadFilter(), offset: int = 0, limit: int = PAGE_SIZE
    ) -> tuple[list[dict[str, Any]], int]:
        """The newest leads matching the filter, and how many match in all."""
        where, params = ["1 = 1"], []
        if flt.territory:
            where.append("territory = ?")
            params.append(flt.territory)
        if flt.fiche:
            where.append("fiche = ?")
            params.append(flt.fiche)
        if flt.status:
            where.append("status = ?")
            params.append(flt.status)
        clause = " and ".join(where)
        total = next(self.db.query(f"select count(*) as n from leads where {clause}", params))["n"]
        rows = self.db.query(
            f"select * from leads where {clause} order by created_at desc, number desc "
            "limit ? offset ?",
            [*params, limit, max(0, offset)],
        )
        return list(rows), int(total)

    def lead(self, number: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from leads where number = ?", [number]))
        return rows[0] if rows else None

    def transcript(self, lead: dict[str, Any]) -> list[dict[str, Any]]:
        """Every message of the lead's chat, in order, with its time."""
        return self.store.transcript(int(lead["chat_id"]))

    def set_status(self, number: int, status: str, actor: int) -> bool:
        if status not in STATUSES or self.lead(number) is None:
            return False
        with self.store.transaction():
            self.db.execute("update leads set status = ? where number = ?", [status, number])
            self.store.audit(f"staff:{actor}", "status", f"lead {number} -> {status}", actor)
        return True

    def add_note(self, number: int, note: str, actor: int) -> bool:
        lead = self.lead(number)
        if lead is None:
            return False
        stamp = dt.date.today().isoformat()
        text = f"{lead['note']}\n" if lead.get("note") else ""
        text += f"[{stamp}] {note.strip()}"
        with self.store.transaction():
            self.db.execute("update leads set note = ? where number = ?", [text, number])
            self.store.audit(f"staff:{actor}", "note", f"lead {number}", actor)
        return True

    # ------------------------------------------------------------------ search
    def search(self, words: str, limit: int = 10) -> list[dict[str, Any]]:
        """Leads whose card or transcript holds every word; one hit per lead (or per chat
        still without a verdict), newest first, with a snippet showing the words."""
        query = fts_query(words)
        if not query:
            return []
        hits: dict[str, dict[str, Any]] = {}
        for row in self.db.query(
            "select l.number, l.chat_id, l.created_at, "
            "snippet(leads_fts, -1, '«', '»', '…', 10) as snippet "
            "from leads_fts join leads l on l.rowid = leads_fts.rowid "
            "where leads_fts match ? order by l.created_at desc limit ?",
            [query, limit],
        ):
            hits.setdefault(f"lead{row['number']}", row)
        for row in self.db.query(
            "select m.chat_id, m.created_at, "
            "snippet(messages_fts, 0, '«', '»', '…', 10) as snippet, "
            "(select max(number) from leads where leads.chat_id = m.chat_id) as number "
            "from messages_fts join messages m on m.rowid = messages_fts.rowid "
            "where messages_fts match ? and m.direction = 'in' "
            "order by m.id desc limit ?",
            [query, limit * 4],
        ):
            key = f"lead{row['number']}" if row["number"] else f"chat{row['chat_id']}"
            hits.setdefault(key, row)
        return sorted(hits.values(), key=lambda r: r["created_at"], reverse=True)[:limit]

    # ------------------------------------------------------------------ export
    def export_csv(self, out: TextIO, since: dt.date | None = None) -> int:
        """Write the leads as a French spreadsheet expects: `;` separator, decimal comma,
        ISO dates, oui/non. The caller opens `out` with encoding 'utf-8-sig' (the BOM).

        SQLite formats each cell and the csv module writes the rows straight from the cursor:
        100,000 leads stay well under the 3 s target (see benchmarks/export.py)."""
        sql = f"select {', '.join(_export_expression(c) for _, c in EXPORT_COLUMNS)} from leads"
        params: list[Any] = []
        if since is not None:
            sql += " where created_at >= ?"
            params.append(since.isoformat())
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([header for header, _ in EXPORT_COLUMNS])
        cursor = self.db.conn.execute(sql + " order by number", params)
        count = 0
        while rows := cursor.fetchmany(2_000):
            writer.writerows(rows)
            count += len(rows)
        return count

    def export_document(self, since: dt.date | None = None) -> tuple[int, bytes]:
        """The CSV as the bytes of a file (UTF-8 with BOM), encoded as it is written so the
        text is never held twice in memory."""
        raw = io.BytesIO()
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        count = self.export_csv(text, since)
        text.flush()
        payload = raw.getvalue()
        text.detach()
        return count, payload

    # ------------------------------------------------------------------ statistics
    def stats(self, now: dt.datetime) -> dict[str, dict[str, Any]]:
        """Conversations started, verdicts reached, by fiche / sub-territory / outcome,
        over the last 7 and 30 days and overall."""
        periods = {
            "7": (now - dt.timedelta(days=7)).astimezone(dt.UTC).isoformat(timespec="seconds"),
            "30": (now - dt.timedelta(days=30)).astimezone(dt.UTC).isoformat(timespec="seconds"),
            "all": "",
        }
        result: dict[str, dict[str, Any]] = {}
        for period, since in periods.items():

            def count(sql: str, since: str = since) -> int:
                return int(next(self.db.query(sql, [since]))["n"])

            def grouped(column: str, since: str = since) -> dict[str, int]:
                return {
                    str(r["k"]): int(r["n"])
                    for r in self.db.query(
                        f"select coalesce({column}, '?') as k, count(*) as n from leads "
                        "where created_at >= ? group by k order by n desc, k",
                        [since],
                    )
                }

            result[period] = {
                "started": count(
                    "select count(*) as n from users where coalesce(consent_at, '') >= ?"
                ),
                "verdicts": count("select count(*) as n from leads where created_at >= ?"),
                "wants_contact": count(
                    "select count(*) as n from leads where created_at >= ? and wants_contact"
                ),
                "by_fiche": grouped("fiche"),
                "by_territory": grouped("territory"),
                "by_outcome": grouped(
                    "case when call_closed then 'closed' when eligible then 'eligible' "
                    "else 'to_review' end"
                ),
                "by_status": grouped("status"),
            }
        return result


def _export_expression(column: str) -> str:
    """The SQL that renders one export cell: whole amounts without decimals, others with a
    decimal comma; flags as oui/non; everything else as stored (dates are ISO already)."""
    if column in _AMOUNTS:
        return (
            f"case when {column} is null then '' when {column} = cast({column} as integer) "
            f"then cast(cast({column} as integer) as text) "
            f"else replace(printf('%.2f', {column}), '.', ',') end"
        )
    if column in _FLAGS:
        return f"case when {column} then 'oui' else 'non' end"
    return f"coalesce({column}, '')"
