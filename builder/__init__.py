"""The program builder: Django project package and the program-builder context."""
