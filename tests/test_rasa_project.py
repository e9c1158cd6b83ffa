"""The Rasa project as a whole: training data validates and the test stories pass."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.trained_model import ROOT, ensure_model

RASA = str(Path(sys.executable).parent / "rasa")
ACTION_CODE = "\n".join(path.read_text() for path in (ROOT / "actions").glob("*.py"))


UNUSED_RESPONSE = re.compile(r"The utterance '(\w+)' is not used in any story or rule")
UNTRAINED_INTENT = re.compile(r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU")
# Intents that only the gateway sends (through Rasa's trigger_intent endpoint), never users.
TRIGGERED_INTENTS = {"handoff_closed"}


@pytest.fixture(scope="module")
def validation():
    """Run `rasa data validate` once for the tests of this module."""
    return subprocess.run(
        [RASA, "data", "validate", "--domain", "domain.yml", "--data", "data"],
        cwd=ROOT, capture_output=True, text=True,
    )


def test_training_data_validates(validation):
    result = validation
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]

    warnings = [line for line in output.splitlines() if "UserWarning" in line]
    other_warnings = [
        line
        for line in warnings
        if not UNUSED_RESPONSE.search(line)
        and not (UNTRAINED_INTENT.search(line) and UNTRAINED_INTENT.search(line).group(1) in TRIGGERED_INTENTS)
    ]
    assert other_warnings == []


def test_responses_unused_by_stories_are_sent_by_actions(validation):
    unused = set(UNUSED_RESPONSE.findall(validation.stdout + validation.stderr))
    sent_by_actions = {name for name in unused if name in ACTION_CODE or _sent_indirectly(name)}
    assert unused - sent_by_actions == set()


def _sent_indirectly(response: str) -> bool:
    """Tell whether a form sends ``response`` (utter_ask_<slot>) or an action builds its name.

    Status replies are named after the status, as in f"utter_ticket_status_{status}".
    """
    prefixes = ("utter_ticket_status_", "utter_admission_")
    return response.startswith("utter_ask_") or any(
        response.startswith(prefix) and f'f"{prefix}' in ACTION_CODE for prefix in prefixes
    )


@pytest.mark.e2e
def test_test_stories_pass(tmp_path, seeded_sqlite):
    result = subprocess.run(
        [
            RASA, "test", "core", "--model", str(ensure_model()),
            "--stories", "tests/test_stories.yml", "--out", str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        cwd=ROOT, capture_output=True, text=True,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-4000:]
    assert result.returncode == 0, details
