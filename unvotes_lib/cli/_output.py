"""Printing tables and records for the command line (table, csv or json)."""

from __future__ import annotations

import json
import sys

import pandas as pd

FORMATS = ("table", "csv", "json")


def add_format_option(parser, default: str = "table") -> None:
    """Add ``--format table|csv|json`` to a sub-command."""
    parser.add_argument(
        "--format", choices=FORMATS, default=default, help=f"output format (default: {default})"
    )


def emit_frame(df: pd.DataFrame, fmt: str = "table", *, out=None, floatfmt: str = "{:.3f}") -> None:
    """Write a DataFrame to ``out`` (stdout) as an aligned table, CSV or JSON records."""
    out = out or sys.stdout
    if fmt == "csv":
        df.to_csv(out, index=False)
    elif fmt == "json":
        out.write(df.to_json(orient="records", date_format="iso", indent=2))
        out.write("\n")
    else:
        if df.empty:
            out.write("(no rows)\n")
            return
        shown = df.copy()
        for col in shown.columns:
            if pd.api.types.is_float_dtype(shown[col]):
                shown[col] = shown[col].map(lambda x: "" if pd.isna(x) else floatfmt.format(x))
        out.write(shown.to_string(index=False))
        out.write("\n")


def emit_json(obj, *, out=None) -> None:
    """Write a JSON-serialisable object, indented."""
    out = out or sys.stdout
    out.write(json.dumps(obj, indent=2, default=str, ensure_ascii=False))
    out.write("\n")
