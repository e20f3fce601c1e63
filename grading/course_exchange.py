"""nbgrader's exchange, with a collect that refuses submissions made in another learner's name.

In nbgrader's shared-folder exchange a submission is a folder ``inbound/<student>+<assignment>+<time>+…``
and ``nbgrader collect`` takes the newest folder of each student. The inbound folder is writable by
everyone, so any learner can create a folder named for someone else with a later time; nbgrader
checks the folder's Unix owner against the name (``CollectApp.check_owner``) but only logs a warning
and collects it anyway, so the forged notebook replaces the real one and is graded in its place.

``OwnerCheckedCollect`` (``c.ExchangeFactory.collect`` in ``nbgrader_config.py``) collects, for each
student, the newest submission whose folder that student owns, and leaves out (with an error in the
log, naming the owner) every folder owned by another account. On a hub where every server runs as
one shared account (``jovyan`` on Zero to JupyterHub) ownership tells nothing, so folders owned by an
account in ``shared_accounts`` are collected as nbgrader does.
"""

import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect
from traitlets import List, Unicode


class OwnerCheckedCollect(ExchangeCollect):

    shared_accounts = List(
        Unicode(), default_value=["jovyan"],
        help="Accounts that every learner's server runs as: their folders are collected unchecked.",
    ).tag(config=True)

    def _owner(self, record) -> str:
        uid = os.stat(os.path.join(self.inbound_path, record["filename"])).st_uid
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return f"uid {uid}"

    def _trusted(self, record) -> bool:
        owner = self._owner(record)
        return owner == record["username"] or owner in self.shared_accounts

    def _sort_by_timestamp(self, records):
        # nbgrader sorts each student's submissions and takes the first: put the folders the student
        # owns first, newest first among them, and name every other folder in the log.
        for record in records:
            if not self._trusted(record):
                self.log.error("Not collected: %s claims to be submitted by %s but belongs to %s",
                               record["filename"], record["username"], self._owner(record))
        return sorted(records, key=lambda r: (self._trusted(r), r["timestamp"]), reverse=True)

    def init_src(self):
        super().init_src()
        # A student with no submission of their own has none collected.
        self.src_records = [r for r in self.src_records if self._trusted(r)]
