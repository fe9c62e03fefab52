"""JSON reports: one object per case (an array for several), UTF-8, Chinese kept as is."""

from __future__ import annotations

import json

from ..errors import InputError
from ..model import CaseResult


def error_entry(path: str, error: InputError) -> dict:
    """An invalid case in a JSON report: same top-level keys, plus its problems."""
    return {"case": {"id": None, "title": None, "path": path}, "score": None, "results": [],
            "errors": [{"path": p.path, "line": p.line, "column": p.column, "message": p.message}
                       for p in error.problems]}


def render(entries: list[CaseResult | dict], as_array: bool) -> str:
    docs = [e.to_dict() if isinstance(e, CaseResult) else e for e in entries]
    return json.dumps(docs if as_array else docs[0], ensure_ascii=False, indent=2)
