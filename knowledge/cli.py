"""`python -m knowledge locate|check|suggest`: the call's rules as JSON, for staff and scripts.

Single queries take arguments; `-` reads one query per line from stdin (for `check`, `--jsonl -`
reads one JSON object per line with the flags' names as keys) and prints one JSON object per
line, in order; a bad line prints `{"error": ...}` and the batch goes on. Bad arguments print a
clear message on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from knowledge.france import Elsewhere
from knowledge.loader import DataError, Knowledge, knowledge_dir, load_knowledge
from knowledge.located import Located, Match
from knowledge.money import parse_amount
from knowledge.places import Gazetteer
from knowledge.rules import Answers, Verdict, evaluate
from knowledge.suggest import understand


class UsageError(Exception):
    """A query that cannot be answered as asked; the message says why."""


def match_json(knowledge: Knowledge, match: Match) -> dict[str, Any]:
    c = match.commune
    data: dict[str, Any] = {
        "name": c.name,
        "insee": c.insee,
        "postcodes": list(c.postcodes),
        "epci": {"code": c.epci_code, "name": c.epci_name},
        "arrondissement": c.arrondissement,
        "territory": knowledge.territory_name(c.territory),
        "territory_id": c.territory,
        "score": match.score,
    }
    if match.via == "former":
        data["former_name"] = match.matched
    elif match.via == "alias":
        data["alias"] = match.matched
    return data


def elsewhere_json(place: Elsewhere) -> dict[str, Any]:
    """A commune outside the call's departments, with its department's code and name."""
    data: dict[str, Any] = {
        "name": place.name,
        "insee": place.insee,
        "department": {"code": place.department, "name": place.department_name},
        "postcodes": list(place.postcodes),
        "score": place.score,
    }
    if place.via == "former":
        data["former_name"] = place.matched
    return data


def shared_postcode_json(knowledge: Knowledge, located: Located) -> dict[str, Any]:
    """A postcode whose communes share one EPCI and sub-territory, as one place."""
    c = located.routing
    assert c is not None
    return {
        "postcode": located.postcode,
        "communes": [m.commune.name for m in located.matches],
        "epci": {"code": c.epci_code, "name": c.epci_name},
        "territory": knowledge.territory_name(c.territory),
        "territory_id": c.territory,
    }


def located_json(knowledge: Knowledge, located: Located) -> dict[str, Any]:
    data: dict[str, Any] = {
        "query": located.query,
        "status": located.status,
        "matches": [match_json(knowledge, m) for m in located.matches],
        "suggestions": [match_json(knowledge, m) for m in located.suggestions],
    }
    if located.elsewhere:
        data["elsewhere"] = [elsewhere_json(e) for e in located.elsewhere]
    if located.reason:
        data["reason"] = located.reason
    if located.reason == "department" and located.department:
        data["department"] = {"code": located.department, "name": located.department_name}
    if located.reason == "same_epci":
        data["place"] = shared_postcode_json(knowledge, located)
    return data


def verdict_json(
    knowledge: Knowledge, verdict: Verdict, place: Match | dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "fiche": {"number": verdict.fiche.number, "title": verdict.fiche.title},
        "as_of": verdict.as_of.isoformat(),
        "eligible": verdict.eligible,
        "closed": verdict.closed,
        "checks": [
            {
                "id": c.id,
                "status": c.status,
                "expected": c.expected,
                "actual": c.actual,
                "gap": str(c.gap) if c.gap is not None else None,
                "message": c.message,
                "source": {
                    "document": c.source.title,
                    "section": c.source.section,
                    "url": c.source.url,
                },
            }
            for c in verdict.checks
        ],
        "place": match_json(knowledge, place) if isinstance(place, Match) else place,
        "contacts": [
            {"name": p.name, "phone": p.phone, "email": p.email, "role": p.office}
            for p in verdict.contacts
        ],
        "next_steps": list(verdict.next_steps),
    }


def _amount(value: Any, name: str) -> Decimal:
    parsed = parse_amount(str(value), nothing_is_zero=name == "cofunding")
    if parsed.amount is None:
        seen = " ou ".join(str(v) for v in parsed.values)
        detail = f"{parsed.problem}: {seen}" if seen else parsed.problem
        raise UsageError(f"--{name}: montant illisible {value!r} ({detail})")
    return parsed.amount


def _choice(value: Any, name: str, allowed: Iterable[str]) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    allowed = tuple(allowed)
    if text not in allowed:
        raise UsageError(f"--{name}: {value!r} n'est pas une valeur permise {allowed}")
    return text


def run_check(
    knowledge: Knowledge, gazetteer: Gazetteer, query: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    """One `check` query (flags as keys) -> the verdict as JSON, with the amounts as
    understood ("45 mille" -> "45000.00") so a script or a person sees how each was read;
    UsageError when unanswerable."""
    result = _verdict(knowledge, gazetteer, query, today)
    names = ("request", "request_investment", "request_operating", "total", "cofunding")
    result["amounts"] = {
        name: str(_amount(query[name], name.replace("_", "-")))
        for name in names
        if query.get(name) not in (None, "")
    }
    if query.get("kind") == "both":  # the request is the sum of both parts
        parts = ("request_investment", "request_operating")
        result["amounts"]["request"] = str(sum(Decimal(result["amounts"][p]) for p in parts))
    return result


def _numbers(knowledge: Knowledge) -> str:
    return ", ".join(str(n) for n in sorted(knowledge.fiches))


def _verdict(
    knowledge: Knowledge, gazetteer: Gazetteer, query: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    try:
        fiche = int(query["fiche"])
    except (KeyError, TypeError, ValueError):
        raise UsageError(
            f"--fiche: un numéro de fiche ({_numbers(knowledge)}) est requis (a fiche is required)"
        ) from None
    if fiche not in knowledge.fiches:
        raise UsageError(
            f"--fiche: la fiche {fiche} n'existe pas ({_numbers(knowledge)}) (no such fiche)"
        )
    kind = _choice(query.get("kind"), "kind", ("investment", "operating", "both"))
    amounts = ("request_investment", "request_operating") if kind == "both" else ("request",)
    for required in ("place", *amounts, "total", "cofunding"):
        if query.get(required) in (None, ""):
            raise UsageError(f"--{required.replace('_', '-')} est requis")
    located = gazetteer.locate(str(query["place"]))
    if located.status != "found":
        names = ", ".join(
            [
                f"{m.commune.name} ({m.commune.department})"
                for m in (located.matches or located.suggestions)[:8]
            ]
            + [
                f"{e.name} ({e.department}, {knowledge.region.words['outside']})"
                for e in located.elsewhere
            ]
        )
        detail = f" ; candidates : {names}" if names else ""
        raise UsageError(f"--place: commune {located.status} pour {query['place']!r}{detail}")
    day = today
    if query.get("date"):
        try:
            day = dt.date.fromisoformat(str(query["date"]))
        except ValueError:
            raise UsageError(f"--date: date invalide {query['date']!r} (AAAA-MM-JJ)") from None
    activity = _choice(query.get("activity_funding"), "activity-funding", ("yes", "no"))
    answers = Answers(
        fiche=fiche,
        request=_amount(query["request"], "request") if kind != "both" else None,
        total=_amount(query["total"], "total"),
        cofunding=_amount(query["cofunding"], "cofunding"),
        kind=kind,  # type: ignore[arg-type]
        request_investment=_amount(query["request_investment"], "request-investment")
        if kind == "both"
        else None,
        request_operating=_amount(query["request_operating"], "request-operating")
        if kind == "both"
        else None,
        priority_area=_choice(  # type: ignore[arg-type]
            query.get("priority_area"), "priority-area", ("yes", "no", "unknown")
        ),
        activity_funding=None if activity is None else activity == "yes",
    )
    match = located.matches[0]
    verdict = evaluate(
        knowledge, answers, day, match.commune.territory, str(query.get("lang") or "fr")
    )
    if located.commune is None:  # a postcode of one EPCI: the place is the postcode
        return verdict_json(knowledge, verdict, shared_postcode_json(knowledge, located))
    return verdict_json(knowledge, verdict, match)


def _batch(lines: TextIO, out: TextIO, handle: Callable[[str], dict[str, Any]]) -> None:
    for line in lines:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        try:
            result = handle(text)
        except UsageError as exc:
            result = {"error": str(exc), "input": text}
        except (ValueError, TypeError, KeyError) as exc:
            result = {"error": f"entrée invalide (invalid input): {exc}", "input": text}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


def _validate(data_dir: Path, out: TextIO) -> int:
    """Print every problem of the data package as `file:line: message`; 1 if there is any."""
    from knowledge.validate import validate

    problems = validate(data_dir)
    for problem in problems:
        out.write(f"{problem}\n")
    if problems:
        out.write(f"{len(problems)} erreur(s) (error(s)) dans {data_dir}\n")
        return 1
    out.write(f"OK: {data_dir}\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        help="the call's data directory (default: KNOWLEDGE_DIR, else the shipped call)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    locate = sub.add_parser("locate", help="commune, postcode or EPCI -> communes")
    locate.add_argument("text", help="text to look up, or - for one per line on stdin")
    sug = sub.add_parser("suggest", help="project description -> fiches ranked")
    sug.add_argument("text", help="description, or - for one per line on stdin")
    ask = sub.add_parser("ask", help="a question -> the answer with its source, or unsure")
    ask.add_argument("text", nargs="+", help="the question, or - for one per line on stdin")
    ask.add_argument("--date", help="as-of day, YYYY-MM-DD (default: today)")
    val = sub.add_parser("validate", help="check a call's data: every error with file and line")
    val.add_argument("dir", nargs="?", type=Path, help="data directory (default: as --data)")
    check = sub.add_parser("check", help="answers -> verdict")
    check.add_argument("--jsonl", metavar="-", help="read JSON objects from stdin, one a line")
    check.add_argument("--fiche", type=int, help="a fiche number of the call's data")
    check.add_argument("--place")
    check.add_argument("--request", help="amount requested from the Region (EUR)")
    check.add_argument("--total", help="total project cost (EUR)")
    check.add_argument("--cofunding", help="local authorities' co-funding (EUR)")
    check.add_argument("--kind", choices=("investment", "operating", "both"))
    check.add_argument("--request-investment", help="with --kind both: the investment part")
    check.add_argument("--request-operating", help="with --kind both: the operating part")
    check.add_argument("--priority-area", choices=("yes", "no", "unknown"))
    check.add_argument("--activity-funding", choices=("yes", "no"))
    check.add_argument("--date", help="as-of day, YYYY-MM-DD (default: today)")
    check.add_argument("--lang", choices=("fr", "en"), default="fr")
    return parser


def main(
    argv: list[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    today: dt.date | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.dir or args.data or knowledge_dir(), stdout)
    try:
        knowledge = load_knowledge(args.data or knowledge_dir())
    except DataError as exc:
        print(f"erreur de données (data error): {exc}", file=sys.stderr)
        return 1
    gazetteer = Gazetteer.from_knowledge(knowledge)
    day = today or dt.date.today()

    def do_locate(text: str) -> dict[str, Any]:
        return located_json(knowledge, gazetteer.locate(text))

    def do_suggest(text: str) -> dict[str, Any]:
        understood = understand(knowledge, text)
        return {
            "text": text,
            "sure": understood.sure,
            "fiche": understood.fiche,
            "candidates": list(understood.candidates),
            "ranking": [
                {
                    "fiche": s.fiche.number,
                    "title": s.fiche.title,
                    "score": s.score,
                    "matched": list(s.matched),
                }
                for s in understood.ranking
            ],
        }

    def do_check_line(text: str) -> dict[str, Any]:
        query = json.loads(text)
        if not isinstance(query, dict):
            raise UsageError("chaque ligne doit être un objet JSON (each line: a JSON object)")
        return run_check(knowledge, gazetteer, query, day)

    if args.command == "ask":
        from knowledge.faq import Faq

        if args.date:
            try:
                day = dt.date.fromisoformat(args.date)
            except ValueError:
                parser.error(
                    f"--date: AAAA-MM-JJ attendu (YYYY-MM-DD expected), got {args.date!r}"
                )
        faq = Faq(knowledge, gazetteer)

        def do_ask(text: str) -> dict[str, Any]:
            return faq.ask(text, day).to_json()

        text = " ".join(args.text)
        if text == "-":
            _batch(stdin, stdout, do_ask)
        else:
            stdout.write(json.dumps(do_ask(text), ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.command in ("locate", "suggest"):
        handle = do_locate if args.command == "locate" else do_suggest
        if args.text == "-":
            _batch(stdin, stdout, handle)
        else:
            stdout.write(json.dumps(handle(args.text), ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.jsonl is not None:
        if args.jsonl != "-":
            parser.error("--jsonl takes - (stdin)")
        _batch(stdin, stdout, do_check_line)
        return 0
    query = {k: v for k, v in vars(args).items() if k not in ("command", "jsonl")}
    try:
        result = run_check(knowledge, gazetteer, query, day)
    except UsageError as exc:
        print(f"python -m knowledge check: {exc}", file=sys.stderr)
        return 2
    stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0
