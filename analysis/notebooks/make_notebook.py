"""Writes reading-results.ipynb from the notebook section of reading-results.md: every fenced
```python block under "## The notebook" becomes a code cell, every paragraph between them a
markdown cell. The .md is the source; check_notebook.py fails when the .ipynb differs from what
this script makes, so the two cannot drift. Usage: python make_notebook.py
"""
import json
import pathlib
import re

HERE = pathlib.Path(__file__).parent
START = "## The notebook"


def cells_from_markdown(text):
    section = text[text.index(START):]
    cells = []
    for i, part in enumerate(re.split(r"^```python\n(.*?)^```\n", section, flags=re.S | re.M)):
        part = part.strip("\n")
        if not part.strip():
            continue
        kind = "code" if i % 2 == 1 else "markdown"
        cell = {"cell_type": kind, "metadata": {}, "source": part.splitlines(keepends=True)}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    return cells


def notebook():
    return {
        "cells": cells_from_markdown((HERE / "reading-results.md").read_text()),
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 4,
    }


def render():
    return json.dumps(notebook(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    (HERE / "reading-results.ipynb").write_text(render())
    print(HERE / "reading-results.ipynb")
