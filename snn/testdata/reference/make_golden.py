#!/usr/bin/python3
"""Regenerates gosnn's golden files (snn/testdata/golden) from the NumPy reference.

Usage: /usr/bin/python3 snn/testdata/reference/make_golden.py   (from any directory)

Needs NumPy (Debian: python3-numpy). Writes:
  golden/manifest.json        every network case: parameters, spike count,
                              SHA-256 of the spikes CSV text (np.savetxt's
                              bytes), optionally SHA-256 of all neurons' v, u, I
                              traces (little-endian float64, time-major (T, N))
                              and the names of the full files below
  golden/spikes/NAME.csv.gz   full spike lists (np.savetxt's CSV, gzipped)
  golden/traces/NAME.csv.gz   full traces of some neurons (tutorial.py's CSV)
  golden/npy/NAME_*.npy       np.save's bytes of firings and traces, small cases
  golden/numpy_values.json    first values of rand/randn (numpy_values.py)
Files are written to a temporary name and renamed, so an interrupted run
leaves the previous files intact.
"""
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(os.path.dirname(HERE), "golden")
sys.path.insert(0, HERE)
import tutorial  # noqa: E402

SCENARIOS = {"default": (0.5, 1.0), "S1": (0.6, 1.6), "S2": (0.6, 0.6), "S3": (0.3, 0.1),
             "S4": (0.1, 0.1), "S5": (0.3, 0.2)}


def case(name, seed=0, T=1000, ne=800, ni=200, exc="RS", inh="LTS", scenario=None, we=None, wi=None,
         full=False, trace_hash=False, trace_neurons=None, npy=False):
    if scenario is not None:
        we, wi = SCENARIOS[scenario]
    if we is None:
        we, wi = SCENARIOS["default"]
    return dict(name=name, seed=seed, T=T, ne=ne, ni=ni, exc=exc, inh=inh, we=we, wi=wi,
                scenario=scenario or "", full=full, trace_hash=trace_hash,
                trace_neurons=trace_neurons or [], npy=npy)


CASES = [
    # The tutorial itself, and other seeds (2**32 - 1 is NumPy's largest).
    case("tutorial-seed0", full=True, trace_hash=True),
    case("tutorial-seed0-T200-traces", T=200, trace_neurons=[0, 1, 799, 800, 999]),
    case("tutorial-seed1", seed=1),
    case("tutorial-seed42", seed=42),
    case("tutorial-seed12345", seed=12345),
    case("tutorial-seed4294967295", seed=2**32 - 1, full=True),
    # Weight scenarios, two seeds each (S2 saturates: up to all neurons in one step).
    *[case("%s-seed%d" % (s, seed), seed=seed, scenario=s, trace_hash=(s == "S2" and seed == 0))
      for s in ["S1", "S2", "S3", "S4", "S5"] for seed in [0, 42]],
    # The tutorial's preset pairs, with default weights and with a scenario;
    # RZ+RS and IB+IB run away (hundreds of neurons fire in one step).
    case("RS+CH", exc="RS", inh="CH", seed=5),
    case("RS+CH-S5", exc="RS", inh="CH", scenario="S5"),
    case("RS+TC", exc="RS", inh="TC", seed=6),
    case("RS+TC-S3", exc="RS", inh="TC", scenario="S3"),
    case("RZ+RS", exc="RZ", inh="RS", seed=7),
    case("RZ+RS-S4", exc="RZ", inh="RS", scenario="S4"),
    case("IB+IB", exc="IB", inh="IB", seed=8, trace_hash=True),
    case("IB+IB-S5", exc="IB", inh="IB", scenario="S5"),
    case("IB+IB-T30-full", exc="IB", inh="IB", T=30, full=True),
    case("RZ+RS-T50-full", exc="RZ", inh="RS", seed=1, T=50, full=True),
    # Every preset in both roles, small networks.
    *[case("%s+%s-small" % (p, p), exc=p, inh=p, seed=10 + k, T=500, ne=100, ni=25)
      for k, p in enumerate(["RS", "IB", "CH", "FS", "TC", "LTS", "RZ"])],
    case("RS+FS", exc="RS", inh="FS", seed=3, T=500),
    # Odd sizes and lengths; a population of size 0 draws nothing in NumPy.
    case("size-1+1", seed=0, T=500, ne=1, ni=1, full=True, trace_neurons=[0, 1]),
    case("size-37+11", seed=42, ne=37, ni=11, full=True, trace_hash=True),
    case("CH+FS-10+3-npy", seed=7, T=100, ne=10, ni=3, exc="CH", inh="FS", full=True, npy=True),
    case("size-3+2-T7", seed=12345, T=7, ne=3, ni=2, full=True, trace_neurons=[0, 1, 2, 3, 4]),
    case("size-5+0", seed=1, T=500, ne=5, ni=0, full=True, trace_hash=True),
    case("size-0+7", seed=2, T=500, ne=0, ni=7, full=True, trace_hash=True),
    case("size-1000+1", seed=4, T=500, ne=1000, ni=1),
    case("size-1+200", seed=5, T=500, ne=1, ni=200, full=True),
    case("size-101+33-S1", seed=6, T=1000, ne=101, ni=33, scenario="S1", full=True),
    case("size-1600+400", seed=9, T=300, ne=1600, ni=400),
    case("T1", T=1, full=True, trace_hash=True),
    case("T2", T=2, seed=3, full=True, trace_hash=True),
    case("T3000-200+50", seed=3, T=3000, ne=200, ni=50),
    # Other weight scales.
    case("noise-only", seed=11, T=500, ne=100, ni=25, we=0.0, wi=0.0, full=True),
    case("no-inhibition", seed=12, T=300, ne=200, ni=50, we=0.5, wi=0.0),
    case("strong", seed=13, T=500, ne=200, ni=50, we=1.3, wi=2.7),
]


