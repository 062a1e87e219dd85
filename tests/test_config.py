"""Settings come from FLNET_* variables with safe development defaults; production refuses unsafe ones."""
from __future__ import annotations

from pathlib import Path

import pytest

from flnet_ui import config


def test_development_defaults_put_an_sqlite_file_in_the_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ('FLNET_ENV', 'FLNET_DATABASE_URL', 'FLNET_DATA_DIR', 'FLNET_PORT', 'FLNET_STORAGE_SECRET'):
        monkeypatch.delenv(name, raising=False)
    settings = config.load()
    assert settings.database_url == 'sqlite://data/flnet.sqlite3'
    assert settings.sqlite_path == Path('data/flnet.sqlite3')
    assert (settings.host, settings.port, settings.language) == ('127.0.0.1', 8080, 'da')
    assert not settings.production


def test_flags_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FLNET_PORT', '9000')
    assert config.load(port=9100).port == 9100
    assert config.load().port == 9000


def test_production_refuses_the_development_storage_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FLNET_ENV', 'production')
    monkeypatch.delenv('FLNET_STORAGE_SECRET', raising=False)
    with pytest.raises(config.ConfigError, match='FLNET_STORAGE_SECRET'):
        config.load()
    monkeypatch.setenv('FLNET_STORAGE_SECRET', 'x' * 48)
    assert config.load().production


@pytest.mark.parametrize(('variable', 'value', 'message'), [
    ('FLNET_PORT', 'eighty', 'FLNET_PORT'),
    ('FLNET_PORT', '70000', 'FLNET_PORT'),
    ('FLNET_ENV', 'staging', 'FLNET_ENV'),
    ('FLNET_LANGUAGE', 'sv', 'FLNET_LANGUAGE'),
    ('FLNET_DATABASE_URL', 'mysql://x', 'FLNET_DATABASE_URL'),
])
def test_bad_values_are_refused_with_the_variable_named(monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
                                                        message: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(config.ConfigError, match=message):
        config.load()


def test_postgres_url_has_no_sqlite_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FLNET_DATABASE_URL', 'postgres://flnet@db:5432/flnet')
    settings = config.load()
    assert not settings.is_sqlite and settings.sqlite_path is None
