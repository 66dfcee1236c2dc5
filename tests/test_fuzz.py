"""Property-based tests: random policies and random command lines never crash the CLI.

The only outcomes allowed are exit 0 or 1 with the documented JSON or text on
stdout, or exit 2 with one line (or one JSON object) on stderr: never exit 3, never
a traceback.  Policies are built from the real schema and then mutated (wrong
types, unknown keys and values, deep nesting, huge strings, odd Unicode, broken
bytes); command lines are drawn from real and wrong options and values.

The normal run stays fast; ``FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py`` runs
a long one.
"""

from __future__ import annotations

import json
import math
import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from messaging_rules import (
    Channel,
    Contacts,
    Content,
    Counterpart,
    Platform,
    PolicyError,
    Verdict,
    audit,
    load_policy,
)
from tests.conftest import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


pytestmark = pytest.mark.usefixtures("english_locale")


# -- a TOML writer for generated documents -------------------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string; control characters and quotes escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
        )
    raise TypeError(type(value))


def toml_document(data: dict[str, Any], inline_entries: bool) -> str:
    """Write *data* as TOML: ``[policy]`` and ``[[allow]]`` sections where possible."""
    lines: list[str] = []
    tables = {}
    for key, value in data.items():
        if (
            isinstance(value, dict)
            or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value))
            and not inline_entries
        ):
            tables[key] = value
        else:
            lines.append(f"{toml_string(key)} = {toml_value(value)}")
    for key, value in tables.items():
        sections = [value] if isinstance(value, dict) else value
        header = f"[{toml_string(key)}]" if isinstance(value, dict) else f"[[{toml_string(key)}]]"
        for section in sections:
            lines += ["", f"# {key}", header]
            lines += [f"{toml_string(k)} = {toml_value(v)}" for k, v in section.items()]
    return "\n".join(lines) + "\n"


# -- documents from the schema, then mutated -----------------------------------------

odd_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(["", " ", "\n", "\x1b[2J", "\u202e", "ä", "🙂", "sms ", "SMS", "x" * 5000])
scalars = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True)
    | st.dates()
    | odd_text
)
anything = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)


def deep(depth: int) -> Any:
    value: Any = "sms"
    for _ in range(depth):
        value = [value]
    return value


def enum_values(enum) -> st.SearchStrategy[Any]:
    real = st.sampled_from([m.value for m in enum])
    return real | st.lists(real, min_size=1, max_size=4, unique=True)


ENTRY_KEYS = {
    "channel": enum_values(Channel),
    "counterpart": enum_values(Counterpart),
    "content": enum_values(Content),
    "contacts": st.sampled_from([m.value for m in Contacts]),
    "platform": st.sampled_from([m.value for m in Platform]),
    "urgent": st.booleans(),
    "business_letter": st.booleans(),
    "recipient_request": st.booleans(),
    "note": odd_text,
}
REQUIRED = ("channel", "counterpart", "content")


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    optional = draw(st.lists(st.sampled_from(list(ENTRY_KEYS)[3:]), unique=True, max_size=6))
    return {key: draw(ENTRY_KEYS[key]) for key in [*REQUIRED, *optional]}


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """Apply zero or more random mutations to a policy document."""
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(
            st.sampled_from(
                ["wrong-type", "unknown-key", "unknown-value", "drop-key", "deep", "huge",
                 "top-level", "entry-type", "policy-header"]
            )
        )  # fmt: skip
        allow = value.get("allow")
        entry = draw(st.sampled_from(allow)) if isinstance(allow, list) and allow else None
        if kind == "wrong-type" and isinstance(entry, dict):
            entry[draw(st.sampled_from(list(ENTRY_KEYS)))] = draw(anything)
        elif kind == "unknown-key" and isinstance(entry, dict):
            entry[draw(odd_text)] = draw(anything)
        elif kind == "unknown-value" and isinstance(entry, dict):
            key = draw(st.sampled_from(list(ENTRY_KEYS)[:5]))
            entry[key] = draw(odd_text | st.lists(odd_text, max_size=3))
        elif kind == "drop-key" and isinstance(entry, dict) and entry:
            entry.pop(draw(st.sampled_from(sorted(entry))))
        elif kind == "deep" and isinstance(entry, dict):
            entry[draw(st.sampled_from(list(ENTRY_KEYS)))] = deep(
                draw(st.sampled_from([5, 60, 400]))
            )
        elif kind == "huge" and isinstance(entry, dict):
            entry[draw(st.sampled_from(list(ENTRY_KEYS)))] = "é" * draw(st.integers(1000, 200_000))
        elif kind == "top-level":
            value[draw(st.sampled_from(["allow", "policy", "allows", "x"]))] = draw(anything)
        elif kind == "entry-type" and isinstance(allow, list):
            allow.append(draw(anything))
        elif kind == "policy-header":
            value["policy"] = draw(
                st.dictionaries(
                    st.sampled_from(["name", "description", "reviewed_by", "reviewed", "owner"]),
                    anything,
                    max_size=4,
                )
            )
    return value


