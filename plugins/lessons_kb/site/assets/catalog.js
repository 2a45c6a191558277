/* Lessons KB catalog: facet filters and a word filter over the browse table.
 * Without this script the table lists the newest entries (every entry, where there are
 * few). With it, every entry of the catalog's data can be listed. Facet values combine
 * with OR inside a facet and AND across facets; each value's count says how many entries
 * ticking it would show. The state lives in the URL (`?kind=lesson&country=LCA&q=focal`),
 * so a filtered view can be shared as a link, and other pages link to the catalog filtered
 * to their term. Only the first PAGE matching rows are kept in the table (more on request),
 * so that a click costs the same with ten or ten thousand entries. */
(function () {
  "use strict";
  var root = document.getElementById("lkb-catalog");
  if (!root || !window.fetch || !window.URLSearchParams) return;
  var status = document.getElementById("lkb-catalog-status");
  var PAGE = 200;
  var FOLD = 6; // a facet with more values shows the first FOLD - 1 and folds the rest
  var table = document.querySelector(".lkb-catalog-table");
  var tbody = table.querySelector("tbody");
  var caption = table.querySelector("caption");
  var siteRoot = root.getAttribute("data-root") || "../";
  var asFiles = root.getAttribute("data-pages") === "files";
  var rows = {};
  var tableRows = tbody.querySelectorAll("tr[data-id]");
  for (var r = 0; r < tableRows.length; r++) rows[tableRows[r].getAttribute("data-id")] = tableRows[r];
  // The page's language's texts (none in English): `{name}` marks what is put in.
  var words = JSON.parse(root.getAttribute("data-words") || "{}");
  function t(text, values) {
    return (words[text] || text).replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }
  var dates = words.Date && window.Intl
    ? new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeZone: "UTC" })
    : null;
  function day(iso) {
    var parsed = dates && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + "T00:00:00Z") : null;
    return parsed ? dates.format(parsed) : iso;
  }

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
    if (!data.entries || !data.facets) return;
    var facets = Object.keys(data.facets);
    var entries = data.entries;
    var haystacks = entries.map(function (e) {
      return (e.t + " " + e.s + " " + e.id + " " + (e.c || "")).toLowerCase();
    });
    var limit = PAGE;
    var more = el("button", { type: "button", "class": "md-button lkb-more" }, "");
    more.hidden = true;
    more.addEventListener("click", function () { limit += PAGE; update(false); });
    table.parentNode.parentNode.insertBefore(more, table.parentNode.nextSibling);
    var selected = {};
    var counters = {};
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || "";

    var form = el("form", { "class": "lkb-facets", role: "search", "aria-label": t("Filter entries") });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var textLabel = el("label", { "for": "lkb-filter-text" }, t("Words"));
    var text = el("input", { id: "lkb-filter-text", type: "search", name: "q", autocomplete: "off" });
    text.value = query;
    text.addEventListener("input", function () { query = text.value; limit = PAGE; update(true); });
    var textBox = el("div", { "class": "lkb-filter-text" });
    textBox.appendChild(textLabel);
    textBox.appendChild(text);
    form.appendChild(textBox);

    // The facets fold on a narrow screen, so that the table is not a screen away.
    var filters = el("details", { "class": "lkb-fold lkb-filters" });
    var filtersTitle = el("summary", {}, t("Filter by kind, country, SDG, theme and more"));
    filters.appendChild(filtersTitle);
    var filterBox = el("div", { "class": "lkb-filter-groups" });
    filters.appendChild(filterBox);
    form.appendChild(filters);

    facets.forEach(function (facet) {
      var wanted = params.getAll(facet);
      selected[facet] = {};
      counters[facet] = {};
      var fieldset = el("fieldset", { "class": "lkb-facet" });
      fieldset.appendChild(el("legend", {}, data.facets[facet].label));
      var values = data.facets[facet].values;
      var keys = Object.keys(values);
      var folded = null;
      keys.forEach(function (value, index) {
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
        if (keys.length > FOLD && index === FOLD - 1) {
          folded = el("details", { "class": "lkb-fold lkb-facet-more" });
          folded.appendChild(el("summary", {}, t("All {n}", { n: keys.length })));
          fieldset.appendChild(folded);
        }
        (folded || fieldset).appendChild(item);
        if (folded && box.checked) folded.open = true;
        if (box.checked) filters.open = true;
      });
      filterBox.appendChild(fieldset);
    });
    if (window.matchMedia && window.matchMedia("(min-width: 45em)").matches) filters.open = true;
    var clear = el("button", { type: "button", "class": "md-button lkb-clear" }, t("Clear filters"));
    clear.addEventListener("click", function () {
      facets.forEach(function (facet) {
        selected[facet] = {};
        Object.keys(counters[facet]).forEach(function (v) { counters[facet][v].box.checked = false; });
      });
      query = ""; text.value = ""; limit = PAGE;
      update(true);
    });
    filterBox.appendChild(clear);
    root.insertBefore(form, status);
    update(false);

    function pageUrl(path) {
      return siteRoot + (asFiles ? path.replace(/\/$/, ".html") : path);
    }

    function cell(tr, label, child) {
      var td = el("td", { "data-label": label });
      if (typeof child === "string") td.textContent = child; else td.appendChild(child);
      tr.appendChild(td);
    }

    function rowOf(entry) {
      if (rows[entry.id]) return rows[entry.id];
      var kind = (entry.f.kind || [""])[0];
      var state = (entry.f[kind + "-status"] || [""])[0];
      var statusFacet = data.facets[kind + "-status"];
      var tr = el("tr", { "data-id": entry.id });
      cell(tr, t("Title"), el("a", { href: pageUrl(entry.u) }, entry.t));
      cell(tr, t("Kind"), data.facets.kind.values[kind] || kind);
      cell(tr, t("Date"), el("time", { datetime: entry.d || "" }, day(entry.d || "")));
      cell(tr, t("Countries"), entry.c || "");
      cell(tr, t("Status"), statusFacet && statusFacet.values[state] || state);
      rows[entry.id] = tr;
      return tr;
    }

    function matchesFacet(entry, facet) {
      var wanted = selected[facet];
      if (!Object.keys(wanted).length) return true;
      var values = entry.f[facet] || [];
      for (var i = 0; i < values.length; i++) if (wanted[values[i]]) return true;
      return false;
    }

    function describe(shown) {
      var parts = [];
      facets.forEach(function (facet) {
        var values = Object.keys(selected[facet]).map(function (v) {
          return data.facets[facet].values[v] || v;
        });
        if (values.length) parts.push(data.facets[facet].label + ": " + values.join(t(" or ")));
      });
      if (query.trim()) parts.push(t("words \u201c{words}\u201d", { words: query.trim() }));
      if (!parts.length) return t("Every entry, newest first");
      return t("Entries with {filters} ({n}), newest first", { filters: parts.join("; "), n: shown });
    }

    function update(pushState) {
      var words = query.toLowerCase().split(/\s+/).filter(Boolean);
      var counts = facets.map(function () { return {}; });
      var visibleRows = [];
      var shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var hay = haystacks[i];
        var failures = words.every(function (w) { return hay.indexOf(w) >= 0; }) ? 0 : 1;
        var failed = -1;
        for (var f = 0; f < facets.length && failures < 2; f++) {
          if (!matchesFacet(entries[i], facets[f])) { failures++; failed = f; }
        }
        if (failures === 0) {
          shown++;
          if (visibleRows.length < limit) visibleRows.push(rowOf(entries[i]));
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
          counters[facet][value].count.textContent = "(" + (counts[f][value] || 0) + ")";
        });
      });
      var body = document.createDocumentFragment();
      for (i = 0; i < visibleRows.length; i++) body.appendChild(visibleRows[i]);
      tbody.textContent = "";
      tbody.appendChild(body);
      var rest = shown - visibleRows.length;
      more.hidden = rest <= 0;
      more.textContent = t("Show {n} more ({rest} not listed yet)", { n: Math.min(PAGE, rest), rest: rest });
      caption.textContent = describe(shown);
      var ticked = facets.reduce(function (n, facet) { return n + Object.keys(selected[facet]).length; }, 0);
      filtersTitle.textContent = ticked
        ? t("Filter by kind, country, SDG, theme and more ({n} chosen)", { n: ticked })
        : t("Filter by kind, country, SDG, theme and more");
      status.textContent = rest > 0
        ? t("{shown} of {total} entries match; the first {listed} are listed.",
          { shown: shown, total: entries.length, listed: visibleRows.length })
        : t("{shown} of {total} entries match.", { shown: shown, total: entries.length });
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
