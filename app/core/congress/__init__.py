"""The delegate congress: counting stations' kits and partial counts, and the station side."""
