// The layer pages' map and pager: the offline basemap (land, borders, country and sea names)
// beneath the features of the page, fetched as GeoJSON from this service; and the "go to page"
// form, which turns a page number into an offset. Nothing is loaded from anywhere else.
(function () {
  "use strict";

  function labelsByZoom(map, features) {
    var labels = features.map(function (feature) {
      var text = document.createElement("span");
      text.textContent = feature.properties.name;
      var coordinates = feature.geometry.coordinates;
      return {
        minzoom: feature.properties.minzoom,
        marker: L.marker([coordinates[1], coordinates[0]], {
          pane: "basemap-labels",
          interactive: false,
          keyboard: false,
          icon: L.divIcon({
            className: "basemap-label basemap-" + feature.properties.kind,
            html: text,
            iconSize: null
          })
        })
      };
    });
    function update() {
      var zoom = map.getZoom();
      labels.forEach(function (label) {
        var shown = map.hasLayer(label.marker);
        if (zoom >= label.minzoom && !shown) { label.marker.addTo(map); }
        if (zoom < label.minzoom && shown) { map.removeLayer(label.marker); }
      });
    }
    map.on("zoomend", update);
    update();
  }

  function drawBasemap(map, element, data) {
    var style = getComputedStyle(element);
    var land = data.features.filter(function (f) { return f.properties.kind === "land"; });
    L.geoJSON(land, {
      pane: "basemap",
      interactive: false,
      style: {
        color: style.getPropertyValue("--border").trim(),
        weight: 0.8,
        fillColor: style.getPropertyValue("--land").trim(),
        fillOpacity: 1
      }
    }).addTo(map);
    labelsByZoom(map, data.features.filter(function (f) { return f.properties.kind !== "land"; }));
  }

  function popup(feature, featureBase, query) {
    var box = document.createElement("div");
    var title = document.createElement("a");
    title.href = featureBase + encodeURIComponent(feature.id) + query;
    title.textContent = (feature.properties && feature.properties.name) || ("feature " + feature.id);
    box.appendChild(title);
    var table = document.createElement("table");
    table.className = "popup-table";
    Object.entries(feature.properties || {}).slice(0, 8).forEach(function (entry) {
      var row = table.insertRow();
      var name = document.createElement("th");
      name.textContent = entry[0];
      row.appendChild(name);
      row.insertCell().textContent = entry[1] === null ? "" : String(entry[1]);
    });
    box.appendChild(table);
    return box;
  }

  function drawFeatures(map, element, data) {
    var style = getComputedStyle(element);
    var colour = style.getPropertyValue("--feature").trim();
    var single = data.type === "Feature";
    var layer = L.geoJSON(data, {
      style: { color: colour, weight: single ? 3 : 1.5, fillColor: colour, fillOpacity: 0.25 },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: single ? 8 : 5, color: "#ffffff", weight: 1, fillColor: colour, fillOpacity: 0.9
        });
      },
      onEachFeature: function (feature, drawn) {
        if (element.dataset.featureBase) {
          drawn.bindPopup(function () {
            return popup(feature, element.dataset.featureBase, element.dataset.featureQuery || "");
          });
        }
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { maxZoom: single ? 6 : 9, padding: [20, 20] });
    }
    var shown = single ? 1 : data.features.length;
    document.getElementById("map-status").textContent =
      shown + (shown === 1 ? " feature" : " features") + " on the map";
  }

  function json(url, accept) {
    return fetch(url, { headers: { Accept: accept } }).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
      return response.json();
    });
  }

  var element = document.getElementById("layer-map");
  if (element) {
    var map = L.map(element, { worldCopyJump: true }).setView([30, 10], 2);
    map.createPane("basemap").style.zIndex = 250;
    var labels = map.createPane("basemap-labels");
    labels.style.zIndex = 450;
    labels.style.pointerEvents = "none";
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(element.dataset.attribution || "");
    var status = document.getElementById("map-status");
    json(element.dataset.basemap, "application/geo+json")
      .then(function (data) { drawBasemap(map, element, data); })
      .catch(function (error) { status.textContent = "could not load the basemap: " + error; });
    json(element.dataset.src, "application/geo+json")
      .then(function (data) { drawFeatures(map, element, data); })
      .catch(function (error) { status.textContent = "could not load the features: " + error; });
  }

  var jump = document.getElementById("jump");
  if (jump) {
    jump.addEventListener("submit", function (event) {
      event.preventDefault();
      var pages = Number(jump.dataset.pages);
      var wanted = Math.min(Math.max(1, Math.round(Number(jump.elements.page.value) || 1)), pages);
      var target = new URL(jump.dataset.href, window.location.href);
      target.searchParams.set("offset", String((wanted - 1) * Number(jump.dataset.limit)));
      window.location.assign(target.toString());
    });
  }
})();
