#!/usr/bin/env bash
# The add-on as another city's department installs it: its wheel alone in a fresh venv with Wagtail 7.4, a fresh
# `wagtail start` project, the README's two blocks appended as they are, then check, migrate,
# makemigrations --check, setup_centers, and over HTTP on a loopback port: a provisioned center's page, a material
# found in the library by a word of its PDF, a registration for a meeting. Exits non-zero on the first failure.
#
#   tools/ci_host_check.sh            (KEEP_HOST=1 keeps the temporary folder and prints where it is)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/centers-host.XXXXXX")
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "${KEEP_HOST:-0}" = 1 ]; then echo "host kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

step "building the add-on's wheel from the checkout (tracked and new files, nothing ignored)"
mkdir -p "$WORK/src" "$WORK/dist"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' \
  | tar --null -T - -cf -) | tar -xf - -C "$WORK/src"
"$PYTHON" -m venv "$WORK/venv"
VENV="$WORK/venv/bin"
"$VENV/pip" wheel --quiet --no-deps --wheel-dir "$WORK/dist" "$WORK/src" 2>&1 | grep -v "Location.*is ignored" || true
WHEEL=$(ls "$WORK"/dist/resource_centers-*.whl) || fail "no wheel built"
"$VENV/python" -c "import sys, zipfile; print('\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))" "$WHEEL" \
  >"$WORK/wheel-files.txt"
echo "$(basename "$WHEEL"): $(wc -l <"$WORK/wheel-files.txt") files in $(cut -d/ -f1 "$WORK/wheel-files.txt" | sort -u | tr '\n' ' ')"
grep -qx 'centers/library/stopwords/russian.txt' "$WORK/wheel-files.txt" || fail "the wheel lacks the stop words"
grep -q '^portal/' "$WORK/wheel-files.txt" && fail "the wheel carries the municipal site (portal)"

step "installing the wheel with Wagtail 7.4 into a fresh venv"
"$VENV/pip" install --quiet "$WHEEL" "wagtail>=7.4,<7.5" 2>&1 | grep -v "Location.*is ignored" || true
"$VENV/pip" check
for site_only in portal gunicorn whitenoise dj_database_url axes csp django_permissions_policy tqdm; do
  "$VENV/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$site_only') is not None)" \
    || fail "the add-on's wheel installed $site_only, which only the municipal site needs"
done
"$VENV/pip" list 2>/dev/null | grep -iE '^(django|wagtail|pillow|resource-centers) ' || true

step "wagtail start host; appending the README's two blocks (docs/installing.md must hold the same)"
(cd "$WORK" && "$VENV/wagtail" start host >/dev/null)
HOST="$WORK/host"
"$PYTHON" - "$ROOT/README.md" "$ROOT/docs/installing.md" "$HOST/host/settings/base.py" "$HOST/host/urls.py" <<'EOF'
import re
import sys

readme, guide, settings_file, urls_file = sys.argv[1:]


def block(path, title):
    text = open(path, encoding="utf-8").read()
    found = re.findall(r'^```python title="' + re.escape(title) + r'"\n(.*?)^```$', text, re.DOTALL | re.MULTILINE)
    if len(found) != 1:
        sys.exit(f"{path}: expected one block titled {title}, found {len(found)}")
    return found[0]


for title, target in (("settings/base.py", settings_file), ("urls.py", urls_file)):
    pasted = block(readme, title)
    if block(guide, title) != pasted:
        sys.exit(f"README.md and docs/installing.md differ in the block titled {title}")
    with open(target, "a", encoding="utf-8") as out:
        out.write("\n\n" + pasted)
    print(f"appended {len(pasted.splitlines())} lines to {title}")
EOF
cd "$HOST"
MANAGE=("$VENV/python" manage.py)

step "manage.py check"
"${MANAGE[@]}" check 2>&1 | tee "$WORK/check.txt" || fail "check found errors"
grep -q "System check identified no issues" "$WORK/check.txt" || fail "check is not clean with the README's blocks"

step "manage.py migrate"
"${MANAGE[@]}" migrate --noinput >"$WORK/migrate.txt" 2>&1 || { cat "$WORK/migrate.txt"; fail "migrate"; }
grep -c "Applying centers\." "$WORK/migrate.txt" | sed 's/^/centers migrations applied: /'

step "manage.py makemigrations --check --dry-run (the host gets no migration for the add-on)"
"${MANAGE[@]}" makemigrations --check --dry-run || fail "makemigrations would write a migration"

step "manage.py setup_centers, twice"
"${MANAGE[@]}" setup_centers || fail "setup_centers"
"${MANAGE[@]}" setup_centers >"$WORK/setup2.txt" || fail "setup_centers, second run"
grep -q "^created" "$WORK/setup2.txt" && fail "setup_centers created something on its second run"
echo "second run: $(grep -c '^found' "$WORK/setup2.txt") sections found, nothing created"

