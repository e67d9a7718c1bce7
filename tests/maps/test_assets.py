"""Browser assets: the files the service serves, inlined or linked markup."""

from __future__ import annotations

import re

from umbrella.maps import ASSET_FILES
from umbrella.maps.assets import JS_ASSETS, STYLESHEETS, asset_tags


def test_asset_files_exist_and_cover_the_contract() -> None:
    for sub_path in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "jquery/jquery.min.js",
        "markercluster/leaflet.markercluster.js",
        "markercluster/MarkerCluster.css",
        "umbrella/map.js",
        "umbrella/map.css",
    ):
        assert sub_path in ASSET_FILES
    for path in ASSET_FILES.values():
        assert path.is_file() and path.stat().st_size > 0


def test_every_image_of_leaflets_stylesheet_is_served() -> None:
    css = ASSET_FILES["leaflet/leaflet.css"].read_text()
    images = set(re.findall(r"url\((images/[\w.-]+)\)", css))
    assert images
    assert {f"leaflet/{image}" for image in images} <= set(ASSET_FILES)


def test_inlined_tags_load_nothing() -> None:
    tags = asset_tags(None)
    assert re.search(r"<(script|link|img)\b[^>]*\b(src|href)=", tags) is None
    assert "url(images/" not in tags
    assert "url(data:image/png;base64," in tags
    assert tags.count("</script>") == len(JS_ASSETS)  # any "</script" inside is escaped
    assert tags.startswith("<style>") and tags.count("</style>") == len(STYLESHEETS)
    assert "sourceMappingURL" not in tags


def test_linked_tags_point_under_the_base() -> None:
    tags = asset_tags("https://example.test/assets/")
    assert '<script src="https://example.test/assets/leaflet/leaflet.js"></script>' in tags
    assert '<script src="https://example.test/assets/jquery/jquery.min.js"></script>' in tags
    assert 'href="https://example.test/assets/leaflet/leaflet.css"' in tags
    assert tags.index("jquery.min.js") < tags.index("leaflet/leaflet.js")
    assert tags.index("leaflet/leaflet.js") < tags.index("leaflet.markercluster.js")
    assert tags.index("leaflet.markercluster.js") < tags.index("umbrella/map.js")
