"""Security rules as plain Python: passphrase strength, unlock throttling."""
