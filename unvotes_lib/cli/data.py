"""``unvotes data``: list, fetch, update, import and inspect the data sources.

The store (and pandas' readers behind it) is imported inside the commands that load data,
so that other sub-commands start fast.
"""

from __future__ import annotations

import argparse

import pandas as pd

from .. import sources
from ..errors import ParameterError, UnvotesError
from ._output import add_format_option, emit_frame, emit_json


def register(sub) -> None:
    parser = sub.add_parser(
        "data",
        help="list, fetch, import and inspect data sources",
        description="Manage the UN vote datasets: list, fetch, import, check.",
    )
    dsub = parser.add_subparsers(dest="data_command", metavar="ACTION", required=True)

    p = dsub.add_parser("list", help="known sources, their versions, and whether they are at hand")
    add_format_option(p)
    p.set_defaults(func=cmd_list)

    p = dsub.add_parser("fetch", help="download a source into the cache (with a progress bar)")
    p.add_argument("source", help="registry name, e.g. unvotes-2021")
    p.add_argument("--version", help="a version the registry lists (default: newest)")
    p.set_defaults(func=cmd_fetch)

    p = dsub.add_parser(
        "update",
        help="download a source again, say which files changed, find a new session or year",
        description=(
            "Download the files of a source again into the cache. Each old copy stays until the new "
            "one reads; a file that fails to download or read is reported and the old copy kept. "
            "For unxml-ga / unxml-sc the next session or year is probed (HTTP 404: not published yet)."
        ),
    )
    p.add_argument("source", nargs="?", default="ga", help="registry name (default: ga, i.e. its parts)")
    p.add_argument("--base-url", help="folder URL to download a series from instead of the registry's")
    p.add_argument("--no-probe", action="store_true", help="do not look for the next session or year")
    p.set_defaults(func=cmd_update)

    p = dsub.add_parser(
        "import", help="import a file you downloaded by hand (e.g. from the UN Digital Library)"
    )
    p.add_argument("file", help="the downloaded file (.csv or .csv.gz)")
    p.add_argument("--source", default="undl-ga", help="which source it is a version of (default: undl-ga)")
    p.add_argument("--default", action="store_true", help="also make that source the default")
    p.set_defaults(func=cmd_import)

    p = dsub.add_parser("default", help="show or set the default source")
    p.add_argument("name", nargs="?", help="registry name or file path to make the default")
    p.set_defaults(func=cmd_default)

    for name, func, helptext in [
        ("info", cmd_info, "rows, roll calls, dates, countries, sha256, citation"),
        ("check", cmd_check, "roll calls whose counted votes disagree with official totals"),
    ]:
        p = dsub.add_parser(name, help=helptext)
        p.add_argument("source", nargs="?", help="registry name or file path (default: the default source)")
        p.add_argument("--path", help="folder or file holding the source's raw files")
        p.add_argument("--version", help="version of the source")
        p.add_argument(
            "--successors",
            choices=["merge", "keep"],
            default="merge",
            help="successor rule: merge USSR into Russia etc. (default) or keep historical codes",
        )
        add_format_option(p)
        p.set_defaults(func=func)


def _where(src: sources.Source) -> str:
    try:
        located = sources.locate(src, download=False)
    except UnvotesError:  # not at hand, or a cache that cannot be read: shown as such
        return "-"
    if located.parts:
        return " + ".join(f"{p.source.name}: {p.origin}" for p in located.parts)
    return f"{located.origin} ({located.version})"


def _versions(src: sources.Source) -> str:
    if src.parts:
        return "spliced from " + ", ".join(src.parts)
    if src.series is not None:
        return "the retrieval date (`unvotes data update`)"
    if src.name == "curated":
        return "the package's"
    return ", ".join(src.versions) or "import a file"


