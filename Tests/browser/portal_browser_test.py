#!/usr/bin/env python3
"""The portal in a real browser (issue 8): headless Chromium driven by Selenium.

    python3 Tests/browser/portal_browser_test.py [--binary PATH] [--screenshots DIR] [--keep]

It makes a workspace in a temporary folder (`meyasu init`), imports the sample proposals and both
survey years, adds one account per role (admin, hr, department jinji and shimin, staff, and one
to lock out), starts `meyasu serve --port 0` there, and then, in Chromium:

1. signs in as 人事課 (jinji) through the /login form, filters its queue to 受付, opens the first
   proposal, answers it (回答文, 状態 検討中, 公開する) and sees the published answer and the new
   status; signs out;
2. signs in as 市民課 (shimin): /proposals/ID is the 404 page (見つかりません, status 404) and
   the shimin queue does not list it, not even when searched for by its title;
3. signs in as HR: /survey has the question × 課 heatmap (設問×課) and SVG trend charts;
4. signs in as staff: the answer is on /board;
5. types a wrong password five times: the page says the account is locked (ロックされています),
   and the right password does not get in.

With --screenshots DIR it saves the department queue, a proposal's detail and the HR survey
report at 1280×900 (portal-queue.png, portal-proposal.png, portal-survey.png, and
portal-survey-heatmap.png scrolled to the heatmap) and the queue at tablet width 820
(portal-queue-tablet.png); docs/images/ holds the committed ones. Japanese
text needs a Japanese font (Debian: fonts-noto-cjk); without one the checks still pass but the
screenshots show boxes.

Needs `chromium` and `chromium-driver` (Debian) and `selenium` (PyPI). The server is stopped at
the end, also on failure. Exits 0 when every check passed, 1 with a FAILED line otherwise, 2 when
it cannot run (no binary, no browser).
"""
import argparse
import http.client
import os
import pathlib
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

root = pathlib.Path(__file__).resolve().parent.parent.parent
PASSWORD = "browser-test-password-1"
ACCOUNTS = [  # name, role, department
    ("kanri", "admin", None),
    ("hr-tanto", "hr", None),
    ("jinji-tanto", "department", "jinji"),
    ("shimin-tanto", "department", "shimin"),
    ("shokuin", "staff", None),
    ("lock-target", "staff", None),
]
DESKTOP = (1280, 900)
TABLET = (820, 1180)


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def step(message):
    print(f"-- {message}", flush=True)


