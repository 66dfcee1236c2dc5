"""The channel chooser on ``how-to/choose-a-channel``: the rules' own answer, in a browser.

Every comparison goes through :func:`cli_recommend`, which runs
``python -m messaging_rules recommend --format json`` (in-process, the same ``main``)
and accepts both shapes of its output: the plain list of findings and the object
with ``"results"`` whose texts are ``{"id", "text"}``.  The data tests check all 2880
situations in both languages without a browser; the browser tests load the page
with the situation in the address and read the rendered answer, for every situation
the form can ask (the platform never changes a verdict, rule R8) in English and for a
fixed sample in German.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import json
import random
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from chooser import CSS_FILE, DATA_FILE, SCRIPT_FILE, chooser_data, questions

from messaging_rules import FLAGS, Channel, Situation, all_situations, recommend
from messaging_rules.cli import main as cli_main
from messaging_rules.i18n import label
from tests.test_browser import CSP_LISTENER, LANGUAGES, LOCALES, Recorder

ROOT = Path(__file__).resolve().parent.parent
PAGE = "how-to/choose-a-channel.html"
FALLBACK = "how-to-choose-a-channel-matrix"
SITUATIONS = list(all_situations())
#: The situations the form can ask for: every one on the default platform.
ASKABLE = [s for s in SITUATIONS if str(s.platform) == "android"]
# At least 100 situations drawn from the whole space, the same ones every run.
SAMPLE = random.Random(13).sample(SITUATIONS, 120)
BUDGET = 25 * 1024  # gzip bytes the chooser may add to its page

Answer = list[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]


# -- the command line's answer --------------------------------------------------------


def _text(item: str | dict[str, str]) -> str:
    return item["text"] if isinstance(item, dict) else item


def normalise(output: Any) -> Answer:
    """One shape for both JSON formats of ``recommend``: (channel, verdict, rules,
    reasons, conditions) per channel, best first.

    >>> old = [{"channel": "sms", "verdict": "discouraged", "rules": ["R5"],
    ...         "reasons": ["Why."], "conditions": []}]
    >>> new = {"schema": 1, "results": [{"channel": "sms", "verdict": "discouraged",
    ...        "rules": ["R5"], "reasons": [{"id": "x", "text": "Why."}], "conditions": []}]}
    >>> normalise(old) == normalise(new) == [("sms", "discouraged", ("R5",), ("Why.",), ())]
    True
    """
    results = output["results"] if isinstance(output, dict) else output
    return [
        (
            r["channel"],
            r["verdict"],
            tuple(r["rules"]),
            tuple(_text(t) for t in r["reasons"]),
            tuple(_text(t) for t in r["conditions"]),
        )
        for r in results
    ]


def cli_arguments(situation: Situation) -> list[str]:
    args = ["--counterpart", situation.counterpart, "--content", situation.content,
            "--contacts", situation.contacts, "--platform", situation.platform]  # fmt: skip
    return [str(a) for a in args] + [
        f"--{flag.replace('_', '-')}" for flag in FLAGS if getattr(situation, flag)
    ]


@functools.cache
def cli_recommend(situation: Situation, language: str) -> Answer:
    """What ``recommend --format json --lang <language>`` says for *situation*."""
    out = io.StringIO()
    argv = ["recommend", *cli_arguments(situation), "--lang", language, "--format", "json"]
    with contextlib.redirect_stdout(out):
        assert cli_main(argv) == 0
    return normalise(json.loads(out.getvalue()))


def query(situation: Situation) -> str:
    """The situation as the chooser's address names it (the CLI's option names)."""
    params = {"counterpart": situation.counterpart, "content": situation.content,
              "contacts": situation.contacts, "platform": situation.platform}  # fmt: skip
    params |= {flag.replace("_", "-"): "1" for flag in FLAGS if getattr(situation, flag)}
    return "?" + urlencode({k: str(v) for k, v in params.items()})


# -- the data, without a browser --------------------------------------------------------


def decode(data: dict[str, Any], index: int) -> Answer:
    """Read the answer for situation *index* out of the chooser's data, as chooser.js does."""
    answer = []
    for number in data["situations"][index]:
        channel, verdict, rules, reasons, conditions = data["findings"][number]
        answer.append((
            data["channels"][channel],
            data["verdicts"][verdict],
            tuple(data["rules"][r] for r in rules),
            tuple(data["strings"][s] for s in reasons),
            tuple(data["strings"][s] for s in conditions),
        ))  # fmt: skip
    return answer


