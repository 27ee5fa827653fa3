"""Checks schemas/portal-api.openapi.yaml against itself and against the running portal.

    python3 .ci/check_portal_api.py [MEYASU_BINARY]

1. The description is a valid OpenAPI 3.1 document (openapi-spec-validator), its file $refs
   (proposals-list.schema.json, …) resolved relative to schemas/.
2. With a built binary (default .build/debug/meyasu): in a temporary workspace with the sample
   proposals and surveys and one account per role, it starts `meyasu serve --port 0`, signs in
   with POST /api/login and calls every path of the description: each GET, the POSTs (answer,
   assign, notes on the department's own proposal; logout), anonymous calls (401), another
   department's proposal (404), writes without the CSRF token (403), bad values (400) and a
   lock-out (429). Every response must have a status the description lists for its operation,
   a JSON body, and that body must validate against the status's schema (file $refs resolved
   through a `referencing` registry of schemas/). Every operation must have been called.

Needs openapi-spec-validator, jsonschema and PyYAML. Exits 1 when anything fails.
"""
import http.client
import json
import os
import pathlib
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.parse

import jsonschema
import yaml
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

root = pathlib.Path(__file__).resolve().parent.parent
schemas = root / "schemas"
spec_path = schemas / "portal-api.openapi.yaml"
spec_uri = spec_path.as_uri()
PASSWORD = "api-check-password-1"
# Server bugs reported in review and not fixed yet: the check prints them as KNOWN instead of
# failing. Remove an entry once the server is fixed, so CI holds the fix.
KNOWN_SERVER_BUGS = set()
failed = 0


def fail(message):
    global failed
    failed += 1
    print(f"FAILED: {message}")


# 1. The description itself.
spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
try:
    validate_spec(spec, base_uri=spec_uri)
    print("openapi: schemas/portal-api.openapi.yaml is a valid OpenAPI 3.1 document")
except Exception as error:  # openapi-spec-validator raises its own OpenAPIValidationError
    fail(f"schemas/portal-api.openapi.yaml is not a valid OpenAPI document: {error}")

# The JSON Schemas beside it, under their file URIs (how the description refers to them) and
# their $id (how they refer to each other), and the description itself for its #/components.
resources = [(spec_uri, Resource(contents=spec, specification=DRAFT202012))]
for path in sorted(schemas.glob("*.schema.json")):
    document = json.loads(path.read_text(encoding="utf-8"))
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    resources.append((path.as_uri(), resource))
    if "$id" in document:
        resources.append((document["$id"], resource))
registry = Registry().with_resources(resources)


def pointer(*parts):
    return "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def response_schema(path, method, status):
    """The JSON pointer (in the description) of the schema for `status`, or a reason it has none."""
    operation = spec["paths"].get(path, {}).get(method)
    if operation is None:
        return None, f"{method.upper()} {path} is not in the description"
    responses = operation.get("responses", {})
    key = str(status)
    if key not in responses:
        return None, f"{method.upper()} {path} answered {status}, which the description does not list ({sorted(responses)})"
    where = ["paths", path, method, "responses", key]
    response = responses[key]
    if "$ref" in response:
        ref = response["$ref"]
        where = ref.lstrip("#/").split("/")
        response = spec
        for part in where:
            response = response[part]
    content = response.get("content", {}).get("application/json")
    if content is None or "schema" not in content:
        return None, f"{method.upper()} {path} {status}: the description gives no application/json schema"
    return "/" + pointer(*where, "content", "application/json", "schema"), None


called = set()


