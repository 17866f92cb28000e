"""The leads as a spreadsheet: its columns, and the CSV written in pieces straight from SQLite.

`storage.staff.Desk` writes it to a file (the command line, a Telegram document) or streams it
from a snapshot on a connection of its own (the console's download), off the chats' thread
(issue 28). Queries only; the answers' columns come from the caller.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from knowledge.local_time import STAFF_FORMAT, local_time, offsets, zone_words
from storage.sqlite import sqlite3

# The spreadsheet's columns: (French header, lead column, shape). The store's own columns come
# first and last; the columns between them are given by the caller (the question table's and
# the verdict in staff words, `dialogs.fields.export_columns`), so a new question adds its
# column there. A shape is a name ("amount", "flag", "text"…) or the words each stored value is
# written as (the verdict: storage keeps "fine", staff read « tout est bon »).
# A JSON object of named states (the checks: {"floor": "ok"}) is worded by a pair: the names'
# words and the states' ("plancher : respecté ; …").
Shape = str | Mapping[str, str] | tuple[Mapping[str, str], Mapping[str, str]]
Column = tuple[str, str, Shape]
HEAD_COLUMNS: tuple[Column, ...] = (
    ("Numéro", "number", "text"),
    ("Créée le", "created_at", "time"),  # in the region's time, the zone named in the header
    ("Mise à jour le", "updated_at", "time"),
    ("Statut", "status", "text"),
    ("Prénom", "first_name", "text"),
)
TAIL_COLUMNS: tuple[Column, ...] = (
    ("Appel clos", "call_closed", "flag"),
    ("Contacts régionaux", "contacts", "text"),
    ("Souhaite être recontacté·e", "wants_contact", "flag"),
    ("Coordonnées", "contact", "text"),
    ("Note", "note", "text"),
)
EXPORT_CHUNK = 500  # leads per piece of the export: about 2 MiB of Python memory
# The store's own cells that cannot start like a formula (numbers, times, the status), so
# they skip the neutralising expression; flags are oui/non already, times « 27/11/2014 10:32 ».
_NEVER_FORMULAS = {"number", "created_at", "updated_at", "status"}


def export_columns(answers: Sequence[Column], zone: str = "UTC") -> tuple[Column, ...]:
    """Every column of the spreadsheet, in order, around the answers' columns; a time's
    header names the zone it is written in (« Créée le (heure de Paris) »)."""
    head = tuple(
        (f"{header} ({zone_words(zone)})" if shape == "time" else header, column, shape)
        for header, column, shape in HEAD_COLUMNS
    )
    return (*head, *answers, *TAIL_COLUMNS)


def export_chunks(
    conn: sqlite3.Connection,
    columns: Sequence[Column],
    where: str = "1 = 1",
    params: Sequence[Any] = (),
    order: str = "number",
    zone: str = "UTC",
) -> Iterator[tuple[str, int]]:
    """The export of the leads matching `where`, in `order`, as pieces of CSV text (the
    header line first), each with its number of leads: whoever writes them (a file, an HTTP
    response) holds one piece at a time. Read in the caller's transaction (one snapshot).

    SQLite formats each cell and the csv module writes the rows straight from the cursor;
    times through `knowledge.local_time`, in `zone`, the helper the console's pages use."""
    cells = _cells(conn, columns, zone)
    rows = _Rows(columns)
    yield rows.header, 0
    cursor = conn.execute(f"select {cells} from leads where {where} order by {order}", params)
    while chunk := cursor.fetchmany(EXPORT_CHUNK):
        yield rows.written(chunk), len(chunk)


def export_by_keys(
    conn: sqlite3.Connection, columns: Sequence[Column], numbers: Sequence[int], zone: str
) -> Iterator[tuple[str, int]]:
    """The export of the leads numbered `numbers`, in that order, each EXPORT_CHUNK of them
    read in a short transaction of its own, outside any the caller holds (the export's
    process: `storage.export_process`).

    Why: a reader holding one snapshot for a whole export (40-135 s at 1,000,000 leads)
    keeps every checkpoint from restarting the WAL, so each chat's commit meanwhile writes
    to a WAL that only grows (perf10: 309 MiB against 98 MiB with short transactions, for
    6,000 commits of the chats' shape). The cost is the one snapshot: a lead changed during
    the export shows its newer state, and a lead erased meanwhile (its number is never given
    again) is left out; the document's last line then says how many, so that the rows and
    the count given first still agree. Leads created meanwhile are not in `numbers`."""
    cells = _cells(conn, columns, zone)
    rows = _Rows(columns)
    yield rows.header, 0
    # CROSS JOIN: the keys are the outer loop, so the rows come in the keys' order (an ORDER
    # BY k.key sorted each piece again in a temporary B-tree).
    query = f"select {cells} from json_each(?) as k cross join leads on leads.number = k.value"
    erased = 0
    for first in range(0, len(numbers), EXPORT_CHUNK):
        keys = numbers[first : first + EXPORT_CHUNK]
        conn.execute("begin")
        try:
            chunk = conn.execute(query, ["[" + ",".join(map(str, keys)) + "]"]).fetchall()
        finally:
            conn.execute("commit")
        erased += len(keys) - len(chunk)
        yield rows.written(chunk), len(chunk)
    if erased:
        yield rows.written([[ERASED_MEANWHILE.format(n=erased)]]), 0


# The document's last line when leads were erased while it was written (French, as its
# headers: the spreadsheet is staff's, in the region's language).
ERASED_MEANWHILE = (
    "{n} demande(s) effacée(s) pendant l'export (droit à l'effacement) : "
    "absente(s) de ce fichier, comptée(s) dans le total annoncé."
)


