"""The knowledge base, derived legal facts, rules as data, the one Finding type, and explain."""
