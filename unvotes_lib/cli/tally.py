"""``unvotes tally``: decide a vote under the rules of the GA or the Security Council.

Examples::

    unvotes tally --yes 93 --no 18 --abstain 65
    unvotes tally --yes 93 --no 24 --abstain 58 --majority two-thirds
    unvotes tally --yes 13 --no 1 --abstain 1 --body SC --p5 USA=no,GBR=abstain
    unvotes tally --symbol "S/RES/2774 (2025)" --data curated
    unvotes tally --symbol "S/RES/2774 (2025)" --data curated --what-if FRA=no
"""

from __future__ import annotations

import argparse

import unvotes_lib as uv  # the package resolves `uv.load` (and the data layer) only for --symbol

from .. import countries
from ..errors import ParameterError
from ..tally import VOTES, decide, parse_votes, pivotal, tally, what_if
from ._output import emit_frame, emit_json


def register(sub) -> None:
    p = sub.add_parser(
        "tally",
        help="decide a vote: adopted, rejected, vetoed, and why",
        description=(
            "Apply the voting rules of the General Assembly (majority of members present and voting; "
            "abstentions do not count) or the Security Council (9 votes, no veto by a permanent member) "
            "to counts you give or to a recorded vote (--symbol)."
        ),
    )
    counts = p.add_argument_group("counts (instead of --symbol)")
    for kind in ("yes", "no", "abstain", "absent"):
        counts.add_argument(f"--{kind}", type=int, metavar="N", help=f"number of {kind} votes")
    rec = p.add_argument_group("a recorded vote")
    rec.add_argument("--symbol", help='resolution symbol, e.g. "S/RES/2774 (2025)"')
    rec.add_argument("--data", help="source holding it (registry name or path; default: the default source)")
    rec.add_argument("--path", help="folder or file holding the source's raw files")
    p.add_argument("--body", choices=["GA", "SC", "ga", "sc"], help="GA (default) or SC")
    p.add_argument(
        "--majority",
        default="simple",
        choices=["simple", "two-thirds"],
        help="GA majority: simple (default) or two-thirds (important questions)",
    )
    p.add_argument("--procedural", action="store_true", help="SC: a procedural matter (no veto)")
    p.add_argument("--date", help="date of the vote, YYYY-MM-DD (SC threshold 7 before 1966; membership)")
    p.add_argument("--members", type=int, help="number of members of the body (for the quorum)")
    p.add_argument("--present", type=int, help="GA: members present, if known (applies the quorum, rule 67)")
    p.add_argument(
        "--p5", metavar="CODE=VOTE,...", help="SC: permanent members' votes, e.g. USA=no,GBR=abstain"
    )
    p.add_argument(
        "--what-if",
        dest="what_if",
        action="append",
        metavar="CODE=VOTE",
        help="replay with changed votes: FRA=no, or yes->abstain=2 (repeatable)",
    )
    p.add_argument(
        "--pivotal", action="store_true", help="also list the vote switches that change the outcome"
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    p.set_defaults(func=cmd_tally)


def _tally_of(args):
    given = {k: getattr(args, k) for k in VOTES if getattr(args, k) is not None}
    if args.symbol:
        if given:
            msg = "give either --symbol or counts (--yes/--no/--abstain/--absent), not both."
            raise ParameterError(msg)
        data = uv.load(args.data, path=args.path)
        return tally(data, symbol=args.symbol, body=args.body, date=args.date)
    if not given:
        msg = "nothing to tally: give counts (--yes 93 --no 18 --abstain 65) or a recorded vote (--symbol)."
        raise ParameterError(msg)
    return tally(**given, body=args.body or "GA", date=args.date)


def _who(t, label: str) -> list[str]:
    return [c for c, v in t.votes if v == label]


def _vote_lines(t) -> list[str]:
    lines = []
    for label, heading in (("yes", "Yes"), ("no", "No"), ("abstain", "Abstain"), ("absent", "Not voting")):
        n = getattr(t, label)
        if n == 0 and label == "absent":
            continue
        who = _who(t, label)
        names = ", ".join(f"{countries.name_of(c)} ({c})" for c in who)
        if who and len(who) < n:
            names += f", and {n - len(who)} not entered"
        lines.append(f"  {heading + ':':<12}{n:>4}  {names}".rstrip())
    return lines


def _describe(d) -> list[str]:
    t = d.tally
    score = f"{t.yes}-{t.no}-{t.abstain}"
    headline = f"{d.outcome.capitalize()} {score}"
    if d.vetoed_by:
        headline = f"Vetoed {score} by {', '.join(d.vetoed_by)}"
    lines = [headline, *_vote_lines(t), d.explanation]
    lines += [f"Note: {n}" for n in d.notes]
    return lines


def cmd_tally(args: argparse.Namespace) -> int:
    t = _tally_of(args)
    options = {
        "majority": args.majority,
        "procedural": args.procedural,
        "members": args.members,
        "present": args.present,
    }
    if args.p5:
        options["permanent_votes"] = parse_votes(args.p5)
    base = decide(t, **options)
    alt = None
    if args.what_if:
        changes = {}
        for item in args.what_if:
            changes.update(parse_votes(item))
        alt = what_if(t, changes, **options)
    piv = pivotal(t, **options) if args.pivotal else None
    if args.format == "json":
        out = {"decision": base.to_dict()}
        if alt is not None:
            out["what_if"] = alt.to_dict()
        if piv is not None:
            out["pivotal"] = piv.astype(object).where(piv.notna(), None).to_dict("records")
        emit_json(out)
        return 0
    body = "Security Council" if base.body == "SC" else "General Assembly"
    where = ", ".join(x for x in (body, base.tally.date) if x)
    print(f"{base.tally.symbol or 'Vote'} ({where})")
    print("\n".join(_describe(base)))
    if alt is not None:
        print()
        print(alt.scenario)
        print("\n".join(_describe(alt)))
    if piv is not None:
        print()
        print("The fewest switches of vote that would reverse the outcome:")
        emit_frame(piv[["n_switched", "from_vote", "to_vote", "who", "outcome"]], "table")
    return 0
