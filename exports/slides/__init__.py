"""The slide deck (kg export pptx): what it shows as data (model) and the PowerPoint writer (pptx)."""
