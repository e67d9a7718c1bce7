"""The script a GIS analyst would write by hand with geopandas: the baseline of bench_cli.py.

For every asset, a disc (an annulus with a minimum range, a wedge with a sector) is buffered
in the asset's own azimuthal-equidistant projection at 64 segments per quarter circle and
projected back to lon/lat; for every phase day, the footprints of the assets standing are
unioned per tier, targets are joined to the unions with ``sjoin`` (``intersects``), and a
target's depth is its number of distinct tiers. Drawn circles and the join decide "covered",
so targets near range edges may be misjudged; bench_cli.py counts them against umbrella.

    python benchmarks/handwritten.py ASSETS.csv TARGETS.geojson DAYS OUT.csv

ASSETS.csv has columns id, tier, lon, lat, range_km, min_range_km, azimuth_deg, width_deg
(empty without a sector), from_day and until_day (empty: to the end); DAYS is a comma-separated
list of phase days. OUT.csv gets one row per target and day: id, day, depth.
"""

import sys

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS, Transformer
from shapely.geometry import Point, Polygon
from shapely.ops import transform

QUAD_SEGS = 64


def footprint(asset):
    """The asset's coverage as a lon/lat polygon, drawn in its local AEQD projection."""
    local = CRS.from_proj4(
        f"+proj=aeqd +lat_0={asset.lat} +lon_0={asset.lon} +datum=WGS84 +units=m +no_defs"
    )
    to_lonlat = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    shape = Point(0, 0).buffer(asset.range_km * 1000, quad_segs=QUAD_SEGS)
    if asset.min_range_km > 0:
        shape = shape.difference(Point(0, 0).buffer(asset.min_range_km * 1000, quad_segs=QUAD_SEGS))
    if not np.isnan(asset.width_deg) and asset.width_deg < 360:
        start = np.radians(asset.azimuth_deg - asset.width_deg / 2)
        angles = start + np.linspace(0, np.radians(asset.width_deg), QUAD_SEGS * 4)
        reach = asset.range_km * 2000
        wedge = Polygon([(0, 0), *zip(reach * np.sin(angles), reach * np.cos(angles), strict=True)])
        shape = shape.intersection(wedge)
    return transform(to_lonlat.transform, shape)


def main(assets_csv, targets_file, days, out_csv):
    assets = pd.read_csv(assets_csv)
    assets = gpd.GeoDataFrame(
        assets, geometry=[footprint(a) for a in assets.itertuples()], crs="EPSG:4326"
    )
    targets = gpd.read_file(targets_file)[["id", "geometry"]]
    rows = []
    for day in days:
        gone = assets["until_day"].fillna(float("inf"))
        standing = assets[(assets["from_day"] <= day) & (day < gone)]
        tiers = standing.dissolve(by="tier").reset_index()[["tier", "geometry"]]
        joined = gpd.sjoin(targets, tiers, how="left", predicate="intersects")
        depth = joined.groupby(level=0)["tier"].nunique()
        rows.append(pd.DataFrame({"id": targets["id"], "day": day, "depth": depth}))
    pd.concat(rows).to_csv(out_csv, index=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [int(d) for d in sys.argv[3].split(",")], sys.argv[4])
