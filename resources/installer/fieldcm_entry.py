"""Entry script of the PyInstaller bundle (``build_installer.spec``): the desktop app."""

import sys

from fieldcm.app import main

if __name__ == "__main__":
    sys.exit(main())
