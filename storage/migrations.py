"""The database's schema, one migration per change, applied in order and recorded in the
`migrations` table (`storage.base.Core.migrate`). A migration is never edited once shipped: a
change is a new one."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from storage import counters
from storage.queue_schema import (
    _m009_work_queue,
    _m012_mine_by_commune,
    _m013_publication,
    _m020_verdict_on_change,
)


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["users"].create(
        {
            "user_id": int,
            "chat_id": int,
            "first_name": str,
            "language": str,
            "consent_at": str,
            "notice_version": str,
            "created_at": str,
        },
        pk="user_id",
    )
    db["conversations"].create(
        {"chat_id": int, "user_id": int, "step": str, "state": str, "updated_at": str},
        pk="chat_id",
    )
    db["messages"].create(
        {
            "id": int,
            "chat_id": int,
            "user_id": int,
            "direction": str,
            "update_id": int,
            "position": int,
            "kind": str,
            "text": str,
            "buttons": str,
            "columns": int,
            "step": str,
            "created_at": str,
            "sent": int,
        },
        pk="id",
    )
    db["messages"].create_index(["update_id", "direction", "position"], unique=True)
    db["messages"].create_index(["chat_id", "id"])
    db["leads"].create(
        {
            "id": str,
            "chat_id": int,
            "user_id": int,
            "created_at": str,
            "updated_at": str,
            "status": str,
            "first_name": str,
            "role": str,
            "commune": str,
            "insee": str,
            "epci": str,
            "territory": str,
            "fiche": int,
            "total": float,
            "request": float,
            "cofunding": float,
            "kind": str,
            "priority_area": str,
            "activity_funding": str,
            "audience": str,
            "description": str,
            "eligible": int,
            "call_closed": int,
            "checks": str,
            "contacts": str,
            "wants_contact": int,
            "contact": str,
            "note": str,
        },
        pk="id",
    )
    db["leads"].create_index(["created_at"])
    db["audit"].create({"id": int, "at": str, "actor": str, "action": str, "detail": str}, pk="id")


LEAD_SEARCH_COLUMNS = [
    "first_name",
    "role",
    "commune",
    "epci",
    "audience",
    "description",
    "contact",
    "note",
]


def _m002_staff(db: sqlite_utils.Database) -> None:
    """Lead numbers staff can type, full-text search, notifications and reminders."""
    db.execute("alter table leads add column number integer")
    for position, row in enumerate(db.query("select id from leads order by created_at, id"), 1):
        db.execute("update leads set number = ? where id = ?", [position, row["id"]])
    db["leads"].create_index(["number"], unique=True)
    db["leads"].create_index(["chat_id"])
    db["messages"].enable_fts(["text"], create_triggers=True, tokenize="unicode61")
    db["leads"].enable_fts(LEAD_SEARCH_COLUMNS, create_triggers=True, tokenize="unicode61")
    db["notifications"].create(
        {
            "id": int,
            "lead_id": str,
            "chat_id": int,  # the person's chat: erased with them
            "staff_user_id": int,
            "created_at": str,
            "sent": int,
        },
        pk="id",
    )
    db["notifications"].create_index(["lead_id", "staff_user_id"], unique=True)
    db["reminders"].create(
        {
            "id": int,
            "chat_id": int,
            "user_id": int,
            "deadline": str,  # calendar step id in call.toml
            "deadline_date": str,
            "due_at": str,
            "language": str,
            "created_at": str,
            "sent_at": str,
            "cancelled_at": str,
        },
        pk="id",
    )
    db["reminders"].create_index(["chat_id", "deadline", "due_at"], unique=True)
    db["audit"].add_column("user_id", int)


def _reindex_trigger(
    db: sqlite_utils.Database, table: str, columns: list[str], on_change: bool = False
) -> None:
    """(Re)create `{table}_au`, which re-indexes a row's searched columns when an UPDATE
    names one of them — or, `on_change`, only when one of their values changed (a row-value
    IS NOT: NULLs alike)."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    when = f"when ({old}) is not ({new}) " if on_change else ""
    db.execute(f'drop trigger if exists "{table}_au"')
    db.execute(
        f'create trigger "{table}_au" after update of {quoted} on "{table}" {when}begin\n'
        f'  insert into "{table}_fts" ("{table}_fts", rowid, {quoted}) '
        f"values('delete', old.rowid, {old});\n"
        f'  insert into "{table}_fts" (rowid, {quoted}) values (new.rowid, {new});\n'
        "end"
    )


