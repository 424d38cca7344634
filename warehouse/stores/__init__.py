"""Stores: the reads and writes of one concept each (signals, audit log), so no SQL lives in
``kwhcore/`` or ``pages/``."""
