"""news digest: dated, sourced digests of a long-running news story."""

__version__ = "0.1.0"
