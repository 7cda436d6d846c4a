"""Build benchmarks and the synthetic content they use."""
