"""`vroegsignaal run`: a summary at the end, clear errors for bad input."""

from typer.testing import CliRunner

from pipelines.cli import app


def test_run_through_a_month_prints_the_summary(fresh_town, monkeypatch):
    monkeypatch.setenv("VROEGSIGNAAL_TAAL", "en")
    result = CliRunner().invoke(app, ["--data", str(fresh_town.root), "--through", "2024-02"])
    assert result.exit_code == 0, result.output
    assert "2 months (2024-01 to 2024-02)" in result.output
    assert "1 rejected" in result.output and "linkage 77.8%" in result.output
    assert (fresh_town.dagster_home / "dagster.yaml").exists()
    assert fresh_town.serving.exists()


def test_bad_month_and_empty_folder_are_refused_in_dutch(tmp_path, monkeypatch):
    monkeypatch.delenv("VROEGSIGNAAL_TAAL", raising=False)
    result = CliRunner().invoke(app, ["--data", str(tmp_path), "--through", "2024-13"])
    assert result.exit_code == 2
    assert "--through moet een maand zijn" in result.output
    result = CliRunner().invoke(app, ["--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "Geen aanleveringen gevonden" in result.output
