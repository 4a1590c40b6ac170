/* The map of site visits: markers for the located visits of the list below it, each linking to
   its entry in the list (the list is the map's text alternative). Settings come from the map's
   data attributes (tile URL and attribution from LEAFLET_TILE_URL / LEAFLET_TILE_ATTRIBUTION). */
(function () {
    "use strict";
    function start() {
        var box = document.getElementById("visits-map");
        var data = document.getElementById("visits-map-points");
        if (!box || !data || typeof L === "undefined") { return; }
        var points = JSON.parse(data.textContent);
        if (!points.length) { box.hidden = true; return; }
        var map = L.map(box, { scrollWheelZoom: false });
        L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
        var bounds = [];
        points.forEach(function (point) {
            var marker = L.marker([point.lat, point.lon], { title: point.label, alt: point.label });
            var link = document.createElement("a");
            link.href = "#" + point.anchor;
            link.textContent = point.label + " · " + point.status;
            marker.bindPopup(link);
            marker.addTo(map);
            bounds.push([point.lat, point.lon]);
        });
        map.fitBounds(bounds, { maxZoom: 15, padding: [24, 24] });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
