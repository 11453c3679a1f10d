"""The desk end to end in a real browser: Debian's Chromium driven by Selenium through chromium-driver.

``exportscreen serve`` runs as the installed command on a store whose accounts were made with
``exportscreen users add``. A researcher uploads a controlled and a benign manuscript and sees both
verdicts; an adviser opens the controlled one from the queue, decides it, and the decision is in
the case history and the audit log (``exportscreen audit verify``). Without Chromium and
chromium-driver these tests skip and say why (.ci/run installs both).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reports.test_reports import chromium
from tests.robustness.cli import cli_env, exportscreen_command, run_cli
from tests.web.desk import EXAMPLES, PASSWORD

CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    chromium() is None or CHROMEDRIVER is None,
    reason="chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
#: Where `python -m tests.web.test_desk_browser` saves the README's screenshot of the verdict page.
SCREENSHOT = Path(__file__).parent / "verdict-page.png"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The desk served by the installed command, with a researcher and an adviser; (base URL, home)."""
    home = tmp_path / "home"
    for name, role in (("ola", "researcher"), ("kari", "adviser")):
        made = run_cli(["users", "add", name, "--role", role, "--lang", "en", "--password-stdin"], home,
                       stdin=PASSWORD + "\n")
        assert made.code == 0 and f"account '{name}' added as {role}" in made.out, made.err
    yield from _serve(home)


def _serve(home: Path) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    process = subprocess.Popen([exportscreen_command(), "serve", "--port", str(port)], env=cli_env(home),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/login", timeout=2) as response:  # noqa: S310 - local
                    if response.status == 200:
                        break
            except OSError:
                assert process.poll() is None, process.communicate()[1][-2000:]
                assert time.monotonic() < deadline, "the desk did not start"
                time.sleep(0.3)
        yield base, home
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
        assert "Traceback" not in err, err[-3000:]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium())
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1400", f"--user-data-dir={tmp_path / 'chrome'}", "--lang=en-GB"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _sign_in(driver: object, base: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()  # type: ignore[attr-defined]
    driver.get(f"{base}/login")  # type: ignore[attr-defined]
    driver.find_element(By.NAME, "name").send_keys(name)  # type: ignore[attr-defined]
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()  # type: ignore[attr-defined]
    _wait_until(driver, lambda d: d.current_url == f"{base}/")


def _wait_until(driver: object, condition: object, timeout: float = 60) -> None:
    """Wait for a navigation or a page change (a click returns before the next page may be there)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition)  # type: ignore[arg-type]


def _text(driver: object) -> str:
    """The page's visible text (read again if the page refreshed itself meanwhile)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By

    for _attempt in range(50):
        try:
            return " ".join(driver.find_element(By.TAG_NAME, "body").text.split())  # type: ignore[attr-defined]
        except (StaleElementReferenceException, NoSuchElementException):  # between two loads of a refresh
            time.sleep(0.2)
    raise AssertionError("the page kept changing")


def _wait_for_job(driver: object, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while "refreshes itself" in _text(driver):
        assert time.monotonic() < deadline, "screening did not finish"
        time.sleep(1)
        driver.refresh()  # type: ignore[attr-defined]


def test_upload_two_manuscripts_see_both_verdicts_decide_one_and_verify_the_log(
        served: tuple[str, Path], browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base, home = served
    driver = browser
    _sign_in(driver, base, "ola")
    chooser = driver.find_element(By.CSS_SELECTOR, "input[type=file]")  # type: ignore[attr-defined]
    chooser.send_keys(f"{EXAMPLES / 'fibre_laser_manuscript.pdf'}\n{EXAMPLES / 'honey_bee_foraging.txt'}")
    driver.find_element(By.CSS_SELECTOR, "form.drop button.primary").click()  # type: ignore[attr-defined]
    _wait_until(driver, lambda d: "/jobs/" in d.current_url)
    _wait_for_job(driver)
    shown = _text(driver)
    assert "fibre_laser_manuscript.pdf Licence review required" in shown, shown
    assert "honey_bee_foraging.txt No listed technology" in shown, shown
    driver.find_element(By.LINK_TEXT, "fibre_laser_manuscript.pdf").click()  # type: ignore[attr-defined]
    _wait_until(driver, lambda d: "/cases/" in d.current_url)
    verdict = _text(driver)
    assert "What happens next:" in verdict and "6A005" in verdict and "Review status: Open" in verdict
    marks = driver.find_elements(By.CSS_SELECTOR, "blockquote mark.term")  # type: ignore[attr-defined]
    assert marks and marks[0].is_displayed()  # the evidence is highlighted in its sentence
    assert not driver.find_elements(By.ID, "decide")  # type: ignore[attr-defined]  # a researcher does not decide
    case_url = driver.current_url  # type: ignore[attr-defined]
    if os.environ.get("EXPORTSCREEN_SCREENSHOT"):
        driver.save_screenshot(str(SCREENSHOT))  # type: ignore[attr-defined]

    _sign_in(driver, base, "kari")
    driver.get(f"{base}/queue")  # type: ignore[attr-defined]
    queue = _text(driver)
    assert "Licence review required" in queue and "fibre_laser_manuscript" not in queue  # saved under the desk's name
    driver.find_element(By.CSS_SELECTOR, "table.queue td.num a").click()  # type: ignore[attr-defined]
    _wait_until(driver, lambda d: d.current_url == case_url)
    Select(driver.find_element(By.NAME, "outcome")).select_by_value("licence_required")  # type: ignore[attr-defined]
    driver.find_element(By.NAME, "reason").send_keys("6A005.a.6 met; DEKSA application started")  # type: ignore
    driver.find_element(By.CSS_SELECTOR, "#decide button.primary").click()  # type: ignore[attr-defined]
    _wait_until(driver, lambda d: "Decided Licence required by kari" in _text(d))
    after = _text(driver)
    assert "Review status: Licence required" in after and "Decided Licence required by kari" in after
    case_id = case_url.rsplit("/", 1)[-1]
    shown_case = json.loads(run_cli(["review", "show", case_id, "--format", "json"], home).out)
    assert shown_case["history"][-1]["reviewer"] == "kari"
    assert shown_case["history"][-1]["reason"] == "6A005.a.6 met; DEKSA application started"
    verify = run_cli(["audit", "verify"], home)
    assert verify.code == 0, verify.err


def test_the_desk_in_norwegian_and_a_refused_sign_in(served: tuple[str, Path], browser: object) -> None:
    from selenium.webdriver.common.by import By

    base, _home = served
    driver = browser
    driver.get(f"{base}/login")  # type: ignore[attr-defined]
    driver.find_element(By.NAME, "name").send_keys("kari")  # type: ignore[attr-defined]
    driver.find_element(By.NAME, "password").send_keys("wrong password")  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()  # type: ignore[attr-defined]
    _wait_until(driver, lambda d: "failed=1" in d.current_url)
    assert "Wrong name or password." in _text(driver)
    _sign_in(driver, base, "kari")
    driver.find_element(By.CSS_SELECTOR, "button[value=nb]").click()  # type: ignore[attr-defined]
    _wait_until(driver, lambda d: "Logg ut" in _text(d))
    driver.get(f"{base}/queue")  # type: ignore[attr-defined]
    page = _text(driver)
    assert "Saksliste" in page and "Logg ut" in page
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"  # type: ignore[attr-defined]
