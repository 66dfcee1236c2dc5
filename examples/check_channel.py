"""Which channel should I use to move a customer's appointment at short notice?

Run from the top folder of the project (with the package installed, or with
``PYTHONPATH=.``)::

    python examples/check_channel.py
"""

from messaging_rules import Situation, recommend


def main() -> None:
    """Print every channel for the situation, best first, with the deciding rules."""
    situation = Situation(counterpart="consumer", content="appointment", urgent=True)
    print("Moving a consumer's appointment at short notice:")
    for finding in recommend(situation):
        rules = ", ".join(finding.rules)
        print(f"  {finding.channel:<28} {finding.verdict:<25} {rules}")


if __name__ == "__main__":
    main()
