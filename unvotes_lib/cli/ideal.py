"""``unvotes ideal``: ideal points of countries by session (ordinal IRT)."""

from __future__ import annotations

import argparse
import sys
import warnings

import unvotes_lib as uv  # `uv.ideal` (and with it scipy) is imported only by `unvotes ideal`

from ..store import load
from ._output import add_format_option, emit_frame


def register(sub) -> None:
    p = sub.add_parser(
        "ideal",
        help="ideal points by session (one-dimensional ordinal IRT; USA positive)",
        description="Estimate one position per country and GA session from yes/abstain/no votes "
        "(Bailey-Strezhnev-Voeten model, posterior mode). Higher = closer to the USA.",
    )
    p.add_argument(
        "--data",
        metavar="SOURCE",
        default=None,
        help="registry name or file/folder path (default: the default source)",
    )
    p.add_argument("--path", help="folder or file holding the source's raw files")
    p.add_argument(
        "--years", help="restrict the votes to these years, e.g. 1990-2019 (estimation uses only them)"
    )
    p.add_argument(
        "--countries",
        nargs="+",
        metavar="COUNTRY",
        help="only print these countries (codes or names); all are used in the fit",
    )
    p.add_argument(
        "--model",
        choices=["dynamic", "static"],
        default="dynamic",
        help="dynamic: linked across sessions (default); static: each session alone",
    )
    p.add_argument(
        "--by",
        choices=["session", "year"],
        default="session",
        help="one estimate per session (default) or per calendar year",
    )
    p.add_argument(
        "--uncertainty",
        choices=["laplace", "bootstrap", "none"],
        default="laplace",
        help="standard errors: laplace (default, fast), bootstrap (slower) or none",
    )
    p.add_argument("--n-boot", type=int, default=20, help="bootstrap replicates (default 20)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument("--level", type=float, default=0.95, help="coverage of the interval lo-hi (default 0.95)")
    add_format_option(p)
    p.set_defaults(func=cmd_ideal)


def cmd_ideal(args: argparse.Namespace) -> int:
    data = load(args.data, path=args.path)
    if args.years:
        data = data.filter(years=args.years)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        est = uv.ideal.ideal_points(
            data,
            model=args.model,
            by=args.by,
            uncertainty=None if args.uncertainty == "none" else args.uncertainty,
            n_boot=args.n_boot,
            seed=args.seed,
            countries=args.countries,
            level=args.level,
        )
    emit_frame(est, args.format)
    for w in caught:
        print(f"unvotes: note: {w.message}", file=sys.stderr)
    return 0
