"""umbrella.layers"""
