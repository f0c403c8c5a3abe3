"""The index folder on disk: generations, their manifests, publication and the build lock."""
