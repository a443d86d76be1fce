"""Mutation testing of the pure rule modules: ``make mutation`` (docs/mutation.md).

Runs mutmut (configured in ``[tool.mutmut]`` of pyproject.toml: the five pure modules,
mutated against their fast pure test files only, no database), prints a score per
module and fails when a mutant survives that ``docs/mutation.md`` does not list as
equivalent. A listed mutant is recognised by its function and its changed lines, not by
mutmut's number, so the list survives edits elsewhere in the module.

    python scripts/mutation.py                  # all five modules, from scratch
    python scripts/mutation.py finance tally    # only these (short names below)
    python scripts/mutation.py --report         # re-read the last run, run nothing
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "docs" / "mutation.md"
MODULES = {
    "finance": "governance/finance.py",
    "policy": "governance/reminders/policy.py",
    "tally": "governance/tally.py",
    "deadlines": "governance/deadlines.py",
    "textdiff": "governance/textdiff.py",
    "wgr": "pcycle/wgr.py",
    "fit": "pcycle/fit.py",
    "timeline": "pcycle/timeline.py",
    "reserve_policy": "reserves/policy.py",
    "recovery": "reserves/recovery.py",
    "risks": "reserves/risks.py",
}
KILLED = {"killed", "timeout", "caught by type check"}
KEY = re.compile(r"^(?P<module>[\w.]+)\.x(?P<sep>[_ǁ])(?P<rest>.+)__mutmut_\d+$")
# "- `governance.finance.distribute`: `old line` → `new line`" (several changed lines
# are joined with " ⏎ " on each side).
ENTRY = re.compile(r"^- `(?P<function>[\w.]+)`: `(?P<old>.+)` → `(?P<new>.*)`\s*$")


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def function_of(key: str) -> str:
    """``governance.tally.xǁResultǁshare_for__mutmut_1`` → ``governance.tally.Result.share_for``."""
    match = KEY.match(key)
    if not match:
        return key
    rest = match["rest"]
    if match["sep"] == "ǁ":
        rest = rest.replace("ǁ", ".")
    return f"{match['module']}.{rest}"


def changed_lines(key: str, path: str) -> tuple[str, str]:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(key, path=Path(path)).splitlines()
    old = [line[1:].strip() for line in diff if line.startswith("-") and not line.startswith("---")]
    new = [line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    return " ⏎ ".join(old), " ⏎ ".join(new)


def listed_equivalents() -> set[tuple[str, str, str]]:
    entries = set()
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        match = ENTRY.match(line)
        if match:
            entries.add((match["function"], match["old"], match["new"]))
    return entries


def run_mutmut(paths: list[str], max_children: int) -> None:
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)  # no stale results from older code
    patterns = [f"{module_name(path)}.*" for path in paths]
    if len(paths) == len(MODULES):
        patterns = []  # everything mutmut is configured for
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children)]
    subprocess.run([*command, *patterns], cwd=ROOT, env=env, check=True)  # noqa: S603


def report(paths: list[str]) -> int:
    os.chdir(ROOT)
    equivalents = listed_equivalents()
    used: set[tuple[str, str, str]] = set()
    unexplained: list[tuple[str, str, str, str]] = []
    print()
    print(f"{'module':<32} {'mutants':>7} {'killed':>7} {'equiv.':>7} {'left':>7} {'score':>7}")
    for path in paths:
        meta = ROOT / "mutants" / f"{path}.meta"
        if not meta.exists():
            print(f"{module_name(path):<32} no results (mutants/{path}.meta): run first")
            unexplained.append((module_name(path), "not run", "", ""))
            continue
        from mutmut.stats import status_by_exit_code

        exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
        statuses = Counter()
        equivalent = unchecked = 0
        for key, code in sorted(exit_codes.items()):
            status = status_by_exit_code[code]
            statuses[status] += 1
            if status in KILLED:
                continue
            if status == "not checked":
                unchecked += 1
                continue
            function = function_of(key)
            old, new = changed_lines(key, path)
            if status == "survived" and (function, old, new) in equivalents:
                equivalent += 1
                used.add((function, old, new))
                continue
            unexplained.append((key, status, old, new))
        if unchecked:
            unexplained.append((module_name(path), f"{unchecked} mutants not checked", "", ""))
        total = sum(statuses.values())
        killed = sum(statuses[status] for status in KILLED)
        other = total - killed - equivalent
        raw = killed / total if total else 1.0
        print(
            f"{module_name(path):<32} {total:>7} {killed:>7} {equivalent:>7} {other:>7} {raw:>7.1%}"
        )
    checked = tuple(f"{module_name(path)}." for path in paths)
    stale = sorted(entry for entry in equivalents - used if entry[0].startswith(checked))
    if stale:
        print("\nListed as equivalent in docs/mutation.md but not surviving (remove them?):")
        for function, old, new in stale:
            print(f"  {function}: {old!r} → {new!r}")
    if unexplained:
        print("\nSurvivors not listed as equivalent in docs/mutation.md (add a test that")
        print("kills them, or list them there with the reason they are equivalent):")
        for key, status, old, new in unexplained:
            if not old:
                print(f"  {key}: {status} (the run was incomplete: run it again)")
                continue
            print(f"  {key} [{status}]\n      - {old}\n      + {new}")
            print(f"    - `{function_of(key)}`: `{old}` → `{new}`")
        return 1
    print("\nEvery survivor is a listed equivalent mutant.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="module", help=" | ".join(MODULES))
    parser.add_argument("--report", action="store_true", help="only read the last run")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    unknown = sorted(set(args.modules) - set(MODULES))
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)} (choose from {', '.join(MODULES)})")
    paths = [MODULES[name] for name in args.modules] or list(MODULES.values())
    if not args.report:
        run_mutmut(paths, args.max_children)
    return report(paths)


if __name__ == "__main__":
    sys.exit(main())
