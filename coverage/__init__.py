"""umbrella.coverage"""
