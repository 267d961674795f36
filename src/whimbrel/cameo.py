"""CAMEO codes: their PLOVER type, quad class and Goldstein score.

The bundled table ``data/cameo_roots.yaml`` maps each CAMEO root (and a few finer codes) to a
PLOVER type, quad class and Goldstein score; :func:`load_cameo_plover` reads a full
CAMEO-to-PLOVER table (such as the PLOVER project's ``CAMEO2PLOVER`` file) from a given path.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from whimbrel.errors import WhimbrelError

DATA = Path(__file__).resolve().parent / "data" / "cameo_roots.yaml"
OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
             "FIGHT": "ASSAULT", "YIELD": "CONCEDE"}


class CameoError(WhimbrelError):
    """A CAMEO table cannot be read (the message names file and line)."""


@dataclass(frozen=True, slots=True)
class CameoInfo:
    plover: str | None
    quad_class: int
    goldstein: float


@functools.lru_cache(maxsize=1)
def _table() -> tuple[Mapping[str, CameoInfo], Mapping[str, str]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    roots = {k: CameoInfo(v["plover"], int(v["quad"]), float(v["goldstein"]))
             for k, v in data["roots"].items()}
    codes = {k: v["plover"] for k, v in (data.get("codes") or {}).items()}
    return MappingProxyType(roots), MappingProxyType(codes)


def cameo_info(code: str | None) -> CameoInfo | None:
    """PLOVER type, quad class and Goldstein score of a CAMEO code (by its root).

    >>> cameo_info("111").plover, cameo_info("195").quad_class, cameo_info("0874").plover
    ('ACCUSE', 4, 'RETREAT')
    """
    if not code:
        return None
    roots, codes = _table()
    root = roots.get(code[:2])
    if root is None:
        return None
    for n in range(len(code), 2, -1):
        if code[:n] in codes:
            return CameoInfo(codes[code[:n]], root.quad_class, root.goldstein)
    return root


_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\b")


def load_cameo_plover(path: str | Path) -> Mapping[str, str]:
    """CAMEO code -> PLOVER type from a ``CODE: TYPE, mode, context # comment`` table."""
    out: dict[str, str] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            if re.match(r"^\d", line):
                raise CameoError(f"{path}:{n}: cannot read {line[:60]!r}")
            continue
        out[m.group(1)] = OLD_NAMES.get(m.group(2), m.group(2))
    if not out:
        raise CameoError(f"{path}: no CAMEO codes found")
    return MappingProxyType(out)


def plover_of(code: str, table: Mapping[str, str] | None = None) -> str | None:
    """The PLOVER type of a CAMEO code: the longest prefix in ``table``, else the root table."""
    if table:
        for n in range(len(code), 1, -1):
            if code[:n] in table:
                return table[code[:n]]
    info = cameo_info(code)
    return info.plover if info else None
