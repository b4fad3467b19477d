"""One module per capability, each registering its seeding step and measured pages; all are imported by discovery."""
