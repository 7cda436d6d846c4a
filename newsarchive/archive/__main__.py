import sys

from .make_archive import main

sys.exit(main())
