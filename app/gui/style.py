"""The app's style sheet: calm colours, large targets, clear valid/invalid states."""
from __future__ import annotations

STYLE = """
QWidget#stepList { font-size: 11pt; }
QListWidget#stepList::item { padding: 6px 4px; }
QLabel#pageTitle { font-size: 16pt; font-weight: bold; color: #7a1010; }
QLabel#pageHelp { color: #444; }
QLabel#opening { color: #444; font-size: 13pt; qproperty-alignment: AlignCenter; }
QFrame#banner[state="blocked"] { background: #fdecea; border: 1px solid #e0a39c; border-radius: 4px; }
QFrame#banner[state="ok"] { background: #eaf6ec; border: 1px solid #9ccfa6; border-radius: 4px; }
QFrame#banner[state="locked"] { background: #eef1f6; border: 1px solid #aab4c8; border-radius: 4px; }
QFrame#banner QLabel { padding: 2px; }
QFrame#markCell { background: #ffffff; border: 1px solid #c8c8c8; border-radius: 3px; font-size: 13pt; }
QFrame#markCell[current="true"] { border: 3px solid #1f5fbf; background: #eef4ff; }
QFrame#markCell[mark="yes"] { background: #e6f4e8; }
QFrame#markCell[mark="no"] { background: #fbe9e7; }
QFrame#markCell[mark="unreadable"] { background: #fff4d6; }
QFrame#markCell[current="true"][mark="yes"] { background: #d9eedd; }
QLabel#verdict { font-size: 13pt; padding: 6px; border-radius: 4px; }
QLabel#verdict[state="valid"] { color: #185c26; background: #eaf6ec; }
QLabel#verdict[state="invalid"] { color: #ffffff; background: #b3261e; font-weight: bold; }
QLabel#bigNumber { font-size: 34pt; font-weight: bold; }
QLabel#bigCaption { font-size: 12pt; color: #444; }
QFrame#quorum[met="true"] QLabel#bigNumber { color: #185c26; }
QFrame#quorum[met="false"] QLabel#bigNumber { color: #b3261e; }
QLabel#spoiledFlag { color: #ffffff; background: #b3261e; font-size: 14pt; font-weight: bold; padding: 4px 10px; }
QWidget#projector { background: #101418; }
QWidget#projector QLabel { color: #f5f5f5; }
QWidget#projector QLabel[header="true"] { color: #ffd27a; }
"""
