"""Put a blank line between .po entries that a union merge glued together.

Parallel branches append entries at the end of django.po; git's union merge keeps both sides
but not always the blank line between them. An entry starts at a comment, msgctxt or msgid
line that follows a msgstr (or its continuation); this inserts the missing blank line there.
"""

import re
import sys
from pathlib import Path

path = Path(sys.argv[1])
lines = path.read_text(encoding="utf-8").splitlines()
out: list[str] = []
in_msgstr = False
for line in lines:
    starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
    if starts_entry and in_msgstr and out and out[-1] != "":
        out.append("")
    if re.match(r"msgstr(\[\d+\])? ", line):
        in_msgstr = True
    elif starts_entry or line == "":
        in_msgstr = False
    out.append(line)
path.write_text("\n".join(out) + "\n", encoding="utf-8")
