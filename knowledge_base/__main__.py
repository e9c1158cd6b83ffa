"""Command line for staff: ``python -m knowledge_base check|import FOLDER``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from knowledge_base.articles import InvalidArticle
from knowledge_base.staff_import import check_folder, import_folder
from servicedesk.config import load_settings


def main() -> None:
    """Check a folder of articles, or import it into the live knowledge base."""
    parser = argparse.ArgumentParser(prog="python -m knowledge_base", description=__doc__)
    parser.add_argument("command", choices=["check", "import"], help="check: validate only; import: validate and copy")
    parser.add_argument("folder", type=Path, help="folder of article files (*.yml)")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    try:
        if arguments.command == "check":
            articles = check_folder(arguments.folder)
            print(f"{len(articles)} articles are valid")
        else:
            target = load_settings().knowledge_base_dir
            articles = import_folder(arguments.folder, target)
            print(f"Imported {len(articles)} articles into {target}; the search uses them from the next question")
    except InvalidArticle as error:
        sys.exit(f"Invalid article, nothing imported: {error}")


if __name__ == "__main__":
    main()
