"""Reading dataset folders in the train|dev|test/seq.in, seq.out, label layout."""

import pytest

from benchmarks.nlu.datasets import bio_to_entities, folder_dataset, our_dataset


def write_part(folder, lines):
    folder.mkdir(parents=True)
    (folder / "seq.in").write_text("".join(f"{text}\n" for text, _, _ in lines), encoding="utf-8")
    (folder / "seq.out").write_text("".join(f"{tags}\n" for _, tags, _ in lines), encoding="utf-8")
    (folder / "label").write_text("".join(f"{label}\n" for _, _, label in lines), encoding="utf-8")


def test_bio_tags_become_character_spans():
    text, entities = bio_to_entities(["مرا", "جمعه", "ساعت", "نه", "بیدار", "کن"], ["O", "B-date", "B-time", "I-time", "O", "O"], "line 1")
    assert text == "مرا جمعه ساعت نه بیدار کن"
    assert entities == [
        {"start": 4, "end": 8, "entity": "date", "value": "جمعه"},
        {"start": 9, "end": 16, "entity": "time", "value": "ساعت نه"},
    ]


def test_inside_tag_without_begin_starts_an_entity():
    _, entities = bio_to_entities(["a", "b"], ["I-place", "I-time"], "line 1")
    assert [entity["entity"] for entity in entities] == ["place", "time"]


def test_tag_count_must_match_tokens():
    with pytest.raises(ValueError, match="2 tags for 3 tokens"):
        bio_to_entities(["a", "b", "c"], ["O", "O"], "line 1")


def test_invalid_tag_is_rejected():
    with pytest.raises(ValueError, match="invalid BIO tag"):
        bio_to_entities(["a"], ["X-date"], "line 1")


def test_folder_dataset_reads_train_and_test(tmp_path):
    write_part(tmp_path / "train", [("بیدارم کن", "O O", "alarm_set"), ("چراغ را خاموش کن", "B-device O O O", "iot_off")])
    write_part(tmp_path / "test", [("فردا بیدارم کن", "B-date O O", "alarm_set")])

    dataset = folder_dataset(tmp_path)

    assert len(dataset.training.intent_examples) == 2
    [example] = dataset.held_out
    assert example.get("intent") == "alarm_set"
    assert example.get("entities") == [{"start": 0, "end": 4, "entity": "date", "value": "فردا"}]
    assert dataset.annotated_types == {"date", "device"}


def test_missing_file_names_the_part(tmp_path):
    (tmp_path / "train").mkdir()
    with pytest.raises(FileNotFoundError, match="seq.in"):
        folder_dataset(tmp_path)


def test_our_split_keeps_a_fifth_held_out():
    dataset = our_dataset()
    held_out = len(dataset.held_out)
    training = len(dataset.training.intent_examples)
    assert 0.18 < held_out / (held_out + training) < 0.22
    assert {"clinic_topic", "mobile"} <= dataset.annotated_types
