from search.web import create_app

app = create_app()
