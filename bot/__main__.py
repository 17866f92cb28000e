"""Until the bot lands: a short demo of the knowledge CLI."""

import datetime as dt
import sys

from knowledge.cli import main

for argv in (["locate", "st omer"], ["suggest", "un jardin partagé au pied des immeubles"]):
    print("$ python -m knowledge", " ".join(argv))
    main(argv, today=dt.date.today())
sys.exit(0)
