"""The DOCX writer: Markdown blocks to WordprocessingML, styled by a reference DOCX."""
