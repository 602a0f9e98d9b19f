"""Writing systems by their characters: one definition of what counts as Han, kana, Hangul and CJK.

The strings are regex character-class bodies (no brackets), to be combined inside `[...]`;
the compiled patterns are the common single-character tests.

- CJK: Han ideographs and kana, the scripts written without spaces between words (Chinese,
  Japanese): text in them is tokenised by characters, not by spaces.
- Hangul is apart: Korean puts spaces between words, but it is matched inside words (particles
  are glued to them) and shares the wide-character typography of CJK.
"""

from __future__ import annotations

import re

HIRAGANA = "\u3041-\u309f"
KATAKANA = "\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d"
"""Katakana with the long-vowel mark, the phonetic extensions and the half-width forms."""
KANA = HIRAGANA + KATAKANA + "\u30fb"
"""Hiragana and katakana, with the katakana middle dot that joins foreign names."""
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
"""Han ideographs: extension A, the unified block, compatibility ideographs, the supplementary planes."""
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
"""Hangul syllables, jamo and compatibility jamo."""
CJK = HAN + KANA
CJK_OR_HANGUL = CJK + HANGUL

CJK_CHAR = re.compile(f"[{CJK}]")
HANGUL_CHAR = re.compile(f"[{HANGUL}]")
CJK_OR_HANGUL_CHAR = re.compile(f"[{CJK_OR_HANGUL}]")
