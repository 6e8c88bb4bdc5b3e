#!/usr/bin/env python3
"""Time Python feedparser on one file (best of --runs) and print MB/s."""
import sys
import time
import feedparser

path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
data = open(path, "rb").read()
best = None
for _ in range(runs):
    t = time.perf_counter()
    d = feedparser.parse(data)
    dt = time.perf_counter() - t
    best = dt if best is None else min(best, dt)
print(f"feedparser {feedparser.__version__}: {len(data)/1e6:.1f} MB, {len(d.entries)} entries, bozo={int(bool(d.bozo))}, best {best:.3f} s: {len(data)/1e6/best:.1f} MB/s")
