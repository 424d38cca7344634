"""A worker process of the privacy gate: decides the lattices it is sent (warehouse/privacy.py).

Reads a pickle of (work, min_n) from stdin and writes the pickled suppression rows to stdout;
it touches no database, so it can run beside a serving app.
"""

import pickle
import sys

from warehouse.privacy import _decide_many

if __name__ == "__main__":
    work, min_n = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(_decide_many(work, min_n)))
