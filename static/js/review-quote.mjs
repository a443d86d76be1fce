// The comment on a page of a document in a review round (governance:review-document):
// when the reader quotes a selection in the viewer (static/js/pdf-viewer.mjs emits a
// `hecht:quote` CustomEvent {page, text} that bubbles), the page number and the quoted
// text go into the comment form and the focus moves to the comment itself. Without
// JavaScript the reader types the page number (and may paste the passage).

const form = document.querySelector("[data-review-quote-form]");

if (form) {
  const page = form.querySelector("input[name='page']");
  const quote = form.querySelector("textarea[name='quote']");
  const text = form.querySelector("textarea[name='text']");
  document.addEventListener("hecht:quote", (event) => {
    const detail = event.detail || {};
    if (page && Number.isInteger(detail.page) && detail.page > 0) {
      page.value = String(detail.page);
    }
    if (quote && typeof detail.text === "string") {
      quote.value = detail.text;
    }
    if (text) {
      text.focus();
    }
  });
}