def _m003_search_triggers(db: sqlite_utils.Database) -> None:
    """Re-index a row only when an indexed column changes. sqlite-utils' update triggers fire
    on any column, so marking a reply sent re-tokenised its text: a third of a turn's cost."""
    for table, columns in (("messages", ["text"]), ("leads", LEAD_SEARCH_COLUMNS)):
        _reindex_trigger(db, table, columns)


def _m019_reindex_leads_on_change(db: sqlite_utils.Database) -> None:
    """Re-index a lead only when a searched column's value changed, not whenever an UPDATE
    names it: the lead's upsert on every turn after the verdict names them all, so each such
    turn took the lead's words out of the index and put them back — a new FTS5 segment per
    turn for the merges (and an erasure's clean-up) to rewrite later. A real change is
    indexed as before."""
    _reindex_trigger(db, "leads", LEAD_SEARCH_COLUMNS, on_change=True)


def _m005_console(db: sqlite_utils.Database) -> None:
    """Staff console and a staff side safe with personal data.

    `lead_numbers` hands out lead numbers with AUTOINCREMENT, so a number is never reused after
    an erasure, and remembers (without any personal data) that number N was erased. Staff
    notifications keep their Telegram message id, so an erasure can delete them. `erasures`
    queues what staff must be told and which messages to delete (numbers and ids only).
    Console login tokens and sessions are stored hashed. Audit rows say which lead they concern.
    """
    db.execute(
        "create table lead_numbers (number integer primary key autoincrement, "
        "lead_id text unique, erased_at text, reason text)"
    )
    db.execute(
        "insert into lead_numbers (number, lead_id) "
        "select number, id from leads where number is not null order by number"
    )
    db["notifications"].add_column("message_id", int)
    # One narrow covering index for the console and /stats: newest-first pages, the filters,
    # their counts and the statistics read it instead of the wide rows (100,000 leads: ~6 MB
    # of index against ~60 MB of table).
    db["leads"].create_index(
        [
            "created_at",
            "number",
            "territory",
            "fiche",
            "status",
            "wants_contact",
            "call_closed",
            "eligible",
        ],
        index_name="leads_console",
    )
    db["audit"].add_column("lead", int)
    db["erasures"].create(
        {"id": int, "numbers": str, "messages": str, "created_at": str, "done_at": str},
        pk="id",
    )
    db["console_tokens"].create(
        {"token_hash": str, "user_id": int, "created_at": str, "expires_at": str, "used_at": str},
        pk="token_hash",
    )
    db["console_sessions"].create(
        {"id_hash": str, "user_id": int, "csrf": str, "created_at": str, "expires_at": str},
        pk="id_hash",
    )
    # Transcripts and cards the bot sent staff (/lead, "Ouvrir"): deleted on erasure too.
    db["staff_copies"].create(
        {"id": int, "lead_number": int, "chat_id": int, "message_id": int, "created_at": str},
        pk="id",
    )
    db["staff_copies"].create_index(["lead_number"])


def _m006_documents(db: sqlite_utils.Database) -> None:
    """The lead keeps what regenerates the person's fiche synthétique (JSON of the answers,
    never the file), and an outgoing reply names the file it carries, so a reply resent after
    a crash gets its file again. Both go with the person's rows on erasure and purge."""
    db.execute("alter table leads add column sheet text")


def _m004_inbox(db: sqlite_utils.Database) -> None:
    """The inbox: every update from Telegram, stored before it is confirmed, processed later.

    An update is known by its update_id *and* a digest of its content: Telegram reuses update
    ids after a week without updates, and a reused id must not pass for a duplicate. A turn's
    messages are keyed by their inbox row (`turn`) instead of the update id, for the same
    reason. Outgoing messages Telegram keeps refusing are parked (`failed_at`), never retried
    forever."""
    db.execute(
        "create table inbox (id integer primary key, update_id integer not null, "
        "digest text not null, chat_id integer, raw text, received_at text not null, "
        "attempts integer not null default 0, status text not null default 'pending', "
        "done_at text, error text)"
    )
    db.execute("create unique index inbox_update on inbox (update_id, digest)")
    db.execute("create index inbox_status on inbox (status, id)")
    db.execute("create index inbox_chat on inbox (chat_id)")
    db.execute("alter table messages add column turn integer")
    db.execute("alter table messages add column failed_at text")
    db.execute("alter table messages add column send_failures integer")
    db.execute("drop index if exists idx_messages_update_id_direction_position")
    db.execute("create index messages_update on messages (update_id)")
    db.execute("create unique index messages_turn on messages (turn, direction, position)")


