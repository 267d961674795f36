import whimbrel


def test_public_api_is_pinned_and_sorted():
    assert whimbrel.__all__ == sorted(whimbrel.__all__)
    assert set(whimbrel.__all__) == {
        "Article", "CleanedText", "CleaningAction", "IngestOptions", "IngestSummary",
        "InputError", "ModelError", "ParsedArticle", "RawDocument", "RejectedInput", "Rejection",
        "Sentence", "Store", "StoreError", "StoreLockedError", "WhimbrelError", "clean", "ingest",
        "read_inputs", "recode",
    }
    for name in whimbrel.__all__:
        assert getattr(whimbrel, name) is not None


def test_core_does_not_import_the_cli():
    import subprocess
    import sys

    code = "import sys, whimbrel; print('typer' in sys.modules, 'whimbrel.cli' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
