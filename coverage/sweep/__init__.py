"""Assumption sweeps: draw a scenario's uncertain ranges and availability many times on a
``dask.distributed`` cluster and say which targets are robust, contested or exposed.

``run.sweep`` is the door (``run.check_request`` checks a request before any work);
``writers.write_sweep`` writes the result. The workers unpickle only ``plan``, ``pairs``,
``draws`` and ``chunk``, which need nothing but numpy: this face imports nothing, so that a
worker does not load the analysis stack.
"""

__all__: list[str] = []