def library_recommend(situation: Situation, language: str) -> Answer:
    """What the command line prints as ``results``, taken from the library it calls."""
    return normalise([f.to_dict(language) for f in recommend(situation)])


@pytest.mark.parametrize("language", LANGUAGES)
def test_data_holds_the_command_lines_answer_for_every_situation(language: str) -> None:
    data = chooser_data(language, {})
    assert len(data["situations"]) == len(SITUATIONS) == 2880
    wrong = [
        query(s)
        for i, s in enumerate(SITUATIONS)
        if decode(data, i) != library_recommend(s, language)
    ]
    assert not wrong, f"{len(wrong)} situations differ, e.g. {wrong[:3]}"
    # The command line itself, for a fixed sample (all askable run in the browser tests):
    # it prints what the library returns, so the comparison above is the CLI's answer.
    for index in random.Random(language).sample(range(len(SITUATIONS)), 24):
        assert decode(data, index) == cli_recommend(SITUATIONS[index], language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_asks_in_the_words_of_the_command_lines_help(language: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["recommend", "--help", "--lang", language]) == 0
    help_text = " ".join(out.getvalue().split()).lower()
    asked = questions(language)
    assert {q.name for q in asked} == {"counterpart", "content", "contacts", "urgent",
                                       "business-letter", "recipient-request",
                                       "professional-secrecy", "group"}  # fmt: skip
    for question in asked:
        assert re.search(rf"--{question.name}\s", out.getvalue()), question.name
        assert " ".join(question.text.split()).lower() in help_text, question.text


# -- the built site ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_assets_load_on_the_chooser_page_only(site: Path, language: str) -> None:
    names = (DATA_FILE, SCRIPT_FILE, CSS_FILE)
    using = sorted(
        page.relative_to(site / language).as_posix()
        for page in (site / language).rglob("*.html")
        if any(f"_static/{name}" in page.read_text("utf-8") for name in names)
    )
    assert using == [PAGE]
    page = (site / language / PAGE).read_text("utf-8")
    for name in names:
        assert f"_static/{name}" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_script_and_data_stay_within_the_budget(site: Path, language: str) -> None:
    static = site / language / "_static"
    sizes = {n: len(gzip.compress((static / n).read_bytes(), 6)) for n in (DATA_FILE, SCRIPT_FILE)}
    sizes[CSS_FILE] = len(gzip.compress((static / CSS_FILE).read_bytes(), 6))
    assert sum(sizes.values()) <= BUDGET, sizes


def test_script_keeps_to_the_content_security_policy() -> None:
    script = (ROOT / "docs" / "_static" / SCRIPT_FILE).read_text("utf-8")
    for forbidden in ("eval(", "new Function", "innerHTML", 'setAttribute("style', ".style."):
        assert forbidden not in script, forbidden


# -- in the browser --------------------------------------------------------------------

RENDERED = """() => Array.from(document.querySelectorAll("#chooser-result [data-channel]"))
  .map((el) => [
    el.dataset.channel,
    el.dataset.verdict,
    Array.from(el.querySelectorAll("a[data-rule]")).map((a) => a.dataset.rule),
    Array.from(el.querySelectorAll(".chooser-reason")).map((li) => li.lastChild.textContent.trim()),
    Array.from(el.querySelectorAll(".chooser-condition"))
      .map((li) => li.lastChild.textContent.trim()),
  ])"""


def rendered(page) -> Answer:
    return [
        (c, v, tuple(r), tuple(why), tuple(cond)) for c, v, r, why, cond in page.evaluate(RENDERED)
    ]


@contextlib.contextmanager
def opened(browser, base_url: str, language: str, address: str = "", *scripts: str, **options):
    """The chooser page in a fresh context, with *address* (a query) and a request recorder."""
    context = browser.new_context(locale=LOCALES[language], **options)
    for script in (CSP_LISTENER, *scripts):
        context.add_init_script(script)
    context.set_default_timeout(20_000)
    try:
        recorder = Recorder(base_url)
        page = context.new_page()
        recorder.watch(page)
        page.goto(f"{base_url}/{language}/{PAGE}{address}", wait_until="load")
        yield page, recorder
    finally:
        context.close()


def _clean(page, recorder: Recorder) -> list[str]:
    return (
        [f"request to another host: {u}" for u in recorder.foreign]
        + [f"failed request: {f}" for f in recorder.failed]
        + [f"console error: {c}" for c in recorder.console]
        + [f"CSP violation: {v}" for v in page.evaluate("window.__csp")]
    )


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "situations"),
    [("en", ASKABLE), ("de", SAMPLE), ("en-sample", SAMPLE)],
    ids=["en-all-1440", "de-sample-120", "en-sample-120"],
)
def test_page_shows_the_command_lines_answer(
    browser, base_url: str, language: str, situations: list[Situation]
) -> None:
    """Loaded with a situation in the address, the page renders exactly ``recommend``."""
    language = language.removesuffix("-sample")
    with opened(browser, base_url, language) as (page, recorder):
        wrong = []
        for situation in situations:
            page.goto(f"{base_url}/{language}/{PAGE}{query(situation)}", wait_until="load")
            page.wait_for_selector("#chooser-result [data-channel]")
            if rendered(page) != cli_recommend(situation, language):
                wrong.append(query(situation))
        assert not wrong, f"{len(wrong)} of {len(situations)} differ, e.g. {wrong[:3]}"
        assert not _clean(page, recorder), _clean(page, recorder)


