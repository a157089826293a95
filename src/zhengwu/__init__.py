"""zhengwu — the reform systems of Luohu District, Shenzhen."""

__version__ = "0.1.0"
