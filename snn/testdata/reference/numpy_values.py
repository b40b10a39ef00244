#!/usr/bin/python3
"""First values of NumPy's legacy generator, for gosnn's generator tests.

For each seed, runs np.random.seed(seed) and then a fixed sequence of calls
(rand and randn with odd and even counts, interleaved, so that randn's cached
second value is carried across calls and across rand calls), and records
every value as float.hex() (exact), the raw 32-bit outputs of a fresh
generator, and the generator's state after the sequence. For long calls only
the SHA-256 of the values' little-endian float64 bytes is kept.

Usage: python3 numpy_values.py > numpy_values.json
"""
import hashlib
import json
import sys

import numpy as np

SEEDS = [0, 1, 42, 12345, 2**32 - 1]

# (function, count); counts above 64 are recorded as a hash.
CALLS = [
    ("rand", 5),
    ("randn", 3),   # leaves a cached value
    ("randn", 0),   # draws nothing and keeps the cached value
    ("randn", 1),   # returns the cached value, draws nothing
    ("randn", 1),   # draws a pair, caches one
    ("rand", 2),    # rand does not touch the cache
    ("randn", 4),   # first value from the cache
    ("randn", 7),
    ("randn", 0),
    ("rand", 0),
    ("randn", 2),
    ("randn", 1001),
    ("rand", 3),
    ("randn", 10000),
    ("rand", 1000),
    ("randn", 5),
]


def sha(x):
    return hashlib.sha256(np.ascontiguousarray(x, dtype="<f8").tobytes()).hexdigest()


def record(seed):
    np.random.seed(seed)
    raw = np.random.randint(0, 2**32, size=8, dtype=np.uint64)  # raw MT19937 outputs
    np.random.seed(seed)
    calls = []
    for fn, n in CALLS:
        x = getattr(np.random, fn)(n)
        c = {"fn": fn, "n": n}
        if n <= 64:
            c["values"] = [float(v).hex() for v in x]
        else:
            c["sha256"] = sha(x)
            c["first"] = float(x[0]).hex()
            c["last"] = float(x[-1]).hex()
        calls.append(c)
    name, key, pos, has_gauss, cached = np.random.get_state()
    return {
        "seed": seed,
        "uint32": [int(v) for v in raw],
        "calls": calls,
        "state": {
            "key_sha256": hashlib.sha256(np.asarray(key, dtype="<u4").tobytes()).hexdigest(),
            "pos": int(pos),
            "has_gauss": bool(has_gauss),
            "gauss": float(cached).hex(),
        },
    }


def main():
    out = {"numpy_version": np.__version__, "seeds": [record(s) for s in SEEDS]}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
