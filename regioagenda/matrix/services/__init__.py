"""Split by topic: rounds, indicators (with indicator_input for one value and indicator_import
for reading an import file), overview (matrix page)."""
