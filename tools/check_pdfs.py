"""Every PDF the demo makes opens cleanly in Ghostscript, poppler and pdf.js, and each reads the same Russian text.

Seeds the demo into a fresh temporary folder (SQLite and its own media; --existing reads the configured database
and media instead, e.g. after `make demo`), then takes every PDF: those the demo stores (materials, the signed
applications, the orders, the council's protocol, a school's piloting report, a renewal's report) and those the site
makes on request (a certificate of each kind, a center's yearly report). For each:

- Ghostscript renders every page (png16m, -dPDFSTOPONERROR) and, run quietly, prints nothing: any output is a
  warning or an error;
- pdffonts (poppler) lists only embedded fonts;
- pdf.js (tools/pdfjs, Mozilla's library that Firefox and many web viewers embed) loads and renders every page
  without a warning;
- Ghostscript (txtwrite), poppler (pdftotext) and pdf.js extract the same Russian words.

The first page of each, as Ghostscript and as pdf.js draw it, stays in the output folder (default var/pdf-check) for a
person to look at. Run through tools/check_pdfs.sh, which installs pdf.js; exits 1 with a line per problem.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Not -q: it would also silence the repairs and font substitutions Ghostscript reports.
GHOSTSCRIPT = ["gs", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR"]
PROGRESS = re.compile(
    r"GPL Ghostscript .*|Copyright \(C\) .*|This software is supplied under .*|see the file COPYING for details\."
    r"|Processing pages \d+ through \d+\.|Page \d+"
)
RUSSIAN_WORD = re.compile(r"[А-Яа-яЁё]{3,}")
MIN_RUSSIAN_WORDS = 5


def start_django(var_dir=None):
    """Django on the demo's settings; with `var_dir`, on a database and media of its own there."""
    if var_dir is not None:
        for name in ("DATABASE_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "STATIC_ROOT"):
            os.environ.pop(name, None)
        os.environ["PORTAL_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import translation

    translation.activate("ru")


def seed_demo():
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
        call_command("seed_demo", stdout=quiet)


def stored_pdfs():
    """{name: path} of every PDF in the public and the private media folders."""
    from django.conf import settings

    roots = [Path(settings.MEDIA_ROOT), Path(settings.CENTERS_PRIVATE_MEDIA_ROOT)]
    found = {}
    for root in roots:
        for path in sorted(root.rglob("*.pdf")) if root.is_dir() else []:
            found[f"{root.name}-{path.relative_to(root)}".replace(os.sep, "-")] = path
    return found


def generated_pdfs():
    """{name: bytes} of the PDFs the site makes on request: a certificate of each kind and a center's report."""
    from django.utils import timezone

    from centers.certificates.pdf import certificate_pdf
    from centers.lifecycle.reports import academic_year_of
    from centers.models import CenterPage, Certificate
    from centers.reports.pdf import center_report_pdf

    made = {}
    for kind in Certificate.Kind.values:
        certificate = Certificate.objects.filter(kind=kind, revoked_at__isnull=True).order_by("pk").first()
        if certificate is not None:
            made[f"certificate-{kind}.pdf"] = certificate_pdf(certificate, "http://127.0.0.1:8000")
    center = CenterPage.objects.live().filter(closed_early_on__isnull=True).order_by("path").first()
    if center is not None:
        year = academic_year_of(timezone.localdate())
        made[f"report-{center.slug}-{year}.pdf"] = center_report_pdf(center, year)
    return made


def run(command):
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def ghostscript_said(*arguments):
    """Ghostscript's exit status and what it said besides its banner and progress (a repair, a substituted font)."""
    done = run([*GHOSTSCRIPT, *arguments])
    said = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return done.returncode, "\n".join(line for line in said if not PROGRESS.fullmatch(line.strip()))


def ghostscript_problems(pdf, output_dir):
    """Renders every page to PNG and extracts the text; returns what went wrong and the text."""
    problems = []
    for device, output in (("png16m", f"{pdf.stem}-gs-%d.png"), ("txtwrite", f"{pdf.stem}-gs.txt")):
        status, said = ghostscript_said(
            "-r60", f"-sDEVICE={device}", f"-sOutputFile={output_dir / output}", pdf
        )
        if status or said:
            problems.append(f"Ghostscript {device} (exit {status}): {said[:500]}")
    text = output_dir / f"{pdf.stem}-gs.txt"
    return problems, text.read_text(encoding="utf-8", errors="replace") if text.exists() else ""


def poppler_problems(pdf):
    problems = []
    fonts = run(["pdffonts", pdf])
    rows = fonts.stdout.splitlines()[2:]  # after the header and its rule
    # name type [type] encoding emb sub uni object ID: emb is the fifth field from the end
    not_embedded = [row.split()[0] for row in rows if row.split()[-5] != "yes"]
    if fonts.returncode or fonts.stderr.strip():
        problems.append(f"pdffonts: {fonts.stderr.strip()[:300]}")
    if not rows:
        problems.append("pdffonts: no font at all (is the text an image?)")
    if not_embedded:
        problems.append(f"fonts not embedded: {', '.join(not_embedded)}")
    text = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    if text.returncode or text.stderr.strip():
        problems.append(f"pdftotext: {text.stderr.strip()[:300]}")
    return problems, text.stdout


def pdfjs_results(pdfs, output_dir):
    """{path: pdf.js's result} for all files in one Node.js process."""
    script = ROOT / "tools" / "pdfjs" / "read_pdfs.mjs"
    read = run(["node", script, output_dir, *pdfs])
    if read.returncode:
        raise SystemExit(f"pdf.js could not run: {read.stderr.strip()[:1000]}")
    return {Path(result["file"]): result for result in json.loads(read.stdout)["results"]}


def words(text):
    return set(RUSSIAN_WORD.findall(text))


def check(pdfs, output_dir):
    """{name: [problems]} for every PDF (an empty list when it is clean)."""
    by_pdfjs = pdfjs_results(list(pdfs.values()), output_dir)
    report = {}
    for name, pdf in pdfs.items():
        problems, gs_text = ghostscript_problems(pdf, output_dir)
        found, poppler_text = poppler_problems(pdf)
        problems += found
        pdfjs = by_pdfjs[pdf]
        if pdfjs["error"]:
            problems.append(f"pdf.js: {pdfjs['error']}")
        problems += [f"pdf.js: {warning}" for warning in pdfjs["warnings"]]
        texts = {
            "Ghostscript": words(gs_text),
            "poppler": words(poppler_text),
            "pdf.js": words(pdfjs["text"]),
        }
        if len(texts["poppler"]) < MIN_RUSSIAN_WORDS:
            problems.append(f"poppler reads {len(texts['poppler'])} Russian words")
        for reader in ("Ghostscript", "pdf.js"):
            if texts[reader] != texts["poppler"]:
                missing = sorted(texts["poppler"] - texts[reader])[:10]
                extra = sorted(texts[reader] - texts["poppler"])[:10]
                problems.append(f"{reader} reads other words than poppler: missing {missing}, extra {extra}")
        report[name] = problems
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--existing", action="store_true", help="read the configured demo instead of a fresh one"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "pdf-check", help="where the PNGs go")
    options = parser.parse_args()
    for tool in ("gs", "pdffonts", "pdftotext", "node"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install ghostscript poppler-utils nodejs")
    with tempfile.TemporaryDirectory(prefix="pdf-check-") as scratch:
        start_django(None if options.existing else Path(scratch) / "var")
        if not options.existing:
            seed_demo()
        if options.output.exists():
            shutil.rmtree(options.output)
        options.output.mkdir(parents=True)
        pdfs = stored_pdfs()
        for name, body in generated_pdfs().items():
            path = Path(scratch) / name
            path.write_bytes(body)
            pdfs[name] = path
        # One short, unique file name per PDF, so that the PNGs tell which is which.
        named = {}
        for name, path in sorted(pdfs.items()):
            copy = options.output / re.sub(r"[^\w.-]+", "-", name)
            shutil.copyfile(path, copy)
            named[name] = copy
        report = check(named, options.output)
    failed = {name: problems for name, problems in report.items() if problems}
    for name, problems in report.items():
        print(f"{'FAIL' if problems else 'ok  '} {name}")
        for problem in problems:
            print(f"     {problem}")
    print(f"{len(report) - len(failed)} of {len(report)} PDFs open cleanly; pages drawn in {options.output}")
    return 1 if failed or not report else 0


if __name__ == "__main__":
    sys.exit(main())
