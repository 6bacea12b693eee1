import sys

from complaint_console.cli import main

sys.exit(main())
