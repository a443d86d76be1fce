// Private notes on a reading page (templates/governance/notes_panel.html). The viewer
// (pdf-viewer.mjs) emits `hecht:quote` {page, text} on "Quote selection": this fills the
// page and the highlighted text of the "Add a note" form below the viewer. The
// reader's notes found in this file are highlighted on their page once its text layer is
// drawn (the page box gets `data-rendered`). Without JavaScript the form still works: the
// reader types the page.

const form = document.querySelector("[data-private-note-form]");
const pagesBox = document.querySelector("[data-viewer-pages]");
const data = document.getElementById("private-note-highlights");

function squash(text) {
  return (text || "").normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

if (form) {
  document.addEventListener("hecht:quote", (event) => {
    const { page, text } = event.detail || {};
    const pageField = form.querySelector("[name=page]");
    const quoteField = form.querySelector("[name=quote]");
    if (pageField && page) pageField.value = String(page);
    if (quoteField && text) quoteField.value = text;
    // Focus stays on the viewer (the reader may quote again or read on); the viewer's
    // live region has announced the quote.
  });
}

function highlight(box, quotes) {
  const spans = [...box.querySelectorAll(".textLayer span")].filter(
    (span) => !span.querySelector("span"),
  );
  let joined = "";
  const ranges = spans.map((span) => {
    const start = joined.length;
    joined += squash(span.textContent);
    return [start, joined.length];
  });
  for (const quote of quotes) {
    const wanted = squash(quote);
    if (!wanted) continue;
    const at = joined.indexOf(wanted);
    if (at < 0) continue;
    const end = at + wanted.length;
    spans.forEach((span, index) => {
      const [start, stop] = ranges[index];
      if (stop > at && start < end) span.classList.add("hecht-note-highlight");
    });
  }
}

if (pagesBox && data) {
  const byPage = new Map();
  for (const { page, quote } of JSON.parse(data.textContent)) {
    if (!byPage.has(page)) byPage.set(page, []);
    byPage.get(page).push(quote);
  }
  if (byPage.size) {
    new MutationObserver((changes) => {
      for (const change of changes) {
        const box = change.target;
        if (box.dataset.rendered !== "true") continue;
        const quotes = byPage.get(Number(box.dataset.pageNumber));
        if (quotes) highlight(box, quotes);
      }
    }).observe(pagesBox, { subtree: true, attributes: true, attributeFilter: ["data-rendered"] });
  }
}
