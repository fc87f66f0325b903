import sys

from youthcity.cli import main

sys.exit(main())
