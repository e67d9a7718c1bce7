"""Clients of the OGC ecosystem, unmodified, against a live server: GDAL and OWSLib.

GDAL's OAPIF driver pages at the ``limit`` maximum the OpenAPI document declares, so it copies
the energy layer in a few requests (the server counts them). OWSLib finds the OpenAPI 3.0
``service-desc`` and reads collections, items and queryables.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
from live_server import LiveServer
from owslib.ogcapi.features import Features

from umbrella.layers import LAYERS, load_layer

MAX_GDAL_REQUESTS = 20

_GDAL_COPY = """
import json, sys
import pyogrio
frame = pyogrio.read_dataframe("OAPIF:" + sys.argv[1], layer="energy")
print(json.dumps({"ids": frame["id"].tolist(), "mw": frame["capacity_mw"].tolist()}))
"""


def test_gdal_copies_the_energy_layer_in_few_requests(live_server: LiveServer) -> None:
    live_server.requests.clear()
    # GDAL holds the GIL while it waits for HTTP: it runs in its own process, not the server's.
    done = subprocess.run(
        [sys.executable, "-c", _GDAL_COPY, live_server.url],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    read = json.loads(done.stdout)
    energy = load_layer("energy")
    copied = pd.Series(read["mw"], index=read["ids"], dtype=float).sort_index()
    expected = energy.set_index("id")["capacity_mw"].astype(float).sort_index()
    assert list(copied.index) == list(expected.index)
    np.testing.assert_array_equal(copied.to_numpy(), expected.to_numpy())  # NaN where NaN
    assert 0 < len(live_server.requests) <= MAX_GDAL_REQUESTS, live_server.requests
    assert any(request.startswith("/openapi") for request in live_server.requests)


def test_owslib_reads_the_api_collections_items_and_queryables(live_server: LiveServer) -> None:
    service = Features(live_server.url)
    api = service.api()
    assert api["openapi"].startswith("3.0")
    assert "/collections/{collection_id}/queryables" in api["paths"]
    assert [c["id"] for c in service.collections()["collections"]] == list(LAYERS)
    energy = load_layer("energy")
    ukraine = energy[energy["country_iso3"] == "UKR"]
    page = service.collection_items("energy", limit=7, country_iso3="UKR")
    assert page["numberMatched"] == len(ukraine)
    assert [f["id"] for f in page["features"]] == list(ukraine["id"].iloc[:7])
    queryables = service.collection_queryables("energy")
    columns = [c for c in energy.columns if c != energy.geometry.name]
    assert list(queryables["properties"]) == [*columns, "geometry"]
    first = page["features"][0]["id"]
    assert service.collection_item("energy", first)["properties"]["name"] == ukraine.iloc[0]["name"]
