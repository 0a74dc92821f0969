"""newskg: a knowledge-graph builder for Chinese government and science news."""

__version__ = "0.1.0"
