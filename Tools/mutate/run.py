#!/usr/bin/env python3
"""A mutation pass over planledger's Sources: one-line mutants, one at a time.

Each site in sites.tsv names a file, an exact text that occurs in it, and what to put in its place (a
flipped comparison, a dropped `!`, a missing `case` value …). For each site the script copies the file
aside, writes the mutant, builds (`swift build --build-tests`), runs the chosen tests
(`swift test --skip-build`, filtered) and records the mutant as killed (a test failed), survived (every
test passed), stillborn (it did not compile) or missing (the text is no longer in the file). The file is
always put back from the copy, also when the build or the tests fail or the script is interrupted.

    Tools/mutate/run.py                       # every site, default test filter
    Tools/mutate/run.py --only 3,7            # sites 3 and 7 (1-based, as listed)
    Tools/mutate/run.py --filter LedgerCoreTests --out /tmp/mutants.tsv

The run takes a build per mutant: keep the list short (30-60 sites) and the filter narrow.

To measure what new tests add, name their suites with --new: each mutant is then judged twice from one
build, "before" by the chosen tests without the new suites, "after" by all of them (the new suites are run
only when the others let the mutant survive):

    Tools/mutate/run.py --new MonthEndTests --new DateBoundaryTests
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SITES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sites.tsv")
# The suites that judge rules, dates, views and audit (swift test --filter regexes over Module.Suite/test).
# The 10,000-event ERMS export, the Merkle and signature suites and the concurrency test are slow and test
# nothing a mutant here changes.
DEFAULT_FILTERS = [r"\.TimeTests/", r"\.RejectionTests/", r"\.StateCacheTests/", r"^ProjectionsTests\.",
                   r"\.OversightCommandTests/", r"\.QueryCommandTests/", r"\.RegistrarCommandTests/", r"\.CLITests/"]
DEFAULT_SKIPS = [r"LookupCostTests", r"concurrentProcessesLoseNothing"]


def read_sites(path):
    sites = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [part.replace("\\n", "\n") for part in line.split("\t")]
            if len(parts) not in (3, 4):
                sys.exit(f"{path}:{number}: expected file<TAB>old<TAB>new[<TAB>occurrence], got {len(parts)} fields")
            occurrence = int(parts[3]) if len(parts) == 4 else 1
            sites.append({"file": parts[0], "old": parts[1], "new": parts[2], "occurrence": occurrence, "line": number})
    return sites


def mutate(text, old, new, occurrence):
    """The text with the `occurrence`-th `old` replaced by `new`, and the line number, or None if absent."""
    start = -1
    for _ in range(occurrence):
        start = text.find(old, start + 1)
        if start < 0:
            return None, None
    return text[:start] + new + text[start + len(old):], text.count("\n", 0, start) + 1


def run(cmd, log, timeout):
    with open(log, "ab") as out:
        out.write(("\n$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        try:
            return subprocess.run(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            return "timeout"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sites", default=SITES)
    p.add_argument("--only", help="comma-separated 1-based site numbers")
    p.add_argument("--filter", action="append", help="a swift test --filter (repeatable); default: the rule/view/audit suites")
    p.add_argument("--skip", action="append", help="a swift test --skip (repeatable)")
    p.add_argument("--new", action="append", default=[], help="a suite added by the change being measured (repeatable)")
    p.add_argument("--out", default=os.path.join(ROOT, ".build", "mutants.tsv"), help="results, one mutant a line")
    p.add_argument("--log", default=os.path.join(ROOT, ".build", "mutants.log"), help="build and test output")
    p.add_argument("--check", action="store_true", help="only check that every site's text is in its file")
    p.add_argument("--timeout", type=int, default=1200, help="seconds for one build or one test run")
    args = p.parse_args()

    sites = read_sites(args.sites)
    chosen = [int(n) for n in args.only.split(",")] if args.only else range(1, len(sites) + 1)
    filters = args.filter or DEFAULT_FILTERS
    skips = args.skip or DEFAULT_SKIPS
    test_cmd = ["swift", "test", "--skip-build"] + [a for f in filters for a in ("--filter", f)] + [a for s in skips + args.new for a in ("--skip", s)]
    new_cmd = ["swift", "test", "--skip-build"] + [a for f in args.new for a in ("--filter", f)]

    # Put the file back whatever happens: an exception, Ctrl-C, or a kill with SIGTERM.
    pending = {}

    def restore():
        for path, backup in list(pending.items()):
            shutil.copyfile(backup, path)
            os.remove(backup)
            del pending[path]

    def on_signal(signum, frame):
        restore()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if args.check:
        bad = 0
        for n in chosen:
            site = sites[n - 1]
            text = open(os.path.join(ROOT, site["file"]), encoding="utf-8").read()
            mutated, line = mutate(text, site["old"], site["new"], site["occurrence"])
            print(f"{n}\t{site['file']}:{line or '?'}\t{'ok' if mutated else 'MISSING'}")
            bad += mutated is None
        sys.exit(1 if bad else 0)

    results = []
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("n\t" + ("before/after" if args.new else "result") + "\tseconds\tfile:line\tmutation\n")
    try:
        for n in chosen:
            site = sites[n - 1]
            path = os.path.join(ROOT, site["file"])
            original = open(path, encoding="utf-8").read()
            mutated, line = mutate(original, site["old"], site["new"], site["occurrence"])
            label = f"{site['old'].strip()}  →  {site['new'].strip()}"
            started = time.time()
            if mutated is None:
                result, where = "missing", site["file"]
            else:
                where = f"{site['file']}:{line}"
                backup = path + ".mutate-orig"
                shutil.copyfile(path, backup)
                pending[path] = backup
                try:
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(mutated)
                    built = run(["swift", "build", "--build-tests"], args.log, args.timeout)
                    if built != 0:
                        result = "stillborn"
                    else:
                        tested = run(test_cmd, args.log, args.timeout)
                        result = "survived" if tested == 0 else "killed"
                        if args.new:
                            after = result if result == "killed" else ("survived" if run(new_cmd, args.log, args.timeout) == 0 else "killed")
                            result = f"{result}/{after}"
                finally:
                    restore()
            seconds = int(time.time() - started)
            results.append(result)
            row = f"{n}\t{result}\t{seconds}\t{where}\t{label}"
            print(row, flush=True)
            with open(args.out, "a", encoding="utf-8") as out:
                out.write(row + "\n")
    finally:
        restore()

    counted = [r for r in results if r not in ("stillborn", "missing")]
    others = f"({results.count('stillborn')} stillborn, {results.count('missing')} missing)"
    if args.new:
        before = sum(r.startswith("killed") for r in counted)
        after = sum(r.endswith("killed") for r in counted)
        summary = f"before: {before} of {len(counted)} mutants killed; after: {after} of {len(counted)} {others}"
    else:
        summary = f"{results.count('killed')} of {len(counted)} mutants killed {others}"
    print(summary)
    with open(args.out, "a", encoding="utf-8") as out:
        out.write("# " + summary + "\n")


if __name__ == "__main__":
    main()
