"""The team (team): keys, envelopes and the sync over NATS JetStream (issue 20).

Pure Python and ``cryptography``, no store and no Qt: ``app.store.team`` keeps
the keys and envelopes, ``app.services.team`` joins the two, and the
operation log (issue 19) fills the ``OperationLog`` protocol of
``app.team.model``. Design and what the server learns: ``TEAM.md``.
"""