documents = st.builds(
    lambda policy, allow: {**({"policy": policy} if policy else {}), "allow": allow},
    st.fixed_dictionaries({}, optional={"name": odd_text, "reviewed": st.dates()}),
    st.lists(entries(), max_size=5),
).flatmap(mutated)


@st.composite
def broken_bytes(draw: st.DrawFn, text: str) -> bytes:
    """Edit the bytes of a document: insert junk, cut it short, or add a BOM."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "truncate", "bom", "latin-1", "nul"]))
        if kind == "insert":
            data[at:at] = draw(st.binary(max_size=8))
        elif kind == "truncate":
            del data[at:]
        elif kind == "bom":
            data[0:0] = b"\xef\xbb\xbf"
        elif kind == "latin-1":
            data[at:at] = "Müller".encode("latin-1")
        else:
            data[at:at] = b"\x00"
    return bytes(data)


# -- the oracle ----------------------------------------------------------------------


def run_cli(args: list[str]) -> tuple[int, str, str]:
    result = cli(*args)
    return result.returncode, result.stdout, result.stderr


def assert_documented(args: list[str], code: int, out: str, err: str) -> None:
    """The outcome is one of those the reference page documents."""
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in out + err
    event(f"exit {code}")
    fmt = "json" if "json" in args and "--format" in " ".join(args) else "text"
    if code == 2:
        assert out == "" or "--help" in args or "-h" in args
        lines = err.splitlines()
        assert len(lines) == 1, err
        if fmt == "json" and lines[0].startswith("{"):
            data = json.loads(lines[0])
            assert data["schema"] == 1 and data["exit_code"] == 2 and data["error"]
            event(f"policy error: {data['kind']}" if "kind" in data else "usage error")
        return
    assert err == "", err
    if out.startswith("{"):
        document = json.loads(out)
        assert document["schema"] == 1 and document["command"] in (
            "check", "recommend", "rules", "audit",
        )  # fmt: skip
        if document["command"] == "audit":
            not_allowed = document["totals"]["findings"]["not-allowed"]
            assert code == (1 if not_allowed else 0)
            assert len(document["results"]) == sum(document["totals"]["findings"].values())
    elif code == 1:
        assert "Result: " in out or "Ergebnis: " in out


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "policy.toml"


@FUZZ
@given(
    document=documents,
    inline=st.booleans(),
    fmt=st.sampled_from(["text", "json"]),
    lang=st.sampled_from(["en", "de"]),
)
def test_audit_on_random_policies(
    policy_file: Path, document: dict[str, Any], inline: bool, fmt: str, lang: str
) -> None:
    policy_file.write_text(toml_document(document, inline), "utf-8")
    args = ["audit", str(policy_file), "--format", fmt, "--lang", lang]
    code, out, err = run_cli(args)
    assert_documented(args, code, out, err)
    try:
        findings = audit(load_policy(policy_file))
    except PolicyError:
        assert code == 2
    else:
        assert code == (1 if any(f.verdict == Verdict.NOT_ALLOWED for f in findings) else 0)


@FUZZ
@given(data=st.data(), fmt=st.sampled_from(["text", "json"]), lang=st.sampled_from(["en", "de"]))
def test_audit_on_broken_bytes(policy_file: Path, data: st.DataObject, fmt: str, lang: str) -> None:
    text = toml_document(data.draw(documents), data.draw(st.booleans()))
    policy_file.write_bytes(data.draw(broken_bytes(text)))
    args = ["audit", str(policy_file), "--format", fmt, "--lang", lang]
    assert_documented(args, *run_cli(args))


OPTIONS = [
    "--channel", "--counterpart", "--content", "--contacts", "--platform", "--urgent",
    "--business-letter", "--recipient-request", "--lang", "--format", "--help", "-h",
    "--chan", "--urgent=yes", "--lang=de", "--format=json", "--", "-", "-x", "--nope",
]  # fmt: skip
VALUES = [
    *[m.value for m in (*Channel, *Counterpart, *Content, *Contacts, *Platform)],
    "en", "de", "fr", "text", "json", "xml", "SMS", "", "fax",
    "check", "recommend", "rules", "audit", "policy",
    "examples/policy-craft-shop.toml", "examples/policy-practice-whatsapp.toml",
    "no/such.toml", "/dev/null", ".",
]  # fmt: skip
tokens = (
    st.sampled_from(OPTIONS) | st.sampled_from(VALUES) | odd_text.filter(lambda t: "\x00" not in t)
)


@FUZZ
@given(
    command=st.sampled_from(["check", "recommend", "rules", "audit", "frobnicate", "--lang"]),
    rest=st.lists(tokens, max_size=12),
)
def test_random_command_lines(command: str, rest: list[str]) -> None:
    args = [command, *rest]
    code, out, err = run_cli(args)
    assert_documented(args, code, out, err)


# -- output encodings, output paths and streams ----------------------------------------

ENCODINGS = ["ascii", "latin-1", "cp1252", "utf-8", "utf-16"]


def toml_escaped(text: str) -> str:
    """*text* as a TOML basic string, every character but printable ASCII escaped."""
    plain = (c if " " <= c <= "~" and c not in '"\\' else f"\\U{ord(c):08X}" for c in text)
    return '"' + "".join(plain) + '"'


def run_on(encoding: str, args: list[str]) -> tuple[int, bytes, bytes]:
    """Run main() with standard output and error in *encoding* (strict), as bytes."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from messaging_rules.cli import main

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding=encoding, errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding=encoding, errors="strict", write_through=True)
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, out_bytes.getvalue(), err_bytes.getvalue()


