"""Benchmark: memory and time of inspecting hostile and ordinary uploads.

Not a test (nothing is asserted). No database needed. Run:

    .venv/bin/python tests/bench/bench_uploads.py [--code /path/to/other/checkout]

Each case runs in a fresh Python process, so its peak resident memory is its own. It
reports, per case: the outcome (accepted, or the refusal code), the process's resident
memory before inspecting (after Django, pypdf and the file itself are loaded), its peak
during ``governance.uploads.inspect_upload``, the growth, the peak of Python
allocations (tracemalloc, a second run) and the wall time.

``--code`` inspects with the ``governance.uploads`` of another checkout (e.g. the
main branch before the archive limits) while the files still come from this one's
``tests/governance/hostile.py``: that is how the "before" numbers in
docs/performance.md were measured.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = {
    "bomb_1gib": ("bijlage.docx", "1 GiB zip bomb ([Content_Types].xml)"),
    "bomb_lying": ("bijlage.docx", "lying part: declares 100 B, expands to 64 MiB"),
    "bomb_ratio": ("bijlage.docx", "one 20 MiB part compressed ~1000 times"),
    "bomb_entries": ("bijlage.docx", "10,001 parts"),
    "sheet": ("cijfers.docx", "ordinary: 20 MB of sheet XML in 2 MB (inflated whole)"),
    "report": ("rapport.pdf", "ordinary: a 300-page PDF (active-content walk)"),
    "pdf_all_active_content": ("stuk.pdf", "PDF with every kind of active content"),
}


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _make(case: str) -> bytes:
    spec = importlib.util.spec_from_file_location(
        "hostile", ROOT / "tests" / "governance" / "hostile.py"
    )
    hostile = importlib.util.module_from_spec(spec)
    sys.modules["hostile"] = hostile  # dataclasses look their module up there
    spec.loader.exec_module(hostile)
    if case == "sheet":
        body = b"".join(
            b'<row r="%d"><c r="A%d" s="3" t="s"><v>%d</v></c></row>' % (n, n, n % 97)
            for n in range(1, 400_000)
        )
        return hostile.docx(hostile.deflated("word/sheet.xml", body))
    if case == "report":
        from governance.demo.pdf import simple_pdf

        return simple_pdf("Rapport", [f"Regel {n} van het rapport. " * 6 for n in range(2700)])
    return hostile.quietly(getattr(hostile, case))


def run_one(case: str, code: Path) -> dict:
    sys.path.insert(0, str(code))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hecht.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance import uploads
    from governance.uploads import inspect_upload

    assert Path(uploads.__file__).is_relative_to(code), uploads.__file__

    name = CASES[case][0]
    data = _make(case)

    def inspect() -> str:
        try:
            info = inspect_upload(SimpleUploadedFile(name, data), kind="annex")
        except ValidationError as exc:
            return f"refused ({exc.code})"
        return f"accepted ({info.page_count or 0} pages)"

    before = _maxrss_mib()
    started = time.perf_counter()
    outcome = inspect()
    seconds = time.perf_counter() - started
    peak = _maxrss_mib()
    tracemalloc.start()
    inspect()
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "case": case,
        "file_mb": len(data) / 1e6,
        "outcome": outcome,
        "rss_before_mib": before,
        "rss_peak_mib": peak,
        "growth_mib": peak - before,
        "traced_peak_mib": traced / 1024 / 1024,
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code inspects")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.code.resolve())))
        return
    print(f"code: {args.code.resolve()}")
    print(
        f"{'case':<24}{'file MB':>8}  {'outcome':<32}{'RSS before':>11}{'peak':>9}"
        f"{'growth':>9}{'traced':>9}{'s':>7}"
    )
    for case in args.cases.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--one", case, "--code", str(args.code)],
            capture_output=True,
            text=True,
            check=False,
            cwd=args.code,  # as if run from that checkout (its modules, not ours)
        )
        if out.returncode:
            print(f"{case:<24} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{case:<24}{r['file_mb']:>8.2f}  {r['outcome']:<32}{r['rss_before_mib']:>9.0f} M"
            f"{r['rss_peak_mib']:>7.0f} M{r['growth_mib']:>7.0f} M{r['traced_peak_mib']:>7.1f} M"
            f"{r['seconds']:>7.2f}"
        )
    print("(RSS in MiB; traced = peak of Python allocations during a second inspection)")


if __name__ == "__main__":
    main()
