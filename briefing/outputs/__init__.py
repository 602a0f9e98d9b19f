"""What a build leaves behind: the MkDocs sites, the PDF, the offline bundle, the build report."""
