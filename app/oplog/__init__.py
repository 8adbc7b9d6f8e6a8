"""The store as a signed, mergeable log of operations (operatie-log).

Pure Python: no SQL, no Qt. ``operation`` holds what one change is and how
it is signed, ``hlc`` the hybrid logical clock that orders changes across
devices, ``merge`` the rules that make two stores that saw the same
operations end up the same, whatever the order (``../shared/TEAM.md``).
"""
