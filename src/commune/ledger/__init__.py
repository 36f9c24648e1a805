"""The Journal officiel's pure core: canonical JSON, the RFC 9162 Merkle tree, proofs,
signed checkpoints and the verifier. Imports no Django.
"""
