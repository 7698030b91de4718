"""What cProfile says, summarised the same way for every profile the bench prints (a
registration POST, the slowest page): cumulative milliseconds an operation in named parts,
and the functions with the most time of their own. No Django needed, so bench/run.py can
print them."""

from pathlib import Path

ROOT = f"{Path(__file__).resolve().parent.parent}/"
TOP = 12


def _short(filename: str) -> str:
    for marker in ("site-packages/", ROOT):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def summary(stats: dict, count: int, buckets) -> dict:
    """`stats` (pstats.Stats(...).stats) over `count` operations; `buckets` are (label, file
    suffix, function name): each gets the function's cumulative time an operation."""

    def each(seconds):
        return round(seconds / count * 1000, 2)

    return {
        "buckets": [
            {
                "what": label,
                "ms": each(
                    sum(
                        value[3]
                        for (filename, _line, function), value in stats.items()
                        if function == name and filename.endswith(suffix)
                    )
                ),
            }
            for label, suffix, name in buckets
        ],
        "top": [
            {
                "function": f"{_short(filename)}:{line}({function})",
                "calls": round(value[1] / count, 1),
                "own_ms": each(value[2]),
                "cumulative_ms": each(value[3]),
            }
            for (filename, line, function), value in sorted(
                stats.items(), key=lambda item: item[1][2], reverse=True
            )[:TOP]
        ],
    }


def print_summary(profile: dict, unit: str) -> None:
    """The buckets as shares of the first, then the top functions; `unit`: "a POST"…"""
    total = profile["buckets"][0]["ms"] or 1
    print(f"{f'cProfile, cumulative ms {unit} (slower than unprofiled)':<60}{'ms':>8}{'share':>7}")
    for bucket in profile["buckets"]:
        print(f"{bucket['what']:<60}{bucket['ms']:>8.2f}{bucket['ms'] / total:>7.0%}")
    print(f"{f'top functions by own time, {unit}':<72}{'calls':>7}{'own ms':>8}{'cum ms':>8}")
    for row in profile["top"]:
        print(
            f"{row['function'][:71]:<72}{row['calls']:>7}{row['own_ms']:>8.2f}"
            f"{row['cumulative_ms']:>8.2f}"
        )