def random_cases(n):
    """Cases with parameters drawn at random (fixed seed): sizes, presets,
    weights, seeds and lengths that no one chose."""
    rng = np.random.RandomState(20241128)
    names = sorted(tutorial.PRESETS)
    out = []
    for k in range(n):
        ne, ni = int(rng.randint(0, 301)), int(rng.randint(0, 101))
        if ne + ni == 0:
            ne = 1
        out.append(case("random-%d" % k, seed=int(rng.randint(0, 2**32, dtype=np.uint64)),
                        T=int(rng.randint(1, 801)), ne=ne, ni=ni,
                        exc=names[rng.randint(len(names))], inh=names[rng.randint(len(names))],
                        we=round(float(rng.uniform(0, 1)), 3), wi=round(float(rng.uniform(0, 2)), 3),
                        full="small"))
    return out


CASES += random_cases(8)


def sha(b):
    return hashlib.sha256(b).hexdigest()


def write_atomic(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def run_case(c):
    record = c["trace_hash"] or bool(c["trace_neurons"]) or c["npy"]
    firings, vs, us, Is = tutorial.simulate(c["seed"], c["T"], c["ne"], c["ni"], c["exc"], c["inh"],
                                            c["we"], c["wi"], record=record)
    buf = io.BytesIO()
    tutorial.write_spikes(buf, firings)
    csv = buf.getvalue()
    out = {k: c[k] for k in ["name", "seed", "T", "ne", "ni", "exc", "inh", "we", "wi", "scenario"]}
    out["spikes"] = len(firings)
    out["spikes_sha256"] = sha(csv)
    out["max_per_step"] = int(np.bincount(firings[:, 0]).max()) if len(firings) else 0
    if c["full"] is True or (c["full"] == "small" and len(firings) <= 5000):
        out["spikes_file"] = "spikes/%s.csv.gz" % c["name"]
        write_atomic(os.path.join(GOLDEN, out["spikes_file"]), gz(csv))
    if c["trace_hash"]:
        out["traces_sha256"] = {k: sha(np.ascontiguousarray(x, dtype="<f8").tobytes())
                                for k, x in [("v", vs), ("u", us), ("I", Is)]}
    if c["trace_neurons"]:
        tb = io.StringIO()
        tutorial.write_traces(tb, c["trace_neurons"], vs, us, Is)
        out["traces_file"] = "traces/%s.csv.gz" % c["name"]
        out["traces_neurons"] = c["trace_neurons"]
        write_atomic(os.path.join(GOLDEN, out["traces_file"]), gz(tb.getvalue().encode()))
    if c["npy"]:
        files = {}
        for k, x in [("spikes", firings), ("v", vs), ("u", us), ("I", Is)]:
            b = io.BytesIO()
            np.save(b, np.ascontiguousarray(x))
            files[k] = "npy/%s_%s.npy" % (c["name"], k)
            write_atomic(os.path.join(GOLDEN, files[k]), b.getvalue())
        out["npy_files"] = files
    return out


def main():
    manifest = {
        "numpy_version": np.__version__,
        "generated_by": "snn/testdata/reference/make_golden.py",
        "cases": [],
    }
    for c in CASES:
        r = run_case(c)
        print("%-28s %7d spikes, up to %4d in one step" % (r["name"], r["spikes"], r["max_per_step"]),
              file=sys.stderr)
        manifest["cases"].append(r)
    write_atomic(os.path.join(GOLDEN, "manifest.json"), (json.dumps(manifest, indent=1) + "\n").encode())
    values = subprocess.run([sys.executable, os.path.join(HERE, "numpy_values.py")],
                            check=True, stdout=subprocess.PIPE).stdout
    write_atomic(os.path.join(GOLDEN, "numpy_values.json"), values)


if __name__ == "__main__":
    main()
