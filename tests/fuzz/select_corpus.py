#!/usr/bin/python3
"""Chooses the fuzz-found inputs kept in tests/fuzz/corpus/<target>/ (scripts/fuzz.sh --merge).

    select_corpus.py CONTROL_FILE CORPUS_DIR [--max-files N] [--max-bytes B]

CONTROL_FILE is what `fuzz_<target> -merge=1 -use_counters=0 -merge_control_file=FILE FIRST DIR...`
wrote, with FIRST holding the seeds (seed-*): libFuzzer ran every input, seeds first, then the
others smallest first, and recorded for each the coverage edges ("COV i ...") no earlier input
had reached. The seeds always stay; of the others, those that reached the most new edges are
kept, as many as the budget allows (default: 199 files and 1,000,000 bytes per target, seeds
included), under their SHA-1 names like libFuzzer's. Other 40-hex-digit files in CORPUS_DIR
(earlier picks) are replaced; seed-* files are never touched.
"""
import argparse
import hashlib
import os
import re
import shutil
import sys

HASH_NAME = re.compile(r"^[0-9a-f]{40}$")


def parse_control(path):
    with open(path) as f:
        lines = f.read().splitlines()
    count = int(lines[0])
    first = int(lines[1])
    files = lines[2:2 + count]
    new_edges = {}
    for line in lines[2 + count:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "COV":
            new_edges[int(parts[1])] = len(parts) - 2
    return files, first, new_edges


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("control")
    ap.add_argument("corpus")
    ap.add_argument("--max-files", type=int, default=199)
    ap.add_argument("--max-bytes", type=int, default=1_000_000)
    args = ap.parse_args()

    files, first, new_edges = parse_control(args.control)
    seeds = [n for n in os.listdir(args.corpus) if n.startswith("seed-")]
    seed_bytes = sum(os.path.getsize(os.path.join(args.corpus, n)) for n in seeds)

    candidates = []  # (new edges, size, path)
    for i in range(first, len(files)):
        edges = new_edges.get(i, 0)
        if edges > 0 and not os.path.basename(files[i]).startswith("seed-"):
            candidates.append((edges, os.path.getsize(files[i]), files[i]))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))

    chosen, seen, total_bytes, edges_kept = {}, set(), seed_bytes, 0
    for edges, size, path in candidates:
        if len(seeds) + len(chosen) >= args.max_files:
            break
        if total_bytes + size > args.max_bytes:
            continue
        with open(path, "rb") as f:
            data = f.read()
        name = hashlib.sha1(data).hexdigest()
        if name in seen:
            continue
        seen.add(name)
        chosen[name] = data
        total_bytes += size
        edges_kept += edges

    for name in os.listdir(args.corpus):
        if HASH_NAME.match(name) and name not in chosen:
            os.remove(os.path.join(args.corpus, name))
    for name, data in chosen.items():
        with open(os.path.join(args.corpus, name), "wb") as f:
            f.write(data)

    all_new = sum(c[0] for c in candidates)
    print(f"{len(seeds)} seeds + {len(chosen)} found inputs (of {len(candidates)} that add coverage; "
          f"{edges_kept} of their {all_new} new edges) = {len(seeds) + len(chosen)} files, {total_bytes} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