def cmd_list(args: argparse.Namespace) -> int:
    default = sources.default_source()
    rows = [
        {
            "source": ("* " if name == default else "  ") + name,
            "versions": _versions(src),
            "at hand": _where(src),
            "title": src.title,
        }
        for name, src in sources.REGISTRY.items()
    ]
    emit_frame(pd.DataFrame(rows), args.format)
    if args.format == "table":
        print(
            "\n* = default source. Sources marked 'import a file' need a browser download: "
            "`unvotes data import FILE --source NAME`."
        )
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    located = sources.locate(args.source, version=args.version)
    for part in located.leaves():
        for role, path in part.files.items():
            print(f"{part.source.name} {role}: {path}  sha256 {sources.file_sha256(path)}  ({part.origin})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..store import import_file

    path = import_file(args.file, source=args.source, default=args.default)
    print(f"Imported {args.file} as {args.source} -> {path}")
    print(f"sha256 {sources.file_sha256(path)}")
    if args.default:
        print(f"Default source is now {args.source}.")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from ..store import update

    report = update(args.source, base_url=args.base_url, probe=not args.no_probe)
    for u in report:
        if u.status in ("changed", "new"):
            old = f"{u.old_sha256[:12]} -> " if u.old_sha256 else ""
            print(f"{u.name:12} {u.status:9} sha256 {old}{u.new_sha256[:12]}")
        elif u.status in ("kept", "failed"):
            print(f"{u.name:12} {u.status:9} {u.message}")
        elif u.status == "not yet":
            print(f"{u.name:12} not yet   (HTTP 404: not published yet)")
    changed = [u.name for u in report if u.status in ("changed", "new")]
    bad = [u.name for u in report if u.status in ("kept", "failed")]
    unchanged = sum(u.status == "unchanged" for u in report)
    print(
        f"\n{len(changed)} file(s) new or changed, {unchanged} unchanged"
        + (f", {len(bad)} not updated ({', '.join(bad)}): old copies kept" if bad else "")
        + "."
    )
    return 1 if bad else 0


def cmd_default(args: argparse.Namespace) -> int:
    from ..readers import READERS
    from ..store import load

    if args.name:
        src = sources.REGISTRY.get(args.name)
        if src is not None and not src.parts and src.reader not in READERS:
            what = "ideal points" if src.reader == "bsv-ideal" else f"{src.reader!r} data"
            msg = f"`name` {args.name!r} holds {what}, not votes: it cannot be the default source."
            raise ParameterError(msg)
        load(args.name)  # only a source that loads can be the default (before anything is saved)
        sources.set_default_source(args.name)
    print(sources.default_source())
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from ..store import load

    data = load(args.source, path=args.path, version=args.version, successors=args.successors)
    info = data.summary()
    if args.format == "json":
        emit_json(info)
        return 0
    print(f"source        {info['source']} (version {info['version'] or 'unknown'})")
    print(f"votes         {info['votes']:,}")
    print(f"roll calls    {info['roll_calls']:,} ({', '.join(info['bodies'])})")
    print(f"dates         {info['first_date']} to {info['last_date']}")
    print(f"sessions      {info['sessions']}")
    print(f"countries     {info['countries']} (successor rule: {info['successors']})")
    labels = ", ".join(f"{k} {v:,}" for k, v in info["votes_by_label"].items())
    print(f"votes by kind {labels}")
    if info["partial_roll_calls"]:
        print(f"partial       {info['partial_roll_calls']} roll call(s) record only some members' votes")
    if len(info["parts"]) > 1:
        for part in info["parts"]:
            print(
                f"part          {part['name']:13} {part['first_date']} to {part['last_date']}  "
                f"{part['roll_calls']:,} roll calls  (version {part['version'] or 'unknown'})"
            )
    for f in info["files"]:
        print(f"file          {f['file']}  sha256 {f['sha256']}  ({f['origin']})")
    print(f"citation      {info['citation']}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ..store import load

    data = load(args.source, path=args.path, version=args.version, successors=args.successors)
    report = data.check()
    emit_frame(report, args.format)
    if args.format == "table":
        with_totals = int(data.roll_calls["yes_total"].notna().sum())
        print(
            f"\n{len(report)} of {with_totals} roll calls with official totals "
            "disagree with the counted votes."
        )
    return 0
