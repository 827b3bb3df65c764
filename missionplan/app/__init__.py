"""What the commands do, as functions: data in, data and an exit status out."""
