"""Integration tests: real `kefu serve` processes on loopback, on SQLite, PostgreSQL and MariaDB."""
