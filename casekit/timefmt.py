"""Durations in the trainers' words: 2天3小时, 40分钟."""

from __future__ import annotations

from datetime import timedelta


def humanize_gap(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else "",
             f"{mins}分钟" if mins and not days else ""]
    return "".join(parts) or "0分钟"


def when_and_gap(events) -> list[tuple[str, str | None]]:
    """For each event: its time as text ('' when undated) and the time since the previous
    dated event (None for the first), as the reports show them."""
    out, previous = [], None
    for e in events:
        if e.at is None:
            out.append(("", None))
            continue
        when = e.at.strftime("%Y-%m-%d %H:%M" if (e.at.hour or e.at.minute) else "%Y-%m-%d")
        out.append((when, humanize_gap(e.at - previous) if previous else None))
        previous = e.at
    return out
