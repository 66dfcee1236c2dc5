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
from chooser import (
    ANSWERS,
    CSS_FILE,
    DATA_FILE,
    HELP,
    HOW_TO,
    HOW_TO_GROUP,
    HOW_TO_MARKETING,
    HOW_TO_REQUEST,
    QUESTIONS,
    SCRIPT_FILE,
    SUMMARY,
    chooser_data,
    how_to,
    questions,
)

from messaging_rules import FLAGS, Channel, Situation, Verdict, all_situations, recommend
from messaging_rules.cli import main as cli_main
from messaging_rules.i18n import label
from messaging_rules.schema import SITUATION
from tests.test_browser import CSP_LISTENER, LANGUAGES, LOCALES, Recorder, _new_context, _open
from tools.site import translator

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
        channel, verdict, rules, reasons, conditions, _page = data["findings"][number]
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
def test_form_asks_every_part_of_the_situation_in_the_readers_words(language: str) -> None:
    """The form asks what ``recommend`` asks, under the command line's names (the URL
    parameters), but in the readers' words: every question and answer has its own
    msgid in chooser.py, translated in sphinx.po, and none is the command line's label."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["recommend", "--help", "--lang", language]) == 0
    asked = questions("en")
    assert {q.name for q in asked} == {"counterpart", "content", "contacts", "urgent",
                                       "business-letter", "recipient-request",
                                       "professional-secrecy", "group"}  # fmt: skip
    german = translator("de")
    for question in asked:
        assert re.search(rf"--{question.name}\s", out.getvalue()), question.name
        assert question.name in QUESTIONS, question.name
        assert question.default is None, question.name  # no answer chosen for the reader
        if language == "de":
            assert german.gettext(QUESTIONS[question.name]) != QUESTIONS[question.name]
        for value, text in question.choices:
            assert text == ANSWERS[value].replace("Art. 9", "Art.\u00a09")  # held together
            if language == "de":
                assert german.gettext(ANSWERS[value]) != ANSWERS[value], value
    # The words the readers had to translate (reader test, issue 21) are gone from the form.
    # (The command line now names special categories as the form does: "health data and
    # other special categories", so that value is no longer among them.)
    for value in ("consumer", "full-address-book"):
        assert ANSWERS[value] != label_of(value, "en")
        assert german.gettext(ANSWERS[value]) != label_of(value, "de")
    for text in HELP.values():
        assert language == "en" or german.gettext(text) != text, text


def label_of(value: str, language: str) -> str:
    """The command line's label of a value of the situation schema."""
    for dimension in SITUATION:
        if dimension.values is not None and value in [str(v) for v in dimension.values]:
            return label(dimension.values(value), language)
    raise KeyError(value)


def test_every_channel_and_page_of_the_answer_has_a_page_that_says_how() -> None:
    assert set(HOW_TO) == {str(c) for c in Channel}
    labels = {how_to(str(c), s) for s in SITUATIONS for c in Channel}
    assert labels <= {*HOW_TO.values(), HOW_TO_REQUEST, HOW_TO_GROUP, HOW_TO_MARKETING}


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
        # The contacts question has no answer chosen: the reader picks one.
        assert _params(page.url) == {"counterpart": ["consumer"], "content": ["appointment"]}
        rings.append(_tab_to(page, "contacts")["ring"])
        page.keyboard.press("Space")  # the whole address book
        page.wait_for_function("() => location.search.includes('contacts=full-address-book')")
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
        words = translator(language)
        for part in (situation.counterpart, situation.content, situation.contacts):
            text = ANSWERS[str(part)] if str(part) != "full-address-book" else SUMMARY[str(part)]
            assert words.gettext(text).replace("Art. 9", "Art.\u00a09") in described
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
            "counterpart": ["colleague"], "content": ["confidential"], "urgent": ["1"],
        }  # fmt: skip
        tables = page.locator(f"#{FALLBACK} table.decision-matrix")
        assert tables.count() == 3
        assert tables.first.is_visible()
        assert page.locator(f"#{FALLBACK} table.decision-matrix td.verdict-not-allowed").count() > 0
        assert not recorder.failed and not recorder.foreign


