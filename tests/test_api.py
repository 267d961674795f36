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

    code = ("import sys, whimbrel, whimbrel.workers; print(*(m in sys.modules for m in "
            "('typer', 'whimbrel.cli', 'datasketch', 'scipy', 'spacy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # the CLI is not the library's; MinHash (with SciPy) and spaCy load only when used, so
    # parse workers and queries start without them
    assert out.stdout.split() == ["False"] * 5


def test_every_cli_command_is_documented_in_the_readme():
    from pathlib import Path

    import typer.main

    from whimbrel.cli import app

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    group = typer.main.get_group(app)
    names = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            names += [f"{name} {sub}" for sub in command.commands]
        else:
            names.append(name)
    missing = [n for n in names if f"whimbrel {n}" not in readme]
    assert not missing, f"commands missing from README: {missing}"


def test_truecasing_keeps_offsets_and_names():
    from whimbrel.analyse import truecase_headings

    known = {"Iran", "Putin", "US", "Russia"}.__contains__
    text = "Iran Seeks Putin's Help Amidst US Aggression, Russia Steps In\nThe Talks Went on today."
    out = truecase_headings(text, known)
    assert len(out) == len(text)
    assert out.split("\n")[0] == "Iran seeks Putin's help amidst US aggression, Russia steps in"
    assert out.split("\n")[1] == "The Talks Went on today."  # a sentence, not a heading
