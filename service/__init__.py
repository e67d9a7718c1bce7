"""umbrella.service"""