step "provisioning a center, a material with a PDF and an event with a meeting (manage.py shell)"
"${MANAGE[@]}" shell >"$WORK/prepared.txt" 2>&1 <<'EOF' || { cat "$WORK/prepared.txt"; fail "provisioning"; }
import datetime, io, json
from django.core.files.base import ContentFile
from django.utils import timezone
from centers.models import (CenterDocument, Direction, EventFormat, EventIndexPage, EventPage, MaterialAttachment,
    MaterialIndexPage, MaterialPage, MaterialType, Organization)
from centers.roles.provisioning import provision_center

def pdf_bytes(text):
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()

organization, _ = Organization.objects.get_or_create(short_name="School No. 7", defaults={"full_name": "Secondary School No. 7"})
direction, _ = Direction.objects.get_or_create(slug="inclusive", defaults={"name": "Inclusive education"})
center = provision_center(organization, direction)
document = CenterDocument(title="Field guide", file=ContentFile(pdf_bytes("Heliotrope meadows of the northern taiga"), name="guide.pdf"))
document.save()
material = MaterialPage(title="Outdoor biology lessons", slug="outdoor-biology", abstract="Lessons outside the classroom.",
    material_type=MaterialType.objects.order_by("pk").first(), year=timezone.localdate().year)
MaterialIndexPage.objects.child_of(center).get().add_child(instance=material)
material.attachments.add(MaterialAttachment(document=document))
material.save_revision().publish()
start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
event = EventPage(title="Seminar on inclusive lessons", slug="seminar", format=EventFormat.objects.order_by("pk").first(),
    start=start, end=start + datetime.timedelta(hours=2), place="Room 12", capacity=2)
EventIndexPage.objects.child_of(center).get().add_child(instance=event)
event.save_revision().publish()
event.refresh_from_db()
print("PREPARED " + json.dumps({"center": center.url, "material": material.title, "event": event.url, "event_id": event.pk}))
EOF
PREPARED=$(grep '^PREPARED ' "$WORK/prepared.txt" | cut -d' ' -f2-) || { cat "$WORK/prepared.txt"; fail "provisioning printed nothing"; }
echo "$PREPARED"

step "serving the host (runserver --noreload on the loopback)"
PORT=$("$VENV/python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"${MANAGE[@]}" runserver --noreload "127.0.0.1:$PORT" >"$WORK/server.txt" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  "$VENV/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/', timeout=5)" \
    2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.txt"; fail "the server stopped"; }
  sleep 0.5
done

step "over HTTP: the center's page, the library, the registration form"
"$VENV/python" - "http://127.0.0.1:$PORT" "$PREPARED" <<'EOF' || { echo "--- server log"; tail -n 60 "$WORK/server.txt"; fail "HTTP checks"; }
import http.cookiejar, json, re, sys, urllib.error, urllib.parse, urllib.request

base, prepared = sys.argv[1], json.loads(sys.argv[2])
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
failures = []

def get(path, **query):
    url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
    try:
        with opener.open(url) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

for path in ("/", prepared["center"], "/centers/", "/calendar/", "/communities/", "/application/", "/sitemap.xml",
             "/api/v2/pages/", "/api/v2/events/", "/feeds/materials/"):
    status, _ = get(path)
    check(status == 200, f"GET {path} -> {status}")
status, body = get(prepared["center"])
check(status == 200 and "Inclusive education" in body, "the center's page names its direction")
status, body = get("/library/", q="heliotrope")
check(status == 200 and prepared["material"] in body, f"GET /library/?q=heliotrope ({status}) finds «{prepared['material']}» by a word of its PDF")
status, body = get("/library/", q="outdoor biology")
check(status == 200 and prepared["material"] in body, "the library finds it by its title")
status, body = get(prepared["event"])
check(status == 200, f"GET the event page -> {status}")
status, form = get(prepared["event"] + "register/")
check(status == 200 and 'name="consent"' in form, f"GET the registration form -> {status}, with a consent box")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
check(token is not None, "the form carries a CSRF token")
if token:
    data = {"csrfmiddlewaretoken": token.group(1), "full_name": "Maria Ivanova", "position": "biology teacher",
            "organization": "School No. 7", "email": "ivanova@example.org", "phone": "+7 912 000-00-00", "consent": "on"}
    request = urllib.request.Request(base + prepared["event"] + "register/", data=urllib.parse.urlencode(data).encode(),
                                     headers={"Referer": base + prepared["event"] + "register/"})
    try:
        with opener.open(request) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode(errors="replace")
    check(status == 200, f"POST the registration form -> {status} (after its redirect)")
if failures:
    sys.exit(f"{len(failures)} HTTP check(s) failed")
EOF

step "the registration took a seat and its letter is queued"
"${MANAGE[@]}" shell -c "
from centers.models import OutgoingLetter, Registration
registration = Registration.objects.get(email='ivanova@example.org')
letters = [letter for letter in OutgoingLetter.objects.all() if 'ivanova@example.org' in str(letter.recipients)]
print('registration:', registration.status, '| seats left:', registration.occurrence.event.capacity - Registration.objects.filter(occurrence=registration.occurrence, status='confirmed').count(), '| letters:', len(letters))
assert registration.status == 'confirmed' and letters, 'no confirmed registration with its letter'
" || fail "no registration or no letter"

printf '\nAll host checks passed (wheel, check, migrate, makemigrations --check, setup_centers, HTTP).\n'
