"""A stand-in for PyNN, for testing the scripts snn export writes without
NEURON: pyNN.neuron records what the script asks for (see neuron.py)."""
