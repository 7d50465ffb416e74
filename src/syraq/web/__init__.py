"""The analyst's desk: the web page (``static/``), its vendored npm files and the HTML report."""
