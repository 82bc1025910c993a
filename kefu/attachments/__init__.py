"""Uploaded files: what they really are (inspect), where their bytes live (store), and the
signed links that let a browser fetch them (links). The use cases are in chat/attachments."""
