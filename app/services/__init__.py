"""Use cases the interface and the command line call: one function per user
intent. Transactions and audit entries happen here, so callers never have to
remember them."""
