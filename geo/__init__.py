"""umbrella.geo"""
