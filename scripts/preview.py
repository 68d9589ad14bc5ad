"""Live preview of one municipality's HTML report: `make preview KOMMUNE=657`,
or `.venv/bin/python scripts/preview.py 657` in the project folder.

See budgetmaal.running.preview.
"""

import sys
from pathlib import Path

# The preview leaves no file behind, not even compiled modules.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from budgetmaal.running.preview import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
