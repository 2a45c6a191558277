/* Lessons KB catalog: facet filters and a word filter over the browse table.
 * Without this script the table lists every entry. Facet values combine with OR inside
 * a facet and AND across facets; each value's count says how many entries ticking it
 * would show. The state lives in the URL, so a filtered view can be shared as a link.
 * Only the first PAGE matching rows are kept in the table (more on request), so that a
 * click costs the same with ten or ten thousand entries. */
(function () {
  "use strict";
  var root = document.getElementById("lkb-catalog");
  if (!root || !window.fetch || !window.URLSearchParams) return;
  var status = document.getElementById("lkb-catalog-status");
  var PAGE = 200;
  var tbody = document.querySelector(".lkb-catalog-table tbody");
  var rows = {};
  var tableRows = document.querySelectorAll(".lkb-catalog-table tbody tr[data-id]");
  for (var r = 0; r < tableRows.length; r++) rows[tableRows[r].getAttribute("data-id")] = tableRows[r];

  // The offline edition embeds the data: browsers do not fetch files from file://.
  var embedded = document.getElementById("lkb-catalog-data");
  (embedded ? Promise.resolve().then(function () { return JSON.parse(embedded.textContent); })
    : fetch(root.getAttribute("data-src")).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }))
    .then(start)
    .catch(function () { /* the plain table stays: nothing is lost */ });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function start(data) {
    var facets = Object.keys(data.facets);
    var entries = data.entries.filter(function (e) { return rows[e.id]; });
    var haystacks = entries.map(function (e) {
      return (e.t + " " + e.s + " " + e.id).toLowerCase();
    });
    var limit = PAGE;
    var more = el("button", { type: "button", "class": "md-button lkb-more" }, "");
    more.addEventListener("click", function () { limit += PAGE; update(false); });
    tbody.parentNode.parentNode.appendChild(more);
    var selected = {};
    var counters = {};
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || "";

    var form = el("form", { "class": "lkb-facets", role: "search", "aria-label": "Filter entries" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var textLabel = el("label", { "for": "lkb-filter-text" }, "Words");
    var text = el("input", { id: "lkb-filter-text", type: "search", name: "q", autocomplete: "off" });
    text.value = query;
    text.addEventListener("input", function () { query = text.value; limit = PAGE; update(true); });
    var textBox = el("div", { "class": "lkb-filter-text" });
    textBox.appendChild(textLabel);
    textBox.appendChild(text);
    form.appendChild(textBox);

    facets.forEach(function (facet) {
      var wanted = params.getAll(facet);
      selected[facet] = {};
      counters[facet] = {};
      var fieldset = el("fieldset", { "class": "lkb-facet" });
      fieldset.appendChild(el("legend", {}, data.facets[facet].label));
      var values = data.facets[facet].values;
      Object.keys(values).forEach(function (value, index) {
        var id = "lkb-f-" + facet + "-" + index;
        var box = el("input", { type: "checkbox", id: id, name: facet, value: value });
        if (wanted.indexOf(value) >= 0) { box.checked = true; selected[facet][value] = true; }
        box.addEventListener("change", function () {
          if (box.checked) selected[facet][value] = true; else delete selected[facet][value];
          limit = PAGE;
          update(true);
        });
        var label = el("label", { "for": id });
        label.appendChild(document.createTextNode(values[value] + " "));
        var count = el("span", { "class": "lkb-count" });
        label.appendChild(count);
        counters[facet][value] = { count: count, box: box };
        var item = el("div", { "class": "lkb-facet-value" });
        item.appendChild(box);
        item.appendChild(label);
        fieldset.appendChild(item);
      });
      form.appendChild(fieldset);
    });
    var clear = el("button", { type: "button", "class": "md-button lkb-clear" }, "Clear filters");
    clear.addEventListener("click", function () {
      facets.forEach(function (facet) {
        selected[facet] = {};
        Object.keys(counters[facet]).forEach(function (v) { counters[facet][v].box.checked = false; });
      });
      query = ""; text.value = ""; limit = PAGE;
      update(true);
    });
    form.appendChild(clear);
    root.insertBefore(form, status);
    update(false);

    function matchesFacet(entry, facet) {
      var wanted = selected[facet];
      var keys = Object.keys(wanted);
      if (!keys.length) return true;
      var values = entry.f[facet] || [];
      for (var i = 0; i < values.length; i++) if (wanted[values[i]]) return true;
      return false;
    }

    function update(pushState) {
      var words = query.toLowerCase().split(/\s+/).filter(Boolean);
      var perFacet = facets.map(function () { return new Array(entries.length); });
      var textOk = new Array(entries.length);
      var shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var hay = haystacks[i];
        textOk[i] = words.every(function (w) { return hay.indexOf(w) >= 0; });
        for (var f = 0; f < facets.length; f++) perFacet[f][i] = matchesFacet(entries[i], facets[f]);
      }
      var counts = facets.map(function () { return {}; });
      var visibleRows = [];
      for (i = 0; i < entries.length; i++) {
        var failures = textOk[i] ? 0 : 1, failed = -1;
        for (f = 0; f < facets.length && failures < 2; f++) {
          if (!perFacet[f][i]) { failures++; failed = f; }
        }
        var visible = failures === 0;
        if (visible) {
          shown++;
          if (visibleRows.length < limit) visibleRows.push(rows[entries[i].id]);
        }
        // An entry counts for a facet's values if it passes every *other* filter.
        for (f = 0; f < facets.length; f++) {
          if (failures === 0 || (failures === 1 && failed === f)) {
            var values = entries[i].f[facets[f]] || [];
            for (var v = 0; v < values.length; v++) counts[f][values[v]] = (counts[f][values[v]] || 0) + 1;
          }
        }
      }
      facets.forEach(function (facet, f) {
        Object.keys(counters[facet]).forEach(function (value) {
          var n = counts[f][value] || 0;
          counters[facet][value].count.textContent = "(" + n + ")";
        });
      });
      var body = document.createDocumentFragment();
      for (i = 0; i < visibleRows.length; i++) body.appendChild(visibleRows[i]);
      tbody.textContent = "";
      tbody.appendChild(body);
      var rest = shown - visibleRows.length;
      more.hidden = rest <= 0;
      more.textContent = "Show " + Math.min(PAGE, rest) + " more of " + rest;
      status.textContent = shown + " of " + entries.length + " entries match" +
        (rest > 0 ? "; the first " + visibleRows.length + " are listed." : ".");
      if (pushState) writeUrl();
    }

    function writeUrl() {
      var next = new URLSearchParams();
      if (query) next.set("q", query);
      facets.forEach(function (facet) {
        Object.keys(selected[facet]).sort().forEach(function (value) { next.append(facet, value); });
      });
      var search = next.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }
  }
})();
