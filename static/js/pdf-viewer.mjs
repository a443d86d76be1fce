// The document in the browser (governance:document-read): pdf.js draws each page on a
// canvas (hidden from assistive technology) with its text layer on top, which is the
// readable and selectable content. Pages are drawn only when they come near the
// viewport. "Quote selection" shows the selected text and its page number, and emits
// a `hecht:quote` CustomEvent ({page, text}) on the viewer for later features.
// Without JavaScript the server-rendered page list and download remain.

const viewer = document.querySelector("[data-pdf-viewer]");
const CSS_UNITS = 96 / 72; // PDF points to CSS pixels: "100%" is the printed size
const NEAR = "100% 0px"; // draw pages within one viewport height above or below

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

async function start(root) {
  const text = root.dataset;
  const pagesBox = root.querySelector("[data-viewer-pages]");
  const toolbar = root.querySelector("[data-viewer-toolbar]");
  const position = root.querySelector("[data-viewer-position]");
  const status = root.querySelector("[data-viewer-status]");
  const previous = root.querySelector("[data-viewer-previous]");
  const next = root.querySelector("[data-viewer-next]");
  const zoomButtons = root.querySelectorAll("[data-viewer-zoom]");
  const quoteBox = root.querySelector("[data-viewer-quote]");
  const quoteButton = root.querySelector("[data-viewer-quote-button]");
  const quotePage = root.querySelector("[data-viewer-quote-page]");
  const quoteText = root.querySelector("[data-viewer-quote-text]");
  const pageList = root.querySelector("[data-viewer-page-list]");

  status.textContent = text.textLoading;
  let pdf;
  let pdfjs;
  try {
    pdfjs = await import(text.pdfjsSrc);
    pdfjs.GlobalWorkerOptions.workerSrc = text.workerSrc;
    pdf = await pdfjs.getDocument({
      url: text.pdfUrl,
      isEvalSupported: false,
      enableXfa: false,
    }).promise;
  } catch (error) {
    status.textContent = text.textFailed;
    const failed = document.createElement("p");
    failed.className = "utrecht-paragraph";
    failed.textContent = text.textFailed;
    pageList.prepend(failed);
    return;
  }

  const count = pdf.numPages;
  const first = await pdf.getPage(1);
  const base = first.getViewport({ scale: 1 });
  let mode = "fit";
  let scale = 1;
  let current = 1;
  let lastQuote = null;
  const pages = []; // {box, number, drawn, task, generation}

  function fitScale() {
    const width = pagesBox.clientWidth || root.clientWidth;
    return Math.max(0.25, (width - 2) / base.width);
  }

  function chooseScale() {
    scale = mode === "fit" ? fitScale() : CSS_UNITS;
    for (const button of zoomButtons) {
      button.setAttribute("aria-pressed", String(button.dataset.viewerZoom === mode));
    }
  }

  function sizeBox(entry, viewport) {
    entry.box.style.width = `${Math.floor(viewport.width)}px`;
    entry.box.style.height = `${Math.floor(viewport.height)}px`;
    entry.box.style.setProperty("--scale-factor", String(viewport.scale));
  }

  function clear(entry) {
    if (entry.task) entry.task.cancel();
    delete entry.box.dataset.rendered;
    entry.task = null;
    entry.drawn = false;
    entry.generation += 1; // a drawing still waiting for its page is stale now
    entry.box.replaceChildren();
  }

  async function draw(entry) {
    if (entry.drawn) return;
    entry.drawn = true;
    const generation = entry.generation;
    const page = await pdf.getPage(entry.number);
    if (generation !== entry.generation) return;
    const viewport = page.getViewport({ scale });
    sizeBox(entry, viewport);
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    canvas.className = "hecht-viewer__canvas";
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    const layer = document.createElement("div");
    layer.className = "textLayer";
    entry.box.replaceChildren(canvas, layer);
    entry.task = page.render({
      canvas,
      canvasContext: canvas.getContext("2d"),
      viewport,
      transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0],
    });
    try {
      await entry.task.promise;
      const textLayer = new pdfjs.TextLayer({
        textContentSource: page.streamTextContent(),
        container: layer,
        viewport,
      });
      await textLayer.render();
      if (generation === entry.generation) entry.box.dataset.rendered = "true";
    } catch (error) {
      if (error && error.name === "RenderingCancelledException") return;
      throw error;
    }
  }

  const observer = new IntersectionObserver(
    (entries) => {
      for (const seen of entries) {
        const entry = pages[Number(seen.target.dataset.pageNumber) - 1];
        if (seen.isIntersecting) draw(entry);
        else if (entry.drawn) clear(entry); // far away: free the canvas memory
      }
    },
    { rootMargin: NEAR },
  );

  function layout() {
    chooseScale();
    const viewport = base.clone({ scale });
    for (const entry of pages) {
      clear(entry);
      sizeBox(entry, viewport);
      observer.unobserve(entry.box);
      observer.observe(entry.box);
    }
  }

  for (let number = 1; number <= count; number += 1) {
    const box = document.createElement("div");
    box.className = "hecht-viewer__page";
    box.dataset.pageNumber = String(number);
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", format(text.textPage, { number }));
    pages.push({ box, number, drawn: false, task: null, generation: 0 });
  }
  pagesBox.replaceChildren(...pages.map((entry) => entry.box));
  pagesBox.hidden = false;
  toolbar.hidden = false;
  quoteBox.hidden = false;
  pageList.hidden = true;
  layout();

  function showPosition() {
    position.textContent = format(text.textPageOf, { number: current, count });
    previous.disabled = current <= 1;
    next.disabled = current >= count;
  }

  function currentFromScroll() {
    const middle = window.innerHeight / 3;
    let found = 1;
    for (const entry of pages) {
      if (entry.box.getBoundingClientRect().top <= middle) found = entry.number;
      else break;
    }
    if (found !== current) {
      current = found;
      showPosition();
    }
  }

  function goTo(number) {
    current = Math.min(count, Math.max(1, number));
    pages[current - 1].box.scrollIntoView({ block: "start" });
    showPosition();
    status.textContent = format(text.textPageOf, { number: current, count });
  }

  let ticking = false;
  window.addEventListener(
    "scroll",
    () => {
      if (ticking) return;
      ticking = true;
      requestAnimationFrame(() => {
        ticking = false;
        currentFromScroll();
      });
    },
    { passive: true },
  );

  let lastWidth = pagesBox.clientWidth;
  window.addEventListener("resize", () => {
    if (mode !== "fit" || pagesBox.clientWidth === lastWidth) return;
    lastWidth = pagesBox.clientWidth;
    layout();
  });

  previous.addEventListener("click", () => goTo(current - 1));
  next.addEventListener("click", () => goTo(current + 1));
  for (const button of zoomButtons) {
    button.addEventListener("click", () => {
      const keep = current;
      mode = button.dataset.viewerZoom;
      layout();
      goTo(keep);
    });
  }

  // Remember the last selection inside a page: pressing the button may move focus.
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    const node = selection.getRangeAt(0).startContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const page = element && element.closest(".hecht-viewer__page");
    if (!page || !pagesBox.contains(page)) return;
    const quoted = selection.toString().replace(/\s+/g, " ").trim();
    if (quoted) lastQuote = { page: Number(page.dataset.pageNumber), text: quoted };
  });

  quoteButton.addEventListener("click", () => {
    if (!lastQuote) {
      status.textContent = text.textNoSelection;
      return;
    }
    quotePage.value = String(lastQuote.page);
    quoteText.value = lastQuote.text;
    status.textContent = format(text.textQuoted, { number: lastQuote.page });
    root.dispatchEvent(new CustomEvent("hecht:quote", { detail: { ...lastQuote }, bubbles: true }));
  });

  showPosition();
  status.textContent = "";
  root.dataset.viewerReady = "true";
}

if (viewer) start(viewer);
