"""Benchmarks of the service desk: NLU quality and speed, the ClinicSlot race, conversation load.

Each benchmark is one command that writes a JSON result under ``results/benchmarks/``;
``python -m benchmarks.report`` renders those results into ``docs/benchmarks.md``:

    python -m benchmarks.nlu_quality [--dataset DATASET_DIR] [--smoke]
    python -m benchmarks.slot_race [--smoke]
    python -m benchmarks.conversation_load [--smoke]
    python -m benchmarks.report

``--smoke`` runs a tiny version in seconds; the tests run it so the code cannot rot.
"""
