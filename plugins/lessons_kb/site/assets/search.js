/* Lessons KB search page: Pagefind's interface, started with the query from `?q=`, and
 * keeping the address in step with what is typed so a search can be shared as a link.
 * Each result says what it is (a lesson, a finding, a country briefing…), from the `kind`
 * its page declares, and does not repeat its own title as its first sub-result. */
(function () {
  "use strict";
  if (typeof PagefindUI === "undefined") return;
  var root = document.getElementById("lkb-search");
  // The page's language's texts (none in English).
  var words = JSON.parse((root && root.getAttribute("data-words")) || "{}");
  var ui = new PagefindUI({
    element: "#lkb-search",
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
    processResult: function (result) {
      var meta = result.meta || {};
      var title = (meta.title || "").trim();
      if (meta.kind) {
        meta.title = (words["{kind}: {title}"] || "{kind}: {title}")
          .replace("{kind}", function () { return meta.kind; })
          .replace("{title}", function () { return title; });
        delete meta.kind;
      }
      if (Array.isArray(result.sub_results)) {
        result.sub_results = result.sub_results.filter(function (sub) {
          return (sub.title || "").trim() !== title;
        });
      }
      return result;
    }
  });
  // The interface names its box by a title only: give it a label screen readers announce.
  var box = document.querySelector("#lkb-search input");
  if (box && !box.getAttribute("aria-label")) box.setAttribute("aria-label", words["Search the knowledge base"] || "Search the knowledge base");
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.closest || !input.closest("#lkb-search")) return;
    var params = new URLSearchParams(window.location.search);
    if (input.value) params.set("q", input.value); else params.delete("q");
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  });
})();
