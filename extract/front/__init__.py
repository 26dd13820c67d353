"""Front matter: decree number, title, dates and signatures around the table."""
