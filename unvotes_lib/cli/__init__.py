"""The ``unvotes`` command line.

Each module of this package that defines ``register(subparsers)`` adds one
sub-command (``data``, ``tally``, ``agreement``, ...). Errors in the input end the
command with a one-line message on stderr and exit status 2; failures of the
network, the disk or a report give status 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from .. import __version__


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="unvotes",
        description="Load, tally and analyse United Nations votes; render reproducible reports.",
    )
    parser.add_argument("--version", action="version", version=f"unvotes {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (ValueError, KeyError, FileNotFoundError, TypeError) as err:
        print(f"unvotes: error: {_message(err)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `unvotes report list | head`: the reader has gone, say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (ConnectionError, PermissionError, OSError) as err:
        print(f"unvotes: error: {_message(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("unvotes: interrupted", file=sys.stderr)
        return 130


def _message(err: BaseException) -> str:
    return str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