def _m007_money_text(db: sqlite_utils.Database) -> None:
    """Amounts as exact decimal text ("45000.50"), never binary floats: a REAL column stores
    1999.99 as 1999.98999…, and money must stay Decimal end to end. SQLite cannot change a
    column's type in place, so each amount column is added as text, filled, and swapped in
    (none of them is indexed or read by a trigger, which DROP COLUMN requires)."""
    for column in ("total", "request", "cofunding"):
        db.execute(f'alter table leads add column "{column}_text" text')
        db.execute(
            f'update leads set "{column}_text" = '
            f'case when "{column}" is null then null else printf(\'%.2f\', "{column}") end'
        )
        db.execute(f'alter table leads drop column "{column}"')
        db.execute(f'alter table leads rename column "{column}_text" to "{column}"')


def _m008_unsent_index(db: sqlite_utils.Database) -> None:
    """Replies not yet sent (or parked), found without scanning every message: at start
    (replies a crash left), at each turn (the chat's earlier unsent replies) and at each
    /metrics scrape. Partial: a reply leaves it once sent, so it stays a few rows."""
    db.execute(
        "create index messages_unsent on messages (chat_id, id) "
        "where direction = 'out' and sent = 0"
    )


def _m010_person_indexes(db: sqlite_utils.Database) -> None:
    """Every row about a person found through an index: erasure deletes `chat_id = ? or
    user_id = ?` in each table, and without both columns indexed SQLite read whole tables
    (0.5 s at 100,000 rows; issue 28)."""
    for table, column in (
        ("messages", "user_id"),
        ("leads", "user_id"),
        ("conversations", "user_id"),
        ("reminders", "user_id"),
        ("users", "chat_id"),
        ("notifications", "chat_id"),
    ):
        db.execute(f"create index if not exists {table}_{column} on {table} ({column})")


def _message_triggers(db: sqlite_utils.Database, when: str) -> None:
    """(Re)create the messages' three search-index triggers, each indexing a row only when
    `when` holds of it (`{row}` is `new` on insert, `old` on delete and update: an incoming
    message's direction and kind never change)."""
    for name in ("messages_ai", "messages_ad", "messages_au"):
        db.execute(f'drop trigger if exists "{name}"')
    db.execute(
        'create trigger "messages_ai" after insert on "messages" '
        f"when {when.format(row='new')} begin\n"
        '  insert into "messages_fts" (rowid, "text") values (new.rowid, new."text");\n'
        "end"
    )
    db.execute(
        'create trigger "messages_ad" after delete on "messages" '
        f"when {when.format(row='old')} begin\n"
        '  insert into "messages_fts" ("messages_fts", rowid, "text") '
        "values('delete', old.rowid, old.\"text\");\n"
        "end"
    )
    db.execute(
        'create trigger "messages_au" after update of "text" on "messages" '
        f"when {when.format(row='old')} begin\n"
        '  insert into "messages_fts" ("messages_fts", rowid, "text") '
        "values('delete', old.rowid, old.\"text\");\n"
        '  insert into "messages_fts" (rowid, "text") values (new.rowid, new."text");\n'
        "end"
    )


def _m014_search_what_people_wrote(db: sqlite_utils.Database) -> None:
    """The messages' search index keeps what people wrote only. Every search joins it with
    `direction = 'in'`, yet each of the bot's replies (long, several per turn) was tokenised
    into it: most of the index's writes on every turn, and of what an erasure's merge must
    rewrite (issue 28). The replies already indexed are taken out with the text they were
    indexed with (an external-content index must be told the exact text), then the triggers
    index incoming messages only. Only once: an index that never held them must not be told to
    delete them (that would corrupt it), so the replies go out only under the old trigger."""
    (trigger,) = db.execute(
        "select coalesce(max(sql), '') from sqlite_master where name = 'messages_ai'"
    ).fetchone()
    if "direction" not in trigger:
        db.execute(
            "insert into messages_fts (messages_fts, rowid, text) "
            "select 'delete', rowid, text from messages where direction is not 'in'"
        )
    _message_triggers(db, "{row}.direction = 'in'")


