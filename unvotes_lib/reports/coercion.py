"""A parameter's value converted to its type (values from the command line arrive as strings).

=============  ===================================================================
type           accepted
=============  ===================================================================
``str``        any string, unchanged (``"007"`` stays ``"007"``); an int or float
               (from YAML) becomes its text
``int``        an int, or a string of digits with an optional sign (``"12"``)
``float``      an int or float, or a string ``float()`` reads (``"0.5"``)
``bool``       True/False, or ``true/false/yes/no/1/0`` in any case
``list[str]``  a list, a YAML flow list ``"[RUS, GBR]"`` or a comma-separated
``list[int]``  string ``"RUS,GBR"`` (``""`` is the empty list); items coerced
``T | None``   also ``None``, ``"none"`` or ``"null"``
=============  ===================================================================

Used by :mod:`.parameters` (a notebook's defaults must be values of their own types, checked
strictly) and :mod:`.validation` (the values a user gives).
"""

from __future__ import annotations

import contextlib
import re

from ..errors import ParameterError
from ..yamlio import load_yaml

__all__ = ["ParameterTypeError", "coerce"]


class ParameterTypeError(ParameterError, TypeError):
    """A parameter value of the wrong type (also a :class:`TypeError` for older callers)."""


_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


def _coerce_scalar(value, kind: str, name: str, strict: bool):
    if kind == "str":
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not strict:
            return str(value)
        msg = f"`{name}` {value!r} is not a string."
        raise ParameterTypeError(msg)
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, str) and not strict and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        msg = f"`{name}` {value!r} is not an int; give a whole number such as 5."
        raise ParameterTypeError(msg)
    if kind == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and not strict:
            with contextlib.suppress(ValueError):
                return float(value)
        msg = f"`{name}` {value!r} is not a float; give a number such as 0.5."
        raise ParameterTypeError(msg)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and not strict:
            if value.strip().lower() in _TRUE:
                return True
            if value.strip().lower() in _FALSE:
                return False
        msg = f"`{name}` {value!r} is not a bool; use true or false."
        raise ParameterTypeError(msg)
    raise AssertionError(kind)  # pragma: no cover


def _flow_list(name: str, text: str) -> object:
    try:
        return load_yaml(text, what=f"`{name}`", error=ParameterTypeError)
    except ParameterTypeError:
        msg = f"`{name}` {text!r} is not a list; write [A, B] or A,B."
        raise ParameterTypeError(msg) from None


def coerce(value, param, *, strict: bool = False):
    """Convert a value (often a command-line string) to a parameter's type.

    The rules are in the module docstring. ``strict=True`` accepts only values
    already of the type (ints for floats), as for the defaults of a notebook.

    Parameters
    ----------
    value : object
        The value given (a string from the command line, or a YAML or Python value).
    param : Parameter
        The parameter, whose ``type`` and ``optional`` decide.
    strict : bool
        Accept only values already of the type (no strings read as numbers, lists or booleans).

    Returns
    -------
    object
        The value as ``param.type`` (a list of it for ``list[...]``), or None for an
        optional parameter given ``None``, ``"none"`` or ``"null"``.

    Raises
    ------
    ParameterTypeError
        (a ``ParameterError`` and a ``TypeError``) if the value cannot be read as the
        type; the message names the parameter.

    Examples
    --------
    >>> from unvotes_lib.reports.parameters import Parameter
    >>> coerce("007", Parameter("code", "str", ""))
    '007'
    >>> coerce("true", Parameter("flag", "bool", False))
    True
    >>> coerce("[NO, SE]", Parameter("countries", "list[str]", []))  # YAML 1.2: NO is Norway
    ['NO', 'SE']
    >>> coerce("[1990, 2000]", Parameter("years", "list[int]", []))
    [1990, 2000]
    >>> coerce("maybe", Parameter("flag", "bool", False))
    Traceback (most recent call last):
    ...
    unvotes_lib.reports.coercion.ParameterTypeError: `flag` 'maybe' is not a bool; use true or false.
    """
    name = param.name
    if value is None or (
        param.optional and not strict and isinstance(value, str) and value.strip().lower() in ("none", "null")
    ):
        if param.optional:
            return None
        msg = f"`{name}` is None but must be a {param.type}."
        raise ParameterTypeError(msg)
    if param.type.startswith("list["):
        item = param.type[5:-1]
        if isinstance(value, str) and not strict:
            text = value.strip()
            if text.startswith("["):
                value = _flow_list(name, text)
            else:
                value = [v.strip() for v in text.split(",") if v.strip()]
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, list):
            msg = f"`{name}` {value!r} is not a list of {item}; write [A, B] or A,B."
            raise ParameterTypeError(msg)
        return [_coerce_scalar(v, item, f"{name}[{i}]", strict) for i, v in enumerate(value)]
    return _coerce_scalar(value, param.type, name, strict)
