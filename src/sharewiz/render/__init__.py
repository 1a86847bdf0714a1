"""Templates and their context, the Markdown block model, and the writers (DOCX, HTML, diagrams)."""
