"""The projector's screen of a class question: join link, code and QR, the answers live."""

from gradviz import app
from gradviz.app import classroom

app.ensure_frame(__file__)  # a link to this page just after a server start

classroom.projector()
