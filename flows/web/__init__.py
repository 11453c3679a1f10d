"""The research office's desk: a local web application on the results store (``exportscreen serve``)."""