class _Rows:
    """The csv module writing rows into one buffer, emptied for each piece (`;`, "\\r\\n")."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=";", lineterminator="\r\n")
        self.header = self.written([[header for header, _, _ in columns]])

    def written(self, rows: Iterable[Sequence[Any]]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(rows)
        return self._buffer.getvalue()


def _cells(conn: sqlite3.Connection, columns: Sequence[Column], zone: str) -> str:
    """The SELECT list of the export's cells, one expression per column. Only functions
    the standard library's SQLite (3.40 on Debian 12) has: no concat_ws (3.44), which the
    eleventh round's lines by SQLite needed (docs/performance.md)."""
    conn.create_function("staff_time", 1, lambda iso: local_time(iso, zone), deterministic=True)
    return ", ".join(
        _time_expression(conn, column, zone)
        if shape == "time"
        else _export_expression(column, shape)
        for _, column, shape in columns
    )


def encoded(pieces: Iterator[tuple[str, int]]) -> Iterator[bytes]:
    """The CSV's bytes: UTF-8 with a BOM (what a French spreadsheet needs to read UTF-8),
    written here only, for the stream and the export's process alike."""
    yield "\ufeff".encode()
    for text, _ in pieces:
        yield text.encode()


def stream(
    conn: sqlite3.Connection, count: int, pieces: Iterator[tuple[str, int]]
) -> tuple[int, Iterator[bytes]]:
    """The CSV's bytes (UTF-8 with BOM) piece by piece; the connection (a reader's, opened
    for this export) is closed once they are read or dropped."""

    def encoded() -> Iterator[bytes]:
        try:
            yield from encoded(pieces)
        finally:
            conn.close()

    return count, encoded()


def _export_expression(column: str, shape: Shape) -> str:
    """The SQL that renders one export cell: whole amounts without decimals, others with a
    decimal comma; flags as oui/non; worded values in their words (an unknown value as
    stored, never silently blank); everything else as stored (dates are ISO already).
    Amounts are stored as decimal text ("45000.50"), so they are rewritten as text, never
    through a float."""
    if shape == "amount":  # a negative amount is neutralised like text
        return _neutralised(
            column,
            f"case when {column} is null then '' "
            f"when {column} like '%.00' then substr({column}, 1, length({column}) - 3) "
            f"else replace({column}, '.', ',') end",
        )
    if isinstance(shape, tuple):
        names, states = _cases(shape[0], "key"), _cases(shape[1], "value")
        return (
            f"coalesce((select group_concat({names} || ' : ' || {states}, ' ; ') "
            f"from json_each(case when json_valid({column}) then {column} end)), '')"
        )
    if not isinstance(shape, str):
        return _cases(shape, column)
    if shape == "flag":
        return f"case when {column} then 'oui' else 'non' end"
    if column in _NEVER_FORMULAS:
        return f"coalesce({column}, '')"
    return _neutralised(column, f"coalesce({column}, '')")


def _time_expression(conn: sqlite3.Connection, column: str, zone: str) -> str:
    """A stored UTC time in the region's zone, « 28/11/2014 00:30 », as `local_time` writes
    it, by SQLite's strftime with the zone's offset over the span of the column's times
    (`knowledge.local_time.offsets`: a change of offset is one more WHEN). Calling
    `local_time` for every cell cost 0.75 s per 100,000 leads (2.27 -> 3.02 s); it stays for
    a time of another shape or outside the span (`staff_time`)."""
    first, last = conn.execute(f"select min({column}), max({column}) from leads").fetchone()
    if not first or not last:
        return f"coalesce(staff_time({column}), '')"
    try:
        changes = offsets(zone, first, last)
    except ValueError:  # a time of another shape among them: each through local_time
        return f"coalesce(staff_time({column}), '')"
    pattern = _literal(STAFF_FORMAT)

    def shifted(minutes: int) -> str:
        return f"strftime({pattern}, {column}, '{minutes:+d} minutes')"

    whens = [
        f"when {column} is null then ''",
        f"when length({column}) <> 25 or substr({column}, 20) <> '+00:00' "
        f"or {column} < {_literal(changes[0][0])} or {column} > {_literal(last)} "
        f"then staff_time({column})",
    ]
    for (_start, minutes), (following, _next) in itertools.pairwise(changes):
        whens.append(f"when {column} < {_literal(following)} then {shifted(minutes)}")
    return f"case {' '.join(whens)} else {shifted(changes[-1][1])} end"


def _cases(words: Mapping[str, str], value: str) -> str:
    """`value` in its words; one without words as stored (never silently blank)."""
    cases = " ".join(f"when {_literal(k)} then {_literal(v)}" for k, v in words.items())
    return f"case {value} {cases} else coalesce({value}, '') end"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _neutralised(column: str, expression: str) -> str:
    """OWASP's CSV-injection rule in SQL: a cell starting with =, +, -, @, tab or CR gets a
    leading apostrophe, so a spreadsheet shows it as text instead of running it as a formula
    ("+33 6 12 34 56 78" stays readable as '+33 6 12 34 56 78).

    The test reads the stored value's first character, so `expression` runs once per row, in
    whichever branch: the cell's rendering keeps that first character (it drops ".00" at the
    end or turns "." into ","; NULL gives "", neither a formula). Evaluating it in the test
    as well was a third of the export's time (issue 28)."""
    quote = "''''"  # SQL for a one-character string holding an apostrophe
    return (
        f"case when substr({column}, 1, 1) in ('=', '+', '-', '@', char(9), char(13)) "
        f"then {quote} || {expression} else {expression} end"
    )