def check_response(path, method, status, headers, body, where):
    """Validates one response against the description."""
    called.add((path, method))
    location, problem = response_schema(path, method, status)
    if problem:
        fail(f"{where}: {problem}")
        return None
    content_type = headers.get("content-type", "")
    if not content_type.startswith("application/json"):
        fail(f"{where}: Content-Type {content_type!r}, not application/json")
        return None
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        fail(f"{where}: the body is not UTF-8 JSON ({error})")
        return None
    validator = jsonschema.Draft202012Validator({"$ref": f"{spec_uri}#{location}"}, registry=registry,
                                               format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    for error in errors[:10]:
        print(f"  {where}: {'/'.join(map(str, error.path)) or '(top)'}: {error.message[:300]}")
    print(f"api {where}: {status} {'FAILED' if errors else 'ok'}")
    if errors:
        fail(f"{where}: the {status} body does not match the description ({len(errors)} errors)")
    return document


class Client:
    """A cookie-keeping HTTP client for one account."""

    def __init__(self, port, name=None):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.name = name or "anonymous"

    def call(self, method, path, template=None, body=None, *, csrf=True, content_type="application/json",
             expect=None, known=None):
        """Calls `path` (a real path; `template` is the description's path) and checks the answer."""
        template = template or urllib.parse.urlsplit(path).path
        headers = {}
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
            headers["Content-Type"] = content_type
        if self.cookie:
            headers["Cookie"] = self.cookie
        if csrf and self.csrf and method == "POST":
            headers["X-CSRF-Token"] = self.csrf
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        response_headers = {k.lower(): v for k, v in response.getheaders()}
        connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            if header.startswith("meyasu_session="):
                value = header.split(";", 1)[0]
                self.cookie = None if value == "meyasu_session=" else value
        where = f"{self.name}: {method} {path if len(path) <= 80 else path[:77] + '...'}"
        if known and response.status != expect and known in KNOWN_SERVER_BUGS:
            print(f"KNOWN: {where}: {known}")
            called.add((template, method.lower()))
            return response.status, None
        if expect is not None and response.status != expect:
            fail(f"{where}: status {response.status}, expected {expect} ({payload[:200].decode('utf-8', 'replace')})")
        document = check_response(template, method.lower(), response.status, response_headers, payload, where)
        return response.status, document

    def sign_in(self, name, password=PASSWORD, expect=200):
        self.name = name
        status, document = self.call("POST", "/api/login", body={"name": name, "password": password}, expect=expect)
        if status == 200 and document:
            self.csrf = document.get("csrf_token")
        return status, document


def start_server(binary, folder):
    log = open(pathlib.Path(folder) / "serve.log", "wb")
    process = subprocess.Popen([binary, "serve", "--port", "0"], cwd=folder, stdout=subprocess.PIPE, stderr=log,
                               start_new_session=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        first = lines.get(timeout=60).decode("utf-8", "replace").strip()
    except queue.Empty:
        first = ""
    prefix = "meyasu portal listening on "
    if not first.startswith(prefix):
        stop_server(process, log)
        raise RuntimeError(f"`meyasu serve --port 0` did not say where it listens (first line {first!r})")
    return process, log, urllib.parse.urlsplit(first[len(prefix):]).port


def stop_server(process, log):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log.close()


def meyasu(binary, args, folder, stdin=None, codes=(0,)):
    result = subprocess.run([binary, *args], cwd=folder, input=stdin, capture_output=True, text=True, timeout=300)
    if result.returncode not in codes:
        raise RuntimeError(f"meyasu {' '.join(args)} exited {result.returncode}: {result.stderr.strip()[:300]}")
    return result.stdout


def exercise(port, proposals):
    """Every operation of the description, as each role would call it."""
    own, handed, other = proposals["own"], proposals["handed"], proposals["other"]

    # Anonymous: every GET is 401; a write without a session fails the CSRF check first (403).
    anonymous = Client(port)
    for path in ("/api/session", "/api/proposals", f"/api/proposals/{own}", "/api/board", "/api/survey/summary"):
        template = "/api/proposals/{id}" if path.endswith(str(own)) else path
        anonymous.call("GET", path, template, expect=401)
    anonymous.call("POST", f"/api/proposals/{own}/answer", "/api/proposals/{id}/answer", {"status": "検討中"}, expect=403)
    anonymous.call("POST", "/api/logout", expect=403)
    anonymous.call("POST", "/api/login", body=b"name=x&password=y", content_type="application/x-www-form-urlencoded", expect=400)
    anonymous.call("POST", "/api/login", body=b"{not json", expect=400)
    anonymous.call("POST", "/api/login", body={"name": "nobody", "password": "wrong-password"}, expect=401)
    anonymous.call("POST", "/api/login", body=b"{" + b" " * (2 * 1024 * 1024) + b"}", expect=413)
    anonymous.call("POST", "/api/login", body=b'{"name": "' + b"a" * (100 * 1024) + b'", "password": "x"}', expect=413,
                   known="POST /api/login with a body over 64 KiB answers 500, not 413")

    # A department: its queue, its proposal, its changes; another department's proposal is 404.
    jinji = Client(port)
    jinji.sign_in("jinji-tanto")
    jinji.call("GET", "/api/session", expect=200)
    status, listed = jinji.call("GET", "/api/proposals", expect=200)
    if listed is not None and any(p.get("department") != "jinji" for p in listed):
        fail("jinji-tanto: GET /api/proposals lists another department's proposal")
    jinji.call("GET", "/api/proposals?department=shimin&per_page=5", "/api/proposals", expect=200)
    jinji.call("GET", "/api/proposals?status=" + urllib.parse.quote("受付") + "&page=2&per_page=3", "/api/proposals", expect=200)
    jinji.call("GET", "/api/proposals?q=" + urllib.parse.quote("研修"), "/api/proposals", expect=200)
    jinji.call("GET", "/api/proposals?per_page=0", "/api/proposals", expect=400)
    jinji.call("GET", "/api/proposals?page=100001", "/api/proposals", expect=400)
    jinji.call("GET", "/api/proposals?status=" + urllib.parse.quote("不明"), "/api/proposals", expect=400)
    jinji.call("GET", f"/api/proposals/{own}", "/api/proposals/{id}", expect=200)
    jinji.call("GET", f"/api/proposals/{other}", "/api/proposals/{id}", expect=404)
    jinji.call("GET", "/api/proposals/99999999", "/api/proposals/{id}", expect=404)
    jinji.call("POST", f"/api/proposals/{own}/answer", "/api/proposals/{id}/answer", {"status": "検討中"}, csrf=False, expect=403)
    jinji.call("POST", f"/api/proposals/{own}/answer", "/api/proposals/{id}/answer", {"status": "実施済"}, expect=400)
    jinji.call("POST", f"/api/proposals/{own}/answer", "/api/proposals/{id}/answer", [1, 2], expect=400)
    jinji.call("POST", f"/api/proposals/{own}/answer", "/api/proposals/{id}/answer",
               {"status": "検討中", "text": "API の確認で回答します。"}, expect=200)
    jinji.call("POST", f"/api/proposals/{own}/answer", "/api/proposals/{id}/answer", {"publish": True}, expect=200)
    jinji.call("POST", f"/api/proposals/{other}/answer", "/api/proposals/{id}/answer", {"status": "検討中"}, expect=404)
    jinji.call("POST", f"/api/proposals/{own}/notes", "/api/proposals/{id}/notes", {"text": "API で追加したメモ"}, expect=201)
    jinji.call("POST", f"/api/proposals/{own}/notes", "/api/proposals/{id}/notes", {"text": ""}, expect=400)
    jinji.call("POST", f"/api/proposals/{own}/notes", "/api/proposals/{id}/notes",
               {"text": "長い" * (600 * 1024)}, expect=413)
    jinji.call("POST", f"/api/proposals/{other}/notes", "/api/proposals/{id}/notes", {"text": "他の課"}, expect=404)
    jinji.call("POST", f"/api/proposals/{handed}/assign", "/api/proposals/{id}/assign", {"department": "nowhere", "reason": "x"}, expect=400)
    jinji.call("POST", f"/api/proposals/{handed}/assign", "/api/proposals/{id}/assign", {"department": "kosei"}, expect=400)
    jinji.call("POST", f"/api/proposals/{handed}/assign", "/api/proposals/{id}/assign",
               {"department": "kosei", "reason": "福利厚生の担当"}, expect=200)
    jinji.call("GET", f"/api/proposals/{handed}", "/api/proposals/{id}", expect=404)
    jinji.call("POST", f"/api/proposals/{other}/assign", "/api/proposals/{id}/assign", {"department": "jinji", "reason": "x"}, expect=404)
    status, board = jinji.call("GET", "/api/board", expect=200)
    if board is not None and not any(a.get("answer") == "API の確認で回答します。" for a in board.get("answers", [])):
        fail("jinji-tanto: the answer published through the API is not on GET /api/board")
    jinji.call("GET", "/api/board?q=" + urllib.parse.quote("API の確認"), "/api/board", expect=200)
    jinji.call("GET", "/api/board?q=" + urllib.parse.quote("あ" * 201), "/api/board", expect=400)
    jinji.call("GET", "/api/survey/summary", expect=403)
    jinji.call("POST", "/api/logout", csrf=False, expect=403)
    jinji.call("POST", "/api/logout", expect=200)
    jinji.call("GET", "/api/session", expect=401)

    # HR: the survey summary.
    hr = Client(port)
    hr.sign_in("hr-tanto")
    hr.call("GET", "/api/session", expect=200)
    hr.call("GET", "/api/survey/summary", expect=200)
    hr.call("GET", "/api/survey/summary?year=2023&compare=2024", "/api/survey/summary", expect=200)
    hr.call("GET", "/api/survey/summary?year=1999", "/api/survey/summary", expect=400)
    hr.call("GET", "/api/survey/summary?year=2030", "/api/survey/summary", expect=404)
    hr.call("GET", "/api/survey/summary?year=2024&compare=2024", "/api/survey/summary", expect=400)
    hr.call("GET", "/api/proposals", expect=403)
    hr.call("GET", f"/api/proposals/{own}", "/api/proposals/{id}", expect=403)
    hr.call("GET", "/api/board", expect=200)

    # Admin: any department's queue and proposal.
    admin = Client(port)
    admin.sign_in("kanri")
    admin.call("GET", "/api/session", expect=200)
    admin.call("GET", "/api/proposals?department=shimin", "/api/proposals", expect=200)
    admin.call("GET", "/api/proposals?department=nowhere", "/api/proposals", expect=400)
    admin.call("GET", f"/api/proposals/{other}", "/api/proposals/{id}", expect=200)
    admin.call("GET", "/api/survey/summary", expect=200)

    # Staff: the board only.
    staff = Client(port)
    staff.sign_in("shokuin")
    staff.call("GET", "/api/board", expect=200)
    staff.call("GET", "/api/proposals", expect=403)

    # Lock-out: the fifth wrong password locks the account (429), and the right one then too.
    locked = Client(port)
    for attempt in range(1, 6):
        locked.sign_in("lock-target", f"wrong-password-{attempt}", expect=401 if attempt < 5 else 429)
    locked.sign_in("lock-target", expect=429)


def check_server(binary):
    with tempfile.TemporaryDirectory(prefix="meyasu-api-") as folder:
        meyasu(binary, ["init"], folder)
        exports = root / "samples" / "exports"
        meyasu(binary, ["import", "proposals", str(exports / "proposals-utf8bom.csv")], folder, codes=(0, 3))
        for name in ("survey-fy2023.csv", "survey-fy2024.csv"):
            meyasu(binary, ["import", "survey", str(exports / name)], folder, codes=(0, 3))
        for name, role, department in [("kanri", "admin", None), ("hr-tanto", "hr", None),
                                       ("jinji-tanto", "department", "jinji"), ("shokuin", "staff", None),
                                       ("lock-target", "staff", None)]:
            meyasu(binary, ["user", "add", name, "--role", role] + (["--department", department] if department else []),
                   folder, stdin=PASSWORD + "\n")
        listing = lambda department, status: json.loads(meyasu(
            binary, ["proposals", "list", "--department", department, "--status", status, "--format", "json", "--limit", "5"], folder))
        jinji = listing("jinji", "受付")
        shimin = listing("shimin", "受付")
        if len(jinji) < 2 or not shimin:
            raise RuntimeError("the samples should give 人事課 two and 市民課 one proposal in 受付")
        proposals = {"own": jinji[0]["id"], "handed": jinji[1]["id"], "other": shimin[0]["id"]}
        process, log, port = start_server(binary, folder)
        try:
            exercise(port, proposals)
        finally:
            stop_server(process, log)
        if failed:
            tail = (pathlib.Path(folder) / "serve.log").read_text(encoding="utf-8", errors="replace").splitlines()[-10:]
            print("the server's last log lines:\n" + "\n".join(tail))


if len(sys.argv) > 2:
    sys.exit("usage: python3 .ci/check_portal_api.py [MEYASU_BINARY]")
binary = os.path.abspath(sys.argv[1] if len(sys.argv) == 2 else root / ".build" / "debug" / "meyasu")
if not os.access(binary, os.X_OK):
    sys.exit(f"no meyasu executable at {binary}; run `swift build` first")
try:
    check_server(binary)
except RuntimeError as error:
    fail(str(error))
operations = {(path, method) for path, item in spec["paths"].items() for method in item if method in ("get", "post")}
for path, method in sorted(operations - called):
    fail(f"{method.upper()} {path} is described but was never called")
print(f"portal API: {len(called)} of {len(operations)} operations called, {'FAILED' if failed else 'ok'} ({failed} failures)")
sys.exit(1 if failed else 0)