def run(binary, args, cwd, stdin=None, ok=(0,)):
    result = subprocess.run([binary, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300)
    if result.returncode not in ok:
        raise CheckFailed(f"`meyasu {' '.join(args)}` exited {result.returncode}: {result.stderr.strip()[:500]}")
    return result


def make_workspace(binary, folder):
    step(f"workspace in {folder}")
    run(binary, ["init"], folder)
    exports = root / "samples" / "exports"
    run(binary, ["import", "proposals", str(exports / "proposals-utf8bom.csv")], folder, ok=(0, 3))
    for name in ("survey-fy2023.csv", "survey-fy2024.csv"):
        run(binary, ["import", "survey", str(exports / name)], folder, ok=(0, 3))
    for name, role, department in ACCOUNTS:
        args = ["user", "add", name, "--role", role] + (["--department", department] if department else [])
        run(binary, args, folder, stdin=PASSWORD + "\n")


class Server:
    """`meyasu serve --port 0` in the workspace; its log goes to serve.log there."""

    def __init__(self, binary, folder):
        self.log_path = pathlib.Path(folder) / "serve.log"
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen([binary, "serve", "--port", "0"], cwd=folder, stdout=subprocess.PIPE,
                                        stderr=self.log, start_new_session=True)
        lines = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.process.stdout.readline()), daemon=True).start()
        try:
            first = lines.get(timeout=60).decode("utf-8", "replace").strip()
        except queue.Empty:
            first = ""
        prefix = "meyasu portal listening on "
        if not first.startswith(prefix):
            self.stop()
            raise CheckFailed(f"`meyasu serve --port 0` did not say where it listens (first line {first!r}); "
                              f"its log: {self.log_tail()}")
        self.base = first[len(prefix):].rstrip("/")
        self.port = urllib.parse.urlsplit(self.base).port
        step(f"portal at {self.base}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def log_tail(self, lines=15):
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    if not chromium or not os.path.exists(driver_path):
        print("cannot run: no chromium or chromedriver (Debian: apt-get install chromium chromium-driver)", file=sys.stderr)
        sys.exit(2)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=ja-JP", "--hide-scrollbars"):
        options.add_argument(argument)
    # The Debian driver, never one Selenium Manager would download.
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    return driver


class Portal:
    """The browser on the portal, with the checks a user would make."""

    def __init__(self, driver, server, screenshots):
        self.driver = driver
        self.server = server
        self.screenshots = screenshots

    # -- plumbing

    def url(self, path):
        return self.server.base + path

    def get(self, path):
        self.driver.get(self.url(path))

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def text(self):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.TAG_NAME, "body").text

    def css(self, selector):
        from selenium.webdriver.common.by import By
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector, what):
        found = self.css(selector)
        check(found, f"{what}: no `{selector}` on {self.path()}")
        return found[0]

    def status(self, path):
        """The HTTP status of `path` with the browser's session cookie (WebDriver cannot see statuses)."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status

    def viewport(self, size):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False})

    def click(self, element):
        """Clicks a link or a submit button and waits until the next page has loaded.

        A new document has a new `performance.timeOrigin`; waiting for the old page's element to
        go stale instead fails now and then with Chromium's "Node with given id does not belong
        to the document" while the page is being replaced.
        """
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait
        before = self.driver.execute_script("return performance.timeOrigin")
        element.click()

        def loaded(driver):
            try:
                origin, state = driver.execute_script("return [performance.timeOrigin, document.readyState]")
            except WebDriverException:  # between two documents
                return False
            return origin != before and state == "complete"
        WebDriverWait(self.driver, 60, poll_frequency=0.05).until(loaded)

    def screenshot(self, name, size=DESKTOP, scroll_to=None):
        """The viewport at `size`, from the top of the page or from `scroll_to`."""
        if not self.screenshots:
            return
        self.viewport(size)
        try:
            # WebDriver's scripts are not page scripts: the portal's CSP does not stop them.
            if scroll_to is not None:
                self.driver.execute_script("arguments[0].scrollIntoView(true); window.scrollBy(0, -12);", scroll_to)
            else:
                self.driver.execute_script("window.scrollTo(0, 0);")
            target = self.screenshots / name
            check(self.driver.save_screenshot(str(target)), f"could not save the screenshot {target}")
            step(f"screenshot {target}")
        finally:
            self.viewport(DESKTOP)

    # -- what a user does

    def sign_in(self, name, password=PASSWORD):
        self.get("/login")
        self.one("input[name=name]", "sign-in form").clear()
        self.one("input[name=name]", "sign-in form").send_keys(name)
        self.one("input[name=password]", "sign-in form").send_keys(password)
        self.click(self.one("section.login button[type=submit]", "sign-in form"))

    def sign_out(self):
        self.click(self.one("form.logout button", "the header's ログアウト button"))
        check(self.path() == "/login", f"signing out should land on /login, not {self.path()}")
        self.get("/proposals")
        check(self.path() == "/login", "after signing out /proposals should send the browser to /login")

    def signed_in_as(self, name, start):
        check(self.path() == start, f"{name} should start on {start}, not {self.path()} ({self.text()[:200]!r})")
        who = self.one("header .who", "the header's account line").text
        check(who.startswith(name), f"the header should name {name}, not {who!r}")
        check("nil" not in who, f"the header's account line shows a missing department as nil: {who!r}")


def department_answers(portal, answer):
    step("jinji: sign in, filter the queue, open a proposal, answer and publish")
    from selenium.webdriver.support.ui import Select

    portal.sign_in("jinji-tanto")
    portal.signed_in_as("jinji-tanto", "/proposals")
    check("人事課の提案" in portal.one("main h1", "the queue's heading").text, "the queue should be 人事課's")
    rows = portal.css("table.queue tbody tr")
    check(len(rows) > 0, "人事課's queue is empty")
    portal.screenshot("portal-queue.png")
    portal.screenshot("portal-queue-tablet.png", TABLET)

    Select(portal.one("form.filters select[name=status]", "the status filter")).select_by_visible_text("受付")
    portal.click(portal.one("form.filters button[type=submit]", "the filter button"))
    statuses = [cell.text for cell in portal.css("table.queue tbody td .status")]
    check(statuses and all(s == "受付" for s in statuses), f"the 受付 filter listed {sorted(set(statuses))}")
    link = portal.one("table.queue tbody tr a[href^='/proposals/']", "a proposal in the queue")
    title = link.text
    portal.click(link)
    proposal_id = int(portal.path().rsplit("/", 1)[1])
    check(title in portal.one("main h1", "the proposal's heading").text, f"proposal {proposal_id}'s page should show its title")
    check("振り分けの根拠" in portal.text(), "the proposal's page should explain its routing (振り分けの根拠)")

    form = portal.one("form[action$='/answer']", "the answer form")
    textarea = form.find_element("name", "text")
    textarea.clear()
    textarea.send_keys(answer)
    Select(form.find_element("name", "status")).select_by_visible_text("検討中")
    publish = form.find_element("name", "publish")
    if not publish.is_selected():
        publish.click()
    portal.click(form.find_element("css selector", "button[type=submit]"))

    check(portal.path() == f"/proposals/{proposal_id}", f"saving should come back to the proposal, not {portal.path()}")
    check("保存しました。" in portal.text(), f"no 保存しました。 after answering: {portal.text()[:300]!r}")
    published = portal.one(".answer .published", "the published answer").text
    check(answer in published, f"the published answer should read {answer!r}, not {published!r}")
    facts = portal.one("dl.facts", "the proposal's facts").text
    check("検討中" in facts, f"the status should now be 検討中: {facts!r}")
    check("回答を公開" in portal.one("section.history", "the history").text, "the history should record 回答を公開")
    portal.screenshot("portal-proposal.png")
    portal.sign_out()
    return proposal_id, title


def other_department_cannot_see(portal, proposal_id, title):
    step(f"shimin: proposal {proposal_id} is not there")
    portal.sign_in("shimin-tanto")
    portal.signed_in_as("shimin-tanto", "/proposals")
    check("市民課の提案" in portal.one("main h1", "the queue's heading").text, "the queue should be 市民課's")
    links = [a.get_attribute("href") for a in portal.css("table.queue a[href^='/proposals/']")]
    check(not any(h.endswith(f"/proposals/{proposal_id}") for h in links), f"市民課's queue lists proposal {proposal_id}")
    portal.get("/proposals?q=" + urllib.parse.quote(title))
    links = [a.get_attribute("href") for a in portal.css("table.queue a[href^='/proposals/']")]
    check(not any(h.endswith(f"/proposals/{proposal_id}") for h in links),
          f"searching 市民課's queue for the title finds proposal {proposal_id}")
    portal.get(f"/proposals/{proposal_id}")
    heading = portal.one("main h1", "the error page's heading").text
    check(heading == "見つかりません", f"/proposals/{proposal_id} should be the 404 page for 市民課, not {heading!r}")
    check(title not in portal.text(), "the 404 page shows the proposal's title")
    for path in (f"/proposals/{proposal_id}", f"/api/proposals/{proposal_id}"):
        status = portal.status(path)
        check(status == 404, f"{path} should answer 404 to 市民課, not {status}")
    check(portal.status("/proposals/99999999") == 404, "a proposal that does not exist should answer 404 too")
    portal.sign_out()


def hr_reads_survey(portal):
    step("hr: the survey report with its heatmap and charts")
    portal.sign_in("hr-tanto")
    portal.signed_in_as("hr-tanto", "/survey")
    headings = [h.text for h in portal.css(".report h2")]
    check(any(h.startswith("設問×課") for h in headings), f"no 設問×課 heatmap on /survey; headings: {headings}")
    check(portal.css(".report svg"), "no <svg> chart on /survey")
    check(portal.css(".report td[style*='background']"), "the heatmap's cells are not coloured")
    check("令和6年度" in portal.text(), "the survey page should show 令和6年度 (FY2024)")
    check(portal.status("/proposals") == 403, "HR should not reach the proposal queue (403)")
    portal.screenshot("portal-survey.png")
    heatmap = next(h for h in portal.css(".report h2") if h.text.startswith("設問×課"))
    portal.screenshot("portal-survey-heatmap.png", scroll_to=heatmap)
    portal.sign_out()


def staff_reads_board(portal, answer):
    step("staff: the answer on the board")
    portal.sign_in("shokuin")
    portal.signed_in_as("shokuin", "/board")
    check(answer in portal.text(), "the published answer is not on /board")
    portal.get("/board?q=" + urllib.parse.quote(answer.split("。")[0]))
    items = portal.css("article.board-item")
    check(len(items) >= 1 and any(answer in item.text for item in items), "searching /board for the answer does not find it")
    check(portal.status("/proposals") == 403, "staff should not reach the proposal queue (403)")
    portal.sign_out()


def lock_out(portal, attempts=5):
    step(f"lock-out: {attempts} wrong passwords")
    for attempt in range(1, attempts + 1):
        portal.sign_in("lock-target", "wrong-password-%d" % attempt)
        check(portal.path() == "/login", f"a wrong password (attempt {attempt}) should stay on /login, not {portal.path()}")
        message = portal.one("p.error", "the sign-in error").text
        if attempt < attempts:
            check("違います" in message, f"attempt {attempt}: expected the wrong-password message, got {message!r}")
    check("ロックされています" in message, f"after {attempts} wrong passwords the page should say ロックされています, not {message!r}")
    portal.sign_in("lock-target")
    check(portal.path() == "/login", "the right password got in during the lock-out")
    check("ロックされています" in portal.one("p.error", "the sign-in error").text, "the right password during the lock-out should still say ロックされています")


def main():
    parser = argparse.ArgumentParser(description="The portal in headless Chromium (Selenium).")
    parser.add_argument("--binary", default=str(root / ".build" / "debug" / "meyasu"), help="the meyasu executable (default .build/debug/meyasu)")
    parser.add_argument("--screenshots", metavar="DIR", help="save screenshots of the queue, a proposal and the survey here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace (and the server's log)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"cannot run: no meyasu executable at {binary}; run `swift build` or give --binary", file=sys.stderr)
        return 2
    try:
        import selenium  # noqa: F401
    except ImportError:
        print("cannot run: the selenium package is missing (pip install selenium)", file=sys.stderr)
        return 2
    screenshots = None
    if args.screenshots:
        screenshots = pathlib.Path(args.screenshots).resolve()
        screenshots.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    folder = tempfile.mkdtemp(prefix="meyasu-browser-")
    server = driver = None
    portal = None
    try:
        make_workspace(binary, folder)
        server = Server(binary, folder)
        driver = start_browser()
        portal = Portal(driver, server, screenshots)
        # Already in the display form (half-width digits, no full-width brackets), so it reads back as typed.
        answer = f"ブラウザ試験の回答です。来年度から試行します。試験番号 {os.getpid()}"
        proposal_id, title = department_answers(portal, answer)
        other_department_cannot_see(portal, proposal_id, title)
        hr_reads_survey(portal)
        staff_reads_board(portal, answer)
        lock_out(portal)
    except CheckFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        if driver is not None:
            shot = pathlib.Path(folder) / "failure.png"
            try:
                driver.save_screenshot(str(shot))
                print(f"the browser's page at the failure: {shot} ({driver.current_url})", file=sys.stderr)
                args.keep = True
            except Exception:  # the browser itself may be what failed
                pass
        if server is not None:
            print(f"the server's last log lines:\n{server.log_tail()}", file=sys.stderr)
        return 1
    except Exception as error:  # Selenium's own errors: a missing element, a timeout, a crashed browser
        ours = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__]
        where = f"line {ours[-1].lineno} ({ours[-1].name})" if ours else "?"
        print(f"FAILED: {type(error).__name__} at {where}: "
              f"{str(error).strip().splitlines()[0] if str(error).strip() else ''}"
              + (f" (browser at {driver.current_url})" if driver is not None else ""), file=sys.stderr)
        if server is not None:
            print(f"the server's last log lines:\n{server.log_tail()}", file=sys.stderr)
        return 1
    finally:
        if driver is not None:
            driver.quit()
        if server is not None:
            server.stop()
        if args.keep:
            print(f"kept: {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"browser test passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
