// The app adds a viewport tag that forbids zooming (WCAG 1.4.4 asks that text can be
// enlarged): every viewport tag it adds is set back to one that lets readers zoom.
(() => {
  const zoomable = 'width=device-width, initial-scale=1';
  const fix = () => {
    for (const tag of document.querySelectorAll('meta[name="viewport"]')) {
      if (tag.content !== zoomable) tag.content = zoomable;
    }
  };
  new MutationObserver(fix).observe(document.head, { childList: true, subtree: true, attributes: true });
  fix();
})();