@FUZZ
@given(
    name=odd_text.filter(lambda t: "\x00" not in t),
    encoding=st.sampled_from(ENCODINGS),
    lang=st.sampled_from(["en", "de"]),
    command=st.sampled_from(["audit", "render", "error"]),
)
def test_json_and_html_survive_any_output_encoding(
    policy_file: Path, name: str, encoding: str, lang: str, command: str
) -> None:
    policy_file.write_text(
        f'[policy]\nname = {toml_escaped(name)}\n\n[[allow]]\nchannel = "sms"\n'
        'counterpart = "consumer"\ncontent = "general"\n',
        "utf-8",
    )
    if command == "render":
        code, out, err = run_on(encoding, ["policy", "render", str(policy_file), "--lang", lang])
        assert code in (0, 1) and out.startswith(b"<!DOCTYPE html>")
        out.decode("utf-8")  # the HTML says UTF-8 and is UTF-8, whatever the stream
        return
    args = ["audit", str(policy_file)] if command == "audit" else ["check", "--channel", name]
    code, out, err = run_on(encoding, [*args, "--format", "json", "--lang", lang])
    if command == "audit":
        assert code in (0, 1), err
        assert json.loads(out.decode(encoding))["policy"]["name"] == name
    else:
        assert code == 2
        data = json.loads(err.decode(encoding))
        assert data["lang"] == lang and data["exit_code"] == 2


OUTPUTS = ["", "-", "SAME", "LINK", "new.html", "no/such/dir/x.html", "/dev/full", ".", "FIFO"]


@FUZZ
@given(
    target=st.sampled_from(OUTPUTS),
    fmt=st.sampled_from(["text", "json"]),
    lang=st.sampled_from(["en", "de"]),
)
def test_output_paths_never_destroy_the_policy_or_hang(
    tmp_path_factory: pytest.TempPathFactory, target: str, fmt: str, lang: str
) -> None:
    folder = tmp_path_factory.mktemp("out")
    policy = folder / "team.toml"
    original = (ROOT / "examples" / "policy-office.toml").read_bytes()
    policy.write_bytes(original)
    (folder / "link.html").symlink_to(policy)
    os.mkfifo(folder / "fifo")
    where = {"SAME": str(policy), "LINK": str(folder / "link.html"), "FIFO": str(folder / "fifo")}
    output = where.get(target, target if target.startswith(("/", "-")) or not target
                       else str(folder / target))  # fmt: skip
    args = ["policy", "render", str(policy), "-o", output, "--format", fmt, "--lang", lang]
    result = cli(*args)
    assert policy.read_bytes() == original
    assert result.returncode in (0, 2, 3), result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode:
        line = result.stderr.strip()
        assert "\n" not in line
        if fmt == "json":
            assert json.loads(line)["exit_code"] == result.returncode
    event(f"{target}: exit {result.returncode}")
