"""The nats-server configuration for one team (``veiligwijzer team server-config``).

One account for the team (JetStream lives per account), one user per
device in it. A device may publish only on its own two subjects and on the
JetStream API calls that read its team's stream; it may receive only on its
own reply prefix (``sync.inbox_prefix``), so it never sees another device's
traffic except through the stream, which holds only ciphertext. Admins may
also create the stream. JetStream is switched on by a ``jetstream {}`` block:
the ``-js`` flag is dropped by a config reload on older servers.

Passwords are derived from the team's server secret (kept only in the store
that made the team), so the config and each welcome file agree without a
list of passwords anywhere but on the server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from app.team.model import Member, Role
from app.team.sync import inbox_prefix, stream_name, subject

MAIN = "veiligwijzer.conf"
ACCOUNTS = "accounts.conf"
CLUSTER = ("cluster-node-1.conf", "cluster-node-2.conf", "cluster-node-3.conf")


def device_password(secret: bytes, device: str) -> str:
    digest = hmac.new(secret, b"veiligwijzer/server-password/v1\0" + device.encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid quoted string in the NATS config


def permissions(team: str, member: Member) -> dict[str, list[str]]:
    stream = stream_name(team)
    api = "$JS.API"
    publish = [
        subject(team, "ops", member.device), subject(team, "keys", member.device),
        f"{api}.STREAM.INFO.{stream}",
        f"{api}.CONSUMER.CREATE.{stream}", f"{api}.CONSUMER.CREATE.{stream}.>",
        f"{api}.CONSUMER.DELETE.{stream}.>", f"{api}.CONSUMER.INFO.{stream}.>",
        f"$JS.FC.{stream}.>",
    ]
    if member.role is Role.ADMIN:
        publish += [f"{api}.STREAM.CREATE.{stream}", f"{api}.STREAM.UPDATE.{stream}"]
    return {"publish": publish, "subscribe": [f"{inbox_prefix(member.device)}.>"]}


def accounts_conf(team: str, members: list[Member], secret: bytes) -> str:
    users = []
    for m in sorted(members, key=lambda m: m.device):
        perms = permissions(team, m)
        users.append(
            f"      {{ user: {_q(m.device)}, password: {_q(device_password(secret, m.device))},\n"
            f"        permissions: {{\n"
            f"          publish: {{ allow: [{', '.join(_q(s) for s in perms['publish'])}] }},\n"
            f"          subscribe: {{ allow: [{', '.join(_q(s) for s in perms['subscribe'])}] }}"
            f"\n        }} }}")
    return (f"# Veiligwijzer team {team}: one user per device. Written by\n"
            f"# 'veiligwijzer team server-config'; write it again after admitting or\n"
            f"# removing a device, then reload the server (nats-server --signal reload).\n"
            f"accounts {{\n  {_q('VW-' + team)}: {{\n    jetstream: enabled\n    users: [\n"
            + ",\n".join(users) + "\n    ]\n  }\n}\n")


def main_conf(data_dir: str, listen: str = "0.0.0.0:4222") -> str:
    return (f"# One nats-server for a small team. Use TLS in front of it (or its\n"
            f"# tls {{}} block) when devices connect over the internet.\n"
            f"listen: {_q(listen)}\n"
            f"jetstream {{\n  store_dir: {_q(data_dir)}\n  sync_interval: always\n}}\n"
            f"include {ACCOUNTS}\n")


def cluster_conf(node: int, data_dir: str, hosts: tuple[str, str, str]) -> str:
    routes = ", ".join(_q(f"nats-route://{h}:6222") for h in hosts)
    return (f"# Node {node} of a 3-node cluster. The team's stream is kept on all three\n"
            f"# when the lead's first sync says so: veiligwijzer sync --replicas 3.\n"
            f"server_name: {_q(f'vw-{node}')}\nlisten: \"0.0.0.0:4222\"\n"
            f"jetstream {{\n  store_dir: {_q(f'{data_dir}/node-{node}')}\n}}\n"
            f"cluster {{\n  name: \"veiligwijzer\"\n  listen: \"0.0.0.0:6222\"\n"
            f"  routes: [{routes}]\n}}\ninclude {ACCOUNTS}\n")


def files(team: str, members: list[Member], secret: bytes, data_dir: str = "./jetstream",
          hosts: tuple[str, str, str] = ("nats-1", "nats-2", "nats-3")) -> dict[str, str]:
    """File name → text, for one server and the 3-node cluster example."""
    out = {ACCOUNTS: accounts_conf(team, members, secret), MAIN: main_conf(data_dir)}
    for node, name in enumerate(CLUSTER, start=1):
        out[name] = cluster_conf(node, data_dir, hosts)
    return out
