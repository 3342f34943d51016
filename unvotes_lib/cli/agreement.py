"""``unvotes agreement`` and ``unvotes shift``: pairwise agreement and its changes.

Examples::

    unvotes agreement --data unvotes-2021 --country USA --with ISR,CUB --years 2018
    unvotes agreement --country USA --bloc EU --by year --metric kappa --issue hr --format csv
    unvotes shift --country USA --with RUS --bloc EU --years 1990-2019
"""

from __future__ import annotations

import argparse

import unvotes_lib as uv  # `uv.shifts` (and with it scipy) is imported only by `unvotes shift`

from ..agreement import METRICS, agreement
from ..blocs import resolve_bloc
from ..errors import ParameterError
from ..store import load
from ._output import add_format_option, emit_frame


def _by(text: str):
    """--by: year, session, all (the whole span) or a number of years (rolling window)."""
    low = text.strip().lower()
    if low in ("year", "session"):
        return low
    if low in ("all", "none"):
        return None
    if low.isdigit() and int(low) >= 1:
        return int(low)
    msg = f"--by {text!r}: use year, session, all, or a number of years such as 5 (a rolling window)"
    raise argparse.ArgumentTypeError(msg)


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()] if text else []


def _common(p) -> None:
    p.add_argument(
        "--data",
        help="source: registry name (unvotes-2021, undl-ga, ...) or file/folder path "
        "(default: the default source)",
    )
    p.add_argument("--path", help="folder or file holding the source's raw files")
    p.add_argument("--country", required=True, help="country code or name, e.g. USA")
    p.add_argument("--with", dest="partners", metavar="CODES", help="partners, comma-separated: RUS,GBR")
    p.add_argument(
        "--by",
        type=_by,
        default="year",
        help="year (default), session, all (whole span) or N (rolling N-year window, labelled "
        "by its last year)",
    )
    p.add_argument(
        "--metric", choices=METRICS, default="coincidence", help="agreement metric (default: coincidence)"
    )
    p.add_argument("--issue", help="issue code (me, nu, di, hr, co, ec) or text in the issue label")
    p.add_argument("--years", help="calendar years of the votes: 2018 or 2000-2019")
    p.add_argument(
        "--drop-unanimous",
        action="store_true",
        help="drop roll calls on which every voting country agreed (Voeten's convention)",
    )
    add_format_option(p)


def register(sub) -> None:
    p = sub.add_parser(
        "agreement",
        help="agreement of a country with partners or a bloc, per year",
        description=(
            "Voting agreement of --country with each partner (--with) or with a bloc's line (--bloc), "
            "per period. Absences are excluded pairwise; coincidence = (same + partial/2) / votes both cast. "
            "Blocs are those of data/blocs.yaml (EU, NATO, P5, G7, BRICS, ...; an unknown name lists them)."
        ),
    )
    _common(p)
    p.add_argument("--bloc", help="a bloc whose line (majority position) is the partner, e.g. EU")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser(
        "shift",
        help="changes in a country's agreement with partners, flagged against a trailing baseline",
        description=(
            "Agreement of --country with each partner (--with) and bloc (--bloc) per period, the change "
            "against the mean of the previous --baseline periods, and a flag when the change exceeds "
            "--threshold standard deviations."
        ),
    )
    _common(p)
    p.add_argument("--bloc", action="append", help="a bloc as a partner (repeatable), e.g. EU")
    p.add_argument("--baseline", type=int, default=5, help="periods in the trailing baseline (default 5)")
    p.add_argument(
        "--threshold", type=float, default=2.0, help="flag at this many standard deviations (default 2)"
    )
    p.add_argument("--unusual", action="store_true", help="print only the flagged periods")
    p.set_defaults(func=cmd_shift)


def _data(args):
    data = load(args.data, path=args.path)
    if args.years:
        data = data.filter(years=args.years)
        if not len(data.roll_calls):
            msg = f"--years {args.years!r} selects no roll calls in this data."
            raise ParameterError(msg)
    return data


def _plain(df):
    """Country columns as plain strings for printing."""
    out = df.copy()
    for col in ("country_a", "country_b", "period"):
        if col in out and str(out[col].dtype) == "category":
            out[col] = out[col].astype(str)
    return out


def cmd_agreement(args: argparse.Namespace) -> int:
    partners = _codes(args.partners)
    if partners and args.bloc:
        msg = "give either --with CODES or --bloc NAME, not both (use `unvotes shift` for both)."
        raise ParameterError(msg)
    if args.bloc:
        partners = [resolve_bloc(args.bloc, param="--bloc")]
    data = _data(args)
    df = agreement(
        data,
        metric=args.metric,
        by=args.by,
        countries=[args.country],
        partners=partners or None,
        issue=args.issue,
        drop_unanimous=args.drop_unanimous,
    )
    emit_frame(_plain(df), args.format)
    return 0


def cmd_shift(args: argparse.Namespace) -> int:
    partners = _codes(args.partners) + [resolve_bloc(b, param="--bloc") for b in args.bloc or []]
    if not partners:
        msg = "give partners with --with CODES and/or --bloc NAME."
        raise ParameterError(msg)
    data = _data(args)
    df = uv.shifts.alignment_shift(
        data,
        args.country,
        partners,
        metric=args.metric,
        by=args.by,
        baseline=args.baseline,
        threshold=args.threshold,
        issue=args.issue,
        drop_unanimous=args.drop_unanimous,
    )
    if args.unusual:
        df = df[df["unusual"]]
    emit_frame(_plain(df), args.format)
    return 0
