import sys

from kwhcore.cli import main

sys.exit(main())