AXE_ALL = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                 "best-practice"]},
           "resultTypes": ["violations"]}  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("address", ["", query(SAMPLE[0]), query(Situation("consumer", "general"))])
def test_chooser_has_no_axe_violation_even_best_practice(
    browser, base_url: str, language: str, address: str, scheme: str
) -> None:
    """The form and every verdict's colours pass axe (WCAG 2.1 AA and best practice)."""
    from axe_playwright_python.base import AXE_SCRIPT

    with opened(browser, base_url, language, address, AXE_SCRIPT, color_scheme=scheme) as (
        page,
        recorder,
    ):
        options = json.dumps(AXE_ALL)
        result = page.evaluate(f"() => axe.run({{include: [['.channel-chooser']]}}, {options})")
        violations = [
            f"{v['id']}: {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
            for v in result["violations"]
        ]
        assert not violations, violations
        assert not _clean(page, recorder), _clean(page, recorder)


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {name: el.name || el.id || el.tagName, value: el.value || "", ring: ring,
          checked: Boolean(el.checked)};
}"""


def _tab_to(page, name: str, limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state["name"] == name:
            return state
    raise AssertionError(f"Tab never reached {name!r}")


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.browser
def test_keyboard_alone_chooses_and_back_returns_the_previous_answer(
    browser, base_url: str
) -> None:
    with opened(browser, base_url, "en") as (page, recorder):
        assert page.is_hidden("#chooser-answer")
        rings = []
        state = _tab_to(page, "counterpart")  # the first radio of an unanswered group
        rings.append(state["ring"])
        page.keyboard.press("Space")  # business client
        page.keyboard.press("ArrowDown")  # consumer
        rings.append(page.evaluate(FOCUSED)["ring"])
        rings.append(_tab_to(page, "content")["ring"])
        page.keyboard.press("Space")  # appointment
        page.wait_for_function("() => location.search.includes('content=appointment')")
        first = Situation("consumer", "appointment")
        assert _params(page.url) == {"counterpart": ["consumer"], "content": ["appointment"],
                                     "contacts": ["full-address-book"]}  # fmt: skip
        assert rendered(page) == cli_recommend(first, "en")
        rings.append(_tab_to(page, "urgent")["ring"])
        page.keyboard.press("Space")
        page.wait_for_function("() => location.search.includes('urgent=1')")
        second = Situation("consumer", "appointment", urgent=True)
        assert rendered(page) == cli_recommend(second, "en")
        best = label(Channel(cli_recommend(second, "en")[0][0]), "en")
        assert best in page.text_content("#chooser-status")
        # The button (Enter) moves the focus to the answer.
        rings.append(_tab_to(page, "BUTTON")["ring"])
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "chooser-answer-title"
        assert all(rings), rings
        page.go_back()
        page.wait_for_function("() => !location.search.includes('urgent')")
        assert rendered(page) == cli_recommend(first, "en")
        assert not page.is_checked("#chooser-urgent")
        page.go_forward()
        page.wait_for_function("() => location.search.includes('urgent=1')")
        assert rendered(page) == cli_recommend(second, "en")
        assert not _clean(page, recorder), _clean(page, recorder)


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_keeps_the_situation(browser, base_url: str, language: str) -> None:
    other = "de" if language == "en" else "en"
    situation = SAMPLE[1]
    with opened(browser, base_url, language, query(situation)) as (page, recorder):
        page.wait_for_selector("#chooser-result [data-channel]")
        page.click(f'nav.language-switch a[hreflang="{other}"]')
        page.wait_for_url(f"{base_url}/{other}/{PAGE}?*")
        assert _params(page.url) == _params(query(situation))
        page.wait_for_selector("#chooser-result [data-channel]")
        assert rendered(page) == cli_recommend(situation, other)
        assert not _clean(page, recorder), _clean(page, recorder)


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_printing_shows_the_situation_and_the_answer_not_the_form(
    browser, base_url: str, language: str
) -> None:
    situation = Situation("business-client", "confidential", business_letter=True)
    with opened(browser, base_url, language, query(situation)) as (page, _):
        page.wait_for_selector("#chooser-result [data-channel]")
        page.emulate_media(media="print")
        assert page.is_hidden("form.chooser-form")
        assert page.is_visible("#chooser-situation")
        described = page.text_content("#chooser-situation")
        for part in (situation.counterpart, situation.content):
            assert label(part, language) in described
        channels = page.locator("#chooser-result [data-channel]")
        assert channels.count() == 8
        assert all(channels.nth(i).is_visible() for i in range(8))
        assert page.pdf().startswith(b"%PDF-")


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_without_javascript_the_form_leads_to_the_table(
    browser, base_url: str, language: str
) -> None:
    with opened(browser, base_url, language, java_script_enabled=False) as (page, recorder):
        form = page.locator("form.chooser-form")
        assert form.get_attribute("method") == "get"
        assert page.locator("form.chooser-form fieldset legend").count() == 4
        assert page.is_visible(".chooser-noscript")
        assert page.is_hidden("#chooser-answer")
        page.check("#chooser-counterpart-colleague")
        page.check("#chooser-content-confidential")
        page.check("#chooser-urgent")
        page.click("button.chooser-submit")
        page.wait_for_url(re.compile(r".*\?.*#" + FALLBACK + "$"))
        assert _params(page.url) == {
            "counterpart": ["colleague"], "content": ["confidential"],
            "contacts": ["full-address-book"], "urgent": ["1"],
        }  # fmt: skip
        tables = page.locator(f"#{FALLBACK} table.decision-matrix")
        assert tables.count() == 3
        assert tables.first.is_visible()
        assert page.locator(f"#{FALLBACK} table.decision-matrix td.verdict-not-allowed").count() > 0
        assert not recorder.failed and not recorder.foreign
