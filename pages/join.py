"""A student's page of a class question (made for a phone): the question, one answer."""

from gradviz import app
from gradviz.app import classroom

app.ensure_frame(__file__)  # a link to this page just after a server start

classroom.join()
