"""What every analysis worker finds in place: imported once, by the workers' fork server.

Importing this module loads the analysis stack, reads the layers an analysis reads and
indexes the place names, so that each worker forked from the fork server starts warm
(``umbrella.service.http.workers``). It has no other use.

OpenBLAS runs single-threaded here and sets up its buffers before any fork: a worker whose
memory is capped cannot allocate them, and OpenBLAS then waits for memory that never comes.
"""

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before numpy loads

import numpy as np
import numpy.ma  # numpy imports it on demand, in each analysis

import umbrella.coverage.analysis  # noqa: F401  (the stack every analysis uses)
from umbrella.coverage.places import find_place
from umbrella.layers.catalogue import DEFAULT_WORLDVIEW
from umbrella.layers.loading import layer_table

__all__: list[str] = []

np.ones((64, 64)) @ np.ones((64, 64))  # BLAS buffers now, in the template

for _name in ("countries", "regions", "borders", "cities", "energy"):
    layer_table(_name)  # as the place index asks for it
    layer_table(_name, DEFAULT_WORLDVIEW)  # as the analysis asks (another key of the cache)
find_place("Kyiv")  # builds the index of place names