def _m016_search_typed_text(db: sqlite_utils.Database) -> None:
    """The messages' search index keeps what people wrote (messages, edits, captions). A
    tap is stored as the button's data ("aud|association") and a command as "/start", neither
    written by anyone, and they were most of the incoming messages tokenised into the index
    on every turn (its largest cost in a turn's transaction, issue 28) and rewritten by each
    erasure's merge. The taps and commands already indexed are taken out with the text they
    were indexed with (only under the old trigger: telling an index to delete what it never
    held corrupts it); an incoming message's kind never changes, so the update trigger may
    test the old row."""
    (trigger,) = db.execute(
        "select coalesce(max(sql), '') from sqlite_master where name = 'messages_ai'"
    ).fetchone()
    if "kind" not in trigger:
        db.execute(
            "insert into messages_fts (messages_fts, rowid, text) "
            "select 'delete', rowid, text from messages "
            "where direction = 'in' and coalesce(kind, '') in ('choice', 'command')"
        )
    _message_triggers(
        db, "{row}.direction = 'in' and coalesce({row}.kind, '') not in ('choice', 'command')"
    )


def _m015_retention_indexes(db: sqlite_utils.Database) -> None:
    """The nightly purge finds what is past the retention period through the dates it reads,
    in short steps (`Privacy.purge_step`), instead of scanning every table in one
    transaction on the chats' thread (issue 28)."""
    for table, column in (
        ("messages", "created_at"),
        ("leads", "updated_at"),
        ("reminders", "due_at"),
        ("conversations", "updated_at"),
        ("users", "created_at"),
    ):
        db.execute(f"create index if not exists {table}_{column} on {table} ({column})")


def _m021_person_notices(db: sqlite_utils.Database) -> None:
    """A person erased by staff (the desk, the console) is told in Telegram by the bot: the
    erasure queues what to say (the person's chat and language, what went, counted) and the
    bot deletes the row once it has sent it (`Privacy.person_notices`)."""
    db.execute(
        "create table person_notices (id integer primary key, chat_id integer not null, "
        "language text, erasure text not null, created_at text not null)"
    )
    db.execute("create index person_notices_created_at on person_notices (created_at)")


def _m022_pending_erasures_index(db: sqlite_utils.Database) -> None:
    """The bot asks every erasure round (each second another connection has written, and every
    30 s) which erasures staff have not yet been told about: `erasures where done_at is null`
    read every row ever erased (98 ms at 1,000,000 done, 8 ms at 100,000, on the chats'
    thread). A partial index holds only the pending ones: 0.01 ms at any size."""
    db.execute(
        "create index if not exists erasures_pending on erasures (id) where done_at is null"
    )


def _m023_forget_done_erasures(db: sqlite_utils.Database) -> None:
    """A finished erasure's job row kept the erased lead numbers and its dates for ever (its
    message ids were emptied): nothing read it again, and `lead_numbers` already says which
    number was erased and when. Done jobs go now (`Privacy.erasure_done` deletes each as it
    finishes); the pending ones stay for the bot's next round."""
    db.execute("delete from erasures where done_at is not null")


def _m024_audit_retention(db: sqlite_utils.Database) -> None:
    """The audit goes with the retention purge (`storage.privacy.PURGED_BY_DATE`), found
    through its date, a few rows a step, as every other table the purge reads."""
    db.execute("create index if not exists audit_at on audit (at)")


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_staff", _m002_staff),
    ("003_search_triggers", _m003_search_triggers),
    ("005_console", _m005_console),
    ("006_documents", _m006_documents),
    ("004_inbox", _m004_inbox),
    ("007_money_text", _m007_money_text),
    ("008_unsent_index", _m008_unsent_index),
    ("009_work_queue", _m009_work_queue),
    ("010_person_indexes", _m010_person_indexes),
    ("011_counters", counters.migrate),
    ("012_mine_by_commune", _m012_mine_by_commune),
    ("013_publication", _m013_publication),
    ("014_search_what_people_wrote", _m014_search_what_people_wrote),
    ("015_retention_indexes", _m015_retention_indexes),
    ("016_search_typed_text", _m016_search_typed_text),
    ("017_counts_by_verdict", counters.count_verdicts),
    ("018_count_only_changes", counters.count_only_changes),
    ("019_reindex_leads_on_change", _m019_reindex_leads_on_change),
    ("020_verdict_on_change", _m020_verdict_on_change),
    ("021_person_notices", _m021_person_notices),
    ("022_pending_erasures_index", _m022_pending_erasures_index),
    ("023_forget_done_erasures", _m023_forget_done_erasures),
    ("024_audit_retention", _m024_audit_retention),
]
