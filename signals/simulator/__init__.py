"""A simulated municipality: deliveries per the signal contract, ground truth, planted bias and
delivery faults. See docs/simulator.md."""

from signals.simulator._bias import BiasError, parse_bias
from signals.simulator._simulate import SimulationError, simulate

__all__ = ["BiasError", "SimulationError", "parse_bias", "simulate"]
