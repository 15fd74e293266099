"""The trend's fingerprints the plain way, day by day over every tie and 1:1: the reference the
fast version in ``mapper.network.trend`` must agree with exactly."""
from __future__ import annotations

import datetime as dt

import numpy as np

from mapper.network.projection import Projection, months_before
from mapper.network.trend import NEVER, _day, _hash64


def fingerprints_day_by_day(projection: Projection, days: list[dt.date], live_months: int) -> list[str]:
    """One fingerprint per day in ``days``, each computed from scratch."""
    ids = list(projection.nodes)
    index = {node: i for i, node in enumerate(ids)}
    n = len(ids)
    node_hash = np.array([_hash64(f"{node}|{projection.nodes[node]['kind']}") for node in ids], dtype=np.uint64)
    person = np.array([projection.nodes[node]["kind"] == "person" for node in ids], dtype=bool)
    ties = [(index[s], index[t], _day(since)) for s, t, _typ, since in projection.ties if s in index and t in index]
    ta = np.array([t[0] for t in ties], dtype=np.int64)
    tb = np.array([t[1] for t in ties], dtype=np.int64)
    tsince = np.array([t[2] for t in ties], dtype=np.int64)
    meetings = [(index[s], index[t], dates) for s, t, dates in projection.meetings if dates and s in index and t in index]
    ma = np.array([m[0] for m in meetings], dtype=np.int64)
    mb = np.array([m[1] for m in meetings], dtype=np.int64)
    mfirst = np.array([m[2][0].toordinal() for m in meetings], dtype=np.int64)
    md = np.array([d.toordinal() for m in meetings for d in m[2]], dtype=np.int64)
    mpair = np.repeat(np.arange(len(meetings)), [len(m[2]) for m in meetings]).astype(np.int64)
    dated = np.zeros(n, dtype=bool)
    dated[np.concatenate([ta, tb, ma, mb])] = True
    mix = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        tie_hash = (node_hash[ta] ^ node_hash[tb]) * mix if len(ta) else np.zeros(0, dtype=np.uint64)
        pair_hash = (node_hash[ma] ^ node_hash[mb]) * mix + np.uint64(1) if len(ma) else np.zeros(0, dtype=np.uint64)
    out = []
    for day in days:
        d = day.toordinal()
        start = months_before(day, live_months).toordinal() if live_months > 0 else NEVER
        tie_live = tsince <= d
        latest = np.full(len(meetings), NEVER, dtype=np.int64)
        upto = md <= d
        np.maximum.at(latest, mpair[upto], md[upto])
        met = mfirst <= d
        pair_live = met & (latest >= start)
        seen = np.zeros(n, dtype=bool)
        seen[ta[tie_live]] = seen[tb[tie_live]] = True
        seen[ma[met]] = seen[mb[met]] = True
        present = ~person | ~dated | seen
        with np.errstate(over="ignore"):
            total = (tie_hash[tie_live].sum(dtype=np.uint64) + pair_hash[pair_live].sum(dtype=np.uint64)
                     + node_hash[present].sum(dtype=np.uint64))
        out.append(f"{int(total):016x}:{int(tie_live.sum())}:{int(pair_live.sum())}:{int(present.sum())}")
    return out
