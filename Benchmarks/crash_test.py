#!/usr/bin/env python3
"""Crash test: kill `meyasu import proposals` with SIGKILL at random moments and check that
nothing is lost and nothing is half-stored.

Setup: a workspace holds yesterday's export (the first half of the rows); today's export is
cumulative (all of them). For each round, the workspace is copied, today's import is started and
killed with SIGKILL after a random delay between 0 and 1.15 times what a whole import takes. After each
kill:

  1. `PRAGMA integrity_check` says ok;
  2. the file's batch is wholly present or wholly absent: the proposals are exactly yesterday's
     or exactly today's, and the batch table agrees;
  3. re-running the same import stores exactly the missing rows (its `imported` count is today's
     total minus what the killed run left), and afterwards the database holds today's total.

The import brings the search index and the similar-proposal links up to date after the file's
transaction (the catch-up, in transactions of its own), so a kill may also land there. After each
kill, the derived data must match the watermark (`workspace_meta.derived_through`): signatures and
LSH buckets for exactly the proposals up to it, no link above it; after the re-run, the signatures,
buckets, links and the search index's terms must be exactly those of an uninterrupted import.

Then the catch-up alone: today's export imported with --defer-index, `meyasu index --chunk 500` killed
at random moments, the same checks, and a search (`meyasu proposals list --search`) must finish it.

Then the same for an answer written from the CLI (`meyasu proposals answer ID --as admin
--status 検討中 --text … --publish`, one step in one transaction): killed at a random moment,
the proposal holds either none of the step (status 受付, no answer, no event) or all of it
(status 検討中, the published answer, its events), and running the command again completes it.

Usage: crash_test.py [--rounds 50] [--index-rounds 50] [--answer-rounds 50] [--rows 20000] [--seed 1] [--meyasu PATH]
Exits 1 if any round fails; prints one line per round and a summary.
"""
import argparse
import contextlib
import csv
import json
import os
import pathlib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(meyasu, workspace, *arguments, check=True):
    result = subprocess.run([meyasu, *arguments], cwd=workspace, capture_output=True, text=True)
    if check and result.returncode not in (0, 3):
        raise SystemExit(f"meyasu {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
    return result


def counts(database):
    with contextlib.closing(sqlite3.connect(database)) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        proposals = connection.execute("SELECT count(*) FROM proposal").fetchone()[0]
        batches = connection.execute("SELECT count(*) FROM import_batch WHERE kind = 'proposals'").fetchone()[0]
    return integrity, proposals, batches


def derived(database):
    """The watermark and the derived rows, in an order that does not depend on how the work was split."""
    # Closed at once (a `with` block would leave it open until collected, and its WAL files could
    # vanish while the workspace is being copied).
    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, proposal_fts, row)")
        watermark = connection.execute(
            "SELECT CAST(value AS INTEGER) FROM workspace_meta WHERE name = 'derived_through'").fetchone()[0]
        return {
            "watermark": watermark,
            "proposals": connection.execute("SELECT count(*), coalesce(max(id), 0) FROM proposal").fetchone(),
            "signatures": [r[0] for r in connection.execute("SELECT proposal_id FROM proposal_minhash ORDER BY 1")],
            "buckets": connection.execute("SELECT count(*), count(DISTINCT proposal_id), coalesce(max(proposal_id), 0), "
                                          "total(bucket % 1000003) FROM proposal_lsh").fetchone(),
            "links": connection.execute("SELECT count(*), coalesce(max(proposal_id), 0), total(proposal_id * 7 + earlier_id), "
                                        "total(similarity) FROM proposal_similar").fetchone(),
            "terms": connection.execute("SELECT count(*), total(doc), total(length(term) * doc) FROM temp.terms").fetchone(),
        }


def derived_problems(state):
    """What is wrong with the derived data against its watermark (an empty list when nothing)."""
    problems = []
    watermark = state["watermark"]
    ids_below = list(range(1, watermark + 1))
    # The generated proposals all have a signature (their texts are long).
    if state["signatures"] != ids_below:
        problems.append(f"signatures for {len(state['signatures'])} proposals, the watermark says {watermark}")
    if state["buckets"][1] != watermark or state["buckets"][2] != watermark:
        problems.append(f"LSH buckets for {state['buckets'][1]} proposals up to {state['buckets'][2]}, watermark {watermark}")
    if state["links"][1] > watermark:
        problems.append(f"a link from proposal {state['links'][1]}, above the watermark {watermark}")
    return problems


