"""``unvotes report``: list, render and batch-render the report notebooks.

Exit status: 0 when every report rendered (or was unchanged and skipped); 2 for
invalid input (unknown report or parameter, a value of the wrong type or meaning, a
malformed parameter file or batch config) or, in a batch, when any parameter set was
invalid; 1 when a report's notebook failed or a Dask scheduler does not answer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import reports
from ..errors import ParameterError


def register(sub) -> None:
    parser = sub.add_parser(
        "report",
        help="list, render and batch-render the report notebooks",
        description="Render the parameterized report notebooks into reproducible HTML.",
    )
    rsub = parser.add_subparsers(dest="report_command", metavar="ACTION", required=True)

    def notebooks_option(p):
        p.add_argument(
            "--notebooks",
            metavar="DIR",
            help="folder of the report notebooks (default: the repository's notebooks/)",
        )

    p = rsub.add_parser("list", help="each report and its parameters (type, default, help)")
    notebooks_option(p)
    p.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)"
    )
    p.set_defaults(func=cmd_list)

    p = rsub.add_parser(
        "render",
        help="render one report to HTML",
        description=(
            "Validate the parameters, run the notebook with papermill and write "
            "OUT/<report>/<params>/report.html, report.ipynb and metrics.json."
        ),
    )
    p.add_argument("name", help="report name (see `unvotes report list`)")
    p.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter; lists as A,B or [A, B] (repeatable; overrides -f)",
    )
    p.add_argument("-f", "--params-file", metavar="YAML", help="parameters from a YAML mapping")
    p.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports/)")
    p.add_argument("--force", action="store_true", help="render even if the inputs are unchanged")
    notebooks_option(p)
    p.set_defaults(func=cmd_render)

    p = rsub.add_parser(
        "batch",
        help="render every report of a YAML batch config",
        description=(
            "Render the reports of a batch config (reports: [{report, params, grid}]) in parallel "
            "processes or on a Dask cluster (--scheduler); write OUT/manifest.json and OUT/index.html. "
            "--shard i/n renders the k-th report of the expanded list only if k mod n == i-1, so n "
            "machines split one batch."
        ),
    )
    p.add_argument("config", help="batch config (YAML)")
    p.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports/)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default: 1)")
    p.add_argument("--shard", metavar="I/N", help="render only shard I of N (numbered from 1)")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the reports on a Dask cluster, e.g. tcp://HOST:8786 (needs unvotes[dask]); "
        "OUT must be on a file system the workers share",
    )
    p.add_argument("--force", action="store_true", help="re-render reports whose inputs are unchanged")
    p.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start every report's kernel afresh instead of forking it from one that has "
        "already imported the libraries (slower; the pages are the same)",
    )
    notebooks_option(p)
    p.set_defaults(func=cmd_batch)


def cmd_list(args: argparse.Namespace) -> int:
    import pandas as pd

    from ._output import emit_frame, emit_json

    found = reports.list_reports(notebooks_dir=args.notebooks)
    rows = []
    for r in found:
        if r.error:
            rows.append(
                {"report": r.name, "parameter": "", "type": "", "default": "", "help": f"ERROR: {r.error}"}
            )
        for p in r.parameters.values():
            rows.append(
                {
                    "report": r.name,
                    "parameter": p.name,
                    "type": p.type_label,
                    "default": p.default,
                    "help": p.help,
                }
            )
        if not r.parameters and not r.error:
            rows.append(
                {"report": r.name, "parameter": "", "type": "", "default": "", "help": "(no parameters)"}
            )
    if args.format == "json":
        emit_json(
            [
                {
                    "report": r.name,
                    "title": r.title,
                    "path": str(r.path),
                    "error": r.error,
                    "parameters": [
                        {"name": p.name, "type": p.type_label, "default": p.default, "help": p.help}
                        for p in r.parameters.values()
                    ],
                }
                for r in found
            ]
        )
        return 0
    frame = pd.DataFrame(rows, columns=["report", "parameter", "type", "default", "help"])
    frame["default"] = frame["default"].map(repr).where(frame["parameter"] != "", "")
    emit_frame(frame, args.format)
    return 0


def parse_params(pairs: list[str], params_file: str | None) -> dict:
    """Parameters from ``-f file.yaml`` (YAML 1.2) then ``-p key=value`` (which win)."""
    params: dict = reports.load_params_file(params_file) if params_file else {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            msg = f"`-p` {pair!r} must be KEY=VALUE, like -p country=USA."
            raise ParameterError(msg)
        params[key.strip()] = value
    return params


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def cmd_render(args: argparse.Namespace) -> int:
    params = parse_params(args.param, args.params_file)
    result = reports.render(
        args.name,
        params,
        out_dir=args.out,
        force=args.force,
        notebooks_dir=args.notebooks,
        raise_on_error=False,
    )
    if result.status == "failed":
        print(f"unvotes: error: {result.error}", file=sys.stderr)
        return 1
    if result.status == "skipped":
        print(f"{args.name}: inputs unchanged since the last render (use --force to render again).")
    else:
        print(f"{args.name}: rendered in {result.duration:.1f} s.")
    print(f"Open {_uri(result.html)}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    result = reports.batch(
        args.config,
        out_dir=args.out,
        jobs=args.jobs,
        shard=args.shard,
        force=args.force,
        notebooks_dir=args.notebooks,
        scheduler=args.scheduler,
        fork_kernels=not args.fresh_kernels,
    )
    for r in result.results:
        if r.status in ("invalid", "failed"):
            print(f"unvotes: {r.status}: {r.error}", file=sys.stderr)
    counts = ", ".join(f"{result.count(s)} {s}" for s in reports.STATUSES)
    print(f"{len(result.results)} report(s): {counts}.")
    print(f"Manifest: {result.manifest}")
    print(f"Open {_uri(result.index)}")
    return result.exit_code
