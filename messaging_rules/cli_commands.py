"""The commands of the command line: what each prints, as text or as JSON.

Each command is a handler ``run_…(args, lang, out) -> int``: it reads the parsed
arguments, writes its output in the language *lang* to *out* and returns the exit
code (:mod:`messaging_rules.cli_shared`).
Bad input raises :class:`~messaging_rules.cli_shared.UsageError` or, for a policy
file, :class:`~messaging_rules.policy_errors.PolicyError`; an output file that
cannot be used raises :class:`~messaging_rules.streams.OutputError`.
:func:`messaging_rules.cli.build_parser` gives each command its arguments and its
handler.

>>> import argparse, io
>>> out = io.StringIO()
>>> run_rules(argparse.Namespace(format="text"), "de", out)
0
>>> print(out.getvalue().splitlines()[0])
R1: Private WhatsApp-App nur für private Zwecke
"""

from __future__ import annotations

import argparse
from typing import TextIO

from .cli_shared import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, document
from .i18n import N_, label, plural_translator, translate, translator
from .model import Finding, Situation
from .policy import load_policy
from .policy_audit import audit, audit_totals
from .policy_errors import printable
from .policy_files import policy_identity
from .render import policy_document, to_html
from .rules import RULES, check, recommend, rule
from .schema import SITUATION
from .streams import Lazy, OutputError, print_json, write_error, write_file
from .vocabulary import Contacts, Platform, Verdict

__all__ = [
    "run_audit",
    "run_check",
    "run_policy_render",
    "run_recommend",
    "run_rules",
]


def _situation(args: argparse.Namespace) -> Situation:
    """The situation that the options of *args* describe.

    The options are those of :func:`messaging_rules.cli_parser.add_situation`.
    """
    return Situation(**{d.name: getattr(args, d.name) for d in SITUATION})


def _describe(situation: Situation, lang: str, *, full: bool = True) -> str:
    """One line naming the parts of a situation, in *lang*.

    Without *full*, contacts and platform are left out unless they differ from the
    defaults.
    """
    _ = translator(lang)
    parts = [label(situation.counterpart, lang), label(situation.content, lang)]
    if full or situation.contacts is not Contacts.FULL_ADDRESS_BOOK:
        parts.append(label(situation.contacts, lang))
    if full or situation.platform is not Platform.ANDROID:
        parts.append(label(situation.platform, lang))
    parts.extend(_(d.mark) for d in SITUATION if d.flag and getattr(situation, d.name))
    return " · ".join(parts)


def _verdict_line(finding: Finding, lang: str) -> str:
    return f"{label(finding.verdict, lang)} ({', '.join(finding.rules)})"


def _details(finding: Finding, lang: str, indent: str, out: TextIO) -> None:
    _ = translator(lang)
    for reason in finding.reasons:
        print(f"{indent}{_('Why:')} {translate(reason, lang)}", file=out)
    for condition in finding.conditions:
        print(f"{indent}{_('Condition:')} {translate(condition, lang)}", file=out)


