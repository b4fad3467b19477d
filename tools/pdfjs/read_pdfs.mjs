// Reads PDFs with pdf.js (the legacy build made for Node.js): loads each, renders every page and extracts its text.
// Usage: node read_pdfs.mjs OUTPUT_DIR FILE.pdf...  Prints JSON: per file its pages, text, pdf.js's warnings and
// error, and the PNG of its first page as pdf.js draws it (OUTPUT_DIR/NAME-pdfjs.png).
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

// pdf.js reports what it could not read through console.log ("Warning: ..."): collect it per file.
const said = [];
const print = console.log;
console.log = (...args) => said.push(args.join(" "));
console.warn = console.log;
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
const startup = said.splice(0);
const standardFontDataUrl =
  path.join(path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts") +
  path.sep;

async function read(file, outputDir) {
  const result = { file, pages: 0, text: "", warnings: [], error: null, png: null };
  try {
    const data = new Uint8Array(await readFile(file));
    const document = await pdfjs.getDocument({
      data,
      standardFontDataUrl,
      verbosity: pdfjs.VerbosityLevel.WARNINGS,
      isEvalSupported: false,
      stopAtErrors: true,
    }).promise;
    result.pages = document.numPages;
    const texts = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      texts.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : " ")).join(""));
      const viewport = page.getViewport({ scale: 1 });
      const drawn = document.canvasFactory.create(viewport.width, viewport.height);
      await page.render({ canvasContext: drawn.context, viewport }).promise;
      if (number === 1) {
        result.png = path.join(outputDir, `${path.basename(file, ".pdf")}-pdfjs.png`);
        await writeFile(result.png, drawn.canvas.toBuffer("image/png"));
      }
      document.canvasFactory.destroy(drawn);
      page.cleanup();
    }
    result.text = texts.join("\n");
    await document.destroy();
  } catch (error) {
    result.error = String(error?.message ?? error);
  }
  result.warnings = said.splice(0);
  return result;
}

const [outputDir, ...files] = process.argv.slice(2);
const results = [];
for (const file of files) {
  results.push(await read(file, outputDir));
}
print(JSON.stringify({ startup, results }));
