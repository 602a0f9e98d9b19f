"""The pipeline's stages, in order: each turns the article record (or the set of them) into the next."""
