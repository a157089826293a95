"""双随机 file formats, pure: the exported object and inspector lists (`lists`)."""
