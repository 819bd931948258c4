#!/usr/bin/env python3
"""plbench's peer for bulk append (issue 17): the same JSON Lines events stored by the Python library
`eventsourcing` (9.5.6, https://pypi.org/project/eventsourcing/9.5.6/) on its SQLite module, through its documented
API: an `Application` whose aggregates record one event per input line, saved with `Application.save`.

Each line becomes an event of the aggregate it concerns (its plan, else its diary number, assignment or process,
else the event a correction or retraction targets, else itself), with the line's type, effective date, id and
data as the event's state. The library checks what it checks (each aggregate's version sequence, in one
transaction per save); none of planledger's rules, hashes or projections. Lines are saved `--batch` at a time.

Onto an existing store (`--onto`, plbench's "append onto a ledger that holds as many"): the file named by `--db`
must exist, loaded by an earlier run that wrote `--keys` (each line's aggregate key, one per line, so that a
correction in the new lines finds the aggregate of the event it targets). An aggregate that is already stored is
read back through `Application.repository.get` (replaying its events, as the library does) before its new event
is recorded; the read is part of the timed load.

Before an --onto load (untimed), the keys are checked against the store: each aggregate's stored version must be
one ("Opened") plus the lines the keys give it, so keys that are short, long or from another load are refused.

Prints one JSON object: {"events": N, "seconds": S, "batch": B}. Exit 0; 1 with a message on standard error when the
load cannot be done (nothing is timed then); 2 for bad arguments.
"""
import argparse
import sqlite3
from collections import Counter
import json
import os
import sys
import time
from importlib.metadata import PackageNotFoundError, version as installed_version
from uuid import NAMESPACE_URL, UUID, uuid5

# The version first: another one may lack the API imported below.
try:
    INSTALLED = installed_version("eventsourcing")
except PackageNotFoundError:
    INSTALLED = None
if INSTALLED != "9.5.6":
    found = f"eventsourcing {INSTALLED} is installed" if INSTALLED else "eventsourcing is not installed"
    print(f"peer: {found}, the benchmark's peer is 9.5.6 (pip install eventsourcing==9.5.6)", file=sys.stderr)
    sys.exit(1)
try:
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event
    from eventsourcing.persistence import PersistenceError
except ImportError as error:
    print(f"peer: eventsourcing 9.5.6 is installed but does not import: {error}", file=sys.stderr)
    sys.exit(1)


class Subject(Aggregate):
    """What a group of events concerns, keyed by a text (a plan key, a diary number, ...)."""

    @staticmethod
    def create_id(key: str) -> UUID:
        return uuid5(NAMESPACE_URL, "planledger:" + key)

    @event("Opened")
    def __init__(self, key: str) -> None:
        self.key = key

    @event("Recorded")
    def record(self, type: str, effective: str, id: str, data: dict) -> None:
        pass


class Peer(Application):
    pass


def subject_key(line: dict, number: int, keys_by_seq: list) -> str:
    data = line.get("data") or {}
    if line.get("plan"):
        return "plan:" + line["plan"]
    for field in ("dnr", "assignment", "process"):
        if isinstance(data.get(field), str):
            return field + ":" + data[field]
    target = data.get("target")
    if isinstance(target, int) and 0 < target <= len(keys_by_seq):
        return keys_by_seq[target - 1]
    return "event:" + str(line.get("id") or number)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", help="JSON Lines workload (plgen's)")
    parser.add_argument("--db", help="SQLite file to create (must not exist)")
    parser.add_argument("--batch", type=int, default=10_000, help="lines per save (one transaction each)")
    parser.add_argument("--keys", help="file of each stored line's aggregate key: written after a load, read first with --onto")
    parser.add_argument("--onto", action="store_true", help="add to the existing --db, whose load wrote --keys")
    parser.add_argument("--check", action="store_true", help="only check that eventsourcing 9.5.6 is installed")
    args = parser.parse_args()
    if args.check:
        return 0
    if not args.input or not args.db:
        parser.error("--input and --db are required")
    if args.onto and not args.keys:
        parser.error("--onto needs --keys (written by the load that made --db)")
    if args.batch < 1:
        parser.error(f"--batch must be at least 1, got {args.batch}")
    if not os.path.isfile(args.input):
        print(f"peer: {args.input}: no such file", file=sys.stderr)
        return 1
    if args.onto != os.path.exists(args.db):
        print(f"peer: {args.db} {'does not exist' if args.onto else 'exists'}", file=sys.stderr)
        return 1
    keys_by_seq: list = []
    if args.onto:
        try:
            with open(args.keys, encoding="utf-8") as keys:
                keys_by_seq = [key.rstrip("\n") for key in keys]
        except OSError as error:
            print(f"peer: --keys: {error}", file=sys.stderr)
            return 1
        problem = keys_problem(keys_by_seq, args.db)
        if problem:
            print(f"peer: --keys {args.keys} does not describe {args.db}: {problem}", file=sys.stderr)
            return 1
    try:
        return load(args, keys_by_seq)
    except (OSError, ValueError, sqlite3.Error, PersistenceError) as error:
        # A line that is not an event, or the library refusing to store (a version conflict: keys that do not fit).
        print(f"peer: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


def keys_problem(keys_by_seq: list, db: str) -> str:
    """Empty when every aggregate stored in `db` has exactly one version ("Opened") more than `keys_by_seq` gives it."""
    expected = {Subject.create_id(key).hex: count + 1 for key, count in Counter(keys_by_seq).items()}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        found = dict(connection.execute("SELECT originator_id, max(originator_version) FROM stored_events GROUP BY originator_id"))
    if len(found) != len(expected):
        return f"{len(expected)} aggregates in the keys, {len(found)} stored"
    for originator, version in expected.items():
        if found.get(originator) != version:
            return f"aggregate {originator} has version {found.get(originator)} stored, {version} by the keys"
    return ""


def load(args, keys_by_seq: list) -> int:
    # The aggregates already in the store: with --onto, keys_problem found exactly these stored.
    stored = set(keys_by_seq)
    started = time.monotonic()
    app = Peer(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": args.db})
    subjects: dict = {}
    pending: list = []
    events = 0
    with open(args.input, encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except ValueError as error:
                raise ValueError(f"line {number} of {args.input}: {error}") from None
            if not isinstance(line, dict) or not isinstance(line.get("type"), str) or not isinstance(line.get("effective"), str):
                raise ValueError(f"line {number} of {args.input}: not an event with a type and an effective date")
            key = subject_key(line, len(keys_by_seq) + 1, keys_by_seq)
            keys_by_seq.append(key)
            subject = subjects.get(key)
            if subject is None:
                subject = subjects[key] = app.repository.get(Subject.create_id(key)) if key in stored else Subject(key)
            subject.record(type=line["type"], effective=line["effective"], id=line.get("id") or "", data=line.get("data") or {})
            pending.append(subject)
            events += 1
            if len(pending) >= args.batch:
                app.save(*{id(s): s for s in pending}.values())
                pending.clear()
    if pending:
        app.save(*{id(s): s for s in pending}.values())
    app.close()
    if args.keys and not args.onto:
        with open(args.keys, "w", encoding="utf-8") as keys:
            keys.writelines(key + "\n" for key in keys_by_seq)
    print(json.dumps({"events": events, "seconds": round(time.monotonic() - started, 3), "batch": args.batch}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
