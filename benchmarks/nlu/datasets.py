"""Training and held-out examples: our own data split, or a dataset folder.

A dataset folder has the common layout of slot-filling corpora (ATIS, SNIPS, MASSIVE
conversions): ``train/``, ``dev/`` and ``test/``. Each contains ``seq.in`` (one utterance
a line, tokens separated by spaces), ``seq.out`` (one BIO slot tag per token) and
``label`` (the intent of each line). ``train`` is the training part and ``test`` the
held-out part.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from scripts.evaluate_nlu import SEED
from scripts.trained_model import ROOT

OUR_DATA = ROOT / "data" / "nlu"
# The same split as ``rasa data split nlu --training-fraction 0.8 --random-seed 7``,
# which scripts/evaluate_nlu.py runs.
TRAINING_FRACTION = 0.8


@dataclass
class Dataset:
    """Training part, held-out part and the entity types the annotations use."""

    name: str
    training: TrainingData
    held_out: List[Message]
    annotated_types: set


def our_dataset(limit: Optional[int] = None) -> Dataset:
    """Split data/nlu 80/20 with the fixed seed; ``limit`` keeps about that many training examples."""
    from rasa.shared.data import get_nlu_directory
    from rasa.shared.nlu.training_data.loading import load_data

    # Loading through a copied folder, as the CLI does, keeps the file order and so the split.
    data = load_data(get_nlu_directory(str(OUR_DATA)))
    training, held_out = data.train_test_split(TRAINING_FRACTION, int(SEED))
    annotated_types = set(data.entities)
    return _limited(Dataset("data/nlu", training, held_out.intent_examples, annotated_types), limit)


def folder_dataset(folder: Path, limit: Optional[int] = None) -> Dataset:
    """Read ``folder/train`` for training and ``folder/test`` as the held-out part.

    ``limit`` keeps about that many training examples and half as many held-out ones.
    """
    training = read_split(folder / "train")
    held_out = read_split(folder / "test")
    annotated_types = {entity["entity"] for example in training + held_out for entity in example.get("entities", [])}
    dataset = Dataset(folder.name, TrainingData(training_examples=training), held_out, annotated_types)
    return _limited(dataset, limit)


def read_split(folder: Path) -> List[Message]:
    """Read one part (``seq.in``, ``seq.out``, ``label``) into annotated Rasa messages."""
    files = [folder / name for name in ("seq.in", "seq.out", "label")]
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"Dataset part {folder} is missing {', '.join(missing)}")

    utterances, tags, labels = (path.read_text(encoding="utf-8").splitlines() for path in files)
    if not len(utterances) == len(tags) == len(labels):
        raise ValueError(
            f"{folder}: seq.in, seq.out and label have {len(utterances)}, {len(tags)} and "
            f"{len(labels)} lines; each needs one line per utterance"
        )

    messages = []
    for number, (utterance, tag_line, label) in enumerate(zip(utterances, tags, labels), start=1):
        text, entities = bio_to_entities(utterance.split(), tag_line.split(), f"{folder}/seq.out:{number}")
        messages.append(Message.build(text=text, intent=label.strip(), entities=entities))
    return messages


def bio_to_entities(tokens: List[str], tags: List[str], where: str) -> Tuple[str, List[Dict]]:
    """Join ``tokens`` with single spaces and turn their BIO tags into entity spans.

    An ``I-`` tag that does not continue an entity of the same type starts a new one, as
    the CoNLL evaluation script reads it.
    """
    if len(tokens) != len(tags):
        raise ValueError(f"{where}: {len(tags)} tags for {len(tokens)} tokens")

    text = " ".join(tokens)
    entities: List[Dict] = []
    offset = 0
    for token, tag in zip(tokens, tags):
        start, end = offset, offset + len(token)
        offset = end + 1

        if tag == "O":
            continue
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or not label:
            raise ValueError(f"{where}: invalid BIO tag {tag!r}")
        continues = prefix == "I" and entities and entities[-1]["entity"] == label and entities[-1]["end"] == start - 1
        if continues:
            entities[-1]["end"] = end
        else:
            entities.append({"start": start, "end": end, "entity": label})

    for entity in entities:
        entity["value"] = text[entity["start"] : entity["end"]]
    return text, entities


def _limited(dataset: Dataset, limit: Optional[int]) -> Dataset:
    """Keep about ``limit`` evenly spaced training examples and half as many held-out ones.

    Even spacing keeps several intents in the training part, which DIET needs.
    """
    if limit is None:
        return dataset

    training = TrainingData(training_examples=_evenly_spaced(dataset.training.intent_examples, limit))
    held_out = _evenly_spaced(dataset.held_out, limit // 2)
    return Dataset(dataset.name, training, held_out, dataset.annotated_types)


def _evenly_spaced(examples: List[Message], limit: int) -> List[Message]:
    step = max(1, len(examples) // limit)
    return examples[::step][:limit]
