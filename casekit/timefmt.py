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
