/* Lessons KB: printable briefs. The print stylesheet prints a link's address after its
 * text, and a relative link (`../../findings/x/`) means nothing on paper. The page's
 * `<article>` names the site's public address (`data-lkb-site`) and the way from the page
 * to the site's root (`data-lkb-root`); this script gives each of its links to an entry
 * (a mission, finding or lesson, not a folder's index) a `data-print-href` with the
 * entry's public address, as `lessons_kb.finish.printing.print_address` has it. In the
 * offline edition a page's address ends in `.html`; the public one is the folder's
 * (`findings/x.html` → `findings/x/`). Runs once, when the page has loaded; asks nothing
 * of any server. */
(() => {
  "use strict";
  const FOLDERS = ["missions/", "findings/", "lessons/"];
  // Links that are not to a page of the site: fragments, other schemes, other hosts.
  const ELSEWHERE = /^(?:#|\/\/|[a-z][a-z0-9+.-]*:)/i;

  /** A path within the site as published (folder URLs), from the path a page has. */
  const published = (path) => {
    if (path === "index.html" || path.endsWith("/index.html")) {
      return path.slice(0, -"index.html".length);
    }
    return path.endsWith(".html") ? `${path.slice(0, -".html".length)}/` : path;
  };

  /** The public address of a link to an entry; null for any other link. */
  const printAddress = (href, root, site) => {
    if (!href || ELSEWHERE.test(href)) return null;
    let target;
    try {
      target = new URL(href, location.href).href;
    } catch (error) {
      return null;
    }
    if (!target.startsWith(root)) return null;
    const within = target.slice(root.length);
    const cut = within.search(/[?#]/);
    const path = published(cut < 0 ? within : within.slice(0, cut));
    const rest = cut < 0 ? "" : within.slice(cut);
    const isEntry = FOLDERS.some((folder) => path.startsWith(folder) && path !== folder);
    return isEntry ? site + path + rest : null;
  };

  /** Give the links of one article their print addresses. */
  const mark = (article) => {
    const site = article.getAttribute("data-lkb-site") || "";
    if (!site) return;
    let root;
    try {
      root = new URL(article.getAttribute("data-lkb-root") || "./", location.href).href;
    } catch (error) {
      return;
    }
    const base = site.endsWith("/") ? site : `${site}/`;
    for (const link of article.querySelectorAll("a[href]")) {
      if (link.hasAttribute("data-print-href")) continue;
      const address = printAddress(link.getAttribute("href"), root, base);
      if (address) link.setAttribute("data-print-href", address);
    }
  };

  document.querySelectorAll("article[data-lkb-site]").forEach(mark);
})();
