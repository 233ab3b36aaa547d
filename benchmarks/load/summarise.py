"""Turn locust's `<prefix>_stats.csv` into the table docs/performance.md shows (p50/p95/p99, errors, ÷ floor)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def table(stats_csv: Path, title: str) -> str:
    rows = [r for r in csv.DictReader(stats_csv.open()) if r["Name"] != "Aggregated"]
    agg = next(r for r in csv.DictReader(stats_csv.open()) if r["Name"] == "Aggregated")
    floor = next((float(r["50%"]) for r in rows if r["Name"].startswith("floor")), 0.0) or 1.0
    out = [
        f"### {title}",
        "",
        "| page | requests | errors | p50 ms | p95 ms | p99 ms | p50 ÷ floor |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(rows, key=lambda r: r["Name"]):
        ratio = float(r["50%"]) / floor
        out.append(f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} | {r['99%']} | {ratio:.1f}× |")
    out.append(
        f"| **all pages** | {agg['Request Count']} | {agg['Failure Count']} | {agg['50%']} | {agg['95%']} | {agg['99%']} | "
        f"{float(agg['Requests/s']):.0f} requests/s |"
    )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    prefix, title, dest = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    rss = sys.argv[4] if len(sys.argv) > 4 else ""
    text = table(prefix.with_name(prefix.name + "_stats.csv"), title)
    if rss:
        text += f"\nResident memory (RSS) per gunicorn worker after the run: {rss} MiB.\n"
    dest.write_text(text)
    print(text)
