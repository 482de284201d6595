"""finsam-granskning: automated pre-screening of a samordningsförbund's årsredovisning."""

__version__ = "0.1.0"
