"""The review workspace: an imported draft program corrected beside its source text, its agencies
mapped to units, then published after a checklist (issue 14). Writes in `services.py`, reads in
`selectors.py`, pages in `views.py`; every write is the coordinator's or an administrator's and is
audited before → after."""
