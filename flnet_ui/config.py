"""One settings object, read from the environment (prefix FLNET_) when asked for, never at import.

Reading at call time matters: the test fixtures point every test at its own database by setting FLNET_DATABASE_URL,
and the app re-reads it when it starts.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEV_STORAGE_SECRET = 'flnet-development-secret-do-not-use-in-production'
LANGUAGES = ('da', 'en')


class ConfigError(Exception):
    """A setting is missing or unsafe; the message is one line meant for the person starting the app."""


# Set by `flnet serve` after it applied the migrations, for the app it then starts in the same process.
MIGRATED_ENV = 'FLNET_MIGRATED_BY_CLI'


@dataclass(frozen=True, kw_only=True)
class Settings:
    env: str
    data_dir: Path
    database_url: str
    host: str
    port: int
    storage_secret: str
    language: str
    # The address people reach the app at, for links in e-mails and calendar feeds (no trailing slash).
    public_url: str

    @property
    def production(self) -> bool:
        return self.env == 'production'

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith('sqlite')

    @property
    def sqlite_path(self) -> Path | None:
        """The database file for an SQLite URL (None for PostgreSQL or an in-memory database)."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split('://', 1)[1].split('?', 1)[0]
        return None if path in {'', ':memory:'} else Path(path)


def load(**overrides: str | int | Path | None) -> Settings:
    """Settings from the environment; keyword overrides (from command-line flags) win when not None."""
    env = {key: value for key, value in overrides.items() if value is not None}
    data_dir = Path(str(env.get('data_dir') or os.environ.get('FLNET_DATA_DIR', 'data'))).expanduser()
    default_db = f'sqlite://{(data_dir / "flnet.sqlite3").as_posix()}'
    port_text = str(env.get('port') or os.environ.get('FLNET_PORT', '8080'))
    host = str(env.get('host') or os.environ.get('FLNET_HOST', '127.0.0.1'))
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f'FLNET_PORT must be a port number from 1 to 65535, not {port_text!r}')
    settings = Settings(
        env=os.environ.get('FLNET_ENV', 'development'),
        data_dir=data_dir,
        database_url=str(env.get('database_url') or os.environ.get('FLNET_DATABASE_URL', default_db)),
        host=host,
        port=int(port_text),
        storage_secret=os.environ.get('FLNET_STORAGE_SECRET', DEV_STORAGE_SECRET),
        language=os.environ.get('FLNET_LANGUAGE', 'da'),
        public_url=(os.environ.get('FLNET_PUBLIC_URL', '').strip() or f'http://{host}:{port_text}').rstrip('/'),
    )
    _check(settings)
    return settings


def _check(settings: Settings) -> None:
    if settings.env not in {'development', 'production'}:
        raise ConfigError(f'FLNET_ENV must be "development" or "production", not {settings.env!r}')
    if settings.language not in LANGUAGES:
        raise ConfigError(f'FLNET_LANGUAGE must be one of {", ".join(LANGUAGES)}, not {settings.language!r}')
    if not settings.database_url.startswith(('sqlite://', 'postgres://', 'postgresql://', 'psycopg://')):
        raise ConfigError(f'FLNET_DATABASE_URL must start with sqlite:// or postgres://, not {settings.database_url!r}')
    if not settings.public_url.startswith(('http://', 'https://')):
        raise ConfigError(f'FLNET_PUBLIC_URL must start with http:// or https://, not {settings.public_url!r}')
    if settings.production and (settings.storage_secret == DEV_STORAGE_SECRET or len(settings.storage_secret) < 32):
        raise ConfigError('In production FLNET_STORAGE_SECRET must be set to a random value of at least 32 characters '
                          '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))")')
