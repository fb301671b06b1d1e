// Renders a PDF held in memory to page images with pdf.js: neither the
// Linux webview (WebKitGTK) nor headless Chromium shows a PDF in a frame,
// and a printout must never become a file to hand to another viewer.
// Loaded on demand (import()), so the app's first screen does not wait
// for pdf.js.
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** Each page of the PDF as a PNG data URL, at scale × 72 dpi. */
export async function renderPages(data: Uint8Array, scale = 2): Promise<string[]> {
  const task = pdfjs.getDocument({ data });
  const doc = await task.promise;
  try {
    const out: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const vp = page.getViewport({ scale });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(vp.width);
      canvas.height = Math.ceil(vp.height);
      await page.render({ canvas, viewport: vp }).promise;
      out.push(canvas.toDataURL('image/png'));
      canvas.width = canvas.height = 0;
    }
    return out;
  } finally {
    await task.destroy();
  }
}

/**
 * Prints page images through a hidden frame of the app's own document:
 * the system's print dialog, one page image per sheet.
 */
export function printPages(pages: string[], title: string): void {
  const frame = document.createElement('iframe');
  frame.style.position = 'fixed';
  frame.style.width = frame.style.height = '0';
  frame.style.border = '0';
  frame.setAttribute('aria-hidden', 'true');
  document.body.appendChild(frame);
  const doc = frame.contentDocument!;
  doc.title = title;
  const style = doc.createElement('style');
  style.textContent = '@page{margin:0}body{margin:0}img{display:block;width:100%;page-break-after:always}';
  doc.head.appendChild(style);
  let left = pages.length;
  const go = () => {
    frame.contentWindow?.focus();
    frame.contentWindow?.print();
    setTimeout(() => frame.remove(), 1000);
  };
  for (const src of pages) {
    const img = doc.createElement('img');
    img.onload = img.onerror = () => {
      if (--left === 0) go();
    };
    img.src = src;
    doc.body.appendChild(img);
  }
  if (pages.length === 0) go();
}
