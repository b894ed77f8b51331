"""What the ways of posting letters are called: as a choice, and within a sentence."""

from flask_babel import lazy_gettext as _l

from eventsite.tallies.models import PostingMethod

POSTING_CHOICES = {
    PostingMethod.POST: _l("By post"),
    PostingMethod.ELECTRONIC: _l("Through the prison service's electronic letters"),
}
# "Posted on 3 March (by post)", "… on 3 March, as electronic letters."
POSTED_HOW = {
    PostingMethod.POST: _l("by post"),
    PostingMethod.ELECTRONIC: _l("as electronic letters"),
}
