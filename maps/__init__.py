"""umbrella.maps"""
