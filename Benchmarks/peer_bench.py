#!/usr/bin/env python3
"""Time the peers on one file, best of --runs: `xmllint --stream --noout` (a subprocess,
CPU time from rusage) and Python feedparser (in process). Prints one line per peer with MB/s
by wall time and by CPU time."""
import argparse
import os
import resource
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--feedparser-runs", type=int, default=1)
ap.add_argument("--skip-feedparser", action="store_true")
args = ap.parse_args()
mb = os.path.getsize(args.file) / 1e6

best_wall = best_cpu = None
for _ in range(args.runs):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(["xmllint", "--stream", "--noout", args.file], check=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    best_wall = wall if best_wall is None else min(best_wall, wall)
    best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
print(f"xmllint --stream --noout: best {best_wall:.3f} s wall, {best_cpu:.3f} s CPU: {mb/best_wall:.1f} MB/s wall, {mb/max(best_cpu,1e-3):.1f} MB/s CPU")

if not args.skip_feedparser:
    import feedparser
    data = open(args.file, "rb").read()
    best_wall = best_cpu = None
    for _ in range(args.feedparser_runs):
        c0, t0 = time.process_time(), time.perf_counter()
        d = feedparser.parse(data)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    print(f"feedparser {feedparser.__version__}: {len(d.entries)} entries, bozo={int(bool(d.bozo))}, best {best_wall:.3f} s wall, {best_cpu:.3f} s CPU: {mb/best_wall:.1f} MB/s wall, {mb/best_cpu:.1f} MB/s CPU")
