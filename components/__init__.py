"""Building blocks of the sister-cities dashboard.

Modules without a Streamlit import (outcomes, schema, loader, filters) hold the logic and are
unit-tested directly; frame.py and the pages only arrange them.
"""
