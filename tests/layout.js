/* Measures a page as a reader's screen shows it (tests/test_layout.py): what reaches past
 * the screen's edge outside a box that scrolls on its own, table cells narrower than their
 * longest word, chart text under 12 px, and the header's site name and search field. */
(() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const scrolls = el => { const s = getComputedStyle(el).overflowX; return s === 'auto' || s === 'scroll'; };
  const hidden = el => { const s = getComputedStyle(el);
    return s.visibility === 'hidden' || s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)'; };
  if (document.documentElement.scrollWidth > width) {
    problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || hidden(el)) continue;
    let boxed = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up) || hidden(up)) { boxed = true; break; }
    }
    if (boxed) continue;
    if (box.right > width + 1 || box.width > width + 1) {
      problems.push(name(el) + ' reaches ' + Math.round(box.right) + ' px on a ' + width + ' px screen');
    }
  }
  const canvas = document.createElement('canvas').getContext('2d');
  for (const cell of document.querySelectorAll('article td, article th')) {
    const box = cell.getBoundingClientRect();
    if (!box.width) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const font = getComputedStyle(node.parentElement);
      canvas.font = font.fontWeight + ' ' + font.fontSize + ' ' + font.fontFamily;
      for (const word of node.textContent.split(/\s+/).flatMap(w => w.split(/(?<=[-\/\u2013])/))) {
        const wide = canvas.measureText(word).width;
        if (word && wide > room + 1) {
          problems.push('a cell ' + Math.round(room) + ' px wide cuts "' + word.slice(0, 40) + '" (' + Math.round(wide) + ' px)');
        }
      }
    }
  }
  for (const text of document.querySelectorAll('.lkb-figure td, .lkb-figure th, .lkb-figure figcaption')) {
    const size = parseFloat(getComputedStyle(text).fontSize);
    if (size < 12) problems.push('chart text at ' + size + ' px: ' + text.textContent.trim().slice(0, 30));
  }
  const title = document.querySelector('.md-header__topic:first-child');
  const titleBox = title && title.getBoundingClientRect();
  const search = document.querySelector('.lkb-header-search__input');
  return {
    problems: problems.slice(0, 15),
    // The name as shown: none where it is off the screen or cut short by an ellipsis.
    siteName: title && titleBox.width > 0 && titleBox.right <= width &&
      [...title.querySelectorAll('.md-ellipsis')].every(e => e.scrollWidth <= e.clientWidth + 1)
      ? title.textContent.trim() : null,
    siteNameWidth: titleBox ? Math.round(titleBox.width) : 0,
    searchWidth: search ? Math.round(search.getBoundingClientRect().width) : null,
    height: document.documentElement.scrollHeight,
  };
})
