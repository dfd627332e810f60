from graphdhr.cli import app

app()
