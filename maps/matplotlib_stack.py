"""matplotlib as umbrella's figures load it: without the docstrings of its artists' ``set``.

As matplotlib defines each of its hundred or so artist classes, it writes the docstring of the
class's ``set`` method from every property setter it inspects (``matplotlib.artist.kwdoc``):
a fifth of its import, 0.1 to 0.2 s, for help text that drawing a figure never shows. While
matplotlib's figure stack loads here, ``kwdoc`` gives an empty text; everything else (the
``set`` signatures included) is as matplotlib makes it, and ``kwdoc`` is put back. A process
that has loaded that stack already keeps it as it is. ``umbrella.maps.static`` imports this
module before anything else.
"""

import sys


def _load_without_set_docstrings() -> None:
    if "matplotlib.figure" in sys.modules:
        return
    import matplotlib.artist

    write_docstring = matplotlib.artist.kwdoc
    matplotlib.artist.kwdoc = lambda artist: ""
    try:
        import matplotlib.backends.backend_agg
        import matplotlib.figure
    finally:
        matplotlib.artist.kwdoc = write_docstring


_load_without_set_docstrings()
