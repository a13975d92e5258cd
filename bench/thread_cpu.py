#!/usr/bin/env python3
"""Run a command and print the CPU seconds each of its threads used (user + system, sampled from
/proc every 20 ms until it exits), busiest first, for bench/run.sh's `batch --threads 2` row.

On a shared machine the wall-time ratio of `--threads 1` and `--threads 2` measures the other jobs
as much as ours; how evenly the work split over the threads does not: CPU(one thread) / CPU(busiest
of two) is the speed-up two free cores would give. Linux only; standard library only.

    thread_cpu.py oncoprofile batch FILES... --threads 2 --outdir out
"""

import os
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: thread_cpu.py COMMAND [ARGS...]")
    tick = os.sysconf("SC_CLK_TCK")
    proc = subprocess.Popen(sys.argv[1:])
    seen = {}
    while proc.poll() is None:
        try:
            tids = os.listdir(f"/proc/{proc.pid}/task")
        except OSError:
            tids = []
        for tid in tids:
            try:
                with open(f"/proc/{proc.pid}/task/{tid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # utime and stime are fields 14 and 15 of stat(5): 12 and 13 after the ')'.
            seen[tid] = (int(fields[11]) + int(fields[12])) / tick
        time.sleep(0.02)
    busy = sorted((c for c in seen.values() if c > 0), reverse=True)
    print("thread_cpu:", " ".join(f"{c:.2f}" for c in busy), f"total {sum(busy):.2f}")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
