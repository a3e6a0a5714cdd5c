"""Settings from the environment, in one place: ``tk.options``.

Every setting has an environment variable (read each time the setting is used, so a change of
the environment takes effect at once) and can be overridden from Python, for the session or
for a block::

    import toolkit as tk
    tk.options.progress = False               # for the rest of the session
    with tk.options.using(token_cache=False): # only inside the block
        ...
    tk.options.reset()                        # back to the environment

========================  ===========================  =====================================
option                    environment variable         meaning (default)
========================  ===========================  =====================================
``data_path``             ``TOOLKIT_DATA``             folders searched first for registry
                                                       files, ``os.pathsep``-separated ([])
``cache_dir``             ``TOOLKIT_CACHE``            downloads and token cache (the user
                                                       cache folder of ``toolkit-rhetoric``)
``download``              ``TOOLKIT_OFFLINE``          may registry files be downloaded
                                                       (True; ``TOOLKIT_OFFLINE=1`` → False)
``token_cache``           ``TOOLKIT_NO_CACHE``         use the on-disk token cache (True;
                                                       ``TOOLKIT_NO_CACHE=1`` → False)
``cache_min_chars``       ``TOOLKIT_CACHE_MIN_CHARS``  smallest corpus cached on disk (50,000)
``cache_max_mb``          ``TOOLKIT_CACHE_MAX_MB``     size cap of the token cache (2048)
``threads``               ``TOOLKIT_NUM_THREADS``      threads of the counting engine (CPUs)
``progress``              ``TOOLKIT_PROGRESS``         show progress bars (True; ``0`` → off)
``figures_dir``           ``TOOLKIT_FIGURES``          where ``save_figure`` writes (figures)
``notebook``              ``TOOLKIT_NOTEBOOK``         notebook name stamped on figures (None)
``quick``                 ``TOOLKIT_QUICK``            notebooks use smaller settings (fewer
                                                       k, bootstrap rounds, seeds) so the test
                                                       suite runs them fast (False; never set
                                                       by ``make figures``)
``debug``                 ``TOOLKIT_DEBUG``            CLI prints tracebacks (False)
``sample``                ``TOOLKIT_SAMPLE``           keep every k-th document of registry
                                                       corpora of over 100 documents, to try
                                                       long examples quickly (1: all; the
                                                       README test uses 4)
``dask``                  ``TOOLKIT_DASK``             corpus-wide passes without
                                                       ``client=`` run on the active Dask
                                                       client (False: locally)
========================  ===========================  =====================================

Examples
--------
>>> from toolkit.config import options
>>> with options.using(threads=1):
...     options.threads
1
>>> options.threads = 0
Traceback (most recent call last):
...
toolkit.errors.ArgumentError: option 'threads' must be >= 1, not 0
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ArgumentError, UnknownNameError

__all__ = ["Options", "options"]

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE or value == "":
        return False
    raise ArgumentError(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def _int(name: str, raw: str, minimum: int) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ArgumentError(f"{name} must be an integer, not {raw!r}") from None
    if value < minimum:
        raise ArgumentError(f"{name} must be >= {minimum}, not {value}")
    return value


def _default_cache() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("toolkit-rhetoric"))


@dataclass(frozen=True)
class _Spec:
    env: str
    parse: Callable[[str, str], Any]  # (env name, raw value) -> value
    default: Callable[[], Any]
    check: Callable[[Any], Any]  # validates and converts a value set from Python


def _paths(name: str, raw: str) -> list[Path]:
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def _as_paths(value: Any) -> list[Path]:
    if isinstance(value, (str, os.PathLike)):
        value = [value]
    return [Path(v).expanduser() for v in value]


def _as_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ArgumentError(f"expected True or False, not {value!r}")
    return value


def _as_int(minimum: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ArgumentError(f"expected an integer, not {value!r}")
        if value < minimum:
            raise ArgumentError(f"must be >= {minimum}, not {value}")
        return value

    return check


_SPECS: dict[str, _Spec] = {
    "data_path": _Spec("TOOLKIT_DATA", _paths, list, _as_paths),
    "cache_dir": _Spec(
        "TOOLKIT_CACHE", lambda n, r: Path(r).expanduser(), _default_cache, lambda v: Path(v)
    ),
    "download": _Spec("TOOLKIT_OFFLINE", lambda n, r: not _flag(n, r), lambda: True, _as_bool),
    "token_cache": _Spec("TOOLKIT_NO_CACHE", lambda n, r: not _flag(n, r), lambda: True, _as_bool),
    "cache_min_chars": _Spec(
        "TOOLKIT_CACHE_MIN_CHARS", lambda n, r: _int(n, r, 0), lambda: 50_000, _as_int(0)
    ),
    "cache_max_mb": _Spec(
        "TOOLKIT_CACHE_MAX_MB", lambda n, r: _int(n, r, 0), lambda: 2048, _as_int(0)
    ),
    "threads": _Spec(
        "TOOLKIT_NUM_THREADS", lambda n, r: _int(n, r, 1), lambda: os.cpu_count() or 1, _as_int(1)
    ),
    "progress": _Spec("TOOLKIT_PROGRESS", _flag, lambda: True, _as_bool),
    "figures_dir": _Spec(
        "TOOLKIT_FIGURES", lambda n, r: Path(r).expanduser(), lambda: Path("figures"), Path
    ),
    "notebook": _Spec("TOOLKIT_NOTEBOOK", lambda n, r: r, lambda: None, str),
    "quick": _Spec("TOOLKIT_QUICK", _flag, lambda: False, _as_bool),
    "debug": _Spec("TOOLKIT_DEBUG", _flag, lambda: False, _as_bool),
    "sample": _Spec("TOOLKIT_SAMPLE", lambda n, r: _int(n, r, 1), lambda: 1, _as_int(1)),
    "dask": _Spec("TOOLKIT_DASK", _flag, lambda: False, _as_bool),
}


class Options:
    """The toolkit's settings: environment variables with Python overrides (see module doc)."""

    def __init__(self) -> None:
        object.__setattr__(self, "_overrides", {})

    def __getattr__(self, name: str) -> Any:
        spec = _SPECS.get(name)
        if spec is None:
            raise AttributeError(f"no option {name!r}; options: {', '.join(_SPECS)}")
        overrides = object.__getattribute__(self, "_overrides")
        if name in overrides:
            return overrides[name]
        raw = os.environ.get(spec.env)
        if raw is None or (raw.strip() == "" and name not in ("data_path",)):
            return spec.default()
        return spec.parse(spec.env, raw)

    def __setattr__(self, name: str, value: Any) -> None:
        spec = _SPECS.get(name)
        if spec is None:
            raise UnknownNameError(f"no option {name!r}; options: {', '.join(_SPECS)}")
        try:
            checked = spec.check(value)
        except ArgumentError as err:
            raise ArgumentError(f"option {name!r} {_strip_expected(str(err))}") from None
        self._overrides[name] = checked

    def reset(self, *names: str) -> None:
        """Forget Python overrides (all, or the named ones): the environment applies again."""
        for name in names or list(self._overrides):
            if name not in _SPECS:
                raise UnknownNameError(f"no option {name!r}; options: {', '.join(_SPECS)}")
            self._overrides.pop(name, None)

    @contextlib.contextmanager
    def using(self, **values: Any) -> Iterator[Options]:
        """Override options inside a ``with`` block only."""
        before = dict(self._overrides)
        try:
            for name, value in values.items():
                setattr(self, name, value)
            yield self
        finally:
            self._overrides.clear()
            self._overrides.update(before)

    def as_dict(self) -> dict[str, Any]:
        """Every option's current value."""
        return {name: getattr(self, name) for name in _SPECS}

    def env_name(self, name: str) -> str:
        """The environment variable behind an option."""
        if name not in _SPECS:
            raise UnknownNameError(f"no option {name!r}; options: {', '.join(_SPECS)}")
        return _SPECS[name].env

    def __dir__(self) -> list[str]:
        return sorted(set(_SPECS) | {"reset", "using", "as_dict", "env_name"})

    def __repr__(self) -> str:
        rows = [f"  {k} = {v!r}" for k, v in self.as_dict().items()]
        return "<toolkit options\n" + "\n".join(rows) + "\n>"


def _strip_expected(message: str) -> str:
    if message.startswith("expected "):
        return "must be " + message[len("expected ") :].replace(", not", ", not", 1)
    return message


#: The toolkit's settings (``tk.options``).
options = Options()
