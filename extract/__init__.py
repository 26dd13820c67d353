"""rencana.extract"""