def run_check(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = translator(lang)
    situation = _situation(args)
    finding = check(args.channel, situation)
    if args.format == "json":
        report = document(
            "check", lang, situation=situation.to_dict(), result=finding.to_dict(lang)
        )
        print_json(report, out)
        return EXIT_OK
    print(f"{_('Channel:')} {label(finding.channel, lang)}", file=out)
    print(f"{_('Situation:')} {_describe(situation, lang)}", file=out)
    print(f"{_('Verdict:')} {_verdict_line(finding, lang)}", file=out)
    for rule_id in finding.rules:
        print(f"  {rule_id}: {translate(rule(rule_id).title, lang)}", file=out)
    _details(finding, lang, "  ", out)
    print(_("This is general information, not legal advice."), file=out)
    return EXIT_OK


def run_recommend(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = translator(lang)
    situation = _situation(args)
    findings = recommend(situation)
    if args.format == "json":
        results = [f.to_dict(lang) for f in findings]
        print_json(document("recommend", lang, situation=situation.to_dict(), results=results), out)
        return EXIT_OK
    print(f"{_('Situation:')} {_describe(situation, lang)}", file=out)
    print(_("Channels, best first:"), file=out)
    for number, finding in enumerate(findings, 1):
        print(f"{number}. {label(finding.channel, lang)}: {_verdict_line(finding, lang)}", file=out)
        _details(finding, lang, "   ", out)
    print(_("This is general information, not legal advice."), file=out)
    return EXIT_OK


def run_rules(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = translator(lang)
    if args.format == "json":
        results = []
        for r in RULES:
            item = r.to_dict()
            item["title"] = translate(r.title, lang)
            item["article_claim"] = translate(r.article_claim, lang) if r.article_claim else ""
            results.append(item)
        print_json(document("rules", lang, results=results), out)
        return EXIT_OK
    for r in RULES:
        print(f"{r.id}: {translate(r.title, lang)}", file=out)
        print(f"    {_('Status:')} {label(r.status, lang)}", file=out)
        if r.article_claim:
            print(f"    {_('The 2018 article:')} {translate(r.article_claim, lang)}", file=out)
        print(f"    {_('Sources:')} {', '.join(r.sources)}", file=out)
    return EXIT_OK


def run_audit(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = translator(lang)
    _n = plural_translator(lang)
    policy = load_policy(args.policy)
    findings = audit(policy)
    errors = sum(1 for f in findings if f.verdict == Verdict.NOT_ALLOWED)
    warnings = len(findings) - errors
    code = EXIT_FINDINGS if errors else EXIT_OK
    if args.format == "json":
        report = document(
            "audit",
            lang,
            policy={"name": policy.name, "path": args.policy},
            totals=audit_totals(policy, findings),
            results=Lazy(lambda: (f.to_dict(lang) for f in findings), len(findings)),
        )
        print_json(report, out)
        return code
    path = printable(args.policy)
    # The policy's name in the output's language (``name_de``), as ``policy render`` prints it.
    name = policy.text("name", lang)
    heading = f"{printable(name)} ({path})" if name else path
    print(f"{_('Policy:')} {heading}", file=out)
    print(
        _n(
            "{count} combination checked", "{count} combinations checked", policy.combinations
        ).format(count=policy.combinations),
        file=out,
    )
    for finding in findings:
        assert finding.entry is not None and finding.situation is not None
        where = _("entry {number}").format(number=finding.entry.number)
        if finding.entry.line is not None:
            where = _("entry {number}, line {line}").format(
                number=finding.entry.number, line=finding.entry.line
            )
        kind = _("Error") if finding.severity == "error" else _("Warning")
        print(
            f"{kind} ({where}): {label(finding.channel, lang)} · "
            f"{_describe(finding.situation, lang, full=False)}: {_verdict_line(finding, lang)}",
            file=out,
        )
        _details(finding, lang, "    ", out)
    if not findings:
        print(_("No problems: the policy allows nothing that the rules advise against."), file=out)
    else:
        print(
            _("Result: {errors}, {warnings}.").format(
                errors=_n("{count} error", "{count} errors", errors).format(count=errors),
                warnings=_n("{count} warning", "{count} warnings", warnings).format(count=warnings),
            ),
            file=out,
        )
    return code


def run_policy_render(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    """Render the policy as HTML: to standard output (``-o -`` too) or to ``-o FILE``.

    With ``--format json`` standard output gets a JSON report instead: the policy,
    the output file and the problems, and the HTML itself under ``html`` when no
    file was named.  ``-o`` never names the policy file (exit code 2).
    """
    _ = translator(lang)
    if args.output == "":
        raise OutputError(
            N_("no output file given: name a file, or - for standard output"), code=EXIT_INPUT
        )
    policy = load_policy(args.policy)
    sheet = policy_document(policy, lang)
    html = to_html(sheet)
    to_file = args.output not in (None, "-")
    if to_file:
        write_file(args.output, html.encode("utf-8"), policy_identity(args.policy))
    if args.format == "json":
        report = document(
            "policy render",
            lang,
            policy={"name": policy.name, "path": args.policy},
            output=args.output if to_file else None,
            problems=list(sheet.problems),
            **({} if to_file else {"html": html}),
        )
        print_json(report, out)
    elif not to_file:
        out.write(html)
    if sheet.problems:
        write_error(
            _("Warning: the rules advise against parts of this policy; run audit for details.")
            + "\n"
        )
    errors = any(f.verdict == Verdict.NOT_ALLOWED for f in audit(policy))
    return EXIT_FINDINGS if errors else EXIT_OK
