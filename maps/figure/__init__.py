"""The parts of a static figure: its size, page layout, map layers, labels and legend.

``umbrella.maps.static.render_figure`` puts them together; nothing here is needed elsewhere.
"""