# -- the chooser in the reader's words (issue 21) --------------------------------------

VIEWPORTS = [(390, 844), (1280, 800)]
VIEWPORT_IDS = ["phone", "desktop"]
#: Typical answers of the reader test: the plumber's appointment, the physiotherapist's
#: report at the patient's request, the office's confidential offer.
TYPICAL = [
    Situation("consumer", "appointment", "no-access"),
    Situation("consumer", "special-category", "no-access", recipient_request=True,
              professional_secrecy=True),
    Situation("business-client", "confidential", "no-access", business_letter=True),
]  # fmt: skip
FORM_LABEL = "how-to-choose-a-channel-form"
FIRST_QUESTION = """() => {
  const box = document.querySelector("#chooser-counterpart").getBoundingClientRect();
  const first = document.querySelector("#chooser-counterpart .chooser-option");
  const form = document.querySelector("form.chooser-form").getBoundingClientRect();
  const prose = document.querySelector("#how-to-choose-a-channel-how").getBoundingClientRect();
  return {top: box.top, bottom: first.getBoundingClientRect().bottom,
          proseAfterForm: prose.top >= form.bottom};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_chooser_first_question_is_above_the_fold_with_no_answer_chosen(
    browser, base_url: str, language: str, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    context = _new_context(browser, language, viewport={"width": width, "height": height})
    try:
        for address in (f"{PAGE}", f"{PAGE}#{FORM_LABEL}"):
            page, response, recorder = _open(context, base_url, f"{base_url}/{language}/{address}")
            assert response is not None and response.status == 200
            place = page.evaluate(FIRST_QUESTION)
            assert 0 <= place["top"] and place["bottom"] <= height, (address, place)
            assert place["proseAfterForm"], "the explanation must follow the form"
            assert page.locator("form.chooser-form input:checked").count() == 0
            assert page.locator("input[name=contacts]").count() == 3
            assert page.is_hidden("#chooser-answer")
            assert not _clean(page, recorder), _clean(page, recorder)
            page.close()
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_start_and_sector_pages_link_straight_to_the_chooser_form(
    site: Path, language: str
) -> None:
    target = f"choose-a-channel.html#{FORM_LABEL}"
    pages = ["index.html", *(f"sectors/{p.stem}.html" for p in (ROOT / "docs" / "sectors")
                            .glob("*.md") if p.stem != "index")]  # fmt: skip
    for name in pages:
        text = (site / language / name).read_text("utf-8")
        assert re.search(rf'href="[^"]*how-to/{re.escape(target)}"', text), name
    chooser = (site / language / PAGE).read_text("utf-8")
    assert f'id="{FORM_LABEL}"' in chooser


def _answer_parts(page) -> dict[str, Any]:
    return page.evaluate("""() => {
      const expanded = [...document.querySelectorAll("#chooser-result .chooser-expanded")];
      return {
        expanded: expanded.map((el) => ({
          channel: el.dataset.channel,
          how: [...el.querySelectorAll(".chooser-howto a")].map((a) => a.href),
          reasons: el.querySelectorAll("p.chooser-reason").length,
          checklist: el.querySelectorAll("ul.chooser-checklist > li").length,
        })),
        folded: [...document.querySelectorAll("#chooser-result .chooser-other")].map((el) => ({
          open: el.querySelector("details").open,
          lines: Math.round(el.querySelector("summary").getBoundingClientRect().height
                            / parseFloat(getComputedStyle(el.querySelector("summary")).lineHeight)),
        })),
        groups: [...document.querySelectorAll("#chooser-result .chooser-group-title")]
          .map((h) => h.textContent),
      };
    }""")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_chooser_answer_shows_three_best_with_how_to_and_prints_on_one_a4_page(
    browser, base_url: str, language: str, viewport: tuple[int, int]
) -> None:
    """Answered by clicking, the best channels come first, at most three expanded, each
    with one reason, its conditions as a checklist and a link to a page that says how;
    the others one line each, grouped by verdict; "Print this answer" gives one A4 sheet."""
    from pypdf import PdfReader

    width, height = viewport
    context = _new_context(browser, language, viewport={"width": width, "height": height})
    # The browser's print dialog is not part of the test: count the calls instead.
    context.add_init_script(
        "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
    )
    try:
        page, _, recorder = _open(context, base_url, f"{base_url}/{language}/{PAGE}")
        for situation in TYPICAL:
            page.goto(f"{base_url}/{language}/{PAGE}", wait_until="load")
            page.check(f"#chooser-counterpart-{situation.counterpart}")
            page.check(f"#chooser-content-{situation.content}")
            page.check(f"#chooser-contacts-{situation.contacts}")
            for flag in FLAGS:
                if getattr(situation, flag):
                    page.check(f"#chooser-{flag.replace('_', '-')}")
            page.wait_for_selector("#chooser-result [data-channel]")
            assert rendered(page) == cli_recommend(situation, language)
            parts = _answer_parts(page)
            expected = cli_recommend(situation, language)
            assert 1 <= len(parts["expanded"]) <= 3, parts
            assert [e["channel"] for e in parts["expanded"]] == [c[0] for c in expected][:3]
            for item in parts["expanded"]:
                assert len(item["how"]) == 1, item
                assert re.search(r"/(how-to|explanation)/[a-z-]+\.html#", item["how"][0]), item
                assert context.request.get(item["how"][0]).status == 200
                assert item["reasons"] == 1, item
                conditions = next(c[4] for c in expected if c[0] == item["channel"])
                assert item["checklist"] == len(conditions), item
            assert all(not f["open"] and f["lines"] <= 2 for f in parts["folded"]), parts
            verdicts = [label(Verdict(v), language) for v in dict.fromkeys(
                c[1] for c in expected[len(parts["expanded"]):])]  # fmt: skip
            assert [g.lower() for g in parts["groups"]] == [v.lower() for v in verdicts]
            page.click("button.chooser-print")
            assert page.evaluate("window.__printed") >= 1
            sheets = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
            assert len(sheets) == 1, (situation, len(sheets))
            printed = " ".join((sheets[0].extract_text() or "").split())
            assert page.text_content(".chooser-answer-title").strip() in printed
            assert "R8" not in printed  # the form's note stays on the screen
            assert not _clean(page, recorder), _clean(page, recorder)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_chooser_with_the_contacts_question_open_shows_what_does_not_depend_on_it(
    browser, base_url: str, language: str
) -> None:
    """Left open, the contacts question hides no channel: those whose finding is the
    same for every answer are shown as the command line gives them, the others with
    the verdict each answer would give."""
    with opened(browser, base_url, language, "?counterpart=consumer&content=general") as (
        page,
        recorder,
    ):
        page.wait_for_selector("#chooser-result [data-channel]")
        answers = {c: cli_recommend(Situation("consumer", "general", c), language)
                   for c in ("full-address-book", "business-only", "no-access")}  # fmt: skip
        same = [f for f in answers["no-access"] if all(f in a for a in answers.values())]
        assert rendered(page) == same
        depends = page.eval_on_selector_all(
            "[data-open-channel]", "els => els.map(e => [e.dataset.openChannel, e.innerText])"
        )
        assert [d[0] for d in depends] == ["whatsapp-business-app"]
        for answer in answers.values():
            verdict = next(f[1] for f in answer if f[0] == "whatsapp-business-app")
            assert label(Verdict(verdict), language) in depends[0][1]
        assert not _clean(page, recorder), _clean(page, recorder)
