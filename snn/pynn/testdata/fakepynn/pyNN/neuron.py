"""A stand-in for pyNN.neuron that records every call run.py makes and
writes the record as JSON to $FAKE_PYNN_LOG at sim.end(). Spikes are made
up: neuron i of a population (its index inside the population) fires at
(i % 7) + 0.25 ms and, if i is even, again at 20.5 ms."""
import json
import os

import numpy as np

_log = {"setup": None, "populations": [], "projections": [], "noise": [], "steps": [], "run": None}
_pops = []
_last_seed = [None]
_seed = np.random.seed


def _recording_seed(seed):
    _last_seed[0] = [int(x) for x in np.atleast_1d(seed)]
    _seed(seed)


np.random.seed = _recording_seed


def _list(x):
    return np.asarray(x, dtype=float).tolist()


def setup(timestep, min_delay, max_delay):
    _log["setup"] = {"timestep": timestep, "min_delay": min_delay, "max_delay": max_delay}


def rank():
    return 0


def num_processes():
    return 1


class Izhikevich:
    def __init__(self, **p):
        self.p = p


class Population:
    def __init__(self, size, celltype, initial_values=None, label=None):
        self.size = size
        self.first_id = sum(p.size for p in _pops)
        self.local_cells = np.arange(self.first_id, self.first_id + size)
        self.recorded = None
        _pops.append(self)
        rec = {"label": label, "size": size}
        for k in ("a", "b", "c", "d", "i_offset"):
            rec[k] = _list(np.broadcast_to(celltype.p[k], (size,)))
        for k, v in (initial_values or {}).items():
            rec["init_" + k] = _list(v)
        self.rec = rec
        _log["populations"].append(rec)

    def record(self, what):
        self.rec["record"] = what

    def id_to_index(self, ids):
        return np.asarray(ids) - self.first_id

    def get_data(self, what, gather=True):
        assert what == "spikes" and gather
        trains = []
        for i in range(self.size):
            t = [(i % 7) + 0.25] + ([20.5] if i % 2 == 0 else [])
            trains.append(_Train(np.array(t), i))
        return _Block(trains)


class _Train:
    def __init__(self, t, i):
        self.magnitude = t
        self.annotations = {"source_index": i}


class _Block:
    def __init__(self, trains):
        self.segments = [type("Segment", (), {"spiketrains": trains})()]


class ArrayConnector:
    def __init__(self, array):
        self.kind, self.data = "array", np.asarray(array)


class FromListConnector:
    def __init__(self, conn_list, column_names):
        self.kind, self.data, self.columns = "list", np.asarray(conn_list), column_names


class StaticSynapse:
    def __init__(self, weight=None, delay=None):
        self.weight, self.delay = weight, delay


class Projection:
    def __init__(self, pre, post, connector, synapse, receptor_type):
        rec = {"pre": pre.rec["label"], "post": post.rec["label"], "connector": connector.kind,
               "receptor": receptor_type}
        if connector.kind == "array":
            rec["mask"] = connector.data.astype(int).tolist()
            rec["weight"] = _list(synapse.weight)
            rec["delay"] = synapse.delay
        else:
            rec["rows"] = _list(connector.data)
            rec["columns"] = connector.columns
        _log["projections"].append(rec)


class NoisyCurrentSource:
    def __init__(self, mean, stdev, dt, start, stop):
        self.rec = {"mean": mean, "stdev": stdev, "dt": dt, "start": start, "stop": stop,
                    "seed": _last_seed[0]}
        _log["noise"].append(self.rec)

    def inject_into(self, cells):
        self.rec["cells"] = [int(c) for c in cells]


class StepCurrentSource:
    def __init__(self, times, amplitudes):
        self.rec = {"times": _list(times), "amplitudes": _list(amplitudes)}
        _log["steps"].append(self.rec)

    def inject_into(self, pop):
        self.rec["population"] = pop.rec["label"]


def run(t):
    _log["run"] = t


def end():
    with open(os.environ["FAKE_PYNN_LOG"], "w") as f:
        json.dump(_log, f)
