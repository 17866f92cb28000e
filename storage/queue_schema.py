"""The work queue's columns and indexes (migration 009), apart from its queries so that
`storage.store` can apply it without importing them."""

from __future__ import annotations

import sqlite_utils

# The verdict staff sort by, from the rules' statuses, deadlines aside (in 2026 the call is
# closed for every lead): a failed rule refuses, a rule to check or to watch needs review.
_VERDICT_SQL = (
    "(select case when sum(value = 'fail') > 0 then 'refused' "
    "when sum(value in ('warn', 'unknown')) > 0 then 'review' else 'fine' end "
    "from json_each(coalesce(new.checks, '{}')) where key not like '%\\_deadline' escape '\\')"
)


def _m009_work_queue(db: sqlite_utils.Database) -> None:
    """Staff copies by person, assignment, the verdict as one indexed column (kept by triggers from `checks`), when
    the status last changed, the jury's decision; and an index for each filter and sort."""
    for column, kind in (
        ("assigned_to", "integer"),
        ("verdict", "text"),
        ("status_at", "text"),
        ("decision", "text"),  # "granted" / "refused" by the jury
        ("granted", "text"),  # the amount granted, exact decimal text like every amount
        ("decided_on", "text"),
    ):
        db.execute(f"alter table leads add column {column} {kind}")
    # A staff search hit quoting a chat that has no lead yet is kept by the person's chat.
    db.execute("alter table staff_copies add column person_chat integer")
    db.execute("create index staff_copies_person on staff_copies (person_chat)")
    for event in ("insert", "update of checks"):
        name = "leads_verdict_" + event.split()[0]
        db.execute(
            f"create trigger {name} after {event} on leads begin "
            f"update leads set verdict = {_VERDICT_SQL} where rowid = new.rowid; end"
        )
    db.execute("update leads set verdict = " + _VERDICT_SQL.replace("new.checks", "leads.checks"))
    # Each filter with the status and date after it ("nouveau for 30 days" is one seek), the
    # amount as a number, and one covering index holding every filter column so that counting
    # a combination of filters never reads the (wide) rows: 215 ms -> 5 ms at 100,000 leads.
    for name, columns in (
        ("leads_q_status", "status, created_at"),
        ("leads_q_contact", "wants_contact, status, created_at"),
        ("leads_q_assigned", "assigned_to, status, created_at"),
        ("leads_q_commune", "commune collate nocase, status, created_at"),
        ("leads_q_epci", "epci, status, created_at"),
        ("leads_q_amount", "cast(request as real), number"),
        ("leads_q_decision", "decision, decided_on"),
        (
            "leads_q_cover",
            "verdict, wants_contact, status, assigned_to, epci, commune collate nocase, "
            "territory, fiche, created_at, request, number",
        ),
    ):
        db.execute(f"create index {name} on leads ({columns})")


def _m020_verdict_on_change(db: sqlite_utils.Database) -> None:
    """Work the verdict out again only when the lead's checks changed, not whenever an UPDATE
    names them: the bot writes the whole lead on every turn after the verdict, so each such
    turn read the checks' JSON again and wrote the row a second time for the same verdict
    (issue 28). A real change is worked out as before."""
    db.execute("drop trigger if exists leads_verdict_update")
    db.execute(
        "create trigger leads_verdict_update after update of checks on leads "
        "when old.checks is not new.checks begin "
        f"update leads set verdict = {_VERDICT_SQL} where rowid = new.rowid; end"
    )


def _m012_mine_by_commune(db: sqlite_utils.Database) -> None:
    """« My leads, by commune » (`assigned_to = ? order by commune, created_at desc`) read
    in the index's order, one seek: `leads_q_assigned` ends with the status, so SQLite had
    to sort every lead of the person by commune (numbers in docs/performance.md)."""
    db.execute(
        "create index leads_q_mine_commune on leads "
        "(assigned_to, commune collate nocase, created_at)"
    )


def _m013_publication(db: sqlite_utils.Database) -> None:
    """What the open-data file of granted subsidies needs that only staff know, beside the
    jury's decision: the convention's date, the decision's reference, how the subsidy is
    paid (unique / échelonné) and on which day or between which days (docs/open-data.md)."""
    for column in ("convention_on", "decision_ref", "payment", "paid_from", "paid_until"):
        db.execute(f"alter table leads add column {column} text")
