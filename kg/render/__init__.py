"""The interactive page graph.html (page.py with page.html, page.css, page.js) and headless chromium (browser.py)."""
