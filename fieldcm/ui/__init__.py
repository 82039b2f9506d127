"""The desktop app: Qt views over Qt models, with all database and network work in lanes.

Nothing outside this package imports it except the composition root (``fieldcm.app``) and
the command line; the core (domain, services, store, sync) never imports Qt.
"""
