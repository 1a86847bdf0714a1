"""The organisation profile: storage, checks, project file, defaults in wizard and batch."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import build_file_tree
from sharewiz.cli.app import app
from sharewiz.cli.profile import resolve_settings
from sharewiz.errors import FileFormatError
from sharewiz.model.profile import (
    SETTINGS,
    find_project_file,
    load_profile,
    read_profile_file,
    set_value,
    user_profile_path,
)
from sharewiz.model.settings import fill_defaults, offer_defaults
from sharewiz.sets.build import load_kind

runner = CliRunner()


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


def test_the_profile_lives_in_sharewiz_home() -> None:
    assert user_profile_path() == Path(os.environ["SHAREWIZ_HOME"]) / "profile.toml"
    result = runner.invoke(app, ["profile", "path"])
    assert result.exit_code == 0
    assert f"user profile: {user_profile_path()} (not created yet)" in flat(result.output)


def test_set_then_show(tmp_path: Path) -> None:
    for key, value in [
        ("name", "Northshire County Council"),
        ("email", "ig@northshire.example.gov.uk"),
        ("ico_registration", "ZA123456"),
        ("address", "County Hall\\nNorthtown NT1 1AA"),
        ("public_authority", "yes"),
    ]:
        result = runner.invoke(app, ["profile", "set", key, value])
        assert result.exit_code == 0, result.output
    assert load_profile().values == {
        "name": "Northshire County Council",
        "email": "ig@northshire.example.gov.uk",
        "ico_registration": "ZA123456",
        "address": "County Hall\nNorthtown NT1 1AA",
        "public_authority": True,
    }
    shown = runner.invoke(app, ["profile", "show"])
    assert shown.exit_code == 0
    assert "Northshire County Council" in shown.output and "controller_name" in shown.output
    # every key stands apart from its value, the longest too (public_authority_exception)
    rows = [line.split() for line in shown.output.splitlines() if not line.startswith("#")]
    assert {row[0] for row in rows} <= {s.key for s in SETTINGS}, rows
    as_json = runner.invoke(app, ["profile", "show", "--json"])
    assert '"ico_registration": "ZA123456"' in as_json.output
    assert runner.invoke(app, ["profile", "unset", "ico_registration"]).exit_code == 0
    assert "ico_registration" not in load_profile().values


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("email", "not-an-email", "email: 'not-an-email' is not an email address"),
        ("dpo_email", "dpo@", "dpo_email: 'dpo@' is not an email address"),
        ("website", "www.example.org", "website: 'www.example.org' is not a web address"),
        (
            "ico_registration",
            "12345",
            "ico_registration: '12345' is not an ICO registration number",
        ),
        ("reference_docx", "missing.docx", "reference_docx: reference DOCX"),
        ("template_dirs", "no/such/folder", "template_dirs: folder 'no/such/folder' not found"),
        ("name", "   ", "name: must be non-empty text"),
        ("public_authority", "maybe", "public_authority: 'maybe' is not yes or no"),
        ("nmae", "x", "unknown profile key 'nmae'"),
    ],
)
def test_bad_values_are_refused_naming_the_file(key: str, value: str, message: str) -> None:
    result = runner.invoke(app, ["profile", "set", key, value])
    assert result.exit_code == 1
    assert str(user_profile_path()) in flat(result.output)
    assert message in flat(result.output)
    assert not user_profile_path().exists()


def test_unknown_key_suggests_the_right_one() -> None:
    result = runner.invoke(app, ["profile", "set", "nmae", "x"])
    assert "hint: did you mean 'name'?" in flat(result.output)


def test_a_reference_docx_that_is_not_word_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "brand.docx"
    fake.write_text("not a zip", encoding="utf-8")
    result = runner.invoke(app, ["profile", "set", "reference_docx", str(fake)])
    assert result.exit_code == 1
    assert "is not a .docx file (it is not a zip archive)" in flat(result.output)


def test_a_real_reference_docx_is_kept_absolute(repo_root: Path) -> None:
    path, stored = set_value("reference_docx", str(repo_root / "templates/reference.docx"))
    assert stored == str((repo_root / "templates/reference.docx").resolve())
    assert resolve_settings([], None).reference_docx == Path(stored)
    assert resolve_settings([], Path("cli.docx")).reference_docx == Path("cli.docx")


def test_bad_toml_names_file_and_line() -> None:
    path = user_profile_path()
    path.parent.mkdir(parents=True)
    path.write_text('name = "A"\nemail = oops\n', encoding="utf-8")
    with pytest.raises(FileFormatError, match=rf"^{path}:2: not valid TOML"):
        load_profile()


def test_bad_value_in_a_file_names_its_line() -> None:
    path = user_profile_path()
    path.parent.mkdir(parents=True)
    path.write_text('name = "A"\n\nwebsite = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(
        FileFormatError, match=rf"^{path}:3: website: 'ftp://x' is not a web address"
    ):
        read_profile_file(path)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("name", 'The "Best" Trust \\ Co'),
        ("name", "Tab\tand 'single' quotes, \\n not a newline"),
        ("address", "1 High St\rTown"),
        ("address", "Line 1\r\nLine 2\nLine 3"),
        ("address", 'A "quoted" line\n\\server\\share'),
    ],
)
def test_any_text_round_trips_and_every_command_still_works(key: str, text: str) -> None:
    result = runner.invoke(app, ["profile", "set", key, text])
    assert result.exit_code == 0, result.output
    assert read_profile_file(user_profile_path())[key] == text
    assert runner.invoke(app, ["profile", "show"]).exit_code == 0
    assert runner.invoke(app, ["list"]).exit_code == 0
    result = runner.invoke(app, ["profile", "unset", key])
    assert result.exit_code == 0, result.output
    assert key not in read_profile_file(user_profile_path())


def test_set_and_unset_keep_a_hand_edited_profile_s_comments() -> None:
    path = user_profile_path()
    path.parent.mkdir(parents=True)
    path.write_text(
        "# Northshire's profile, kept by the IG team\n"
        'name = "Northshire County Council"  # as registered with the ICO\n'
        "\n"
        "# ask Sam before changing\n"
        'email = "ig@northshire.example.gov.uk"\n',
        encoding="utf-8",
    )
    assert (
        runner.invoke(app, ["profile", "set", "email", "dpo@northshire.example.gov.uk"]).exit_code
        == 0
    )
    assert runner.invoke(app, ["profile", "set", "phone", "01632 960000"]).exit_code == 0
    assert runner.invoke(app, ["profile", "unset", "phone"]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# Northshire's profile, kept by the IG team\n"
        'name = "Northshire County Council"  # as registered with the ICO\n'
        "\n"
        "# ask Sam before changing\n"
        'email = "dpo@northshire.example.gov.uk"\n'
    )
    assert "phone" not in text


def test_project_file_overrides_user_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_value("name", "Northshire County Council")
    set_value("email", "ig@northshire.example.gov.uk")
    project = build_file_tree(
        tmp_path / "partnership",
        {"sharewiz.toml": 'name = "Northshire Safeguarding Partnership"\n', "deep/er/.keep": ""},
    )
    monkeypatch.chdir(project / "deep" / "er")
    assert find_project_file() == project / "sharewiz.toml"
    profile = load_profile()
    assert profile.values["name"] == "Northshire Safeguarding Partnership"
    assert profile.values["email"] == "ig@northshire.example.gov.uk"
    assert profile.sources["name"] == project / "sharewiz.toml"
    result = runner.invoke(app, ["profile", "set", "--project", "siro", "Director of Resources"])
    assert result.exit_code == 0, result.output
    assert 'siro = "Director of Resources"' in (project / "sharewiz.toml").read_text()


def test_project_template_dirs_are_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = build_file_tree(
        tmp_path / "p",
        {"sharewiz.toml": 'template_dirs = ["house"]\n', "house/templates/.keep": ""},
    )
    monkeypatch.chdir(tmp_path)
    assert find_project_file() is None
    monkeypatch.chdir(project)
    assert load_profile().template_dirs == [(project / "house").resolve()]


def test_profile_values_are_offered_as_defaults() -> None:
    tree = load_kind("privacy-notice")
    offered = offer_defaults(
        tree, {"controller_name": "Northshire", "dpo_name": "Jane Smith", "ico_registration": "bad"}
    )
    assert offered.question("controller_name").default == "Northshire"
    assert offered.question("dpo_name").default == "Jane Smith"  # replaces the tree's default
    assert offered.question("ico_registration").default is None  # does not fit: not offered
    assert tree.question("dpo_name").default == "Data Protection Officer"


def test_defaults_lie_beneath_answers_and_only_where_they_apply() -> None:
    tree = load_kind("privacy-notice")
    defaults = {"controller_name": "Profile Council", "dpo_email": "dpo@profile.example.org"}
    filled = fill_defaults(
        tree, {"controller_name": "Answered Council", "has_dpo": False}, defaults
    )
    assert filled["controller_name"] == "Answered Council"
    assert "dpo_email" not in filled  # has_dpo is no: the question does not apply
    filled = fill_defaults(tree, {"has_dpo": True}, defaults)
    assert filled["dpo_email"] == "dpo@profile.example.org"


def test_batch_render_uses_and_records_the_profile(tmp_path: Path, repo_root: Path) -> None:
    example = (repo_root / "examples/privacy-notice-council-adult-social-care.yaml").read_text()
    kept = [
        line
        for line in example.splitlines()
        if not line.startswith(("  controller_name:", "  ico_registration:"))
    ]
    answers = tmp_path / "notice.yaml"
    answers.write_text("\n".join(kept) + "\n", encoding="utf-8")
    set_value("name", "Profile County Council")
    set_value("ico_registration", "ZB765432")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(answers), "-f", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "privacy-notice.md").read_text(encoding="utf-8")
    assert "Profile County Council" in text and "ZB765432" in text
    saved = (out / "answers.yaml").read_text(encoding="utf-8")
    assert "controller_name: Profile County Council" in saved
    assert "ico_registration: ZB765432" in saved
    # reproducible without the profile
    user_profile_path().unlink()
    again = runner.invoke(app, ["render", str(out / "answers.yaml"), "-f", "md", "-o", str(tmp_path / "again"), "--force"])  # fmt: skip
    assert again.exit_code == 0, again.output
    assert (tmp_path / "again" / "privacy-notice.md").read_text(encoding="utf-8") == text


def test_answers_file_wins_over_the_profile(tmp_path: Path, repo_root: Path) -> None:
    set_value("name", "Profile County Council")
    out = tmp_path / "out"
    example = repo_root / "examples/privacy-notice-council-adult-social-care.yaml"
    result = runner.invoke(app, ["render", str(example), "-f", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Profile County Council" not in (out / "privacy-notice.md").read_text(encoding="utf-8")


def test_edit_opens_the_editor_and_checks_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\nopen(sys.argv[1], 'a').write('email = \"bad\"\\n')\n", encoding="utf-8"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    result = runner.invoke(app, ["profile", "edit"])
    assert result.exit_code == 1
    assert "email: 'bad' is not an email address" in flat(result.output)
    assert "# name = " in user_profile_path().read_text(encoding="utf-8")


def test_the_wizard_is_offered_the_profile_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo_root: Path
) -> None:
    import sharewiz.cli.documents as commands

    set_value("name", "Profile County Council")
    set_value("reference_docx", str(repo_root / "templates/reference.docx"))
    seen: dict[str, object] = {}

    def fake_wizard(tree, answers, out_dir, formats, **options):  # type: ignore[no-untyped-def]
        seen["default"] = tree.question("controller_name").default
        seen["reference"] = options["settings"].reference_docx
        return 0

    monkeypatch.setattr(commands, "_wizard", fake_wizard)
    monkeypatch.setenv("SHAREWIZ_FORCE_TTY", "1")
    result = runner.invoke(app, ["new", "privacy-notice", "--out", str(tmp_path / "set")])
    assert result.exit_code == 0, result.output
    assert seen == {
        "default": "Profile County Council",
        "reference": (repo_root / "templates/reference.docx").resolve(),
    }


def test_the_public_authority_exception_is_kept_with_its_reason(tmp_path: Path) -> None:
    # the profile kept "an exception to its kind" but not why, and an exception counts only
    # with its reason: every new set asked for it again, and a render from answers that
    # left both to the profile counted the charity as not public and reported the reason
    # missing
    for key, value in [
        ("organisation_type", "charity"),
        ("public_authority_exception", "yes"),
        ("public_authority_reason", "Designated under FOIA 2000 s5 for its contracted services"),
    ]:
        result = runner.invoke(app, ["profile", "set", key, value])
        assert result.exit_code == 0, result.output
    tree = load_kind("privacy-notice")
    offered = offer_defaults(tree, load_profile().answer_defaults())
    assert offered.question("public_authority_reason").default == (
        "Designated under FOIA 2000 s5 for its contracted services"
    )
    filled = fill_defaults(tree, {"controller_type": "charity"}, load_profile().answer_defaults())
    assert filled["public_authority_override"] is True
    assert filled["public_authority_reason"].startswith("Designated under FOIA 2000 s5")