def same_derived(state, reference):
    """The differences between two finished workspaces' derived data."""
    return [f"{key} differ" for key in ("watermark", "signatures", "buckets", "links", "terms")
            if state[key] != reference[key]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--index-rounds", type=int, default=50)
    parser.add_argument("--answer-rounds", type=int, default=50)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--meyasu", default=str(ROOT / ".build/release/meyasu"))
    args = parser.parse_args()
    meyasu = args.meyasu
    if not os.access(meyasu, os.X_OK):
        raise SystemExit(f"{meyasu} is not there; run `swift build -c release` first")
    random.seed(args.seed)
    work = pathlib.Path(tempfile.mkdtemp(prefix="meyasu-crash-"))
    try:
        today = work / "today.csv"
        yesterday = work / "yesterday.csv"
        subprocess.run([sys.executable, str(ROOT / "Benchmarks/generate_proposals.py"), "--rows", str(args.rows),
                        "--out", str(today)], check=True, capture_output=True)
        # Yesterday's export: the first half of today's records (cells may hold line breaks).
        with open(today, encoding="utf-8-sig", newline="") as handle:
            records = list(csv.reader(handle))
        with open(yesterday, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(records[: 1 + (len(records) - 1) // 2])

        # The workspace as it stood last night, and what a whole import of today's export adds.
        base = work / "base"
        base.mkdir()
        run(meyasu, base, "init")
        run(meyasu, base, "import", "proposals", str(yesterday))
        _, before, _ = counts(base / "meyasu.sqlite")
        reference = work / "reference"
        shutil.copytree(base, reference)
        started = time.monotonic()
        run(meyasu, reference, "import", "proposals", str(today))
        duration = time.monotonic() - started
        _, after, _ = counts(reference / "meyasu.sqlite")
        expected = derived(reference / "meyasu.sqlite")
        shutil.rmtree(reference)
        print(f"yesterday: {before} proposals; today: {after}; a whole import of today's export takes {duration:.2f} s "
              f"(the catch-up included); {expected['links'][0]} links, {expected['terms'][0]} search terms")

        failures = 0
        outcomes = {"absent": 0, "present": 0, "indexed": 0, "partly indexed": 0}
        for round_number in range(1, args.rounds + 1):
            workspace = work / f"round-{round_number}"
            shutil.copytree(base, workspace)
            # A little past the whole import too, so that some kills land after the commit.
            delay = random.uniform(0, 1.15 * duration)
            process = subprocess.Popen([meyasu, "import", "proposals", str(today)], cwd=workspace,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
            problems = []
            integrity, stored, batches = counts(workspace / "meyasu.sqlite")
            if integrity != [("ok",)]:
                problems.append(f"integrity_check: {integrity[:3]}")
            if stored == before and batches == 1:
                outcomes["absent"] += 1
            elif stored == after and batches == 2:
                outcomes["present"] += 1
            else:
                problems.append(f"half a batch: {stored} proposals in {batches} batches")
            killed = derived(workspace / "meyasu.sqlite")
            problems += derived_problems(killed)
            if stored == after:
                outcomes["indexed" if killed["watermark"] == after else "partly indexed"] += 1
            rerun = run(meyasu, workspace, "import", "proposals", str(today), "--format", "json")
            report = json.loads(rerun.stdout)["files"][0]["counts"]
            _, final, _ = counts(workspace / "meyasu.sqlite")
            if report["imported"] != after - stored:
                problems.append(f"the re-run imported {report['imported']}, expected {after - stored}")
            if final != after:
                problems.append(f"after the re-run {final} proposals, expected {after}")
            problems += same_derived(derived(workspace / "meyasu.sqlite"), expected)
            status = "ok" if not problems else "FAIL: " + "; ".join(problems)
            print(f"round {round_number:3d}: killed after {delay:5.2f} s, batch "
                  f"{'present' if stored == after else 'absent '}, indexed through {killed['watermark']:6d}, "
                  f"re-run imported {report['imported']:6d}: {status}")
            failures += bool(problems)
            shutil.rmtree(workspace)
        print(f"{args.rounds - failures}/{args.rounds} rounds passed "
              f"(batch absent after the kill {outcomes['absent']} times, present {outcomes['present']} times: "
              f"{outcomes['indexed']} wholly indexed, {outcomes['partly indexed']} killed during the catch-up)")
        index_failures = crash_index(meyasu, base, today, expected, args.index_rounds)
        answer_failures = crash_answers(meyasu, base, args.answer_rounds)
        sys.exit(1 if failures or index_failures or answer_failures else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def crash_index(meyasu, base, today, expected, rounds):
    """Kills `meyasu index` at random moments after a deferred import of today's export."""
    if rounds <= 0:
        return 0
    deferred = base.parent / "deferred"
    shutil.copytree(base, deferred)
    run(meyasu, deferred, "import", "proposals", "--defer-index", str(today))
    probe = base.parent / "probe"
    shutil.copytree(deferred, probe)
    started = time.monotonic()
    run(meyasu, probe, "index", "--chunk", "500")
    duration = time.monotonic() - started
    shutil.rmtree(probe)
    start = derived(deferred / "meyasu.sqlite")
    print(f"the catch-up of proposals {start['watermark'] + 1}-{start['proposals'][1]} takes {duration:.2f} s "
          f"(500 per transaction)")
    failures = 0
    partial = 0
    for round_number in range(1, rounds + 1):
        workspace = base.parent / f"index-round-{round_number}"
        shutil.copytree(deferred, workspace)
        delay = random.uniform(0, 1.15 * duration)
        process = subprocess.Popen([meyasu, "index", "--chunk", "500"], cwd=workspace,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        integrity, _, _ = counts(workspace / "meyasu.sqlite")
        problems = [] if integrity == [("ok",)] else [f"integrity_check: {integrity[:3]}"]
        killed = derived(workspace / "meyasu.sqlite")
        problems += derived_problems(killed)
        partial += start["watermark"] < killed["watermark"] < killed["proposals"][1]
        search = run(meyasu, workspace, "proposals", "list", "--search", "窓口の", "--limit", "1", "--format", "json")
        if not json.loads(search.stdout):
            problems.append("the search found nothing")
        problems += same_derived(derived(workspace / "meyasu.sqlite"), expected)
        status = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print(f"index {round_number:3d}: killed after {delay:5.2f} s, indexed through {killed['watermark']:6d}: {status}")
        failures += bool(problems)
        shutil.rmtree(workspace)
    print(f"{rounds - failures}/{rounds} catch-up rounds passed (killed part-way {partial} times)")
    return failures


def answer_state(database, proposal):
    """(status, published answer or None, events) of one proposal."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        status = connection.execute("SELECT status FROM proposal WHERE id = ?", (proposal,)).fetchone()[0]
        answer = connection.execute("SELECT published_text FROM proposal_answer WHERE proposal_id = ?",
                                    (proposal,)).fetchone()
        events = connection.execute("SELECT count(*) FROM proposal_event WHERE proposal_id = ?", (proposal,)).fetchone()[0]
    return integrity, status, answer[0] if answer else None, events


def crash_answers(meyasu, base, rounds):
    """Kills `meyasu proposals answer` at random moments, one proposal per round, in one workspace."""
    if rounds <= 0:
        return 0
    workspace = base.parent / "answers"
    shutil.copytree(base, workspace)
    database = workspace / "meyasu.sqlite"
    command = ["proposals", "answer", "--as", "admin", "--status", "検討中",
               "--text", "ご提案ありがとうございます。来年度から試行します。", "--publish"]
    # What a whole answer step takes, process start included, and what it leaves.
    started = time.monotonic()
    run(meyasu, workspace, *command[:2], str(rounds + 1), *command[2:])
    duration = time.monotonic() - started
    _, done_status, done_answer, done_events = answer_state(database, rounds + 1)
    print(f"an answer step takes {duration:.2f} s and leaves status {done_status} and {done_events} events")
    failures = 0
    present = 0
    for proposal in range(1, rounds + 1):
        delay = random.uniform(0, 1.15 * duration)
        process = subprocess.Popen([meyasu, *command[:2], str(proposal), *command[2:]], cwd=workspace,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        problems = []
        integrity, status, answer, events = answer_state(database, proposal)
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:3]}")
        whole = (status, answer, events) == (done_status, done_answer, done_events)
        none = status == "受付" and answer is None and events == 0
        if whole:
            present += 1
        elif not none:
            problems.append(f"half a step: status {status}, answer {'set' if answer else 'none'}, {events} events")
        else:
            run(meyasu, workspace, *command[:2], str(proposal), *command[2:])
            if answer_state(database, proposal)[1:] != (done_status, done_answer, done_events):
                problems.append("running the step again did not complete it")
        status_text = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print(f"answer {proposal:3d}: killed after {delay:5.2f} s, step {'present' if whole else 'absent '}: {status_text}")
        failures += bool(problems)
    print(f"{rounds - failures}/{rounds} answer rounds passed (step present after the kill {present} times, "
          f"absent {rounds - present} times)")
    return failures


if __name__ == "__main__":
    main()
