"""The ``unvotes`` command line.

Each module of this package that defines ``register(subparsers)`` adds sub-commands
(``data``, ``tally``, ``agreement``, ...). Only the module of the command being run is
imported (see :data:`COMMANDS`), so that ``unvotes tally ...`` does not pay for the imports of
``unvotes report``; a command missing from the table is still found by importing every module.

Exit status (see :func:`unvotes_lib.errors.exit_code`): 0 on success; 2 for bad input
(:class:`~unvotes_lib.errors.DataFileError`, :class:`~unvotes_lib.errors.ParameterError`,
argparse's usage errors); 1 for a source that cannot be had or a folder that cannot be used
(:class:`~unvotes_lib.errors.SourceUnavailableError`, :class:`~unvotes_lib.errors.CacheError`)
and for a report that failed; 70 for anything else, which is a bug in unvotes: the message says
so, and ``unvotes --debug COMMAND ...`` prints the traceback. 130 when interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

#: Sub-command -> (module of this package that registers it, one-line help for the listing).
COMMANDS: dict[str, tuple[str, str]] = {
    "agreement": ("agreement", "agreement of a country with partners or a bloc, per year"),
    "data": ("data", "list, fetch, import and inspect data sources"),
    "ideal": ("ideal", "ideal points by session (one-dimensional ordinal IRT; USA positive)"),
    "report": ("report", "list, render and batch-render the report notebooks"),
    "shift": (
        "agreement",
        "changes in a country's agreement with partners, flagged against a trailing baseline",
    ),
    "tally": ("tally", "decide a vote: adopted, rejected, vetoed, and why"),
}

_TOP_FLAGS = {"--debug"}


class _Version(argparse.Action):
    """``--version``, reading the installed version only when asked."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            text = version("unvotes")
        except PackageNotFoundError:  # pragma: no cover - a source tree without installation
            text = "0+unknown"
        parser.exit(message=f"unvotes {text}\n")


def _command_in(argv: list[str]) -> str | None:
    for token in argv:
        if token in _TOP_FLAGS:
            continue
        return None if token.startswith("-") else token
    return None


def _all_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``argv``, only the module of its command is imported
    (without, every sub-command is registered).

    Examples
    --------
    >>> parser = build_parser(["tally", "--yes", "3"])
    >>> sorted(parser._subparsers._group_actions[0].choices)[:3]
    ['agreement', 'data', 'ideal']
    """
    parser = argparse.ArgumentParser(
        prog="unvotes",
        description="Load, tally and analyse United Nations votes; render reproducible reports.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.add_argument(
        "--debug", action="store_true", help="print the traceback of an unexpected error (a bug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    command = _command_in(list(argv)) if argv is not None else None
    if command in COMMANDS:
        modules = [COMMANDS[command][0]]
    elif argv is not None and command is None:  # `unvotes --help`: the table lists them all
        modules = []
    else:  # every command (no argv given), or one this table does not know yet
        modules = _all_modules()
    for name in modules:
        module = importlib.import_module(f"{__name__}.{name}")
        if hasattr(module, "register"):
            module.register(sub)
    for name, (_, helptext) in COMMANDS.items():  # listed in `unvotes --help` without importing them
        if name not in sub.choices:
            sub.add_parser(name, help=helptext, add_help=False)
    return parser


def _message(err: BaseException) -> str:
    return str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from ..errors import BUG_EXIT_CODE, exit_code

    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):  # a listed command whose module did not register it
        parser.error(f"the command {args.command!r} is not available in this installation")
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `unvotes report list | head`: the reader has gone, say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("unvotes: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - every error ends here with its exit status
        code = exit_code(err)
        if args.debug:
            import traceback

            traceback.print_exc()
        if code == BUG_EXIT_CODE:
            how = (
                ""
                if args.debug
                else " Run the command again with `unvotes --debug ...` to see the traceback."
            )
            print(
                f"unvotes: internal error: {type(err).__name__}: {_message(err)}\n"
                f"This is a bug in unvotes, not a problem with your input; please report it.{how}",
                file=sys.stderr,
            )
        else:
            print(f"unvotes: error: {_message(err)}", file=sys.stderr)
        return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
