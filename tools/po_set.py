"""Set translations in a catalogue from a JSON file of {msgid: msgstr}: `python tools/po_set.py zh FILE`.

Used to add Chinese for newly extracted strings; reports msgids still untranslated afterwards."""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

lang, src = sys.argv[1], sys.argv[2]
po = Path(__file__).resolve().parent.parent / "translations" / lang / "LC_MESSAGES" / "messages.po"
with open(po, "rb") as fh:
    cat = read_po(fh)
new = json.loads(Path(src).read_text(encoding="utf-8"))
for m in cat:
    if m.id in new:
        m.string = new[m.id]
        m.flags.discard("fuzzy")
with open(po, "wb") as fh:
    write_po(fh, cat, sort_output=True, include_previous=False)
missing = [m.id for m in cat if m.id and not m.string]
print(f"{po}: {len(missing)} untranslated")
for mid in missing:
    print("  ", json.dumps(mid, ensure_ascii=False))
