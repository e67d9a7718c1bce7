/* umbrella's interactive maps: styled layers, place names, phases, panels and shared links.
 *
 * Loaded after Leaflet and Leaflet.markercluster. The page's own script (written by
 * umbrella/maps/leaflet.py) calls umbrellaLayer, umbrellaLabels, umbrellaPhases and, last,
 * umbrellaControls. Nothing here requests anything from the network.
 */
(function (global) {
  "use strict";

  var NARROW_SCREEN = "(max-width: 720px)";
  var CLUSTER_RADIUS_PX = 26; // a little over a cluster's symbol, so that symbols seldom overlap
  var CLUSTER_NAMES = 12;
  var LABEL_FONTS = { country: [13, 0.7], sea: [12, 0.56], city: [11, 0.6] }; // px, em per char
  var LABEL_GAP_PX = 3;
  var decoder = document.createElement("textarea");

  function plainText(html) {
    decoder.innerHTML = html;
    return decoder.value;
  }

  function styleOf(data, properties) {
    var style = Object.assign({}, data.styles[properties.style]);
    if (properties.r !== undefined) { style.radius = properties.r; }
    return style;
  }

  function symbol(feature, latlng, style, options) {
    var kind = feature.properties.symbol || "circle";
    if (kind === "circle") {
      return L.circleMarker(latlng, Object.assign(
        { pane: options.pane, interactive: options.interactive }, style));
    }
    var size = 2 * (style.radius || 6);
    var icon = L.divIcon({
      className: "umbrella-symbol umbrella-" + kind,
      iconSize: [size, size],
      html: "<span style='background:" + style.fillColor + ";border-color:" + style.color
        + ";color:" + style.fillColor + "'></span>"
    });
    // fillColor is kept for the cluster's pie (clusterIcon), as a circle marker keeps its own.
    return L.marker(latlng, {
      icon: icon, pane: options.pane, interactive: options.interactive, fillColor: style.fillColor
    });
  }

  var popupOptions = null;

  /* Popups fit the screen and open clear of the title panel (measured once, on first use). */
  function popupFit() {
    if (!popupOptions) {
      var title = document.querySelector(".umbrella-title");
      var top = title ? title.offsetTop + title.offsetHeight + 8 : 10;
      popupOptions = {
        maxWidth: Math.min(420, global.innerWidth - 60),
        maxHeight: Math.max(160, global.innerHeight - top - 90),
        autoPanPaddingTopLeft: L.point(10, top),
        autoPanPaddingBottomRight: L.point(10, 30)
      };
    }
    return popupOptions;
  }

  function bindFeature(feature, layer) {
    var p = feature.properties;
    if (p.popup) { layer.bindPopup(p.popup, popupFit()); }
    if (p.label) {
      layer.bindTooltip(p.label, { permanent: true, direction: "center",
                                   className: "umbrella-label" });
    } else if (p.tooltip) {
      layer.bindTooltip(p.tooltip, { sticky: true });
    }
    if (p.id) {
      layer.on("add", function () {
        var element = layer.getElement && layer.getElement();
        if (element) { element.setAttribute("data-id", p.id); }
      });
    }
  }

  /* A cluster's symbol: a pie of its points' colours around their count, titled with names. */
  function clusterIcon(cluster) {
    var markers = cluster.getAllChildMarkers();
    var counts = {};
    var names = [];
    markers.forEach(function (marker) {
      var colour = marker.options.fillColor || "#777777";
      counts[colour] = (counts[colour] || 0) + 1;
      var p = marker.feature && marker.feature.properties;
      if (p && p.tooltip) { names.push(plainText(p.tooltip)); }
    });
    var stops = [];
    var start = 0;
    Object.keys(counts).forEach(function (colour) {
      var end = start + 360 * counts[colour] / markers.length;
      stops.push(colour + " " + start.toFixed(1) + "deg " + end.toFixed(1) + "deg");
      start = end;
    });
    var listed = names.slice(0, CLUSTER_NAMES);
    if (names.length > listed.length) { listed.push("and " + (names.length - listed.length) + " more"); }
    var pie = document.createElement("span");
    pie.style.background = "conic-gradient(" + stops.join(", ") + ")";
    pie.title = markers.length + " points here, click to spread them out:\n" + listed.join("\n");
    var count = document.createElement("b");
    count.textContent = String(markers.length);
    pie.appendChild(count);
    return L.divIcon({ html: pie, className: "umbrella-cluster", iconSize: [24, 24] });
  }

  /* A layer that is drawn only from a zoom level on. */
  var FromZoom = L.LayerGroup.extend({
    initialize: function (layer, zoom) {
      L.LayerGroup.prototype.initialize.call(this);
      this._inner = layer;
      this._zoom = zoom;
    },
    onAdd: function (map) {
      L.LayerGroup.prototype.onAdd.call(this, map);
      map.on("zoomend", this._follow, this);
      this._follow();
    },
    onRemove: function (map) {
      map.off("zoomend", this._follow, this);
      L.LayerGroup.prototype.onRemove.call(this, map);
    },
    _follow: function () {
      if (this._map.getZoom() >= this._zoom) { this.addLayer(this._inner); }
      else { this.removeLayer(this._inner); }
    }
  });

  /* A GeoJSON layer drawn in its features' styles; points that overlap can be clustered, and
     a layer can wait for a zoom level (options.minZoom). */
  function umbrellaLayer(data, options) {
    var layer = clusteredLayer(data, options);
    return options.minZoom ? new FromZoom(layer, options.minZoom) : layer;
  }

  function clusteredLayer(data, options) {
    var drawn = L.geoJSON(data, {
      pane: options.pane,
      interactive: options.interactive,
      style: function (feature) { return styleOf(data, feature.properties); },
      pointToLayer: function (feature, latlng) {
        return symbol(feature, latlng, styleOf(data, feature.properties), options);
      },
      onEachFeature: bindFeature
    });
    if (!options.cluster) { return drawn; }
    var points = L.markerClusterGroup({
      clusterPane: options.pane,
      maxClusterRadius: CLUSTER_RADIUS_PX,
      showCoverageOnHover: false,
      spiderfyDistanceMultiplier: 1.8,
      spiderLegPolylineOptions: { weight: 1.5, color: "#222", opacity: 0.6, interactive: false },
      iconCreateFunction: clusterIcon
    });
    var others = L.featureGroup();
    drawn.eachLayer(function (layer) { (layer.getLatLng ? points : others).addLayer(layer); });
    return L.featureGroup([others, points]);
  }

  /* Place names: each within its zoom range, where it overlaps no name placed before it.
     They are plain elements of one container, placed after each move (not one marker each:
     a hundred markers would each be a layer for the browser to composite), and hidden while
     a zoom is animated. */
  var Labels = L.Layer.extend({
    initialize: function (rows, pane) {
      this._pane = pane;
      this._rows = rows.map(function (row) {
        return { text: row[0], latlng: L.latLng(row[2], row[1]), kind: row[3],
                 min: row[4], max: row[5] };
      });
    },
    onAdd: function (map) {
      this._container = L.DomUtil.create("div", "umbrella-places", map.getPane(this._pane));
      map.on("moveend", this._layout, this);
      map.on("zoomstart", this._hide, this);
      this._layout();
    },
    onRemove: function (map) {
      map.off("moveend", this._layout, this);
      map.off("zoomstart", this._hide, this);
      L.DomUtil.remove(this._container);
    },
    _hide: function () {
      this._container.style.display = "none";
    },
    _box: function (row, zoom, size) {
      if (zoom < row.min || zoom > row.max) { return null; }
      var at = this._map.latLngToContainerPoint(row.latlng);
      var font = LABEL_FONTS[row.kind];
      var width = row.text.length * font[0] * font[1];
      var half = font[0] * 0.65;
      var box = row.kind === "city"
        ? [at.x - 4, at.y - half, at.x + 6 + width, at.y + half]
        : [at.x - width / 2, at.y - half, at.x + width / 2, at.y + half];
      var inside = box[2] > 0 && box[0] < size.x && box[3] > 0 && box[1] < size.y;
      return inside ? box : null;
    },
    _layout: function () {
      var map = this._map;
      var zoom = map.getZoom();
      var size = map.getSize();
      var placed = [];
      var names = document.createDocumentFragment();
      this._rows.forEach(function (row) {
        var box = this._box(row, zoom, size);
        var free = box !== null && !placed.some(function (other) {
          return box[0] < other[2] + LABEL_GAP_PX && other[0] < box[2] + LABEL_GAP_PX
            && box[1] < other[3] && other[1] < box[3];
        });
        if (free) {
          placed.push(box);
          var at = map.latLngToLayerPoint(row.latlng);
          var name = L.DomUtil.create("span", "umbrella-place umbrella-place-" + row.kind, names);
          name.textContent = row.text;
          name.style.left = at.x + "px";
          name.style.top = at.y + "px";
        }
      }, this);
      this._container.replaceChildren(names);
      this._container.style.display = "";
    }
  });

  function umbrellaLabels(rows, pane) {
    return new Labels(rows, pane);
  }

  function phaseInputs() {
    return Array.prototype.slice.call(document.querySelectorAll("input[name=umbrella-phase]"));
  }

  /* One phase at a time: the checked radio input names the day whose layers are shown. */
  function umbrellaPhases(groups, labels) {
    function show(day) {
      groups.forEach(function (entry) {
        Object.keys(entry[1]).forEach(function (key) {
          entry[1][key].forEach(function (layer) {
            if (key === String(day)) { entry[0].addLayer(layer); } else { entry[0].removeLayer(layer); }
          });
        });
      });
      var label = document.getElementById("umbrella-phase-label");
      if (label) { label.textContent = labels[String(day)]; }
      document.body.setAttribute("data-phase", String(day));
    }
    phaseInputs().forEach(function (input) {
      input.addEventListener("change", function () { if (input.checked) { show(input.value); } });
    });
    var checked = phaseInputs().filter(function (input) { return input.checked; })[0];
    show(checked ? checked.value : Object.keys(labels)[0]);
  }

  function collapsible(title, body, open) {
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = title;
    details.appendChild(summary);
    details.appendChild(body);
    details.open = open;
    return details;
  }

  /* Legend rows marked data-layer="key" show while that layer is on the map. */
  function legendFollows(map, overlays) {
    Object.keys(overlays).forEach(function (key) {
      var rows = document.querySelectorAll("[data-layer=\"" + CSS.escape(key) + "\"]");
      function update() {
        var on = map.hasLayer(overlays[key]);
        rows.forEach(function (row) { row.hidden = !on; });
      }
      overlays[key].on("add remove", update);
      update();
    });
  }

  function readAddress() {
    var state = {};
    global.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        try { state[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)); } catch (e) { /* skip */ }
      }
    });
    return state;
  }

  function showOnly(map, layers, keys) {
    Object.keys(layers).forEach(function (key) {
      if (keys.indexOf(key) >= 0) { map.addLayer(layers[key]); } else { map.removeLayer(layers[key]); }
    });
  }

  /* The address keeps the phase, the view and the layers shown, and restores them; the map
     opens on bounds unless the address names a view (never animated: a zoom animation over
     several levels makes the browser paint the layers at many times their size). */
  function shareView(map, overlays, bases, bounds) {
    function restore() {
      var state = readAddress();
      var phase = phaseInputs().filter(function (input) { return input.value === state.phase; })[0];
      if (phase && !phase.checked) {
        phase.checked = true;
        phase.dispatchEvent(new Event("change", { bubbles: true }));
      }
      if (state.base !== undefined && bases[state.base]) { showOnly(map, bases, [state.base]); }
      if (state.layers !== undefined) {
        showOnly(map, overlays, state.layers ? state.layers.split(",") : []);
      }
      var view = (state.view || "").split("/").map(Number);
      if (view.length === 3 && view.every(isFinite)) {
        map.setView([view[1], view[2]], view[0], { animate: false });
      } else if (bounds) {
        map.fitBounds(bounds, { animate: false });
      }
    }
    function keep() {
      var centre = map.getCenter();
      var view = map.getZoom() + "/" + centre.lat.toFixed(4) + "/" + centre.lng.toFixed(4);
      var shown = Object.keys(overlays).filter(function (key) { return map.hasLayer(overlays[key]); });
      var base = Object.keys(bases).filter(function (key) { return map.hasLayer(bases[key]); })[0];
      var address = "phase=" + (document.body.getAttribute("data-phase") || "") + "&view=" + view
        + "&layers=" + shown.join(",") + (base ? "&base=" + base : "");
      document.body.setAttribute("data-view", view);
      if (global.location.hash.slice(1) !== address) {
        global.history.replaceState(null, "", "#" + address);
      }
    }
    restore();
    bounds = null; // only on opening
    map.on("moveend", keep);
    [overlays, bases].forEach(function (layers) {
      Object.keys(layers).forEach(function (key) { layers[key].on("add remove", keep); });
    });
    phaseInputs().forEach(function (input) { input.addEventListener("change", keep); });
    global.addEventListener("hashchange", restore);
    keep();
  }

  /* The layer control, the legend and the scorecard fold away (folded from the start on
     narrow screens). */
  function umbrellaControls(map, control, overlays, bases, bounds) {
    var narrow = global.matchMedia(NARROW_SCREEN).matches;
    var container = control.getContainer();
    var list = container.querySelector(".leaflet-control-layers-list");
    var layers = collapsible("Layers", list, !narrow);
    layers.className = "umbrella-layers";
    container.appendChild(layers);
    [["umbrella-legend", "bottomleft"], ["umbrella-scorecard", "bottomright"]].forEach(
      function (placed) {
        var panel = document.getElementById(placed[0]);
        if (!panel) { return; }
        panel.open = !narrow;
        var holder = L.control({ position: placed[1] });
        holder.onAdd = function () {
          L.DomEvent.disableClickPropagation(panel);
          L.DomEvent.disableScrollPropagation(panel);
          return panel;
        };
        holder.addTo(map);
      });
    legendFollows(map, overlays);
    shareView(map, overlays, bases, bounds);
  }

  global.umbrellaLayer = umbrellaLayer;
  global.umbrellaLabels = umbrellaLabels;
  global.umbrellaPhases = umbrellaPhases;
  global.umbrellaControls = umbrellaControls;
})(window);
